"""Text normalisation and value parsers shared by every document parser."""

from __future__ import annotations

import re
import unicodedata

from ocr import domain

ARROWS = re.compile(r"\s*(?:[→⇒➔➜➝▷》»≫⟩]|->|-{1,2}>|[ㅡ\u1173]+>?|—+>?|=>|▶|►|▸|〉|>"
                    r"|\s[-~*ㅡ]\s|\s-\*\s)\s*")
_SPACED = re.compile(r"(?<![가-힣])((?:[가-힣] ){1,}[가-힣])(?![가-힣])")
# A rate printed beside a label or an amount ('TAX (VAT 10%)', '할인 10%'): no amount of money.
RATE = re.compile(r"\d{1,3}(?:\.\d+)?\s*%")
# An amount printed with its thousands grouped (12,500; 1.234.000), whole: no digit, comma or point
# runs on either side of it.
GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:[,.]\d{3})+(?![\d,.])")
# A business registration number (123-45-67890), the pattern only: each use sets its own boundaries.
BRN = r"\d{3}-\d{2}-\d{5}"
# A registration, phone or ticket number (123-45-67890, 1544-7788, 21671-1230-72571-78): no amount.
CODE = re.compile(BRN + r"|\d{4,}-\d{4}")
# A number joined to the next by a hyphen ('53194-4600-..', a card's or phone's groups) is a code, no amount;
# so is one whose first hyphen was read as a point ('702.49-56365', a registration number).
_AMOUNT = re.compile(r"(?<![\d-])(-?\s?\d{1,3}(?:[,.]\s?\d{3})+|-?\d{1,7})(?:\s*원)?"
                     r"(?![\d:]|-\d|[.,]\d{1,4}-\d)")
# A day is never followed by another digit, save a time glued to it ('2024-05-0612:30'): in '02-08-2024' (a
# date with the year last) 02-08-20 is no date.
DAY_END = r"(?!\d(?!\d?[:;]\d))"
_DATE = re.compile(r"(?<!\d)(20\d{2}|\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})" + DAY_END
                   + r"\s*일?")
_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3])\s*(?:[:;]|시)\s*([0-5]\d)(?!\d)")


# A hyphen in a number read as the vowel ㅡ or a long dash ('24-01-ㅡ24', '76053—0124', '003ㅡ99'), and a
# minus read as a long dash ('—6,100'); between letters the same marks are a route's arrow.
_DASH_MISREAD = re.compile(r"(?<=\d)\s*-?\s*[ㅡ\u1173—–−]+\s*-?\s*(?=\d)|(?<=\d-)\s*[ㅡ\u1173—–]+\s*(?=\d)")
_MINUS_MISREAD = re.compile(r"(?<![\w\d])[—–−ㅡ](?=\s?\d)")


def normalise(text: str) -> str:
    """NFKC, one spacing, spaced syllables joined (부 가 세 -> 부가세), OCR'd arrows unified, dashes in
    numbers read as ㅡ or — put back."""
    s = unicodedata.normalize("NFKC", text)
    s = s.replace("，", ",").replace("‚", ",").replace("：", ":")
    s = " ".join(s.split())
    s = _SPACED.sub(lambda m: m.group(1).replace(" ", ""), s)
    s = _DASH_MISREAD.sub("-", s)
    return _MINUS_MISREAD.sub("-", s)


_SPACES = re.compile(r"\s+")


def compact(text: str) -> str:
    """Text without spaces, for label matching."""
    return _SPACES.sub("", text)


def parse_amount(text: str) -> int | None:
    """The first KRW amount in the text ('59,800원' -> 59800)."""
    values = amounts(text)
    return values[0] if values else None


def amounts(text: str) -> list[int]:
    """All amounts in the text, in order; '7 200' read for '7,200' is accepted."""
    text = re.sub(r"(?<=\d) (?=\d{3}(?!\d))", ",", text)
    text = re.sub(r"(?<=\d)[,.]{2,}(?=\d)", ",", text)
    text = re.sub(r"(?<=\d)\s*,\s*(?=\d{3}(?!\d))", ",", text)
    out = []
    for m in _AMOUNT.finditer(text):
        raw = re.sub(r"[\s,.]", "", m.group(1))
        try:
            out.append(abs(int(raw)))
        except ValueError:
            continue
    return out


def parse_date(text: str) -> str | None:
    """The first real date in the text, ISO (year first, or else an English or year-last form)."""
    for m in _DATE.finditer(text):
        iso = domain.real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            return iso
    found = year_last_dates(text)
    return found[0][0] if found else None


