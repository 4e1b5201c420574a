"""extract(): bytes in, Extraction out."""

from __future__ import annotations

import re
import time

from rapidfuzz.distance import Levenshtein

from ocr import domain, loader
from ocr.engines import get_engine
from ocr.errors import EmptyInput, OcrEngineError, OcrError, UnsupportedType
from ocr.model import Extraction, TextLine
from ocr.parsers import confidence as C, dates as D, merchant, money, parse, tickets as T
from ocr.parsers.classify import classify
from ocr.parsers.layout import Doc
from ocr.parsers.fields import mask_card
from ocr.parsers.text import GROUPED, amounts


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
        page = lines  # as the votes read it: cut amounts mended (the lines reported stay as read)
        if document_type != "unknown" and hasattr(reader, "read_other"):
            page = _mend_cut_amounts(document_type, lines, reader.read_other, fields, confidence)
        if document_type != "unknown" and hasattr(reader, "reread"):
            _vote_values(document_type, page, reader.reread, fields, confidence)
        if document_type != "unknown" and hasattr(reader, "read_digits"):
            _vote_digits(document_type, page, reader.read_digits, fields, confidence,
                         getattr(reader, "read_other", None))
        if document_type != "unknown" and hasattr(reader, "read_other"):
            _vote_date(document_type, page, reader.read_other, fields, confidence)
            _vote_number(document_type, page, reader.read_other, fields, confidence)
        if document_type in _TICKETS and hasattr(reader, "reread"):
            _reread_route(page, reader.reread, fields, confidence, getattr(reader, "reread_other", None),
                          document_type)
        if document_type == "card_slip" and hasattr(reader, "reread"):
            _vote_merchant(page, reader.reread, fields, confidence)
        if document_type != "unknown" and fields.get("date") is None and hasattr(reader, "reread"):
            _reread_date(page, reader.reread, fields, confidence, getattr(reader, "read_other", None))
    except Exception as exc:  # noqa: BLE001 - a parser bug must not leak as a random exception type
        raise OcrEngineError("Could not interpret the recognised text") from exc
    return Extraction(document_type=document_type, fields=fields, confidence=confidence, engine=engine_name,
                      elapsed_ms=int((time.perf_counter() - started) * 1000),
                      rotation=_rotation(reader), lines=[_masked(l) for l in lines])


def _rotation(reader) -> int:
    """Degrees clockwise the page was turned to be read upright (0 for a PDF's text layer, and for an
    engine that does not say): the engine counts its quarter turns counter-clockwise (pp.rotate)."""
    return (-90 * int(getattr(reader, "quarter_turns", 0) or 0)) % 360


def _engine(name: str | None):
    """The engine called `name`, given the classifier's test where it takes one (see _says_nothing)."""
    reader = get_engine(name)
    if hasattr(reader, "says_nothing"):
        reader.says_nothing = _says_nothing
    return reader


def _says_nothing(lines: list[TextLine]) -> bool:
    """The lines make no receipt: classified unknown, so no amount or date is read from them (a menu, a
    notice). The engine then spares their noise its re-readings, which could only mend a receipt. Only the
    classifier is asked: parse() would read every field of a receipt only to be thrown away here."""
    return classify(Doc(lines))[0] == "unknown"


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
REPLACED = 0.7  # a rival every re-reading gives and the rest of the page backs: one clean reading's worth
GUESSED = 0.55  # a rival every re-reading gives that only a digit dropped or added explains: still a guess


