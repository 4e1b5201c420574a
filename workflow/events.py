"""Frozen records of what happened to a trip, and the keyed hash (HMAC) that chains them."""
from __future__ import annotations

import hashlib
import hmac
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
    # The 결재선 step decided and, for 대결, the absent approver. Left out of the payload when None,
    # so rows written before the approval line existed keep verifying.
    step: int | None = None
    on_behalf_of: int | None = None

    def payload(self) -> dict:
        """The fields that the audit hash covers, in a stable JSON-ready form."""
        data = asdict(self)
        data["at"] = self.at.isoformat()
        for optional in ("step", "on_behalf_of"):
            if data[optional] is None:
                del data[optional]
        return data


def _chained(prev_hash: str, payload: dict) -> bytes:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (prev_hash + "\n" + body).encode("utf-8")


def chain_mac(key: bytes, prev_hash: str, payload: dict) -> str:
    """HMAC-SHA256 under the audit key over the previous row's MAC and this row's canonical JSON.

    Without the key (kept outside the database) nobody can write a row that verifies.
    """
    return hmac.new(key, _chained(prev_hash, payload), hashlib.sha256).hexdigest()


def head_mac(key: bytes, *, trip_id: int, seq: int, row_mac: str, status: str) -> str:
    """HMAC binding a trip's current status to its last audit row.

    Kept on the trip: deleting the last rows and resetting the status leaves a chain that is
    intact on its own, but no longer matches this head.
    """
    message = f"head\n{trip_id}\n{seq}\n{row_mac}\n{status}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()
