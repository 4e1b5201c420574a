"""Queue, trip, bulk approval, receipt images and impact pages: parse the form, call the service."""
from __future__ import annotations

from datetime import date

from flask import Response, flash, get_flashed_messages, redirect, render_template, request, url_for

from app.errors import StaleState
from app.extensions import db
from app.services import approvals
from app.web.chart import bar_chart
from app.auth import request_origin
from app.web.session import actor, page
from app.settings import current_settings
from app.web.views import bp
from workflow.bounds import MAX_DATE, MIN_DATE
from workflow.machine import CommentRequired, InvalidTransition
from workflow.states import Action
from workflow.trip_registry import ACTIONS as TRIP_ACTIONS

PER_PAGE_CHOICES = (20, 50, 100)
# The approver's actions (client name -> registry entry): which need a comment, what to say after.
COMMENT_ACTIONS = tuple(path for path, info in approvals.ACTIONS.items() if info.comment_required)
DONE = {path: info.done_message for path, info in approvals.ACTIONS.items()}
BULK_REASONS = {"not_found": "찾을 수 없거나 권한이 없는 출장입니다.",
                "flagged": "확인이 필요한 표시가 있어 일괄 승인에서 뺐습니다. 출장을 열어 개별 검토하세요.",
                "stale": "다른 사람이 먼저 처리했습니다.",
                "not_applied": "결재 대기 상태가 아닙니다.",
                "forbidden": "본인 출장은 승인할 수 없습니다.",
                "not_your_step": "결재선에서 지금 차례가 아닙니다 (다른 단계가 기다리고 있습니다)."}


def _int(value: str | None, default: int | None = None, *, low: int = 1,
         high: int = 10**9) -> int | None:
    try:
        number = int(value) if value not in (None, "") else default
    except ValueError:
        return default
    return number if number is None or low <= number <= high else default


def _date(value: str | None) -> date | None:
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day if day is None or MIN_DATE <= day <= MAX_DATE else None  # 0001-01-01: ignored


def _filters() -> approvals.QueueFilter:
    status = tuple(s for s in request.args.getlist("status") if s in approvals.QUEUE_STATUSES)
    return approvals.QueueFilter(status=status, traveler_id=_int(request.args.get("traveler")),
                                 unit_id=_int(request.args.get("unit")),
                                 date_from=_date(request.args.get("from")),
                                 date_to=_date(request.args.get("to")))


@bp.get("/")
@page
def queue():
    """Trips waiting for this approver, with counts, filters, paging and flags."""
    filters = _filters()
    per_page = _int(request.args.get("per_page"), 20)
    per_page = per_page if per_page in PER_PAGE_CHOICES else 20
    number = _int(request.args.get("page"), 1, high=100000)
    result = approvals.queue(session=db.session, actor=actor(), filters=filters,
                             page=number, per_page=per_page)
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k != "page"}
    return render_template("web/queue.html", q=result, filters=filters, args=args,
                           per_page_choices=PER_PAGE_CHOICES, bulk=_bulk_results(),
                           messages=_messages())


def _messages() -> list[tuple[str, str]]:
    """Flashed (category, text) notices for the aria-live region, bulk results aside."""
    return [(c, m) for c, m in get_flashed_messages(with_categories=True) if c != "bulk"]


def _bulk_results() -> list[dict]:
    """The last bulk approval's results (carried over the redirect in the session)."""
    flashed = get_flashed_messages(category_filter=["bulk"])
    return [{"trip_id": trip_id, "ok": ok, "reason": BULK_REASONS.get(code, code)}
            for trip_id, ok, code in (flashed[0] if flashed else [])]


@bp.post("/bulk-approve")
@page
def bulk_approve():
    """Approve the checked applications; each is approved or reported with its reason."""
    versions: dict[int, int | None] = {}
    for raw in request.form.getlist("trip"):
        trip_id = _int(raw)
        if trip_id is not None:
            versions[trip_id] = _int(request.form.get(f"version-{trip_id}"))
    if not versions:
        flash("일괄 승인할 출장을 하나 이상 고르세요.", "error")
        return redirect(url_for("web.queue"), code=303)
    results = approvals.bulk_approve(session=db.session, actor=actor(), versions=versions,
                                       settings=current_settings())
    # Only ids and reason codes cross the redirect: the session cookie must stay small.
    flash([[r.trip_id, r.ok, r.reason] for r in results], "bulk")
    approved = sum(r.ok for r in results)
    flash(f"{len(results)}건 중 {approved}건을 승인했습니다.", "ok" if approved else "error")
    back = request.form.get("back") or ""
    return redirect(back if back.startswith("/web/") else url_for("web.queue"), code=303)