def _vote_values(kind: str, lines: list[TextLine], reread, fields: dict, confidence: dict) -> None:
    """A value reported sure on one reading of one line with no independent check (a train number; a
    total no supply + VAT, fare - discount or approval amount lands on) is only as good as that reading:
    its line is read again from the merchant's cut-outs (`reread`) and the page parsed with each reading.
    When RIVAL_READINGS of them give the same other value (the first FIRST_READINGS cut-outs are read, the
    others only when one of those gives another value), the value is reported unsure, for the traveler to
    check (1891 read once where the pixels say 1897 twice). When every re-reading that gives a value gives
    that rival, and the page backs it (see _rival_backing), the rival replaces the value: the first
    reading was the odd one out. A reading that gives no value abstains; a value with a check is left
    alone, and so is one two lines give unless only one of them is labelled (see _voted_lines). A value
    already unsure is not read again: a rival its faint pixels give is no better (on two dev seeds such
    re-readings mended no value, and replaced a right 27,200 by 24,727 unless a check backed the rival)."""
    doc = Doc(lines)
    evidence = C.calibrate(kind, doc, fields, dict(confidence))  # what backs each value
    # On a damaged photo (C.DAMAGED_PAGE) every cut-out is read, and one re-reading giving another value is
    # enough to doubt a value: there the first reading is no better than any other (86,000 read three
    # times of four for 85,000).
    damaged = C.page_quality(doc) < C.DAMAGED_PAGE
    for name in VOTED:
        ev = evidence.get(name)
        if ev is None or confidence.get(name, 0.0) < C.SURE or ev.checks:
            continue
        for line in _voted_lines(name, doc, ev, fields[name]):
            raw = next((l for l in lines if l.box == line.box), None)  # Doc normalised the text
            if raw is None:
                continue
            got = _line_vote(kind, lines, raw, reread, name, fields, damaged)
            if got is None:
                continue
            rival, backing = got
            if backing is None:
                confidence[name] = min(confidence[name], SPLIT)
            else:
                fields[name], confidence[name] = rival, backing
            break


def _voted_lines(name: str, doc: Doc, ev, value) -> list[TextLine]:
    """The lines whose re-reading may change what is reported for a value: its one witness line; or, for
    a total two lines print, both, when only one of them is labelled as a total (a total misread as an
    item's price, 4,800 for 15,600, has the item's line as a second witness that says nothing of the
    total's pixels)."""
    if len(ev.lines) == 1:
        return list(ev.lines)
    if name != "total_amount" or len(ev.lines) != 2:
        return []
    labelled = {r.line for r in money.resolve(doc, fallback=False).reads if r.value == value}
    return list(ev.lines) if len(labelled) < 2 else []


def _line_vote(kind: str, lines: list[TextLine], raw: TextLine, reread, name: str, fields: dict,
               eager: bool) -> tuple[object, float | None] | None:
    """The rival value the re-readings of `raw` give (RIVAL_READINGS of them, one when `eager`: every
    cut-out is then read), with how sure it may be reported when it replaces the value (None: it may
    not); None when the re-readings give no rival."""
    given = []  # (the value, the page's fields, the line as read) for each re-reading
    for part in (slice(None, FIRST_READINGS), slice(FIRST_READINGS, None)):
        for text, conf in reread(raw.box, part=part):
            got = _fields_with(lines, raw, text, conf) if text != raw.text else fields
            given.append((got.get(name), got, TextLine(text, raw.box, conf, raw.alt)))
        if not eager and all(got in (None, fields[name]) for got, _, _ in given):
            break  # the first cut-outs read the value again: the others are not asked
    # A total the page gives only because the re-reading lost its label ('결제금맥 : 59, 700') is no
    # reading of its digits: the re-read line must print the rival itself.
    rivals = [got for got, _, line in given if got is not None and got != fields[name]
              and (name != "total_amount" or got in amounts(line.text))]
    rival = max(set(rivals), key=rivals.count, default=None)
    if rival is None or rivals.count(rival) < (1 if eager else RIVAL_READINGS):
        return None
    backing = None
    if len(set(rivals)) == 1 and all(got != fields[name] for got, _, _ in given):
        _, page, line = next(g for g in given if g[0] == rival)  # every reading giving a value agrees
        backing = _rival_backing(kind, [line if l is raw else l for l in lines], line, name, page,
                                 fields[name])
    return rival, backing


# A line holding an amount alone, with at most a sign, a currency mark or specks round it ('“42.900').
_AMOUNT_ONLY = re.compile(r"[^\d\s,.원₩\\W'\"“”‘’:;|-]")
# A digits-only reading that is a well-formed grouped amount ('42,800'; '059,600': a sign read as 0), and
# one whose 원 glued to it was read as one more digit ('17,0002').
_GROUPED = re.compile(r"-?0?(\d{1,3}(?:[,.]\d{3})+)")
_GROUPED_WON = re.compile(r"-?0?(\d{1,3}(?:[,.]\d{3})+)\d?")


