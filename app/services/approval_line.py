"""The 결재선 of each trip: fixed from the unit's policy when applied, decided step by step.

`decide()` is what the trip service calls for approve / reject / return and the settlement review
actions; `deciders_now()` answers who can decide a trip's current step now, absences (대결) included.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import Forbidden
from app.models import ApprovalPolicy, ApprovalStep, ApproverUnit, Role, Trip, User, UserRole
from app.services import notify
from app.services.absences import active_substitutes
from app.settings import Settings
from workflow import approval_line as rules
from workflow.machine import next_status
from workflow.rates import NoRatesInForce, rates_in_force
from workflow.states import Action, TripStatus

TRIP, SETTLEMENT = "trip", "settlement"
PHASE_OF_STATUS = {TripStatus.APPLIED.value: TRIP, TripStatus.SETTLEMENT_REVIEW.value: SETTLEMENT}
# The actions decided on a step; approving a step that is not the last keeps the status.
DECISIONS = frozenset({Action.APPROVE, Action.REJECT, Action.RETURN, Action.ACCEPT_SETTLEMENT,
                       Action.RETURN_SETTLEMENT})
APPROVING = frozenset({Action.APPROVE, Action.ACCEPT_SETTLEMENT})
STEP_STATUS = {Action.APPROVE: "approved", Action.ACCEPT_SETTLEMENT: "approved",
               Action.APPROVE_STEP: "approved", Action.ACCEPT_SETTLEMENT_STEP: "approved",
               Action.REJECT: "rejected", Action.RETURN: "returned",
               Action.RETURN_SETTLEMENT: "returned"}
# The registry's action for an approval before the last step (the trip stays where it is).
STEP_ACTION = {TRIP: Action.APPROVE_STEP, SETTLEMENT: Action.ACCEPT_SETTLEMENT_STEP}
REFUSALS = {rules.OWN_TRIP: "An approver never approves their own trip.",
            rules.DECIDED_BEFORE: "You already decided a step of this trip's approval line.",
            rules.NOT_ON_STEP: "This step of the approval line waits for someone else."}


def policy_rules(session: Session, unit_id: int, phase: str) -> list[rules.Rule]:
    """The unit's stored rules for `phase` (empty: the default line)."""
    row = session.get(ApprovalPolicy, unit_id)
    if row is None:
        return []
    return rules.parse_policy(row.rules if phase == TRIP else row.settlement_rules)


def trip_facts(trip: Trip) -> rules.TripFacts:
    """What the policy's rules look at, from the trip and its traveler."""
    days = rules.trip_days(trip.start_at, trip.end_at)
    cost = trip.estimated_cost
    if cost is None:
        try:
            rates = rates_in_force(trip.start_at.date())
        except NoRatesInForce:
            cost = 0
        else:
            cap = 0 if trip.within_duty_area else rates.lodging_caps.get(trip.region_class, 0)
            cost = rules.estimated_cost(days=days, daily=rates.daily_allowance,
                                        meal=rates.meal_allowance, lodging_cap=cap)
    return rules.TripFacts(grade=trip.traveler.grade, position=trip.traveler.position_title,
                           days=days, cost=cost, region=trip.region_class)


def line_steps(session: Session, trip_id: int, phase: str, round_: int | None = None):
    """The steps of one line of a trip: the latest of `phase` unless `round_` is given."""
    if round_ is None:
        round_ = session.scalar(select(func.max(ApprovalStep.round)).where(
            ApprovalStep.trip_id == trip_id, ApprovalStep.phase == phase))
        if round_ is None:
            return []
    return list(session.scalars(select(ApprovalStep).where(
        ApprovalStep.trip_id == trip_id, ApprovalStep.phase == phase,
        ApprovalStep.round == round_).order_by(ApprovalStep.order)))


def fix_line(session: Session, trip: Trip, phase: str) -> list[ApprovalStep]:
    """Store a new line for `trip` from its unit's policy now; later policy changes leave it alone."""
    last = session.scalar(select(func.max(ApprovalStep.round)).where(
        ApprovalStep.trip_id == trip.id, ApprovalStep.phase == phase)) or 0
    line = rules.line_for(policy_rules(session, trip.unit_id, phase), trip_facts(trip))
    steps = [ApprovalStep(trip_id=trip.id, phase=phase, round=last + 1, order=i, title=s.title,
                          approver_ids=list(s.approver_ids) if s.approver_ids else None,
                          status="pending" if i == 1 else "waiting", comment="")
             for i, s in enumerate(line, start=1)]
    session.add_all(steps)
    session.flush()
    return steps


def after_transition(*, session: Session, trip: Trip, from_status: str) -> None:
    """Fix the line when a trip is applied or its settlement goes to review (same transaction)."""
    phase = PHASE_OF_STATUS.get(trip.status)
    if phase and from_status != trip.status:
        fix_line(session, trip, phase)


