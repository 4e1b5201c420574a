"""Ticket layouts the samples do not draw: boxed grids, app lists, stacked cells, discounts without a fare.

Hand-made OCR lines with real geometry (a label cell above or left of its value cell), no engine.
"""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import parse


def cell(text, x, y, h=40, w=None):
    """One recognised box: text at (x, y), h px high, about 30 px a character wide."""
    return TextLine(text, (x, y, x + (w or 30 * len(text)), y + h), 0.9)


def app_list(*pairs, top=200):
    """A bus or rail app's list: label at the left, value at the right edge, one row each."""
    out = []
    for i, (label, value) in enumerate(pairs):
        y = top + 60 * i
        out += [cell(label, 40, y), cell(value, 1100 - 30 * len(value), y)]
    return out


def test_a_label_word_beside_a_boarding_label_is_never_a_station():
    # The banner with the route was not read: 승차홈 (a 승차 label) has 승객 under it, which is no terminal.
    kind, f, _ = parse([cell("고속버스 모바일 승차권", 300, 100)] + app_list(
        ("출발일시", "2025-08-26(화) 09:53"), ("회사", "삼화고속"), ("승차홈", "18번"),
        ("승객", "중고생 1명"), ("요금", "33,400"), ("할인", "-6,700"), ("실 결제금액", "26,700원")))
    assert kind == "bus_ticket"
    assert f["departure"] is None and f["arrival"] is None
    assert f["total_amount"] == 26700


def test_a_sentence_opening_with_a_label_gives_no_station():
    _, f, _ = parse([cell("코레일톡 승차권", 80, 100), cell("2024년 9월 12일", 380, 200),
                     cell("KTX 1061열차", 340, 260), cell("운임", 40, 400), cell("54,600원", 40, 450),
                     cell("승차 전 반드시 좌석을 확인하세요.", 290, 900)])
    assert f["departure"] is None and f["vehicle_no"] == "1061"


def test_grid_of_label_cells_over_value_cells():
    kind, f, _ = parse([
        cell("시외버스 승차권", 600, 230), cell("삼화고속", 750, 350),
        cell("출발", 260, 520), cell("도착", 900, 520),
        cell("원주", 260, 610, 90), cell("동해", 900, 605, 90),
        cell("등급", 260, 755), cell("좌석", 685, 755), cell("차량", 1110, 755),
        cell("일반", 260, 825), cell("27", 685, 825), cell("3530", 1110, 825),
        cell("출발일자", 240, 935), cell("25.04.29", 1270, 935), cell("요금", 240, 1200),
        cell("30,600 원", 1250, 1200)])
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"], f["vehicle_no"]) == ("원주", "동해", "3530")
    assert f["date"] == "2025-04-29"


def test_paper_ticket_with_big_stations_either_side_of_a_stacked_train_cell():
    # The station names are printed larger, so their boxes sit between the service's row and the number's.
    kind, f, _ = parse([
        cell("승차권 겸 영수증", 760, 113), cell("2024-12-15(일) 12:04", 712, 202),
        cell("KTX", 945, 308, 57, 110), cell("용산", 1487, 299, 92, 150),
        cell("광명", 362, 325, 95, 150), cell("442", 947, 369, 62, 105),
        cell("운임", 140, 590), cell("5,600", 1690, 600),
        cell("받은 금액", 140, 650), cell("5,600", 1690, 663)])
    assert kind == "rail_ticket"
    assert (f["departure"], f["arrival"], f["vehicle_no"]) == ("광명", "용산", "442")


def test_train_number_in_a_label_value_pair():
    _, f, _ = parse([cell("KORAIL 승차권", 100, 0)] + app_list(
        ("승차일자", "2025.03.14"), ("열차", "KTX-산천 536"), ("출발", "서울"), ("도착", "부산"),
        ("영수금액", "59,800원"), top=80))
    assert (f["vehicle_no"], f["departure"], f["arrival"]) == ("536", "서울", "부산")


def test_route_in_one_cell_of_a_table_row_and_a_service_name_is_no_station():
    # 산천 (of KTX-산천) is close to 순천 letter by letter: it must not become a station.
    _, f, _ = parse([
        cell("발권 내역", 30, 40), cell("승차일자", 40, 126), cell("열차", 290, 126), cell("좌석", 800, 126),
        cell("금액", 940, 126), cell("2025-01-02", 40, 160), cell("KTX-산천 503", 290, 160),
        cell("오송 ~ 순천", 570, 160, w=120), cell("8-13B", 800, 160), cell("33,700", 940, 160, w=90),
        cell("총 결제 금액", 30, 230), cell("33,700 원", 940, 230), cell("결제 일시", 30, 264),
        cell("2024-12-31 21:11:09", 895, 264, w=200)])
    assert (f["departure"], f["arrival"], f["vehicle_no"]) == ("오송", "순천", "503")
    assert f["date"] == "2025-01-02"


