"""Values misread on hard photos (hand-made lines as the engine reads them): what the parser may still put
back, and where it must not fetch another row's number instead."""

from __future__ import annotations

import datetime as dt

import pytest

from ocr.parsers import parse
from ocr.parsers.confidence import SURE
from tests.unit.ocr.ocr_samples import lines

YEAR = dt.date.today().year
# A ticket of this year whose year's last digit (0, 3, 5 or 6) was read as an 8: a date after tomorrow.
FUTURE = str(YEAR)[:3] + "8"
RAIL = [("승차권 영수증", 150, 0), ("목포 > 익산", 150, 100), ("1302 14:07", 170, 150),
        ("[열차] 무궁화호 1649", 50, 200), ("[운임] 14,900원", 50, 250), ("[할인금액] -900", 50, 300),
        ("[영수금액] 14,000", 50, 350)]


@pytest.mark.skipif(str(YEAR)[3] not in "0356", reason="the misread year must end in a round digit under 8")
def test_a_trip_date_read_in_a_future_year_is_put_back_unsure_and_no_other_row_gives_it():
    _, f, c = parse(lines((f"[여행일] {FUTURE}.01.09", 50, 50), *RAIL))
    # The departure and arrival times below the label ('1302 14:07') read as 2013-02-14 at 0.7 before.
    assert f["date"] == f"{YEAR}-01-09" and c["date"] < SURE


def test_a_date_labels_misread_value_is_not_replaced_by_a_number_on_the_next_row():
    _, f, _ = parse(lines(("[여행일] 2024.13.49", 50, 50), *RAIL))
    assert f["date"] is None


BUS = [("고속버스 승차권", 300, 0), ("[출발지] 안동", 50, 50), ("[도착지] 울진터미널", 50, 100)]


def test_a_bus_number_after_a_misread_bracket_is_read_and_a_dates_year_is_no_bus_number():
    rows = [("[승차일시] 2023/04/28 20:19", 50, 200), ("[좌석] 11번", 50, 250), ("[운임] 24,000", 50, 300),
            ("[결제금액] 24,000", 50, 350)]
    _, f, _ = parse(lines(*BUS, ("[버스번호,4298", 50, 150), *rows))
    assert f["vehicle_no"] == "4298"  # the year under it, 2023, was taken
    _, f, _ = parse(lines(*BUS, ("[차량번호!15603", 50, 150), *rows))
    assert f["vehicle_no"] != "2023"
