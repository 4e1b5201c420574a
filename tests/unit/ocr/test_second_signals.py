"""A value is sure only when a second signal agrees: a station one misread letter from another listed one,
a table header's date, a stay's length, a taxi's call fee, a bill split between cash or points and a
card.
Hand-made lines, and pages rendered in Chromium (skipped where it is not installed) read by the real
engine."""

from __future__ import annotations

from ocr import domain, extract
from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import lines
from tests.unit.ocr.test_new_layouts import _page, _render, _rows


def ticket(*rows):
    """A rail ticket receipt: labels at the left, values at the right, one row every 50 px."""
    out = [("코레일 승차권 영수증", 100, 0), ("열차번호", 20, 50), ("KTX 220", 400, 50)]
    for i, (label, value) in enumerate(rows, start=2):
        out += [(label, 20, 50 * i), (value, 400, 50 * i)]
    return lines(*out, ("결제 금액", 20, 600), ("64,100원", 400, 600))


def test_listed_names_one_letter_apart_are_neighbours():
    assert "전주" in domain.listed_neighbours("진주", "rail")
    assert domain.listed_neighbours("광명", "rail") == ()


def test_a_station_one_letter_from_another_listed_one_read_once_is_not_sure():
    _, f, c = parse(ticket(("출발역", "진주"), ("도착역", "광명")))
    assert (f["departure"], f["arrival"]) == ("진주", "광명")
    assert c["departure"] < SURE <= c["arrival"]  # 전주 is one letter from 진주; nothing is from 광명
    # The route printed again on another line is a second reading of the name: sure again.
    _, f, c = parse(ticket(("출발역", "진주"), ("도착역", "광명"), ("구간", "진주 → 광명")))
    assert f["departure"] == "진주" and c["departure"] >= SURE


def test_a_name_snapped_to_the_list_from_a_misread_is_not_sure():
    _, f, c = parse(ticket(("출발역", "광명"), ("도착역", "서을")))
    assert f["arrival"] == "서울" and c["arrival"] < SURE


def test_a_date_under_a_table_headers_label_is_the_trips_not_the_booking_times():
    rows = lines(("버스 승차권 구매 영수증", 20, 0),
                 ("출발지", 20, 50), ("도착지", 120, 50), ("출발일시", 220, 50), ("등급", 480, 50),
                 ("금액", 620, 50),
                 ("강릉", 20, 100), ("남원", 120, 100), ("2025.10.30(목) 17:10", 220, 100),
                 ("직행", 480, 100), ("7,600", 620, 100),
                 ("총 결제금액", 20, 150), ("7,600원", 620, 150),
                 ("에메일시", 20, 200), ("2025.10.21 18:07:55", 400, 200))  # 예매일시, misread
    _, f, c = parse(rows)
    assert f["date"] == "2025-10-30" and c["date"] >= SURE


def test_a_date_header_over_a_column_of_dated_rows_labels_none_of_them():
    # A folio's 일자 | 내역 | 금액 over its nights: the departure on its own row dates the bill.
    _, f, c = parse(lines(("객실 정산서", 20, 0), ("입실일", 20, 50), ("2024/12/18", 600, 50),
                          ("퇴실일", 20, 100), ("2024/12/20", 600, 100),
                          ("일자", 20, 150), ("내역", 300, 150), ("금액", 600, 150),
                          ("2024/12/18", 20, 200), ("객실료", 300, 200), ("80,000", 600, 200),
                          ("2024/12/19", 20, 250), ("객실료", 300, 250), ("80,000", 600, 250),
                          ("2024/12/20", 20, 300), ("조식", 300, 300), ("25,000", 600, 300),
                          ("합계", 20, 350), ("185,000 원", 600, 350), ("결제 신한카드", 20, 400),
                          ("-185,000", 600, 400)))
    assert f["date"] == "2024-12-20" and c["date"] >= 0.9


FOLIO = (("INVOICE", 300, 0), ("Check In", 20, 50), ("Nights", 20, 150), ("2", 500, 150),
         ("Date", 20, 200), ("Description", 250, 200), ("Amount", 500, 200),
         ("Sub Total", 20, 350), ("220,000", 500, 350), ("V.A.T 10%", 20, 400), ("22,000", 500, 400),
         ("Total Amount", 20, 450), ("242,000", 500, 450))
NIGHTS = (("07-28-2025", 20, 250), ("Room Rate", 250, 250), ("110,000", 500, 250),
          ("07-29-2025", 20, 300), ("Room Rate", 250, 300), ("110,000", 500, 300))


