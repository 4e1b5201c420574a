"""The phone app subscribes to Web Push, receives a push in its service worker, and shows the inbox.

The real app on a free port sends through its notification pool to a local push service that checks
the VAPID token and takes the aes128gcm message, and to an aiosmtpd server. Headless Chromium has no
vendor push service to register with, so the test stands in for that one part: PushManager.subscribe
answers with an endpoint on the local push service (keys held by the test), and the message the
service took is decrypted with the device's key and handed to the service worker over the DevTools
protocol (ServiceWorker.deliverPushMessage), as the browser does after decrypting it.
"""
from __future__ import annotations

import json
import time

import pytest

from app.extensions import db
from app.services import accounts, approval_policy
from app.services.notify_worker import NotifyPool
from tests.conftest import make_app
from tests.web.helpers import served
from tests.notif_parts import MailServer, PushService, vapid_pair
from tests.web.test_mobile_pwa import Api, _phone, _usable_on_small_phone, browser  # noqa: F401

pytestmark = pytest.mark.browser
WAIT_MS = 20_000


@pytest.fixture
def parts():
    private, public = vapid_pair()
    push = PushService(public).start()
    mail = MailServer().start()
    yield private, push, mail
    push.stop()
    mail.stop()


@pytest.fixture
def live(tmp_path, request, parts):
    private, push, mail = parts
    app = make_app("sqlite", tmp_path, request, SMTP_URL=mail.url, MAIL_USER_DOMAIN="korea.kr",
                   VAPID_PRIVATE_KEY=private, PUSH_SERVICE_HOSTS="127.0.0.1")
    with app.app_context():
        accounts.seed_demo(session=db.session)
        # As `flask seed-demo`: UNIT-A's 결재선 sends a day trip to approver1 alone (issue 15).
        approval_policy.seed_demo_policy(session=db.session)
        db.session.remove()
    app.extensions["notify_pool"] = NotifyPool(app).start()
    with served(app) as url:  # stops the pool too
        yield url, push, mail


STUB_SUBSCRIBE = """(sub) => {
  PushManager.prototype.subscribe = async function () {
    return { endpoint: sub.endpoint, toJSON: () => sub };
  };
}"""


def _until(page, check, what: str):
    """Wait for `check()`, letting Playwright dispatch its events meanwhile (no time.sleep)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        page.wait_for_timeout(100)


def test_the_phone_subscribes_gets_a_push_and_shows_it_in_the_inbox(live, browser):  # noqa: F811
    base, push, mail = live
    pw, chromium = browser
    device = push.device("traveler1-phone")
    context = _phone(chromium)
    context.grant_permissions(["notifications"], origin=base)
    context.add_init_script(f"({STUB_SUBSCRIBE})({json.dumps(device.subscription(push.base))})")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{base}/m/")
    page.get_by_label("아이디").fill("traveler1")
    page.get_by_label("비밀번호").fill("yeobi-demo")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("heading", name="내 출장").wait_for()
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")

    page.get_by_role("link", name="알림", exact=True).click()
    page.get_by_role("heading", name="알림", exact=True).wait_for()
    page.get_by_text("알림이 없습니다.").wait_for()
    _usable_on_small_phone(page)
    page.get_by_role("button", name="이 기기에서 푸시 알림 받기").click()
    page.get_by_text("이 기기에서 푸시 알림을 받습니다.").wait_for()
    traveler = Api(pw, base, "traveler1")
    assert traveler.get("/me/notification-settings")["push_devices"] == 1

    # The traveler applies (through the API), the approver approves: a push and two mails follow.
    trip = traveler.post("/trips", {"purpose": "안동 지역협력 회의", "destination": "경상북도 안동시",
                                    "start_at": "2026-12-20T08:00:00+09:00",
                                    "end_at": "2026-12-20T21:00:00+09:00", "transport": "rail"})
    traveler.post(f"/trips/{trip['id']}/apply")
    Api(pw, base, "approver1").post(f"/trips/{trip['id']}/approve", {"comment": "다녀오세요"})
    _until(page, lambda: push.received, "the push")
    _until(page, lambda: len(mail.messages) == 2, "the mails to approver1 and traveler1")
    assert {m["To"] for m in mail.messages} == {"approver1@korea.kr", "traveler1@korea.kr"}
    assert push.refused == []
    payload = push.decrypt(push.received[0])
    assert payload["title"] == "출장 승인: 안동 지역협력 회의" and payload["unread"] == 1

    # The browser hands the decrypted message to the service worker; the header's count follows.
    page.evaluate("location.hash = '#/'")
    page.get_by_role("heading", name="내 출장").wait_for()
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda e: registrations.extend(r["registrationId"] for r in e["registrations"]))
    cdp.send("ServiceWorker.enable")
    _until(page, lambda: registrations, "the service worker registration")
    cdp.send("ServiceWorker.deliverPushMessage", {"origin": base, "registrationId": registrations[0],
                                                  "data": json.dumps(payload, ensure_ascii=False)})
    page.locator("#unread", has_text="1").wait_for()
    assert page.get_by_role("link", name="알림 1건 읽지 않음").is_visible()

    # The inbox shows the item; opening it marks it read and leads to the trip.
    page.get_by_role("link", name="알림 1건 읽지 않음").click()
    page.get_by_role("button", name="출장 승인: 안동 지역협력 회의").wait_for()
    _usable_on_small_phone(page)
    page.get_by_role("button", name="출장 승인: 안동 지역협력 회의").click()
    page.wait_for_url(f"**/m/#/trips/{trip['id']}")
    assert traveler.get("/notifications?unread=1")["unread"] == 0
    page.locator("#unread").wait_for(state="hidden")
