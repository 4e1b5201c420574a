"""What a confidence means, in one place: each key value checked against the evidence on the page.

The parsers choose the values and say how sure they are. This pass, run once when the result is built,
only ever lowers that claim, to what the page can back:

- A *witness* is a line whose own reading gives the value (the amount, the date in any of its written
  forms), or an independent check landing on it: printed parts that add up to it (supply + VAT, fare -
  discount), the printed weekday that fits the date, the date inside another line's number. The `eng`
  re-reading of the same pixels is no witness: both models misread the same smudge alike.
- A value is sure (0.9 or more) only with two witnesses; with one it is at most 0.8.
- With one witness it is reported under 0.6 (highlighted for the traveler to check) when that witness is
  doubtful: its line was read with low confidence, the photo is damaged (a low mean line confidence),
  or the value itself looks misread (an amount not in tens of won, a date field that lost a digit).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ocr.model import TextLine
from ocr.parsers import dates as D, fields as F, money
from ocr.parsers.checks import one_digit_apart
from ocr.parsers.layout import Doc
from ocr.parsers.text import amounts, compact

SURE = 0.6  # under this the phone and the approval page highlight the value
DOUBTFUL = 0.55  # at most, for a value with one doubtful witness
ONE_WITNESS = 0.8  # at most, for a value with one clean witness
FAINT_LINE = 0.6  # a line Tesseract read with less confidence than this is a doubtful witness
DAMAGED_PAGE = 0.75  # a page whose mean line confidence is under this is a damaged photo ...
CRISP_LINE = 0.9  # ... where a lone witness must be read at least this surely


@dataclass
class Evidence:
    """What the page shows for one value."""

    lines: list[TextLine] = field(default_factory=list)  # distinct lines reading the value
    checks: list[str] = field(default_factory=list)  # independent checks landing on it
    doubts: list[str] = field(default_factory=list)  # why its one witness may be misread
    rivals: list[str] = field(default_factory=list)  # why another value may be the one meant

    @property
    def witnesses(self) -> int:
        """Independent signals for the value."""
        return len(self.lines) + len(self.checks)

    def cap(self) -> float:
        """The highest confidence this evidence allows."""
        if self.rivals:
            return DOUBTFUL
        if self.witnesses >= 2:
            return 1.0
        if self.doubts or not self.witnesses:
            return DOUBTFUL
        return ONE_WITNESS


def page_quality(doc: Doc) -> float:
    """Mean line confidence over the page, weighted by text length (1.0 for a text layer)."""
    total = sum(len(l.text) for l in doc.lines)
    return sum(l.conf * len(l.text) for l in doc.lines) / total if total else 1.0


def calibrate(kind: str, doc: Doc, fields: dict[str, Any], conf: dict[str, float]) -> dict[str, Evidence]:
    """Lower each key value's confidence to what its evidence allows; returns the evidence per field."""
    damaged = page_quality(doc) < DAMAGED_PAGE
    found: dict[str, Evidence] = {}
    gatherers = [("total_amount", _total), ("date", _date)]
    if kind in ("rail_ticket", "bus_ticket"):
        gatherers.append(("vehicle_no", _vehicle))  # a taxi plate has its own pattern and region list
    for name, gather in gatherers:
        value = fields.get(name)
        if value is None or name not in conf:
            continue
        ev = gather(doc, value, fields)
        if ev.witnesses == 1:
            ev.doubts += _line_doubts(ev.lines, damaged)
        found[name] = ev
        conf[name] = round(min(conf[name], ev.cap()), 2)
    return found


def _line_doubts(lines: list[TextLine], damaged: bool) -> list[str]:
    """Reasons to doubt a value's only printed witness."""
    if not lines:
        return []
    if lines[0].conf < FAINT_LINE:
        return ["faint line"]
    if damaged and lines[0].conf < CRISP_LINE:
        return ["damaged page, line not crisp"]
    return []


