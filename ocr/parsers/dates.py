"""The document's date: every date printed on it, grouped, cross-checked, with an honest confidence.

POS fonts make 5 and 6 look alike, so one slip can print 2025 in one place and read 2026 in another; a phone
number (02-2016-5280) or an approval number is not a date. A date is sure only when two independent signals
agree: two printed lines, the `eng` re-reading of the same line, the weekday printed beside it, or the
date embedded in a receipt or approval number (20250409-00011).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ocr import domain
from ocr.parsers.layout import Candidate, Doc
from ocr.parsers.text import DAY_END, compact, month_first, year_last_dates

_DATE = re.compile(r"(?<!\d)(?<!\d-)(20\d{2}|\d{2})\s*([.\-/년])\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})"
                   r"(?!\d{1,2}\s*[.\-/])" + DAY_END + r"\s*일?")
# Year and month run together ('202208-19'), or a space for the second separator ('2025-04 03').
_LOOSE = re.compile(r"(?<!\d)(20\d{2})\s*[.\-/]?\s*(\d{2})\s*[.\-/ ]\s*(\d{2})(?=\d{1,2}:\d{2}|[^\d.\-/]|$)")
# The second separator lost ('2026.0902(수)').
_GLUED = re.compile(r"(?<!\d)(20\d{2})\s*[.\-/]\s*(\d{2})(\d{2})(?!\d)")
_COMPACT = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d{1}(?:\D|$))")
_ALONE = re.compile(r"[\s\[(<|'\"]*(20\d{2})(\d{2})(\d{2})(?:\s*\(\s*[월화수목금토일]\s*\))?"
                    r"(?:\s+[0-2]\d:?[0-5]\d(?::?[0-5]\d)?)?[\s\])>|.,'\"]*")  # '20220320 2350' too
_COMPACT_TIMED = re.compile(r"(?<![\d\-])(20\d{2})(\d{2})(\d{2})\s+[0-2]\d:[0-5]\d(?!\d)")
# '2023년 11을 29열': after a four-digit year and 년, the month and day letters misread as other syllables.
_KOREAN_LOOSE = re.compile(r"(?<!\d)(20\d{2})\s*년\s*(\d{1,2})\s*[가-힣]\s*(\d{1,2})\s*[가-힣](?!\d)")
# '2023넌 9월 29얼': 년 misread too, 월 read right between the month and the day.
_KOREAN_MONTH = re.compile(r"(?<!\d)(20\d{2})\s*[가-힣]\s*(\d{1,2})\s*월\s*(\d{1,2})\s*[가-힣](?!\d)")
# '2024. 5, 14, (화)': dots read as commas; the printed weekday after it says it is a date, not an amount.
_COMMAS = re.compile(r"(?<!\d)(20\d{2})\s*[.,]\s*(\d{1,2})\s*[.,]\s*(\d{1,2})\s*[.,]?\s*"
                     r"(?=\(\s*[월화수목금토일]\s*\))")
_WEEKDAY = re.compile(r"\(\s*([월화수목금토일])\s*\)")
WEEKDAYS = "월화수목금토일"
_PHONE = re.compile(r"(?:TEL|T\.|전화|☎|FAX|팩스)", re.I)


@dataclass
class Seen:
    """One date read somewhere on the page."""

    iso: str
    line: int
    labelled: bool
    weekday: str | None  # the weekday printed beside it, '토'
    source: str

    @property
    def weekday_ok(self) -> bool | None:
        """Does the printed weekday fit the date? None when none is printed."""
        if self.weekday is None:
            return None
        return WEEKDAYS[dt.date.fromisoformat(self.iso).weekday()] == self.weekday


def _not_future(iso: str) -> bool:
    """A receipt is never dated after tomorrow."""
    return dt.date.fromisoformat(iso) <= dt.date.today() + dt.timedelta(days=1)


def _in_text(text: str, first_is_month: bool | None = None) -> list[tuple[str, str | None]]:
    """(iso, printed weekday) for each date written in the text."""
    out = []
    for m in _DATE.finditer(text):
        y, mo, d = m.group(1), int(m.group(3)), int(m.group(4))
        if len(y) == 2 and m.group(2) == "-" and re.search(r"\d-\s*$", text[:m.start()]):
            continue
        iso = domain.real_date(int(y), mo, d)
        if iso and _not_future(iso):
            out.append((iso, _weekday(text[m.end():m.end() + 14], iso)))
    if not out:
        loose = list(_LOOSE.finditer(text)) or list(_GLUED.finditer(text))
        korean = list(_KOREAN_LOOSE.finditer(text)) or list(_KOREAN_MONTH.finditer(text))
        for m in loose or korean or list(_COMMAS.finditer(text)):
            iso = domain.real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso and _not_future(iso):
                out.append((iso, _weekday(text[m.end():m.end() + 14], iso)))
    if not out:
        # A date printed without separators on a line of its own ('[20230114]'), its label lost, or
        # anywhere with the time of day after it ('[판매] 20240507 15:30:26').
        m = _ALONE.fullmatch(text) or _COMPACT_TIMED.search(text)
        iso = m and domain.real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso and _not_future(iso):
            out.append((iso, _weekday(text[m.end(3):], iso)))
    if not out:
        out = [(iso, _weekday(text, iso)) for iso, _ in _year_last(text, first_is_month)]
    return out


def _year_last(text: str, first_is_month: bool | None) -> list[tuple[str, bool]]:
    """Dates with an English month or the year last (text.year_last_dates); a printed weekday that fits
    only the other order of day and month ('03-04-2026 (토)') settles it."""
    out = []
    for iso, sure in year_last_dates(text, first_is_month):
        if not sure and (wd := _weekday(text, iso)) and WEEKDAYS[dt.date.fromisoformat(iso).weekday()] != wd:
            y, m, d = iso.split("-")
            other = domain.real_date(int(y), int(d), int(m))
            if other and WEEKDAYS[dt.date.fromisoformat(other).weekday()] == wd:
                iso, sure = other, True
        if _not_future(iso):
            out.append((iso, sure))
    return out


def _order_guessed(text: str, iso: str, first_is_month: bool | None) -> bool:
    """The date comes from a year-last form whose order of day and month nothing on the page settles."""
    return any(i == iso and not sure for i, sure in _year_last(text, first_is_month))


# '2624-07-15', '2825.82.87 18:89:11': round digits read for 0 (6, 8, 9 or 3 in the year, 8 in the month
# and the day), the date invalid as read; '7024/07/23': the year's 2 read as the 7 it looks like.
_ZERO_MISREAD = re.compile(r"(?<![\d.\-/])((?:2[03689]|70)\d{2})\s*([.\-/])\s*(\d{1,2})\s*\2\s*(\d{1,2})"
                           r"(?![\d.\-/])")


# '2025711712 08:49:53', '2024/11708': a slash or a dot between the date's parts read as 7 or 1.
_SEPARATOR_MISREAD = re.compile(r"(?<![\d.\-/])(20\d{2})([17./\-])(\d{2})([17./\-])(\d{2})(?![\d.\-/])")


# A date's shape, whatever its digits say: the value a date label prints, even when misread past reading.
_DATE_SHAPE = re.compile(r"(?<!\d)(?:20)?\d{2}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}(?!\d)")
# Round digits POS and dot-matrix fonts misread for one another (a 6 read 8, a 0 read 9).
ROUND_DIGITS = "035689"


def _future_repaired(text: str) -> list[str]:
    """A date read after tomorrow ('2028.01.09' on a ticket of 2026) whose year ends in a round digit: that
    digit was misread for another, and the latest year it gives that is not in the future is taken (a
    receipt is claimed soon after it is printed). A guess, never sure."""
    out = []
    for m in _DATE.finditer(text):
        year, month, day = m.group(1), int(m.group(3)), int(m.group(4))
        if len(year) < 4 or year[3] not in ROUND_DIGITS or int(year) <= dt.date.today().year:
            continue
        years = sorted({int(year[:3] + d) for d in ROUND_DIGITS if d != year[3]}, reverse=True)
        put = [got for y in years if (got := domain.real_date(y, month, day)) and _not_future(got)]
        out += put[:1]
    return out


# '2025~04~03', '2025_04_03 12:09', '2025:04:03', '2O25.O4.03': a date whose separators were read as other
# marks, or whose round and straight digits as the letters they look like (O, Q, D for 0; I, l for 1; S,
# Z, B for 5, 2, 8 in the day). Read only beside a date label or before a time of day, and only within
# PLAUSIBLE_YEARS of today: a guess, never sure.
# The year's first digit lost ('025-04-03') or a bracket before it read as 1 or 7 ('[2025' -> '12025').
_MARKED = re.compile(r"(?<![\w.\-/:~])([17]?[2Z][0OoQD][0-9OoQDIlSZB]{2}|0[0-9OoQDIlSZB]{2})"
                     r"\s*([~_:;,.\-/]{1,2})\s*([0-9OoQDIl]{1,2})"
                     r"(?:\s*([~_:;,.\-/]{1,2})\s*|\s+)([0-9OoQDIlSZB]{1,2})(?![\w.\-/~:;,])")
_AS_DIGITS = str.maketrans("OoQDIlSZB", "000011528")
_TIME_AFTER = re.compile(r"\s+[0-2OoQDIl]?[0-9OoQDIl][:;.][0-5OoQD][0-9OoQDIl]")
PLAUSIBLE_YEARS = 12  # a date put back from a misreading, or a two-digit year, is at most this old


def _plausible(iso: str) -> bool:
    """Within PLAUSIBLE_YEARS of today (a receipt is claimed within months; old public scans within years)."""
    return int(iso[:4]) >= dt.date.today().year - PLAUSIBLE_YEARS


def _marks_repaired(text: str, labelled: bool) -> list[str]:
    """Dates read through misread marks (_MARKED), put back: separators as they are, letters as digits, the
    year's lost 2 or a stray 1 or 7 before it mended."""
    out = []
    for m in _MARKED.finditer(text):
        if not labelled and not _TIME_AFTER.match(text[m.end():]):
            continue
        year = m.group(1).translate(_AS_DIGITS)
        year = "2" + year if len(year) == 3 else year[-4:]
        parts = [year] + [m.group(k).translate(_AS_DIGITS) for k in (3, 5)]
        odd = {m.group(2), m.group(4) or " "} - set(".-/")
        if not odd and parts == [m.group(1), m.group(3), m.group(5)]:
            continue  # nothing misread: _in_text reads it, or it is no date
        iso = domain.real_date(*map(int, parts))
        if iso and _not_future(iso) and _plausible(iso):
            out.append(iso)
    return out


