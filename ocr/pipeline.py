"""extract(): bytes in, Extraction out."""

from __future__ import annotations

import re
import time

from ocr import loader
from ocr.engines import get_engine
from ocr.errors import EmptyInput, OcrEngineError, OcrError, UnsupportedType
from ocr.model import Extraction, TextLine
from ocr.parsers import confidence as C, merchant, parse
from ocr.parsers.layout import Doc
from ocr.parsers.fields import mask_card


def extract(data: bytes, filename: str | None = None, *, engine: str | None = None) -> Extraction:
    """Read a receipt image or PDF and return its document type and fields."""
    started = time.perf_counter()
    if not data:
        raise EmptyInput()
    kind = loader.sniff_type(data)
    if kind is None:
        raise UnsupportedType(f"Unsupported file type{f' ({filename})' if filename else ''}; "
                              "send a JPEG, PNG, WebP, HEIC or PDF")
    reader = None
    if kind == "application/pdf":
        content = loader.read_pdf(data)
        if content.image is None:
            lines, engine_name = content.lines, "pdf-text"
        else:
            reader = _engine(engine)
            lines, engine_name = _read(reader, content.image), reader.name
    else:
        reader = _engine(engine)
        detail = getattr(reader, "crops_paper", False)
        image = loader.decode_image(data,
                                    long_side=loader.DETAIL_LONG_SIDE if detail else loader.WORK_LONG_SIDE)
        lines, engine_name = _read(reader, image), reader.name
    try:
        document_type, fields, confidence = parse(lines)
        if document_type != "unknown" and hasattr(reader, "reread"):
            _vote_values(document_type, lines, reader.reread, fields, confidence)
        if document_type == "card_slip" and hasattr(reader, "reread"):
            _vote_merchant(lines, reader.reread, fields, confidence)
        if document_type != "unknown" and fields.get("date") is None and hasattr(reader, "reread"):
            _reread_date(lines, reader.reread, fields, confidence)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not leak as a random exception type
        raise OcrEngineError("Could not interpret the recognised text") from exc
    return Extraction(document_type=document_type, fields=fields, confidence=confidence, engine=engine_name,
                      elapsed_ms=int((time.perf_counter() - started) * 1000),
                      lines=[_masked(l) for l in lines])


def _engine(name: str | None):
    """The engine called `name`, given the classifier's test where it takes one (see _says_nothing)."""
    reader = get_engine(name)
    if hasattr(reader, "says_nothing"):
        reader.says_nothing = _says_nothing
    return reader


def _says_nothing(lines: list[TextLine]) -> bool:
    """The lines make no receipt: classified unknown, so no amount or date is read from them (a menu, a
    notice). The engine then spares their noise its re-readings, which could only mend a receipt."""
    return parse(lines)[0] == "unknown"


_CARD = re.compile(r"(?<!\d)\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{1,7}(?!\d)")


def _masked(line: TextLine) -> TextLine:
    """The raw line with any full card number masked, so none leaves the package in clear."""
    if not _CARD.search(line.text) and not (line.alt and _CARD.search(line.alt)):
        return line
    sub = lambda t: _CARD.sub(lambda m: mask_card(m.group(0)), t) if t else t  # noqa: E731
    return TextLine(sub(line.text), line.box, line.conf, sub(line.alt))


def _vote_merchant(lines: list[TextLine], reread, fields: dict, confidence: dict) -> None:
    """The store name's line read again a few ways and put to a vote (merchant.voted): a syllable misread
    once is outvoted, a name the readings disagree on is reported unsure; with no name found, the header's
    doubtful lines are read again first."""
    got = merchant.voted(lines, reread)
    if got is not None:
        fields["merchant"] = got.value
        confidence["merchant"] = round(max(0.05, min(0.99, got.score)), 2)


def _fields_with(lines: list[TextLine], line: TextLine, text: str, conf: float) -> dict:
    """The page's fields parsed with `line` read as `text` (one re-reading of its box) instead."""
    return parse([TextLine(text, l.box, conf, l.alt) if l is line else l for l in lines])[1]


