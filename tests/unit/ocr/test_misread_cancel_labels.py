"""A card terminal's partial cancellation (benchmarks/foreign card_terminal, drawn by Chromium and read by
the real engine): the amount left after the cancel is the total when its label is read as a means label
(최종승인금액 taken as 승인금액), and a cancel label misread ('춰소금액' for 취소금액) is the cancelled part,
not the fuzzy final label 취소후금액."""

from __future__ import annotations

import random

import pytest

from ocr import extract
from ocr.model import TextLine
from ocr.parsers import parse


def _read(seed: str):
    """A card terminal slip with a partial cancel, its truth and the real engine's lines."""
    from benchmarks.foreign import docs
    from benchmarks.foreign.browser import open_browser

    try:
        browser = open_browser()
    except (FileNotFoundError, OSError, ImportError) as exc:
        pytest.skip(f"Chromium is not available: {exc}")
    try:
        made = docs.card_terminal(random.Random(seed))
        got = extract(browser.render(made["html"], made["look"].width, made["look"].scale), "page.png")
    finally:
        browser.close()
    assert "취소금액" in "".join(l.text.replace(" ", "") for l in got.lines)
    return made, got.lines


@pytest.mark.parametrize("seed", ["test-cancel-55", "test-cancel-65"])
def test_a_misread_cancel_label_is_the_cancelled_part_and_what_is_left_under_it_is_the_total(seed):
    made, read = _read(seed)
    paid = made["fields"]["total_amount"]
    _, f, c = parse(read)
    assert f["total_amount"] == paid and c["total_amount"] >= 0.9  # label + sale - cancel agree
    spoiled = [TextLine(l.text.replace("취소금액", "춰소금액"), l.box, l.conf, l.alt) for l in read]
    assert spoiled != read
    _, f, c = parse(spoiled)
    assert f["total_amount"] == paid and c["total_amount"] >= 0.9
