"""Read-side queries for the approver's pages: the queue, one trip in full, bulk approval, impact.

Reads the Receipt and Statement rows directly so the pages work whatever the receipt and settlement
services look like; every state change goes through app.services.trips.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime

from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, lazyload

from app.errors import AppError, Forbidden, NotFound, StaleState
from app.models import (SEOUL, AccessAction, AccessResource, Receipt, Statement, Trip, TripEvent,
                        Unit, User)
from app.services import approval_line, approval_view, post_reports, stats
from app.services.access_log import Origin, record_read
from app.services import trips as trip_service
from app.services.approval_flags import QueueRow, glance
from app.services.receipt_checks import receipt_facts
from app.services.trip_view import actions_for
from app.services.trips import TripFilter
from app.settings import Settings
from workflow.flags import Flag, from_dict
from workflow.machine import InvalidTransition
from workflow.receipt_checks import unsure_fields
from workflow.states import Action, Actor, TripStatus
from workflow.trip_registry import generic_routes

QUEUE_STATUSES = (TripStatus.APPLIED.value, TripStatus.SETTLEMENT_REVIEW.value)
BULK_LIMIT = 100


# The queue narrows by the same fields as the trip list (empty status means both queue statuses).
QueueFilter = TripFilter


@dataclass
class QueuePage:
    """One page of the queue, the counts per status and the filter choices."""

    rows: list[QueueRow]
    total: int
    page: int
    per_page: int
    counts: dict[str, int]
    travelers: list  # (id, name, username) rows for the filter
    units: list[Unit]
    lines: dict = field(default_factory=dict)  # trip id -> approval_view.Panel (issue 15)

    @property
    def pages(self) -> int:
        """How many pages the filtered queue has (at least one)."""
        return max(1, -(-self.total // self.per_page))


def require_approver(actor: User) -> set[int]:
    """The units `actor` approves for; Forbidden when none (the pages are for approvers)."""
    units = actor.approved_unit_ids
    if not units:
        raise Forbidden("권한이 없습니다. 이 화면은 결재권자만 사용할 수 있습니다.")
    return units


def queue_units(*, session: Session, actor: User) -> list[Unit]:
    """The units `actor` approves for, by code."""
    units = require_approver(actor)
    return list(session.scalars(select(Unit).where(Unit.id.in_(units)).order_by(Unit.code)))


def _queue_where(actor: User, units: set[int], filters: QueueFilter) -> list:
    clauses = [Trip.unit_id.in_(units), Trip.traveler_id != actor.id,
               Trip.status.in_(QUEUE_STATUSES)]
    return clauses + filters.clauses()


# The queue shows the traveler's name only: skip loading their roles and approver units.
_TRAVELER_ONLY = joinedload(Trip.traveler).options(lazyload(User.role_rows),
                                                    lazyload(User.approves))


def queue(*, session: Session, actor: User, filters: QueueFilter, page: int = 1,
          per_page: int = 20) -> QueuePage:
    """Trips waiting for `actor`: applications and settlements in review, newest first."""
    units = require_approver(actor)
    where = _queue_where(actor, units, filters)
    counts = {s: 0 for s in QUEUE_STATUSES}
    counts.update(dict(session.execute(
        select(Trip.status, func.count()).where(*where).group_by(Trip.status)).all()))
    wanted = [s for s in (filters.status or QUEUE_STATUSES) if s in QUEUE_STATUSES]
    total = sum(counts[s] for s in wanted)
    trips = list(session.scalars(
        select(Trip).options(_TRAVELER_ONLY).where(*where, Trip.status.in_(wanted))
        .order_by(Trip.created_at.desc(), Trip.id.desc())
        .limit(per_page).offset((page - 1) * per_page))) if total else []
    travelers = list(session.execute(
        select(User.id, User.name, User.username)
        .where(User.unit_id.in_(units), User.id != actor.id).order_by(User.name)))
    return QueuePage(rows=glance(session=session, trips=trips), total=total, page=page,
                     per_page=per_page, counts=counts, travelers=travelers,
                     units=queue_units(session=session, actor=actor),
                     lines=approval_view.queue_panels(session, trips, actor))


def load_for_approver(session: Session, trip_id: int, actor: User) -> Trip:
    """A trip of a unit `actor` approves for; NotFound for every other trip."""
    units = require_approver(actor)
    trip = session.get(Trip, trip_id)
    if trip is None or trip.unit_id not in units:
        raise NotFound(f"Trip {trip_id} not found.")
    return trip


@dataclass
class FieldView:
    """One extracted field beside a receipt image."""

    name: str
    value: object
    ocr_value: object
    confidence: float | None
    low: bool
    corrected: bool


@dataclass
class ReceiptView:
    """A receipt with its fields as the approver reads them."""

    receipt: Receipt
    fields: list[FieldView]
    flags: list[Flag]
    is_image: bool


@dataclass
class TripDetail:
    """Everything on the trip page."""

    trip: Trip
    actions: list[str]
    flags: list[Flag]
    receipts: list[ReceiptView]
    statement: Statement | None
    events: list[TripEvent]
    line: approval_view.Panel | None = None  # the 결재선 (issue 15)
    post_reports: list = field(default_factory=list)  # 대결 steps in the viewer's place, unread


def trip_detail(*, session: Session, actor: User, trip_id: int, origin: Origin,
                settings: Settings) -> TripDetail:
    """The application, receipts with fields, statement, flags and audit trail of one trip.

    The read is in the access log (committed) before anything of the trip is loaded for the page.
    """
    trip = load_for_approver(session, trip_id, actor)
    if record_read(session=session, actor=actor, subject_id=trip.traveler_id,
                   resource=AccessResource.TRIP, resource_id=trip.id, action=AccessAction.VIEW,
                   origin=origin):
        session.commit()
    row = glance(session=session, trips=[trip])[0]
    receipts = session.scalars(select(Receipt).where(Receipt.trip_id == trip.id)
                               .order_by(Receipt.created_at, Receipt.id)).all()
    statement = session.scalar(select(Statement).where(Statement.trip_id == trip.id))
    events = list(session.scalars(select(TripEvent).where(TripEvent.trip_id == trip.id)
                                  .order_by(TripEvent.seq)))
    # Only an approver's decisions: the traveler's own actions (cancel...) belong to their app.
    actions = [a for a in actions_for(trip, actor) if a in ACTIONS]
    return TripDetail(trip=trip, actions=actions, flags=row.flags,
                      receipts=[_receipt_view(r, settings.unsure_below) for r in receipts],
                      statement=statement,
                      events=events, line=approval_view.panel(session, trip, actor),
                      post_reports=post_reports.post_reports(session=session, actor=actor,
                                                             trip_id=trip.id))


def _receipt_view(r: Receipt, unsure_below: float) -> ReceiptView:
    ocr, corrected, confidence = r.ocr_fields or {}, r.corrections or {}, r.ocr_confidence or {}
    unsure = set(unsure_fields(receipt_facts(r), ocr, unsure_below))
    fields = []
    for name, value in r.effective_fields().items():
        if value in (None, "") and name not in corrected:
            continue  # a field this kind of document does not carry
        score = confidence.get(name)
        score = float(score) if isinstance(score, (int, float)) else None
        fields.append(FieldView(name=name, value=value, ocr_value=ocr.get(name), confidence=score,
                                low=name in unsure,
                                corrected=name in corrected))
    kind = r.content_type or ""
    is_image = bool(r.sha256) and (kind.startswith("image/") or kind == "application/pdf")
    return ReceiptView(receipt=r, fields=fields, flags=[from_dict(f, receipt_id=r.id) for f in r.flags or []],
                       is_image=is_image)


# The approver's decisions on the web page: the registry's approver actions with a generic route,
# by their client name (path).
ACTIONS = {a.path: a for a in generic_routes() if a.actor == Actor.APPROVER}


def act(*, session: Session, actor: User, trip_id: int, action: str, settings: Settings,
        comment: str = "", expected_version: int | None = None) -> Trip:
    """Take one approver action through the trip service (the same path as the API)."""
    load_for_approver(session, trip_id, actor)
    if action not in ACTIONS:
        raise NotFound(f"No action '{action}'.")
    return trip_service.transition(session=session, trip_id=trip_id, actor=actor,
                                   action=ACTIONS[action].code, comment=comment.strip(),
                                   expected_version=expected_version, settings=settings)


@dataclass(frozen=True)
class BulkResult:
    """What happened to one trip of a bulk approval: ok, or a reason code and its detail."""

    trip_id: int
    ok: bool
    reason: str = ""
    detail: str = ""


def bulk_approve(*, session: Session, actor: User, versions: dict[int, int | None],
                 settings: Settings, comment: str = "") -> list[BulkResult]:
    """Approve each clean application (its own unit of work); report the others with a reason."""
    units = require_approver(actor)
    if len(versions) > BULK_LIMIT:
        raise AppError(f"한 번에 {BULK_LIMIT}건까지 승인할 수 있습니다.")
    trips = list(session.scalars(select(Trip).where(Trip.id.in_(list(versions)),
                                                    Trip.unit_id.in_(units))))
    rows = {row.trip.id: row for row in glance(session=session, trips=trips)}
    results = []
    for trip_id, version in versions.items():
        row = rows.get(trip_id)
        if row is None:
            results.append(BulkResult(trip_id, False, "not_found"))
        elif row.trip.status == TripStatus.APPLIED and not row.clean:
            blocking = "; ".join(f.message for f in row.flags if f.blocking)
            results.append(BulkResult(trip_id, False, "flagged", blocking))
        else:
            results.append(_approve_one(session, actor, trip_id, version, comment, settings))
    return results


def _approve_one(session: Session, actor: User, trip_id: int, version: int | None,
                 comment: str, settings: Settings) -> BulkResult:
    try:
        trip_service.transition(session=session, trip_id=trip_id, actor=actor,
                                action=Action.APPROVE, comment=comment,
                                expected_version=version, settings=settings)
    except StaleState as err:
        return BulkResult(trip_id, False, "stale", str(err.extra.get("current_status", "")))
    except InvalidTransition as err:
        return BulkResult(trip_id, False, "not_applied", err.status.value)
    except Forbidden as err:
        mine = err.detail == approval_line.REFUSALS[approval_line.rules.OWN_TRIP]
        return BulkResult(trip_id, False, "forbidden" if mine else "not_your_step")
    except NotFound:
        return BulkResult(trip_id, False, "not_found")
    return BulkResult(trip_id, True)


def impact(*, session: Session, actor: User, settings: Settings, unit_id: int | None = None,
           months: int = 12) -> dict:
    """The approver's units' savings from the stats service (the API's /stats/impact), by month."""
    units = require_approver(actor)
    if unit_id is not None and unit_id not in units:
        raise NotFound(f"Unit {unit_id} not found.")
    keys = _last_months(months)
    first = date.fromisoformat(keys[0] + "-01")
    summary = stats.impact_summary(session=session, actor=actor, unit_id=unit_id,
                                   params=settings.impact)
    recent = stats.impact_summary(session=session, actor=actor, unit_id=unit_id, date_from=first,
                                  params=settings.impact)
    found = {m["month"]: m for m in recent["by_month"]}
    empty = {"trips_settled": 0, "sheets_saved": 0, "staff_minutes_saved": 0, "krw_saved": 0}
    summary["recent_months"] = [{"month": k, **found.get(k, empty)} for k in keys]
    return summary


def _last_months(months: int) -> list[str]:
    """The last `months` calendar months in Asia/Seoul as YYYY-MM, oldest first."""
    today = datetime.now(SEOUL).date()
    year, month = today.year, today.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]




