"""The checks of one receipt against its trip, each written once, over plain data: receipt_flags().

The app loads the receipt, the trip and what only the database knows (which duplicate keys an earlier
receipt on a live trip shares), the gazetteer's station areas (ocr/data/places.json) and the field
labels, and stores what this returns. Duplicates and a 특실 ticket for a 제2호 traveler are blocking.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from workflow.fares import fare_flag, first_class_flag
from workflow.flags import UNSURE_BELOW, Flag, flag, is_unsure
from workflow.regions import place_names

TICKETS = {"rail_ticket": "rail", "bus_ticket": "bus"}
# The ticket's fare checks run again on the statement's expense (the amount actually claimed, with its
# receipt id): settling copies a receipt's other flags into the statement, not these.
CLAIM_CODES = frozenset({"class_above_entitlement", "fare_above_tariff", "fare_far_above_tariff"})
SUFFIXES = ("종합버스터미널", "고속버스터미널", "복합터미널", "버스터미널", "터미널", "역")
DUPLICATES = {
    "duplicate_file": "같은 파일이 이미 다른 영수증으로 제출되었습니다",
    "duplicate_ticket_no": "승차권 번호 {ticket_no}이(가) 이미 제출되었습니다",
    "duplicate_card_approval": "같은 카드 승인번호·금액·날짜의 영수증이 이미 제출되었습니다",
}


@dataclass(frozen=True)
class TripFacts:
    """What the receipt checks read of the trip: its days (Asia/Seoul), places and the traveler's grade."""

    first_day: date
    last_day: date
    destination: str
    origin: str | None = None
    grade: int = 2


@dataclass(frozen=True)
class ReceiptFacts:
    """One receipt as plain data: `fields` are the effective values (corrections over OCR)."""

    id: int | None
    status: str
    trust: str
    document_type: str | None
    fields: Mapping
    ocr_fields: Mapping = field(default_factory=dict)
    confidence: Mapping = field(default_factory=dict)
    corrected: frozenset[str] = frozenset()
    error: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    """Place data the route check needs: station -> areas it serves (when not its own name)."""

    station_areas: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def duplicate_flags(codes: Iterable[str], receipt: ReceiptFacts, ticket_no: str | None = None) -> list[Flag]:
    """Blocking flags for the duplicate keys (DUPLICATES codes) an earlier live receipt shares."""
    shown, found = receipt.fields.get("ticket_no") or ticket_no, set(codes)
    return [flag(code, f"{DUPLICATES[code].format(ticket_no=shown)} (기관·부서와 관계없이 확인). 승인자가 "
                       "확인하기 전에는 정산할 수 없습니다.", receipt_id=receipt.id)
            for code in DUPLICATES if code in found]


def trust_flags(receipt: ReceiptFacts) -> list[Flag]:
    """An unsigned e-receipt: the traveler sent the values, no issuer confirmed them."""
    if receipt.trust != "self_reported":
        return []
    return [flag("self_reported", "서명이 없는 전자영수증입니다: 여행자가 보낸 값이며 발급처가 확인하지 "
                                  "않았습니다.", receipt_id=receipt.id)]


def failed_flags(receipt: ReceiptFacts) -> list[Flag]:
    """OCR could not read the receipt."""
    if receipt.status != "failed":
        return []
    return [flag("ocr_failed",
                 f"영수증을 읽지 못했습니다 ({receipt.error or '원인 불명'}). 값을 직접 입력하거나 "
                 "다시 올려 주세요.", receipt_id=receipt.id)]


def unsure_fields(receipt: ReceiptFacts, names: Iterable[str], below: float = UNSURE_BELOW) -> list[str]:
    """The one meaning of unsure: a value OCR read under `below` that the traveler has not confirmed."""
    if receipt.trust != "ocr":
        return []
    return [name for name in names
            if receipt.ocr_fields.get(name) not in (None, "") and name not in receipt.corrected
            and is_unsure(float(receipt.confidence.get(name) or 0.0), below)]


def low_confidence_flags(receipt: ReceiptFacts, key_fields: Iterable[str], labels: Mapping[str, str],
                         below: float = UNSURE_BELOW) -> list[Flag]:
    """Key fields read unsure (one flag each) and an amount OCR did not read at all."""
    if receipt.trust != "ocr":
        return []
    flags = []
    if "total_amount" not in receipt.corrected and receipt.ocr_fields.get("total_amount") is None:
        flags.append(flag("low_confidence", "결제금액을 읽지 못했습니다. 금액을 입력해 주세요.",
                          receipt_id=receipt.id, field="total_amount"))
    for name in unsure_fields(receipt, key_fields, below):
        value, score = receipt.ocr_fields[name], float(receipt.confidence.get(name) or 0.0)
        flags.append(flag("low_confidence", f"{labels.get(name, name)}({name}) 값 '{value}'을(를) 확실히 "
                                            f"읽지 못했습니다 (신뢰도 {score:.2f}). 확인하거나 고쳐 주세요.",
                          receipt_id=receipt.id, field=name))
    return flags