def _total(doc: Doc, value: int, fields: dict[str, Any]) -> Evidence:
    """Lines printing the amount, and printed parts adding up to it."""
    printing = [l for l in doc.lines if value in amounts(l.text)]
    ev = Evidence(lines=[l for l in printing if not _cut(l.text, value)])
    if len(ev.lines) < len(printing):
        ev.doubts.append("cut at a thousands separator")  # '107.' for 107,700: the edge hid the rest
    if len(ev.lines) == 1:
        ev.doubts += _glued(ev.lines[0].text, lambda s: _as_int(s) == value, after="원")
    supply, vat = fields.get("supply_amount"), fields.get("vat")
    fare, discount = fields.get("fare"), fields.get("discount")
    printed = money.resolve(doc, fallback=False)
    sums = set(printed.checks.get(value, []))  # gross - discount, paid - refund, supply + VAT
    if supply and vat and supply + vat == value:
        sums.add("supply+vat")
    if fare and discount and fare - discount == value:  # an implied zero discount is no check
        sums.add("fare-discount")
    ev.checks += sorted(sums)
    shown = _printed_amounts(doc)
    paid = {r.value for r in printed.reads if r.label in money.FINAL + money.PAID + money.MEANS}
    if "paid-refund" in sums and value in shown:
        # What is left printed, the payment less a printed refund: the payment is the sale before it.
        paid = {p for p in paid if p - value not in shown}
    if paid and value not in {r.value for r in printed.reads}:
        # Taken from a line that does not name the payment (요금, 운임) while a payment line (카드결제,
        # 결제금액) gives another amount: which one was paid is a guess.
        ev.rivals.append("a payment line gives another amount")
    deducted = {v for v, how in printed.checks.items() if v != value
                and {"gross-discount", "paid-refund"} & set(how) and v in shown}
    if deducted:
        # The amount before a discount or refund, less it, is printed on another line: that may be the
        # paid amount and this one misread (결제금액 16,600; 판매금액 20,700 - 쿠폰 2,100 = 18,600 printed).
        ev.rivals.append("a printed deduction lands on another printed amount")
    last = {r.value for r in printed.reads if r.label in money.FINAL}
    if last - {value}:
        # A line naming the final amount (최종결제금액, 잔여승인금액, TOTAL) gives another one: the value is
        # a subtotal or the sale before a refund, however well its parts add up.
        ev.rivals.append("a final-amount line gives another amount")
    extras = list(money.printed_extras(doc))
    final = {r.value for r in printed.reads if r.label in money.FINAL + money.PAID}
    if value not in final and _plus_extra(doc, value, ev.lines, extras):
        ev.rivals.append("with a printed extra it adds up to another printed amount")
    if not fare:  # a bare 요금 / 운임, when the page prints one amount after it
        fares = set(_amounts_after(doc, F.FARE))
        fare = fares.pop() if len(fares) == 1 else None
    explained = {"gross-discount", "gross-minus"} & sums  # a printed cut the money checks found
    cut = discount or (printed.discount.value if printed.discount else 0)
    if fare and fare != value and any(x and fare + x - cut == value for x in extras):
        # A taxi's fare, plus its call fee or toll, less the coupon: three printed amounts landing on it.
        ev.checks.append("fare+extras-discount")
    elif fare and fare != value and not discount and value - fare not in extras and not explained:
        # The fare (요금, 운임) and the payment differ and no printed extra or discount explains the gap.
        ev.rivals.append("the printed fare and extras do not add up to it")
    if value % 10:
        ev.doubts.append("not in tens of won")  # Korean prices are whole tens: a digit was lost or added
    if _tax_of_another_sale(value, supply, vat):
        # '합계 16,600' over 공급가액 16,909 + 부가세 1,691 (18,600): the printed tax is more than the total
        # holds and fits a sale one digit from it. One of them was misread; the total alone is no sure read.
        ev.doubts.append("the printed tax fits a larger sale one digit off")
    if _items_one_digit_off(shown, printed, value) and not sums:
        # Many legible item rows add up to a sum one digit from the total, the gap printed nowhere (no
        # delivery fee or discount explains it) and the sum under no label of its own (a 주문금액): one
        # of them was misread. The total stays as read, unsure; the sum replaces it never.
        ev.rivals.append("the item rows add up to a sum one digit off")
    return ev


def _items_one_digit_off(shown: set[int], printed: money.Money, value: int) -> bool:
    """The page's many legible item rows add up to an amount one digit from the value, the gap among
    none of the amounts `shown` on the page."""
    items = printed.items
    if items is None or not items.many or not one_digit_apart(items.total, value):
        return False
    return abs(items.total - value) not in shown and items.total not in {r.value for r in printed.reads}


VAT_SLACK = 10  # won: a POS rounds the VAT to the won or to ten won


def _tax_of_another_sale(value: int, supply: int | None, vat: int | None) -> bool:
    """The printed VAT (with the supply, when printed beside it) is too much for the total and is the tax of
    a sale one digit from it in its thousands or above (16,600 for 18,600; 59,800 for 69,800).

    VAT under the total's share is no sign (tax-free goods are in the total), nor a digit in the tens."""
    if not vat or vat <= 0:
        return False
    if supply:
        sale = supply + vat
        fits = abs(supply - 10 * vat) <= 10 * VAT_SLACK
        return fits and sale > value and one_digit_apart(sale, value) and sale - value >= 1000
    if 11 * vat <= value + 11 * VAT_SLACK:
        return False
    text = str(value)
    for i, digit in enumerate(text[:-3]):
        for other in "0123456789":
            sale = int(text[:i] + other + text[i + 1:])
            if other != digit and sale > value and abs(11 * vat - sale) <= 11 * VAT_SLACK:
                return True
    return False


