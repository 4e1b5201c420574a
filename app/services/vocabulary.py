"""The words every client shows, built from the registries; served at GET /api/v1/vocabulary.

Each registry contributes one section (a dict of top-level keys); nothing here keeps a label itself.
"""
from __future__ import annotations

import hashlib
import json

from flask import current_app

from workflow import flags
from workflow.states import Action, TripStatus


def _trip_section() -> dict:
    return {
        # Interim: codes only; the trip registry (issue 14) adds labels, tones and paths.
        "trip_statuses": {s.value: {} for s in TripStatus},
        "trip_actions": {a.value: {} for a in Action},
    }


def _flag_section() -> dict:
    # The threshold a deployment set (LOW_CONFIDENCE_THRESHOLD), so the phone marks what the server flags.
    return flags.vocabulary_section(float(current_app.config.get("LOW_CONFIDENCE_THRESHOLD",
                                                                 flags.UNSURE_BELOW)))


SECTIONS = (_trip_section, _flag_section)


def vocabulary() -> dict:
    """Every section merged into one JSON-ready dictionary."""
    out: dict = {}
    for section in SECTIONS:
        out.update(section())
    return out


def vocabulary_etag() -> str:
    """A strong ETag over the canonical JSON, so clients revalidate cheaply."""
    body = json.dumps(vocabulary(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
