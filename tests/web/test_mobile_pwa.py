"""The traveler's phone app in a real browser: a trip from application to payment on a phone.

Runs the real app on a free localhost port with its embedded OCR worker, drives Debian's Chromium
through Playwright in a phone viewport, and checks every result against the API.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from app.extensions import db
from app.services import accounts
from tests.conftest import make_app
from tests.web.helpers import served

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "mobile"
SAMPLES = ROOT / "sample_receipts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/120.0.0.0 Mobile Safari/537.36")
WAIT_MS = 60_000  # OCR on a shared 2-core machine; a bound, not a timing assertion

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(tmp_path, request):
    """The real app (migrated SQLite copy, demo users, embedded OCR worker) on a free port."""
    app = make_app("sqlite", tmp_path, request, OCR_EMBEDDED_WORKER=True, OCR_WORKERS=1)
    with app.app_context():
        accounts.seed_demo(session=db.session)
        db.session.remove()
    with served(app) as url:
        yield url


@pytest.fixture
def browser():
    """Headless Chromium; a missing browser fails the test (it is never skipped)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"Chromium is required at {CHROMIUM} for the browser tests"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield pw, browser
        browser.close()


class Api:
    """A plain HTTP client for the same server, as another user (approver, finance)."""

    def __init__(self, pw, base: str, username: str) -> None:
        self.ctx = pw.request.new_context(base_url=base)
        res = self.ctx.post("/api/v1/auth/login", data={"username": username, "password": "yeobi-demo"})
        assert res.ok, res.text()
        self.auth = {"Authorization": f"Bearer {res.json()['access_token']}"}

    def get(self, path: str) -> dict:
        res = self.ctx.get(f"/api/v1{path}", headers=self.auth)
        assert res.ok, res.text()
        return res.json()

    def post(self, path: str, body: dict | None = None) -> dict:
        res = self.ctx.post(f"/api/v1{path}", headers=self.auth, data=body or {})
        assert res.ok, f"{path}: {res.status} {res.text()}"
        return res.json()


def _phone(browser):
    return browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                               is_mobile=True, has_touch=True, user_agent=PHONE_UA,
                               locale="ko-KR", timezone_id="Asia/Seoul")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


# Every visible control: a name for screen readers, and a touch target of at least 44 CSS pixels.
A11Y_PROBLEMS = """() => {
  const out = [];
  const visible = (el) => el.offsetParent !== null && getComputedStyle(el).visibility !== 'hidden';
  const controls = 'main button, main a, main select, main input, main label.button';
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el) || el.classList.contains('visually-hidden')) continue;
    const name = el.getAttribute('aria-label') || (el.labels && el.labels.length && el.labels[0].textContent)
      || el.textContent.trim();
    if (!name) out.push(`no accessible name: ${el.outerHTML.slice(0, 80)}`);
    const target = el.type === 'checkbox' ? el.labels[0] : el;
    if (target.getBoundingClientRect().height < 44) out.push(`small target: ${el.outerHTML.slice(0, 80)}`);
  }
  return out;
}"""


def _usable_on_small_phone(page) -> None:
    """No control without a name or smaller than a finger, and nothing wider than a 360 px screen."""
    assert page.evaluate(A11Y_PROBLEMS) == []
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 390, "height": 844})


def _wait_until_read(api: Api, trip_id: int) -> list[dict]:
    """Poll the API until OCR has finished every receipt of the trip (bounded by WAIT_MS)."""
    import time

    deadline = time.monotonic() + WAIT_MS / 1000
    while True:
        items = api.get(f"/trips/{trip_id}/receipts")["items"]
        if all(r["status"] in ("done", "failed") for r in items) or time.monotonic() > deadline:
            return items
        time.sleep(0.5)