def current_line(session: Session, trip: Trip) -> tuple[str | None, list[ApprovalStep]]:
    """The phase waiting for decisions and its steps; a trip applied before lines existed gets
    the default line now (what it would have had)."""
    phase = PHASE_OF_STATUS.get(trip.status)
    if phase is None:
        return None, []
    steps = line_steps(session, trip.id, phase)
    if not steps or not any(s.status == "pending" for s in steps):
        steps = fix_line(session, trip, phase)
    return phase, steps


def unit_approver_ids(session: Session, unit_id: int) -> set[int]:
    """Active users holding the approver role for `unit_id`."""
    return set(session.scalars(
        select(User.id).join(ApproverUnit, ApproverUnit.user_id == User.id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(ApproverUnit.unit_id == unit_id, UserRole.role == Role.APPROVER.value,
               User.active.is_(True))))


def step_approvers(session: Session, trip: Trip, step: ApprovalStep) -> set[int]:
    """Who holds `step`: its named approvers who still approve in the unit, or any approver of it."""
    unit = unit_approver_ids(session, trip.unit_id)
    return unit if step.approver_ids is None else set(step.approver_ids) & unit


def used_authority(steps: list[ApprovalStep]) -> set[int]:
    """Everyone whose authority a line has used: deciders and the absent approvers of 대결."""
    used = {s.decided_by_id for s in steps} | {s.on_behalf_of_id for s in steps}
    return {u for u in used if u is not None}


def _authority(session: Session, trip: Trip, steps: list[ApprovalStep], step: ApprovalStep,
               actor_id: int, at: datetime | None = None) -> rules.Authority:
    holders = step_approvers(session, trip, step)
    unit = unit_approver_ids(session, trip.unit_id)
    subs = active_substitutes(session=session, user_ids=holders, allowed=unit, at=at)
    return rules.authority(actor_id=actor_id, traveler_id=trip.traveler_id,
                           step_approvers=holders, substitutes=subs, decided=used_authority(steps))


def pending_step(steps: list[ApprovalStep]) -> ApprovalStep | None:
    """The step waiting for a decision now, if any."""
    return next((s for s in steps if s.status == "pending"), None)


def decide(*, session: Session, trip: Trip, actor: User, action: Action, settings: Settings,
           comment: str = "", request_id: str = "") -> ApprovalStep:
    """Decide the current step of `trip`'s line as `actor`; the last approval moves the trip.

    The caller (app.services.trips.transition) has checked the unit, the version and commits.
    """
    from app.services import trips as trip_service  # the trip service calls in here

    next_status(TripStatus(trip.status), action, comment)  # 409 / 422 before the line
    phase, steps = current_line(session, trip)
    step = pending_step(steps)
    verdict = _authority(session, trip, steps, step, actor.id)
    if not verdict.ok:
        raise Forbidden(REFUSALS[verdict.refusal])
    last = step is steps[-1]
    if action in APPROVING and not last:
        action = STEP_ACTION[phase]
        steps[steps.index(step) + 1].status = "pending"
    row = trip_service.record_transition(session=session, trip=trip, action=action, actor=actor,
                                         settings=settings, comment=comment,
                                         request_id=request_id, step=step.order,
                                         on_behalf_of=verdict.on_behalf_of)
    step.status, step.decided_by_id, step.decided_at = STEP_STATUS[row.action], actor.id, row.at
    step.on_behalf_of_id, step.comment = verdict.on_behalf_of, comment or ""
    session.flush()
    if verdict.on_behalf_of:  # 사후보고: the absent approver is told, with this commit
        notify.emit(session, trip, "post_report_waiting", f"step{step.id}", comment=comment,
                    user_ids=[verdict.on_behalf_of])
    return step


def deciders_now(*, session: Session, trip: Trip,
                 at: datetime | None = None) -> list[tuple[int, int | None]]:
    """Who can decide `trip`'s current step now: (user id, absent approver or None), by id.

    Substitutes of approvers away now (대결) are included; empty when nothing waits.
    """
    phase = PHASE_OF_STATUS.get(trip.status)
    steps = line_steps(session, trip.id, phase) if phase else []
    step = pending_step(steps)
    if phase and step is None:
        return [(u, None) for u in sorted(unit_approver_ids(session, trip.unit_id))
                if u != trip.traveler_id]  # applied before lines existed: the default line
    if step is None:
        return []
    holders = step_approvers(session, trip, step)
    subs = active_substitutes(session=session, user_ids=holders,
                              allowed=unit_approver_ids(session, trip.unit_id), at=at)
    return rules.deciders(traveler_id=trip.traveler_id, step_approvers=holders,
                          substitutes=subs, decided=used_authority(steps))


def can_decide(session: Session, trip: Trip, actor: User) -> bool:
    """True when `actor` may decide the step of `trip` waiting now."""
    return any(user_id == actor.id for user_id, _ in deciders_now(session=session, trip=trip))

