"""Nothing self-declared settles unseen: the blocking flags for claims no document backs.

공무원 여비 규정 제8조의2: 운임 and 숙박비 are claimed with itemised evidence; 일비 and 식비 are flat.
A claim the traveler only types in (a lodging night without its bill, an e-receipt nobody signed, a
fare far above the route's tariff, fuel and tolls beyond what a trip needs) may be honest, but a
person must see it before it is paid: each becomes a blocking flag, so settling goes to review.
"""
from __future__ import annotations

from dataclasses import dataclass

from workflow.bounds import REVIEW_LIMITS
from workflow.flags import Flag, flag
from workflow.trip_case import Expense, Lodging, TripCase


@dataclass(frozen=True)
class Evidence:
    """What backs one expense of a trip case: its receipt and whether anyone signed it."""

    receipt_id: int | None = None
    self_reported: bool = False


def _per_expense(i: int, e: Expense, proof: Evidence) -> list[Flag]:
    flags = []
    if proof.self_reported:
        flags.append(flag("self_reported_evidence",
                          f"영수증 #{proof.receipt_id}은 서명 없는 전자영수증(자가 신고)입니다: 발급처가 "
                          f"확인하지 않은 금액 {getattr(e, 'amount', 0):,}원이 정산에 들어갑니다.",
                          ref=i, receipt_id=proof.receipt_id))
    if isinstance(e, Lodging) and proof.receipt_id is None:
        flags.append(flag("lodging_without_receipt",
                          f"{e.night} 숙박비 {e.amount:,}원은 영수증 없이 입력한 금액입니다 "
                          f"(제8조의2②: 증빙 첨부). 증빙을 확인하세요.", ref=i))
    return flags


def _over_limit(lines: list[dict], item: str, limit_key: str, label: str) -> list[Flag]:
    total = sum(line["amount"] for line in lines if line["item"] == item)
    limit = REVIEW_LIMITS[limit_key]
    if total <= limit:
        return []
    return [flag(f"{item}_over_limit",
                 f"{label} 합계 {total:,}원이 출장 1건 기준 {limit:,}원을 넘습니다: 여행자가 직접 "
                 f"입력한 금액이니 경로와 증빙을 확인하세요.")]


def review_flags(*, case: TripCase, lines: list[dict], evidence: dict[int, Evidence]) -> list[Flag]:
    """Blocking flags for the self-declared claims of a trip `case` and its statement `lines`.

    `evidence` maps an expense index to what backs it; an index missing from it has no receipt.
    """
    flags: list[Flag] = []
    for e in case.expenses:
        flags += _per_expense(e.index, e, evidence.get(e.index, Evidence()))
    flags += _over_limit(lines, "fuel", "fuel_per_trip_krw", "유류비")
    flags += _over_limit(lines, "toll", "toll_per_trip_krw", "통행료")
    return flags
