"""What settled trips saved against the paper process, for a unit and a date range."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import Forbidden
from app.models import SEOUL, Role, TripImpact, User, seoul_midnight
from workflow.impact import ImpactParams, summarize


def _scope_units(actor: User, unit_id: int | None) -> set[int] | None:
    """Units the figures may cover; None means every unit (finance and admin)."""
    if actor.has_role(Role.ADMIN) or actor.has_role(Role.FINANCE):
        return {unit_id} if unit_id else None
    units = actor.approved_unit_ids
    if not units:
        raise Forbidden("Impact figures are for approvers, finance and admins.")
    if unit_id is not None:
        if unit_id not in units:
            raise Forbidden("You approve for other units than this one.")
        return {unit_id}
    return units


def impact_summary(*, session: Session, actor: User, params: ImpactParams, unit_id: int | None = None,
                   date_from: date | None = None, date_to: date | None = None) -> dict:
    """Totals, the median days from application to settlement, a month-by-month series, the model."""
    units = _scope_units(actor, unit_id)
    stmt = select(TripImpact)
    if units is not None:
        stmt = stmt.where(TripImpact.unit_id.in_(units))
    if date_from:
        stmt = stmt.where(TripImpact.settled_at >= seoul_midnight(date_from))
    if date_to:
        stmt = stmt.where(TripImpact.settled_at < seoul_midnight(date_to + timedelta(days=1)))
    rows = session.scalars(stmt.order_by(TripImpact.settled_at)).all()
    per_trip = [{"sheets": r.sheets_saved, "steps": r.steps_saved,
                 "staff_minutes": r.staff_minutes_saved} for r in rows]
    durations = [r.days_apply_to_settled for r in rows if r.days_apply_to_settled is not None]
    totals = summarize(params, per_trip, durations)
    months: dict[str, list[dict]] = defaultdict(list)
    for r, t in zip(rows, per_trip):
        months[r.settled_at.astimezone(SEOUL).strftime("%Y-%m")].append(t)
    by_month = []
    for month, items in sorted(months.items()):
        m = summarize(params, items, [])
        by_month.append({"month": month, "trips_settled": m["trips_settled"],
                         "sheets_saved": m["sheets_saved"], "staff_minutes_saved": m["staff_minutes_saved"],
                         "krw_saved": m["krw_saved"]})
    median = totals["median_days_apply_to_settled"]
    return {**totals,
            "median_days_apply_to_settled": round(median, 2) if median is not None else None,
            "staff_hours_saved": round(totals["staff_minutes_saved"] / 60, 1),
            "unit_ids": sorted(units) if units is not None else None,
            "date_from": date_from, "date_to": date_to, "by_month": by_month}