def _vote_digits(kind: str, lines: list[TextLine], read_digits, fields: dict, confidence: dict,
                 read_other=None) -> None:
    """A total resting on one line, with no check, is read once more by another model: `eng` with digits
    alone allowed (`read_digits`), on the whole line when it holds the amount alone, else on the amount's
    word, cut out at the blank columns before and after it. That model misreads POS and dot-matrix digits
    otherwise than `kor` (42,800 where `kor` read 42.900, 138,000 for 108,000). When it reads a
    well-formed amount of as many digits that the page, parsed with that reading, takes for the total,
    the first reading is in doubt: a value reported sure goes under C.SURE; one already unsure gives way
    to the digits reading, still unsure; either gives way to it at 0.7 when an arithmetic check lands on
    it (supply + VAT, gross - discount). An unsure total printed alone on its line whose `eng` digits
    give no such amount is read by the second recogniser as well (`read_other`, see _vote_date): '34,500'
    under 합계 where it reads 54,500, the meter's fare above it, whose 00 Tesseract read '(X)'."""
    value = fields.get("total_amount")
    if value is None or "total_amount" not in confidence:
        return
    ev = C.calibrate(kind, Doc(lines), fields, dict(confidence)).get("total_amount")
    if ev is None or ev.checks or len(ev.lines) != 1:
        return
    raw = next((l for l in lines if l.box == ev.lines[0].box), None)
    if raw is None or len(re.findall(r"\d", raw.text)) < 3:
        return
    words = raw.text.split()
    alone = len(_AMOUNT_ONLY.findall(raw.text)) <= 2
    at = next((i for i in range(len(words) - 1, -1, -1) if value in amounts(words[i])), None)
    if not alone and at is None:
        return
    pattern = _GROUPED_WON if not alone and words[at].endswith("원") else _GROUPED
    readings = [lambda: read_digits(raw.box, 0 if alone else len(words) - at)]
    if alone and read_other is not None and confidence["total_amount"] < C.SURE:
        readings.append(lambda: (read_other(raw.box) or ("",))[0].strip())
    for reading in readings:
        m = pattern.fullmatch(reading() or "")
        rival = int(re.sub(r"\D", "", m.group(1))) if m else None
        # A rival not in tens of won is no price a till prints: against one that is, it is the misread
        # one (36,286 read for 30,200 under 승차요금).
        if rival is not None and rival != value and len(str(rival)) == len(str(value)) \
                and (rival % 10 == 0 or value % 10):
            break
    else:
        return
    text = m.group(1) if alone else " ".join(words[:at] + [m.group(1)] + words[at + 1:])
    page = _fields_with(lines, raw, text, raw.conf)
    if page.get("total_amount") != rival:
        return
    line = TextLine(text, raw.box, raw.conf, raw.alt)
    backing = _rival_backing(kind, [line if l is raw else l for l in lines], line, "total_amount", page,
                             value, checked_only=True)
    if backing is None and confidence["total_amount"] >= C.SURE:
        confidence["total_amount"] = SPLIT  # two readers disagree, nothing says which: the traveler checks
        return
    if backing is None and _parts_nearer(fields, value, rival):
        return  # the printed supply + VAT, a digit of them misread, still side with the first reading
    if backing is None and read_other is not None and reading is readings[0] and _other_keeps(
            read_other, raw.box, value, rival):
        return  # the second recogniser reads the first value, not the digits reader's: two readers to one
    fields["total_amount"] = rival
    confidence["total_amount"] = backing or min(confidence["total_amount"], SPLIT)


def _other_keeps(read_other, box, value: int, rival: int) -> bool:
    """The second recogniser reads the line at `box` with `value` and without `rival`: an unsure total the
    digits reader read otherwise (21,000 read 27,000) keeps its first reading, which two readers agree on."""
    got = read_other(box)
    printed = set(amounts(got[0])) if got else set()
    return value in printed and rival not in printed


def _parts_nearer(fields: dict, value: int, rival: int) -> bool:
    """The page's supply + VAT (both read) lands nearer the first reading than the rival, within ten won
    of it (262,908 + 26,291 beside a total of 289,200, its VAT's last digit misread; 299,200 the rival):
    the parts say the first reading's digits are the printed ones."""
    supply, vat = fields.get("supply_amount"), fields.get("vat")
    if not supply or not vat:
        return False
    return abs(supply + vat - value) <= 10 and abs(supply + vat - value) < abs(supply + vat - rival)


# An amount whose last group lost a digit or two ('56,70' after 잔여승인금액 for 56,700; '54,5(X)', its 00
# read as letters): printed so by no till, it is the line's recognition that cut it, and the amount
# reads as two small numbers (56 and 70).
_CUT_TAIL = re.compile(r"(?<![\d,.])(\d{1,3}(?:[,.]\d{3})*)[,.](\d{1,2})\s*(원|[^\d\s,.원]{1,3})?\s*$")


