"""The receipt-field catalogue: every field the reader outputs, and every document type, once.

The OCR output (`Extraction.to_dict`), the API schema, validation of e-receipts and corrections, the
approver's page, the phone app (through GET /api/v1/vocabulary) and the flag messages are generated
from these tables. To add an extracted field: one `Field(...)` entry here, plus the parser that reads it.
Pure standard library: `app/` imports this module, never the other way round.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DocumentType(StrEnum):
    """What kind of paper the reader decided it was looking at."""

    RAIL_TICKET = "rail_ticket"
    BUS_TICKET = "bus_ticket"
    CARD_SLIP = "card_slip"
    TAXI_RECEIPT = "taxi_receipt"
    UNKNOWN = "unknown"


DOCUMENT_LABELS: dict[DocumentType, str] = {
    DocumentType.RAIL_TICKET: "철도 승차권",
    DocumentType.BUS_TICKET: "버스 승차권",
    DocumentType.CARD_SLIP: "카드 매출전표",
    DocumentType.TAXI_RECEIPT: "택시 영수증",
    DocumentType.UNKNOWN: "기타 영수증",
}


class FieldType(StrEnum):
    """How a value is written, checked and shown."""

    MONEY = "money"      # whole won (int)
    DATE = "date"        # YYYY-MM-DD
    TIME = "time"        # HH:MM
    PLACE = "place"      # a station or terminal name from the closed lists (ocr/data/places.json)
    TEXT = "text"        # any short text
    NUMBER = "number"    # int or float, with a unit


class Masking(StrEnum):
    """What a field's value must never show in full."""

    NONE = "none"
    CARD = "card"        # a card number: at most the first six and the last four digits


class Audience(StrEnum):
    """Who writes or reads a masked value; each sees as many leading card digits as CARD_KEEP_FIRST says."""

    READER = "reader"        # the OCR output, as stored (PCI DSS allows the first six and last four)
    SENDER = "sender"        # an e-receipt or a correction: stored with the last four only
    LOG = "log"              # free text in the server's logs


# Leading digits of a card number left visible per audience; the last four always show. Every role of
# the API (traveler, approver, finance, admin) reads the stored value: no full number is ever stored.
CARD_KEEP_FIRST: dict[Audience, int] = {Audience.READER: 6, Audience.SENDER: 0, Audience.LOG: 4}
CARD_KEEP_LAST = 4

T = DocumentType
ALL_KINDS = (T.RAIL_TICKET, T.BUS_TICKET, T.CARD_SLIP, T.TAXI_RECEIPT)
TICKETS = (T.RAIL_TICKET, T.BUS_TICKET)
MOVING = (T.RAIL_TICKET, T.BUS_TICKET, T.TAXI_RECEIPT)

TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
TIME_HINT = "A time as HH:MM."
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
BRN_PATTERN = r"^\d{3}-\d{2}-\d{5}$"


@dataclass(frozen=True)
class Field:
    """One extracted receipt field."""

    name: str
    label: str
    type: FieldType
    document_types: tuple[DocumentType, ...]
    unit: str | None = None
    masking: Masking = Masking.NONE
    key: bool = False               # read on every sample and measured by the benchmark
    pattern: str | None = None      # a regular expression a text value must match
    hint: str | None = None         # how to write it, for a refused value

    def as_dict(self) -> dict:
        """The JSON shape of the vocabulary endpoint."""
        return {"name": self.name, "label": self.label, "type": self.type.value, "unit": self.unit,
                "masking": self.masking.value, "document_types": [d.value for d in self.document_types]}


def _money(name: str, label: str, kinds=ALL_KINDS, key: bool = False) -> Field:
    return Field(name, label, FieldType.MONEY, kinds, unit="KRW", key=key)