def _printed_amounts(doc: Doc) -> set[int]:
    """Every amount printed on the page."""
    return {v for l in doc.lines for v in amounts(l.text)}


def _amounts_after(doc: Doc, labels: tuple[str, ...]) -> list[int]:
    """The amounts printed after each of these labels (exact labels only)."""
    return [got[0] for line, label, _ in doc.find_labels(labels, fuzzy=False)
            if (got := money.value_after(doc, line, label)) and got[0]]


def _plus_extra(doc: Doc, value: int, own: list[TextLine], extras: list[int]) -> bool:
    """The value plus a printed extra (toll, call fee, tip) is printed elsewhere: the value is a part."""
    others = {v for l in doc.lines if l not in own for v in amounts(l.text)}
    return any(x and value + x in others for x in extras)


def _date(doc: Doc, value: str, fields: dict[str, Any]) -> Evidence:
    """Lines printing the date (any written form), the weekday beside it, the date inside a number."""
    ev = Evidence()
    digits = value.replace("-", "")
    weekday = D.WEEKDAYS[dt.date.fromisoformat(value).weekday()]
    other_day = False  # a weekday printed beside the date that is not its own
    for line in doc.lines:
        flat = compact(line.text)
        read = [wd for iso, wd in D._in_text(line.text) if iso == value]
        if read or value in D._compact(line.text):
            ev.lines.append(line)
            if weekday in read:
                ev.checks.append("weekday")  # another printed word that fits the date
            other_day = other_day or any(wd and wd != weekday for wd in read)
            if _lost_digit(line.text, value):
                ev.doubts.append("a date field lost a digit")
        elif digits in flat or value in D.short_embedded(line.text):
            ev.checks.append("inside a number")  # 20250403, or 250403 inside a transaction number
    if other_day and "weekday" not in ev.checks:
        # '2024-03-07(토)': the 7 of a 9 misread, or the year (dates.py puts a year right when the weekday
        # fits another). The printed weekday says the date as read is not the one printed.
        ev.rivals.append("the printed weekday is another day's")
    if any(D.ARRIVAL.search(compact(_row_text(doc, l)).upper()) for l in ev.lines):
        # The first night of a stay: a bill is dated by the departure, which was not read.
        ev.rivals.append("the arrival date of a stay")
    elif _stay(doc, value) and _a_night(doc, value):
        # A room charged on the date: a night of the stay, not its departure (misread a day early), which
        # a bill is dated by; or the departure not read at all.
        ev.rivals.append("a night of the stay")
    elif len(ev.lines) == 1 and not ev.checks and _stay(doc, value):
        # A folio prints the arrival, each night and the departure, a day apart: one digit misread gives
        # another date of the stay, as clean as the right one. A departure is checked by the nights that
        # lead up to it; read once and not so checked, it is a guess among the stay's dates.
        if _nights_lead_to(doc, value) or D.stay_end(doc)[0] == value:
            ev.checks.append("the stay's nights lead to it")
        else:
            ev.doubts.append("one of a stay's several dates, not cross-checked")
    if not ev.rivals and "the stay's nights lead to it" not in ev.checks and _stay(doc, value) \
            and not D._on_departure_row(doc, value) and _later_in_stay(doc, value):
        # A bill is dated by the stay's last day: a later date of the stay printed on it (its labels
        # misread, or its values drifted a row off them on a slanted page) is the one meant.
        ev.rivals.append("a later date of the stay is printed")
    if not ev.lines:  # a date the detector cut into two boxes of one row ('2026년 5월 | 17일')
        ev.lines += [row[0] for row, text in zip(doc.rows, doc.row_texts) if len(row) > 1
                     and any(iso == value for iso, _ in D._in_text(text))]
    return ev


def _stay_rows(doc: Doc) -> tuple[list[str], list[str]]:
    """The texts of the page's rows, and those naming a stay's arrival (ARRIVAL, 입실)."""
    rows = list(doc.row_texts)
    return rows, [r for r in rows if D.ARRIVAL.search(compact(r).upper())]


def _stay(doc: Doc, value: str) -> bool:
    """A stay's bill: an arrival, departure or nights row, and dates other than the value printed."""
    rows, arrival = _stay_rows(doc)
    if not arrival and not any(_STAY_ROW.search(compact(r).upper()) for r in rows):
        return False
    return any(iso != value for r in rows for iso, _ in D._in_text(r)) or _later_in_stay(doc, value)


# A row only a stay's bill prints: its departure, or the nights it counts.
_STAY_ROW = re.compile(rf"{D.DEPARTURE.pattern}|NIGHTS?|숙박일수")


