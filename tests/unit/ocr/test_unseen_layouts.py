"""Rules drawn from layouts the project's own samples do not print (hand-made lines, see the module names)."""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import parse
from ocr.parsers.text import normalise
from tests.unit.ocr.ocr_samples import lines


def slip(*rows):
    """A card slip: label at the left, value at the right, one row every 50 px."""
    out = [("신용승인", 100, 0)]
    for i, (label, value) in enumerate(rows, start=1):
        out += [(label, 20, 50 * i), (value, 400, 50 * i)]
    return lines(*out)


def test_the_amount_left_after_a_refund_beats_supply_and_vat_of_the_sale_before_it():
    _, f, c = parse(slip(("가맹점", "무지개막국수"), ("거래일시", "2024/10/30 10:30"), ("판매금액", "93,909"),
                         ("부가가치세", "9,391"), ("총금액", "103,300"), ("환불금액", "~AS,900"),
                         ("최종결체금액", "54,400원")))
    assert f["total_amount"] == 54400


def test_a_sale_whose_parts_add_up_is_not_sure_when_a_final_amount_line_gives_another():
    _, f, c = parse(slip(("가맹점", "솔바람국밥"), ("거래일시", "2022-03-20 23:50"), ("공급가액", "147,636"),
                         ("부가가치세", "14,764"), ("총금액", "162,400"), ("취소금액", "-71,609"),
                         ("잔여층인금맥", "90,300원")))
    assert not (f["total_amount"] == 162400 and c["total_amount"] >= 0.6)


def test_a_bracketed_label_misread_by_one_letter_still_labels_its_value():
    _, f, c = parse(lines(("신용승인", 100, 0), ("[판매처] 가람칼국수", 20, 50),
                          ("[거래일자] 26/07/25 12:04", 20, 100), ("[판매금액] 168,000", 20, 150),
                          ("[부가세] 16,800", 20, 200), ("[할계] 184,800", 20, 250)))
    assert f["total_amount"] == 184800 and c["total_amount"] >= 0.6  # labelled, not the largest amount


def test_dashes_in_numbers_read_as_a_vowel_or_a_long_dash_are_hyphens_again():
    assert normalise("24-01-ㅡ24") == "24-01-24"
    assert normalise("76053—0124—91657") == "76053-0124-91657"
    assert normalise("—6,100") == "-6,100"


def test_the_train_number_ends_the_train_type_line_however_the_service_was_misread():
    _, f, _ = parse(lines(("승차권 구매내역", 100, 0), ("[여행일] 26/06/07", 20, 50),
                          ("목포 》 광주송정", 100, 100), ("[열차종류]<1× 252", 20, 150),
                          ("[좌석]11호차 12A 일반실", 20, 200), ("[승차권 가격]14,600원", 20, 250),
                          ("[영수금액] 14,600원", 20, 300)))
    assert f["vehicle_no"] == "252"


def test_a_train_number_under_a_misread_service_name_is_the_train():
    rows = lines(("승차권 겸 영수증", 300, 0), ("2025. 4. 1. (화) 12:30", 300, 50), ("진영", 100, 100),
                 ("오송", 600, 100), ("202", 350, 130), ("45,100", 600, 200), ("정상운임", 20, 200),
                 ("27,100원", 600, 250), ("결제금액", 20, 250), ("코레일 고객센터 1544-7788", 300, 300))
    rows.append(TextLine("1%산천", (340, 90, 430, 125), 0.7, "KTX-AH"))
    _, f, _ = parse(rows)
    assert f["vehicle_no"] == "202"


def test_a_date_whose_month_and_day_letters_were_misread_is_still_the_date():
    _, f, _ = parse(lines(("시외버스 승차권", 300, 0), ("승차일시", 20, 50),
                          ("2023년 11을 29열 22:56", 300, 50), ("결제금액", 20, 100), ("22,800원", 300, 100)))
    assert f["date"] == "2023-11-29"


def test_a_notice_of_running_text_without_spaces_or_cut_mid_word_is_no_receipt():
    spaceless = lines(("청사 출입 안내", 300, 0),
                      ("ㆍ영수증은원본을제출하며,카드매출전표가없는경우사유서를첨부합니다.", 20, 50),
                      ("2024년 6월 23일", 500, 100))
    wrapped = lines(("회의실 사용 안내", 300, 0),
                    ("ㆍ 영수증은 원본을 제출하며, 카드 매출전표가 없는 경우 사유서를 첨부합니", 20, 50),
                    ("다.", 20, 100), ("2025년 9월 15일", 500, 150))
    assert parse(spaceless)[0] == "unknown"
    assert parse(wrapped)[0] == "unknown"


