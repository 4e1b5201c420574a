"""Reference fares by route and the 5% check of a paid fare."""
from __future__ import annotations

from datetime import date

import pytest

from workflow.fares import all_fares, fare_flag, reference_fare

ON = date(2025, 3, 10)


@pytest.mark.parametrize(
    ("mode", "origin", "destination", "seat_class", "expected"),
    [
        ("rail", "서울", "부산", "일반실", 59800),
        ("rail", "부산", "서울", "일반실", 59800),  # direction-insensitive
        ("rail", "서울역", "부산역", "일반실", 59800),
        ("rail", "용산", "부산", "일반실", 59800),  # 용산 grouped with 서울
        ("rail", "서울", "부산", "특실", 83700),
        ("rail", "서울", "부산", "first", 83700),
        ("rail", "서울", "부산", None, 59800),  # no class given: 일반실
        ("rail", "서울", "대전", "일반실", 23700),
        ("rail", "용산", "광주송정", "일반실", 46800),
        ("rail", "광주송정역", "서울", "일반실", 46800),
        ("rail", "수서", "부산", "일반실", 52600),
        ("bus", "서울경부", "부산종합", "프리미엄", 44400),
        ("bus", "센트럴시티", "부산", "프리미엄", 44400),
        ("rail", "광명", "부산", "일반실", None),  # 광명 is not grouped: different distance
        ("rail", "수서", "대전", "일반실", None),  # no data
        ("bus", "서울", "부산", "우등", None),  # no data for 우등
        ("bus", "동서울", "부산", "프리미엄", None),  # another terminal, another route
        ("air", "김포", "제주", "일반실", None),
    ],
)
def test_reference_fare_of_route(mode, origin, destination, seat_class, expected):
    assert reference_fare(mode, origin, destination, seat_class, ON) == expected


def test_no_reference_before_the_fare_took_effect():
    assert reference_fare("rail", "수서", "부산", "일반실", date(2016, 12, 8)) is None
    assert reference_fare("rail", "수서", "부산", "일반실", date(2016, 12, 9)) == 52600


def test_every_entry_has_sources_and_estimates_say_so():
    for fare in all_fares():
        assert fare.sources, fare
        assert fare.fare > 0
        if any(source.startswith("derived") for source in fare.sources):
            assert fare.note.startswith("estimate"), fare


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (59800, None),
        (62790, None),  # 59,800 x 1.05 = 62,790 exactly: not more than 5%
        (62791, "fare_above_tariff"),
        (71760, "fare_above_tariff"),  # 59,800 x 1.2 exactly: not more than 20%
        (71761, "fare_far_above_tariff"),
        (83700, "fare_far_above_tariff"),  # a 특실 price on a 일반실 ticket
        (30000, None),
    ],
)
def test_one_fare_check_gives_a_notice_past_five_percent_and_blocks_past_twenty(amount, code):
    flag = fare_flag("rail", "서울", "부산", "일반실", amount, ON)
    assert (flag and flag.code) == code
    if flag:
        assert flag.blocking is (code == "fare_far_above_tariff")
        assert "59,800" in flag.message


def test_the_fare_check_without_a_reference_fare_raises_no_flag():
    assert fare_flag("taxi", "서울", "부산", None, 999999, ON) is None