def _mend_cut_amounts(kind: str, lines: list[TextLine], read_other, fields: dict,
                      confidence: dict) -> list[TextLine]:
    """An amount read with its last digits lost ('[잔여승인금액] 56,70' for 56,700: the total left after
    a refund, the page's total then taken from the sale before it) is no amount, and the parser passes
    over it or takes its first group for one (56). Its line is read by the second recogniser (see
    _vote_date): when that reads one well-formed amount opening with the digits Tesseract read, and as
    many more as the cut group lacks, the line is taken with that amount (returned: the page the later
    votes read) and the page parsed again. A total it then gives, printed on a mended line, is reported
    at most REPLACED when an arithmetic check (paid - refund, supply + VAT) lands on it, else SPLIT: one
    reader's digits."""
    mended, values = {}, set()
    for raw in lines:
        m = _CUT_TAIL.search(raw.text)
        got = read_other(raw.box) if m else None
        if not got:
            continue
        cut = re.sub(r"\D", "", m.group(1)) + m.group(2)
        whole = len(cut) + 3 - len(m.group(2))  # the digits of the amount with its last group whole
        found = {int(d) for a in GROUPED.findall(got[0])
                 if len(d := re.sub(r"\D", "", a)) == whole and d.startswith(cut)}
        if len(found) == 1:
            values |= found
            won = "원" if m.group(3) == "원" else ""
            mended[raw.box] = f"{raw.text[:m.start()]}{next(iter(found)):,}{won}"
    if not mended:
        return lines
    page = [TextLine(mended[l.box], l.box, l.conf, l.alt) if l.box in mended else l for l in lines]
    _, got, conf = parse(page)
    total = got.get("total_amount")
    if total is not None and total != fields.get("total_amount") and total in values:
        ev = C.calibrate(kind, Doc(page), got, dict(conf)).get("total_amount")
        fields["total_amount"] = total
        checked = ev is not None and ev.checks
        confidence["total_amount"] = min(conf["total_amount"], REPLACED if checked else SPLIT)
    return page


# A date reported under this has its line read by the second recogniser as well (see _vote_date).
OTHER_READ_BELOW = 0.9


def _vote_date(kind: str, lines: list[TextLine], read_other, fields: dict, confidence: dict) -> None:
    """A date reported under OTHER_READ_BELOW with no check (a weekday, the date inside a number) rests on
    Tesseract's readings of its line, and Tesseract's two models misread the same blurred or low-resolution
    digits alike (a slip's '2017/09/30' read 2017/03/30 by `kor` and by `eng`). Its witness lines are read
    by the second recogniser (`read_other`: PP-OCR, engines/pprec.py, which shares nothing with Tesseract)
    and the page parsed with each reading. When a reading gives another date, printed in that reading of
    the line itself with as many digits as Tesseract read there or more, and no reading gives the date
    reported, that date is reported instead, unsure (at most SPLIT): two readers disagree and nothing else
    on the page says which is right."""
    value = fields.get("date")
    if value is None or confidence.get("date", 0.0) >= OTHER_READ_BELOW:
        return
    ev = C.calibrate(kind, Doc(lines), fields, dict(confidence)).get("date")
    if ev is None or ev.checks or not ev.lines or len(ev.lines) > 2:
        return
    rivals = set()
    for witness in ev.lines:
        raw = next((l for l in lines if l.box == witness.box), None)
        got = read_other(raw.box) if raw is not None else None
        if not got or not got[0]:
            continue
        date = _fields_with(lines, raw, got[0], raw.conf).get("date")
        if date == value:
            return  # the other reader reads the date reported: nothing to change
        if date and _prints_date(raw, got[0], date):
            rivals.add(date)
    if len(rivals) == 1:
        fields["date"] = rivals.pop()
        confidence["date"] = min(confidence["date"], SPLIT)


_TICKETS = ("rail_ticket", "bus_ticket")
# A ticket missing a trip end has up to ROUTE_LINES of its doubtful lines (under ROUTE_DOUBTFUL, no digit: a
# route's names) read again; a route ROUTE_AGREE re-readings give is reported at ROUTE_READ at most, at
# OTHER_ROUTE when only the other looks at the line (black and white, `kor` alone) made the readings agree.
ROUTE_DOUBTFUL = 0.6
ROUTE_LINES = 3
ROUTE_AGREE = 2
ROUTE_READ = 0.7
OTHER_ROUTE = SPLIT