def _day(fields: Mapping) -> date | None:
    try:
        return date.fromisoformat(str(fields.get("date")))
    except ValueError:
        return None


def outside_trip_flags(receipt: ReceiptFacts, trip: TripFacts) -> list[Flag]:
    """A travel or transaction date more than one day outside the trip."""
    day = _day(receipt.fields)
    if day is None or trip.first_day - timedelta(days=1) <= day <= trip.last_day + timedelta(days=1):
        return []
    return [flag("outside_trip",
                 f"영수증 날짜 {day.isoformat()}이(가) 출장 기간 ({trip.first_day.isoformat()} ~ "
                 f"{trip.last_day.isoformat()})에서 하루 넘게 벗어났습니다.",
                 receipt_id=receipt.id)]


def station(name: object) -> str:
    """A station or terminal name without spaces and its 역 / 터미널 suffix."""
    text = "".join(str(name or "").split())
    for suffix in SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


def station_areas(name: object, gazetteer: Gazetteer) -> set[str]:
    """The place names a station or terminal serves (its own name included)."""
    own = station(name)
    return {own, *gazetteer.station_areas.get(own, ())} - {""}


def _serves(name: object, place: str | None, gazetteer: Gazetteer) -> bool:
    return bool(station_areas(name, gazetteer) & place_names(place))


def route_flags(receipt: ReceiptFacts, trip: TripFacts, gazetteer: Gazetteer) -> list[Flag]:
    """The ticket's stations against the trip's origin and destination, either direction."""
    dep, arr = receipt.fields.get("departure"), receipt.fields.get("arrival")
    if not dep or not arr:
        return []

    def serves(name: object, place: str | None) -> bool:
        return _serves(name, place, gazetteer)

    outward = serves(dep, trip.origin) and serves(arr, trip.destination)
    back = serves(dep, trip.destination) and serves(arr, trip.origin)
    either = serves(dep, trip.destination) or serves(arr, trip.destination)
    if outward or back or (trip.origin is None and either):
        return []
    return [flag("route_mismatch", f"승차권 구간 {dep}→{arr}이(가) 출장 출발지({trip.origin or '-'})·"
                                   f"목적지({trip.destination})와 맞지 않습니다.", receipt_id=receipt.id)]


def ticket_fare_flags(receipt: ReceiptFacts, trip: TripFacts) -> list[Flag]:
    """The fare checks of the statement (workflow.fares) run early on the ticket: class, then tariff."""
    fields, mode = receipt.fields, TICKETS[receipt.document_type or ""]
    amount = fields.get("total_amount") if fields.get("total_amount") is not None else fields.get("fare")
    flags = [f for f in [first_class_flag(trip.grade, mode, fields.get("seat_class"), amount,
                                          receipt_id=receipt.id)] if f]
    dep, arr, day = fields.get("departure"), fields.get("arrival"), _day(fields)
    if isinstance(amount, int) and not isinstance(amount, bool) and dep and arr and day:
        over = fare_flag(mode, station(dep), station(arr), fields.get("seat_class"), amount, day,
                         receipt_id=receipt.id)
        flags += [over] if over else []
    return flags


def receipt_flags(receipt: ReceiptFacts, trip: TripFacts, *, duplicates: Iterable[str] = (),
                  ticket_no: str | None = None, gazetteer: Gazetteer = Gazetteer(),
                  key_fields: Iterable[str] = (), labels: Mapping[str, str] | None = None,
                  unsure_below: float = UNSURE_BELOW) -> list[Flag]:
    """Every flag of `receipt` now: duplicates, trust, reading, then (once read) dates, route and fare."""
    flags = duplicate_flags(duplicates, receipt, ticket_no) + trust_flags(receipt) + failed_flags(receipt)
    if receipt.status not in ("done", "failed"):  # still being read: nothing to judge yet
        return flags
    flags += low_confidence_flags(receipt, key_fields, labels or {}, unsure_below)
    flags += outside_trip_flags(receipt, trip)
    if receipt.document_type in TICKETS:
        flags += route_flags(receipt, trip, gazetteer)
        flags += ticket_fare_flags(receipt, trip)
    return flags
