"""What a confidence means (ocr/parsers/confidence.py): sure only on two witnesses, doubtful readings
highlighted; the values themselves never change. Hand-made OCR lines, plus the real engine on samples."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr import extract
from ocr.model import TextLine
from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import load_sample


def column(*texts, conf=0.92, x=20):
    """One line per text, stacked 50 px apart; `conf` a number for all, or a dict text -> confidence."""
    def c(t):
        return conf.get(t, 0.92) if isinstance(conf, dict) else conf
    return [TextLine(t, (x, 50 * i, x + 30 * len(t), 50 * i + 40), c(t)) for i, t in enumerate(texts)]


CARD = ("신용카드 매출전표", "가맹점명: 하늘문구", "사업자번호 123-45-67890")


def test_one_clean_labelled_total_is_sure_but_not_confirmed():
    _, f, c = parse(column("택시 영수증", "개인택시", "승차일시 2025.04.11 08:10", "총요금 : 40,300원"))
    assert f["total_amount"] == 40300
    assert SURE <= c["total_amount"] <= 0.8


def test_supply_plus_vat_makes_the_total_sure():
    _, f, c = parse(column(*CARD, "거래일시 2025-04-02 12:03", "공급가액 7,364", "부가세 736",
                           "결제금액 8,100"))
    assert f["total_amount"] == 8100 and c["total_amount"] >= 0.9


def test_a_date_and_its_own_digits_on_one_line_are_one_witness():
    # '20220725' is both the date and a long digit run: the same pixels, read once.
    _, f, c = parse(column(*CARD, "[거래일자] 20220725 13:02", "결제금액 4,700"))
    assert f["date"] == "2022-07-25"
    assert c["date"] <= 0.8


def test_a_date_inside_another_lines_number_confirms_it():
    _, f, c = parse(column(*CARD, "판매일시: 2025-04-09 11:06", "영수증번호:20250409-00011",
                           "결제금액 4,700"))
    assert f["date"] == "2025-04-09" and c["date"] >= 0.9


def test_a_printed_weekday_that_fits_confirms_the_date():
    day = dt.date(2025, 4, 19)
    weekday = "월화수목금토일"[day.weekday()]
    _, f, c = parse(column(*CARD, f"[매출일] 2025-04-19({weekday}) 11:41", "결제금액 4,700"))
    assert f["date"] == "2025-04-19" and c["date"] >= 0.9


def test_a_faint_line_is_highlighted_but_its_value_kept():
    faint = "[거래일자] 2022.07.25 13:02"
    _, f, c = parse(column(*CARD, faint, "결제금액 4,700", conf={faint: 0.45}))
    assert f["date"] == "2022-07-25" and c["date"] < SURE


def test_on_a_damaged_photo_a_lone_reading_must_be_crisp():
    texts = (*CARD, "[거래일자] 2022.07.25 13:02", "결제금액 4,700", "카드번호 9410-12**-****-3321")
    _, _, c = parse(column(*texts, conf=0.7))  # every line doubtful: the page is damaged
    assert c["date"] < SURE and c["total_amount"] < SURE
    crisp = {t: (0.95 if "거래일자" in t else 0.6) for t in texts}
    _, f, c = parse(column(*texts, conf=crisp))
    assert f["date"] == "2022-07-25" and c["date"] >= SURE


def test_a_date_field_that_lost_a_digit_is_highlighted():
    _, f, c = parse(column("택시 영수증", "개인택시", "승차일시 22/03/1 06:22", "총요금 : 8,500원"))
    assert f["date"] == "2022-03-01" and c["date"] < SURE
    _, _, c = parse(column("택시 영수증", "개인택시", "승차일시 22/03/11 06:22", "총요금 : 8,500원"))
    assert c["date"] >= SURE


def test_an_amount_not_in_tens_of_won_is_highlighted():
    _, f, c = parse(column(*CARD, "거래일시 2025-04-02 12:03", "승인금액 : 138"))
    assert f["total_amount"] == 138 and c["total_amount"] < SURE


def test_a_taxi_fare_line_contradicted_by_the_card_payment_is_not_sure():
    # 요금 is the meter fare; 카드결제 adds the call fee: whichever is chosen, the two disagree.
    _, f, c = parse(column("택시요금 영수증", "개인택시", "승차시각 20230527 22:10", "요금 60,900",
                           "콜비 1,500",
                           "카드결제 82,400"))
    assert f["total_amount"] is not None and c["total_amount"] < SURE


def test_a_taxi_fare_that_an_extra_completes_to_another_printed_amount_is_not_sure():
    # The card line's label is too smudged to be read as a payment; fare + toll = the amount printed there.
    _, f, c = parse(column("[택시] 카드영수증", "개인택시", "승차시각 2024.08.22 06:42", "요금 36,400 원",
                           "통행료 1,800", "커트걸새", "¥W38,200", conf={"¥W38,200": 0.41}))
    assert f["total_amount"] == 36400 and c["total_amount"] < SURE
    # With the label legible, the payment it labels is what was paid, checked by fare + toll.
    _, f, c = parse(column("[택시] 카드영수증", "개인택시", "승차시각 2024.08.22 06:42", "요금 36,400 원",
                           "통행료 1,800", "카드결제", "¥W38,200", conf={"¥W38,200": 0.41}))
    assert f["total_amount"] == 38200 and c["total_amount"] >= SURE


def test_digits_running_into_a_letter_or_glued_to_the_label_are_highlighted():
    _, f, c = parse(column("시외버스 승차권", "출발지 : 대전복합", "도착지 : 청주",
                           "승차일시 : 2024.10.01 07:26",
                           "버스번호 : 658혜", "결제금액 : 9,900원"))
    assert f["vehicle_no"] == "658" and c["vehicle_no"] < SURE
    _, f, c = parse(column("영수증", "개인택시", "[승차일시] 2025.07.13 20:34", "[결제금액158,300원"))
    assert f["total_amount"] == 158300 and c["total_amount"] < SURE
    _, f, c = parse(column("영수증", "개인택시", "[승차일시] 2025.07.13 20:34", "[결제금액] 58,300원"))
    assert f["total_amount"] == 58300 and c["total_amount"] >= SURE


def test_amounts_cut_at_their_thousands_separator_are_no_witnesses():
    # The slip's right edge is hidden: 107,700 comes out as '107.' on two lines; they agree, and both are cut.
    _, f, c = parse(column(*CARD, "이용일시 2022/07/22 14:02", "판매금액 107.", "결제 금액 107,;"))
    assert f["total_amount"] == 107 and c["total_amount"] < SURE


def test_a_train_number_read_once_is_sure_but_not_confirmed():
    _, f, c = parse(column("KORAIL 승차권", "[승차일자] 2025.04.11", "서울 → 부산", "KTX 101",
                           "결제금액 59,800"))
    assert f["vehicle_no"] == "101" and SURE <= c["vehicle_no"] <= 0.8


@pytest.mark.parametrize("name, low, high", [
    ("s_card_receipt_1_clean.jpg", 0.9, 1.0),  # supply + VAT = total: two witnesses
    ("s_taxi_slip_0_clean.jpg", SURE, 0.8),  # one printed line: sure, not confirmed
])
def test_real_engine_total_confidence_says_how_many_witnesses(name, low, high):
    data, exp = load_sample(name)
    d = extract(data, name).to_dict()
    assert d["fields"]["total_amount"] == exp["fields"]["total_amount"]
    assert low <= d["confidence"]["total_amount"] <= high


FOLIO = ("HOTEL GARAM", "GUEST FOLIO", "Guest LEE", "Arrival 2024-03-27")
FOLIO_BILL = ("Room charge 95,000", "Room charge 95,000", "SUBTOTAL 172,727", "TAX 17,273",
              "TOTAL 190,000", "VISA 190,000", "BALANCE 0", "사업자번호 123-45-67890")


NIGHTS = ("03/27 Room charge 95,000", "03/28 Room charge 95,000")


def test_a_folio_is_dated_by_its_check_out_and_its_arrival_alone_is_not_sure():
    for label in ("Check-out", "체크아웃", "DEPARTURE"):
        _, f, c = parse(column(*FOLIO, f"{label} 2024-03-29", *NIGHTS, *FOLIO_BILL))
        assert f["date"] == "2024-03-29" and c["date"] >= SURE
    _, f, c = parse(column(*FOLIO, *FOLIO_BILL))  # the check-out line was not read
    assert f["date"] == "2024-03-27" and c["date"] < SURE


def test_a_check_out_read_once_is_sure_only_when_the_stays_nights_lead_up_to_it():
    # A folio prints several dates a day apart: one misread digit gives another date of the stay. The
    # arrival and every night printed up to the day before check-out are the cross-check.
    for nights in (("2024-03-27 객실료 95,000", "2024-03-28 객실료 95,000"), NIGHTS):
        _, f, c = parse(column(*FOLIO, "퇴실일 2024-03-29", *nights, *FOLIO_BILL))
        assert f["date"] == "2024-03-29" and c["date"] >= SURE
    for nights in ((), NIGHTS[:1], ("03/27 Room charge 95,000", "03/29 Room charge 95,000")):
        _, f, c = parse(column(*FOLIO, "DEPARTURE 2024-03-29", *nights, *FOLIO_BILL))
        assert f["date"] == "2024-03-29" and c["date"] < SURE
    # A night's date misread one day on (03-30 for 03-29) lands after the nights: highlighted, not sure.
    _, f, c = parse(column(*FOLIO, "Departure 2024-03-30", *NIGHTS, *FOLIO_BILL))
    assert f["date"] == "2024-03-30" and c["date"] < SURE


def test_a_breakfast_on_the_day_of_departure_is_no_night_leading_to_a_check_out_read_a_day_late():
    # The breakfast row is dated the day of departure: counted as a night, it made 03-30 (the check-out's
    # 9 misread 0) look led up to by the stay.
    breakfast = "03/29 Breakfast 25,000"
    _, f, c = parse(column(*FOLIO, "Departure 2024-03-30", *NIGHTS, breakfast, *FOLIO_BILL))
    assert f["date"] == "2024-03-30" and c["date"] < SURE
    _, f, c = parse(column(*FOLIO, "Departure 2024-03-29", *NIGHTS, breakfast, *FOLIO_BILL))
    assert f["date"] == "2024-03-29" and c["date"] >= SURE  # the breakfast row prints it too


def test_a_date_whose_printed_weekday_is_another_days_is_highlighted():
    slip = ("신용카드 매출전표", "가맹점명 해운대 그린모텔", "합계 11,000원")
    _, f, c = parse(column(*slip, "거래일시 2024-03-09(토) 10:15"))  # 9 March 2024 was a Saturday
    assert f["date"] == "2024-03-09" and c["date"] >= SURE
    _, f, c = parse(column(*slip, "거래일시 2024-03-07(토) 10:15"))  # the 9 misread 7: a Thursday
    assert f["date"] == "2024-03-07" and c["date"] < SURE


def test_a_print_time_beside_another_date_is_no_label_of_the_sale():
    slip = ("영수증", "상호 가람식당", "합계 12,000")
    _, f, c = parse(column(*slip, "출력일시 2024-03-30 12:00", "2024-03-29 11:00"))  # a reprint
    assert c["date"] < SURE  # two dates, and no label says which is the sale's
    _, f, c = parse(column(*slip, "거래일시 2024-03-29 11:00", "출력일시 2024-03-30 12:00"))
    assert f["date"] == "2024-03-29" and c["date"] >= SURE
    _, f, c = parse(column(*slip, "출력일시 2024-03-29 12:00"))  # the only date: printed at the sale
    assert f["date"] == "2024-03-29" and c["date"] >= SURE
    stay = ("Departure 2024-03-29", "Printed 2024-03-30 10:12", *NIGHTS, *FOLIO_BILL)
    _, f, c = parse(column(*FOLIO, *stay))  # a folio printed the day after the stay
    assert f["date"] == "2024-03-29" and c["date"] >= SURE


def test_a_stay_date_with_a_later_date_of_the_stay_printed_is_not_sure():
    # A slanted guest bill: its check-in and check-out labels misread, its values a row off them; the
    # arrival is printed twice (header and first night), the check-out only in the `eng` reading.
    bill = column("SEASIDE HOTEL", "GUEST BILL", "Name 960", "Room No. 19 AUG 2025", "Cheek In 23 AUG 20725",
                  "Cneck Out", "Nights 2", "19 AUG 2025 Raam Rate 55,000", "20 AUG 2075 Roan 55,000",
                  "Total Amount 121,000")
    _, f, c = parse(bill)
    assert f["date"] == "2025-08-19" and c["date"] >= 0.6  # no later date legible: two lines print it
    bill[4] = TextLine(bill[4].text, bill[4].box, bill[4].conf, "Check In 21 AUG 2025")
    _, f, c = parse(bill)
    assert f["date"] == "2025-08-19" and c["date"] < SURE


def test_a_vat_rate_beside_its_label_is_no_vat_amount():
    # 'TAX (VAT 10%)' with the amount in the next column: 10 was the VAT, and supply + VAT checked nothing.
    lines = column(*FOLIO, "Departure 2024-03-29", *NIGHTS, "SUBTOTAL 172,727", "TAX (VAT 10%) 17,273",
                   "TOTAL 190,000")
    _, f, c = parse(lines)
    assert f["vat"] == 17273 and f["supply_amount"] == 172727
    assert f["total_amount"] == 190000 and c["total_amount"] >= 0.9