def receipt_image(*, session: Session, actor: User, receipt_id: int, origin: Origin,
                  upload_dir: str, thumb: bool = False) -> tuple[bytes, str]:
    """A receipt's stored file without metadata (the receipts service's copy), or a JPEG thumbnail,
    turned upright by the receipt's rotation (a PDF is downloaded as it is; its thumbnail is turned);
    another person's receipt is read into the access log first."""
    receipt = session.get(Receipt, receipt_id)
    if receipt is None or not receipt.sha256:
        raise NotFound(f"Receipt {receipt_id} not found.")
    trip = load_for_approver(session, receipt.trip_id, actor)
    if record_read(session=session, actor=actor, subject_id=trip.traveler_id,
                   resource=AccessResource.RECEIPT, resource_id=receipt.id,
                   action=AccessAction.VIEW, origin=origin):
        session.commit()
    # Imported here: the receipt services are built in parallel; the pages must load without them.
    from app.services import receipt_files, storage

    try:
        data = storage.read_blob(upload_dir, receipt.sha256)
    except (FileNotFoundError, ValueError):
        raise NotFound(f"The file of receipt {receipt_id} is gone.") from None
    data, mimetype = receipt_files.public_copy(data, receipt.content_type or "", turn=receipt.rotation)
    if not thumb or not (mimetype.startswith("image/") or mimetype == "application/pdf"):
        return data, mimetype
    pdf = mimetype == "application/pdf"
    img = receipt_files.pdf_thumbnail(data) if pdf else Image.open(io.BytesIO(data))
    with img:
        img.thumbnail(receipt_files.THUMB_SIZE)
        small = receipt_files.turned(img, receipt.rotation) if pdf else img  # an image came turned
        out = io.BytesIO()
        small.convert("RGB").save(out, format="JPEG", quality=80)
    return out.getvalue(), "image/jpeg"