def _reread_route(lines: list[TextLine], reread, fields: dict, confidence: dict, reread_other=None,
                  kind: str = "bus_ticket") -> None:
    """A ticket whose departure or arrival was not read: its lines that may hold a misread place
    (_route_suspects: an app banner's names beside their arrow, '수이' read for 수원, '정주 순천' for
    청주 ▶ 순천; '염천터미널' for 영천) are read again from the cut-outs (`reread`) and the page parsed
    with each reading. When ROUTE_AGREE readings of one line give the same departure and arrival, and none
    gives another route, nor one the page already read otherwise, the end that was missing is reported,
    no surer than one clean reading (ROUTE_READ): those readings are of the same pixels. When the cut-outs
    do not agree, the line is read with the other looks too (`reread_other`: black and white, `kor` alone;
    a blurred photo's '그 ~' reads 영광 there, a crumpled one's 'AES' '손산...' for 논산), and a route all
    those readings agree on is reported unsure (OTHER_ROUTE): the names are mostly snapped to the list
    from misreads of the same pixels. When they still do not agree, the listed place most readings are a
    letter from may give the missing end (_voted_place), highlighted too."""
    if fields.get("departure") and fields.get("arrival"):
        return
    for line in _route_suspects(lines):
        readings = reread(line.box, doubtful=True)
        routes = _routes_read(lines, line, readings)
        cap = ROUTE_READ
        if _agreed_route(routes) is None and reread_other is not None:
            more = reread_other(line.box)
            readings += more
            routes += _routes_read(lines, line, more)
            cap = OTHER_ROUTE
        route = _agreed_route(routes)
        if route is None:
            route, routes, cap = _voted_place(lines, line, readings, fields, kind), [], VOTED_PLACE
        if route is None:
            continue
        if any(fields.get(name) not in (None, value) for name, value in zip(("departure", "arrival"), route)):
            continue
        for at, name in enumerate(("departure", "arrival")):
            if fields.get(name) is None:
                fields[name] = route[at]
                confidence[name] = min([cap] + [r[2 + at] for r in routes])
        return


# A trip end the readings of its line each give only a letter off, most of them a letter from one listed
# place and no other (a crumpled photo's 울진 read '을진', '올진', '옴진', '흠진'): that place, reported at
# VOTED_PLACE (highlighted) when the page, its line read so, gives it as the missing end.
VOTED_PLACE = 0.5
PLACE_VOTES = 2  # readings that must point at the place
PLACE_GAP = 2  # letters (jamo) a reading's place word may be from it to be spelled as it


def _voted_place(lines: list[TextLine], line: TextLine, readings: list[tuple[str, float]], fields: dict,
                 kind: str) -> tuple[str, str] | None:
    """The route the page gives once `line` is read as the listed place most of its readings are a
    letter (jamo) from, or are (`readings`, the first reading too). Each reading votes for the listed
    names its place word is, or is one letter from (domain.listed_neighbours), shared when there are
    several; the end already read is not voted for. The place needs PLACE_VOTES readings and twice the
    votes of any other; the page parsed with the reading nearest it spelled as listed must then give it
    as the missing end, the other end as read: the line sits where the layout puts that end."""
    places = "rail" if kind == "rail_ticket" else "bus"
    known = {fields.get("departure"), fields.get("arrival")} - {None}
    votes: dict[str, float] = {}
    voters: dict[str, list[tuple[str, str]]] = {}  # name -> (reading, its word) that voted for it
    for text, _ in [(line.text, line.conf)] + readings:
        names: dict[str, str] = {}
        for word in re.findall(r"[가-힣]{2,}", T.suffix_mended(text)):
            stem = domain.strip_place(word)
            if len(stem) < 2 or T.is_label_word(word) or T.is_label_word(stem):
                continue
            got, sure = domain.match_place(stem, places)
            near = (got,) if got and sure >= 0.9 else domain.listed_neighbours(stem, places)
            names.update({n: stem for n in near if n not in known})
        for name, stem in names.items():
            votes[name] = votes.get(name, 0.0) + 1.0 / len(names)
            voters.setdefault(name, []).append((text, stem))
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if not ranked or len(voters[ranked[0][0]]) < PLACE_VOTES:
        return None
    name, weight = ranked[0]
    if len(ranked) > 1 and ranked[1][1] * 2 > weight:
        return None
    # Each reading with its place word spelled as listed, the voters first: the label beside it may be
    # legible in a reading whose place word is further off ('도착터미별 : 옴진터미널').
    tried = set()
    for text, _ in [v for v in voters[name]] + [(t, "") for t, _ in [(line.text, line.conf)] + readings]:
        mended = T.suffix_mended(text)
        stems = [st for w in re.findall(r"[가-힣]{2,}", mended) if not T.is_label_word(w)
                 and len(st := domain.strip_place(w)) == len(name) and not T.is_label_word(st)]
        gap = lambda st: Levenshtein.distance(domain.jamo(st), domain.jamo(name))  # noqa: E731
        stem = min(stems, key=gap, default=None)
        if stem is None or gap(stem) > PLACE_GAP:
            continue
        spelled = mended.replace(stem, name, 1)
        if spelled in tried:
            continue
        tried.add(spelled)
        _, got = parse([TextLine(spelled, l.box, line.conf, l.alt) if l is line else l for l in lines])[:2]
        route = (got.get("departure"), got.get("arrival"))
        if all(route) and name in route and all(fields.get(end) in (None, value)
                                                for end, value in zip(("departure", "arrival"), route)):
            return route
    return None


