"""Rules drawn from the foreign generator's later layouts (benchmarks/foreign/extra.py): dates with the year
last or an English month, a card's last four digits in brackets, an English train label misread as
digits, a dark-mode screen whose title is set dark on a light band. Hand-made lines, and pages this file
writes as HTML and renders in Chromium (skipped where Chromium is not installed), read by the real engine."""

from __future__ import annotations

import pytest

from ocr import extract
from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from ocr.parsers.text import parse_date
from tests.unit.ocr.ocr_samples import lines


def slip(*rows, title="신용카드 매출전표"):
    """A slip: label at the left, value at the right, one row every 50 px."""
    out = [(title, 100, 0)]
    for i, (label, value) in enumerate(rows, start=1):
        out += [(label, 20, 50 * i), (value, 400, 50 * i)]
    return lines(*out)


def test_a_date_with_the_year_last_is_no_two_digit_year_date():
    assert parse_date("02-08-2024 11:39:13") == "2024-02-08"  # never 2002-08-20
    assert parse_date("08-16-2025") == "2025-08-16"
    assert parse_date("16/08/2025") == "2025-08-16"
    assert parse_date("2024-05-0612:30") == "2024-05-06"  # a time glued to the day still ends it


def test_dates_with_an_english_month_are_read():
    assert parse_date("Dec 21, 2024") == "2024-12-21"
    assert parse_date("04 MAR 2025") == "2025-03-04"
    assert parse_date("Check Out 17OCT25") == "2025-10-17"
    assert parse_date("MARKET 12, 2024") is None


def test_day_and_month_both_under_13_are_unsure_unless_the_page_settles_their_order():
    rows = (("가맹점명", "온누리약국"), ("거래일시", "02-08-2024 11:39:13"), ("합계", "12,000원"))
    _, f, c = parse(slip(*rows))
    assert f["date"] == "2024-02-08" and c["date"] < SURE
    # Another date on the page with a day over 12 says the month comes first.
    _, f, c = parse(slip(*rows, ("유효기간", "03-27-2027")))
    assert f["date"] == "2024-02-08"
    # A printed weekday that fits only the other order settles it (8 February 2024 was a Thursday).
    _, f, _ = parse(slip(("가맹점명", "온누리약국"), ("거래일시", "08-02-2024 (목)"), ("합계", "12,000원")))
    assert f["date"] == "2024-02-08"


def test_a_cards_last_four_digits_in_brackets_are_no_amount():
    _, f, c = parse(lines(("하나카드 · 승인내역", 20, 0), ("모닝글로리 세종청사점", 20, 60),
                          ("72,600원", 20, 120), ("이용일시", 20, 200), ("2024년3월16일 11:31", 500, 200),
                          ("카드", 20, 250), ("하나카드(1234)", 500, 250), ("승인번호", 20, 300),
                          ("43519527", 500, 300)))
    assert f["total_amount"] == 72600


def test_an_english_train_label_misread_as_digits_before_the_korean_label_is_no_train_number():
    _, f, _ = parse(lines(("KORAIL RECEIPT", 200, 0), ("Date 승차일 : Dec 21, 2024", 20, 50),
                          ("1310 열차 : <1>×-산천 216", 20, 100), ("From 출발 : 진주", 20, 150),
                          ("To 도착 : 창원", 20, 200), ("Total 합계 : \\8,900", 20, 250)))
    assert f["vehicle_no"] == "216"
    _, f, _ = parse(lines(("승차권", 200, 0), ("2024.12.21", 20, 50), ("KTX 023 열차", 20, 100),
                          ("서울 → 부산", 20, 150), ("결제금액 59,800원", 20, 200)))
    assert f["vehicle_no"] == "023"


def test_a_toll_or_parking_slips_fee_is_its_labelled_total():
    kind, f, c = parse(slip(("입구", "서울TG"), ("출구", "부산TG"), ("통과일시", "2025-03-04 12:30:11"),
                            ("통행요금", "18,600원"), title="통행료 영수증"))
    assert kind == "card_slip" and f["total_amount"] == 18600 and c["total_amount"] >= SURE
    _, f, _ = parse(slip(("차량번호", "123가4567"), ("입차일시", "2025-03-04 09:30"), ("주차요금", "6,000원"),
                         ("할인", "-3,000"), ("정산금액", "3,000원"), title="주차요금 영수증"))
    assert f["total_amount"] == 3000
    # Titled with its last letter misread (영수중), a parking slip is still a receipt by its fee labels.
    kind, f, _ = parse(lines(("주차 영수중", 300, 0), ("세종청사 주차장", 300, 50),
                             ("[차량번호] 88노3518", 20, 100), ("[입차일시] 2025-12-02 11:16", 20, 150),
                             ("[주차요금] KRW 11,300", 20, 200), ("[감면] -5,600", 20, 250),
                             ("[정산금액] 5,700 원", 20, 300)))
    assert kind == "card_slip" and f["total_amount"] == 5700


def test_an_english_receipt_with_its_moment_of_sale_is_a_receipt():
    kind, f, _ = parse(slip(("Store", "CAFE ONGI"), ("Date", "Mar 04, 2025 12:30"), ("Americano", "4,500"),
                            ("Latte", "5,200"), ("Total", "9,700"), title="RECEIPT"))
    assert kind == "card_slip" and f["total_amount"] == 9700 and f["date"] == "2025-03-04"


