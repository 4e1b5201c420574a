"""The approver's pages show the 결재선, mark 대결, list 사후보고 and take absences (issue 15)."""
from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import Absence, Trip, now_seoul
from app.services import approval_policy
from tests.factories import make_unit, make_user
from tests.web.helpers import csrf_of, make_trip, web_login


def _org():
    unit = make_unit("LA")
    people = {
        "kim": make_user("kim", unit=unit),
        "rev": make_user("rev", unit=unit, roles=("traveler", "approver"), approves=("LA",)),
        "boss": make_user("boss", unit=unit, roles=("traveler", "approver"), approves=("LA",)),
        "dep": make_user("dep", unit=unit, roles=("traveler", "approver"), approves=("LA",)),
    }
    approval_policy.set_policy(session=db.session, actor=None, unit=unit.id, data={"rules": [
        {"when": {"min_days": 3}, "steps": [{"title": "검토", "approver_ids": [people["rev"].id]},
                                             {"title": "결재", "approver_ids": [people["boss"].id]}]},
        {"steps": [{"title": "결재", "approver_ids": [people["boss"].id]}]}]})
    return people


# The fixture's app context would share `g` (the logged-in user) across requests of different
# people: each request here runs in an app context of its own, as in production.
def _as(app, username: str):
    """A browser of its own, logged in as `username`."""
    client = app.test_client()
    with app.app_context():
        web_login(client, username)
    return client


def _html(client, url: str, status: int = 200) -> str:
    with client.application.app_context():
        resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)[:400]
    return resp.get_data(as_text=True)


def _post(client, url: str, page_url: str, **data):
    token = csrf_of(_html(client, page_url))
    with client.application.app_context():
        return client.post(url, data={"csrf_token": token, **data})


def test_the_trip_page_shows_the_line_and_whose_turn_it_is(app, client):
    people = _org()
    trip = make_trip(people["kim"], length_days=3)
    client = _as(app, "boss")
    html = _html(client, f"/web/trips/{trip.id}")
    assert "결재선" in html and "검토" in html and 'data-status="waiting"' in html
    assert "지금 <strong>검토</strong> 단계가 기다리는 중" in html
    assert 'class="act act-approve"' not in html  # not boss's turn yet
    client = _as(app, "rev")
    html = _html(client, f"/web/trips/{trip.id}")
    assert "내 차례" in html and 'class="act act-approve"' in html
    resp = _post(client, f"/web/trips/{trip.id}/approve", f"/web/trips/{trip.id}", comment="검토함",
                 version=str(trip.version))
    assert resp.status_code == 303
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).status == "applied"
    html = _html(client, f"/web/trips/{trip.id}")
    assert 'data-step="1" data-status="approved"' in html and "검토함" in html


def test_bulk_approval_decides_each_trips_current_step(app, client):
    people = _org()
    long_trip, day_trip = make_trip(people["kim"], length_days=3), make_trip(people["kim"], days_ahead=20)
    client = _as(app, "rev")
    page = _html(client, "/web/")
    assert f'id="pick-{long_trip.id}"' in page and f'id="pick-{day_trip.id}"' not in page
    form = {"csrf_token": csrf_of(page), "trip": [long_trip.id, day_trip.id],
            f"version-{long_trip.id}": long_trip.version, f"version-{day_trip.id}": day_trip.version}
    with app.app_context():
        resp = client.post("/web/bulk-approve", data=form)
    html = _html(client, resp.headers["Location"])
    assert "2건 중 1건을 승인했습니다." in html and "지금 차례가 아닙니다" in html
    db.session.expire_all()
    assert db.session.get(Trip, long_trip.id).status == "applied"
    assert db.session.get(Trip, day_trip.id).status == "applied"


def test_an_absence_from_the_form_lets_the_substitute_decide_and_marks_대결(app, client):
    people = _org()
    trip = make_trip(people["kim"])
    client = _as(app, "boss")
    now = now_seoul()
    resp = _post(client, "/web/absences", "/web/absences", substitute_id=str(people["dep"].id),
                 start_at=(now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
                 end_at=(now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"), reason="연가")
    assert resp.status_code == 303
    assert "연가" in _html(client, "/web/absences")
    client = _as(app, "dep")
    html = _html(client, f"/web/trips/{trip.id}")
    assert "대결" in html and "대신 결재합니다" in html
    _post(client, f"/web/trips/{trip.id}/approve", f"/web/trips/{trip.id}", comment="대결 승인")
    html = _html(client, f"/web/trips/{trip.id}")
    assert '<strong class="tag daegyeol">대결</strong>' in html and "사후보고 미확인" in html
    client = _as(app, "boss")
    tab = _html(client, "/web/post-reports")
    assert f'data-trip="{trip.id}" class="open"' in tab
    _post(client, f"/web/trips/{trip.id}/acknowledge", "/web/post-reports", back="/web/post-reports")
    tab = _html(client, "/web/post-reports")
    assert f'data-trip="{trip.id}" class="done"' in tab and 'id="post-report-count">0<' in tab


def test_a_bad_absence_form_is_422_in_korean_and_stores_nothing(app, client):
    people = _org()
    client = _as(app, "boss")
    resp = _post(client, "/web/absences", "/web/absences", substitute_id=str(people["kim"].id),
                 start_at="2026-12-01T09:00", end_at="2026-12-31T09:00")
    assert resp.status_code == 422 and "대결자" in resp.get_data(as_text=True)
    resp = _post(client, "/web/absences", "/web/absences", substitute_id="", start_at="", end_at="")
    assert resp.status_code == 422
    assert db.session.query(Absence).count() == 0


def test_travelers_get_no_absence_or_post_report_pages_and_others_absences_stay_theirs(app, client):
    people = _org()
    now = now_seoul()
    absence = Absence(user_id=people["boss"].id, substitute_id=people["dep"].id, start_at=now,
                      end_at=now + timedelta(days=1), reason="")
    db.session.add(absence)
    db.session.commit()
    client = _as(app, "kim")
    assert _html(client, "/web/absences", 403) and _html(client, "/web/post-reports", 403)
    client = _as(app, "dep")
    resp = _post(client, f"/web/absences/{absence.id}/delete", "/web/absences")
    assert resp.status_code == 404
    db.session.expire_all()
    assert db.session.get(Absence, absence.id).cancelled_at is None