# The order is the order of `python -m ocr --json` and of the pages.
CATALOGUE: tuple[Field, ...] = (
    _money("total_amount", "결제 금액", key=True),
    Field("date", "날짜", FieldType.DATE, ALL_KINDS, key=True, pattern=DATE_PATTERN,
          hint="A date as YYYY-MM-DD."),
    Field("departure", "출발지", FieldType.PLACE, TICKETS, key=True),
    Field("arrival", "도착지", FieldType.PLACE, TICKETS, key=True),
    Field("departure_time", "출발 시각", FieldType.TIME, MOVING, pattern=TIME_PATTERN, hint=TIME_HINT),
    Field("arrival_time", "도착 시각", FieldType.TIME, MOVING, pattern=TIME_PATTERN, hint=TIME_HINT),
    Field("vehicle_no", "열차·차량 번호", FieldType.TEXT, MOVING, key=True),
    Field("carrier", "운송사", FieldType.TEXT, MOVING),
    Field("service", "종류", FieldType.TEXT, (T.RAIL_TICKET,)),
    Field("seat_class", "좌석 등급", FieldType.TEXT, TICKETS),
    Field("seat", "좌석", FieldType.TEXT, TICKETS),
    _money("fare", "운임", TICKETS),
    _money("discount", "할인", TICKETS),
    Field("ticket_no", "승차권 번호", FieldType.TEXT, TICKETS),
    Field("approval_no", "승인 번호", FieldType.TEXT, ALL_KINDS),
    Field("business_reg_no", "사업자등록번호", FieldType.TEXT, ALL_KINDS, pattern=BRN_PATTERN,
          hint="A business registration number as 123-45-67890."),
    Field("merchant", "가맹점", FieldType.TEXT, (T.CARD_SLIP,)),
    Field("card_no_masked", "카드 번호", FieldType.TEXT, ALL_KINDS, masking=Masking.CARD),
    _money("supply_amount", "공급가액"),
    _money("vat", "부가세"),
    Field("distance_km", "거리(km)", FieldType.NUMBER, (T.TAXI_RECEIPT,), unit="km"),
)
FIELDS: dict[str, Field] = {f.name: f for f in CATALOGUE}
FIELD_NAMES: tuple[str, ...] = tuple(FIELDS)
KEY_FIELDS: tuple[str, ...] = tuple(f.name for f in CATALOGUE if f.key)
MONEY_FIELDS: frozenset[str] = frozenset(f.name for f in CATALOGUE if f.type is FieldType.MONEY)
DOCUMENT_TYPES: tuple[str, ...] = tuple(d.value for d in DocumentType)
# The turns (degrees clockwise) that show a page upright (Extraction.rotation): not a field of the page,
# but corrected beside its fields, whose history lists it under ROTATION_LABEL.
ROTATIONS: tuple[int, ...] = (0, 90, 180, 270)
ROTATION_LABEL = "사진 방향"


def label(name: str) -> str:
    """The Korean label of a field (its name when it is not catalogued)."""
    field = FIELDS.get(name)
    return field.label if field else name


def document_label(code: str | None) -> str | None:
    """The Korean label of a document type, or None for a code nothing produces."""
    try:
        return DOCUMENT_LABELS[DocumentType(code)]
    except ValueError:
        return None


def mask_card(number: str, audience: Audience = Audience.READER) -> str:
    """Hide every card digit but the leading ones `audience` may see and the last four ('*' counts)."""
    slots = [i for i, c in enumerate(number) if c.isdigit() or c == "*"]
    first = CARD_KEEP_FIRST[Audience(audience)]
    keep = set(slots[:first]) | set(slots[-CARD_KEEP_LAST:])
    return "".join(c if (i in keep or not c.isdigit()) else "*" for i, c in enumerate(number))


def masked(name: str, value: object, audience: Audience = Audience.READER) -> object:
    """`value` as field `name`'s masking policy lets `audience` see it."""
    field = FIELDS.get(name)
    if field is None or field.masking is Masking.NONE or not isinstance(value, str):
        return value
    return mask_card(value, audience)


def unknown_names(fields: dict) -> list[str]:
    """Keys of `fields` that the catalogue does not list (an output nothing downstream knows)."""
    return [name for name in fields if name not in FIELDS]
