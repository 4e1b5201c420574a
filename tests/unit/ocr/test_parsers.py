"""The extractor on hand-made OCR lines: labels, geometry, arrows and cross-checks, no engine."""

from __future__ import annotations

from ocr.parsers import parse
from ocr.parsers.fields import mask_card
from ocr.domain import brn_valid, match_place
from tests.unit.ocr.ocr_samples import lines


def test_rail_ticket_reads_labels_and_checks_fare_minus_discount():
    kind, f, c = parse(lines(("KORAIL 승차권", 100, 0), ("승차일자 : 2025.03.14", 20, 60),
                             ("열차 : KTX 023열차", 20, 110), ("출발 : 서울역 08:00", 20, 160),
                             ("도착 : 부산역 10:39", 20, 210), ("운임요금 : 59,800원", 20, 260),
                             ("할인금액 : 0원", 20, 310), ("영수금액 : 59,800원", 20, 360)))
    assert kind == "rail_ticket"
    assert (f["total_amount"], f["date"], f["departure"], f["arrival"], f["vehicle_no"]) == \
        (59800, "2025-03-14", "서울", "부산", "023")
    assert f["departure_time"] == "08:00" and f["arrival_time"] == "10:39"
    assert c["total_amount"] >= 0.95


def test_values_to_the_right_of_labels_are_found_across_columns():
    kind, f, _ = parse(lines(("KTX 101", 200, 0), ("운임", 20, 100), ("43,500원", 600, 104),
                             ("할인", 20, 160), ("4,400원", 610, 158), ("결제금액", 20, 220),
                             ("39,100원", 600, 222), ("2025년 09월 06일 (토)", 150, 300)))
    assert kind == "rail_ticket"
    assert (f["fare"], f["discount"], f["total_amount"]) == (43500, 4400, 39100)


def test_values_below_labels_are_found_in_column_layouts():
    _, f, _ = parse(lines(("KORAIL 승차권", 20, 0), ("출발", 60, 80), ("도착", 300, 80),
                          ("열차번호", 540, 80), ("용산", 60, 125), ("광주송정", 300, 125), ("846", 540, 125),
                          ("영수금액 42,100원", 20, 300), ("여행일 2025-10-11", 20, 350)))
    assert (f["departure"], f["arrival"], f["vehicle_no"]) == ("용산", "광주송정", "846")


def test_ocr_arrows_split_departure_from_arrival():
    for arrow in ("→", "->", "ㅡ", ">", "▶", "*"):
        _, f, _ = parse(lines(("시외버스 승차권", 20, 0), (f"동서울 {arrow} 강릉", 20, 60),
                              ("받을금액 17,100원", 20, 120)))
        assert (f["departure"], f["arrival"]) == ("동서울", "강릉"), arrow


def test_spaced_syllables_and_synonyms_read_a_card_slip():
    kind, f, c = parse(lines(("스타비즈니스호텔", 100, 0), ("과세물품가액 141,364", 20, 60),
                             ("부 가 세 14,136", 20, 110), ("받을금액 155,500", 20, 160),
                             ("승인번호 26946181", 20, 210), ("매출전표", 20, 260)))
    assert kind == "card_slip"
    assert (f["supply_amount"], f["vat"], f["total_amount"]) == (141364, 14136, 155500)
    assert c["total_amount"] >= 0.95 and f["approval_no"] == "26946181"


def test_unreadable_fields_are_null_with_zero_confidence():
    from ocr.model import Extraction

    kind, f, c = parse(lines(("어쩌고 저쩌고", 0, 0)))
    d = Extraction(document_type=kind, fields=f, confidence=c).to_dict()
    assert d["document_type"] == "unknown"
    assert all(v is None for v in d["fields"].values())
    assert all(v == 0.0 for v in d["confidence"].values())


def test_card_numbers_are_always_masked():
    assert mask_card("1234-5678-9012-3456") == "1234-56**-****-3456"
    assert mask_card("6117-35**-****-6533") == "6117-35**-****-6533"


def test_station_names_snap_only_when_close():
    assert match_place("서을역", "rail")[0] == "서울"
    assert match_place("동대구", "rail")[0] == "동대구"
    assert match_place("부산종합터미널", "bus")[0] == "부산종합"
    name, conf = match_place("뭐시기", "rail")
    assert conf < 0.5


def test_registration_number_check_digit():
    assert brn_valid("314-82-10024")
    assert not brn_valid("314-82-10025")


def test_raw_lines_never_carry_a_full_card_number(monkeypatch):
    from ocr import pipeline

    monkeypatch.setattr(pipeline.loader, "read_pdf", lambda data: pipeline.loader.PdfContent(
        lines=lines(("신용카드 매출전표", 0, 0), ("카드번호 1234-5678-9012-3456", 0, 50),
                    ("합계 10,000", 0, 100)),
        image=None))
    got = pipeline.extract(b"%PDF-1.4 fake")
    assert got.fields["card_no_masked"] == "1234-56**-****-3456"
    assert all("9012" not in line.text for line in got.lines)


def test_a_total_that_disagrees_with_fare_minus_discount_is_not_presented_as_certain():
    _, f, c = parse(lines(("시외버스 승차권", 20, 0), ("요금 15,200원", 20, 60), ("할인 0원", 20, 110),
                          ("받을금액 75,200원", 20, 160)))
    assert f["total_amount"] == 75200 and c["total_amount"] <= 0.5