def test_an_english_hotel_folio_is_a_receipt_with_its_total():
    kind, f, _ = parse(lines(("BAYSTAY BUSAN STATION", 20, 0), ("Guest", 20, 50), ("Arrival", 20, 100),
                             ("2025/11/25", 600, 100), ("Room Charge", 300, 150), ("75,000", 600, 150),
                             ("Breakfast", 300, 200), ("12,000", 600, 200), ("TOTAL", 20, 250),
                             ("KRW 87,000", 600, 250)))
    assert kind == "card_slip"
    assert f["total_amount"] == 87000


def test_a_pdf_text_layer_of_one_run_per_letter_is_joined_into_words():
    from ocr.loader import _join_glyphs

    runs, x = [], 0
    for word in ("합계", "250,000", "원"):
        for ch in word:
            runs.append(TextLine(ch, (x, 100, x + 10, 116), 0.99))
            x += 12
        x += 300 if word == "합계" else 10
    thanks = "이용해주셔서감사합니다"
    runs += [TextLine(ch, (15 * i, 200, 15 * i + 10, 216), 0.99) for i, ch in enumerate(thanks)]
    assert [r.text for r in _join_glyphs(runs)] == ["합계", "250,000 원", thanks]


def test_a_date_after_a_dash_read_for_a_colon_and_a_compact_date_with_its_time_are_dates():
    _, f, _ = parse(lines(("신용카드 승인", 100, 0), ("승인잎새 -24.07.25 21:36:30", 20, 50),
                          ("승인금액 : 125,800", 20, 100)))
    assert f["date"] == "2024-07-25"
    _, f, _ = parse(lines(("신용승인", 100, 0), ("거래밀자", 20, 50), ("20220320 2350", 300, 50),
                          ("총금액", 20, 100), ("162,400", 300, 100)))
    assert f["date"] == "2022-03-20"


def test_a_dark_mode_screen_with_a_framed_box_is_inverted_while_a_slip_on_a_dark_desk_is_not():
    import cv2
    import numpy as np

    from ocr import preprocess as pp

    screen = np.full((1200, 1000, 3), 18, np.uint8)
    cv2.rectangle(screen, (60, 500), (940, 800), (200, 200, 200), 3)  # a framed box, dark inside
    cv2.putText(screen, "4 16D", (600, 600), cv2.FONT_HERSHEY_SIMPLEX, 2, (230, 230, 230), 4)
    desk = np.full((1200, 1000, 3), 18, np.uint8)
    cv2.rectangle(desk, (300, 300), (700, 900), (235, 235, 235), -1)  # a slip, light all over
    cv2.putText(desk, "12,000", (350, 600), cv2.FONT_HERSHEY_SIMPLEX, 2, (20, 20, 20), 4)
    assert pp.find_paper(pp.to_gray(screen), pp.SMALL_PAPER) is None
    assert pp.light_background(screen).mean() > 128
    assert pp.find_paper(pp.to_gray(desk), pp.SMALL_PAPER) is not None
    assert pp.light_background(desk) is desk


def test_a_folio_date_beside_its_own_check_in_label_box_is_not_sure():
    _, f, c = parse(lines(("숙박 영수증", 20, 0), ("입실일", 20, 50), ("2025-07-04", 600, 50),
                          ("회실일", 20, 100), ("2025-07-05", 600, 100), ("2025-07-04", 20, 150),
                          ("객실료", 300, 150), ("65,000", 600, 150), ("합계", 20, 200),
                          ("65,000원", 600, 200)))
    assert not (f["date"] == "2025-07-04" and c["date"] >= 0.6)


def test_a_sum_of_misread_parts_printed_nowhere_does_not_beat_a_labelled_total():
    _, f, _ = parse(slip(("매장명", "기람모텔"), ("과세물품가액", "20,455"), ("부가가치세", "20,045"),
                         ("봉사료", "0"), ("합져금액", "220,500 원")))
    assert f["total_amount"] == 220500


def test_a_two_digit_year_date_that_lost_its_first_separator_is_read_beside_its_label():
    _, f, _ = parse(lines(("카드 매출전표", 100, 0), ("매출일", 20, 50), ("2212.29 2310.40", 300, 50),
                          ("합계", 20, 100), ("158,100", 300, 100)))
    assert f["date"] == "2022-12-29"


