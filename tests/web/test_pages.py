"""The approver's pages through the Flask client: login, queue, trip, decisions, bulk, impact."""
from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from app.extensions import db
from app.models import Trip, TripEvent
from app.settings import current_settings
from tests.factories import login, make_unit, make_user
from tests.web.helpers import add_receipt, add_statement, csrf_of, make_trip, web_login


@pytest.fixture
def org(app):
    """Unit A with an approver and two travelers; unit B with its own approver."""
    a, b = make_unit("UA"), make_unit("UB")
    return {
        "a": a, "b": b,
        "boss": make_user("boss", unit=a, roles=("traveler", "approver"), approves=("UA",), grade=1),
        "kim": make_user("kim", unit=a),
        "lee": make_user("lee", unit=a),
        "other": make_user("other", unit=b, roles=("traveler", "approver"), approves=("UB",)),
        "park": make_user("park", unit=b),
    }


def _page(client, url: str, status: int = 200) -> str:
    resp = client.get(url)
    assert resp.status_code == status, resp.get_data(as_text=True)[:500]
    return resp.get_data(as_text=True)


def _post(client, url: str, data: dict, page_url: str):
    data = {"csrf_token": csrf_of(_page(client, page_url)), **data}
    return client.post(url, data=data)


def test_a_page_without_login_redirects_to_the_login_page(client, org):
    resp = client.get("/web/?status=applied")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/web/login?next=")
    assert "status%3Dapplied" in resp.headers["Location"] or "status=applied" in resp.headers["Location"]


def test_login_sets_an_httponly_samesite_cookie_and_opens_the_queue(client, org):
    resp = web_login(client, "boss")
    assert resp.status_code == 303 and resp.headers["Location"] == "/web/"
    cookies = resp.headers.getlist("Set-Cookie")
    access = next(c for c in cookies if c.startswith("access_token_cookie="))
    assert "HttpOnly" in access and "SameSite=Lax" in access
    assert any(c.startswith("csrf_access_token=") for c in cookies)
    assert "<h1>결재함</h1>" in _page(client, "/web/")


def test_wrong_password_shows_a_korean_error_and_sets_no_cookie(client, org):
    resp = web_login(client, "boss", "wrong-password")
    assert resp.status_code == 401
    assert "아이디 또는 비밀번호가 맞지 않습니다" in resp.get_data(as_text=True)
    assert not any(c.startswith("access_token_cookie=") for c in resp.headers.getlist("Set-Cookie"))


def test_the_login_form_without_its_csrf_token_is_refused(client, org):
    client.get("/web/login")
    resp = client.post("/web/login", data={"username": "boss", "password": "password-123"})
    assert resp.status_code == 400
    assert not any(c.startswith("access_token_cookie=") for c in resp.headers.getlist("Set-Cookie"))


def test_login_never_redirects_off_site(client, org):
    page = client.get("/web/login?next=https://evil.example/").get_data(as_text=True)
    assert 'name="next" value="/web/"' in page


def test_a_traveler_gets_the_korean_no_permission_page(client, org):
    web_login(client, "kim")
    assert "권한이 없습니다" in _page(client, "/web/", 403)


def test_the_queue_lists_waiting_trips_of_the_approvers_units_newest_first(client, org):
    older = make_trip(org["kim"], purpose="오래된 신청")
    newer = make_trip(org["lee"], purpose="새 신청")
    review = make_trip(org["kim"], status="settlement_review", purpose="정산 검토 건")
    make_trip(org["kim"], status="draft", purpose="작성 중인 건")
    make_trip(org["boss"], purpose="결재권자 본인 건")
    make_trip(org["park"], purpose="다른 부서 건")
    web_login(client, "boss")
    html = _page(client, "/web/")
    assert html.index("새 신청") < html.index("오래된 신청")
    assert "정산 검토 건" in html
    for hidden in ("작성 중인 건", "결재권자 본인 건", "다른 부서 건"):
        assert hidden not in html
    assert 'id="count-applied">2<' in html and 'id="count-settlement_review">1<' in html
    assert f'id="trip-{review.id}" data-status="settlement_review"' in html
    assert f"trip-{older.id}" in html and f"trip-{newer.id}" in html