def _routes_read(lines: list[TextLine], line: TextLine, readings: list[tuple[str, float]]) -> list[tuple]:
    """(departure, arrival, their confidences) the page gives with `line` read as each of `readings` that
    differs from its first reading and gives both ends."""
    routes = []
    for text, conf in readings:
        if text and text != line.text:
            _, got, sure = parse([TextLine(text, l.box, conf, l.alt) if l is line else l for l in lines])
            if got.get("departure") and got.get("arrival"):
                routes.append((got["departure"], got["arrival"], sure["departure"], sure["arrival"]))
    return routes


def _agreed_route(routes: list[tuple]) -> tuple[str, str] | None:
    """The one route ROUTE_AGREE readings or more give, when no reading gives another."""
    ends = {r[:2] for r in routes}
    return ends.pop() if len(ends) == 1 and len(routes) >= ROUTE_AGREE else None


# A time after a station's name ('익산 09:02' on a rail ticket): a trip end's line holds no other digits.
_TIME_OF_DAY = re.compile(r"(?<!\d)\d{1,2}\s*[:;]\s*\d{2}(?!\d)")


def _route_suspects(lines: list[TextLine]) -> list[TextLine]:
    """The lines _reread_route reads again, at most ROUTE_LINES, none with a digit but a time of day (a rail
    ticket's '의산 09:02' for 익산, its departure time beside it): first those holding a
    word a letter from a listed place and not one itself ('염천터미널' for 영천, read at 0.89 beside its
    출발지), then the doubtful Hangul lines, least sure first, then the doubtful lines read as Latin letters
    or marks alone (a crumpled photo's 논산터미널 read 'AES' at 0.1 beside its 도착 label)."""
    near, doubtful, latin = [], [], []
    for line in lines:
        if re.search(r"\d", _TIME_OF_DAY.sub("", line.text)):
            continue
        words = [re.sub(r"(?:터미널|역)$", "", w) for w in re.findall(r"[가-힣]{2,}", line.text)]
        if any(len(w) >= 2 and not T.is_label_word(w) and domain.match_place(w, "bus")[1] < 0.9
               and domain.listed_neighbours(w, "bus") for w in words):
            near.append(line)
        elif line.conf < ROUTE_DOUBTFUL and re.search(r"[가-힣ㄱ-ㅣ]", line.text):
            doubtful.append(line)
        elif line.conf < ROUTE_DOUBTFUL and re.search(r"[A-Za-z]", line.text):
            latin.append(line)
    by_conf = lambda l: l.conf  # noqa: E731
    return (near + sorted(doubtful, key=by_conf) + sorted(latin, key=by_conf))[:ROUTE_LINES]


def _lost_a_digit(own: str, other: str) -> bool:
    """The other reader's digits run on past the number's own digits `own` ('9480' where Tesseract read '948'
    on a faded ticket), and no run of its digits is the number alone: a digit may have been lost."""
    runs = re.findall(r"\d+", other)
    return bool(own) and own not in runs and any(own in r and len(r) == len(own) + 1 for r in runs)


