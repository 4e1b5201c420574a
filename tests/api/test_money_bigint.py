"""Money columns are BIGINT: a statement over 2^31 won stores, settles and exports on every database."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Statement
from tests.api.test_settlement import approved_trip, settle
from tests.factories import login, make_user
from tests.trip_helpers import act, make_office
from workflow.bounds import MAX_ITEM_KRW, MAX_TOLLS


def test_a_statement_over_two_billion_won_is_stored_reviewed_and_exported(client):
    office = make_office(client)
    office.traveler.grade = 1  # 제1호: lodging at actual cost
    db.session.commit()
    trip = approved_trip(client, office, start_at="2025-01-01T09:00:00+09:00",
                         end_at="2025-12-31T18:00:00+09:00")
    nights = [{"night": (date(2025, 1, 1) + timedelta(days=i)).isoformat(), "amount": MAX_ITEM_KRW}
              for i in range(364)]
    resp = settle(client, office.h_traveler, trip["id"], lodging=nights,
                  tolls=[MAX_ITEM_KRW] * MAX_TOLLS)
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["status"] == "settlement_review"
    total = db.session.scalar(select(Statement.total).where(Statement.trip_id == trip["id"]))
    assert total > 2**31
    assert act(client, office.h_approver, trip["id"], "accept-settlement").status_code == 200
    finance = login(client, make_user(roles=("finance",)).username)
    batch = client.post("/api/v1/exports", headers=finance)
    assert batch.status_code == 201 and batch.get_json()["total"] == total