def test_the_queue_filters_by_status_traveler_and_dates_and_pages(client, org):
    soon = make_trip(org["kim"], days_ahead=3, purpose="곧 가는 출장")
    later = make_trip(org["lee"], days_ahead=40, purpose="나중 출장")
    review = make_trip(org["kim"], status="settlement_review", purpose="검토 출장")
    web_login(client, "boss")
    only_review = _page(client, "/web/?status=settlement_review")
    assert "검토 출장" in only_review and "곧 가는 출장" not in only_review
    by_lee = _page(client, f"/web/?traveler={org['lee'].id}")
    assert "나중 출장" in by_lee and "곧 가는 출장" not in by_lee
    day = (later.start_at - timedelta(days=1)).date().isoformat()
    after = _page(client, f"/web/?from={day}")
    assert "나중 출장" in after and "곧 가는 출장" not in after
    first = _page(client, "/web/?per_page=20&page=1")
    assert all(name in first for name in ("곧 가는 출장", "나중 출장", "검토 출장"))
    for _ in range(20):
        make_trip(org["lee"], purpose="많은 출장")
    page2 = _page(client, "/web/?page=2")
    assert "2 / 2쪽" in page2 and "곧 가는 출장" in page2  # the oldest ones moved to page 2
    assert soon.id and review.id


def test_the_queue_shows_flags_and_offers_only_clean_applications_for_bulk(client, org, app):
    clean = make_trip(org["kim"], purpose="깨끗한 신청")
    clash = make_trip(org["lee"], purpose="겹치는 신청")
    make_trip(org["lee"], purpose="먼저 낸 신청")  # same dates, same traveler
    flagged = make_trip(org["kim"], status="settlement_review", purpose="특실 정산", days_ahead=30)
    add_statement(flagged, lines=[{"item": "fare", "quantity": 1, "unit_amount": 83700,
                                   "amount": 83700, "rule": "공무원 여비 규정 제15조, 별표 2",
                                   "note": "rail 특실"}],
                  flags=[{"code": "first_class_not_entitled", "message": "제2호 여행자의 철도 특실 운임",
                          "blocking": True, "ref": 0}])
    web_login(client, "boss")
    html = _page(client, "/web/")
    assert f'id="pick-{clean.id}"' in html
    assert f'id="pick-{clash.id}"' not in html and f'id="pick-{flagged.id}"' not in html
    assert "같은 기간에 다른 출장이 있습니다" in html
    assert "제2호 여행자의 철도 특실 운임" in html and "83,700원" in html


def test_the_trip_page_shows_receipts_fields_statement_flags_and_trail(client, org, app):
    trip = make_trip(org["kim"], status="settlement_review", purpose="KTX 출장")
    receipt = add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"],
                          fields={"total_amount": 59800, "departure": "서울", "arrival": "부산",
                                  "seat_class": "일반실"},
                          confidence={"total_amount": 0.97, "departure": 0.41, "arrival": 0.9,
                                      "seat_class": 0.95},
                          corrections={"arrival": "부산역"})
    add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"], source="e_receipt:korail",
                trust="verified", fields={"total_amount": 59800})
    add_statement(trip, lines=[{"item": "daily", "quantity": 1, "unit_amount": 25000,
                                "amount": 25000, "rule": "공무원 여비 규정 제16조③", "note": "1~1일째"},
                               {"item": "fare", "quantity": 1, "unit_amount": 59800,
                                "amount": 59800, "rule": "공무원 여비 규정 제15조, 별표 2", "note": ""}],
                  flags=[{"code": "fare_mismatch", "message": "운임이 노선 기준과 다릅니다",
                          "blocking": True, "ref": 1}])
    web_login(client, "boss")
    html = _page(client, f"/web/trips/{trip.id}")
    assert "KTX 출장" in html and org["kim"].name in html and "제2호" in html
    assert f'/web/receipts/{receipt.id}/thumb' in html and f'/web/receipts/{receipt.id}/file' in html
    assert "59,800원" in html and "41%" in html and "신뢰도 낮음" in html
    assert "여행자 수정" in html and "부산역" in html and "(OCR: 부산)" in html
    assert "전자영수증(검증됨)" in html
    assert "공무원 여비 규정 제16조③" in html and 'id="statement-total"><strong>84,800원' in html
    assert "운임이 노선 기준과 다릅니다" in html
    assert "정산 승인" in html and "정산 보완 요청" in html
    assert html.count("<td class=\"num\">") >= 3 and "신청" in html  # the audit trail rows