# English month names, as hotel folios, boarding passes and foreign card terminals print them.
_MON = (r"(JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEP(?:T(?:EMBER)?)?"
        r"|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)(?![A-Z])\.?")
_EN_MDY = re.compile(rf"(?<![A-Z]){_MON}\s*(\d{{1,2}})(?:ST|ND|RD|TH)?(?!\d)\s*,?\s*(20\d{{2}})(?!\d)", re.I)
_EN_DMY = re.compile(rf"(?<![\d.])(\d{{1,2}})\s*[-/ ]?\s*{_MON}\s*[-/,]?\s*(20\d{{2}}|\d{{2}})(?!\d)", re.I)
# Day and month before a four-digit year ('03-04-2026', '16/08/2025'), as systems set up abroad print them.
_YEAR_LAST = re.compile(r"(?<![\d.\-/])(\d{1,2})\s*([.\-/])\s*(\d{1,2})\s*\2\s*(20\d{2})(?![\d.\-/])")


def _month(name: str) -> int:
    return ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"].index(
        name[:3].upper()) + 1


def month_first(text: str) -> bool | None:
    """Whether a page's year-last dates put the month first: True when one of them has a day over 12 in
    second place ('08-16-2025'), False when in first place ('16-08-2025'), None when none tells."""
    says = {int(a) <= 12 for a, _, b, _ in _YEAR_LAST.findall(text) if (int(a) > 12) != (int(b) > 12)}
    return says.pop() if len(says) == 1 else None


def year_last_dates(text: str, first_is_month: bool | None = None) -> list[tuple[str, bool]]:
    """(iso, sure of the order) for each date written with an English month or with the year last. With
    day and month both 12 or under and nothing saying which comes first, the month is taken first (the
    order English-language systems print) and the reading is not sure."""
    out = []
    for m in _EN_MDY.finditer(text):
        iso = domain.real_date(int(m.group(3)), _month(m.group(1)), int(m.group(2)))
        out += [(iso, True)] if iso else []
    for m in _EN_DMY.finditer(text):
        iso = domain.real_date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
        out += [(iso, True)] if iso else []
    for m in _YEAR_LAST.finditer(text):
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if a > 12 or b > 12 or a == b:
            iso = domain.real_date(year, b, a) if a > 12 else domain.real_date(year, a, b)
            out += [(iso, True)] if iso else []
            continue
        month, day = (a, b) if first_is_month is not False else (b, a)
        iso = domain.real_date(year, month, day)
        out += [(iso, first_is_month is not None)] if iso else []
    return out


def parse_time(text: str, nth: int = 0) -> str | None:
    """The nth HH:MM in the text, zero-padded."""
    found = [(m.group(1), m.group(2), text[max(0, m.start() - 4):m.start()]) for m in _TIME.finditer(text)]
    if not found and nth == 0:
        # A lone time whose colon was read as 1, |, ; or . ('18106' for 18:06).
        m = re.fullmatch(r"\s*\(?([01]\d|2[0-3])[1|Il!;.,]([0-5]\d)\)?\s*", text)
        found = [(m.group(1), m.group(2), "")] if m else []
    if len(found) <= nth:
        return None
    h, m, before = found[nth]
    hour = int(h) + (12 if ("오후" in before or "PM" in before.upper()) and int(h) < 12 else 0)
    return f"{hour:02d}:{m}"


def strip_label(text: str, label: str) -> str:
    """What follows a label in a line, without the colon."""
    idx = compact(text).find(label)
    if idx < 0:
        return text
    # Map the compact index back onto the spaced text.
    count, pos = 0, 0
    for pos, ch in enumerate(text):
        if not ch.isspace():
            if count == idx + len(label):
                break
            count += 1
    else:
        pos = len(text)
    return text[pos:].lstrip(" :;.|)]").strip()


def split_arrow(text: str, *, dash: bool = False) -> tuple[str, str] | None:
    """'서울 → 부산' -> ('서울', '부산'), for the arrow however OCR rendered it; '서울-부산' with dash."""
    parts = ARROWS.split(text, maxsplit=1)
    if len(parts) != 2 and dash:
        parts = re.split(r"(?<=[가-힣)])\s*[-~–.·ㆍ]\s*(?=[가-힣])", text, maxsplit=1)
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return parts[0].strip(), parts[1].strip()
    return None