def test_a_stay_is_dated_by_its_arrival_plus_its_nights_when_the_check_out_is_illegible():
    _, f, c = parse(lines(*FOLIO, ("07-28-2025", 500, 50), ("Check Out", 20, 100), ("O7-3Q-2O25", 500, 100),
                          *NIGHTS))
    assert f["date"] == "2025-07-30" and c["date"] < SURE  # derived, printed on no line read


def test_a_check_out_the_arrival_and_nights_lead_to_is_sure_and_one_they_miss_is_not():
    arrival = ("07-28-2025", 500, 50)
    _, f, c = parse(lines(*FOLIO, arrival, ("Check Out", 20, 100), ("07-30-2025", 500, 100)))
    assert f["date"] == "2025-07-30" and c["date"] >= SURE
    _, f, c = parse(lines(*FOLIO, arrival, ("Check Out", 20, 100), ("07-31-2025", 500, 100)))
    assert f["date"] == "2025-07-31" and c["date"] < SURE  # 28 + 2 nights is the 30th: one is misread


def test_a_ride_hailing_receipt_with_a_call_fee_and_a_hired_cars_plate_is_a_taxi_receipt():
    got = parse(lines(("kakaoT", 20, 0), ("영수증", 20, 50), ("승차일시", 20, 100),
                      ("2024-12-01(일) 11:07", 400, 100), ("차량 번호", 20, 150), ("울산46배4977", 400, 150),
                      ("운임", 20, 200), ("33,800 KRW", 400, 200), ("호출료", 20, 250), ("3,000", 400, 250),
                      ("총 결제금액", 20, 300), ("36,800", 400, 300), ("결제수단", 20, 350),
                      ("카카오페이", 400, 350)))
    assert got[0] == "taxi_receipt" and got[1]["vehicle_no"] == "울산46배4977"


def test_the_cash_share_of_a_split_bill_is_no_discount():
    _, f, c = parse(lines(("객실 정산서", 20, 0), ("합계", 20, 50), ("105,000원", 400, 50),
                          ("소계", 20, 100), ("95,455", 400, 100), ("부가세", 20, 150), ("9,545", 400, 150),
                          ("현금", 20, 200), ("-10,000", 400, 200), ("결제 신한카드", 20, 250),
                          ("-95,000", 400, 250), ("잔액", 20, 300), ("0", 400, 300)))
    assert f["total_amount"] == 105000 and c["total_amount"] >= SURE



def test_points_spent_beside_the_card_are_a_share_of_the_payment_not_a_cut_that_confirms_it():
    # 결제금액 7,700 paid as 포인트 3,000 and 카드결제 4,700 (기준운임 misread): 7,700 - 3,000 lands on the
    # card's share, which is no check of it as the total; the total is not reported sure at 4,700.
    _, f, c = parse(lines(("열차 승차권", 300, 0), ("기준운임", 20, 400), ("뷰7/,700", 640, 400),
                          ("할 인 액", 20, 445), ("0", 710, 445), ("포인트 사용", 20, 485),
                          ("-3,000", 650, 485), ("결제금액", 20, 530), ("7,700", 650, 530),
                          ("카드결제", 20, 575), ("\\4,700", 650, 575)))
    assert f["total_amount"] == 7700 or c["total_amount"] < 0.6

def test_real_engine_an_english_invoice_without_its_check_out_is_dated_by_its_nights():
    body = ('<div style="font-size:1.4em;font-weight:bold">GRAND BRIDGE HOTEL</div>'
            '<div style="text-align:right;font-weight:bold">INVOICE</div>'
            + _rows([("Name", "Kim Minjun"), ("Room No.", "1203"), ("Check In", "08-14-2025"),
                     ("Nights", "2"), ("08-14-2025", "Room Rate 120,000"),
                     ("08-15-2025", "Room Rate 120,000"),
                     ("V.A.T 10%", "24,000"), ("Total Amount", "KRW 264,000"), ("Balance Due", "0")]))
    got = extract(_render(_page(body, width=560), 560), "invoice.png")
    assert got.document_type == "card_slip"
    assert got.fields["date"] == "2025-08-16" and got.confidence["date"] < SURE


def test_a_car_parks_reduction_explains_its_fee_less_the_paid_amount():
    _, f, c = parse(lines(("주차 영수중", 100, 0), ("세종청사 주차장", 100, 60),
                          ("[차량번호] 88노3518", 20, 120), ("[입차일시] 2025-12-02 11:16", 20, 180),
                          ("[주차요금] KRW 11,300", 20, 240), ("[감면] -5,600", 20, 300),
                          ("[정산금액] 5,700 원", 20, 360)))
    assert f["total_amount"] == 5700 and c["total_amount"] >= 0.9  # 11,300 - 5,600, both printed
    assert f["merchant"] == "세종청사 주차장"  # the title, one letter misread, is no name