def test_traveler_takes_a_trip_from_application_to_payment_on_a_phone(live_server, browser):
    pw, chromium = browser
    context = _phone(chromium)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    traveler = Api(pw, live_server, "traveler1")
    rail_out = json.loads((SAMPLES / "s_rail_app_0_clean.json").read_text())["fields"]

    # Log in.
    page.goto(f"{live_server}/m/")
    page.get_by_role("heading", name="여비 로그인").wait_for()
    _shot(page, "01-login")
    page.get_by_label("아이디").fill("traveler1")
    page.get_by_label("비밀번호").fill("yeobi-demo")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("heading", name="내 출장").wait_for()
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)") \
        == f"{live_server}/m/sw.js"

    # Create the trip, with the destination picked from the suggestions, and apply.
    page.get_by_role("link", name="+ 새 출장 신청").click()
    page.get_by_label("출장 목적").fill("안동시 지역협력 회의")
    page.get_by_role("combobox", name="출장지").fill("안동")
    page.get_by_role("option").filter(has_text="경상북도 안동시").click()
    page.get_by_label("출발 날짜").fill(rail_out["date"])
    page.get_by_label("출발 시각").fill("08:00")
    page.get_by_label("복귀 날짜").fill(rail_out["date"])
    page.get_by_label("복귀 시각").fill("21:00")
    page.get_by_label("교통수단").select_option("rail")
    _usable_on_small_phone(page)
    _shot(page, "02-new-trip")
    page.get_by_role("button", name="저장하고 결재 신청").click()
    page.get_by_role("heading", name="경상북도 안동시").wait_for()
    trip_id = int(page.url.rsplit("/", 1)[1])
    page.get_by_text("결재 대기", exact=True).first.wait_for()
    trip = traveler.get(f"/trips/{trip_id}")
    assert (trip["status"], trip["destination"], trip["transport"]) == ("applied", "경상북도 안동시", "rail")
    assert trip["start_at"].startswith(f"{rail_out['date']}T08:00:00+09:00")
    # Issue 15: the phone shows the 결재선 and where it waits (UNIT-A has no policy here: one 결재 step).
    page.get_by_role("heading", name="결재선").wait_for()
    assert page.locator("#next-step").inner_text() == "결재 단계 대기"
    assert page.locator(".line-steps li[aria-current='step']").count() == 1
    _shot(page, "03-applied")

    # The approver returns it with a comment; the traveler reads why, corrects it and applies again.
    approver = Api(pw, live_server, "approver1")
    approver.post(f"/trips/{trip_id}/return", {"comment": "회의 기관명을 목적에 적어 주세요."})
    page.reload()
    # The comment shows in the history and on the returned step of the 결재선 (issue 15).
    page.locator(".history").get_by_text("회의 기관명을 목적에 적어 주세요.").wait_for()
    assert page.locator(".line-steps li[data-status='returned']").count() == 1
    page.get_by_role("link", name="출장 내용 수정").click()
    page.get_by_label("출장 목적").fill("안동시청 지역협력 회의")
    _shot(page, "03-edit-returned-draft")
    page.get_by_role("button", name="저장하고 결재 신청").click()
    page.get_by_text("결재 대기", exact=True).first.wait_for()
    trip = traveler.get(f"/trips/{trip_id}")
    assert (trip["status"], trip["purpose"]) == ("applied", "안동시청 지역협력 회의")

    # The approver approves through the API; the phone shows what is needed next.
    approver.post(f"/trips/{trip_id}/approve", {"comment": "승인합니다"})
    page.get_by_role("link", name="← 내 출장").click()
    page.locator(f"a[href='#/trips/{trip_id}']").filter(has_text="영수증 2장 필요").wait_for()
    _usable_on_small_phone(page)
    _shot(page, "03-trips-by-status")
    page.locator(f"a[href='#/trips/{trip_id}']").click()
    page.get_by_text("영수증 2장 필요").wait_for()

    # Photograph the outbound ticket on a slow uplink: the upload progress shows, then OCR fields.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                  "downloadThroughput": -1, "uploadThroughput": 20_000})
    page.set_input_files("#camera", str(SAMPLES / "s_rail_app_0_clean.png"))
    page.locator("progress").wait_for()
    _shot(page, "04-uploading")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                  "downloadThroughput": -1, "uploadThroughput": -1})
    page.get_by_role("heading", name="읽은 내용").wait_for()
    receipt_id = int(page.url.rsplit("/", 1)[1])
    receipt = traveler.get(f"/receipts/{receipt_id}")
    unsure = sorted(n for n, v in receipt["fields"].items()
                    if v is not None and receipt["confidence"].get(n, 1) < 0.6)
    shown_unsure = sorted(page.locator("li.field-row.unsure").evaluate_all(
        "rows => rows.map(r => r.dataset.field)"))
    assert shown_unsure == unsure
    _usable_on_small_phone(page)
    _shot(page, "05-receipt-read")

    # Tap the ticket number and correct it to what the ticket says.
    page.locator("li[data-field=ticket_no] button").click()
    page.get_by_label("승차권 번호").fill(rail_out["ticket_no"])
    page.get_by_role("button", name="확인·저장").click()
    page.locator("li.corrected[data-field=ticket_no]").wait_for()
    receipt = traveler.get(f"/receipts/{receipt_id}")
    assert receipt["fields"]["ticket_no"] == rail_out["ticket_no"]
    assert [c["field"] for c in receipt["corrections"]] == ["ticket_no"]
    _shot(page, "06-receipt-corrected")

    # Offline: the trip stays readable, and the return ticket waits on the phone.
    page.get_by_role("link", name="← 출장으로").click()
    page.get_by_role("heading", name="경상북도 안동시").wait_for()
    context.set_offline(True)
    page.reload()
    page.get_by_text("에 받은 내용입니다").wait_for()
    page.set_input_files("#camera", str(SAMPLES / "s_rail_app_1_clean.png"))
    page.get_by_text("오프라인 · 연결되면 전송").wait_for()
    page.locator("#network").wait_for()  # the offline banner
    assert len(traveler.get(f"/trips/{trip_id}/receipts")["items"]) == 1
    _shot(page, "07-offline-waiting")

    # Back online: the waiting photo is sent once.
    context.set_offline(False)
    page.get_by_role("heading", name="영수증 (2)").wait_for()
    page.locator("li.waiting-item").wait_for(state="detached")
    page.locator("#network").wait_for(state="hidden")
    receipts = _wait_until_read(traveler, trip_id)
    assert len(receipts) == 2
    assert sorted(r["status"] for r in receipts) == ["done", "done"]
    page.reload()
    page.get_by_role("heading", name="영수증 (2)").wait_for()
    _shot(page, "08-online-uploaded")

    # The second ticket carries flags with their reasons (outside the trip dates).
    second = next(r for r in receipts if r["id"] != receipt_id)
    page.goto(f"{live_server}/m/#/receipts/{second['id']}")
    page.get_by_role("heading", name="확인할 점").wait_for()
    codes = page.locator("ul.flags li").evaluate_all("items => items.map(i => i.dataset.code)")
    assert codes == [f["code"] for f in second["flags"]] and "outside_trip" in codes
    _shot(page, "09-receipt-flags")

    # Settle: the preview lists each line with its rule, then the statement is submitted. The
    # access token has gone bad meanwhile: the app refreshes it with the refresh token.
    page.evaluate("sessionStorage.setItem('yeobi.m.access', 'expired-token')")
    page.goto(f"{live_server}/m/#/trips/{trip_id}")
    page.reload()
    page.get_by_role("link", name="정산하기").click()
    page.get_by_role("heading", name="정산 미리보기").wait_for()
    page.locator("ol.lines li").first.wait_for()
    preview_items = page.locator("ol.lines li").evaluate_all("ls => ls.map(l => l.dataset.item)")
    assert "fare" in preview_items and "daily" in preview_items
    _usable_on_small_phone(page)
    _shot(page, "10-settle-preview")
    page.get_by_role("button", name="정산 제출").click()
    page.get_by_role("heading", name="여비 정산서").wait_for()
    statement = traveler.get(f"/trips/{trip_id}/statement")
    assert page.locator("ol.lines li").evaluate_all("ls => ls.map(l => l.dataset.item)") \
        == [line["item"] for line in statement["lines"]] == preview_items
    assert f"{statement['total']:,}원" in page.locator("p.total").inner_text()
    _shot(page, "11-statement")

    # The approver accepts the flagged settlement, finance pays, and the phone shows it.
    status = traveler.get(f"/trips/{trip_id}")["status"]
    if status == "settlement_review":
        approver.post(f"/trips/{trip_id}/accept-settlement")
    finance = Api(pw, live_server, "finance1")
    batch = finance.post("/exports")
    finance.post(f"/exports/{batch['id']}/confirm", {"payment_date": date.today().isoformat(),
                                                      "payment_reference": "PAY-MOBILE-1"})
    page.reload()
    page.get_by_text("지급되었습니다").wait_for()
    assert traveler.get(f"/trips/{trip_id}")["status"] == "paid"
    assert page.evaluate("sessionStorage.getItem('yeobi.m.access')") != "expired-token"
    _usable_on_small_phone(page)
    _shot(page, "12-paid")
    with page.expect_popup() as popup:
        page.get_by_role("button", name="PDF로 보기").click()
    assert popup.value.url.startswith("blob:")
    context.close()