def _year_repaired(text: str, labelled: bool = True) -> list[str]:
    """Dates put back to this century and to a real month and day by reading those digits as 0, or with a
    separator read as 7 or 1 put back, or from a future year (_future_repaired): a guess, never sure.
    Beside a date label, or with the time of day after it ('2825-01-25 12-48-28')."""
    out = _future_repaired(text) if labelled else []
    for m in _ZERO_MISREAD.finditer(text):
        if not labelled and not re.match(r"\s+\d{2}[:\-]\d{2}", text[m.end():]):
            continue
        year, month, day = "20" + m.group(1)[2:], m.group(3), m.group(4)
        month = month.replace("8", "0") if int(month) > 12 else month
        day = day.replace("8", "0") if int(day) > 31 else day
        if (year, month, day) == (m.group(1), m.group(3), m.group(4)):
            continue  # nothing misread: a date, or no date, as it is
        iso = domain.real_date(int(year), int(month), int(day))
        as_read = domain.real_date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if iso and _not_future(iso) and not as_read:
            out.append(iso)
    for m in _SEPARATOR_MISREAD.finditer(text):
        timed = re.match(r"\s+\d{2}[:\-]\d{2}", text[m.end():])
        if (labelled or timed) and (m.group(2).isdigit() or m.group(4).isdigit()):
            iso = domain.real_date(int(m.group(1)), int(m.group(3)), int(m.group(5)))
            if iso and _not_future(iso):
                out.append(iso)
    return out + [iso for iso in _marks_repaired(text, labelled) if iso not in out]


