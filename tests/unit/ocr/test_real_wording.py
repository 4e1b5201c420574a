"""Wording and order as printed on real Korean tickets and slips, fed as OCR lines (no engine).

These layouts were written from how the documents are described, not from the sample generator, so they
check that the parser leans on labels and geometry rather than on the samples' templates.
"""

from __future__ import annotations

from ocr.model import TextLine
from ocr.parsers import parse


def stack(*texts: str, x: int = 20) -> list[TextLine]:
    """One line per text, top to bottom, 40 px apart."""
    return [TextLine(t, (x, 50 * i, x + 28 * len(t), 50 * i + 36), 0.85) for i, t in enumerate(texts)]


def test_korail_mobile_ticket():
    kind, f, _ = parse(stack("코레일 승차권", "2025년 3월 14일 (금)", "KTX 023", "서울 08:00 → 부산 10:39",
                             "5호차 12A 일반실", "어른 1명", "운임요금 59,800원", "할인금액 0원",
                             "영수금액 59,800원", "승차권번호 82103-0314-12345-67"))
    assert kind == "rail_ticket"
    assert (f["date"], f["departure"], f["arrival"], f["vehicle_no"], f["total_amount"]) == \
        ("2025-03-14", "서울", "부산", "023", 59800)
    assert (f["service"], f["carrier"], f["seat_class"]) == ("KTX", "KORAIL", "일반실")
    assert (f["departure_time"], f["arrival_time"]) == ("08:00", "10:39")
    assert f["ticket_no"] == "82103-0314-12345-67"


def test_srt_ticket_with_times_in_brackets():
    kind, f, _ = parse(stack("SRT 승차권", "승차일 2025.03.14", "SRT 331", "수서(09:30) → 부산(11:58)",
                             "기준운임 52,600원", "할인 2,600원", "결제금액 50,000원"))
    assert kind == "rail_ticket"
    assert (f["departure"], f["arrival"], f["vehicle_no"],
            f["total_amount"]) == ("수서", "부산", "331", 50000)
    assert (f["carrier"], f["fare"], f["discount"]) == ("SR", 52600, 2600)


def test_real_card_slip_with_service_charge_and_phone_numbers():
    kind, f, c = parse(stack("신용카드 매출전표", "카드종류 신한카드", "카드번호 4518-4412-3456-1234",
                             "거래일시 2025-03-14 21:33:10", "거래유형 신용승인", "할부개월 일시불",
                             "승인번호 30012345", "공급가액 90,909원", "부가세 9,091원", "봉사료 0원",
                             "합계 100,000원", "가맹점명 한빛호텔", "대표자명 홍길동",
                             "사업자번호 314-82-10024", "전화번호 02-1234-5678"))
    assert kind == "card_slip"
    assert (f["total_amount"], f["date"], f["approval_no"]) == (100000, "2025-03-14", "30012345")
    assert (f["supply_amount"], f["vat"], f["merchant"]) == (90909, 9091, "한빛호텔")
    assert f["card_no_masked"] == "4518-44**-****-1234"
    assert f["business_reg_no"] == "314-82-10024"
    assert c["total_amount"] >= 0.95


def test_taxi_receipt_with_datetime_labels():
    kind, f, _ = parse(stack("택시 영수증", "차량번호 : 서울 31바 1234", "사업자번호 : 123-45-67890",
                             "승차일시 2025-03-14 07:10", "하차일시 2025-03-14 07:42", "이동거리 12.3km",
                             "요금 15,800원", "카드 승인번호 12345678"))
    assert kind == "taxi_receipt"
    assert (f["vehicle_no"], f["date"], f["total_amount"], f["distance_km"]) == \
        ("서울31바1234", "2025-03-14", 15800, 12.3)
    assert (f["departure_time"], f["arrival_time"]) == ("07:10", "07:42")


def test_express_bus_mobile_ticket():
    kind, f, _ = parse(stack("고속버스 모바일 승차권", "출발 서울경부 2025.03.14 14:30", "도착 부산종합",
                             "고속사 금호고속", "등급 프리미엄", "좌석 07번", "요금 44,400원",
                             "결제금액 44,400원"))
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"], f["date"], f["total_amount"]) == \
        ("서울경부", "부산종합", "2025-03-14", 44400)
    assert (f["departure_time"], f["seat_class"], f["carrier"]) == ("14:30", "프리미엄", "금호고속")


def test_misread_station_is_snapped_but_with_less_confidence():
    _, f, c = parse(stack("KORAIL 승차권", "출발 서을 08:00", "도착 동대구 09:49", "영수금액 43,500원"))
    assert (f["departure"], f["arrival"]) == ("서울", "동대구")
    assert c["departure"] < c["arrival"]


def test_a_fare_that_fits_the_route_raises_trust_in_the_stations():
    _, f, c = parse(stack("KORAIL 승차권", "출발 서을 08:00", "도착 부산 10:39", "운임 59,800원",
                          "영수금액 59,800원"))
    assert f["departure"] == "서울" and c["departure"] >= 0.9


def test_times_written_with_hours_and_minutes_in_hangul():
    _, f, _ = parse(stack("시외버스 승차권", "동서울 → 강릉", "출발일시 2025년 3월 14일 14시 30분",
                          "요금 17,100원"))
    assert (f["date"], f["departure_time"]) == ("2025-03-14", "14:30")


def test_afternoon_times_and_app_taxi_receipts():
    kind, f, _ = parse(stack("카카오T 택시 영수증", "이용일시 2025.03.14 오후 2:30", "차량번호 서울31바1234",
                             "승차 오후 2:30", "하차 오후 3:05", "이동거리 8.1km", "총 결제금액 12,300원"))
    assert kind == "taxi_receipt"
    assert (f["date"], f["departure_time"], f["arrival_time"]) == ("2025-03-14", "14:30", "15:05")
    assert (f["total_amount"], f["vehicle_no"], f["distance_km"]) == (12300, "서울31바1234", 8.1)


def test_bus_app_with_labels_on_both_sides_of_the_arrow():
    kind, f, _ = parse(stack("고속버스 승차권", "출발 서울경부 → 도착 부산", "출발일시 2025.03.14(금) 14:30",
                             "고속사 금호고속", "등급 프리미엄", "결제금액 44,400원"))
    assert kind == "bus_ticket"
    assert (f["departure"], f["arrival"], f["departure_time"]) == ("서울경부", "부산", "14:30")


def test_a_ticket_date_is_the_travel_date_not_the_purchase_date():
    _, f, _ = parse(stack("KORAIL 승차권", "발매일자 2025-03-10 12:01", "2025년 3월 14일 (금)", "KTX 023",
                          "서울 08:00 → 부산 10:39", "영수금액 59,800원"))
    assert f["date"] == "2025-03-14"
