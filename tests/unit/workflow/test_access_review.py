"""The monthly access review: who reads far more people's data than the typical reader."""
from __future__ import annotations

from workflow.access_review import Volume, review


def test_a_reader_far_above_the_median_is_unusual_and_listed_first():
    volumes = [Volume("a", 2, 3), Volume("b", 1, 1), Volume("heavy", 60, 70), Volume("c", 3, 4)]
    result = review(volumes)
    assert [r.volume.actor for r in result] == ["heavy", "c", "a", "b"]
    assert [r.unusual for r in result] == [True, False, False, False]
    assert "people 60 > 3 x median 2.5" in result[0].why


def test_small_numbers_are_not_unusual_however_large_the_ratio():
    result = review([Volume("a", 0, 0), Volume("b", 1, 1), Volume("c", 9, 9)])
    assert not any(r.unusual for r in result)


def test_many_reads_of_few_people_are_unusual_too():
    result = review([Volume("a", 1, 2), Volume("b", 1, 3), Volume("c", 2, 400)])
    assert result[0].volume.actor == "c" and result[0].unusual
    assert result[0].why == "reads 400 > 3 x median 3"


def test_an_empty_month_has_nobody_to_review():
    assert review([]) == []
