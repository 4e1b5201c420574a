"""The 결재선 as the API, the pages and the statement show it: steps with names and 대결 marks."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApprovalStep, Trip, User
from app.services.absences import active_substitutes
from app.services.approval_line import (PHASE_OF_STATUS, SETTLEMENT, TRIP, deciders_now,
                                        line_steps, pending_step, step_approvers,
                                        unit_approver_ids, used_authority)
from workflow import approval_line as rules


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(ids))) if ids else []
    return {user_id: name for user_id, name in rows}


def step_dicts(session: Session, trip: Trip, steps: list[ApprovalStep]) -> list[dict]:
    """Steps as the API and pages show them: who may decide, who decided, 대결 marks."""
    holders = {s.id: sorted(step_approvers(session, trip, s)) for s in steps}
    names = _names(session, {i for s in steps for i in (s.decided_by_id, s.on_behalf_of_id)}
                   | {i for ids in holders.values() for i in ids})
    return [{"order": s.order, "title": s.title, "status": s.status,
             "approver_ids": holders[s.id],
             "approver_names": [names.get(i, "") for i in holders[s.id]],
             "decided_by": s.decided_by_id, "decided_by_name": names.get(s.decided_by_id),
             "decided_at": s.decided_at, "on_behalf_of": s.on_behalf_of_id,
             "on_behalf_of_name": names.get(s.on_behalf_of_id),
             "mark": "대결" if s.on_behalf_of_id else "", "comment": s.comment,
             "acknowledged_at": s.acknowledged_at} for s in steps]


def line_view(session: Session, trip: Trip) -> dict[str, list[dict]]:
    """`approval_steps` (the application's latest line) and `settlement_steps` of a trip.

    A trip applied before lines existed shows the default step it will be decided on.
    """
    views = {}
    for phase, key in ((TRIP, "approval_steps"), (SETTLEMENT, "settlement_steps")):
        steps = line_steps(session, trip.id, phase)
        if not steps and PHASE_OF_STATUS.get(trip.status) == phase:
            steps = [ApprovalStep(id=0, order=1, title=rules.DEFAULT_TITLE, status="pending",
                                  approver_ids=None, comment="")]
        views[key] = step_dicts(session, trip, steps)
    return views


@dataclass
class Panel:
    """The line as an approver's page shows it: the steps, what waits now and whether it is theirs."""

    approval_steps: list[dict]
    settlement_steps: list[dict]
    waiting_title: str | None  # the step waiting now, if any
    waiting_names: list[str]  # who can decide it now (substitutes marked)
    mine: bool  # the viewer can decide it now
    on_behalf_of_name: str | None  # ... in whose place (대결), if so


def panel(session: Session, trip: Trip, viewer: User, *, with_steps: bool = True) -> Panel:
    """What the pages show about `trip`'s line for `viewer` (the queue skips the step lists)."""
    views = line_view(session, trip) if with_steps else {"approval_steps": [],
                                                         "settlement_steps": []}
    now = deciders_now(session=session, trip=trip)
    names = _names(session, {u for u, _ in now} | {b for _, b in now if b})
    phase = PHASE_OF_STATUS.get(trip.status)
    steps = line_steps(session, trip.id, phase) if phase else []
    step = pending_step(steps)
    title = step.title if step else (rules.DEFAULT_TITLE if phase else None)
    mine = next(((u, b) for u, b in now if u == viewer.id), None)
    return Panel(approval_steps=views["approval_steps"],
                 settlement_steps=views["settlement_steps"], waiting_title=title,
                 waiting_names=[names.get(u, "") + (f" ({names.get(b, '')} 대결)" if b else "")
                                for u, b in now],
                 mine=mine is not None,
                 on_behalf_of_name=names.get(mine[1]) if mine and mine[1] else None)


def signature(step: dict) -> str:
    """One decided step as a statement prints it: 결재 오대결 (대결, 최승인 부재) 2026-12-01 13:30 승인."""
    if not step["decided_by"]:
        return f"{step['title']}: -"
    mark = f" (대결, {step['on_behalf_of_name']} 부재)" if step["mark"] else ""
    when = step["decided_at"].strftime("%Y-%m-%d %H:%M") if step["decided_at"] else ""
    verdict = {"approved": "승인", "returned": "보완 요청", "rejected": "반려"}.get(step["status"], "")
    return f"{step['title']}: {step['decided_by_name']}{mark} {when} {verdict}".rstrip()


def _latest_lines(session: Session, trips: list[Trip]) -> dict[int, list[ApprovalStep]]:
    """Each waiting trip's latest line of its current phase, in one query."""
    rows = session.scalars(select(ApprovalStep).where(
        ApprovalStep.trip_id.in_([t.id for t in trips])).order_by(ApprovalStep.round,
                                                                 ApprovalStep.order))
    latest: dict[tuple[int, str], list[ApprovalStep]] = {}
    for step in rows:
        key = (step.trip_id, step.phase)
        if latest.get(key) and latest[key][0].round != step.round:
            latest[key] = []  # a later round replaces the earlier one
        latest.setdefault(key, []).append(step)
    return {t.id: latest.get((t.id, PHASE_OF_STATUS[t.status]), []) for t in trips}


def queue_panels(session: Session, trips: list[Trip], viewer: User) -> dict[int, Panel]:
    """panel(..., with_steps=False) for a page of the queue, in a few queries for the whole page."""
    waiting = [t for t in trips if t.status in PHASE_OF_STATUS]
    if not waiting:
        return {}
    lines = _latest_lines(session, waiting)
    approvers = {u: unit_approver_ids(session, u) for u in {t.unit_id for t in waiting}}
    holders = {}
    for t in waiting:
        step = pending_step(lines[t.id])
        named = step is not None and step.approver_ids is not None
        holders[t.id] = set(step.approver_ids) & approvers[t.unit_id] if named \
            else approvers[t.unit_id]
    subs = active_substitutes(session=session, user_ids=set().union(*holders.values()),
                              allowed=set().union(*approvers.values()))
    found = {}
    for t in waiting:
        step = pending_step(lines[t.id])
        unit_subs = {a: b for a, b in subs.items() if b in approvers[t.unit_id]} if step else {}
        found[t.id] = (step.title if step else rules.DEFAULT_TITLE, rules.deciders(
            traveler_id=t.traveler_id, step_approvers=holders[t.id], substitutes=unit_subs,
            decided=used_authority(lines[t.id])))
    names = _names(session, {i for _, now in found.values() for pair in now for i in pair if i})
    return {tid: Panel(approval_steps=[], settlement_steps=[], waiting_title=title,
                       waiting_names=[names.get(u, "") + (f" ({names.get(b, '')} 대결)" if b else "")
                                      for u, b in now],
                       mine=any(u == viewer.id for u, _ in now),
                       on_behalf_of_name=next((names.get(b) for u, b in now
                                               if u == viewer.id and b), None))
            for tid, (title, now) in found.items()}