def test_a_bilingual_tickets_english_total_label_gives_the_paid_amount():
    _, f, _ = parse(lines(("KORAIL RECEIPT", 200, 0), ("Date 승차일", 20, 50), ("Jul 30, 2024", 500, 50),
                          ("Train 열자", 20, 100), ("무궁회호 1515", 500, 100), ("From 출발", 20, 150),
                          ("부전", 500, 150), ("To 도착", 20, 200), ("태화강", 500, 200),
                          ("Fare 문인", 20, 250), ("\\6,.400", 500, 250), ("Total 입게", 20, 300),
                          ("6,400 원", 500, 300), ("553832547.28295", 300, 350)))
    assert f["total_amount"] == 6400 and f["vehicle_no"] == "1515" and f["date"] == "2024-07-30"


def test_a_bus_ticket_names_its_terminals_in_full_and_its_bus_by_plate():
    kind, f, _ = parse(slip(("출발터미널", "동서울종합터미널"), ("도착터미널", "강릉시외버스터미널"),
                            ("출발일시", "2026-03-04 07:30"), ("차량번호", "경기70아1234"),
                            ("결제금액", "19,800원"), title="시외버스 승차권"))
    assert kind == "bus_ticket" and (f["departure"], f["arrival"]) == ("동서울", "강릉")
    assert f["vehicle_no"] == "경기70아1234"  # not 70, the plate's region code


def test_a_merchants_business_category_or_a_bare_label_is_not_its_name():
    _, f, _ = parse(lines(("삼성카드 · 이용내역 상세", 20, 0), ("커피빈스토리 광화문점", 20, 60),
                          ("209,400원", 20, 120), ("승인일시", 20, 200), ("2025.10.17(금) 19:35", 500, 200),
                          ("가맹점 업종", 20, 250), ("커피전문점", 500, 250)))
    assert f["merchant"] == "커피빈스토리 광화문점"
    _, f, _ = parse(slip(("판매자", "커피빈스토리 천안아산역점"), ("사업자번호", "109-99-39154"),
                         ("거래일시", "2024-02-08 11:39:13"), ("거래금액", "12,000원"), title="현금영수증"))
    assert f["merchant"] == "커피빈스토리 천안아산역점"


# ----------------------------------------------------------------------------- rendered pages
def _render(html: str, width: int) -> bytes:
    from benchmarks.foreign.browser import open_browser
    try:
        browser = open_browser()
    except (FileNotFoundError, OSError, RuntimeError) as exc:
        pytest.skip(f"Chromium is not available: {exc}")
    try:
        return browser.render(html, width, 2.0)
    finally:
        browser.close()


def _page(body: str, ink: str = "#111", paper: str = "#fff", width: int = 420) -> str:
    css = (f"html,body{{margin:0;background:{paper}}}#doc{{width:{width}px;padding:16px;"
           f"box-sizing:border-box;background:{paper};color:{ink};font-family:'NanumGothic',sans-serif;font-size:16px;"
           "line-height:1.5}.r{display:flex;justify-content:space-between}")
    return (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><style>{css}</style></head><body>'
            f'<div id="doc">{body}</div></body></html>')


def _rows(pairs) -> str:
    return "".join(f'<div class="r"><span>{a}</span><b>{b}</b></div>' for a, b in pairs)


def test_a_dark_mode_ticket_whose_title_is_set_dark_on_a_light_band_is_read_whole():
    band = '<div style="background:#eee;color:#121212;font-size:1.5em;font-weight:bold;padding:.2em">' \
           '승차권 결제 영수증</div>'
    body = band + _rows([("승차일자", "2024. 12. 20"), ("열차번호", "KTX 838"), ("출발역", "둔내"),
                         ("도착", "상봉"), ("호차/좌석", "12호차 18D"), ("승차권 금액", "17,700 원"),
                         ("할인 금액", "0원"), ("결제 금액", "₩ 17,700"), ("결제수단", "하나카드")])
    got = extract(_render(_page(body, ink="#eee", paper="#121212"), 420), "ticket.png")
    assert got.document_type == "rail_ticket"
    assert (got.fields["departure"], got.fields["arrival"]) == ("둔내", "상봉")
    assert got.fields["total_amount"] == 17700 and got.fields["date"] == "2024-12-20"


def test_an_english_hotel_invoice_is_dated_by_its_check_out_in_us_order():
    body = ('<div style="font-size:1.4em;font-weight:bold">GRAND BRIDGE HOTEL</div>'
            '<div style="text-align:right;font-weight:bold">INVOICE</div>'
            + _rows([("Name", "Kim Minjun"), ("Room No.", "1203"), ("Check In", "08-14-2025"),
                     ("Check Out", "08-16-2025"), ("Nights", "2"), ("Room Rate", "240,000"),
                     ("V.A.T 10%", "24,000"), ("Total Amount", "KRW 264,000"), ("Balance Due", "0")]))
    got = extract(_render(_page(body, width=560), 560), "invoice.png")
    assert got.document_type == "card_slip"
    assert got.fields["date"] == "2025-08-16" and got.fields["total_amount"] == 264000
