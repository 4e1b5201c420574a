"""A route cell whose arrow is lost under a 구간 header, a shop receipt whose title and total labels are
lost, an item's row in a header that lost the store's name, and a total's label near-matched as a
merchant label: pages this file writes as HTML and renders in Chromium (skipped where Chromium is not
installed), read by the real engine; and hand-made lines for what must not change."""

from __future__ import annotations

from ocr import extract
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines
from tests.unit.ocr.test_new_layouts import _render, _rows


def _page(body: str, width: int = 420) -> str:
    css = (f"html,body{{margin:0;background:#fff}}#doc{{width:{width}px;padding:16px;box-sizing:border-box;"
           "color:#111;font-family:'NanumGothic',sans-serif;font-size:16px;line-height:1.5}"
           ".r{display:flex;justify-content:space-between}td,th{padding:2px 10px;text-align:left}")
    return (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            f'<div id="doc">{body}</div></body></html>')


def test_a_booking_mails_route_cell_without_an_arrow_gives_both_stations():
    table = ("<table><tr><th>승차일자</th><th>열차</th><th>구간</th><th>좌석</th><th>금액</th></tr>"
             "<tr><td>2025년 2월 24일</td><td>ITX-새마을 1066</td><td>김천 수원</td><td>8-18D</td>"
             "<td>27,000</td></tr></table>")
    body = ('<div style="font-size:1.3em;font-weight:bold">결제 완료 안내</div>'
            "<div>황은지님, 발권이 완료되었습니다.</div>" + table
            + _rows([("운임 합계", "27,000원"), ("할인(청소년 드림)", "-2,700"), ("결제금액", "24,300 원")]))
    got = extract(_render(_page(body, width=720), 720), "mail.png")
    assert got.document_type == "rail_ticket"
    assert (got.fields["departure"], got.fields["arrival"]) == ("김천", "수원")
    assert got.fields["total_amount"] == 24300


def test_two_words_under_a_route_label_that_are_no_listed_places_give_no_route():
    _, f, _ = parse(lines(("KTX 승차권", 100, 0), ("구간", 20, 50), ("왕복 할인", 20, 100),
                          ("2025-02-24", 20, 150), ("결제금액 24,300원", 20, 200)))
    assert f["departure"] is None and f["arrival"] is None


def test_a_shop_receipt_with_no_title_or_total_label_is_a_receipt_by_its_registration_number():
    body = ('<div style="text-align:center;font-size:1.5em;font-weight:bold">알파문구 정부대전청사점</div>'
            '<div style="text-align:center">872-81-56392 박민준</div>'
            '<div style="text-align:center">경상남도 진주시 충의로 14, 9층</div>'
            "<div>[매출일] 24/03/14 10:38</div><br>"
            + _rows([("파일철 &nbsp; 2", "4,400"), ("A4용지 500매 &nbsp; 1", "6,900")])
            + '<br><div style="text-align:right;font-size:1.3em;font-weight:bold">11,300 원</div>')
    got = extract(_render(_page(body), 420), "shop.png")
    assert got.document_type == "card_slip"
    assert got.fields["total_amount"] == 11300 and got.fields["date"] == "2024-03-14"


def test_a_registration_number_and_an_amount_without_a_moment_of_sale_stay_unknown():
    kind, f, _ = parse(lines(("오늘의 메뉴", 100, 0), ("사업자 872-81-56392", 20, 50), ("김치찌개", 20, 100),
                             ("9,000", 400, 100), ("된장찌개", 20, 150), ("8,500", 400, 150)))
    assert kind == "unknown" and f["total_amount"] is None


def test_an_items_row_is_no_merchant_when_the_store_name_is_lost():
    # The header's top (the store's name) is cut off: the page opens with the phone.
    body = ("<div>TEL: 02-1420-2003</div><div>광주광역시 서구 상무대로 40</div>"
            "<div>판매일 2024-06-21(금) 17:44:07</div><br>"
            + _rows([("휘발유 17.3L &nbsp; 1", "29,220"), ("판매금액", "29,220원"), ("과세 매출", "26,564"),
                     ("부가세", "2,656"), ("받을 금액", "₩29,220"), ("카드번호", "9416-****-****-7960"),
                     ("승인번호", "64485430")]))
    got = extract(_render(_page(body), 420), "fuel.png")
    assert got.document_type == "card_slip" and got.fields["total_amount"] == 29220
    assert not (got.fields["merchant"] or "").startswith("휘발유")


def test_a_totals_label_near_a_merchant_label_gives_no_merchant():
    body = ('<div style="text-align:center;font-size:1.5em;font-weight:bold">온누리약국</div>'
            '<div style="text-align:center">349-78-12117 강재원</div>'
            '<div style="text-align:center">부산광역시 동구 중앙대로 126, 2층</div>'
            "<div>[매출일] 2025년1월29일 14:08</div><br>"
            + _rows([("종합감기약 &nbsp; 2", "9,000"), ("소화제 &nbsp; 2", "7,000"),
                     ("판매총액", "16,000 KRW"), ("에누리", "-1,600"), ("받 을 금 액", "14,400 원"),
                     ("승인번호", "75928908")]))
    got = extract(_render(_page(body), 420), "pharmacy.png")
    assert got.fields["total_amount"] == 14400
    assert got.fields["merchant"] == "온누리약국"


def test_a_total_whose_last_group_faded_is_the_page_amount_opening_with_its_first():
    # The thermal print of the total's last group faded away ('103,'): the card line prints it whole.
    faded = '103,<span style="color:#fff">000</span>'
    body = ('<div style="text-align:center;font-size:1.5em;font-weight:bold">바다횟집</div>'
            '<div style="text-align:center">289-15-58612 &nbsp; TEL 033-3432-0116</div>'
            "<div>거래일시 2025/10/25 13:52:09</div><br>"
            + _rows([("칼국수 &nbsp; 2", "18,000"), ("해물파전 &nbsp; 2", "32,000"),
                     ("제육볶음 &nbsp; 2", "53,000"), ("총 결제액", faded), ("신용카드", "103,000"),
                     ("승인번호", "85735193")]))
    got = extract(_render(_page(body), 420), "faded.png")
    assert got.document_type == "card_slip" and got.fields["total_amount"] == 103000


def test_a_cut_total_with_no_page_amount_opening_with_its_group_is_not_completed():
    _, f, _ = parse(lines(("영수증", 100, 0), ("거래일시 2025-10-25 13:52", 20, 50), ("합계", 20, 100),
                          ("103,", 400, 100), ("신용카드", 20, 150), ("88,000", 400, 150)))
    assert f["total_amount"] != 103000
