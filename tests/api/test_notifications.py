"""Notifications (issue 16): events to people, the inbox API, settings, devices, per role."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Notification, NotifyOutbox, PushSubscription
from tests.factories import login, make_user
from tests.trip_helpers import act, create_trip, make_office

P256DH = "B" + "A" * 86  # shape only: these API tests never send a push
AUTH = "A" * 22


def inbox(client, headers, **query):
    resp = client.get("/api/v1/notifications", query_string=query, headers=headers)
    assert resp.status_code == 200, resp.get_json()
    return resp.get_json()


def test_applying_puts_an_approval_request_in_the_approvers_inbox_only(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler, purpose="세종 정책 협의")
    act(client, office.h_traveler, trip["id"], "apply")
    got = inbox(client, office.h_approver, unread=1)
    assert got["unread"] == 1 and len(got["items"]) == 1
    item = got["items"][0]
    assert item["kind"] == "approval_waiting" and item["trip_id"] == trip["id"]
    assert item["title"] == "결재 요청: 세종 정책 협의" and item["link"] == f"/web/trips/{trip['id']}"
    assert item["read"] is False
    assert inbox(client, office.h_traveler)["items"] == []
    assert inbox(client, office.h_other)["items"] == []


def test_approval_tells_the_traveler_with_the_comment(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "approve", comment="잘 다녀오세요")
    item = inbox(client, office.h_traveler)["items"][0]
    assert item["kind"] == "trip_approved" and "의견: 잘 다녀오세요" in item["body"]
    assert item["link"] == f"/m/#/trips/{trip['id']}"


@pytest.mark.parametrize("action,kind", [("return", "trip_returned"), ("reject", "trip_rejected")])
def test_a_return_or_rejection_tells_the_traveler_why(client, action, kind):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], action, comment="일정 확인 필요")
    item = inbox(client, office.h_traveler)["items"][0]
    assert item["kind"] == kind and "일정 확인 필요" in item["body"]


def test_each_application_is_one_request_per_step_even_after_a_return(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "return", comment="보완")
    act(client, office.h_traveler, trip["id"], "apply")
    kinds = [i["kind"] for i in inbox(client, office.h_approver)["items"]]
    assert kinds == ["approval_waiting", "approval_waiting"]


def test_a_refused_action_leaves_no_notification(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    assert act(client, office.h_approver, trip["id"], "reject").status_code == 422  # no comment
    assert act(client, office.h_other, trip["id"], "approve").status_code in (403, 404)
    assert db.session.scalar(select(func.count(Notification.id))) == 1  # the request only


def test_marking_read_works_only_on_your_own_items(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    item = inbox(client, office.h_approver)["items"][0]
    for headers in (office.h_traveler, office.h_other):
        resp = client.post(f"/api/v1/notifications/{item['id']}/read", headers=headers)
        assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
    assert inbox(client, office.h_approver)["unread"] == 1
    resp = client.post(f"/api/v1/notifications/{item['id']}/read", headers=office.h_approver)
    assert resp.status_code == 200 and resp.get_json()["read"] is True
    assert inbox(client, office.h_approver, unread=1)["items"] == []
    assert client.post("/api/v1/notifications/999999/read",
                       headers=office.h_approver).status_code == 404


def test_read_all_marks_only_the_callers_items(client):
    office = make_office(client)
    for _ in range(2):
        trip = create_trip(client, office.h_traveler)
        act(client, office.h_traveler, trip["id"], "apply")
        act(client, office.h_approver, trip["id"], "approve", comment="")
    resp = client.post("/api/v1/notifications/read-all", headers=office.h_traveler)
    assert resp.status_code == 200 and resp.get_json() == {"marked": 2, "unread": 0}
    assert inbox(client, office.h_traveler)["unread"] == 0
    assert inbox(client, office.h_approver)["unread"] == 2


@pytest.mark.parametrize("role", ["finance", "admin"])
def test_finance_and_admin_see_an_empty_inbox_of_their_own(client, role):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    user = make_user(roles=(role,))
    assert inbox(client, login(client, user.username)) == {
        "items": [], "unread": 0, "meta": {"page": 1, "per_page": 20, "total": 0, "pages": 1}}


@pytest.mark.parametrize("method,path", [
    ("get", "/api/v1/notifications"), ("post", "/api/v1/notifications/1/read"),
    ("post", "/api/v1/notifications/read-all"), ("get", "/api/v1/me/notification-settings"),
    ("put", "/api/v1/me/notification-settings"), ("post", "/api/v1/me/push-subscriptions"),
    ("delete", "/api/v1/me/push-subscriptions/1")])
def test_anonymous_callers_get_401(client, method, path):
    resp = getattr(client, method)(path, json={} if method in ("put", "post") else None)
    assert resp.status_code == 401 and resp.mimetype == "application/problem+json"


@pytest.mark.parametrize("query", [{"unread": "2"}, {"unread": "yes"}, {"per_page": "1000"}])
def test_bad_inbox_queries_are_422(client, query):
    office = make_office(client)
    resp = client.get("/api/v1/notifications", query_string=query, headers=office.h_traveler)
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"


def test_settings_default_to_every_channel_and_change_field_by_field(client):
    office = make_office(client)
    got = client.get("/api/v1/me/notification-settings", headers=office.h_traveler).get_json()
    assert got["inbox"] and got["email"] and got["push"] and not got["email_digest"]
    assert got["email_address"] is None and got["email_available"] is False
    assert got["push_public_key"] is None and got["push_devices"] == 0
    resp = client.put("/api/v1/me/notification-settings", headers=office.h_traveler,
                      json={"email": False, "email_address": "kim@korea.kr"})
    assert resp.status_code == 200
    got = resp.get_json()
    assert got["email"] is False and got["push"] is True and got["email_address"] == "kim@korea.kr"
    mine = client.get("/api/v1/me/notification-settings", headers=office.h_other).get_json()
    assert mine["email"] is True and mine["email_address"] is None


@pytest.mark.parametrize("body,field", [
    ({"email_address": "not-an-address"}, "email_address"), ({"email": "often"}, "email"),
    ({"channels": ["sms"]}, "channels"), ({"email_address": "a@" + "b" * 260 + ".kr"}, "email_address")])
def test_bad_settings_are_422_and_change_nothing(client, body, field):
    office = make_office(client)
    resp = client.put("/api/v1/me/notification-settings", json=body, headers=office.h_traveler)
    assert resp.status_code == 422 and field in resp.get_json()["errors"]
    got = client.get("/api/v1/me/notification-settings", headers=office.h_traveler).get_json()
    assert got["email"] is True and got["email_address"] is None


def test_turning_the_inbox_off_keeps_the_items_out_of_it(client):
    office = make_office(client)
    client.put("/api/v1/me/notification-settings", json={"inbox": False}, headers=office.h_approver)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    assert inbox(client, office.h_approver)["items"] == []


def _subscription(endpoint="https://fcm.googleapis.com/fcm/send/abc123"):
    return {"endpoint": endpoint, "keys": {"p256dh": P256DH, "auth": AUTH}, "expirationTime": None}


def test_a_device_subscribes_once_and_only_its_owner_removes_it(client):
    office = make_office(client)
    first = client.post("/api/v1/me/push-subscriptions", json=_subscription(), headers=office.h_traveler)
    again = client.post("/api/v1/me/push-subscriptions", json=_subscription(), headers=office.h_traveler)
    assert first.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    sub_id = first.get_json()["id"]
    assert client.delete(f"/api/v1/me/push-subscriptions/{sub_id}",
                         headers=office.h_other).status_code == 404
    assert client.delete(f"/api/v1/me/push-subscriptions/{sub_id}",
                         headers=office.h_traveler).status_code == 204
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0


@pytest.mark.parametrize("endpoint", ["http://fcm.googleapis.com/x/abcdef", "https://169.254.169.254/latest",
                                      "https://evil.example/fcm.googleapis.com", "file:///etc/passwd"])
def test_an_endpoint_that_is_no_push_service_is_refused(client, endpoint):
    office = make_office(client)
    resp = client.post("/api/v1/me/push-subscriptions", json=_subscription(endpoint),
                       headers=office.h_traveler)
    assert resp.status_code == 422 and "endpoint" in resp.get_json()["errors"]
    assert db.session.scalar(select(func.count(PushSubscription.id))) == 0


def test_without_smtp_or_vapid_nothing_waits_in_the_outbox(client):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    assert db.session.scalar(select(func.count(NotifyOutbox.id))) == 0
