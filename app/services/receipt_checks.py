"""Checks that catch errors and fraud in a receipt; each adds a flag {code, message, blocking}.

Only duplicates and a 특실 ticket for a 제2호 traveller block settlement (an approver must accept
them); the other flags are shown to the approver and leave the decision to them.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import SEOUL, Receipt, Trip
from app.services.receipt_fields import KEY_FIELDS, label
from workflow.fares import check_fare
from workflow.states import TripStatus

# Evidence on a cancelled or rejected trip was never paid: it can be used again.
DEAD_TRIPS = (TripStatus.CANCELLED.value, TripStatus.REJECTED.value)
TICKETS = {"rail_ticket": "rail", "bus_ticket": "bus"}
FIRST_CLASS = frozenset({"특실", "first"})
SIDO_SHORT = {
    "서울특별시": "서울", "부산광역시": "부산", "대구광역시": "대구", "인천광역시": "인천",
    "광주광역시": "광주", "대전광역시": "대전", "울산광역시": "울산", "세종특별자치시": "세종",
    "경기도": "경기", "강원도": "강원", "강원특별자치도": "강원", "충청북도": "충북", "충청남도": "충남",
    "전라북도": "전북", "전북특별자치도": "전북", "전라남도": "전남", "경상북도": "경북",
    "경상남도": "경남", "제주특별자치도": "제주",
}
# Stations and terminals whose name is not the place they serve (the rest serve their own name).
STATION_AREAS = {
    "수서": "서울", "용산": "서울", "영등포": "서울", "청량리": "서울", "상봉": "서울", "노량진": "서울",
    "서울경부": "서울", "센트럴시티": "서울", "동서울": "서울", "서울남부": "서울",
    "광명": "광명 경기", "행신": "고양 경기", "고양백석": "고양 경기", "동탄": "화성 경기",
    "평택지제": "평택 경기", "천안아산": "천안 아산 충남", "온양온천": "아산 충남",
    "오송": "청주 충북 세종", "조치원": "세종", "세종청사": "세종", "청주고속": "청주 충북",
    "청주공항": "청주 충북", "서대전": "대전", "대전복합": "대전", "대전청사": "대전", "유성": "대전",
    "김천구미": "김천 구미 경북", "동대구": "대구", "서대구": "대구", "대구북부": "대구",
    "신경주": "경주 경북", "부전": "부산", "구포": "부산", "부산종합": "부산", "부산서부": "부산",
    "노포": "부산", "사상": "부산", "해운대": "부산", "물금": "양산 경남", "창원중앙": "창원 경남",
    "광주송정": "광주", "서광주": "광주", "효천": "광주", "광주종합": "광주", "유스퀘어": "광주",
    "여수엑스포": "여수 전남", "여천": "여수 전남", "구례구": "구례 순천 전남", "전주고속": "전주 전북",
    "남춘천": "춘천 강원", "서원주": "원주 강원", "만종": "원주 강원",
    "인천공항T1": "인천", "인천공항T2": "인천", "검암": "인천",
}
SUFFIXES = ("종합버스터미널", "고속버스터미널", "복합터미널", "버스터미널", "터미널", "역")


def _flag(code: str, message: str, blocking: bool = False, **extra) -> dict:
    return {"code": code, "message": message, "blocking": blocking, **extra}


def compute_flags(*, session: Session, receipt: Receipt, trip: Trip, threshold: float) -> list[dict]:
    """Every flag that applies to `receipt` now (after OCR, a correction or a deletion elsewhere)."""
    flags = duplicate_flags(session=session, receipt=receipt)
    if receipt.trust == "self_reported":
        flags.append(_flag("self_reported", "서명이 없는 전자영수증입니다: 여행자가 보낸 값이며 "
                                            "발급처가 확인하지 않았습니다."))
    if receipt.status == "failed":
        flags.append(_flag("ocr_failed", f"영수증을 읽지 못했습니다 ({receipt.error or '원인 불명'}). "
                                         "값을 직접 입력하거나 다시 올려 주세요."))
    if receipt.status not in ("done", "failed"):
        return flags
    fields = receipt.effective_fields()
    flags += low_confidence_flags(receipt, threshold)
    flags += outside_trip_flags(fields, trip)
    if receipt.document_type in TICKETS:
        flags += route_flags(fields, trip)
        flags += class_flags(fields, trip, receipt.document_type)
        flags += fare_flags(fields, receipt.document_type)
    return flags


def duplicate_flags(*, session: Session, receipt: Receipt) -> list[dict]:
    """Same file, ticket number or card approval (amount, date) used earlier on any live trip."""
    keys = [(0, Receipt.sha256, receipt.sha256, "duplicate_file",
             "같은 파일이 이미 다른 영수증으로 제출되었습니다"),
            (1, Receipt.ticket_no, receipt.ticket_no, "duplicate_ticket_no",
             f"승차권 번호 {receipt.effective_fields().get('ticket_no') or receipt.ticket_no}이(가) "
             "이미 제출되었습니다"),
            (2, Receipt.approval_key, receipt.approval_key, "duplicate_card_approval",
             "같은 카드 승인번호·금액·날짜의 영수증이 이미 제출되었습니다")]
    keys = [k for k in keys if k[2]]
    if not keys:
        return []
    stmt = (select(Receipt.sha256, Receipt.ticket_no, Receipt.approval_key)
            .join(Trip, Trip.id == Receipt.trip_id)
            .where(or_(*(column == value for _, column, value, _, _ in keys)),
                   Receipt.id < receipt.id, Trip.status.not_in(DEAD_TRIPS)))
    earlier = session.execute(stmt).all()
    return [_flag(code, f"{text} (기관·부서와 관계없이 확인). 승인자가 확인하기 전에는 정산할 수 "
                        "없습니다.", True)
            for position, _, value, code, text in keys
            if any(row[position] == value for row in earlier)]


def low_confidence_flags(receipt: Receipt, threshold: float) -> list[dict]:
    """Key fields OCR read with low confidence (or not at all) that the traveller has not confirmed."""
    if receipt.trust != "ocr":
        return []
    corrected = set(receipt.corrections or {})
    confidence = receipt.ocr_confidence or {}
    fields = receipt.ocr_fields or {}
    flags = []
    if "total_amount" not in corrected and fields.get("total_amount") is None:
        flags.append(_flag("low_confidence", "결제금액을 읽지 못했습니다. 금액을 입력해 주세요.",
                           field="total_amount"))
    for name in KEY_FIELDS:
        value, score = fields.get(name), float(confidence.get(name) or 0.0)
        if value is None or name in corrected or score >= threshold:
            continue
        flags.append(_flag("low_confidence", f"{label(name)}({name}) 값 '{value}'을(를) 확실히 읽지 "
                                             f"못했습니다 (신뢰도 {score:.2f}). 확인하거나 고쳐 주세요.",
                           field=name))
    return flags


def _trip_days(trip: Trip) -> tuple[date, date]:
    return trip.start_at.astimezone(SEOUL).date(), trip.end_at.astimezone(SEOUL).date()


def outside_trip_flags(fields: dict, trip: Trip) -> list[dict]:
    """A travel or transaction date more than one day outside the trip."""
    try:
        day = date.fromisoformat(str(fields.get("date")))
    except ValueError:
        return []
    first, last = _trip_days(trip)
    if first - timedelta(days=1) <= day <= last + timedelta(days=1):
        return []
    return [_flag("outside_trip", f"영수증 날짜 {day.isoformat()}이(가) 출장 기간 "
                                  f"({first.isoformat()} ~ {last.isoformat()})에서 하루 넘게 벗어났습니다.")]


def _station(name: str) -> str:
    name = "".join(str(name or "").split())
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def station_areas(name: str) -> set[str]:
    """The place names a station or terminal serves (its own name included)."""
    station = _station(name)
    return {station, *STATION_AREAS.get(station, "").split()} - {""}


def place_keys(place: str | None) -> set[str]:
    """Names a trip place answers to: '부산광역시 해운대구' -> 부산광역시, 부산, 해운대구, 해운대."""
    keys: set[str] = set()
    for token in str(place or "").replace(",", " ").split():
        keys.add(token)
        if token in SIDO_SHORT:
            keys.add(SIDO_SHORT[token])
        elif token[-1:] in "시군구도" and len(token) >= 3:
            keys.add(token[:-1])
    return keys


def _serves(station: str, place: str | None) -> bool:
    return bool(station_areas(station) & place_keys(place))


def route_flags(fields: dict, trip: Trip) -> list[dict]:
    """The ticket's stations against the trip's origin and destination, either direction."""
    dep, arr = fields.get("departure"), fields.get("arrival")
    if not dep or not arr:
        return []
    outward = _serves(dep, trip.origin) and _serves(arr, trip.destination)
    back = _serves(dep, trip.destination) and _serves(arr, trip.origin)
    if outward or back or (trip.origin is None and (_serves(dep, trip.destination)
                                                    or _serves(arr, trip.destination))):
        return []
    return [_flag("route_mismatch", f"승차권 구간 {dep}→{arr}이(가) 출장 출발지({trip.origin or '-'})·"
                                    f"목적지({trip.destination})와 맞지 않습니다.")]


def class_flags(fields: dict, trip: Trip, document_type: str) -> list[dict]:
    """A 특실 rail ticket for a 제2호 traveller (공무원 여비 규정 별표 2: 제2호 일반실)."""
    seat_class = str(fields.get("seat_class") or "").strip().lower()
    if document_type != "rail_ticket" or seat_class not in FIRST_CLASS or trip.traveler.grade != 2:
        return []
    return [_flag("class_above_entitlement", "제2호 여행자의 철도 특실 승차권입니다 (공무원 여비 규정 "
                                             "별표 2: 일반실). 승인자가 확인해야 정산할 수 있습니다.", True)]


def fare_flags(fields: dict, document_type: str) -> list[dict]:
    """More than 5% above the route's reference fare (workflow.fares)."""
    amount = fields.get("total_amount") if fields.get("total_amount") is not None else fields.get("fare")
    dep, arr = fields.get("departure"), fields.get("arrival")
    try:
        day = date.fromisoformat(str(fields.get("date")))
    except ValueError:
        return []
    if not isinstance(amount, int) or not dep or not arr:
        return []
    flag = check_fare(TICKETS[document_type], _station(dep), _station(arr), fields.get("seat_class"),
                      amount, day)
    return [_flag(flag["code"], flag["message"], bool(flag["blocking"]))] if flag else []


