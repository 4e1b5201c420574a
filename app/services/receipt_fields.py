"""The receipt field vocabulary of `python -m ocr --json`, validated for e-receipts and corrections."""
from __future__ import annotations

import re
from datetime import date

import ocr
from app.errors import ValidationFailed
from workflow import bounds

FIELD_NAMES: tuple[str, ...] = tuple(ocr.FIELD_NAMES)
KEY_FIELDS: tuple[str, ...] = tuple(ocr.KEY_FIELDS)
DOCUMENT_TYPES = ("rail_ticket", "bus_ticket", "card_slip", "taxi_receipt", "unknown")
MONEY = frozenset({"total_amount", "fare", "discount", "supply_amount", "vat"})
MAX_KRW = bounds.MAX_RECEIPT_KRW  # one receipt of one trip (workflow.bounds)
TIME_RE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
BRN_RE = re.compile(r"^\d{3}-\d{2}-\d{5}$")
LABELS = {"total_amount": "결제금액", "date": "날짜", "departure": "출발지", "arrival": "도착지",
          "vehicle_no": "열차·차량 번호", "ticket_no": "승차권 번호", "approval_no": "승인번호"}


def label(name: str) -> str:
    """The Korean label of a field for flag messages."""
    return LABELS.get(name, name)


def mask_card(value: str) -> str:
    """Keep only the last four digits of a card number visible (full numbers are never stored)."""
    digits = [i for i, c in enumerate(value) if c.isdigit()]
    keep = set(digits[-4:])
    return "".join("*" if c.isdigit() and i not in keep else c for i, c in enumerate(value))


def _one(name: str, value: object) -> object:
    """The clean value of one field, or ValueError with a message for the caller."""
    if value is None:
        return None
    if name in MONEY:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("A whole number of won, e.g. 59800.")
        if not 0 <= value <= MAX_KRW:
            raise ValueError(f"Between 0 and {MAX_KRW:,} won.")
        return value
    if name == "distance_km":
        limit = int(bounds.MAX_DISTANCE_KM)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= limit:
            raise ValueError(f"A distance in km between 0 and {limit}.")
        return value
    if not isinstance(value, str):
        raise ValueError("A string.")
    value = value.strip()
    if not value or len(value) > 100:
        raise ValueError("1 to 100 characters.")
    if not bounds.storable_text(value):  # the edge refuses these too; services may be called directly
        raise ValueError("No NUL characters or unpaired surrogates.")
    if name == "date":
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError("A date as YYYY-MM-DD.") from None
    if name in ("departure_time", "arrival_time") and not TIME_RE.match(value):
        raise ValueError("A time as HH:MM.")
    if name == "business_reg_no" and not BRN_RE.match(value):
        raise ValueError("A business registration number as 123-45-67890.")
    if name == "card_no_masked":
        return mask_card(value)
    return value


def clean_fields(fields: object, *, location: str = "fields") -> dict:
    """Validate {name: value} against the OCR vocabulary; 422 with errors per field otherwise."""
    if not isinstance(fields, dict):
        raise ValidationFailed(errors={location: ["An object of field names to values."]})
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    for name, value in fields.items():
        if name not in FIELD_NAMES:
            errors[f"{location}.{name}"] = [f"Unknown field; one of {', '.join(FIELD_NAMES)}."]
            continue
        try:
            clean[name] = _one(name, value)
        except ValueError as exc:
            errors[f"{location}.{name}"] = [str(exc)]
    if errors:
        raise ValidationFailed(errors=errors)
    return clean


def normalised_ticket_no(value: object) -> str | None:
    """Ticket number with separators removed, for the cross-agency duplicate index."""
    text = re.sub(r"[^0-9A-Za-z]", "", str(value or "")).upper()
    return text[:64] if len(text) >= 6 else None


def approval_key(fields: dict) -> str | None:
    """'approval|amount|date' when a card approval number, amount and date are all known."""
    number = re.sub(r"\D", "", str(fields.get("approval_no") or ""))
    amount, day = fields.get("total_amount"), fields.get("date")
    if len(number) < 4 or amount is None or not day:
        return None
    return f"{number}|{amount}|{day}"[:128]
