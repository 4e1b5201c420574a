"""Every trip status and action, each defined once: the machine's tables, the API routes, the labels
of the web pages, the phone app and the audit trail are all generated from STATUSES and ACTIONS.

Adding an action: its enum member in workflow/states.py, one ActionInfo below, and (for a route that
is not the generic one) its service function. Nothing else keeps a copy.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from workflow.states import Action, Actor, TripStatus

S, A = TripStatus, Action

# Who serves POST /api/v1/trips/<id>/<path>.
GENERIC = "trips"              # generated in app/api/trips.py, body {version, comment}
SETTLEMENT = "settlements"     # app/api/settlements.py: the settle body (lodging, fuel, ...)
NO_ROUTE = ""                  # not taken on one trip by a client (the finance export pays)
POST_REPORTS = "absences"      # app/api/absences.py: acknowledging a 사후보고 (issue 15)


@dataclass(frozen=True)
class StatusInfo:
    """One trip status: its Korean label, a display tone and whether nothing follows it."""

    code: TripStatus
    label: str
    tone: str  # neutral | waiting | good | bad | muted | done
    terminal: bool = False


@dataclass(frozen=True)
class ActionInfo:
    """One trip action: label, who takes it, its moves, its comment rule, URL segment and notice."""

    code: Action
    label: str
    actor: Actor
    moves: tuple[tuple[TripStatus, TripStatus], ...]
    path: str | None           # the name clients see in allowed_actions and in the URL
    done_message: str          # the notice after it, read after "출장을" ("#7 출장을 승인했습니다.")
    comment_required: bool = False
    route: str = GENERIC
    doc: str = ""              # the route's summary in the OpenAPI document
    # Recorded in the trail without moving the trip (a step of the 결재선, a 사후보고 read): the only
    # kind of action a terminal status allows.
    keeps_status: bool = False
    # The kinds of notification it sends (workflow/notices.py NOTICES), e.g. ("trip_approved",).
    notices: tuple[str, ...] = ()

    @property
    def from_statuses(self) -> tuple[TripStatus, ...]:
        """The statuses this action may be taken from."""
        return tuple(before for before, _ in self.moves)


_STATUS_LIST = (
    StatusInfo(S.DRAFT, "작성 중", "neutral"),
    StatusInfo(S.APPLIED, "결재 대기", "waiting"),
    StatusInfo(S.APPROVED, "승인", "good"),
    StatusInfo(S.REJECTED, "반려", "bad", terminal=True),
    StatusInfo(S.CANCELLED, "취소", "muted", terminal=True),
    StatusInfo(S.SETTLEMENT_REVIEW, "정산 검토", "waiting"),
    StatusInfo(S.SETTLED, "정산 완료", "good"),
    StatusInfo(S.PAID, "지급 완료", "done", terminal=True),
)

_ACTION_LIST = (
    ActionInfo(A.APPLY, "결재 신청", Actor.OWNER, ((S.DRAFT, S.APPLIED),), "apply", "결재 신청했습니다.",
               doc="Traveler applies for approval (draft -> applied).",
               notices=("approval_waiting",)),
    ActionInfo(A.APPROVE, "승인", Actor.APPROVER, ((S.APPLIED, S.APPROVED),), "approve", "승인했습니다.",
               doc="Approver of the traveler's unit approves (applied -> approved).",
               notices=("trip_approved",)),
    ActionInfo(A.REJECT, "반려", Actor.APPROVER, ((S.APPLIED, S.REJECTED),), "reject", "반려했습니다.",
               comment_required=True,
               doc="Approver rejects, with a comment (applied -> rejected, final).",
               notices=("trip_rejected",)),
    ActionInfo(A.RETURN, "보완 요청", Actor.APPROVER, ((S.APPLIED, S.DRAFT),), "return",
               "보완 요청으로 돌려보냈습니다.", comment_required=True,
               doc="Approver returns for correction, with a comment (applied -> draft).",
               notices=("trip_returned",)),
    ActionInfo(A.CANCEL, "출장 취소", Actor.OWNER,
               ((S.DRAFT, S.CANCELLED), (S.APPLIED, S.CANCELLED), (S.APPROVED, S.CANCELLED)),
               "cancel", "취소했습니다.", doc="Traveler cancels (from draft, applied or approved)."),
    ActionInfo(A.SETTLE, "정산 제출", Actor.OWNER, ((S.APPROVED, S.SETTLED),), "settle",
               "정산했습니다. 지급을 기다립니다.", route=SETTLEMENT),
    # Settling with flags that need a human: the same "settle" to a client, the server decides.
    ActionInfo(A.SETTLE_FOR_REVIEW, "정산 제출(검토 필요)", Actor.OWNER,
               ((S.APPROVED, S.SETTLEMENT_REVIEW),), "settle", "정산 제출했습니다. 승인자가 검토합니다.",
               route=SETTLEMENT,
               notices=("settlement_in_review", "settlement_waiting")),
    ActionInfo(A.ACCEPT_SETTLEMENT, "정산 승인", Actor.APPROVER, ((S.SETTLEMENT_REVIEW, S.SETTLED),),
               "accept-settlement", "정산을 승인했습니다.",
               doc="Approver accepts a settlement in review (-> settled).",
               notices=("settlement_accepted",)),
    ActionInfo(A.RETURN_SETTLEMENT, "정산 보완 요청", Actor.APPROVER,
               ((S.SETTLEMENT_REVIEW, S.APPROVED),), "return-settlement",
               "정산을 보완 요청으로 돌려보냈습니다.", comment_required=True,
               doc="Approver returns a settlement in review, with a comment (-> approved).",
               notices=("settlement_returned",)),
    # Paid in batches through the finance export (POST /api/v1/exports/...), never on one trip.
    ActionInfo(A.PAY, "지급", Actor.FINANCE, ((S.SETTLED, S.PAID),), None, "지급했습니다.",
               route=NO_ROUTE,
               notices=("trip_paid",)),
    # Issue 15, the 결재선: approve on a step before the last keeps the trip where it is; the
    # client still says "approve" and the approval line picks this entry.
    ActionInfo(A.APPROVE_STEP, "단계 승인", Actor.APPROVER, ((S.APPLIED, S.APPLIED),), None,
               "이 단계에서 승인했습니다. 다음 결재 단계를 기다립니다.", route=NO_ROUTE,
               keeps_status=True,
               notices=("approval_waiting",)),
    ActionInfo(A.ACCEPT_SETTLEMENT_STEP, "정산 단계 승인", Actor.APPROVER,
               ((S.SETTLEMENT_REVIEW, S.SETTLEMENT_REVIEW),), None,
               "정산 검토 단계에서 승인했습니다. 다음 결재 단계를 기다립니다.", route=NO_ROUTE,
               keeps_status=True,
               notices=("settlement_waiting",)),
    # The absent approver reads a decision made in their place (대결), in any status it left.
    ActionInfo(A.ACKNOWLEDGE, "사후보고 확인", Actor.APPROVER, tuple((s, s) for s in S), "acknowledge",
               "사후보고로 확인했습니다.", route=POST_REPORTS, keeps_status=True,
               doc="The absent approver acknowledges the 사후보고 of a 대결 decision (status kept)."),
)

STATUSES: dict[TripStatus, StatusInfo] = {s.code: s for s in _STATUS_LIST}
ACTIONS: dict[Action, ActionInfo] = {a.code: a for a in _ACTION_LIST}

TRANSITIONS: dict[tuple[TripStatus, Action], TripStatus] = {
    (before, a.code): after for a in _ACTION_LIST for before, after in a.moves}
ACTORS: dict[Action, Actor] = {a.code: a.actor for a in _ACTION_LIST}
COMMENT_REQUIRED = frozenset(a.code for a in _ACTION_LIST if a.comment_required)
TERMINAL = frozenset(s.code for s in _STATUS_LIST if s.terminal)

_PATH = re.compile(r"^[a-z]+(-[a-z]+)*$")


def action_for_path(path: str) -> ActionInfo | None:
    """The first action clients name `path` (settle and settle_for_review share "settle")."""
    return next((a for a in _ACTION_LIST if a.path == path), None)


def generic_routes() -> list[ActionInfo]:
    """Actions served by the generated POST /trips/<id>/<path> route, in registry order."""
    return [a for a in _ACTION_LIST if a.route == GENERIC]


def check_registry() -> None:
    """Raise ValueError if the registry is incomplete or inconsistent (run at import)."""
    if set(STATUSES) != set(TripStatus) or set(ACTIONS) != set(Action):
        raise ValueError("every TripStatus and Action needs exactly one registry entry")
    if sum(len(a.moves) for a in _ACTION_LIST) != len(TRANSITIONS):
        raise ValueError("an action lists the same from-status twice")
    for a in _ACTION_LIST:
        if not a.label or not a.done_message or not a.moves:
            raise ValueError(f"action {a.code} needs a label, a done message and a move")
        if a.keeps_status and any(before != after for before, after in a.moves):
            raise ValueError(f"action {a.code} keeps the status, so each move stays where it is")
        if not a.keeps_status and any(before in TERMINAL for before in a.from_statuses):
            raise ValueError(f"action {a.code} leaves a terminal status")
        if (a.path is None) != (a.route == NO_ROUTE) or (a.path and not _PATH.match(a.path)):
            raise ValueError(f"action {a.code}: a client action needs a path of a-z words")
        shared = [b for b in _ACTION_LIST if b.path == a.path and b is not a]
        if a.path and any((b.route, b.actor) != (a.route, a.actor) for b in shared):
            raise ValueError(f"path {a.path} is shared by actions with different routes or actors")
        if a.route == GENERIC and shared:
            raise ValueError(f"generated route {a.path} must name one action")


check_registry()
