"""The audit key ring: the key new rows are signed with, and retired keys older rows name."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from workflow.events import chain_mac, head_mac


@dataclass(frozen=True)
class AuditKeys:
    """Keys by id; `current_id` signs every new audit row and trip head."""

    current_id: str
    keys: Mapping[str, bytes]

    def sign(self, prev_hash: str, payload: dict) -> tuple[str, str]:
        """(key id, MAC) of a new row."""
        return self.current_id, chain_mac(self.keys[self.current_id], prev_hash, payload)

    def mac(self, key_id: str, prev_hash: str, payload: dict) -> str | None:
        """The MAC a row keyed with `key_id` must carry; None when that key is not configured."""
        key = self.keys.get(key_id)
        return chain_mac(key, prev_hash, payload) if key is not None else None

    def head(self, key_id: str, *, trip_id: int, seq: int, row_mac: str,
             status: str) -> str | None:
        """The trip head for its last row (signed with the same key as that row)."""
        key = self.keys.get(key_id)
        if key is None:
            return None
        return head_mac(key, trip_id=trip_id, seq=seq, row_mac=row_mac, status=status)


def audit_keys(config: Mapping) -> AuditKeys:
    """The key ring from settings: AUDIT_KEY as AUDIT_KEY_ID, plus AUDIT_RETIRED_KEYS."""
    keys = {kid: key.encode("utf-8") for kid, key in config.get("AUDIT_RETIRED_KEYS", {}).items()}
    keys[config["AUDIT_KEY_ID"]] = config["AUDIT_KEY"].encode("utf-8")
    return AuditKeys(current_id=config["AUDIT_KEY_ID"], keys=keys)

