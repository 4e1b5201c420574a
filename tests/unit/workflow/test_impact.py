"""Savings of a settled trip against the paper process."""
from __future__ import annotations

import dataclasses

import pytest

from workflow.impact import ImpactParams, summarize, trip_savings

DEFAULT = ImpactParams()


def test_default_parameters_are_the_ministry_figures():
    assert dataclasses.asdict(DEFAULT) == {
        "sheets_per_trip": 3, "steps_before": 7, "steps_after": 3, "minutes_before": 20,
        "minutes_after": 10, "krw_per_staff_hour": 32381,
    }


def test_params_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.sheets_per_trip = 4


@pytest.mark.parametrize("field", ["sheets_per_trip", "minutes_after", "krw_per_staff_hour"])
@pytest.mark.parametrize("bad", [-1, 1.5, True])
def test_params_reject_negative_or_non_integer(field, bad):
    with pytest.raises(ValueError):
        ImpactParams(**{field: bad})


@pytest.mark.parametrize(
    ("receipts", "sheets"),
    [
        (0, 3),  # no receipt data: the ministry's average
        (1, 3),  # application + claim + 1 receipt
        (2, 4),
        (5, 7),
    ],
)
def test_sheets_are_two_plus_one_per_printed_receipt(receipts, sheets):
    assert trip_savings(DEFAULT, receipts)["sheets"] == sheets


def test_one_trip_saves_four_steps_ten_minutes_and_their_value():
    # 10 min x 32,381 / 60 = 5,396.83 -> 5,397
    assert trip_savings(DEFAULT, 2) == {"sheets": 4, "steps": 4, "staff_minutes": 10, "krw": 5397}


def test_custom_average_sheets_without_receipts():
    assert trip_savings(ImpactParams(sheets_per_trip=5), 0)["sheets"] == 5


@pytest.mark.parametrize("bad", [-1, 1.0, True])
def test_printed_receipts_must_be_a_non_negative_integer(bad):
    with pytest.raises(ValueError):
        trip_savings(DEFAULT, bad)


def test_summarize_totals_and_median():
    trips = [trip_savings(DEFAULT, n) for n in (0, 2, 3)]  # sheets 3, 4, 5
    summary = summarize(DEFAULT, trips, [1.0, 4.5, 2.0])
    # 30 min x 32,381 / 60 = 16,190.5 -> 16,191 (half up, once over the total)
    assert summary == {
        "trips_settled": 3, "sheets_saved": 12, "steps_saved": 12, "staff_minutes_saved": 30,
        "krw_saved": 16191, "median_days_apply_to_settled": 2.0,
        "parameters": dataclasses.asdict(DEFAULT),
    }


def test_summarize_rounds_half_up():
    # 3 min x 10 / 60 = 0.5 -> 1
    params = ImpactParams(minutes_before=3, minutes_after=0, krw_per_staff_hour=10)
    assert summarize(params, [trip_savings(params, 0)], [])["krw_saved"] == 1


def test_median_of_even_count_is_the_mean_of_the_middle_two():
    assert summarize(DEFAULT, [], [1, 2, 3, 10])["median_days_apply_to_settled"] == 2.5


def test_summarize_of_nothing_is_zero_and_no_median():
    summary = summarize(DEFAULT, [], [])
    assert (summary["trips_settled"], summary["krw_saved"],
            summary["median_days_apply_to_settled"]) == (0, 0, None)


def test_ministry_scale_matches_the_press_figure():
    # 1.75 M trips x 10 min x 32,381 / 60 = 9,444,458,333.3 -> about 9.4 billion KRW (DOMAIN.md)
    per_trip = trip_savings(DEFAULT, 0)
    summary = summarize(DEFAULT, [per_trip] * 1_750_000, [])
    assert summary["krw_saved"] == 9_444_458_333
    assert summary["sheets_saved"] == 5_250_000


def test_negative_duration_is_refused():
    with pytest.raises(ValueError):
        summarize(DEFAULT, [], [-1])