def _trip_page(trip_id: int, *, error: str = "", comment: str = "", status: int = 200):
    detail = approvals.trip_detail(session=db.session, actor=actor(), trip_id=trip_id,
                                   origin=request_origin(), settings=current_settings())
    return render_template("web/trip.html", d=detail, error=error, comment=comment,
                           messages=_messages(), comment_actions=COMMENT_ACTIONS), status


@bp.get("/trips/<int:trip_id>")
@page
def trip(trip_id: int):
    """The application, receipts, statement, flags and audit trail, with the decision buttons."""
    return _trip_page(trip_id)


@bp.post("/trips/<int:trip_id>/<action>")
@page
def act(trip_id: int, action: str):
    """Approve, reject, return, accept or return a settlement: via the trip service."""
    comment = request.form.get("comment", "")[:2000]
    version = _int(request.form.get("version"))
    try:
        trip = approvals.act(session=db.session, actor=actor(), trip_id=trip_id, action=action,
                             comment=comment, expected_version=version,
                             settings=current_settings())
    except CommentRequired:
        return _trip_page(trip_id, error="반려·보완 요청에는 의견을 적어야 합니다.",
                          comment=comment, status=422)
    except StaleState:
        flash("다른 사람이 이 출장을 먼저 처리했습니다. 지금 상태를 확인하세요.", "error")
        return redirect(url_for("web.trip", trip_id=trip_id), code=303)
    except InvalidTransition:
        flash("지금 상태에서는 할 수 없는 처리입니다. 지금 상태를 확인하세요.", "error")
        return redirect(url_for("web.trip", trip_id=trip_id), code=303)
    flash(f"#{trip_id} 출장을 {_done(action, trip.status)}", "ok")
    return redirect(url_for("web.trip", trip_id=trip_id), code=303)


# Issue 15: an approval before the last step of the 결재선 keeps the trip waiting for the next one.
STEP_DONE = {"approve": TRIP_ACTIONS[Action.APPROVE_STEP].done_message,
             "accept-settlement": TRIP_ACTIONS[Action.ACCEPT_SETTLEMENT_STEP].done_message}


def _done(action: str, status: str) -> str:
    if action in STEP_DONE and status in approvals.QUEUE_STATUSES:
        return STEP_DONE[action]
    return DONE.get(action, "처리했습니다.")


@bp.get("/receipts/<int:receipt_id>/file")
@page
def receipt_file(receipt_id: int):
    """The stored receipt re-encoded without EXIF (full size)."""
    return _image(receipt_id, thumb=False)


@bp.get("/receipts/<int:receipt_id>/thumb")
@page
def receipt_thumb(receipt_id: int):
    """A small JPEG of the receipt for the trip page."""
    return _image(receipt_id, thumb=True)


def _image(receipt_id: int, *, thumb: bool) -> Response:
    data, mimetype = approvals.receipt_image(session=db.session, actor=actor(),
                                             receipt_id=receipt_id, thumb=thumb,
                                             origin=request_origin(),
                                             upload_dir=current_settings().upload_dir)
    response = Response(data, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, max-age=3600"
    if mimetype == "application/pdf":  # the browser's own viewer, never our origin's scripts
        response.headers["Content-Disposition"] = f'attachment; filename="receipt-{receipt_id}.pdf"'
    else:
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.get("/impact")
@page
def impact():
    """What the unit's settled trips saved, with a chart by month."""
    unit_id = _int(request.args.get("unit"))
    summary = approvals.impact(session=db.session, actor=actor(), unit_id=unit_id,
                               settings=current_settings())
    units = approvals.queue_units(session=db.session, actor=actor())
    chart = bar_chart([(m["month"], m["trips_settled"]) for m in summary["recent_months"]])
    return render_template("web/impact.html", s=summary, chart=chart, units=units,
                           unit_id=unit_id)
