"""Reading the rules' data files: one error type that names the file, the entry and the field."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any


class RulesError(ValueError):
    """A rules data file is missing, not JSON, or has a bad entry; the message says where."""


def load_json(path: Path) -> dict:
    """The file's JSON object, or RulesError naming the file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(f"{path.name}: cannot be read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise RulesError(f"{path.name}: not JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(raw, dict):
        raise RulesError(f"{path.name}: must be a JSON object")
    return raw


def require(condition: bool, where: str, message: str) -> None:
    """Raise RulesError(`where: message`) unless `condition`."""
    if not condition:
        raise RulesError(f"{where}: {message}")


def amount(raw: dict, key: str, where: str) -> int:
    """A non-negative integer field of `raw`."""
    value = raw.get(key)
    require(isinstance(value, int) and not isinstance(value, bool) and value >= 0,
            f"{where}.{key}", "must be a non-negative integer")
    return value


def effective(raw: dict, where: str) -> date:
    """The entry's `effective` day (YYYY-MM-DD)."""
    value: Any = raw.get("effective")
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RulesError(f"{where}.effective: must be a YYYY-MM-DD date") from None


def ascending(days: list[date], where: str) -> None:
    """Versions are listed oldest first, one per effective day."""
    require(days == sorted(set(days)), where, "effective dates must be unique and ascending")
