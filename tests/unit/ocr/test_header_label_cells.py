"""A label the lists do not know, printed at the left of a header row with its value to the right, is no
store name (merchant._label_cell): the real engine on a slip drawn here with the project's templates."""

from __future__ import annotations

import io

import pytest

from ocr import extract
from ocr.parsers import merchant
from ocr.parsers.layout import Doc
from tests.unit.ocr.ocr_samples import card_slip_tail


def _slip(templates, label: str, name: str) -> bytes:
    """A shop slip whose header sets the store as a 'label   value' row, under a title, over the fields."""
    p = templates.Page(600, 900, face="gothic")
    p.center("영수증", 30, bold=True)
    p.text(40, label, 22, fill=(70, 70, 70))  # the label a size smaller, the name set a little lower
    p.text(560, name, 26, bold=True, anchor="ra", y=p.y + 6)
    p.y += 48
    return card_slip_tail(p, (("라면", "4,500"), ("김밥", "3,500")))


@pytest.mark.parametrize("label", ["업소명", "점포이름"])
def test_the_value_right_of_an_unknown_label_is_the_store_not_the_label(templates, label):
    got = extract(_slip(templates, label, "솔빛분식"), "slip.png")
    assert merchant.looks_like_name(label)  # as a word alone, the label would pass for a name
    assert got.fields["merchant"] == "솔빛분식"


def test_a_name_alone_on_its_line_or_beside_its_registration_number_is_still_taken(templates):
    p = templates.Page(600, 700, face="gothic")
    p.center("영수증", 30, bold=True)
    p.row("솔빛분식", "214-86-55017", 24)  # the store by its registration number: no label's value
    p.row("거래일시", "2025-03-14 12:05", 22)
    p.row("합계", "8,000", 28, bold=True)
    p.row("카드결제", "8,000", 24)
    out = io.BytesIO()
    p.crop().save(out, format="PNG")
    got = extract(out.getvalue(), "slip.png")
    assert got.fields["merchant"] == "솔빛분식"
    row = next(r for r in Doc(got.lines).rows if any("솔빛" in l.text for l in r))
    assert not merchant._label_cell(row[0], row)