def _vote_number(kind: str, lines: list[TextLine], read_other, fields: dict, confidence: dict) -> None:
    """A vehicle number (a train's, a bus's, a taxi's plate) reported under OTHER_READ_BELOW rests on
    one line's readings, and Tesseract misreads a digit of it where the page says nothing else (9709 for
    9705, 2025 for 2825). The line is read by the second recogniser (see _vote_date), which reads digits but
    no Hangul: when it reads as many digits there, other ones, the line's text with those digits in their
    places is parsed, and the number the page then gives is reported, unsure (SPLIT); when it reads
    no digit at all on the line ('To' where Tesseract read a train number 10), the number is reported
    unsure; when one of its digit runs is the number with a digit more, the number is reported unsure
    (_lost_a_digit), and when marks are glued where that digit was lost ('948()' for 9480), that run is.
    Other digits elsewhere on the line (KTX read '1×' by Tesseract) and other counts of digits (Hangul
    read as digits) say nothing of the number: it stays."""
    value = fields.get("vehicle_no")
    if not value or confidence.get("vehicle_no", 0.0) >= OTHER_READ_BELOW:
        return
    key = re.sub(r"\s", "", str(value))
    witnesses = [l for l in lines if key in re.sub(r"\s", "", l.text)]
    if len(witnesses) != 1:
        return
    raw = witnesses[0]
    got = read_other(raw.box)
    if not got or not got[0]:
        return
    ours, theirs = re.findall(r"\d", raw.text), re.findall(r"\d", got[0])
    own = re.sub(r"\D", "", str(value))  # the number's digits, where the line's digit run has them
    if not theirs or _lost_a_digit(own, got[0]):
        longer = {r for r in re.findall(r"\d+", got[0]) if own in r and len(r) == len(own) + 1}
        if len(longer) == 1 and re.match(r"[()\[\]{}OoQD]", raw.text.split(own, 1)[-1]):
            # The lost digit was read as marks glued to the number ('948()' for 9480): the other
            # reader's digits are the number, still one reader's word.
            text = raw.text.replace(own, longer.pop(), 1)
            fields["vehicle_no"] = _fields_with(lines, raw, text, raw.conf).get("vehicle_no") or value
        confidence["vehicle_no"] = min(confidence["vehicle_no"], SPLIT)
    elif len(theirs) == len(ours):
        at = "".join(ours).rfind(own)
        if at < 0 or "".join(theirs[at:at + len(own)]) == own:
            return  # the other reader reads the number's own digits alike (a misread 'KTX' aside)
        digits = iter(theirs)
        text = re.sub(r"\d", lambda _: next(digits), raw.text)
        rival = _fields_with(lines, raw, text, raw.conf).get("vehicle_no")
        if rival:
            fields["vehicle_no"] = rival
        confidence["vehicle_no"] = min(confidence["vehicle_no"], SPLIT)


def _prints_date(raw: TextLine, text: str, iso: str) -> bool:
    """The second recogniser's reading `text` of the line `raw` prints the date, with at least as many
    digits as Tesseract read on the line (but for separators it read as digits): a reading that lost
    digits runs them together ('2025/04/18 13:35' read '2025/0413:35', a 13th day)."""
    return ((len(re.findall(r"\d", text)) >= len(re.findall(r"\d", raw.text))
             or _separators_as_digits(raw.text, text))
            and iso in {d for d, _ in D._in_text(text)})


def _separators_as_digits(own: str, other: str) -> bool:
    """Tesseract's reading `own` is the other reader's, letter for letter, but for the date's separators
    it read as digits ('24112118 21:10:58' for '24/12/18 21:10:58': a slash is a 1 or a 7 to it), so it
    holds more digits than were printed, and no fewer were read by the other."""
    a, b = re.sub(r"\s", "", own), re.sub(r"\s", "", other)
    return a != b and len(a) == len(b) and all(x == y or (y in "/.-" and x in "17lI|") for x, y in zip(a, b))


def _rival_backing(kind: str, lines: list[TextLine], line: TextLine, name: str, fields: dict,
                   first, checked_only: bool = False) -> float | None:
    """How sure the rival a page gives with its line re-read (`fields`, `line`) may be reported, or None
    when nothing else on the page backs it: another line printing it, an arithmetic check landing on it
    (supply + VAT, fare - discount), the date inside a number or its weekday printed (REPLACED); or, for
    an amount or a number, the `first` value being the rival with one digit added or dropped (315500 for
    15500, a bracket or a currency sign read as a digit: GUESSED)."""
    rival = fields[name]
    ev = C.calibrate(kind, Doc(lines), fields, {name: 1.0}).get(name)
    if checked_only:
        # The first reading was itself doubtful: only an independent check of the rival (supply + VAT,
        # fare - discount) says the re-reading is the better one (24727 read again for a faint 27200).
        return REPLACED if ev is not None and ev.checks and not ev.rivals and not ev.doubts else None
    if ev is not None and ([l for l in ev.lines if l.box != line.box] or ev.checks) and not ev.rivals:
        return REPLACED
    if name != "date" and _one_digit_more(str(first), str(rival)):
        return GUESSED
    return None