def _weekday(after: str, iso: str) -> str | None:
    """The weekday printed right after the date, '(토)' -> '토'."""
    m = _WEEKDAY.search(after)
    return m.group(1) if m else None


def collect(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Seen]:
    """Every date on the page, with whether a date label stands before it."""
    labelled_lines = {id(line) for line, _, score in doc.find_labels(labels) if score >= 0.8}
    out = []
    index = {l.text: k for k, l in enumerate(doc.lines)}
    order = month_first(doc.text)
    for i, line in enumerate(doc.lines):
        if _PHONE.search(line.text) and not id(line) in labelled_lines:
            continue
        other = any(x in compact(line.text).upper() for x in exclude)
        read = False
        for text, source in ((line.text, "text"), (line.alt or "", "alt")):
            for iso, wd in _in_text(text, order):
                guessed = source == "text" and _order_guessed(text, iso, order)
                out.append(Seen(iso, i, id(line) in labelled_lines and not other, wd,
                                "order" if guessed else source))
                read = True
        if not read and not other:
            labelled = id(line) in labelled_lines
            out += [Seen(iso, i, labelled, None, "repaired") for iso in _year_repaired(line.text, labelled)]
        if id(line) in labelled_lines and not other:
            out += _beside(doc, line, i, index, order)
    out += _across_boxes(doc, labelled_lines, index, {s.line for s in out})
    return out


