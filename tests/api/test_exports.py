"""Finance export: batches, CSV a spreadsheet opens, payment confirmation, cancel, repeat-empty."""
from __future__ import annotations

import csv
import io
from datetime import datetime

from sqlalchemy import func, select

from app.extensions import db
from app.models import SEOUL, ExportBatch, Receipt, Statement, Trip, TripEvent
from app.services import settlement, trips
from app.settings import current_settings
from tests.factories import login, make_unit, make_user

PROBLEM = "application/problem+json"
REASON = "reason=11%EC%9B%94%20%EC%97%AC%EB%B9%84%20%EC%A7%80%EA%B8%89"  # 11월 여비 지급 (사유)


def settled_trips(n: int, *, unit=None, traveler=None, review: bool = False, fare: int = 59800) -> list[int]:
    """`n` trips of one traveler, approved and settled through the services (review when asked)."""
    unit = unit or make_unit()
    traveler = traveler or make_user(unit=unit)
    approver = make_user(unit=unit, roles=("traveler", "approver"), approves=(unit.code,))
    ids = []
    for _ in range(n):
        trip = trips.create_trip(session=db.session, actor=traveler, data={
            "purpose": "부산 출장", "destination": "부산광역시 해운대구", "transport": "rail",
            "start_at": datetime(2026, 3, 10, 7, 30, tzinfo=SEOUL),
            "end_at": datetime(2026, 3, 11, 20, 0, tzinfo=SEOUL)})
        trips.apply_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=traveler)
        trips.approve_trip(settings=current_settings(), session=db.session, trip_id=trip.id, actor=approver)
        db.session.add(Receipt(
            trip_id=trip.id, uploader_id=traveler.id, source="upload", trust="ocr", status="done",
            document_type="rail_ticket" if not review else "rail_ticket",
            ocr_fields={"total_amount": fare, "departure": "서울", "arrival": "부산",
                        "seat_class": "특실" if review else "일반실",
                        "card_no_masked": "9410-****-****-4321"}))
        db.session.commit()
        settlement.settle_trip(settings=current_settings(),
                               session=db.session, trip_id=trip.id, actor=traveler)
        ids.append(trip.id)
    return ids


def finance_headers(client) -> dict:
    return login(client, make_user(roles=("finance",)).username)


def read_csv(resp) -> list[dict]:
    """Parse the download the way a spreadsheet does: UTF-8 with its BOM."""
    assert resp.data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(resp.data.decode("utf-8-sig"))))


def test_finance_batches_every_settled_statement_once(client):
    settled = settled_trips(2)
    in_review = settled_trips(1, review=True)
    headers = finance_headers(client)
    resp = client.post("/api/v1/exports", headers=headers)
    assert resp.status_code == 201
    batch = resp.get_json()
    totals = db.session.scalars(select(Statement.total).where(Statement.trip_id.in_(settled))).all()
    assert batch["item_count"] == 2 and batch["total"] == sum(totals) and batch["status"] == "open"
    detail = client.get(f"/api/v1/exports/{batch['id']}?{REASON}", headers=headers).get_json()
    assert sorted(i["trip_id"] for i in detail["items"]) == sorted(settled)
    assert in_review[0] not in [i["trip_id"] for i in detail["items"]]
    assert detail["meta"]["total"] == 2


def test_a_repeat_export_is_empty_and_creates_no_batch(client):
    settled_trips(1)
    headers = finance_headers(client)
    assert client.post("/api/v1/exports", headers=headers).status_code == 201
    resp = client.post("/api/v1/exports", headers=headers)
    assert resp.status_code == 200
    assert resp.get_json()["item_count"] == 0 and resp.get_json()["total"] == 0
    assert "already in a batch" in resp.get_json()["message"]
    assert db.session.scalar(select(func.count(ExportBatch.id))) == 1


