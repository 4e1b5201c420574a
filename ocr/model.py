"""Plain data shapes shared by engines, parsers and callers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The field and document-type vocabulary is the catalogue's (ocr/fields.py); re-exported for callers.
from ocr.fields import DOCUMENT_TYPES, FIELD_NAMES, KEY_FIELDS, ROTATIONS, masked, unknown_names

__all__ = ["DOCUMENT_TYPES", "FIELD_NAMES", "KEY_FIELDS", "ROTATIONS", "Extraction", "TextLine",
           "empty_fields"]


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
    # Degrees clockwise (one of ROTATIONS) the page, as decoded (EXIF orientation applied), was turned to
    # be read upright: what a viewer turns the image by to show it the right way up.
    rotation: int = 0
    lines: list[TextLine] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = unknown_names(self.fields)
        if unknown:  # a parser wrote a field no caller knows: add it to ocr/fields.py first
            raise ValueError(f"Fields not in the catalogue (ocr/fields.py): {', '.join(unknown)}")

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape promised to callers (all field keys present, null when unknown)."""
        fields = {name: masked(name, self.fields.get(name)) for name in FIELD_NAMES}
        conf = {name: (round(float(self.confidence.get(name, 0.0)), 2) if fields[name] is not None else 0.0)
                for name in FIELD_NAMES}
        return {
            "document_type": self.document_type,
            "fields": fields,
            "confidence": conf,
            "engine": self.engine,
            "elapsed_ms": int(self.elapsed_ms),
            "rotation": int(self.rotation) % 360,
        }