def test_an_upload_whose_answer_is_lost_is_retried_and_makes_one_receipt(live_server, browser):
    """The server stores the photo but the phone never hears back: the outbox retries with the
    same Idempotency-Key and body, the server replays its first answer, and one receipt exists."""
    pw, chromium = browser
    traveler, approver = Api(pw, live_server, "traveler1"), Api(pw, live_server, "approver1")
    trip = traveler.post("/trips", {"purpose": "회의", "destination": "부산광역시", "transport": "rail",
                                     "start_at": "2026-03-10T07:30:00+09:00",
                                     "end_at": "2026-03-10T20:00:00+09:00"})
    traveler.post(f"/trips/{trip['id']}/apply")
    approver.post(f"/trips/{trip['id']}/approve")
    # Routing sees the page's own requests only without a service worker in between.
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, user_agent=PHONE_UA, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server}/m/")
    page.get_by_label("아이디").fill("traveler1")
    page.get_by_label("비밀번호").fill("yeobi-demo")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("heading", name="내 출장").wait_for()

    sent = []

    def lose_the_first_answer(route):
        response = route.fetch()  # the server does the work...
        sent.append((route.request.headers["idempotency-key"], route.request.post_data_buffer,
                     response.status, response.headers.get("idempotent-replayed")))
        if len(sent) == 1:
            route.abort("connectionreset")  # ...but the phone never hears back
        else:
            route.fulfill(response=response)

    page.route(f"**/api/v1/trips/{trip['id']}/receipts", lambda route: (
        lose_the_first_answer(route) if route.request.method == "POST" else route.continue_()))
    page.goto(f"{live_server}/m/#/trips/{trip['id']}")
    page.set_input_files("#pick-file", str(SAMPLES / "s_pdf_text_0_clean.pdf"))  # a PDF e-receipt
    page.get_by_text("오프라인 · 연결되면 전송").wait_for()
    page.get_by_role("heading", name="영수증 (1)").wait_for()  # after the retry

    assert [(s[2], s[3]) for s in sent] == [(202, None), (202, "true")]
    assert sent[0][0] == sent[1][0] and sent[0][1] == sent[1][1]  # same key, byte-identical body
    receipts = traveler.get(f"/trips/{trip['id']}/receipts")["items"]
    assert [(r["content_type"], r["filename"])
            for r in receipts] == [("application/pdf", "s_pdf_text_0_clean.pdf")]
    _shot(page, "13-retried-upload")
    context.close()
