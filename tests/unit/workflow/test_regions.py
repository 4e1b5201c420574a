"""Lodging-cap regions of destinations, and destination autocomplete."""
from __future__ import annotations

import json

import pytest

from workflow.regions import DATA_FILE, region_class, suggest_destinations


@pytest.mark.parametrize(
    ("destination", "expected"),
    [
        ("부산광역시 해운대구", "metro"),
        ("서울 강남구", "seoul"),
        ("서울특별시", "seoul"),
        ("서울특별시강남구", "seoul"),  # no space after the 시/도 name
        ("세종특별자치시", "other"),  # not a 광역시 for the lodging cap
        ("세종시 한누리대로 2130", "other"),
        ("수원시", "other"),  # 특례시, still 'elsewhere'
        ("경기도 수원시 팔달구", "other"),
        ("대구", "metro"),
        ("대구 군위군", "metro"),  # moved from 경상북도 in 2023
        ("인천 연수구", "metro"),
        ("광주", "metro"),
        ("광주광역시 광산구", "metro"),
        ("광주시 북구", "metro"),  # the 구 tells it is the 광역시
        ("경기 광주시", "other"),
        ("광주시", "other"),  # ambiguous: the lower cap
        ("대전광역시 유성구", "metro"),
        ("울산 울주군", "metro"),
        ("해운대", "metro"),  # a district stem alone
        ("중구", "metro"),  # 서울 or a 광역시: the lower of the two
        ("강서구", "metro"),
        ("제주특별자치도 서귀포시", "other"),
        ("강원도 춘천시", "other"),  # old name of 강원특별자치도
        ("전라북도 전주시", "other"),
        ("고성", "other"),
        ("뉴욕", "other"),
        ("", "other"),
        ("   ", "other"),
    ],
)
def test_region_class_of_destination(destination, expected):
    assert region_class(destination) == expected


def test_data_covers_all_seventeen_sido_with_valid_classes():
    sido = json.loads(DATA_FILE.read_text(encoding="utf-8"))["sido"]
    assert len(sido) == 17
    assert {s["class"] for s in sido} == {"seoul", "metro", "other"}
    assert [s["name"] for s in sido if s["class"] == "metro"] == [
        "부산광역시", "대구광역시", "인천광역시", "광주광역시", "대전광역시", "울산광역시"
    ]
    assert sum(len(s["districts"]) for s in sido) == 228  # 226 자치 시/군/구 + 제주시, 서귀포시


def test_suggest_completes_a_short_district_name():
    assert suggest_destinations("해운") == ["부산광역시 해운대구"]


def test_suggest_expands_a_short_sido_name():
    assert suggest_destinations("서울 강") == [
        "서울특별시 강북구", "서울특별시 강서구", "서울특별시 강남구", "서울특별시 강동구"
    ]


def test_suggest_puts_the_sido_itself_first():
    hits = suggest_destinations("부산")
    assert hits[0] == "부산광역시"
    assert len(hits) == 10


def test_suggest_respects_limit():
    assert len(suggest_destinations("경기도", limit=3)) == 3


def test_suggest_finds_both_gwangju():
    hits = suggest_destinations("광주", limit=3)
    assert hits[:2] == ["광주광역시", "경기도 광주시"]


def test_suggest_lists_every_jung_gu():
    assert len(suggest_destinations("중구", limit=20)) == 6


@pytest.mark.parametrize("prefix", ["", "  ", "없는곳"])
def test_suggest_returns_nothing_for_empty_or_unknown_prefix(prefix):
    assert suggest_destinations(prefix) == []


def test_suggest_with_zero_limit_returns_nothing():
    assert suggest_destinations("서울", limit=0) == []


@pytest.mark.parametrize(
    ("destination", "on", "expected"),
    [
        ("전남광주통합특별시 북구", "2026-07-01", "metro"),  # former 광주광역시: its class (unconfirmed)
        ("전남광주통합특별시 순천시", "2026-07-01", "other"),  # former 전라남도
        ("전남광주통합특별시", "2026-07-01", "other"),  # no district: the lower cap
        ("전남광주통합특별시 북구", "2026-06-30", "other"),  # not yet a place we know
        ("광주광역시 북구", "2026-08-01", "metro"),  # the old name is still written
        ("영종구", "2026-07-01", "metro"),  # 인천 개편
        ("검단구", "2026-06-30", "other"),
        ("인천 제물포구", "2026-07-01", "metro"),
    ],
)
def test_region_class_follows_the_dated_changes(destination, on, expected):
    from datetime import date

    assert region_class(destination, date.fromisoformat(on)) == expected


def test_the_former_area_of_a_unified_city_is_the_metro_city_or_the_district():
    from datetime import date

    from workflow.regions import former_area, region_note

    on = date(2026, 8, 1)
    assert former_area("전남광주통합특별시 광산구", on) == "광주광역시"
    assert former_area("전남광주통합특별시 나주시", on) == "전라남도 나주시"
    assert former_area("부산광역시 해운대구", on) is None
    assert former_area("나주시", on) == "전라남도 나주시"  # the old way of writing it
    assert former_area("광주 북구", on) == "광주광역시"
    assert former_area("나주시", date(2026, 6, 30)) is None  # not merged yet
    assert former_area("고성", on) is None  # 강원 or 경남: unknown
    assert "미확인" in region_note("전남광주통합특별시 북구", on)