def test_an_approver_of_another_unit_gets_404_for_the_trip_and_its_receipt(client, org, app):
    trip = make_trip(org["kim"])
    receipt = add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"])
    web_login(client, "other")
    assert "찾을 수 없습니다" in _page(client, f"/web/trips/{trip.id}", 404)
    assert client.get(f"/web/receipts/{receipt.id}/file").status_code == 404
    assert client.get(f"/web/receipts/{receipt.id}/thumb").status_code == 404


def test_receipt_images_are_served_without_exif_and_thumbnails_are_small(client, org, app, tmp_path):
    photo = tmp_path / "gps.jpg"
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make; any EXIF would do
    Image.open(io.BytesIO(_sample_png())).convert("RGB").save(photo, "JPEG", exif=exif)
    trip = make_trip(org["kim"])
    receipt = add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"], image=photo)
    receipt.content_type = "image/jpeg"
    db.session.commit()
    web_login(client, "boss")
    full = client.get(f"/web/receipts/{receipt.id}/file")
    assert full.status_code == 200 and full.mimetype == "image/jpeg"
    assert b"PhoneMaker" not in full.data and not Image.open(io.BytesIO(full.data)).getexif()
    thumb = client.get(f"/web/receipts/{receipt.id}/thumb")
    assert max(Image.open(io.BytesIO(thumb.data)).size) <= 360


def _sample_png() -> bytes:
    from tests.web.helpers import SAMPLE_IMAGE

    return SAMPLE_IMAGE.read_bytes()


def test_approving_on_the_page_goes_through_the_trip_service_and_the_api_sees_it(client, org):
    trip = make_trip(org["kim"])
    web_login(client, "boss")
    resp = _post(client, f"/web/trips/{trip.id}/approve", {"version": trip.version, "comment": "좋습니다"},
                 f"/web/trips/{trip.id}")
    assert resp.status_code == 303
    html = _page(client, resp.headers["Location"])
    assert f"#{trip.id} 출장을 승인했습니다." in html and 'id="trip-status">승인<' in html
    api = client.get(f"/api/v1/trips/{trip.id}", headers=login(client, "kim"))
    assert api.get_json()["status"] == "approved"
    event = db.session.query(TripEvent).filter_by(trip_id=trip.id, action="approve").one()
    assert event.actor_id == org["boss"].id and event.comment == "좋습니다"


def test_reject_and_return_need_a_comment_and_keep_the_trip_unchanged(client, org):
    trip = make_trip(org["kim"])
    web_login(client, "boss")
    for action in ("reject", "return"):
        resp = _post(client, f"/web/trips/{trip.id}/{action}", {"version": trip.version, "comment": " "},
                     f"/web/trips/{trip.id}")
        assert resp.status_code == 422
        assert "의견을 적어야 합니다" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).status == "applied"
    resp = _post(client, f"/web/trips/{trip.id}/return", {"version": trip.version,
                                                          "comment": "출장지를 고쳐 주세요"},
                 f"/web/trips/{trip.id}")
    assert resp.status_code == 303
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).status == "draft"


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(client, org):
    trip = make_trip(org["kim"])
    web_login(client, "boss")
    resp = client.post(f"/web/trips/{trip.id}/approve", data={"version": trip.version})
    assert resp.status_code == 400 and "보안 확인 실패" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Trip, trip.id).status == "applied"


def test_a_stale_page_says_someone_acted_first(client, org):
    trip = make_trip(org["kim"])
    web_login(client, "boss")
    page = _page(client, f"/web/trips/{trip.id}")
    old_version = trip.version
    from app.services import trips as trip_service
    from workflow.states import Action

    trip_service.transition(settings=current_settings(),
                            session=db.session, trip_id=trip.id, actor=org["kim"], action=Action.CANCEL)
    resp = client.post(f"/web/trips/{trip.id}/approve",
                       data={"csrf_token": csrf_of(page), "version": old_version})
    assert resp.status_code == 303
    html = _page(client, resp.headers["Location"])
    assert "다른 사람이 이 출장을 먼저 처리했습니다" in html and 'id="trip-status">취소<' in html


