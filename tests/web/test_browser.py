"""The approver's pages in a real browser (Debian's Chromium through Playwright).

One live server and one browser for the module; screenshots of each page go to test-output/web/.
"""
from __future__ import annotations

import json
import os
import urllib.request
from pathlib import Path

import pytest

from app.extensions import db
from app.services.accounts import seed_demo
from tests.conftest import make_app
from tests.web.helpers import ROOT, SAMPLE_IMAGE, add_receipt, add_statement, make_trip, served

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("YEOBI_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SHOTS = ROOT / "test-output" / "web"
PASSWORD = "yeobi-demo"


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """A live app on a free localhost port with the demo users and a few trips of UNIT-A."""
    tmp = tmp_path_factory.mktemp("browser")
    app = make_app("sqlite", tmp, request)
    with app.app_context():
        users = {u.username: u for u in _seeded_users()}
        trips = _trips(app, users)
    with served(app) as url:
        yield {"url": url, "trips": trips}


def _seeded_users():
    from sqlalchemy import select

    from app.models import User

    seed_demo(session=db.session, password=PASSWORD)
    return db.session.scalars(select(User)).all()


def _trips(app, users) -> dict[str, int]:
    t1, t2 = users["traveler1"], users["traveler2"]
    approve = make_trip(t1, purpose="세종-부산 정책 협의", days_ahead=7, length_days=2)
    # The sample ticket's own fields, one read poorly and one corrected by the traveler.
    fields = json.loads(SAMPLE_IMAGE.with_suffix(".json").read_text(encoding="utf-8"))["fields"]
    fields = {k: v for k, v in fields.items() if k in ("total_amount", "date", "departure", "arrival",
                                                       "service", "seat_class", "ticket_no")}
    confidence = {name: 0.95 for name in fields} | {"arrival": 0.42, "departure": 0.71}
    add_receipt(approve, t1, app.config["UPLOAD_DIR"], fields=fields | {"departure": "청랑리"},
                confidence=confidence, corrections={"departure": fields["departure"]})
    send_back = make_trip(t2, purpose="광주 현장 점검", destination="광주광역시 서구",
                          days_ahead=12)
    bulk = [make_trip(t1, purpose=f"대전 회의 {n}", destination="대전광역시 유성구",
                      days_ahead=20 + 3 * n) for n in (1, 2)]
    review = make_trip(t2, status="settlement_review", purpose="서울 교육 정산",
                       destination="서울특별시 중구", days_ahead=30)
    add_statement(review, lines=[
        {"item": "daily", "quantity": 1, "unit_amount": 25000, "amount": 25000,
         "rule": "공무원 여비 규정 제16조③", "note": "1~1일째"},
        {"item": "meal", "quantity": 1, "unit_amount": 25000, "amount": 25000,
         "rule": "공무원 여비 규정 제16조⑤", "note": "여행일수 1일 (제5조)"},
        {"item": "lodging", "quantity": 1, "unit_amount": 100000, "amount": 100000,
         "rule": "공무원 여비 규정 제16조①, 별표 2", "note": "숙박 실지출 120,000원, 상한 100,000원"}],
        flags=[{"code": "lodging_capped", "message": "숙박비 120,000원 중 한도 100,000원을 넘는 "
                "20,000원은 지급하지 않았습니다.", "blocking": True, "ref": 2}])
    return {"approve": approve.id, "send_back": send_back.id, "bulk1": bulk[0].id,
            "bulk2": bulk[1].id, "review": review.id}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run scripts/test.sh (it installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def _page(browser, base: str, *, javascript: bool = True):
    context = browser.new_context(base_url=base, locale="ko-KR", viewport={"width": 1280, "height": 900},
                                  java_script_enabled=javascript)
    return context, context.new_page()


def _login(page, username: str) -> None:
    page.goto("/web/")
    assert "/web/login" in page.url  # not logged in: the queue sends us to the login page
    page.get_by_label("아이디").fill(username)
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    page.wait_for_url("**/web/")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _api_trip(base: str, username: str, trip_id: int) -> dict:
    body = json.dumps({"username": username, "password": PASSWORD}).encode()
    req = urllib.request.Request(f"{base}/api/v1/auth/login", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        token = json.load(resp)["access_token"]
    req = urllib.request.Request(f"{base}/api/v1/trips/{trip_id}",
                                 headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.load(resp)


def test_approver1_approves_returns_and_bulk_approves_in_the_browser(site, browser):
    base, trips = site["url"], site["trips"]
    context, page = _page(browser, base, javascript=False)  # the pages need no script
    _login(page, "approver1")
    assert page.get_by_role("heading", level=1).inner_text() == "결재함"
    assert page.locator("#count-applied").inner_text() == "4"
    assert page.locator("#count-settlement_review").inner_text() == "1"
    _shot(page, "01-queue")

    page.get_by_role("link", name="세종-부산 정책 협의").click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading == "출장 #%d: 세종-부산 정책 협의" % trips["approve"]
    assert page.get_by_text("신뢰도 낮음").count() == 1
    assert page.get_by_text("여행자 수정").count() == 1
    thumb = page.get_by_role("img", name="영수증")
    page.wait_for_load_state("load")  # the load event waits for the (eager) thumbnail
    image = context.request.get(thumb.get_attribute("src"))
    assert image.ok and image.headers["content-type"] == "image/jpeg"
    assert thumb.bounding_box()["height"] > 100  # laid out from the real picture, not alt text
    _shot(page, "02-trip")
    page.get_by_role("button", name="승인", exact=True).click()
    page.wait_for_load_state()
    assert "출장을 승인했습니다" in page.locator("#notices").inner_text()
    assert page.locator("#trip-status").inner_text() == "승인"
    _shot(page, "03-approved")
    assert _api_trip(base, "traveler1", trips["approve"])["status"] == "approved"

    page.goto(f"/web/trips/{trips['send_back']}")
    page.get_by_role("button", name="보완 요청", exact=True).click()
    assert "의견을 적어야 합니다" in page.get_by_role("alert").inner_text()
    page.get_by_label("의견").fill("출장 목적을 더 자세히 적어 주세요.")
    page.get_by_role("button", name="보완 요청", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#trip-status").inner_text() == "작성 중"
    assert "출장 목적을 더 자세히 적어 주세요." in page.locator("table.trail").inner_text()
    _shot(page, "04-returned")
    assert _api_trip(base, "approver1", trips["send_back"])["status"] == "draft"

    page.goto("/web/")
    page.get_by_label(f"#{trips['bulk1']} 일괄 승인에 넣기").check()
    page.get_by_label(f"#{trips['bulk2']} 일괄 승인에 넣기").check()
    page.get_by_role("button", name="고른 출장 일괄 승인").click()
    page.wait_for_load_state()
    assert "2건 중 2건을 승인했습니다." in page.locator("#notices").inner_text()
    results = page.locator(".bulk-results").inner_text()
    assert f"#{trips['bulk1']}: 승인했습니다." in results and f"#{trips['bulk2']}: 승인했습니다." in results
    assert page.locator("#count-applied").inner_text() == "0"
    _shot(page, "05-bulk-approved")
    for key in ("bulk1", "bulk2"):
        assert _api_trip(base, "traveler1", trips[key])["status"] == "approved"

    page.goto(f"/web/trips/{trips['review']}")
    assert "한도 100,000원을 넘는" in page.locator("#flags-title + ul").inner_text()
    assert page.locator("#statement-total").inner_text() == "150,000원"
    _shot(page, "06-settlement-review")
    page.get_by_role("button", name="정산 승인", exact=True).click()
    page.wait_for_load_state()
    assert page.locator("#trip-status").inner_text() == "정산 완료"
    assert _api_trip(base, "traveler2", trips["review"])["status"] == "settled"

    page.get_by_role("link", name="절감 효과").click()
    assert page.locator("#fig-trips").inner_text() == "1건"
    assert page.locator("svg.chart rect.bar title").last.text_content().endswith(": 1건")
    _shot(page, "07-impact")
    context.close()


def test_approver2_cannot_open_a_trip_of_unit_a(site, browser):
    context, page = _page(browser, site["url"])
    _login(page, "approver2")
    response = page.goto(f"/web/trips/{site['trips']['review']}")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "찾을 수 없습니다"
    _shot(page, "08-approver2-404")
    page.goto("/web/")
    assert "서울 교육 정산" not in page.content()
    context.close()


def test_a_traveler_sees_the_korean_no_permission_page_and_the_keyboard_works(site, browser):
    context, page = _page(browser, site["url"])
    page.goto("/web/login")
    # The form is ready to type: Chromium applies autofocus after the first paint, which a loaded machine
    # delays past the load event, so wait for it (2 s) before asserting.
    page.wait_for_function("document.activeElement && document.activeElement.id === 'username'",
                           timeout=2000)
    assert page.evaluate("document.activeElement.id") == "username"
    page.keyboard.type("traveler3")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "권한이 없습니다"
    page.keyboard.press("Tab")  # the skip link comes first on every page
    assert page.evaluate("document.activeElement.textContent") == "본문으로 건너뛰기"
    _shot(page, "09-no-permission")
    context.close()
