"""The paid amount, the date, the merchant and honest confidence, on hand-made OCR lines (no engine)."""

from __future__ import annotations

from ocr.loader import text_layer_is_readable
from ocr.model import TextLine
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import lines


def column(*texts, x=20):
    """One line per text, stacked 50 px apart."""
    return lines(*[(t, x, 50 * i) for i, t in enumerate(texts)])


def test_paid_amount_after_a_discount_beats_the_first_total():
    kind, f, c = parse(column("펜앤아트", "[매출일] 2025-04-19 11:41:16", "합계 금액 24,000",
                              "할인 금액 4,800", "신용카드 19,200", "승인금액: 19,200", "승인번호: 43267261"))
    assert kind == "card_slip"
    assert f["total_amount"] == 19200 and c["total_amount"] >= 0.9


def test_supply_plus_vat_confirms_the_total_over_a_misread_payment_line():
    _, f, c = parse(column("롯데슈퍼 코엑스점", "[등록] 2025-04-03 12:09", "합계 17,020", "결제금액 : 76.000",
                           "과세: 14,547", "부가세 1,453", "결제금액 : 16,000"))
    assert f["total_amount"] == 16000 and c["total_amount"] >= 0.9


def test_sales_amount_plus_vat_is_not_taken_for_the_total():
    _, f, c = parse(column("랄프스커피 가로수길", "판매금액 5,910원", "부가가치세 590원", "합계 6,500원",
                           "승인번호(무서명거래) 29656256", "거래일시:25-04-18 14:57:03"))
    assert (f["total_amount"], f["supply_amount"], f["vat"]) == (6500, 5910, 590)
    assert c["total_amount"] >= 0.9


def test_a_partial_refund_leaves_the_final_total():
    kind, f, _ = parse(column("영수증", "버거리 선정릉역점", "주문번호: 22W9MB", "2025-04-25 12:16",
                              "주문금액 21,000원", "배달비 1,000원", "최초 결제금액 22,000원",
                              "롯데카드 결제 22,000원", "환불금액 -2,900원", "총결제금액 19,100원"))
    assert kind == "card_slip"
    assert f["total_amount"] == 19100 and f["merchant"] == "버거리 선정릉역점"


def test_english_folio_takes_total_not_subtotal():
    kind, f, c = parse(lines(("SUBTOTAL", 20, 0), ("280,000", 600, 0), ("DISCOUNT", 20, 50),
                             ("56,000", 600, 50), ("NET AMOUNT", 20, 100), ("203,636", 600, 100),
                             ("VAT", 20, 150), ("20,364", 600, 150), ("TOTAL", 20, 200),
                             ("224,000", 600, 200), ("CREDIT", 20, 250), ("224,000", 600, 250),
                             ("APPROVAL : 47016158", 20, 300)))
    assert kind == "card_slip"
    assert f["total_amount"] == 224000 and c["total_amount"] >= 0.9


def test_quantity_and_amount_line_gives_the_amount():
    _, f, _ = parse(column("GS25 경상대학사점", "2022/09/04 12:37", "합계수량/금액 1 1,900",
                           "신용카드 매출전표"))
    assert f["total_amount"] == 1900


def test_a_single_total_read_is_not_sure():
    _, f, c = parse(column("어느 식당", "매출전표", "2025-03-02 12:00", "합계 12,000"))
    assert f["total_amount"] == 12000 and 0.6 <= c["total_amount"] < 0.9


def test_two_years_for_one_day_are_reported_unsure_with_the_earlier_year():
    _, f, c = parse(column("오복수산", "2025-04-02 20:02:41", "합계 111,000", "승인일시: 2026-04-02 20:02:40",
                           "매출전표"))
    assert f["date"] == "2025-04-02" and c["date"] < 0.6


def test_a_date_hidden_in_the_receipt_number_contests_the_year():
    _, f, c = parse(column("더봄약국", "판매일시: 2026-04-09 11:06:47", "영수증번호:20250409-00011",
                           "거래일시: 2026-04-09 11:06:47", "합계: 193,700원", "매출전표"))
    assert f["date"] == "2025-04-09" and c["date"] < 0.6


def test_the_printed_weekday_repairs_a_misread_year():
    _, f, c = parse(column("이터널저니", "2026-04-05 14:49(토) POS:01", "받은금액: 18,000",
                           "신용카드 매출전표"))
    assert f["date"] == "2025-04-05" and c["date"] < 0.6


def test_a_phone_number_is_not_a_date():
    _, f, _ = parse(column("전주비빔밥", "TEL. 02-2016-5280", "구매 2025-04-14 12:42", "합계 67,000",
                           "매출전표"))
    assert f["date"] == "2025-04-14"


def test_year_and_month_run_together_still_read_as_a_date():
    _, f, _ = parse(lines(("매출전표", 20, 0), ("결제일자", 20, 50), ("202210-0411:50:22", 400, 50),
                          ("합계", 20, 100), ("71,500원", 400, 100)))
    assert f["date"] == "2022-10-04"


