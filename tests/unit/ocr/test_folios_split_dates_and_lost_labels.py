"""Misreadings seen on the foreign generator's hard photos, read by the real engine on pages drawn with the
project's templates and spoiled the way those photos read them."""

from __future__ import annotations

import io

from ocr import loader
from ocr.engines import get_engine
from ocr.model import TextLine
from ocr.parsers import money, parse
from ocr.parsers.layout import Doc


def _png(page) -> bytes:
    out = io.BytesIO()
    page.crop().save(out, format="PNG")
    return out.getvalue()


def _read(page) -> list[TextLine]:
    image = loader.decode_image(_png(page), long_side=loader.DETAIL_LONG_SIDE)
    return get_engine(None).read(image)


def _with(lines: list[TextLine], find, text: str) -> list[TextLine]:
    """The lines with the one line `find` picks read as `text` (its English re-reading too)."""
    line = next(l for l in lines if find(l.text))
    return [TextLine(text, l.box, l.conf, text) if l is line else l for l in lines]


def test_a_folios_subtotal_read_a_letter_off_is_no_total(templates):
    p = templates.Page(700, 900, face="gothic")
    p.center("HOTEL SOLBIT", 30, bold=True)
    p.center("GUEST FOLIO", 26)
    p.row("Departure", "2025/08/03", 22)
    p.row("Room Charge", "85,000", 24)
    p.row("SUBTOTAL", "77,273", 24)
    p.row("TAX (VAT 10%)", "7,727", 24)
    p.row("TOTAL", "85,000", 28, bold=True)
    read = _with(_read(p), lambda t: "SUB" in t.upper(), "SURTOTAL")
    reads = money.resolve(Doc(read)).reads
    assert 77273 not in [r.value for r in reads]  # the sale before tax is no total, however its label reads
    kind, fields, _ = parse(read)
    assert kind == "card_slip" and fields["total_amount"] == 85000
