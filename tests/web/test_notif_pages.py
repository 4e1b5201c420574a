"""The approver's 알림: the unread count in the header, the inbox page, marking read (own items only)."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Notification
from tests.factories import make_unit, make_user
from tests.web.helpers import csrf_of, make_trip, web_login


@pytest.fixture
def org(app):
    a, b = make_unit("NA"), make_unit("NB")
    return {"boss": make_user("boss", unit=a, roles=("traveler", "approver"), approves=("NA",)),
            "kim": make_user("kim", unit=a),
            "other": make_user("other", unit=b, roles=("traveler", "approver"), approves=("NB",))}


def _page(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    return resp.get_data(as_text=True)


def test_an_application_shows_in_the_approvers_header_and_inbox(client, org):
    trip = make_trip(org["kim"], purpose="세종 협의")
    web_login(client, "boss")
    queue = _page(client, "/web/")
    assert 'id="unread">1<' in queue and "건 읽지 않음" in queue
    inbox = _page(client, "/web/notifications")
    assert "결재 요청: 세종 협의" in inbox and "읽지 않음" in inbox
    note = db.session.query(Notification).filter_by(user_id=org["boss"].id).one()
    resp = client.post(f"/web/notifications/{note.id}/read", data={"csrf_token": csrf_of(inbox)})
    assert resp.status_code == 303 and resp.headers["Location"] == f"/web/trips/{trip.id}"
    assert 'id="unread"' not in _page(client, "/web/")


def test_another_approvers_item_cannot_be_marked_from_the_page(client, org):
    make_trip(org["kim"])
    note = db.session.query(Notification).filter_by(user_id=org["boss"].id).one()
    web_login(client, "other")
    inbox = _page(client, "/web/notifications")
    assert "알림이 없습니다." in inbox
    resp = client.post(f"/web/notifications/{note.id}/read", data={"csrf_token": csrf_of(inbox)})
    assert resp.status_code == 404
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_marking_read_without_the_form_token_is_refused(client, org):
    make_trip(org["kim"])
    note = db.session.query(Notification).filter_by(user_id=org["boss"].id).one()
    web_login(client, "boss")
    assert client.post(f"/web/notifications/{note.id}/read").status_code == 400
    assert client.post("/web/notifications/read-all").status_code == 400
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_read_all_empties_the_count(client, org):
    make_trip(org["kim"])
    make_trip(org["kim"])
    web_login(client, "boss")
    inbox = _page(client, "/web/notifications")
    assert 'id="inbox-unread">2<' in inbox
    resp = client.post("/web/notifications/read-all", data={"csrf_token": csrf_of(inbox)})
    assert resp.status_code == 303
    assert 'id="inbox-unread">0<' in _page(client, "/web/notifications")


def test_a_traveler_without_approval_rights_gets_no_web_inbox(client, org):
    web_login(client, "kim")
    assert client.get("/web/notifications").status_code == 403
