"""extract(): bytes in, Extraction out."""

from __future__ import annotations

import re
import time

from ocr import loader
from ocr.engines import get_engine
from ocr.errors import EmptyInput, OcrEngineError, OcrError, UnsupportedType
from ocr.model import Extraction, TextLine
from ocr.parsers import merchant, parse
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
            reader = get_engine(engine)
            lines, engine_name = _read(reader, content.image), reader.name
    else:
        reader = get_engine(engine)
        detail = getattr(reader, "crops_paper", False)
        image = loader.decode_image(data,
                                    long_side=loader.DETAIL_LONG_SIDE if detail else loader.WORK_LONG_SIDE)
        lines, engine_name = _read(reader, image), reader.name
    try:
        document_type, fields, confidence = parse(lines)
        if document_type == "card_slip" and hasattr(reader, "reread"):
            _vote_merchant(lines, reader.reread, fields, confidence)
    except Exception as exc:  # noqa: BLE001 - a parser bug must not leak as a random exception type
        raise OcrEngineError("Could not interpret the recognised text") from exc
    return Extraction(document_type=document_type, fields=fields, confidence=confidence, engine=engine_name,
                      elapsed_ms=int((time.perf_counter() - started) * 1000),
                      lines=[_masked(l) for l in lines])


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


def _read(reader, image) -> list[TextLine]:
    """Run an engine, turning unexpected failures into OcrEngineError."""
    try:
        return reader.read(image)
    except OcrError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise OcrEngineError(f"{reader.name} failed: {exc.__class__.__name__}") from exc