def _across_boxes(doc: Doc, labelled_lines: set[int], index: dict, found: set[int]) -> list[Seen]:
    """A date the detector cut into two boxes of one row ('2026년 5월 | 17일 07:19')."""
    out = []
    for row, text in zip(doc.rows, doc.row_texts):
        rows_lines = {index.get(l.text) for l in row}
        if len(row) < 2 or rows_lines & found:
            continue
        labelled = any(id(l) in labelled_lines for l in row)
        # A box's own edge read as a mark ('11월', '| 21일 17:06:58'): the marks at the boxes' ends go.
        bare = " ".join(_BOX_EDGE.sub("", l.text) for l in row)
        for iso, wd in _in_text(text) or _in_text(bare):
            out.append(Seen(iso, index.get(row[0].text, 0), labelled, wd, "row"))
    return out


_BOX_EDGE = re.compile(r"^[\s|\[\]『』「」{}]+|[\s|\[\]『』「」{}]+$")


def _beside(doc: Doc, line, i: int, index: dict, order: bool | None = None) -> list[Seen]:
    """Dates in the value next to a date label, including the compact 20231106 form."""
    out = []
    near = [text for text, _ in doc.values_near(line, "")[:3]]
    # A table's header over one row of values (a booking's 출발일시): the value is under it. Not a bare
    # 일자 or 일시, nor over a column of dated rows (a folio's nights, a statement's items): that header
    # names no one date of the page.
    specific = len(re.sub(r"[^가-힣A-Za-z]", "", line.text)) >= 3
    below = doc.column_below(line) if specific and doc.header_cell(line) else []
    if below and not (len(below) > 1 and re.search(r"20\d{2}", below[1].text)):
        near = [line.text, below[0].text]
    for text in near:
        j = index.get(text, i)
        found = _in_text(text, order)
        if not found and (marked := _marks_repaired(text, True)):
            # '2025 _ 04 03 12:09': the marks misread, its digits are no compact date ('040312', 2004)
            out += [Seen(iso, j, True, None, "repaired") for iso in marked]
            break
        found = found or [(iso, None) for iso in _compact(text)]
        out += [Seen(iso, j, True, wd, "order" if _order_guessed(text, iso, order) else "label")
                for iso, wd in found]
        if not found:
            found = _year_repaired(text)
            out += [Seen(iso, j, True, None, "repaired") for iso in found]
        if found or _DATE_SHAPE.search(text):
            break  # the label's value, however misread: a number further off is another field's
    return out


# Two-digit years: not the tail of a longer date shape ('025-04-0312:09', a year's first digit lost: its
# month, day and hour are no 2004-03-12) nor digits running into a time's colon, and within
# PLAUSIBLE_YEARS of today.
_SHORT = re.compile(r"(?<!\d)(?<!\d[.\-/])(\d{2})[.\-/]?(\d{2})(\d{2})(?![\d:;])")
_SHORT_LATE = re.compile(r"(?<!\d)(?<!\d[.\-/])(\d{2})(\d{2})[.\-/](\d{2})(?![\d:;])")  # '2212.29'


