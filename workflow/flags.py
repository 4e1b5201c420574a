"""One Flag type and the registry of every flag code: what the approver should see, and how much it weighs.

Levels mean one thing wherever a flag is shown:
- blocking: a person must decide before the trip moves on (settling goes to review, bulk approval skips it);
- review: worth a look, the decision stays with the approver;
- info: what the calculation did (a cap applied, a reduction), nothing to decide.
The API keeps `blocking` (level == blocking) beside `level`, so older clients read flags unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass

BLOCKING, REVIEW, INFO = "blocking", "review", "info"
LEVELS = {BLOCKING: "확인 필요", REVIEW: "검토", INFO: "참고"}

# A value OCR read under this confidence is unsure: ocr/README.md ("What the confidence means") keeps
# anything contested, fuzzy or unlabelled under 0.6, and one clean labelled reading at 0.6-0.8. A
# deployment may move it with LOW_CONFIDENCE_THRESHOLD (app config); this is the default and the meaning.
UNSURE_BELOW = 0.6


@dataclass(frozen=True)
class FlagKind:
    """One registry entry: the level (first of `levels`), the Korean title and the article or source."""

    levels: tuple[str, ...]
    label: str
    article: str = ""

    @property
    def level(self) -> str:
        """The usual level; a rule may name a milder one in `levels` (e.g. one day against all)."""
        return self.levels[0]


def _k(level: str, label: str, article: str = "", *milder: str) -> FlagKind:
    return FlagKind((level, *milder), label, article)


RULE = "공무원 여비 규정"
FLAGS: dict[str, FlagKind] = {
    # Receipts: what only the document can tell (app.services.receipt_checks, workflow.receipt_checks).
    "duplicate_file": _k(BLOCKING, "같은 파일 중복 제출", f"{RULE} 제31조"),
    "duplicate_ticket_no": _k(BLOCKING, "승차권 번호 중복", f"{RULE} 제31조"),
    "duplicate_card_approval": _k(BLOCKING, "카드 승인 중복", f"{RULE} 제31조"),
    "self_reported": _k(REVIEW, "서명 없는 전자영수증", f"{RULE} 제8조의2"),
    "ocr_failed": _k(REVIEW, "영수증 인식 실패"),
    "ocr_pending": _k(INFO, "영수증 인식 중"),
    "low_confidence": _k(REVIEW, "인식이 불확실한 값"),
    "corrected": _k(INFO, "여행자가 고친 값"),
    "outside_trip": _k(REVIEW, "출장 기간 밖의 날짜"),
    "route_mismatch": _k(REVIEW, "출장지와 맞지 않는 구간"),
    # Fares: one check each, on receipts and on the statement's expenses (workflow.fares).
    "class_above_entitlement": _k(BLOCKING, "제2호 철도 특실", f"{RULE} 별표 2"),
    "fare_above_tariff": _k(REVIEW, "기준운임보다 많은 운임", f"{RULE} 제10조~제13조"),
    "fare_far_above_tariff": _k(BLOCKING, "기준운임보다 훨씬 많은 운임", f"{RULE} 제10조~제13조"),
    "taxi_fare": _k(REVIEW, "택시 요금", "여비업무처리기준"),
    # The statement (workflow.allowances, costs, days).
    "lodging_over_cap_justified": _k(BLOCKING, "사유 있는 숙박비 상한 초과", f"{RULE} 제16조①"),
    "lodging_capped": _k(INFO, "숙박비 상한 적용", f"{RULE} 제16조①, 별표 2"),
    "private_car_reason_missing": _k(REVIEW, "자가용 사유 없음", f"{RULE} 별표 2 비고 제4호"),
    "private_car_paid_as_fare": _k(INFO, "자가용을 운임으로 지급", f"{RULE} 별표 2 비고 제4호"),
    "fuel_with_official_vehicle": _k(BLOCKING, "공무용 차량과 자가용 연료비", f"{RULE} 제15조", REVIEW),
    "duty_area_former_areas": _k(BLOCKING, "통합특별시의 다른 옛 지역", f"{RULE} 제18조②"),
    "long_stay_reduction": _k(INFO, "장기체재 일비 감액", f"{RULE} 제17조"),
    "evidence_late": _k(REVIEW, "증빙 제출 기한 경과", f"{RULE} 제8조의2②"),
    "card_slip_late": _k(REVIEW, "카드 매출전표 기한 경과", f"{RULE} 제16조②"),
    "trip_crosses_amendment": _k(INFO, "출장 중 여비 금액 개정", "부칙 제33312호 제2조"),
    # What only the traveler declares (workflow.review).
    "self_reported_evidence": _k(BLOCKING, "자가 신고 금액", f"{RULE} 제8조의2①"),
    "lodging_without_receipt": _k(BLOCKING, "영수증 없는 숙박비", f"{RULE} 제8조의2②"),
    "fuel_over_limit": _k(BLOCKING, "유류비 합계 기준 초과", "workflow.bounds.REVIEW_LIMITS"),
    "toll_over_limit": _k(BLOCKING, "통행료 합계 기준 초과", "workflow.bounds.REVIEW_LIMITS"),
    # Settlement and the trip itself (app.services.settlement, workflow.trip_flags).
    "receipt_not_used": _k(INFO, "정산에 넣지 않은 영수증"),
    "region_override": _k(REVIEW, "숙박 지역 등급 변경", f"{RULE} 별표 2"),
    "applied_late": _k(REVIEW, "사후 신청"),
    "overlap": _k(BLOCKING, "기간이 겹치는 출장"),
}
# Codes merged into one: stored rows written before the merge still read as the code that stays.
RENAMED = {"first_class_not_entitled": "class_above_entitlement"}


@dataclass(frozen=True)
class Flag:
    """Something the approver should see about a trip, a receipt (`receipt_id`, `field`) or an expense
    of the statement (`ref`, its index in the calculator body)."""

    code: str
    message: str
    level: str
    source: str = ""
    receipt_id: int | None = None
    ref: int | None = None
    field: str | None = None

    @property
    def blocking(self) -> bool:
        """A person must decide before the trip moves on."""
        return self.level == BLOCKING

    @property
    def label(self) -> str:
        """The Korean title of the code (the code itself for one the registry no longer knows)."""
        kind = FLAGS.get(self.code)
        return kind.label if kind else self.code

    @property
    def level_label(self) -> str:
        """The Korean word of the level ('확인 필요', '검토', '참고')."""
        return LEVELS[self.level]

    def to_dict(self) -> dict:
        """JSON-ready form (the stored and API shape): the registry's level and `blocking` beside it;
        `field` only when the flag names one (as receipt flags always had it)."""
        out = {"code": self.code, "message": self.message, "blocking": self.blocking, "level": self.level,
               "source": self.source, "receipt_id": self.receipt_id, "ref": self.ref}
        return out | ({"field": self.field} if self.field is not None else {})


def flag(code: str, message: str, *, level: str | None = None, receipt_id: int | None = None,
         ref: int | None = None, field: str | None = None) -> Flag:
    """A Flag of a registered code, with its level and article from the registry (KeyError if unknown)."""
    kind = FLAGS[code]
    if level is not None and level not in kind.levels:
        raise ValueError(f"{code} is never {level}")
    return Flag(code, message, level or kind.level, kind.article, receipt_id, ref, field)


def from_dict(raw: dict, **where) -> Flag:
    """A stored flag dict as a Flag (older rows have no level: taken from `blocking`); `where` adds
    receipt_id / ref / field when the row did not carry them."""
    code = RENAMED.get(str(raw.get("code", "")), str(raw.get("code", "")))
    kind, level = FLAGS.get(code), raw.get("level")
    if level not in LEVELS:
        level = BLOCKING if raw.get("blocking") else (kind.level if kind and kind.level != BLOCKING
                                                      else REVIEW)
    values = {"receipt_id": raw.get("receipt_id"), "ref": raw.get("ref"), "field": raw.get("field")}
    values.update({k: v for k, v in where.items() if values.get(k) is None})
    return Flag(code, str(raw.get("message", "")), level,
                str(raw.get("source") or (kind.article if kind else "")), **values)


def is_unsure(confidence: object, below: float = UNSURE_BELOW) -> bool:
    """True when an OCR confidence says the value needs a person's look (a number under `below`)."""
    return isinstance(confidence, (int, float)) and not isinstance(confidence, bool) and confidence < below


def by_level(flags: list[Flag]) -> list[Flag]:
    """Blocking first, then review, then info; the order within a level is kept."""
    order = list(LEVELS)
    return sorted(flags, key=lambda f: order.index(f.level))


def vocabulary_section(unsure_below: float = UNSURE_BELOW) -> dict:
    """The flag words for clients (GET /api/v1/vocabulary): levels, every code, the unsure threshold."""
    return {"flag_levels": {level: {"label": label} for level, label in LEVELS.items()},
            "flags": {code: {"level": kind.level, "label": kind.label} for code, kind in FLAGS.items()},
            "unsure_below": unsure_below}
