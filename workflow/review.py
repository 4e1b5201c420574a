"""Nothing self-declared settles unseen: the blocking flags for claims no document backs.

공무원 여비 규정 제8조의2: 운임 and 숙박비 are claimed with itemised evidence; 일비 and 식비 are flat.
A claim the traveller only types in (a lodging night without its bill, an e-receipt nobody signed, a
fare far above the route's tariff, fuel and tolls beyond what a trip needs) may be honest, but a
person must see it before it is paid: each becomes a blocking flag, so settling goes to review.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from workflow.bounds import REVIEW_LIMITS
from workflow.fares import reference_fare
from workflow.trip_case import Expense, Fare, Lodging, TripCase


@dataclass(frozen=True)
class Evidence:
    """What backs one expense of a trip case: its receipt and whether anyone signed it."""

    receipt_id: int | None = None
    self_reported: bool = False


def _flag(code: str, message: str, ref: int | None, receipt_id: int | None = None) -> dict:
    return {"code": code, "message": message, "blocking": True, "ref": ref, "receipt_id": receipt_id}


def _fare_over_tariff(i: int, e: Fare, start: date, proof: Evidence) -> dict | None:
    if e.mode not in ("rail", "bus") or not e.origin or not e.destination:
        return None
    ref = reference_fare(e.mode, e.origin, e.destination, e.seat_class, e.day or start)
    percent = REVIEW_LIMITS["fare_over_tariff_percent"]
    if ref is None or e.amount * 100 <= ref * (100 + percent):
        return None
    return _flag("fare_far_above_tariff",
                 f"{e.origin}-{e.destination} 운임 {e.amount:,}원이 기준운임 {ref:,}원보다 "
                 f"{percent}% 넘게 많습니다. 승차권을 확인한 뒤 정산을 승인하세요.", i, proof.receipt_id)


def _per_expense(i: int, e: Expense, start: date, proof: Evidence) -> list[dict]:
    flags = []
    if proof.self_reported:
        flags.append(_flag("self_reported_evidence",
                           f"영수증 #{proof.receipt_id}은 서명 없는 전자영수증(자가 신고)입니다: 발급처가 "
                           f"확인하지 않은 금액 {getattr(e, 'amount', 0):,}원이 정산에 들어갑니다.",
                           i, proof.receipt_id))
    if isinstance(e, Lodging) and proof.receipt_id is None:
        flags.append(_flag("lodging_without_receipt",
                           f"{e.night} 숙박비 {e.amount:,}원은 영수증 없이 입력한 금액입니다 "
                           f"(제8조의2②: 증빙 첨부). 증빙을 확인하세요.", i))
    if isinstance(e, Fare):
        flag = _fare_over_tariff(i, e, start, proof)
        if flag:
            flags.append(flag)
    return flags


def _over_limit(lines: list[dict], item: str, limit_key: str, label: str) -> list[dict]:
    total = sum(line["amount"] for line in lines if line["item"] == item)
    limit = REVIEW_LIMITS[limit_key]
    if total <= limit:
        return []
    return [_flag(f"{item}_over_limit",
                  f"{label} 합계 {total:,}원이 출장 1건 기준 {limit:,}원을 넘습니다: 여행자가 직접 "
                  f"입력한 금액이니 경로와 증빙을 확인하세요.", None)]


def review_flags(*, case: TripCase, lines: list[dict], evidence: dict[int, Evidence]) -> list[dict]:
    """Blocking flags for the self-declared claims of a trip `case` and its statement `lines`.

    `evidence` maps an expense index to what backs it; an index missing from it has no receipt.
    """
    start = case.start_at.date()
    flags: list[dict] = []
    for e in case.expenses:
        flags += _per_expense(e.index, e, start, evidence.get(e.index, Evidence()))
    flags += _over_limit(lines, "fuel", "fuel_per_trip_krw", "유류비")
    flags += _over_limit(lines, "toll", "toll_per_trip_krw", "통행료")
    return flags
