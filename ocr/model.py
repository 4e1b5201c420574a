"""Plain data shapes shared by engines, parsers and callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FIELD_NAMES: tuple[str, ...] = (
    "total_amount", "date", "departure", "arrival", "departure_time", "arrival_time",
    "vehicle_no", "carrier", "service", "seat_class", "seat", "fare", "discount",
    "ticket_no", "approval_no", "business_reg_no", "merchant", "card_no_masked",
    "supply_amount", "vat", "distance_km",
)
KEY_FIELDS: tuple[str, ...] = ("total_amount", "date", "departure", "arrival", "vehicle_no")
DOCUMENT_TYPES: tuple[str, ...] = ("rail_ticket", "bus_ticket", "card_slip", "taxi_receipt", "unknown")


@dataclass(frozen=True)
class TextLine:
    """One recognised line of text with its box in page pixels (x0, y0, x1, y1)."""

    text: str
    box: tuple[int, int, int, int]
    conf: float = 0.9
    alt: str | None = None  # a second reading (Tesseract `eng`) for lines that look Latin

    @property
    def cy(self) -> float:
        """Vertical centre of the box."""
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        """Box height in pixels."""
        return max(1, self.box[3] - self.box[1])


def empty_fields() -> dict[str, Any]:
    """Every field name mapped to None."""
    return {name: None for name in FIELD_NAMES}


@dataclass
class Extraction:
    """What the OCR read from one document."""

    document_type: str = "unknown"
    fields: dict[str, Any] = field(default_factory=empty_fields)
    confidence: dict[str, float] = field(default_factory=dict)
    engine: str = "tesseract"
    elapsed_ms: int = 0
    lines: list[TextLine] = field(default_factory=list, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape promised to callers (all field keys present, null when unknown)."""
        fields = {name: self.fields.get(name) for name in FIELD_NAMES}
        conf = {name: (round(float(self.confidence.get(name, 0.0)), 2) if fields[name] is not None else 0.0)
                for name in FIELD_NAMES}
        return {
            "document_type": self.document_type,
            "fields": fields,
            "confidence": conf,
            "engine": self.engine,
            "elapsed_ms": int(self.elapsed_ms),
        }
