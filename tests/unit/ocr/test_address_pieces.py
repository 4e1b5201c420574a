"""An address wrapped over two lines is no store name, neither its head (province and city) nor its tail
(a district or a dong and the lot number): the real engine on slips drawn with the project's templates."""

from __future__ import annotations



from ocr import extract
from ocr.parsers import merchant
from tests.unit.ocr.ocr_samples import card_slip_tail


def _slip(templates, *header: str) -> bytes:
    """A card receipt whose header prints the given lines under its title, then its fields."""
    p = templates.Page(600, 900, face="gothic")
    p.center("영수증", 30, bold=True)
    for text in header:
        p.line(text, 24)
    return card_slip_tail(p)


def test_the_store_under_its_wrapped_address_is_taken_not_the_address(templates):
    got = extract(_slip(templates, "충청남도 가상군", "새봄면 가람리 12-3", "솔빛분식"), "slip.png")
    assert got.fields["merchant"] == "솔빛분식"


def test_a_slip_whose_only_header_words_are_its_address_names_no_store(templates):
    got = extract(_slip(templates, "전라북도 가상시", "새봄동 292-1"), "slip.png")
    assert got.fields["merchant"] is None
    # each piece alone would read as words, were it not for the address it is part of
    assert not merchant.looks_like_name("전라북도 가상시") and not merchant.looks_like_name("새봄동 292-1")
    assert merchant.looks_like_name("솔빛분식 가람점") and merchant.looks_like_name("동대구 1호점")
