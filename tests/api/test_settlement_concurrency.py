"""Two settle requests for one trip at the same moment: one settles, the other is refused."""
from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import SEOUL, Statement, TripEvent, User
from app.services import settlement, trips
from app.settings import current_settings
from tests.factories import make_unit, make_user


def _approved_trip():
    unit = make_unit()
    traveler = make_user(unit=unit)
    approver = make_user(unit=unit, roles=("traveler", "approver"), approves=(unit.code,))
    trip = trips.create_trip(session=db.session, actor=traveler, data={
        "purpose": "대전 출장", "destination": "대전광역시 서구", "transport": "rail",
        "start_at": datetime(2026, 3, 10, 8, 0, tzinfo=SEOUL),
        "end_at": datetime(2026, 3, 10, 19, 0, tzinfo=SEOUL)})
    trips.apply_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=traveler)
    trips.approve_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=approver)
    return trip.id, traveler.id


def _settle_in_own_session(app, trip_id, user_id, barrier, outcomes):
    with app.app_context():
        try:
            actor = db.session.get(User, user_id)
            if barrier is not None:
                barrier.wait(timeout=30)
            settlement.settle_trip(settings=current_settings(),
                                   session=db.session, trip_id=trip_id, actor=actor)
            outcomes.append("settled")
        except Exception as exc:  # the refusal is the expected outcome for one of the two
            outcomes.append(type(exc).__name__)
        finally:
            db.session.remove()


def test_two_simultaneous_settles_settle_once(app, backend):
    trip_id, user_id = _approved_trip()
    outcomes: list[str] = []
    concurrent = backend == "postgres"  # SQLite has one writer: the calls run one after the other
    barrier = threading.Barrier(2) if concurrent else None
    threads = [threading.Thread(target=_settle_in_own_session,
                                args=(app, trip_id, user_id, barrier, outcomes)) for _ in range(2)]
    for t in threads:
        t.start()
        if not concurrent:
            t.join()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["InvalidTransition", "settled"]
    assert db.session.scalar(select(func.count(Statement.id)).where(Statement.trip_id == trip_id)) == 1
    actions = db.session.scalars(select(TripEvent.action).where(TripEvent.trip_id == trip_id)).all()
    assert actions.count("settle") == 1