def test_a_retry_with_the_same_idempotency_key_returns_the_same_batch(client):
    settled_trips(1)
    headers = {**finance_headers(client), "Idempotency-Key": "export-2026-03-13"}
    first = client.post("/api/v1/exports", headers=headers)
    again = client.post("/api/v1/exports", headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert db.session.scalar(select(func.count(ExportBatch.id))) == 1


def test_the_csv_opens_as_a_spreadsheet_with_one_row_per_statement_and_no_card_numbers(client):
    unit = make_unit()
    traveler = make_user(unit=unit)
    ids = settled_trips(3, unit=unit, traveler=traveler)
    headers = finance_headers(client)
    batch = client.post("/api/v1/exports", headers=headers).get_json()
    resp = client.get(f"/api/v1/exports/{batch['id']}?format=csv&{REASON}", headers=headers)
    assert resp.status_code == 200 and resp.mimetype == "text/csv" and resp.is_streamed
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = read_csv(resp)
    assert [int(r["trip_id"]) for r in rows] == sorted(ids)
    for row in rows:
        assert row["batch_id"] == str(batch["id"]) and row["employee_no"] == traveler.employee_no
        assert row["name"] == traveler.name and row["unit_code"] == unit.code
        items = ("fare", "daily", "meal", "lodging", "duty_area", "fuel", "toll")
        assert sum(int(row[i]) for i in items) == int(row["total"])
        assert (int(row["fare"]), int(row["daily"]), int(row["meal"])) == (59800, 50000, 50000)
        assert datetime.fromisoformat(row["settled_at"]).utcoffset().total_seconds() == 9 * 3600
    # the card's first group with its dash: a timestamp's microseconds may hold the bare digits
    assert "9410-" not in resp.data.decode("utf-8-sig") and "****" not in resp.data.decode("utf-8-sig")


def test_a_name_that_looks_like_a_formula_is_defused_in_the_csv(client):
    unit = make_unit()
    traveler = make_user(unit=unit)
    traveler.name = "=HYPERLINK(\"http://x\")"
    db.session.commit()
    settled_trips(1, unit=unit, traveler=traveler)
    headers = finance_headers(client)
    batch = client.post("/api/v1/exports", headers=headers).get_json()
    rows = read_csv(client.get(f"/api/v1/exports/{batch['id']}?format=csv&{REASON}", headers=headers))
    assert rows[0]["name"].startswith("'=")


def test_confirming_pays_every_trip_with_an_audit_row_and_twice_changes_nothing(client, monkeypatch):
    from app.services import audit, exports

    monkeypatch.setattr(exports, "PAY_CHUNK", 2)  # three trips: two chunks
    ids = settled_trips(3)
    headers = finance_headers(client)
    batch = client.post("/api/v1/exports", headers=headers).get_json()
    payment = {"payment_date": "2026-03-20", "payment_reference": "DBRAIN-2026-0320-01"}
    resp = client.post(f"/api/v1/exports/{batch['id']}/confirm", json=payment, headers=headers)
    assert resp.status_code == 200
    confirmed = resp.get_json()
    assert confirmed["status"] == "confirmed" and confirmed["payment_date"] == "2026-03-20"
    for trip_id in ids:
        trip = db.session.get(Trip, trip_id)
        assert trip.status == "paid" and trip.paid_at is not None
        last = db.session.scalars(select(TripEvent).where(TripEvent.trip_id == trip_id)
                                  .order_by(TripEvent.seq.desc())).first()
        assert last.action == "pay" and "DBRAIN-2026-0320-01" in last.comment
    # each pay row links to the trip's settle row
    assert audit.verify_chains(session=db.session, keys=current_settings().audit_keys).ok
    events = db.session.scalar(select(func.count(TripEvent.id)))
    again = client.post(f"/api/v1/exports/{batch['id']}/confirm", json=payment, headers=headers)
    assert again.status_code == 200 and again.get_json() == confirmed
    assert db.session.scalar(select(func.count(TripEvent.id))) == events
    other = client.post(f"/api/v1/exports/{batch['id']}/confirm",
                        json={**payment, "payment_reference": "OTHER"}, headers=headers)
    assert other.status_code == 409 and other.mimetype == PROBLEM
    assert client.post(f"/api/v1/exports/{batch['id']}/cancel", headers=headers).status_code == 409


def test_cancelling_an_open_batch_frees_its_statements_for_the_next_one(client):
    ids = settled_trips(2)
    headers = finance_headers(client)
    first = client.post("/api/v1/exports", headers=headers).get_json()
    resp = client.post(f"/api/v1/exports/{first['id']}/cancel", headers=headers)
    assert resp.status_code == 200 and resp.get_json()["status"] == "cancelled"
    assert client.post(f"/api/v1/exports/{first['id']}/cancel", headers=headers).status_code == 200
    payment = {"payment_date": "2026-03-20", "payment_reference": "X-1"}
    assert client.post(f"/api/v1/exports/{first['id']}/confirm", json=payment,
                       headers=headers).status_code == 409
    second = client.post("/api/v1/exports", headers=headers)
    assert second.status_code == 201 and second.get_json()["item_count"] == 2
    batch_of = db.session.scalars(select(Statement.export_batch_id).where(Statement.trip_id.in_(ids)))
    assert set(batch_of) == {second.get_json()["id"]}


def test_batches_are_listed_newest_first_with_counts_and_totals(client):
    headers = finance_headers(client)
    settled_trips(1)
    client.post("/api/v1/exports", headers=headers)
    settled_trips(2, fare=23700)
    client.post("/api/v1/exports", headers=headers)
    body = client.get("/api/v1/exports?per_page=1", headers=headers).get_json()
    assert body["meta"] == {"page": 1, "per_page": 1, "total": 2, "pages": 2}
    assert body["items"][0]["item_count"] == 2 and body["items"][0]["total"] == 2 * (100000 + 23700)


def test_only_finance_exports_and_only_finance_or_admin_reads_batches(client):
    settled_trips(1)
    unit = make_unit()
    h_traveler = login(client, make_user(unit=unit).username)
    h_approver = login(client, make_user(unit=unit, roles=("approver",), approves=(unit.code,)).username)
    h_admin = login(client, make_user(roles=("admin",)).username)
    for headers in (h_traveler, h_approver, h_admin):
        resp = client.post("/api/v1/exports", headers=headers)
        assert resp.status_code == 403 and resp.mimetype == PROBLEM
    batch = client.post("/api/v1/exports", headers=finance_headers(client)).get_json()
    for headers in (h_traveler, h_approver):
        assert client.get("/api/v1/exports", headers=headers).status_code == 403
        assert client.get(f"/api/v1/exports/{batch['id']}?format=csv&{REASON}",
                          headers=headers).status_code == 403
        assert client.post(f"/api/v1/exports/{batch['id']}/cancel", headers=headers).status_code == 403
    assert client.get(f"/api/v1/exports/{batch['id']}?{REASON}", headers=h_admin).status_code == 200
    assert client.post(f"/api/v1/exports/{batch['id']}/cancel", headers=h_admin).status_code == 403
    assert client.post("/api/v1/exports").status_code == 401


def test_an_unknown_batch_is_404_and_a_bad_confirmation_is_422(client):
    settled_trips(1)
    headers = finance_headers(client)
    assert client.get(f"/api/v1/exports/999?{REASON}", headers=headers).status_code == 404
    batch = client.post("/api/v1/exports", headers=headers).get_json()
    resp = client.post(f"/api/v1/exports/{batch['id']}/confirm", json={"payment_date": "someday"},
                       headers=headers)
    assert resp.status_code == 422 and {"payment_date", "payment_reference"} <= set(resp.get_json()["errors"])
    assert db.session.get(ExportBatch, batch["id"]).status == "open"


def test_a_batch_total_beyond_32_bits_is_kept_exactly(client):
    ids = settled_trips(2)
    for row in db.session.scalars(select(Statement).where(Statement.trip_id.in_(ids))):
        row.total = 2_000_000_000  # two statements at the 32-bit edge: the batch needs 64 bits
    db.session.commit()
    resp = client.post("/api/v1/exports", headers=finance_headers(client))
    assert resp.status_code == 201 and resp.get_json()["total"] == 4_000_000_000


def test_confirming_refuses_and_changes_nothing_when_a_trip_left_settled_meanwhile(client):
    """The bulk payment moves every trip of the batch or none (a trip changed behind its back)."""
    from sqlalchemy import update

    ids = settled_trips(3)
    headers = finance_headers(client)
    batch = client.post("/api/v1/exports", headers=headers).get_json()
    db.session.execute(update(Trip).where(Trip.id == ids[1]).values(status="settlement_review"))
    db.session.commit()
    resp = client.post(f"/api/v1/exports/{batch['id']}/confirm", headers=headers,
                       json={"payment_date": "2026-03-20", "payment_reference": "PAY-9"})
    assert resp.status_code == 409 and "no longer 'settled'" in resp.get_json()["detail"]
    db.session.expire_all()
    assert [db.session.get(Trip, i).status for i in ids] == ["settled", "settlement_review", "settled"]
    assert db.session.scalar(select(func.count(TripEvent.id)).where(TripEvent.action == "pay")) == 0
    assert db.session.get(ExportBatch, batch["id"]).status == "open"
