"""Frozen records of what happened to a trip, and the hash that chains them."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime

GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class TripEvent:
    """One status change of a trip: who did what, from where to where, and why."""

    trip_id: int
    action: str
    from_status: str | None
    to_status: str
    actor_id: int | None
    comment: str
    at: datetime
    request_id: str = ""

    def payload(self) -> dict:
        """The fields that the audit hash covers, in a stable JSON-ready form."""
        data = asdict(self)
        data["at"] = self.at.isoformat()
        return data


def chain_hash(prev_hash: str, payload: dict) -> str:
    """SHA-256 over the previous row's hash and this row's canonical JSON."""
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + "\n" + body).encode("utf-8")).hexdigest()