def _one_digit_more(a: str, b: str) -> bool:
    """One string is the other with one digit more ('315500' and '15500')."""
    short, long_ = sorted((a, b), key=len)
    return len(long_) == len(short) + 1 and any(long_[:i] + long_[i + 1:] == short
                                                 for i in range(len(long_)))


# A line that may hold the date: a date label (one ending in 일 before digits too: 출발일, 이용일,
# 거래일), a year, a date's separators or a time of day.
_DATEISH = re.compile(r"일시|일자|승차일|[가-힣]일\s*[\])/:.]?\s*\d|DATE|20\d{2}|\d{2}\s*[./-]\s*\d{2}"
                      r"|\d{1,2}\s*:\s*\d{2}", re.I)
_DATE_FIRST = re.compile(r"일시|일자|DATE|20\d{2}", re.I)  # a label or a year: read again first
DATE_REREAD_LINES = 6  # at most this many lines read again, on a page where no date was found
DATE_AGREED = 2  # re-readings that must give the same date


# A date label in a box of its own ('매출일 | EE 1 724': the value misread into no date at all).
_DAY_LABEL = re.compile(r"\[?[가-힣 ]{1,6}일(?:시|자)?\s*\]?\s*[:.]?|DATE\s*:?", re.I)


def _beside_day_labels(lines: list[TextLine]) -> list[TextLine]:
    """Lines on the row of a date label printed alone, to its right: where its value is, however misread."""
    labels = [l for l in lines if _DAY_LABEL.fullmatch(l.text.strip())]
    return [l for l in lines if any(l.box[0] >= lab.box[2] - 2 and re.search(r"[\dA-Za-z]", l.text)
                                    and abs(l.cy - lab.cy) < 0.55 * min(l.height, lab.height)
                                    for lab in labels)]


def _reread_date(lines: list[TextLine], reread, fields: dict, confidence: dict, read_other=None) -> None:
    """No date was found (a blurred or crumpled photo merged its digits: '일시2024/024766.51:52'): the lines
    that may hold it are read again a few ways (`reread`, as for the merchant) and the page parsed with
    each reading; a date at least two readings give is taken, under 0.6: the same pixels, read again.
    Failing that, a date the second recogniser (`read_other`, see _vote_date) reads on one of those lines,
    with at least as many digits as Tesseract read there, is taken, under 0.6 too ('7024/07/23 17:33' as
    2024/07/23 17:33): one reader's word, but one that shares nothing with the readings that found none."""
    votes: dict[str, list[float]] = {}
    others: set[str] = set()
    beside = {id(l) for l in _beside_day_labels(lines)}  # read again first, like a labelled line
    suspects = sorted((l for l in lines if _DATEISH.search(l.text) or id(l) in beside),
                      key=lambda l: not (_DATE_FIRST.search(l.text) or id(l) in beside))[:DATE_REREAD_LINES]
    for line in suspects:
        for text, conf in reread(line.box, doubtful=True):
            if not text or text == line.text:
                continue
            got = _fields_with(lines, line, text, conf).get("date")
            if got:
                votes.setdefault(got, []).append(conf)
    agreed = [(sum(c), iso) for iso, c in votes.items() if len(c) >= DATE_AGREED]
    for line in suspects if read_other and not agreed else ():  # its model loads only when needed
        other = read_other(line.box)
        got = _fields_with(lines, line, other[0], line.conf).get("date") if other and other[0] else None
        if got and _prints_date(line, other[0], got):
            others.add(got)
    if agreed or len(others) == 1:
        fields["date"] = max(agreed)[1] if agreed else others.pop()
        confidence["date"] = 0.45


def _read(reader, image) -> list[TextLine]:
    """Run an engine, turning unexpected failures into OcrEngineError."""
    try:
        return reader.read(image)
    except OcrError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise OcrEngineError(f"{reader.name} failed: {exc.__class__.__name__}") from exc
