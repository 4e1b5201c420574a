"""The widened generator (sample_receipts/widened.py): a separate set in the scorer's truth format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ocr import domain
from ocr.model import DOCUMENT_TYPES

SAMPLES = Path(__file__).resolve().parents[3] / "sample_receipts"
SCORER_FIELDS = {"total_amount", "date", "departure", "arrival", "vehicle_no", "merchant"}
VARIANTS = {"clean", "mild", "hard", "rot90", "crumpled", "faded"}


@pytest.fixture()
def gen(monkeypatch):
    """The generator's modules, importable the way its script imports them."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import generate
    import wide_words
    import widened
    return generate, widened, wide_words


def test_a_widened_set_has_a_truth_entry_for_every_file_it_writes(gen, tmp_path):
    _, widened, _ = gen
    truth = widened.make_set(tmp_path, 9, seed=11)
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8")) == truth
    written = sorted(p.name for p in tmp_path.iterdir() if p.name != "truth.json")
    assert written == sorted(e["file"] for e in truth)
    for entry in truth:
        assert entry["document_type"] in DOCUMENT_TYPES
        assert set(entry["fields"]) == SCORER_FIELDS
        assert entry["variant"] in VARIANTS


def test_every_kind_of_document_is_drawn_and_non_receipts_carry_no_amount(gen, tmp_path):
    _, widened, _ = gen
    truth = widened.make_set(tmp_path, len(widened.KINDS), seed=12)
    kinds = {e["template"].removeprefix("widened_") for e in truth}
    assert kinds == set(widened.KINDS)
    for entry in truth:
        f = entry["fields"]
        if entry["document_type"] == "unknown":
            assert f["total_amount"] is None
            continue
        assert isinstance(f["total_amount"], int) and f["total_amount"] > 0
        assert f["date"] is not None
        if entry["document_type"] in ("rail_ticket", "bus_ticket"):
            assert f["departure"] != f["arrival"]
        if entry["document_type"] == "card_slip":
            assert f["merchant"]


def test_the_same_seed_draws_the_same_set_and_another_seed_another(gen, tmp_path):
    _, widened, _ = gen
    first = widened.make_set(tmp_path / "a", 3, seed=5)
    again = widened.make_set(tmp_path / "b", 3, seed=5)
    other = widened.make_set(tmp_path / "c", 3, seed=6)
    assert first == again
    assert first != other


def test_the_command_never_writes_into_the_committed_samples(gen, tmp_path):
    generate, _, _ = gen
    with pytest.raises(SystemExit):
        generate.cli(["--widened", str(SAMPLES / "widened"), "--count", "1"])
    with pytest.raises(SystemExit):
        generate.cli(["--widened", str(tmp_path), "--seed", str(generate.SEED)])
    assert not (SAMPLES / "widened").exists()


def test_generated_rail_routes_use_stations_of_the_gazetteer(gen):
    _, _, words = gen
    stations = set(domain.places()["rail_stations"])
    for line, stops in words.RAIL_LINES.items():
        assert set(stops) <= stations, line