def test_arrow_read_as_equals_sign():
    _, f, _ = parse([cell("결제 완료 안내", 30, 40), cell("열차", 250, 117), cell("KTX-이음 709", 250, 150),
                     cell("풍기=영주", 495, 150), cell("최종 결제금액", 30, 236), cell("3,100 원", 760, 236),
                     cell("승차일자", 30, 116), cell("2024-10-27", 30, 150, w=120)])
    assert (f["departure"], f["arrival"]) == ("풍기", "영주")


def test_amount_under_a_total_label_before_the_discount_is_not_the_paid_amount():
    # 승차권 금액 (the fare) - 할인금액 = 결제금액: the arithmetic picks what was paid, and is sure of it.
    _, f, c = parse([cell("코레일톡 승차권", 600, 90), cell("2025년 1월 31일", 290, 170),
                     cell("KTX 857", 350, 210),
                     cell("승차권 금액", 30, 555), cell("33,900원", 30, 592), cell("할인금액", 30, 642),
                     cell("-17,000", 30, 678), cell("결제금액", 30, 727), cell("16,900원", 30, 766)])
    assert f["total_amount"] == 16900 and c["total_amount"] >= 0.9


def test_paid_amount_without_a_total_label_is_fare_minus_discount_when_printed():
    _, f, c = parse([cell("시외버스 승차권", 700, 230), cell("운임", 210, 1050), cell("29,500", 1480, 1050),
                     cell("할인", 210, 1130), cell("5,900", 1510, 1130), cell("결제", 205, 1210),
                     cell("23,600원", 1410, 1210), cell("승차일 2024.07.25", 210, 800)])
    assert f["total_amount"] == 23600 and c["total_amount"] >= 0.6


def test_minus_signed_discount_in_an_unlabelled_app_list():
    # A hard photo lost every label: fare, -discount and the paid amount are still printed one under another.
    _, f, _ = parse([cell("고속버스 모바일티켓", 540, 285), cell("2025-09-19(금) 22:06", 280, 460),
                     cell("경기고속", 285, 546), cell("41,300", 282, 1088), cell("-8,300", 284, 1177),
                     cell("33,000원", 280, 1267)])
    assert f["total_amount"] == 33000


def test_travel_date_beats_the_purchase_date_printed_below():
    _, f, c = parse([cell("승차권", 300, 75), cell("충남고속", 300, 130), cell("[출발] 진주", 67, 195),
                     cell("[도착] 센트럴시티(서울)터미널", 68, 234),
                     cell("[출발일자] 2025년 4월 20일", 67, 271),
                     cell("[시각] 13:44", 68, 310), cell("[받은 금액] 21,500원", 68, 576),
                     cell("발권 2025-04-17 22:04:20", 70, 663), cell("발권 2025-04-17", 70, 700)])
    assert f["date"] == "2025-04-20" and c["date"] >= 0.6


def test_purchase_date_printed_twice_does_not_outvote_the_unlabelled_trip_date():
    _, f, _ = parse([cell("시외버스 승차권", 300, 75), cell("동서울 → 강릉", 100, 140),
                     cell("2025.05.02 07:30", 100, 200), cell("받을금액 17,100원", 100, 260),
                     cell("발권일시 2025.04.28 21:10", 100, 320),
                     cell("결제일시 2025.04.28 21:10", 100, 380)])
    assert f["date"] == "2025-05-02"


def test_two_listed_names_glued_in_a_route_cell_are_the_route_and_a_name_of_its_own_is_not_cut():
    # An e-mail's table row: 승차일자 | 열차 | 구간 | 좌석 | 금액, the arrow of the 구간 cell lost.
    head = [cell("승차권 예약/발권 내역", 200, 60), cell("승차일자", 40, 200), cell("열차", 300, 200),
            cell("구간", 520, 200), cell("좌석", 760, 200), cell("금액", 960, 200)]
    row = [cell("2025-09-26", 40, 260), cell("KTX 819", 300, 260), cell("{}", 520, 260),
           cell("10-14C", 760, 260), cell("11,900", 960, 260), cell("결제금액 11,900", 40, 400)]
    for route, dep, arr in (("동대구부산", "동대구", "부산"), ("광주송정", None, None)):
        cells = head + [TextLine(route, l.box, l.conf) if l.text == "{}" else l for l in row]
        _, f, c = parse(cells)
        assert (f["departure"], f["arrival"]) == (dep, arr)
        if dep:
            assert c["departure"] < 0.9  # the cut is a guess the printed arrow did not confirm
