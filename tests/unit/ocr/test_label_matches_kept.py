"""A line's label match is kept per process (layout._LABELS_SEEN): the votes parse a page again for each
re-reading of one line, and every other line matches as it did. Kept or worked out afresh, the labels found,
and the fields parsed, are the same: the real engine on a slip drawn with the project's templates."""

from __future__ import annotations


from ocr import extract
from ocr.model import TextLine
from ocr.parsers import CARD_DATE, fields as F, layout, parse
from ocr.parsers.layout import Doc
from tests.unit.ocr.ocr_samples import card_slip_tail


def _afresh(doc: Doc, synonyms: tuple[str, ...], fuzzy: bool = True) -> list:
    layout._LABELS_SEEN.clear()
    return doc.find_labels(synonyms, fuzzy=fuzzy)


def test_labels_kept_from_one_page_are_those_found_afresh_on_the_page_read_again(templates):
    page = templates.Page(600, 900, face="gothic")
    page.center("영수증", 30, bold=True)
    page.line("솔빛분식", 24)
    got = extract(card_slip_tail(page, (("김밥", "3,000"), ("라면", "5,000"))), "slip.png")
    lines = got.lines
    assert got.fields["total_amount"] == 8000 and len(lines) >= 6
    label_lists = [F.TOTAL, F.CARD_PAID, F.SUPPLY, F.VAT, CARD_DATE]
    fresh = [_afresh(Doc(lines), labels) for labels in label_lists]
    assert any(fresh)
    # the same page again, every match now kept
    assert [Doc(lines).find_labels(labels) for labels in label_lists] == fresh
    # as a vote reads it: the total's line read otherwise ('합게' for 합계), the others as they were
    line = next(l for l in lines if l.text.replace(" ", "").startswith("합계"))
    voted = [TextLine("합게 8,000", l.box, l.conf, l.alt) if l is line else l for l in lines]
    kept = [Doc(voted).find_labels(labels) for labels in label_lists]
    kept_fields = parse(voted)
    assert kept == [_afresh(Doc(voted), labels) for labels in label_lists]
    layout._LABELS_SEEN.clear()
    assert parse(voted) == kept_fields
    # exact matches alone are kept apart from the fuzzy ones
    exact = _afresh(Doc(voted), F.TOTAL, fuzzy=False)
    assert Doc(voted).find_labels(F.TOTAL) == kept[0]
    assert Doc(voted).find_labels(F.TOTAL, fuzzy=False) == exact
