"""Text normalisation and value parsers shared by every document parser."""

from __future__ import annotations

import re
import unicodedata

from ocr import domain

ARROWS = re.compile(r"\s*(?:[→⇒➔➜➝▷》»≫⟩]|->|-{1,2}>|[ㅡ\u1173]+>?|—+>?|=>|▶|►|▸|〉|>"
                    r"|\s[-~*ㅡ]\s|\s-\*\s)\s*")
_SPACED = re.compile(r"(?<![가-힣])((?:[가-힣] ){1,}[가-힣])(?![가-힣])")
_AMOUNT = re.compile(r"(?<![\d-])(-?\s?\d{1,3}(?:[,.]\s?\d{3})+|-?\d{1,7})(?:\s*원)?(?![\d:])")
_DATE = re.compile(r"(20\d{2}|\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*일?")
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
    """The first real date in the text, ISO."""
    for m in _DATE.finditer(text):
        iso = domain.real_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            return iso
    return None


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
