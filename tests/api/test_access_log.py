"""The personal-data access log: who read whose trip, receipt, statement or export, for each role."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import SEOUL, AccessLog, InsertOnlyViolation, now_seoul
from tests.api.test_exports import REASON, settled_trips
from tests.factories import login, make_unit, make_user
from tests.web.helpers import add_receipt, web_login

PROBLEM = "application/problem+json"


@dataclass
class Office:
    traveler: object
    approver: object
    other_approver: object
    finance: object
    admin: object
    trip_id: int
    receipt_id: int


@pytest.fixture
def office(app):
    """A settled trip of a traveler in unit A, with a receipt image; readers of every role."""
    unit_a, unit_b = make_unit(), make_unit()
    traveler = make_user(unit=unit_a)
    approver = make_user(unit=unit_a, roles=("traveler", "approver"), approves=(unit_a.code,))
    other = make_user(unit=unit_b, roles=("traveler", "approver"), approves=(unit_b.code,))
    trip_id = settled_trips(1, unit=unit_a, traveler=traveler)[0]
    from app.models import Trip

    receipt = add_receipt(db.session.get(Trip, trip_id), traveler, app.config["UPLOAD_DIR"])
    return Office(traveler, approver, other, make_user(roles=("finance",)),
                  make_user(roles=("admin",)), trip_id, receipt.id)


def _rows() -> list[AccessLog]:
    db.session.expire_all()
    return list(db.session.scalars(select(AccessLog).order_by(AccessLog.id)))


def _reads_of_the_trip(client, headers, o: Office) -> list[int]:
    return [client.get(url, headers=headers).status_code for url in (
        f"/api/v1/trips/{o.trip_id}", f"/api/v1/trips/{o.trip_id}/statement",
        f"/api/v1/trips/{o.trip_id}/statement?format=html", f"/api/v1/receipts/{o.receipt_id}/file")]


def test_an_approver_of_the_unit_reading_a_trip_is_recorded_with_who_whose_what_when_where(
        client, office):
    before = now_seoul()
    assert _reads_of_the_trip(client, login(client, office.approver.username), office) == [200] * 4
    rows = _rows()
    assert [(r.resource, r.resource_id, r.action) for r in rows] == [
        ("trip", office.trip_id, "read"), ("statement", office.trip_id, "read"),
        ("statement", office.trip_id, "view"), ("receipt", office.receipt_id, "download")]
    for row in rows:
        assert (row.actor_id, row.subject_id, row.ip, row.reason) == (
            office.approver.id, office.traveler.id, "127.0.0.1", None)
        assert row.at.tzinfo is not None and row.at.utcoffset() == timedelta(hours=9)
        assert before <= row.at <= now_seoul()


def test_a_traveler_reading_their_own_trip_statement_and_receipt_is_not_recorded(client, office):
    assert _reads_of_the_trip(client, login(client, office.traveler.username), office) == [200] * 4
    assert _rows() == []


def test_an_approver_of_another_unit_reads_nothing_and_nothing_is_recorded(client, office, app):
    assert _reads_of_the_trip(client, login(client, office.other_approver.username),
                              office) == [404] * 4
    web = app.test_client()
    web_login(web, office.other_approver.username)
    assert web.get(f"/web/trips/{office.trip_id}").status_code == 404
    assert web.get(f"/web/receipts/{office.receipt_id}/thumb").status_code == 404
    assert _rows() == []


def test_finance_reading_a_settled_trip_and_its_statement_is_recorded(client, office):
    statuses = _reads_of_the_trip(client, login(client, office.finance.username), office)
    assert statuses == [200] * 4
    assert {(r.actor_id, r.subject_id) for r in _rows()} == {(office.finance.id, office.traveler.id)}
    assert len(_rows()) == 4


def test_an_admin_reading_a_trip_is_recorded(client, office):
    assert _reads_of_the_trip(client, login(client, office.admin.username), office) == [200] * 4
    assert {(r.actor_id, r.subject_id) for r in _rows()} == {(office.admin.id, office.traveler.id)}


def test_the_approver_page_and_receipt_images_of_a_trip_are_recorded(app, office):
    web = app.test_client()
    web_login(web, office.approver.username)
    assert web.get(f"/web/trips/{office.trip_id}").status_code == 200
    assert web.get(f"/web/receipts/{office.receipt_id}/thumb").status_code == 200
    assert web.get(f"/web/receipts/{office.receipt_id}/file").status_code == 200
    assert [(r.resource, r.action, r.actor_id, r.subject_id) for r in _rows()] == [
        ("trip", "view", office.approver.id, office.traveler.id),
        ("receipt", "view", office.approver.id, office.traveler.id),
        ("receipt", "view", office.approver.id, office.traveler.id)]


def _batch(client, headers) -> int:
    resp = client.post("/api/v1/exports", headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def test_an_export_download_without_a_reason_is_refused_and_reads_nothing(client, office):
    settled_trips(1)  # a second traveler in the batch
    headers = login(client, office.finance.username)
    batch_id = _batch(client, headers)
    for query in ("", "?format=csv", "?reason=", "?format=csv&reason=%20%20"):
        resp = client.get(f"/api/v1/exports/{batch_id}{query}", headers=headers)
        assert resp.status_code == 422, query
        assert resp.mimetype == PROBLEM and "reason" in str(resp.get_json()), resp.get_json()
    assert _rows() == []


def test_an_export_download_records_every_traveler_read_with_the_reason(client, office):
    from app.models import Trip

    other_trip = settled_trips(1)[0]
    other_traveler = db.session.get(Trip, other_trip).traveler_id
    headers = login(client, office.finance.username)
    batch_id = _batch(client, headers)
    page = client.get(f"/api/v1/exports/{batch_id}?per_page=1&{REASON}", headers=headers)
    assert page.status_code == 200 and len(page.get_json()["items"]) == 1
    shown = page.get_json()["items"][0]["trip_id"]
    rows = _rows()
    assert [(r.resource, r.resource_id, r.action, r.reason) for r in rows] == [
        ("export", batch_id, "read", "11월 여비 지급")]
    assert rows[0].subject_id == db.session.get(Trip, shown).traveler_id
    csv = client.get(f"/api/v1/exports/{batch_id}?format=csv&{REASON}", headers=headers)
    assert csv.status_code == 200 and csv.data.count(b"\n") == 3  # header + 2 rows
    downloads = [r for r in _rows() if r.action == "download"]
    assert sorted(r.subject_id for r in downloads) == sorted([office.traveler.id, other_traveler])
    assert {r.reason for r in downloads} == {"11월 여비 지급"}


def _log_page(client, headers, query: str = ""):
    return client.get(f"/api/v1/admin/access-log{query}", headers=headers)


def test_only_an_admin_sees_the_access_log(client, office):
    for user in (office.traveler, office.approver, office.other_approver, office.finance):
        resp = _log_page(client, login(client, user.username))
        assert resp.status_code == 403 and resp.mimetype == PROBLEM, user.username
    assert _log_page(client, login(client, office.admin.username)).status_code == 200


def test_the_access_log_lists_newest_first_with_filters_and_pages(client, office):
    h_approver = login(client, office.approver.username)
    client.get(f"/api/v1/trips/{office.trip_id}", headers=h_approver)
    client.get(f"/api/v1/trips/{office.trip_id}/statement", headers=h_approver)
    client.get(f"/api/v1/trips/{office.trip_id}", headers=login(client, office.finance.username))
    h_admin = login(client, office.admin.username)
    body = _log_page(client, h_admin, "?per_page=2").get_json()
    assert body["meta"] == {"page": 1, "per_page": 2, "total": 3, "pages": 2}
    first = body["items"][0]
    assert (first["actor_id"], first["subject_id"], first["resource"], first["action"]) == (
        office.finance.id, office.traveler.id, "trip", "read")
    assert first["ip"] == "127.0.0.1" and first["reason"] is None
    assert first["at"].endswith("+09:00")
    mine = _log_page(client, h_admin, f"?actor_id={office.approver.id}").get_json()
    assert [i["resource"] for i in mine["items"]] == ["statement", "trip"]
    whose = _log_page(client, h_admin, f"?subject_id={office.traveler.id}").get_json()
    assert whose["meta"]["total"] == 3
    today = now_seoul().date()
    assert _log_page(client, h_admin, f"?date_from={today}&date_to={today}").get_json()[
        "meta"]["total"] == 3
    yesterday = today - timedelta(days=1)
    assert _log_page(client, h_admin, f"?date_to={yesterday}").get_json()["meta"]["total"] == 0
    assert _log_page(client, h_admin, f"?date_from={today}&date_to={yesterday}").status_code == 422


def _fail_inserts_into_the_access_log(conn) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("CREATE FUNCTION test_fail_access() RETURNS trigger AS $$ BEGIN "
                          "RAISE EXCEPTION 'disk full (test)'; END; $$ LANGUAGE plpgsql"))
        conn.execute(text("CREATE TRIGGER test_fail_access BEFORE INSERT ON access_log "
                          "FOR EACH ROW EXECUTE FUNCTION test_fail_access()"))
    else:
        conn.execute(text("CREATE TRIGGER test_fail_access BEFORE INSERT ON access_log "
                          "BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END"))


def _restore_inserts(conn) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("DROP TRIGGER IF EXISTS test_fail_access ON access_log"))
        conn.execute(text("DROP FUNCTION IF EXISTS test_fail_access()"))
    else:
        conn.execute(text("DROP TRIGGER IF EXISTS test_fail_access"))


def test_a_read_that_cannot_be_logged_fails_and_shows_no_data(client, office, app):
    h_approver = login(client, office.approver.username)
    h_finance = login(client, office.finance.username)
    h_traveler = login(client, office.traveler.username)
    approver_name, trip_id, receipt_id = office.approver.username, office.trip_id, office.receipt_id
    db.session.remove()
    with db.engine.begin() as conn:
        _fail_inserts_into_the_access_log(conn)
    try:
        for url in (f"/api/v1/trips/{trip_id}", f"/api/v1/trips/{trip_id}/statement",
                    f"/api/v1/receipts/{receipt_id}/file"):
            resp = client.get(url, headers=h_approver)
            assert resp.status_code == 503 and resp.mimetype == PROBLEM, url
            assert "access log" in resp.get_json()["detail"]
            assert "부산" not in resp.get_data(as_text=True) and b"PNG" not in resp.data
        web = app.test_client()
        web_login(web, approver_name)
        page = web.get(f"/web/trips/{trip_id}")
        assert page.status_code == 503 and "부산 출장" not in page.get_data(as_text=True)
        assert "접근 기록" in page.get_data(as_text=True)
        csv = client.get(f"/api/v1/exports/{_batch(client, h_finance)}?format=csv&{REASON}",
                         headers=h_finance)
        assert csv.status_code == 503 and b"\xef\xbb\xbf" not in csv.data
        # Reading one's own trip needs no log row: it still works.
        own = client.get(f"/api/v1/trips/{trip_id}", headers=h_traveler)
        assert own.status_code == 200
    finally:
        db.session.remove()
        with db.engine.begin() as conn:
            _restore_inserts(conn)
    assert _rows() == []


def _old_and_young_rows(office) -> tuple[int, int]:
    now = now_seoul()
    old = AccessLog(actor_id=office.approver.id, subject_id=office.traveler.id, resource="trip",
                    resource_id=office.trip_id, action="read", ip="10.0.0.1",
                    at=now - timedelta(days=2 * 366 + 2))
    young = AccessLog(actor_id=office.approver.id, subject_id=office.traveler.id, resource="trip",
                      resource_id=office.trip_id, action="read", ip="10.0.0.1",
                      at=now - timedelta(days=2 * 365 - 30))
    db.session.add_all([old, young])
    db.session.commit()
    return old.id, young.id


def test_access_log_rows_cannot_be_changed_or_deleted_through_the_orm_or_sql(office):
    _, young_id = _old_and_young_rows(office)
    row = db.session.get(AccessLog, young_id)
    row.reason = "고침"
    with pytest.raises(InsertOnlyViolation):
        db.session.flush()
    db.session.rollback()
    for sql in (f"UPDATE access_log SET ip = 'x' WHERE id = {young_id}",
                f"DELETE FROM access_log WHERE id = {young_id}"):
        with pytest.raises(Exception, match="insert-only"):
            with db.engine.begin() as conn:
                conn.execute(text(sql))
    assert len(_rows()) == 2


def test_prune_removes_only_rows_past_two_years(app, office):
    old_id, young_id = _old_and_young_rows(office)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["access-log", "prune", "--dry-run"])
    assert dry.exit_code == 0 and "would remove 1 " in dry.output
    assert len(_rows()) == 2
    done = runner.invoke(args=["access-log", "prune"])
    assert done.exit_code == 0 and "removed 1 " in done.output, done.output
    assert [r.id for r in _rows()] == [young_id]


def test_postgres_refuses_to_truncate_the_access_log(office, backend):
    if backend != "postgres":
        pytest.skip("SQLite has no TRUNCATE")
    _old_and_young_rows(office)
    db.session.remove()
    with pytest.raises(Exception, match="insert-only"):
        with db.engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '5s'"))
            conn.execute(text("TRUNCATE access_log"))
    assert db.session.scalar(select(func.count(AccessLog.id))) == 2


def test_the_monthly_report_lists_readers_with_unusual_volumes_first(app, office):
    november = datetime(2026, 11, 5, 10, tzinfo=SEOUL)
    people = [make_user() for _ in range(40)]
    readers = [make_user(roles=("approver",)) for _ in range(5)]
    rows = []
    for n, reader in enumerate(readers):  # the usual: one or two people, a few reads
        for person in people[: 1 + n % 2]:
            rows.append((reader, person, november))
    for person in people:  # one reader who looked at 40 people
        rows.append((office.approver, person, november))
    rows.append((office.finance, office.traveler, november + timedelta(days=30)))  # December
    db.session.add_all([AccessLog(actor_id=a.id, subject_id=s.id, resource="trip",
                                  resource_id=office.trip_id, action="read", ip="10.0.0.2", at=at)
                        for a, s, at in rows])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["access-log", "report", "--month", "2026-11"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines()
             if line.startswith(("! ", "  ")) and not line.strip().startswith("reader")]
    assert lines[0].startswith(f"! {office.approver.username}") and "unusual" in lines[0], result.output
    assert len(lines) == 6 and not any(line.startswith("! ") for line in lines[1:])
    assert office.finance.username not in result.output
    assert " 40      40" in lines[0]
    bad = app.test_cli_runner().invoke(args=["access-log", "report", "--month", "2026-13"])
    assert bad.exit_code != 0


def test_a_statement_pdf_read_by_the_unit_approver_is_recorded_as_a_download(client, office):
    resp = client.get(f"/api/v1/trips/{office.trip_id}/statement?format=pdf",
                      headers=login(client, office.approver.username))
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF")
    assert [(r.resource, r.action, r.subject_id) for r in _rows()] == [
        ("statement", "download", office.traveler.id)]
