"""The gazetteer (ocr/data/places.json): its shape, its sources, and how the reader uses it."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from ocr import domain

NAME = re.compile(r"[가-힣]{2,}(T[12])?")


def raw() -> dict:
    """The file as written, read without the reader's cache."""
    text = resources.files("ocr").joinpath("data", "places.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_station_and_terminal_lists_have_no_repeats():
    data = raw()
    for key in ("rail_stations", "bus_terminals"):
        names = data[key]
        repeated = sorted({n for n in names if names.count(n) > 1})
        assert repeated == [], f"{key} repeats {repeated}"


def test_names_are_hangul_without_the_station_or_terminal_suffix():
    data = raw()
    for name in data["rail_stations"] + data["bus_terminals"]:
        assert NAME.fullmatch(name), name
        assert not name.endswith(("역", "터미널", "정류장")), name


def test_the_file_says_where_the_lists_come_from_and_when():
    meta = raw()["_gazetteer"]
    assert "KORAIL" in meta["rail_source"] and "SR" in meta["rail_source"]
    assert "코버스" in meta["bus_source"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta["compiled"])


def test_every_station_of_every_listed_line_is_in_the_closed_list():
    data = raw()
    stations, terminals = set(data["rail_stations"]), set(data["bus_terminals"])
    by_line = {n for names in data["_gazetteer"]["rail_lines"].values() for n in names.split()}
    by_region = {n for names in data["_gazetteer"]["bus_regions"].values() for n in names.split()}
    assert by_line - stations == set()
    assert by_region - terminals == set()
    # The lists grew from the first 144 / 53 names; a shorter list means entries were lost.
    assert len(stations) >= 200 and len(terminals) >= 150


def test_lines_and_regions_hold_several_places_each():
    meta = raw()["_gazetteer"]
    for group in (meta["rail_lines"], meta["bus_regions"]):
        for name, places in group.items():
            assert len(places.split()) >= 3, name


def test_aliases_fares_and_carriers_point_at_listed_places():
    data = raw()
    known = set(data["bus_terminals"]) | set(data["rail_stations"])
    assert set(data["terminal_aliases"].values()) <= known
    for route in data["rail_fares"]:
        assert set(route.split("-")) <= set(data["rail_stations"]), route
    for brn in data["rail_carriers"].values():
        assert domain.brn_valid(brn), brn
    sr = data["_gazetteer"]["rail_lines"]["수서평택고속선(SRT)"].split()
    assert set(sr) <= set(data["rail_stations"])


@pytest.mark.parametrize("kind, key", [("rail", "rail_stations"), ("bus", "bus_terminals")])
def test_every_listed_name_reads_back_as_itself(kind, key):
    data = raw()
    suffix = "역" if kind == "rail" else "터미널"
    for name in data[key]:
        assert domain.match_place(name, kind) == (name, 0.95), name
        assert domain.match_place(name + suffix, kind)[0] == name, name
