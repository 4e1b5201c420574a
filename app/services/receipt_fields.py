"""The receipt fields of the catalogue (ocr/fields.py), validated for e-receipts and corrections."""
from __future__ import annotations

import re
from datetime import date

from app.errors import ValidationFailed
from ocr import fields as catalogue
from ocr.fields import (DOCUMENT_TYPES, FIELD_NAMES, FIELDS, KEY_FIELDS, MONEY_FIELDS, ROTATIONS, Audience,
                        FieldType)
from workflow import bounds

__all__ = ["DOCUMENT_TYPES", "FIELD_NAMES", "KEY_FIELDS", "MONEY", "ROTATIONS", "ROTATION_FIELD",
           "approval_key", "clean_fields", "clean_rotation", "label", "mask_card", "normalised_ticket_no"]

MONEY = MONEY_FIELDS
MAX_KRW = bounds.MAX_RECEIPT_KRW  # one receipt of one trip (workflow.bounds)
label = catalogue.label  # the Korean label of a field, for flag messages
# The correction history's name for a change of the turn that shows the photo upright (receipts.rotation);
# no catalogued field has it.
ROTATION_FIELD = "rotation"


def mask_card(value: str) -> str:
    """Keep only the last four digits of a card number visible (full numbers are never stored)."""
    return catalogue.mask_card(value, Audience.SENDER)


def _number(field: catalogue.Field, value: object) -> object:
    if field.type is FieldType.MONEY:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("A whole number of won, e.g. 59800.")
        if not 0 <= value <= MAX_KRW:
            raise ValueError(f"Between 0 and {MAX_KRW:,} won.")
        return value
    limit = int(bounds.MAX_DISTANCE_KM)  # the one NUMBER field today is distance_km
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= limit:
        raise ValueError(f"A distance in km between 0 and {limit}.")
    return value


def _one(name: str, value: object) -> object:
    """The clean value of one field, or ValueError with a message for the caller."""
    field = FIELDS[name]
    if value is None:
        return None
    if field.type in (FieldType.MONEY, FieldType.NUMBER):
        return _number(field, value)
    if not isinstance(value, str):
        raise ValueError("A string.")
    value = value.strip()
    if not value or len(value) > 100:
        raise ValueError("1 to 100 characters.")
    if not bounds.storable_text(value):  # the edge refuses these too; services may be called directly
        raise ValueError("No NUL characters or unpaired surrogates.")
    if field.type is FieldType.DATE:
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(field.hint) from None
    if field.pattern and not re.match(field.pattern, value):
        raise ValueError(field.hint or f"Text matching {field.pattern}.")
    return catalogue.masked(name, value, Audience.SENDER)


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


def clean_rotation(value: object, *, location: str = "rotation") -> int:
    """A turn that shows a photo upright: degrees clockwise, one of ROTATIONS; 422 otherwise."""
    if isinstance(value, bool) or value not in ROTATIONS:
        choices = ", ".join(map(str, ROTATIONS))
        raise ValidationFailed(errors={location: [f"Degrees clockwise, one of {choices}."]})
    return int(value)


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
