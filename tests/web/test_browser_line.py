"""The two-step 결재선 in a real browser: 검토 -> 결재, then 대결 with 사후보고 (issue 15).

Demo users and UNIT-A's demo policy (3 days or more: reviewer1 then approver1); screenshots go to
test-output/web/line-*.png. Each person has a browser context of their own.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from app.extensions import db
from app.models import now_seoul
from app.services.accounts import seed_demo
from app.services.approval_policy import seed_demo_policy
from tests.conftest import make_app
from tests.web.helpers import make_trip, served
from tests.web.test_browser import _api_trip, _login, _page, _shot, browser  # noqa: F401

pytestmark = pytest.mark.browser
PASSWORD = "yeobi-demo"


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    """A live app with the demo users and policy, a 3-day and a 1-day trip of traveler1."""
    app = make_app("sqlite", tmp_path_factory.mktemp("browser-line"), request)
    with app.app_context():
        from sqlalchemy import select

        from app.models import User

        seed_demo(session=db.session, password=PASSWORD)
        seed_demo_policy(session=db.session)
        traveler = db.session.scalar(select(User).where(User.username == "traveler1"))
        trips = {"long": make_trip(traveler, purpose="부산 3일 현장 조사", length_days=3).id,
                 "day": make_trip(traveler, purpose="대전 당일 회의", destination="대전광역시 유성구",
                                  days_ahead=14).id}
    with served(app) as url:
        yield {"url": url, "trips": trips}


def _approve(page, comment: str) -> None:
    page.get_by_label("의견").fill(comment)
    page.get_by_role("button", name="승인", exact=True).click()
    page.wait_for_load_state()


def test_a_three_day_trip_goes_검토_then_결재_and_대결_is_reported_afterwards(site, browser):  # noqa: F811
    base, trips = site["url"], site["trips"]
    long_id, day_id = trips["long"], trips["day"]

    reviewer_ctx, page = _page(browser, base, javascript=False)
    _login(page, "reviewer1")
    row = page.locator(f"#trip-{long_id}")
    assert "검토 · 내 차례" in row.inner_text()
    assert page.locator(f"#pick-{day_id}").count() == 0  # the 1-day trip is not reviewer1's
    row.get_by_role("link", name="부산 3일 현장 조사").click()
    assert "내 차례" in page.locator("#line-waiting").inner_text()
    _shot(page, "line-01-review-step")
    _approve(page, "일정과 경비 확인")
    assert page.locator("#trip-status").inner_text() == "결재 대기"  # still applied
    assert page.locator('tr[data-step="1"]').get_attribute("data-status") == "approved"
    assert page.locator('tr[data-step="2"]').get_attribute("data-status") == "pending"
    assert "단계 승인" in page.locator("table.trail").inner_text()
    _shot(page, "line-02-reviewed")
    reviewer_ctx.close()

    approver_ctx, page = _page(browser, base, javascript=False)
    _login(page, "approver1")
    page.goto(f"/web/trips/{long_id}")
    assert "결재 단계를 결재할 차례" in page.locator("#line-waiting").inner_text()
    _approve(page, "결재합니다")
    assert page.locator("#trip-status").inner_text() == "승인"
    _shot(page, "line-03-approved")
    steps = _api_trip(base, "traveler1", long_id)["approval_steps"]
    assert [(s["title"], s["status"]) for s in steps] == [("검토", "approved"), ("결재", "approved")]

    page.get_by_role("link", name="부재·대결").click()
    now = now_seoul()
    page.get_by_label("시작").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("끝").fill((now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("대결자").select_option(label="오대결 (deputy1)")
    page.get_by_label("사유").fill("교육 참석")
    page.get_by_role("button", name="부재 등록").click()
    page.wait_for_load_state()
    assert "부재를 등록했습니다" in page.locator("#notices").inner_text()
    assert "오대결" in page.locator("#absences").inner_text()
    _shot(page, "line-04-absence")

    deputy_ctx, deputy = _page(browser, base, javascript=False)
    _login(deputy, "deputy1")
    deputy.goto(f"/web/trips/{day_id}")
    assert "최승인 님 부재 중 대신 결재합니다" in deputy.locator("#line-waiting").inner_text()
    _approve(deputy, "대결 처리합니다")
    assert deputy.locator("#trip-status").inner_text() == "승인"
    assert "대결" in deputy.locator('tr[data-step="1"]').inner_text()
    _shot(deputy, "line-05-daegyeol")
    deputy_ctx.close()
    day = _api_trip(base, "traveler1", day_id)["approval_steps"][0]
    assert day["mark"] == "대결" and day["on_behalf_of_name"] == "최승인"

    page.get_by_role("link", name="사후보고").click()
    assert page.locator("#post-report-count").inner_text() == "1"
    _shot(page, "line-06-post-report")
    page.get_by_role("button", name=f"#{day_id} 사후보고 확인").click()
    page.wait_for_load_state()
    assert page.locator("#post-report-count").inner_text() == "0"
    assert "확인함" in page.locator(f'#post-reports tr[data-trip="{day_id}"]').inner_text()
    _shot(page, "line-07-acknowledged")
    approver_ctx.close()
