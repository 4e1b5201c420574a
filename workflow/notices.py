"""What each trip event tells whom, in Korean: one table of notices (pure, no Flask, no database).

The service layer (app/services/notify.py) finds the people; this module only decides the kind of
notice a status change produces, who it is for, and its words. The texts name no status label; which action
sends which kinds is part of each action's registry entry (workflow/trip_registry.py `notices`).

E-mail carries nothing personal beyond the trip's title (its purpose) and its amount: the comment of
a decision is shown in the app (inbox, push), never in the mail.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from workflow.trip_registry import ACTIONS

# Who receives a notice: the traveler of the trip, or the people who can decide its current step.
TRAVELER, APPROVERS = "traveler", "approvers"


@dataclass(frozen=True)
class Notice:
    """The words of one kind of notification; {title}, {amount}, {comment}, {date}, {days} fill in."""

    kind: str
    audience: str
    title: str
    body: str
    mail_body: str  # no comment in mail: decisions' reasons may be personal

    @property
    def label(self) -> str:
        """The kind's name in Korean: its title's words before the trip's ("결재 요청")."""
        return self.title.split(":", 1)[0].strip()


NOTICES: dict[str, Notice] = {n.kind: n for n in (
    Notice("approval_waiting", APPROVERS, "결재 요청: {title}",
           "'{title}' 출장 신청이 결재를 기다립니다.",
           "'{title}' 출장 신청이 결재를 기다립니다. 아래 주소에서 확인하고 결재해 주세요."),
    Notice("trip_approved", TRAVELER, "출장 승인: {title}",
           "'{title}' 출장이 승인되었습니다.{comment_line}",
           "'{title}' 출장이 승인되었습니다. 출장을 마친 뒤 영수증을 올려 정산하세요."),
    Notice("trip_returned", TRAVELER, "출장 신청 보완 요청: {title}",
           "'{title}' 출장 신청이 보완 요청으로 돌아왔습니다.{comment_line}",
           "'{title}' 출장 신청이 보완 요청으로 돌아왔습니다. 사유는 앱에서 확인하세요."),
    Notice("trip_rejected", TRAVELER, "출장 반려: {title}",
           "'{title}' 출장 신청이 반려되었습니다.{comment_line}",
           "'{title}' 출장 신청이 반려되었습니다. 사유는 앱에서 확인하세요."),
    Notice("settlement_in_review", TRAVELER, "정산 검토 중: {title}",
           "'{title}' 정산({amount})은 확인이 필요한 항목이 있어 결재권자가 검토합니다.",
           "'{title}' 정산({amount})은 확인이 필요한 항목이 있어 결재권자가 검토합니다."),
    Notice("settlement_waiting", APPROVERS, "정산 검토 요청: {title}",
           "'{title}' 정산({amount})이 검토를 기다립니다.",
           "'{title}' 정산({amount})이 검토를 기다립니다. 아래 주소에서 확인해 주세요."),
    Notice("settlement_accepted", TRAVELER, "정산 확정: {title}",
           "'{title}' 정산({amount})이 검토를 거쳐 확정되었습니다.{comment_line}",
           "'{title}' 정산({amount})이 검토를 거쳐 확정되었습니다."),
    Notice("settlement_returned", TRAVELER, "정산 보완 요청: {title}",
           "'{title}' 정산이 보완 요청으로 돌아왔습니다.{comment_line}",
           "'{title}' 정산이 보완 요청으로 돌아왔습니다. 사유는 앱에서 확인하세요."),
    Notice("trip_paid", TRAVELER, "여비 지급: {title}",
           "'{title}' 여비 {amount}이(가) {date}에 지급되었습니다.",
           "'{title}' 여비 {amount}이(가) {date}에 지급되었습니다."),
    # Emitted by the 결재선 work (대결 decided, the 결재권자 to be told afterwards); not by a transition.
    Notice("post_report_waiting", APPROVERS, "사후보고: {title}",
           "'{title}' 출장이 대결로 처리되어 사후보고를 기다립니다.{comment_line}",
           "'{title}' 출장이 대결로 처리되어 사후보고를 기다립니다. 아래 주소에서 확인해 주세요."),
    Notice("reminder_unsettled", TRAVELER, "정산 안내: {title}",
           "'{title}' 출장이 끝난 지 {days}일이 지났지만 아직 정산하지 않았습니다.",
           "'{title}' 출장이 끝난 지 {days}일이 지났지만 아직 정산하지 않았습니다."),
    # 공무원 여비 규정 제8조의2②: 운임·숙박비 증빙은 출장 후 2주 이내.
    Notice("reminder_evidence_due", TRAVELER, "증빙 제출 기한 임박: {title}",
           "'{title}' 운임·숙박비 증빙 제출 기한({date})이 {days}일 남았습니다 (여비 규정 제8조의2).",
           "'{title}' 운임·숙박비 증빙 제출 기한({date})이 {days}일 남았습니다 (여비 규정 제8조의2)."),
    Notice("reminder_approval_overdue", APPROVERS, "결재 지연: {title}",
           "'{title}' 출장 신청이 영업일 {days}일 넘게 결재를 기다리고 있습니다.",
           "'{title}' 출장 신청이 영업일 {days}일 넘게 결재를 기다리고 있습니다."),
)}

# (action, status reached) -> kinds of notice; an action missing here tells nobody.
# Derived from each action's `notices` in the trip registry: (action, status it moves to) -> kinds.
ON_TRANSITION: dict[tuple[str, str], tuple[str, ...]] = {
    (info.code.value, after.value): info.notices
    for info in ACTIONS.values() if info.notices for _, after in info.moves}
# Kinds an approver may take as one daily mail instead of one mail each (the digest option).
DIGESTIBLE = frozenset({"approval_waiting", "settlement_waiting", "reminder_approval_overdue"})
DIGEST_TITLE = "오늘의 결재 요청 {count}건"


def kinds_for(action: str, to_status: str) -> tuple[str, ...]:
    """The kinds of notice that a trip moving by `action` to `to_status` produces."""
    return ON_TRANSITION.get((action, to_status), ())


def won(amount: int | None) -> str:
    """12,345원 (an empty string for no amount)."""
    return "" if amount is None else f"{amount:,}원"


def render(kind: str, *, title: str, amount: int | None = None, comment: str = "",
           on: date | None = None, days: int | None = None) -> tuple[str, str, str]:
    """(title, app body, mail body) of a notice of `kind`."""
    notice = NOTICES[kind]
    comment = (comment or "").strip()
    values = {"title": _short(title, 60), "amount": won(amount) or "금액 미정",
              "comment_line": f" 의견: {_short(comment, 300)}" if comment else "",
              "date": on.isoformat() if on else "", "days": days if days is not None else ""}
    return (notice.title.format(**values), notice.body.format(**values),
            notice.mail_body.format(**values))


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def evidence_deadline(trip_end: date) -> date:
    """The last day for 운임·숙박비 evidence: two weeks after the trip (여비 규정 제8조의2②)."""
    return trip_end + timedelta(days=14)


def working_days_between(start: date, end: date, holidays: frozenset[date] = frozenset()) -> int:
    """Whole working days (Mon-Fri, not in `holidays`) after `start` up to and including `end`."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            count += 1
    return count