def test_a_dark_app_screen_with_a_coloured_header_band_is_inverted():
    import cv2
    import numpy as np

    from ocr import preprocess as pp

    screen = np.full((1200, 1000, 3), 18, np.uint8)
    cv2.rectangle(screen, (40, 40), (960, 140), (170, 160, 20), -1)  # a teal band with light letters
    cv2.putText(screen, "IBK PAY", (80, 110), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 4)
    cv2.putText(screen, "375,200", (500, 400), cv2.FONT_HERSHEY_SIMPLEX, 2, (230, 230, 230), 4)
    assert pp.light_background(screen).mean() > 128


def test_a_dark_app_screen_photographed_sideways_with_its_banner_beside_the_status_bar_is_inverted():
    import cv2
    import numpy as np

    from ocr import preprocess as pp

    # A dark bus-app screen: a blue route banner with white letters just under the status bar's light
    # clock, then light text, the phone turned on its side. Banner and clock are found as one light area
    # whose hull takes in dark screen between them, which is no slip's print.
    screen = np.full((1550, 938, 3), 18, np.uint8)
    cv2.putText(screen, "18:29", (40, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (235, 235, 235), 3)
    cv2.putText(screen, "LTE 40%", (740, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (235, 235, 235), 2)
    cv2.rectangle(screen, (40, 100), (898, 290), (200, 110, 10), -1)
    cv2.putText(screen, "SEJONG > MOKPO", (90, 220), cv2.FONT_HERSHEY_SIMPLEX, 2.2, (255, 255, 255), 5)
    for i, text in enumerate(("2024. 1. 11. 09:21", "DONGHAE", "2358", "9,000")):
        cv2.putText(screen, text, (60, 420 + 150 * i), cv2.FONT_HERSHEY_SIMPLEX, 2, (230, 230, 230), 4)
    for turns in (0, 1, 3):
        photo = pp.rotate(screen, turns)
        assert pp.light_background(photo).mean() > 128, turns


def test_a_ticket_whose_paid_line_uses_a_dot_for_thousands_is_fare_less_discount():
    _, f, _ = parse(lines(("승차권(승객용)", 100, 0), ("한일고속", 100, 50), ("출발지", 20, 100),
                          ("여수터미널", 400, 100), ("도착", 20, 150), ("부산종합터미널", 400, 150),
                          ("요금", 20, 200), ("38,600", 400, 200), ("할인", 20, 250), ("7,700", 400, 250),
                          ("결제", 20, 300), ("30.900", 400, 300)))
    assert f["total_amount"] == 30900


def test_a_rail_ticket_with_no_total_label_read_takes_its_fare_not_the_largest_number():
    _, f, _ = parse(lines(("승차권 겸 영수증", 100, 0), ("2024. 5, 14, (화) 19:42", 100, 50),
                          ("무궁화호", 300, 100), ("경산", 20, 100), ("오산", 600, 100),
                          ("문임요급", 20, 200), ("19,600", 400, 200), ("열수액", 20, 250),
                          ("19,600", 400, 250), ("47152.711020818:70", 100, 300)))
    assert f["total_amount"] == 19600
    assert f["date"] == "2024-05-14"


def test_a_folio_whose_check_out_label_was_misread_is_dated_by_the_last_date_of_the_stay():
    _, f, c = parse(lines(("숙박 영수증", 20, 0), ("입실일", 20, 50), ("2025-07-04", 600, 50),
                          ("회실일", 20, 100), ("2025-07-05", 600, 100), ("2025-07-04", 20, 150),
                          ("객실료", 300, 150), ("65,000", 600, 150), ("합계", 20, 200),
                          ("65,000원", 600, 200)))
    assert f["date"] == "2025-07-05" and c["date"] < 0.6


def test_a_train_number_under_a_service_name_misread_by_one_letter_is_the_train():
    _, f, _ = parse(lines(("승차권 겸 영수증", 300, 0), ("2024. 5. 14. (화) 19:42", 300, 50),
                          ("무굴화호", 340, 100), ("경산", 100, 110), ("오산", 600, 110), ("1270", 350, 140),
                          ("운임요금", 20, 250), ("19,600", 400, 250)))
    assert f["vehicle_no"] == "1270"


def test_evenly_spaced_rows_far_apart_do_not_tilt_the_page_by_one_row():
    boxes = [("승차권", (660, 111, 832, 180)), ("2025.09.24 20:46", (592, 200, 898, 246)),
             ("<1%-이음", (645, 279, 840, 329)), ("75682-2110-89771-29", (550, 818, 942, 862)),
             ("코레일 고객센터 1544-7788", (541, 867, 954, 910)),
             ("청량리", (227, 288, 409, 364)), ("영주", (1114, 297, 1244, 375)),
             ("723", (704, 331, 785, 382)),
             ("호차/좌석", (98, 406, 303, 453)), ("7호차 80번", (1185, 417, 1400, 468)),
             ("객 실 등 급", (97, 456, 320, 516)), ("일반실", (1274, 472, 1401, 528)),
             ("운임요금", (94, 510, 325, 572)), ("24,900", (1274, 530, 1401, 579)),
             ("기차누리", (95, 562, 331, 625)), ("2,500", (1291, 582, 1402, 635)),
             ("받은 금 액", (95, 621, 326, 680)), ("22,400", (1273, 639, 1402, 691)),
             ("결제수단", (94, 671, 325, 738)), ("교통카드", (1230, 697, 1398, 747)),
             ("승인번호", (95, 729, 297, 785)), ("88475248", (1238, 750, 1397, 792))]
    _, f, _ = parse([TextLine(t, b, 0.9) for t, b in boxes])
    assert f["total_amount"] == 22400


def test_a_paid_line_contradicted_by_a_printed_coupon_deduction_is_not_sure():
    _, f, c = parse(lines(("GS25 종로점", 300, 0), ("판매금액: 20,700", 20, 100), ("쿠폰 : -2,100", 20, 150),
                          ("부가세 : 1,691", 20, 200), ("결제금액 : 16,600", 20, 250),
                          ("하나가드 : 18,600", 20, 300), ("승인번호 : 53571015", 20, 350)))
    assert not (f["total_amount"] == 16600 and c["total_amount"] >= 0.6)


def test_a_dashed_ticket_number_under_the_paid_label_is_no_amount():
    boxes = [("코레일톡", (530, 339, 734, 414)), ("2024년 12월 30일", (822, 451, 1259, 520)),
             ("무궁화호 1425", (889, 509, 1194, 572)), ("서천", (1300, 586, 1462, 690)),
             ("대천", (607, 590, 777, 695)), ("일반실", (1393, 834, 1528, 896)),
             ("단체할인", (1349, 886, 1530, 955)), ("2,400원", (1313, 993, 1561, 1070)),
             ("결제금액", (507, 1001, 744, 1089)), ("21671-1230-72571-78", (1119, 1075, 1569, 1131)),
             ("| 승차권번호|", (495, 1087, 683, 1149))]
    _, f, _ = parse([TextLine(t, b, 0.9) for t, b in boxes])
    assert f["total_amount"] == 2400


def test_a_slip_naming_its_card_and_a_billed_amount_is_a_receipt_however_misread():
    kind, f, _ = parse(lines(("커피랜스토리 동대구역점", 300, 0), ("겨랙일시 2025-01-25 12:40:28", 20, 50),
                             ("청구긍액", 20, 100), ("16,300원", 400, 100), ("롯데카드", 20, 150),
                             ("16,300", 400, 150)))
    assert kind == "card_slip"
    assert f["total_amount"] == 16300


def test_a_bilingual_ticket_with_glossed_end_labels_and_card_words_is_a_rail_ticket():
    # 'From 출발' / 'To 도착' with their English read as junk, 호차 lost: the listed stations (both lists
    # hold them) beside the end labels outweigh the card words, and 열차 says which kind of ticket.
    rows = [("RECEIPT 영수증", 300, 0), ("Date 승차일", 20, 60), ("25/01/05", 600, 60),
            ("0610 열차", 20, 120), ("om 출발", 20, 180), ("진주 Jinju", 600, 180),
            ("36 도착", 20, 240), ("창원", 600, 240), ("Fare 운임", 20, 300), ("9,100", 600, 300),
            ("Discount 할인", 20, 360), ("-4,600", 600, 360), ("Amount Paid 결제 금액", 20, 420),
            ("4,500", 600, 420), ("Card 카드", 20, 480), ("9410-57**-****-3017", 600, 480),
            ("Approval 승인번호", 20, 540), ("51135293", 600, 540)]
    kind, f, _ = parse(lines(*rows))
    assert kind == "rail_ticket"
    assert (f["departure"], f["arrival"]) == ("진주", "창원")
