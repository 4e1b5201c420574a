"""The one Flag type and its registry: every code produced anywhere is registered, levels mean one thing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from workflow.flags import (BLOCKING, FLAGS, INFO, LEVELS, RENAMED, REVIEW, UNSURE_BELOW, Flag, by_level,
                            flag, from_dict, is_unsure, vocabulary_section)
from workflow.fares import FARE_THRESHOLDS
from workflow.receipt_checks import DUPLICATES
from workflow.trip_flags import READING

ROOT = Path(__file__).resolve().parents[3]
SOURCES = [p for d in ("app", "workflow", "ocr") for p in (ROOT / d).rglob("*.py")]


def _produced_codes() -> set[str]:
    """Every flag code written in the source: flag("x", ...), the tables of codes, f"{item}_over_limit"."""
    codes: set[str] = set(DUPLICATES) | set(READING) | {code for _, code in FARE_THRESHOLDS}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        codes |= set(re.findall(r"\bflag\(\s*\"([a-z_]+)\"", text))
        codes |= {f"{item}_over_limit" for item in re.findall(r"_over_limit\(lines, \"([a-z]+)\"", text)}
    return codes


def test_every_flag_code_produced_anywhere_is_in_the_registry():
    produced = _produced_codes()
    assert len(produced) > 25
    assert produced - set(FLAGS) == set()


def test_every_registered_code_is_produced_somewhere():
    assert set(FLAGS) - _produced_codes() == set()


def test_no_module_builds_a_flag_or_a_flag_dict_by_hand():
    # flag() takes the level and article from the registry; a literal {"code": ...} or Flag(...) would not.
    for path in SOURCES:
        if path.name == "flags.py" and path.parent.name == "workflow":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bFlag\(\s*\"", text), path
        assert not re.search(r"\{\s*\"code\":\s*\"", text), path


def test_every_registry_entry_has_a_known_level_and_a_korean_label():
    for code, kind in FLAGS.items():
        assert set(kind.levels) <= set(LEVELS), code
        assert re.search("[가-힣]", kind.label), code


def test_a_flag_takes_its_level_and_article_from_the_registry():
    f = flag("lodging_over_cap_justified", "사유", ref=2)
    assert (f.level, f.blocking, f.source, f.ref) == (BLOCKING, True, "공무원 여비 규정 제16조①", 2)
    assert f.label == "사유 있는 숙박비 상한 초과" and f.level_label == "확인 필요"


def test_an_unregistered_code_is_refused():
    with pytest.raises(KeyError):
        flag("made_up", "?")


def test_a_milder_level_is_allowed_only_where_the_registry_names_it():
    assert flag("fuel_with_official_vehicle", "하루", level=REVIEW).level == REVIEW
    with pytest.raises(ValueError):
        flag("overlap", "겹침", level=INFO)


def test_the_dict_form_keeps_the_old_keys_and_adds_level_and_source():
    d = flag("low_confidence", "확인", receipt_id=4, field="date").to_dict()
    assert {"code", "message", "blocking"} <= set(d)
    assert (d["level"], d["blocking"], d["receipt_id"], d["field"]) == (REVIEW, False, 4, "date")
    assert from_dict(d) == flag("low_confidence", "확인", receipt_id=4, field="date")


def test_a_stored_flag_without_a_level_reads_its_level_from_blocking():
    assert from_dict({"code": "lodging_capped", "message": "m", "blocking": False}).level == INFO
    assert from_dict({"code": "unknown_old", "message": "m", "blocking": True}).level == BLOCKING
    assert from_dict({"code": "unknown_old", "message": "m", "blocking": False}).level == REVIEW


def test_a_merged_code_in_a_stored_row_reads_as_the_code_that_stays():
    for old, new in RENAMED.items():
        assert old not in FLAGS and new in FLAGS
        assert from_dict({"code": old, "message": "m", "blocking": True}).code == new


def test_a_stored_flag_gets_the_receipt_it_came_from_unless_it_names_one():
    assert from_dict({"code": "outside_trip", "message": "m"}, receipt_id=7).receipt_id == 7
    assert from_dict({"code": "outside_trip", "message": "m", "receipt_id": 3}, receipt_id=7).receipt_id == 3


@pytest.mark.parametrize(("confidence", "unsure"), [
    (0.0, True), (0.59, True), (UNSURE_BELOW, False), (0.95, False), (None, False), (True, False)])
def test_a_value_is_unsure_under_the_one_threshold(confidence, unsure):
    assert is_unsure(confidence) is unsure


def test_the_threshold_can_be_moved_by_the_caller():
    assert is_unsure(0.9, below=0.95) and not is_unsure(0.5, below=0.4)


def test_flags_sort_blocking_first_then_review_then_info_keeping_their_order():
    flags = [flag("lodging_capped", "1"), flag("outside_trip", "2"), flag("overlap", "3"),
             flag("route_mismatch", "4")]
    assert [f.message for f in by_level(flags)] == ["3", "2", "4", "1"]


def test_the_vocabulary_section_lists_levels_codes_and_the_threshold():
    section = vocabulary_section()
    assert section["flag_levels"] == {BLOCKING: {"label": "확인 필요"}, REVIEW: {"label": "검토"},
                                      INFO: {"label": "참고"}}
    assert section["flags"]["overlap"] == {"level": BLOCKING, "label": "기간이 겹치는 출장"}
    assert set(section["flags"]) == set(FLAGS) and section["unsure_below"] == UNSURE_BELOW
    assert vocabulary_section(0.7)["unsure_below"] == 0.7


def test_the_flag_type_is_frozen():
    f = flag("overlap", "겹침")
    with pytest.raises(AttributeError):
        f.level = INFO  # type: ignore[misc]
    assert isinstance(f, Flag)