def test_accepting_and_returning_settlements(client, org):
    accept = make_trip(org["kim"], status="settlement_review")
    back = make_trip(org["lee"], status="settlement_review")
    web_login(client, "boss")
    _post(client, f"/web/trips/{accept.id}/accept-settlement", {"version": accept.version},
          f"/web/trips/{accept.id}")
    _post(client, f"/web/trips/{back.id}/return-settlement",
          {"version": back.version, "comment": "숙박 영수증이 없습니다"}, f"/web/trips/{back.id}")
    db.session.expire_all()
    assert db.session.get(Trip, accept.id).status == "settled"
    assert db.session.get(Trip, back.id).status == "approved"


def test_bulk_approve_approves_clean_ones_and_reports_each_other_with_its_reason(client, org):
    one, two = make_trip(org["kim"], days_ahead=5), make_trip(org["lee"], days_ahead=20)
    clash = make_trip(org["kim"], days_ahead=40)
    make_trip(org["kim"], days_ahead=40)
    gone = make_trip(org["lee"], days_ahead=60)
    foreign = make_trip(org["park"])
    web_login(client, "boss")
    from app.services import trips as trip_service
    from workflow.states import Action

    page = _page(client, "/web/")
    trip_service.transition(settings=current_settings(),
                            session=db.session, trip_id=gone.id, actor=org["lee"], action=Action.CANCEL)
    form = {"csrf_token": csrf_of(page),
            "trip": [one.id, two.id, clash.id, gone.id, foreign.id]}
    form.update({f"version-{t.id}": t.version for t in (one, two, clash, gone, foreign)})
    resp = client.post("/web/bulk-approve", data=form)
    assert resp.status_code == 303
    html = _page(client, resp.headers["Location"])
    assert "5건 중 2건을 승인했습니다." in html
    assert f'data-trip="{clash.id}">' in html and "일괄 승인에서 뺐습니다" in html
    assert "찾을 수 없거나 권한이 없는 출장입니다" in html  # the other unit's trip
    db.session.expire_all()
    statuses = {t.id: db.session.get(Trip, t.id).status for t in (one, two, clash, gone, foreign)}
    assert statuses == {one.id: "approved", two.id: "approved", clash.id: "applied",
                        gone.id: "cancelled", foreign.id: "applied"}


def test_logout_revokes_the_session(client, org):
    web_login(client, "boss")
    page = _page(client, "/web/")
    cookie = client.get_cookie("access_token_cookie").value
    resp = client.post("/web/logout", data={"csrf_token": csrf_of(page)})
    assert resp.status_code == 303 and "bye=1" in resp.headers["Location"]
    assert client.get("/web/").status_code == 302
    client.set_cookie("access_token_cookie", cookie)  # replaying the old cookie does not work
    assert client.get("/web/").status_code == 302