def _compact(text: str) -> list[str]:
    """Dates written without separators beside a date label: 20231106, 231106, 23.1106, 2311.06. Not in
    ten digits before a time of day ('2025103117 21:22:15'): there a date's two slashes were read as 1s
    (2025/03/17, _year_repaired), and its first eight digits, 2025-10-31, are no date that was printed."""
    if any(re.match(r"\s+[0-2]\d[:;]\d{2}", text[m.end():]) for m in _SEPARATOR_MISREAD.finditer(text)):
        return []
    flat = compact(text)
    for pattern, where in ((_COMPACT, flat), (_SHORT, flat), (_SHORT_LATE, text)):  # the first real date
        out = [iso for m in pattern.finditer(where)
               if (iso := domain.real_date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
               and _not_future(iso) and (pattern is _COMPACT or _plausible(iso))]
        if out:
            return out
    return []


def _embedded(doc: Doc) -> set[str]:
    """Dates hidden in long digit runs (receipt, approval and barcode numbers): YYYYMMDD."""
    found = set()
    for line in doc.lines:
        for run in re.findall(r"\d{8,}", compact(line.text)):
            for m in re.finditer(r"(?=(20\d{2})(\d{2})(\d{2}))", run):
                iso = domain.real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                if iso:
                    found.add(iso)
    return found


# A POS's receipt or transaction number carries the day of sale as YYMMDD ('1102 250403 0002 0062'). Six
# digits fit some date almost anywhere in a long number, so such a run only backs a date read elsewhere;
# it gives none, and it is read only on a line printing no date itself (the date's own digits, '20250403
# 120911', are the same pixels).
_TRANSACTION = re.compile(r"(?<![\d\-/.:])\d{10,}(?![\d\-/.:])")


def short_embedded(text: str) -> set[str]:
    """Dates a YYMMDD inside a number of ten digits or more may be, on a line that prints no date."""
    if _in_text(text) or _compact(text):
        return set()
    found = set()
    for run in _TRANSACTION.findall(compact(text)):
        for m in re.finditer(r"(?=(\d{2})(\d{2})(\d{2}))", run):
            iso = domain.real_date(2000 + int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso and _not_future(iso):
                found.add(iso)
    return found


def _score(groups: dict[str, list[Seen]], embedded: set[str],
           short: frozenset[str] = frozenset()) -> list[list]:
    """[score, signals, iso, labelled, bad weekday, strong witnesses, eng agrees] for each date read; `short`
    are dates a transaction number's YYMMDD backs (short_embedded): support only, never a rival."""
    scored = []
    for iso, reads in groups.items():
        lines = {s.line for s in reads if s.source not in ("alt", "repaired")}
        # Independent evidence: another printed line, the date inside a number, the printed weekday.
        inside = iso in embedded or (iso in short and bool(lines))
        strong = len(lines) + inside + any(s.weekday_ok for s in reads)
        # The eng re-reading of the same pixels agreeing: support, but not a second witness.
        alt = any(s.source == "alt" for s in reads)
        signals = strong + alt
        bad_weekday = any(s.weekday_ok is False for s in reads) and not any(s.weekday_ok for s in reads)
        labelled = any(s.labelled for s in reads)
        first = min(s.line for s in reads)
        score = (0.6 if labelled else 0.4) + 0.1 * signals - (0.3 if bad_weekday else 0) - 0.002 * first
        scored.append([score, signals, iso, labelled, bad_weekday, strong, alt and bool(lines)])
    for iso in embedded - set(groups):
        if any(_year_only(iso, other) for other in groups):
            scored.append([0.35, 1, iso, False, False, 1, False])  # only in a number: a rival for the year
    return scored


# A label of the time a slip or a folio was printed (출력일시, 인쇄일시, PRINTED): no sale's or stay's date.
PRINTED = ("출력", "인쇄", "PRINT")


def resolve(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...] = ()) -> Candidate | None:
    """The date of the document, sure only when two independent signals agree, and never when it rests
    only on readings whose order of day and month is a guess ('03-04-2026').

    A date beside a print label (PRINTED) is labelled only when it is the page's only date: a reprint or
    a folio printed after the stay prints the day it was printed beside the day of the sale or the stay.
    """
    seen = collect(doc, labels, exclude + PRINTED)
    if len({s.iso for s in seen}) == 1:
        seen = collect(doc, labels, exclude)  # one date: the time of printing is the time of the sale
    found = _resolve(doc, seen)
    reads = [s.source for s in seen if found and s.iso == found.value]
    if reads and all(source == "order" for source in reads):
        return Candidate(found.value, min(found.score, 0.5), "order-guess")
    return found


def _resolve(doc: Doc, seen: list[Seen]) -> Candidate | None:
    """The best-backed date of those seen."""
    if not seen:
        return None
    embedded = _embedded(doc)
    groups: dict[str, list[Seen]] = {}
    for s in seen:
        groups.setdefault(s.iso, []).append(s)
    short = frozenset(iso for line in doc.lines for iso in short_embedded(line.text))
    scored = _score(groups, embedded, short)
    scored.sort(key=lambda t: -t[0])
    top = scored[0]
    # A rival counts when it is labelled too, or has more support: a ticket's purchase date is no rival.
    rivals = [t for t in scored[1:] if not t[4] and (t[3] or t[1] > top[1] or not top[3])]
    if top[3] and _departure_only(doc, top[2]):
        # A stay's bill: the arrival and each night are printed before the departure, no rivals of it. Not
        # when the date is a night's too: a departure misread a day early reads as the last night.
        rivals = [t for t in rivals if not 0 < (dt.date.fromisoformat(top[2])
                                                - dt.date.fromisoformat(t[2])).days <= 60]
    years = [t for t in scored[1:] if _year_only(top[2], t[2]) and not t[4]]
    if years and years[0][1] >= top[1] - 1 and not top[1] >= 3:
        # Two readings disagree on the year alone. A year apart, the earlier year is the usual truth (5 read
        # as 6, whatever the count of readings); further apart (25 read 20 in the `eng` re-reading of a
        # two-digit year), the year more printed lines give wins, the earlier between equals.
        near = abs(int(top[2][:4]) - int(years[0][2][:4])) == 1
        pick = max(top, years[0], key=lambda t: (0 if near else t[5], -int(t[2][:4])))
        return Candidate(pick[2], 0.5, "year-conflict")
    if top[4]:
        fixed = _year_fix(top[2], next(s.weekday for s in groups[top[2]] if s.weekday))
        if fixed:
            return Candidate(fixed, 0.55, "weekday")
    if rivals and rivals[0][1] >= top[1]:
        return Candidate(top[2], 0.5, "conflict")
    if all(s.source == "repaired" for s in groups[top[2]]):
        return Candidate(top[2], 0.45, "year-repaired")
    if top[5] >= 2 and top[3]:
        return Candidate(top[2], 0.95, "agree")
    if top[5] >= 2 or (top[3] and top[6] and not rivals):
        return Candidate(top[2], 0.8, "agree")
    if top[3] and not rivals:
        return Candidate(top[2], 0.7, "label")
    return Candidate(top[2], 0.5 if top[3] else 0.4, "anywhere")


def _year_only(a: str, b: str) -> bool:
    """Same month and day, another year."""
    return a[4:] == b[4:] and a[:4] != b[:4]


def _year_fix(iso: str, weekday: str) -> str | None:
    """The year before (or after) whose same day falls on the printed weekday, if it is not in the future."""
    day = dt.date.fromisoformat(iso)
    for delta in (-1, 1):
        try:
            other = day.replace(year=day.year + delta)
        except ValueError:
            continue
        if WEEKDAYS[other.weekday()] == weekday and _not_future(other.isoformat()):
            return other.isoformat()
    return None


# A stay's first night (ARRIVAL, CHECK-IN, 체크인, 입실): a bill is dated by the departure.
ARRIVAL = re.compile(r"ARRIVAL|CHECK-?IN|체크인|입실")
DEPARTURE = re.compile(r"DEPARTURE|CHECK-?OUT|체크아웃|퇴실")


def _departure_only(doc: Doc, iso: str) -> bool:
    """The date is read on a row naming a stay's departure (DEPARTURE, CHECK-OUT, 퇴실), and on no other."""
    rows = list(doc.row_texts)
    on = [bool(DEPARTURE.search(compact(r).upper())) for r in rows if any(d == iso for d, _ in _in_text(r))]
    return bool(on) and all(on)


def stay_departure(doc: Doc, found: Candidate | None) -> Candidate | None:
    """A date read on a stay's arrival row gives way to the latest later date of the stay (within 60 days).

    When the departure label was misread ('회실일' for 퇴실일), or the arrival printed twice (its row and
    the first night's), the arrival date won; the night dates and the departure printed under it are
    later, and the bill is dated by the last. Reported under 0.6 (a guess) unless read on the departure's
    row.
    """
    if found is None:
        return None
    rows = list(doc.row_texts)
    arrival = [r for r in rows if ARRIVAL.search(compact(r).upper())]
    if not any(found.value == iso for r in arrival for iso, _ in _in_text(r)):
        return found
    start = dt.date.fromisoformat(found.value)
    later = {iso for r in rows if r not in arrival for iso, _ in _in_text(r)
             if 0 < (dt.date.fromisoformat(iso) - start).days <= 60}
    if not later:
        return found
    # Read on the departure's own row, its label legible, it is the bill's date as printed: as sure as one
    # clean witness (confidence.py checks it against the nights); else a guess among the stay's dates.
    return Candidate(max(later), 0.8 if _on_departure_row(doc, max(later)) else 0.55, "stay-departure")



# The stay's length as a bill prints it ('Nights 2', '숙박일수 2', '2박'), and the rows charging a room for
# a night (ROOM RATE, ROOM CHARGE, 객실료; not 'Room No.').
NIGHTS = re.compile(r"NIGHTS?|숙박일수|박수")
_NIGHT_COUNT = re.compile(r"(?<![\d.,:/-])(\d{1,2})(?![\d.,:/-])")
_N_BAK = re.compile(r"(?<![\d.,])(\d{1,2})\s*박(?![가-힣])")
ROOM_CHARGE = re.compile(r"ROOM(?!NO)|객실료|숙박료|객실요금|숙박비")


def room_rows(doc: Doc) -> list[str]:
    """The texts of the rows charging a room, the nights of a stay; a row's `eng` reading counts, as
    Korean models read ROOM as digits ('18000 Charge')."""
    return [text for row, text in zip(doc.rows, doc.row_texts)
            if any(ROOM_CHARGE.search(compact(f"{l.text} {l.alt or ''}").upper()) for l in row)]


def stay_nights(doc: Doc) -> int | None:
    """The number of nights the bill prints, when it prints one number for it."""
    said = set()
    for row, text in zip(doc.rows, doc.row_texts):
        if NIGHTS.search(compact(text + " " + " ".join(l.alt or "" for l in row)).upper()):
            said |= {int(n) for n in _NIGHT_COUNT.findall(text)}
        said |= {int(n) for n in _N_BAK.findall(text)}
    said = {n for n in said if 1 <= n <= 30}
    return said.pop() if len(said) == 1 else None


def stay_end(doc: Doc) -> tuple[str | None, int]:
    """The departure the stay's length gives, and how many ways: the arrival plus the nights, and the last
    night charged plus one when the bill charges as many nights as it says. None when they disagree."""
    nights = stay_nights(doc)
    if not nights:
        return None, 0
    rows = list(doc.row_texts)
    ends = {iso for r in rows if ARRIVAL.search(compact(r).upper()) for iso, _ in _in_text(r)}
    ends = [dt.date.fromisoformat(ends.pop()) + dt.timedelta(days=nights)] if len(ends) == 1 else []
    charged = [r for r in room_rows(doc) if not ARRIVAL.search(compact(r).upper())
               and not DEPARTURE.search(compact(r).upper())]
    dated = {iso for r in charged for iso, _ in _in_text(r)}
    if len(charged) == nights and dated:
        ends.append(dt.date.fromisoformat(max(dated)) + dt.timedelta(days=1))
    if not ends or len(set(ends)) > 1 or not _not_future(ends[0].isoformat()):
        return None, 0
    return ends[0].isoformat(), len(ends)


def _on_departure_row(doc: Doc, iso: str) -> bool:
    """The date is read on a row naming the stay's departure."""
    return any(DEPARTURE.search(compact(r).upper()) and any(d == iso for d, _ in _in_text(r))
               for r in doc.row_texts)


STAY_CHECKED = 0.8  # a departure read on its row that the arrival and the nights lead to
STAY_DERIVED = 0.5  # a departure only the nights give (its own row illegible, or at odds with them)


def stay_length(doc: Doc, found: Candidate | None) -> Candidate | None:
    """A stay's bill checked by its length: the arrival plus the nights (or the last night charged plus
    one) is the departure the bill is dated by.

    A departure read on its row and landed on by that sum has two witnesses. A date that is no departure
    (a night, the arrival, the departure's row illegible) gives way to the sum, unsure; a departure read on
    its row that the sum misses is kept, unsure, unless both ways of counting agree against it.
    """
    end, ways = stay_end(doc)
    if end is None or (found is not None and found.value == end and not _on_departure_row(doc, end)):
        return found
    if found is not None and found.value == end:
        return Candidate(end, max(found.score, STAY_CHECKED), "stay-length")
    if found is not None and _on_departure_row(doc, found.value) and ways < 2:
        return Candidate(found.value, min(found.score, STAY_DERIVED), found.source)
    return Candidate(end, STAY_DERIVED, "stay-length")