# Key values read again when they rest on one reading of one line, and how many re-readings must agree on
# another value to make a sure one unsure (one stray reading is noise: 1222 once for a printed 1122).
VOTED = ("total_amount", "date", "vehicle_no")
RIVAL_READINGS = 2
FIRST_READINGS = 2  # cut-outs read first; the rest only when one of these gives another value
SPLIT = 0.55  # the value's confidence once its line's re-readings agree on another value


def _vote_values(kind: str, lines: list[TextLine], reread, fields: dict, confidence: dict) -> None:
    """A value reported sure on one reading of one line with no independent check (a train number; a
    total no supply + VAT, fare - discount or approval amount lands on) is only as good as that reading:
    its line is read again from the merchant's cut-outs (`reread`) and the page parsed with each reading.
    When RIVAL_READINGS of them give the same other value (the first FIRST_READINGS cut-outs are read, the
    others only when one of those gives another value), the value stays but is reported unsure, for the
    traveler to check (1891 read once where the pixels say 1897 twice). A reading that gives no value
    abstains; a value with a second witness or a check is left alone."""
    evidence = C.calibrate(kind, Doc(lines), fields, dict(confidence))  # what backs each value
    for name in VOTED:
        ev = evidence.get(name)
        if ev is None or confidence.get(name, 0.0) < C.SURE or ev.checks or len(ev.lines) != 1:
            continue
        raw = next((l for l in lines if l.box == ev.lines[0].box), None)  # Doc normalised the text
        if raw is None:
            continue
        rivals: dict = {}
        for part in (slice(None, FIRST_READINGS), slice(FIRST_READINGS, None)):
            for text, conf in reread(raw.box, part=part):
                got = _fields_with(lines, raw, text, conf).get(name) if text != raw.text else fields[name]
                if got is not None and got != fields[name]:
                    rivals[got] = rivals.get(got, 0) + 1
            if not rivals:
                break  # the first cut-outs read the value again: the others are not asked
        if max(rivals.values(), default=0) >= RIVAL_READINGS:
            confidence[name] = min(confidence[name], SPLIT)


# A line that may hold the date: a date label, a year, a date's separators or a time of day.
_DATEISH = re.compile(r"일시|일자|승차일|DATE|20\d{2}|\d{2}\s*[./-]\s*\d{2}|\d{1,2}\s*:\s*\d{2}", re.I)
_DATE_FIRST = re.compile(r"일시|일자|DATE|20\d{2}", re.I)  # a label or a year: read again first
DATE_REREAD_LINES = 6  # at most this many lines read again, on a page where no date was found
DATE_AGREED = 2  # re-readings that must give the same date


def _reread_date(lines: list[TextLine], reread, fields: dict, confidence: dict) -> None:
    """No date was found (a blurred or crumpled photo merged its digits: '일시2024/024766.51:52'): the lines
    that may hold it are read again a few ways (`reread`, as for the merchant) and the page parsed with
    each reading; a date at least two readings give is taken, under 0.6: the same pixels, read again."""
    votes: dict[str, list[float]] = {}
    suspects = sorted((l for l in lines if _DATEISH.search(l.text)),
                      key=lambda l: not _DATE_FIRST.search(l.text))[:DATE_REREAD_LINES]
    for line in suspects:
        for text, conf in reread(line.box, doubtful=True):
            if not text or text == line.text:
                continue
            got = _fields_with(lines, line, text, conf).get("date")
            if got:
                votes.setdefault(got, []).append(conf)
    agreed = [(sum(c), iso) for iso, c in votes.items() if len(c) >= DATE_AGREED]
    if agreed:
        fields["date"] = max(agreed)[1]
        confidence["date"] = 0.45


def _read(reader, image) -> list[TextLine]:
    """Run an engine, turning unexpected failures into OcrEngineError."""
    try:
        return reader.read(image)
    except OcrError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise OcrEngineError(f"{reader.name} failed: {exc.__class__.__name__}") from exc