def test_the_login_rate_limit_applies_to_the_web_form(app, org):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 5 minutes"
    client = app.test_client()
    codes = [web_login(client, "boss", "wrong-password").status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert "로그인 시도가 너무 많습니다" in web_login(client, "boss").get_data(as_text=True)


def test_the_impact_page_shows_the_units_figures_and_a_month_chart(client, org):
    done = make_trip(org["kim"], status="settlement_review")
    make_trip(org["park"], status="settlement_review")
    web_login(client, "boss")
    _post(client, f"/web/trips/{done.id}/accept-settlement", {"version": done.version},
          f"/web/trips/{done.id}")
    html = _page(client, "/web/impact")
    assert 'id="fig-trips">1건' in html and 'id="fig-sheets">3장' in html
    assert 'id="fig-hours">0.2시간' in html and 'id="fig-krw">5,397원' in html
    assert "<svg" in html and 'class="bar"' in html and "1건</title>" in html


def _cookie_token(app, user, minutes: float) -> str:
    from flask_jwt_extended import create_access_token

    with app.test_request_context():
        return create_access_token(identity=user, expires_delta=timedelta(minutes=minutes))


def test_an_expired_session_goes_back_to_the_login_page_saying_why(client, org, app):
    client.set_cookie("access_token_cookie", _cookie_token(app, org["boss"], -1))
    resp = client.get("/web/impact")
    assert resp.status_code == 302 and "reason=expired" in resp.headers["Location"]
    assert "next=/web/impact" in resp.headers["Location"]
    assert "로그인 시간이 지났습니다" in _page(client, resp.headers["Location"])


def test_a_session_near_its_end_is_renewed_with_the_same_csrf_token(client, org, app):
    token = _cookie_token(app, org["boss"], 5)
    client.set_cookie("access_token_cookie", token)
    resp = client.get("/web/")
    renewed = [c for c in resp.headers.getlist("Set-Cookie") if c.startswith("access_token_cookie=")]
    assert renewed and token not in renewed[0]
    from flask_jwt_extended import decode_token

    with app.test_request_context():
        new = renewed[0].split(";")[0].split("=", 1)[1]
        assert decode_token(new)["csrf"] == decode_token(token)["csrf"]


def test_receipt_images_need_a_login_too(client, org, app):
    receipt = add_receipt(make_trip(org["kim"]), org["kim"], app.config["UPLOAD_DIR"])
    resp = client.get(f"/web/receipts/{receipt.id}/file")
    assert resp.status_code == 302 and "/web/login" in resp.headers["Location"]


@pytest.mark.parametrize("roles", [("finance",), ("admin",)])
def test_finance_and_admin_accounts_get_the_no_permission_page(client, org, roles):
    make_user("staff", roles=roles)
    web_login(client, "staff")
    assert "권한이 없습니다" in _page(client, "/web/impact", 403)


def test_the_approver_sees_their_own_trip_without_decision_buttons(client, org):
    own = make_trip(org["boss"])
    web_login(client, "boss")
    html = _page(client, f"/web/trips/{own.id}")
    assert 'id="decide-title"' not in html
    resp = _post(client, f"/web/trips/{own.id}/approve", {"version": own.version}, f"/web/trips/{own.id}")
    assert resp.status_code == 403


def test_a_pdf_e_receipt_gets_a_thumbnail_and_downloads_as_a_file(client, org, app):
    from tests.web.helpers import ROOT

    receipt = add_receipt(make_trip(org["kim"]), org["kim"], app.config["UPLOAD_DIR"],
                          image=ROOT / "sample_receipts" / "s_pdf_text_0_clean.pdf")
    receipt.content_type = "application/pdf"
    db.session.commit()
    web_login(client, "boss")
    thumb = client.get(f"/web/receipts/{receipt.id}/thumb")
    assert thumb.mimetype == "image/jpeg" and max(Image.open(io.BytesIO(thumb.data)).size) <= 360
    full = client.get(f"/web/receipts/{receipt.id}/file")
    assert full.mimetype == "application/pdf" and full.data.startswith(b"%PDF")
    assert full.headers["Content-Disposition"].startswith("attachment")


def test_the_trip_page_shows_issue_13_lines_with_their_notes_and_a_meal_cut(client, org, app):
    from workflow.allowances import calculate_statement, case_from_dict

    trip = make_trip(org["kim"], status="settlement_review", purpose="공동 숙박 출장")
    case = case_from_dict({"grade": 2, "start_at": "2026-03-10T09:00+09:00",
                           "end_at": "2026-03-11T18:00+09:00", "destination": "서울",
                           "shared_lodging": {"people": 2}, "meals_provided": 1,
                           "expenses": [{"kind": "lodging", "night": "2026-03-10", "amount": 90000},
                                        {"kind": "fuel", "distance_km": 10, "fuel_type": "lpg",
                                         "fuel_price": 883, "reason": "장비"}]})
    s = calculate_statement(case, meal_deduction="third_per_meal").to_dict()
    add_statement(trip, lines=s["lines"], flags=s["flags"])
    web_login(client, "boss")
    html = _page(client, f"/web/trips/{trip.id}")
    assert "여비업무처리기준 (공동 숙박)" in html and "2022년 기준" in html  # the secondary source, said
    assert "1차 출처 미확인" in html  # the 2023-01-18 efficiencies
    assert "공무원 여비 규정 제28조① (기관 방침)" in html and "-8,333원" in html
