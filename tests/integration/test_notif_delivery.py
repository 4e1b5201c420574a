"""Delivery against real parts: mails into an aiosmtpd server, pushes into a checking push service."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.settings import current_settings
from app.models import (SEOUL, Notification, NotifyDelivery, NotifyOutbox, PushSubscription, Trip,
                        now_seoul)
from app.services import trips as trip_service
from app.services.notify_worker import claim, recover, run_due
from tests.conftest import make_app
from tests.notif_parts import MailServer, PushService, vapid_pair
from tests.trip_helpers import act, create_trip, make_office


@pytest.fixture
def smtp():
    server = MailServer().start()
    yield server
    server.stop()


@pytest.fixture
def push_service():
    private, public = vapid_pair()
    service = PushService(public).start()
    service.private_key = private
    yield service
    service.stop()


@pytest.fixture
def app(backend, tmp_path, request, smtp, push_service):
    app = make_app(backend, tmp_path, request, SMTP_URL=smtp.url,
                   VAPID_PRIVATE_KEY=push_service.private_key, PUSH_SERVICE_HOSTS="127.0.0.1",
                   MAIL_USER_DOMAIN="korea.kr", PUBLIC_URL="https://yeobi.example",
                   NOTIFY_BACKOFF_SECONDS=0, NOTIFY_MAX_ATTEMPTS=3)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def send(app) -> dict:
    return run_due(db.session, app.config)


def subscribe(client, headers, device, base):
    resp = client.post("/api/v1/me/push-subscriptions", json=device.subscription(base), headers=headers)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()["id"]


def test_applying_mails_the_approver_in_korean_with_a_link_and_no_name(app, client, smtp):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler, purpose="세종 정책 협의")
    act(client, office.h_traveler, trip["id"], "apply")
    assert send(app) == {"sent": 1}
    [mail] = smtp.messages
    assert mail["To"] == f"{office.approver.username}@korea.kr"
    assert mail["Subject"] == "[여비] 결재 요청: 세종 정책 협의"
    text = mail.get_content()
    assert f"https://yeobi.example/web/trips/{trip['id']}" in text and "결재를 기다립니다" in text
    assert office.traveler.name not in text and office.traveler.username not in text
    assert mail["Message-ID"].startswith("<notify-")


def test_approving_mails_the_traveler_without_the_comment(app, client, smtp):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "approve", comment="개인 사정 고려함")
    assert send(app) == {"sent": 2}
    mail = smtp.messages[-1]
    assert mail["To"] == f"{office.traveler.username}@korea.kr" and "출장 승인" in mail["Subject"]
    assert "개인 사정" not in mail.get_content()
    assert f"/m/#/trips/{trip['id']}" in mail.get_content()


def test_a_push_arrives_signed_and_encrypted_and_the_device_reads_it(app, client, push_service):
    office = make_office(client)
    device = push_service.device("traveler-phone")
    subscribe(client, office.h_traveler, device, push_service.base)
    client.put("/api/v1/me/notification-settings", json={"email": False}, headers=office.h_traveler)
    trip = create_trip(client, office.h_traveler, purpose="부산 간담회")
    act(client, office.h_traveler, trip["id"], "apply")
    act(client, office.h_approver, trip["id"], "approve", comment="좋습니다")
    send(app)
    assert push_service.refused == []
    [msg] = push_service.received
    assert msg.claims["sub"] == "mailto:admin@yeobi.example" and msg.headers["topic"].startswith("n")
    payload = push_service.decrypt(msg)
    assert payload["title"] == "출장 승인: 부산 간담회" and "좋습니다" in payload["body"]
    assert payload["link"] == f"/m/#/trips/{trip['id']}" and payload["unread"] == 1


def test_a_device_the_push_service_calls_gone_is_dropped(app, client, push_service):
    office = make_office(client)
    gone, kept = push_service.device("old-phone"), push_service.device("new-phone")
    gone_id = subscribe(client, office.h_approver, gone, push_service.base)
    subscribe(client, office.h_approver, kept, push_service.base)
    push_service.answers["old-phone"] = [410]
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    send(app)
    assert [m.token for m in push_service.received] == ["new-phone"]
    assert db.session.get(PushSubscription, gone_id) is None
    outcomes = dict(db.session.execute(select(NotifyDelivery.target, NotifyDelivery.outcome)).all())
    assert outcomes[f"push:{gone_id}"] == "gone"
    assert db.session.scalar(select(NotifyOutbox.status).where(NotifyOutbox.channel == "push")) == "sent"


def test_smtp_down_does_not_hold_the_push_and_the_mail_follows_once(app, client, smtp, push_service):
    office = make_office(client)
    subscribe(client, office.h_approver, push_service.device("p"), push_service.base)
    smtp.stop()
    trip = create_trip(client, office.h_traveler)
    resp = act(client, office.h_traveler, trip["id"], "apply")
    assert resp.status_code == 200  # the request never waits for a channel
    assert send(app) == {"pending": 1, "sent": 1}
    assert len(push_service.received) == 1
    mail_row = db.session.scalar(select(NotifyOutbox).where(NotifyOutbox.channel == "email"))
    assert mail_row.status == "pending" and mail_row.attempts == 1 and "SMTP" in mail_row.last_error
    smtp.start()
    assert send(app) == {"sent": 1}
    assert send(app) == {}
    assert len(smtp.messages) == 1 and len(push_service.received) == 1


def test_a_retry_sends_only_to_the_devices_that_did_not_take_it(app, client, push_service):
    office = make_office(client)
    for token in ("a", "b"):
        subscribe(client, office.h_approver, push_service.device(token), push_service.base)
    push_service.answers["b"] = [503]
    client.put("/api/v1/me/notification-settings", json={"email": False}, headers=office.h_approver)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    assert send(app) == {"pending": 1}
    assert send(app) == {"sent": 1}
    assert sorted(m.token for m in push_service.received) == ["a", "b"]
    attempts = db.session.scalars(select(NotifyDelivery.outcome).order_by(NotifyDelivery.id)).all()
    assert attempts == ["sent", "error", "sent"]


def test_after_the_last_attempt_the_row_fails_and_stays_recorded(app, client, smtp):
    office = make_office(client)
    smtp.stop()
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    for _ in range(3):
        send(app)
    smtp.start()
    assert send(app) == {}
    row = db.session.scalar(select(NotifyOutbox))
    assert row.status == "failed" and row.attempts == 3
    assert db.session.scalar(select(func.count(NotifyDelivery.id))) == 3


def test_a_row_held_by_a_dead_worker_is_recovered_and_sent_once(app, client, smtp):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    act(client, office.h_traveler, trip["id"], "apply")
    row_id = db.session.scalar(select(NotifyOutbox.id))
    assert claim(db.session, row_id, "dead-host:1:1")
    assert send(app) == {}  # someone holds it
    row = db.session.get(NotifyOutbox, row_id)
    row.locked_at = datetime(2026, 1, 1, tzinfo=SEOUL)
    db.session.commit()
    assert recover(db.session, app.config) == 1
    assert send(app) == {"sent": 1} and len(smtp.messages) == 1


def test_a_change_that_rolls_back_leaves_no_notification_and_no_mail(app, client, smtp):
    office = make_office(client)
    trip = create_trip(client, office.h_traveler)
    row = db.session.get(Trip, trip["id"])
    trip_service.record_transition(session=db.session, trip=row, action=trip_service.Action.APPLY,
                                   actor=office.traveler, settings=current_settings())
    db.session.rollback()
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id))) == 0
    assert send(app) == {} and smtp.messages == []


def test_paying_a_batch_tells_each_traveler_the_amount_and_the_payment_date(app, client, smtp):
    from tests.api.test_exports import finance_headers, settled_trips

    ids = settled_trips(2)
    headers = finance_headers(client)
    batch = client.post("/api/v1/exports", headers=headers).get_json()
    client.post(f"/api/v1/exports/{batch['id']}/confirm", headers=headers,
                json={"payment_date": "2026-03-20", "payment_reference": "DBRAIN-1"})
    paid = db.session.scalars(select(Notification).where(Notification.kind == "trip_paid")
                              .order_by(Notification.trip_id)).all()
    assert [n.trip_id for n in paid] == ids
    assert all("2026-03-20에 지급" in n.body and n.amount > 0 and f"{n.amount:,}원" in n.body
               for n in paid)
    send(app)
    assert sum("여비 지급" in m["Subject"] for m in smtp.messages) == 2


def test_a_settlement_sent_to_review_tells_both_sides(app, client):
    from tests.api.test_exports import settled_trips

    [trip_id] = settled_trips(1, review=True)
    kinds = set(db.session.scalars(select(Notification.kind).where(Notification.trip_id == trip_id)))
    assert {"settlement_in_review", "settlement_waiting"} <= kinds


def test_digest_approvers_get_one_mail_a_day_instead_of_one_each(app, client, smtp):
    from app.services.notify_reminders import run_reminders

    office = make_office(client)
    client.put("/api/v1/me/notification-settings", json={"email_digest": True}, headers=office.h_approver)
    for _ in range(3):
        trip = create_trip(client, office.h_traveler)
        act(client, office.h_traveler, trip["id"], "apply")
    assert send(app) == {} and smtp.messages == []
    morning = now_seoul().replace(hour=9)
    for _ in range(2):
        report = run_reminders(session=db.session, config=app.config, now=morning)
        send(app)
    [mail] = smtp.messages
    assert mail["Subject"] == "[여비] 오늘의 결재 요청 3건" and report.digests == 0


@pytest.mark.redis
def test_with_redis_the_committed_notices_go_through_rq_to_a_notify_worker(
        backend, tmp_path, request, smtp):
    import os
    import uuid

    from redis import Redis
    from rq import Queue

    from app.services import notify_queue

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no Redis answers at {url}: {exc}")
    name = f"test-notify-{uuid.uuid4().hex[:8]}"
    app = make_app(backend, tmp_path, request, REDIS_URL=url, NOTIFY_QUEUE_NAME=name,
                   SMTP_URL=smtp.url, MAIL_USER_DOMAIN="korea.kr")
    queue = Queue(name, connection=Redis.from_url(url))
    with app.app_context():
        try:
            client = app.test_client()
            office = make_office(client)
            trip = create_trip(client, office.h_traveler)
            act(client, office.h_traveler, trip["id"], "apply")
            assert queue.count == 1 and smtp.messages == []
            notify_queue.work(burst=True)
            assert len(smtp.messages) == 1 and queue.count == 0
        finally:
            queue.delete(delete_jobs=True)
            db.session.remove()
            db.engine.dispose()


def test_with_redis_down_the_request_still_succeeds_and_the_row_waits(backend, tmp_path, request, smtp):
    app = make_app(backend, tmp_path, request, REDIS_URL="redis://127.0.0.1:1/0", SMTP_URL=smtp.url,
                   MAIL_USER_DOMAIN="korea.kr")
    with app.app_context():
        try:
            client = app.test_client()
            office = make_office(client)
            trip = create_trip(client, office.h_traveler)
            assert act(client, office.h_traveler, trip["id"], "apply").status_code == 200
            assert db.session.scalar(select(NotifyOutbox.status)) == "pending"
        finally:
            db.session.remove()
            db.engine.dispose()