def _threshold() -> float:
    from flask import current_app

    return float(current_app.config.get("LOW_CONFIDENCE_THRESHOLD", 0.6))


def refresh_related(session: Session, keys: dict[str, set], after_id: int) -> None:
    """Recompute flags of later receipts sharing a file hash, ticket number or card approval."""
    clauses = [column.in_(values) for column, values in (
        (Receipt.sha256, keys.get("sha256")), (Receipt.ticket_no, keys.get("ticket_no")),
        (Receipt.approval_key, keys.get("approval_key"))) if values]
    if not clauses:
        return
    session.flush()
    for other in session.scalars(select(Receipt).where(or_(*clauses), Receipt.id > after_id)):
        other.flags = compute_flags(session=session, receipt=other,
                                    trip=session.get(Trip, other.trip_id), threshold=_threshold())


def receipt_keys(receipt: Receipt) -> dict[str, set]:
    """The duplicate-index keys of a receipt, as sets ready to merge."""
    return {"sha256": {receipt.sha256} - {None}, "ticket_no": {receipt.ticket_no} - {None},
            "approval_key": {receipt.approval_key} - {None}}


def refresh_flags(session: Session, receipt: Receipt, *, related: bool = False) -> None:
    """Re-derive the duplicate keys and flags of `receipt` (and of later receipts sharing keys)."""
    from app.services.receipt_fields import approval_key, normalised_ticket_no

    before = receipt_keys(receipt)
    fields = receipt.effective_fields()
    receipt.ticket_no = normalised_ticket_no(fields.get("ticket_no"))
    receipt.approval_key = approval_key(fields)
    session.flush()
    receipt.flags = compute_flags(session=session, receipt=receipt,
                                  trip=session.get(Trip, receipt.trip_id), threshold=_threshold())
    if related:
        after = receipt_keys(receipt)
        refresh_related(session, {k: before[k] | after[k] for k in before}, receipt.id)
