"""The approver's 사후보고 tab and absence form, and acknowledging a 대결 decision (issue 15)."""
from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for

from app.errors import ValidationFailed
from app.extensions import db
from app.models import SEOUL, Trip
from app.services import absences, approval_view, approvals, post_reports
from app.settings import current_settings
from app.web.pages import _messages
from app.web.session import actor, page
from app.web.views import bp
from workflow.states import Action
from workflow.trip_registry import ACTIONS

FIELD_NAMES = {"start_at": "시작", "end_at": "끝", "substitute_id": "대결자"}


@bp.get("/post-reports")
@page
def post_report_list():
    """사후보고: decisions made in my place while I was away; unacknowledged ones first."""
    me = actor()
    approvals.require_approver(me)
    items = post_reports.post_reports(session=db.session, actor=me, include_acknowledged=True)
    rows = [(step, db.session.get(Trip, step.trip_id)) for step in items]
    views = [(approval_view.step_dicts(db.session, trip, [step])[0], trip) for step, trip in rows]
    return render_template("web/post_reports.html", items=views, messages=_messages(),
                           waiting=sum(1 for v, _ in views if not v["acknowledged_at"]))


@bp.post("/trips/<int:trip_id>/acknowledge")
@page
def acknowledge(trip_id: int):
    """Acknowledge the 사후보고 of a trip decided in my place."""
    post_reports.acknowledge(session=db.session, actor=actor(), trip_id=trip_id,
                             settings=current_settings())
    flash(f"#{trip_id} 출장을 {ACTIONS[Action.ACKNOWLEDGE].done_message}", "ok")
    back = request.form.get("back") or ""
    return redirect(back if back.startswith("/web/") else url_for("web.trip", trip_id=trip_id),
                    code=303)


def _moment(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value).replace(tzinfo=SEOUL) if value else None
    except ValueError:
        return None


def _absence_page(*, errors: dict | None = None, form: dict | None = None, status: int = 200):
    me = actor()
    approvals.require_approver(me)
    return render_template(
        "web/absences.html", absences=absences.list_absences(session=db.session, actor=me),
        substituting=absences.substitute_choices(session=db.session, actor=me),
        acting_for=absences.substituting_for(session=db.session, actor=me),
        errors=errors or {}, form=form or {}, field_names=FIELD_NAMES,
        messages=_messages()), status


@bp.get("/absences")
@page
def absence_list():
    """My absences and the form to register one with a substitute (대결자)."""
    return _absence_page()


@bp.post("/absences")
@page
def absence_create():
    """Register an absence from the form."""
    form = {k: request.form.get(k, "")[:500] for k in ("start_at", "end_at", "substitute_id",
                                                         "reason")}
    start, end = _moment(form["start_at"]), _moment(form["end_at"])
    substitute = int(form["substitute_id"]) if form["substitute_id"].isdigit() else None
    missing = {k: ["입력하세요."] for k, v in (("start_at", start), ("end_at", end),
                                              ("substitute_id", substitute)) if v is None}
    if missing:
        return _absence_page(errors=missing, form=form, status=422)
    try:
        absences.create_absence(session=db.session, actor=actor(), data={
            "start_at": start, "end_at": end, "substitute_id": substitute,
            "reason": form["reason"]})
    except ValidationFailed as err:
        return _absence_page(errors=err.errors or {}, form=form, status=422)
    flash("부재를 등록했습니다. 그동안 대결자가 내 결재를 대신합니다.", "ok")
    return redirect(url_for("web.absence_list"), code=303)


@bp.post("/absences/<int:absence_id>/delete")
@page
def absence_delete(absence_id: int):
    """Withdraw an absence: the substitute's authority ends now."""
    absences.cancel_absence(session=db.session, actor=actor(), absence_id=absence_id)
    flash("부재를 취소했습니다. 대결자의 권한이 끝났습니다.", "ok")
    return redirect(url_for("web.absence_list"), code=303)