def test_seller_is_the_merchant_not_the_payment_company():
    _, f, _ = parse(lines(("매출전표", 20, 0), ("가맹점 정보", 20, 50), ("가맹점", 20, 100),
                          ("(주)우아한형제들", 400, 100), ("판매자 정보", 20, 150), ("판매자 상호", 20, 200),
                          ("1988옛날통닭", 400, 200), ("대표자명", 20, 250), ("김금옥", 400, 250),
                          ("합계", 20, 300), ("34,000원", 400, 300)))
    assert f["merchant"] == "1988옛날통닭"


def test_boilerplate_and_labels_are_never_the_merchant():
    _, f, _ = parse(column("가맹점명,가맹점주소가 실제와 다를 경우 신고안내", "여신금융협회 02-2011-0777",
                           "롯데법인카드 승인(고객/가맹점)", "랄프스커피 가로수길 120-87-00270",
                           "서울 강남구 가로수길 31", "합계 6,500원", "매출전표"))
    assert f["merchant"] == "랄프스커피 가로수길"


def test_a_delivery_app_receipt_is_a_card_slip():
    kind, f, _ = parse(column("10:05", "과거 주문 내역", "영수증", "모모베이글", "주문번호: 1WRRLL",
                              "2025-04-07 11:43", "주문금액 37,400원", "배달비 1,000원",
                              "롯데카드 결제 37,400원"))
    assert kind == "card_slip"
    assert (f["total_amount"], f["date"], f["merchant"]) == (37400, "2025-04-07", "모모베이글")


def test_a_menu_gets_no_amount():
    kind, f, _ = parse(column("오늘의 메뉴", "김치찌개 8,000원", "된장찌개 8,000원", "제육볶음 9,000원",
                              "공깃밥 1,000원"))
    assert kind == "unknown" and f["total_amount"] is None


def test_letter_spaced_labels_in_separate_boxes_are_joined():
    _, f, c = parse(lines(("매출전표", 20, 0), ("과세물품가액", 20, 50), ("60,911", 600, 50),
                          ("부", 20, 100), ("가", 120, 100), ("세", 220, 100), ("6,089", 600, 100),
                          ("합", 20, 150), ("계", 220, 150), ("67,000", 600, 150)))
    assert (f["vat"], f["total_amount"]) == (6089, 67000) and c["total_amount"] >= 0.9


def test_a_scanner_apps_junk_text_layer_is_not_trusted():
    junk = [TextLine(t, (0, 50 * i, 300, 50 * i + 40), 0.99) for i, t in
            enumerate(["Qt~~ : | : C | C-tliQt~", "A~2t~J~.2.:4780303031 atHJJ:", "~±:~eJ,1 t;\"JW£325",
                       "SDHilAI: 2026-06-06 2~ 10:01"])]
    good = [TextLine(t, (0, 50 * i, 300, 50 * i + 40), 0.99) for i, t in
            enumerate(["승차권 영수증 (KORAIL)", "승차일자 2025-01-18", "출발역 서울 도착역 대전"])]
    assert not text_layer_is_readable(junk)
    assert text_layer_is_readable(good)


def test_the_amount_due_beats_the_cards_share_when_vouchers_paid_the_rest():
    _, f, _ = parse(lines(("미소김밥", 20, 0), ("승인일시", 20, 50), ("2023.04.25 18:48", 400, 50),
                          ("합계", 20, 100), ("130,100", 400, 100), ("결제 금액", 20, 150),
                          ("130,100 원", 400, 150), ("상품권", 20, 200), ("1,400", 400, 200),
                          ("카드 결제", 20, 250), ("128,700", 400, 250)))
    assert f["total_amount"] == 130100


def test_a_label_letter_read_apart_from_its_value_is_joined():
    _, f, _ = parse(lines(("영수증 [주차비]", 100, 0), ("상", 20, 60),
                          ("호: 서울특별시 강남구도시관", 120, 60), ("리공단", 120, 105),
                          ("[결제금액] 2.500 원", 20, 160), ("[승인일자] 2025-04-18 15:24:54", 20, 210),
                          ("[승인번호] 55814258", 20, 260)))
    assert f["merchant"] == "서울특별시 강남구도시관리공단"


def test_a_misread_keyword_still_classifies_a_hard_photo():
    kind, f, _ = parse(column("무지개칼국수", "주문일시; 2024년 11월 10일 10:50:01",
                              "최종 걸제금액 : 20,100"))
    assert kind == "card_slip" and f["total_amount"] == 20100


def test_a_receipt_is_never_dated_in_the_future():
    _, f, _ = parse(column("어느 마트", "2099-01-01 10:00", "2024-03-02 10:00", "합계 5,000", "매출전표"))
    assert f["date"] == "2024-03-02"


def test_a_line_with_its_own_label_is_not_the_value_of_the_label_above():
    _, f, _ = parse(column("고속버스 승차권", "[도착] 동대구터미널", "[차량번호] 성적", "[좌석] 6번",
                           "[승차일시] 2022.08.14 12:30", "[받을금액] 9,100"))
    assert f["vehicle_no"] is None
