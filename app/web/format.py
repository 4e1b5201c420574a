"""Korean labels and number/date formats for the templates."""
from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint

from app.models import SEOUL
from app.services.receipt_fields import ROTATION_FIELD
from ocr.fields import CATALOGUE, DOCUMENT_LABELS, MONEY_FIELDS, ROTATION_LABEL
from workflow.approval_line import MARKS, STEP_STATUSES
from workflow.receipt_states import RECEIPT_STATUS_LABELS, TRUST_LABELS
from workflow.regions import CLASS_LABELS as REGION_LABELS
from workflow.statement import ITEM_LABELS
from workflow.transport import TRANSPORT_LABELS
from workflow.trip_registry import ACTIONS, STATUSES

# Trip statuses and actions come from the registry: by code (statuses, audit rows) and by client
# name (the decision buttons, which post to /web/trips/<id>/<path>).
STATUS = {s.value: info.label for s, info in STATUSES.items()}
ACTION = {a.value: info.label for a, info in ACTIONS.items()}
ACTION_PATH = {info.path: info.label for info in ACTIONS.values() if info.path}
TRANSPORT = TRANSPORT_LABELS  # workflow/transport.py
REGION = REGION_LABELS  # workflow/regions.py
TRUST = {t.value: label for t, label in TRUST_LABELS.items()}
RECEIPT_STATUS = {s.value: label for s, label in RECEIPT_STATUS_LABELS.items()}
DOCUMENT = {d.value: label for d, label in DOCUMENT_LABELS.items()}
ITEM = ITEM_LABELS  # statement line kinds: workflow/statement.py
FIELD = {f.name: f.label for f in CATALOGUE}  # receipt fields: the catalogue, ocr/fields.py
FIELD[ROTATION_FIELD] = ROTATION_LABEL  # the photo's turn, listed among the corrections


def krw(value) -> str:
    """1234567 -> '1,234,567원'."""
    if value is None or value == "":
        return "-"
    try:
        return f"{int(value):,}원"
    except (TypeError, ValueError):
        return str(value)


def when(value) -> str:
    """An aware datetime in Seoul time, to the minute."""
    if not value:
        return "-"
    if isinstance(value, datetime):
        return value.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def day(value) -> str:
    """The date part in Seoul time."""
    if not value:
        return "-"
    return value.astimezone(SEOUL).strftime("%Y-%m-%d") if isinstance(value, datetime) else str(value)


def field_value(value, name: str = "") -> str:
    """A receipt field as shown beside the image."""
    if value is None or value == "":
        return "-"
    if name == ROTATION_FIELD:
        return f"{value}°"
    return krw(value) if name in MONEY_FIELDS else str(value)


def percent(value) -> str:
    """0.734 -> '73%'."""
    return "-" if value is None else f"{round(float(value) * 100)}%"


def register_filters(bp: Blueprint) -> None:
    """Attach the filters under web_-prefixed names (web_krw, web_when, ...)."""
    filters = {"krw": krw, "when": when, "day": day, "field_value": field_value, "percent": percent}
    for name, fn in filters.items():
        bp.add_app_template_filter(fn, f"web_{name}")


LABELS = {"STATUS": STATUS, "ACTION": ACTION, "TRANSPORT": TRANSPORT, "REGION": REGION,
          "TRUST": TRUST, "RECEIPT_STATUS": RECEIPT_STATUS, "DOCUMENT": DOCUMENT, "ITEM": ITEM,
          "FIELD": FIELD}
LABELS["STEP_STATUS"], LABELS["MARK"] = STEP_STATUSES, MARKS  # the 결재선 (issue 15)
LABELS["ACTION_PATH"] = ACTION_PATH  # apart, so the receipt tables above change without touching it
