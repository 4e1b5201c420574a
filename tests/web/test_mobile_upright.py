"""The phone shows a receipt photographed upside down the right way up, and the traveler turns it by hand.

The real app with its embedded OCR worker (tests/web/test_mobile_pwa.py), Debian's Chromium in a phone
viewport: a rail ticket drawn by the sample generator's templates, photographed upside down, is taken
with the phone's camera input; OCR reads it turned half round, and the receipt screen asks for the photo
turned by the receipt's `rotation`. One tap on "사진 돌리기" turns it a quarter more, through the same
PATCH as a field correction."""
from __future__ import annotations

import pytest

from tests.web.test_mobile_pwa import (  # noqa: F401 - fixtures
    PHONE_UA, SAMPLES, WAIT_MS, Api, _shot, _usable_on_small_phone, browser, live_server)

pytestmark = pytest.mark.browser
TICKET = {"carrier": "KORAIL", "service": "KTX", "vehicle_no": "105", "date": "2026-03-10",
          "departure": "서울", "arrival": "부산", "departure_time": "07:40", "arrival_time": "10:28",
          "car": 4, "seat": "11A", "seat_class": "일반실", "fare": 59800, "discount": 0,
          "total_amount": 59800, "ticket_no": "82317-0310-10455-23", "business_reg_no": "314-82-10024"}


@pytest.fixture
def upside_down_photo(tmp_path, monkeypatch):
    """A JPEG of the ticket turned half round, as a phone held the wrong way up takes it."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import templates

    path = tmp_path / "ticket.jpg"
    templates.rail_paper(TICKET, "gothic").rotate(180).save(path, "JPEG", quality=92)
    return path


def test_a_ticket_photographed_upside_down_shows_upright_and_turns_by_hand(  # noqa: F811
        live_server, browser, upside_down_photo):  # noqa: F811
    pw, chromium = browser
    traveler, approver = Api(pw, live_server, "traveler1"), Api(pw, live_server, "approver1")
    trip = traveler.post("/trips", {"purpose": "회의", "destination": "부산광역시", "transport": "rail",
                                     "start_at": "2026-03-10T07:30:00+09:00",
                                     "end_at": "2026-03-10T20:00:00+09:00"})
    traveler.post(f"/trips/{trip['id']}/apply")
    approver.post(f"/trips/{trip['id']}/approve")
    # The page's own requests are seen only without a service worker in between.
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                   has_touch=True, user_agent=PHONE_UA, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(f"{live_server}/m/")
    page.get_by_label("아이디").fill("traveler1")
    page.get_by_label("비밀번호").fill("yeobi-demo")
    page.get_by_role("button", name="로그인").click()
    page.get_by_role("heading", name="내 출장").wait_for()
    page.goto(f"{live_server}/m/#/trips/{trip['id']}")
    # The phone opens the receipt and redraws it once OCR is done: the photo then comes turned.
    with page.expect_response(lambda r: "/file?turn=180" in r.url) as shown:
        page.set_input_files("#camera", str(upside_down_photo))
        page.get_by_role("heading", name="읽은 내용").wait_for()
    assert shown.value.ok
    receipt = traveler.get(f"/receipts/{int(page.url.rsplit('/', 1)[1])}")
    assert receipt["status"] == "done" and receipt["rotation"] == 180
    assert receipt["fields"]["total_amount"] == 59800
    assert f"/receipts/{receipt['id']}/file" in shown.value.url
    photo = page.locator(".preview img")
    photo.wait_for()
    assert photo.get_attribute("data-turn") == "180"
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", photo.element_handle())
    _usable_on_small_phone(page)
    _shot(page, "upright-1-read-upside-down")

    with page.expect_response(lambda r: f"/receipts/{receipt['id']}/file?turn=270" in r.url):
        page.get_by_role("button", name="사진 돌리기 ↻").click()
    page.locator(".preview img[data-turn='270']").wait_for()
    _shot(page, "upright-2-turned-by-hand")
    after = traveler.get(f"/receipts/{receipt['id']}")
    assert after["rotation"] == 270 and after["fields"]["total_amount"] == 59800
    assert [(c["field"], c["old_value"], c["new_value"]) for c in after["corrections"]] == [
        ("rotation", 180, 270)]
    # The approver sees the photo turned as the traveler set it.
    assert approver.get(f"/receipts/{receipt['id']}")["rotation"] == 270
    context.close()