def _later_in_stay(doc: Doc, value: str) -> bool:
    """A date up to 30 days after the value is printed on the page (the stay went on past it), in a row
    or in a line's `eng` reading (an English folio's 'Check Out 21 AUG 2025' the Korean model garbles)."""
    day = dt.date.fromisoformat(value)
    texts = doc.row_texts + [l.alt for l in doc.lines if l.alt]
    return any(0 < (dt.date.fromisoformat(iso) - day).days <= 30 for t in texts for iso, _ in D._in_text(t))


def _a_night(doc: Doc, value: str) -> bool:
    """A row charging a room (ROOM CHARGE, 객실료) prints the date."""
    return any(any(iso == value for iso, _ in D._in_text(r)) for r in D.room_rows(doc))


def _nights_lead_to(doc: Doc, value: str) -> bool:
    """The date is read on a departure row, and the arrival's date and every night up to the day before
    it are printed on other rows (a folio's room charge lines), the value on none of them."""
    rows, arrival = _stay_rows(doc)
    departure = [r for r in rows if D.DEPARTURE.search(compact(r).upper())]
    if not any(iso == value for r in departure for iso, _ in D._in_text(r)):
        return False
    first = {iso for r in arrival for iso, _ in D._in_text(r)}
    others = [r for r in rows if r not in departure]
    if len(first) != 1 or any(iso == value for r in others for iso, _ in D._in_text(r)):
        return False
    start, end = dt.date.fromisoformat(first.pop()), dt.date.fromisoformat(value)
    # Nights are the rows charging a room: a breakfast or minibar row dated the day of departure is no
    # night, and counted as one it would lead to the day after, a departure misread a day late.
    charged = [r for r in D.room_rows(doc) if r in others]
    printed = {iso for r in charged for iso, _ in D._in_text(r)}
    printed |= {(int(m.group(1)), int(m.group(2))) for r in charged for m in _MONTH_DAY.finditer(r)}
    nights = [start + dt.timedelta(days=k) for k in range((end - start).days)]
    return 0 < len(nights) <= 30 and all(n.isoformat() in printed or (n.month, n.day) in printed
                                         for n in nights)


# A night printed without its year ('03/27 Room Charge').
_MONTH_DAY = re.compile(r"(?<![\d.\-/])(\d{1,2})[./-](\d{1,2})(?![\d.\-/:])")


def _row_text(doc: Doc, line: TextLine) -> str:
    """The text of the row a line sits in: its label may be a box of its own ('입실일 | 2025-07-04')."""
    return next((text for row, text in zip(doc.rows, doc.row_texts) if any(l is line for l in row)),
                line.text)


_FIELDS = re.compile(r"(?<!\d)(\d{2,4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})(?!\d)")


def _lost_digit(text: str, value: str) -> bool:
    """'22/03/1 06:22': in a zero-padded date (03) a one-digit field lost one of its digits.

    Only dates written with separators are zero-padded; '2024년 11월 1일' is not.
    """
    for m in _FIELDS.finditer(text):
        month, day = m.group(2), m.group(3)
        if int(month) == int(value[5:7]) and int(day) == int(value[8:10]):
            padded = month.startswith("0") or day.startswith("0")
            return padded and len(month) != len(day)
    return False


def _vehicle(doc: Doc, value: str, fields: dict[str, Any]) -> Evidence:
    """Lines printing the vehicle or train number as a number of its own."""
    pattern = re.compile(rf"(?<![\d.,:-]){re.escape(str(value))}(?![\d.,:-])")
    ev = Evidence(lines=[l for l in doc.lines if pattern.search(l.text)])
    if len(ev.lines) == 1:
        ev.doubts += _glued(ev.lines[0].text, lambda s: s == str(value), after="번호열차")
    return ev


_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


def _cut(text: str, value: int) -> bool:
    """'107.' or '107,;' read for 107,700: one to three digits and a separator with nothing after it."""
    return any(m.group(0) == str(value) and re.match(r"[.,][^\d]*$", text[m.end():])
               for m in _NUMBER.finditer(text))


def _as_int(text: str) -> int | None:
    """'158,300' -> 158300."""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else None


def _glued(text: str, same, after: str) -> list[str]:
    """Where the value's digits run into a letter ('658혜' for 6586, '[결제금액158,300'), a digit may have
    been read as that letter, or a bracket or bar before them as a 1 or 7."""
    for m in _NUMBER.finditer(text):
        if not same(m.group(0)):
            continue
        nxt = text[m.end():m.end() + 1]
        prev = text[m.start() - 1:m.start()] if m.start() else ""
        if re.fullmatch(r"[가-힣]", nxt) and nxt not in after:
            return ["runs into a letter"]
        if re.fullmatch(r"[가-힣]", prev) and m.group(0)[0] in "17":
            return ["glued to its label"]
    return []
