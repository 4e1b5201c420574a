"""The amount paid on a receipt: labelled amounts ranked by how final their label is, then cross-checked.

The paid amount is often not the first total: 합계 or 판매금액 come before a discount, a refund or points,
and 받을금액 / 결제금액 / 승인금액 after them. A value is sure only when two independent signals agree:
two printed lines reading the same amount, or an arithmetic check (supply + VAT, gross - discount,
paid - refund) landing on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ocr import domain
from ocr.parsers import fields as F
from ocr.parsers.layout import Candidate, Doc
from ocr.parsers.text import CODE, GROUPED, RATE, amounts, compact, parse_date

# Label classes, most final first, with the weight a read under that label carries.
# 최종 ('final') before any total's label names the amount left after every cut: 최종금액, 최종 합계,
# 최종 승인금액, 최종결제 (the longest label a line reads exactly wins, so 합계 alone is not taken for it).
FINAL = ("잔여승인금액", "잔여결제금액", "취소후금액", "최종결제금액", "최종승인금액", "최종결제액",
         "최종결제", "최종금액", "최종합계", "총결제금액", "실결제금액", "결제총액", "총결제액", "받을금액",
         "받은금액", "청구금액", "영수금액", "지불금액", "결제요금", "AMOUNTDUE", "AMOUNTPAID", "TOTAL")
PAID = ("결제금액", "매출금액", "거래금액", "결제액", "이용금액", "승차권금액", "정산금액")
# How it was paid: the card's share, less than the amount when points or vouchers paid the rest.
MEANS = ("승인금액", "카드결제액", "카드결제", "신용카드", "신용승인", "CREDIT", "카드", "결제")
GROSS = ("합계금액", "판매합계", "요금합계", "운임합계", "총합계", "총금액", "합계", "총액", "할인후금액",
         # the fee of a toll booth, a car park or a ride (통행요금 18,600원 alone on a toll slip)
         "통행요금", "주차요금", "이용요금")
BEFORE = ("판매금액", "주문금액", "상품합계", "총구매액", "구매금액", "소계", "SUBTOTAL", "정상금액")
CLASSES = ((FINAL, 1.0), (PAID, 0.9), (MEANS, 0.85), (GROSS, 0.75), (BEFORE, 0.45))
ALL_LABELS = FINAL + PAID + MEANS + GROSS + BEFORE
# A line with one of these words holds a part of the sum, not the sum.
NOT_TOTAL = ("할인", "감면", "공급", "부가", "과세", "면세", "봉사료", "배달비", "배달료", "포인트", "적립",
             "잔여", "가용", "환불", "취소", "거스름", "잔액", "현금영수증", "단가", "번호", "일시", "일자",
             "개월", "쿠폰", "수단", "종류", "카드사", "사명", "문의", "방법", "DISCOUNT", "NET", "VAT",
             "TAX", "POINT", "SUB", "DC", "NO")
DEMOTE = ("최초", "주문", "정상", "판매")  # 최초 결제금액: what was paid before a refund
SUPPLY = ("과세물품가액", "과세물품", "공급가액", "공급금액", "과세가액", "과세금액", "과세매출", "물품가액",
          "과세합계", "NETAMOUNT", "과세", "^금액")
VAT = ("부가가치세", "부가세액", "부가세", "세액", "VAT")
DISCOUNT = ("할인금액", "할인액", "할인합계", "즉시할인", "행사할인", "쿠폰할인", "할인", "행사", "쿠폰",
            "DISCOUNT", "DCTOTAL", "감면")  # 감면: a car park's or a toll's reduction (경차, 장애인)
REFUND = ("환불금액", "환불", "취소금액", "부분취소")
# Cash handed over and the change given back: what was handed over is no total, it less the change is.
TENDERED = ("받은금액", "받은돈", "TENDERED")
CHANGE = ("거스름돈", "거스름", "잔돈", "CHANGE")
# Part labels specific enough that a line reading one exactly is that part (for `_class_reads`).
PARTS = tuple(l for l in SUPPLY + VAT + DISCOUNT + REFUND if len(l) >= 3 and not l.startswith("^"))
MAX_AMOUNT = 50_000_000
MIN_TOTAL = 100
# A card's last four digits in brackets after its name ('하나카드(1234)', 'KB국민 체크(5678)'): no amount.
_CARD_TAIL = re.compile(r"\s*\(\s*\d{4}\s*\)\s*$")
# The card's name with those digits ('IBK기업(8175)' read '186기업(8175)'): digits before its Hangul are
# misread Latin letters of the name, no amount.
_CARD_NAMED = re.compile(r"^[\w-]*[가-힣](?<!원)\s*\(\s*\d{4}\s*\)\s*$")
# A card number, masked or with its masked digits lost ('4644-3***-****-1234' read '4644 3'): no amount.
_CARD_NO = re.compile(r"\d{4}\s*[-.]?\s*\d{0,4}\s*[*xX#]{2,}"
                      r"|^\D{0,3}\d{4}(?:\s*-\s*|\s+)\d{1,4}(?:\D{0,3}$|\s*[-*])"
                      # the masked groups read as letters: a bare number, then three or more digitless words
                      r"|^\D{0,3}\d{4,6}(?:\s+[^\d\s원,.:]+){3,}\s*$")
_CARD_NO_LABELS = ("카드번호", "카드NO", "CARDNO", "CARDNUMBER")
# An amount printed with a leading zero ('069,600'): no price opens with 0, so a sign or a speck was read
# as one, and the digits after it are as doubtful.
STRAY_ZERO = re.compile(r"-?\s?0\d")
# The won sign as Tesseract reads it: ₩, a backslash, W, or a yen sign before it ('¥W 1,000').
_VALUE_START = re.compile(r"^[\s:;.,|\]\)\[(₩¥\\W*#'\"“”‘’-]*(?:KRW|원)?\s*[\\₩W]?\s*(-?\s?\d)")


@dataclass
class Read:
    """One amount read beside a label."""

    value: int
    weight: float
    line: int
    label: str
    mended: bool = False  # its first digits were marks misread (_marks_as_digits)


@dataclass
class Money:
    """What the printed amounts say, for the total and its parts."""

    total: Candidate | None = None
    supply: Candidate | None = None
    vat: Candidate | None = None
    discount: Candidate | None = None
    notes: list[str] = field(default_factory=list)
    reads: list[Read] = field(default_factory=list)  # every labelled total-like amount
    checks: dict[int, list[str]] = field(default_factory=dict)  # amounts the printed parts add up to
    items: Items | None = None  # the item rows above the first total (item_rows)


def value_after(doc: Doc, line, label: str) -> tuple[int, float, bool] | None:
    """The amount printed right after a label (same line, to its right, then below): (value, proximity,
    whether marks read as its first digits were dropped)."""
    card_lines = _card_number_texts(doc)
    for text, prox in doc.values_near(line, label):
        m = _VALUE_START.match(text)
        if (not m or _CARD_TAIL.match(text) or _CARD_NAMED.match(text) or _CARD_NO.search(text)
                or text in card_lines):
            continue
        rest = text[m.start(1):]
        if RATE.match(rest):
            rest = RATE.sub(" ", rest, count=1).lstrip(" )]")  # 'TAX (VAT 10%) 21,818': the rate is no VAT
            if not re.match(r"-?\s?\d", rest):
                continue
        if re.match(r"-?\s?\d{1,2}\s*[:;]\s*\d{2}|\d{4}[.\-/]\d{1,2}", rest) or parse_date(rest[:12]):
            continue
        found = amounts(rest)
        if not found:
            continue
        value, mended = found[0], _marks_as_digits(doc, text, rest) or _cut_group(doc, text, rest)
        if mended:
            value = mended  # the label is as sure as before; the total is reported unsure (resolve)
        elif "수량" in compact(line.text) and len(found) >= 2:
            value = found[-1]  # 합계수량/금액 3 12,000: the quantity comes first
        if value > MAX_AMOUNT:
            continue
        if line.alt and text == line.alt and text != line.text:
            prox *= 0.75  # only the `eng` re-reading gives it
        if STRAY_ZERO.match(rest):
            prox *= 0.7  # '069,600' for 59,600: no amount opens with 0, a sign was read as one
        return value, prox, bool(mended)
    return None


def printed_extras(doc: Doc) -> tuple[int, ...]:
    """Charges printed on top of a fare (toll, call fee, tip: `fields.EXTRAS`, exact labels), and their
    sum when there are several."""
    found = [got[0] for line, label, _ in doc.find_labels(F.EXTRAS, fuzzy=False)
             if (got := value_after(doc, line, label)) and got[0]]
    return tuple(found + ([sum(found)] if len(found) > 1 else []))


# More than three digits before a thousands group ('[청구금액1434,600' for '[청구금액]\\34,600').
_RUN_GROUP = re.compile(r"(\d{4,6})[,.](\d{3})(?![\d,.])")


def _marks_as_digits(doc: Doc, text: str, rest: str) -> int | None:
    """An amount after its label that opens with more digits than a thousands group holds: a bracket
    or a won sign before it was read as digits. The amount is the one of its tails (34,600, 434,600, or
    all of it, 1,434,600 with a comma lost) that another line of the page prints; None when no tail or
    more than one is."""
    m = _RUN_GROUP.match(rest)
    if not m:
        return None
    run, group = m.groups()
    tails = {int(run[-k:] + group) for k in (1, 2, 3, len(run)) if run[-k] != "0"}
    printed = {v for l in doc.lines if text not in l.text for v in amounts(l.text)}
    found = tails & printed
    return found.pop() if len(found) == 1 else None


# A thousands group and its separator, then no group: nothing, a mark, or digits run into a misread
# ('103,', '177. 00030)'). A group short of a digit or two ('56,70') is left to the second reader
# (pipeline._mend_cut_amounts), which reads the digits that are there.
_CUT_GROUP = re.compile(r"-?\s?(\d{1,3})[,.](?=\s*(?:$|[^\d\s]|\d{4,}))")


def _cut_group(doc: Doc, text: str, rest: str) -> int | None:
    """An amount read as its first group and a separator, its next group lost or misread: the one amount
    opening with that group that another line of the page prints, or else that the page's one VAT split
    (supply and a tenth of it as VAT, both printed) adds up to; None when none or several are."""
    m = _CUT_GROUP.match(rest)
    if not m or m.group(1).startswith("0"):
        return None
    head = int(m.group(1))
    printed = {v for l in doc.lines if not l.text.rstrip().endswith(text.rstrip()) for v in amounts(l.text)}
    found = {v for v in printed if v // 1000 == head}
    if not found:
        found = {s + v for s, v in _vat_splits(printed) if (s + v) // 1000 == head}
    return found.pop() if len(found) == 1 else None


def _card_number_texts(doc: Doc) -> set[str]:
    """Texts of the lines that hold a card number: right of a card-number label or below it when the
    label's own line holds nothing else. Their digits are no amount, however they were misread."""
    out = set()
    for line in doc.lines:
        flat = compact(line.text).upper()
        label = next((l for l in _CARD_NO_LABELS if l in flat), None)
        if label is None:
            continue
        for other, _ in doc.right_of(line):
            out.add(other.text)
        if flat.endswith(label):
            out.update(below.text for below in doc._below(line)[:1])
    return out


def _reads(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...],
           exact: dict[int, str] | None = None, parts: dict[int, float] | None = None) -> list[Read]:
    """Labelled amounts for one label family; lines in `exact` take no fuzzy label of this family, nor
    lines whose misread label is at least as near a part label (`parts`: line id -> fuzzy score)."""
    out, exact = [], exact or {}
    index = {id(l): i for i, l in enumerate(doc.lines)}
    for line, label, lscore in doc.find_labels(labels):
        fuzzy = label not in compact(f"{line.text} {line.alt or ''}").upper()
        if fuzzy and id(line) in exact and not _misread_head(line, exact[id(line)], label):
            continue  # '결제 금액' is 결제금액 itself, not a misread 실결제금액
        if fuzzy and parts and parts.get(id(line), 0.0) >= lscore:
            continue  # '춰소금액' is a misread 취소금액 (the cancelled part), not 취소후금액
        flat = compact(_label_text(line)).upper()
        if any(x in flat and x not in label for x in exclude) or _misread_part_word(line, label, exclude):
            continue
        if not _label_leads(flat, label) or _in_sentence(_label_text(line), label):
            continue
        if label != flat and label.endswith(flat):
            # '금액' alone is a column header, not a misread 총금액: the label's qualifier is missing
            continue
        got = value_after(doc, line, label)
        if got is None:
            continue
        value, prox, mended = got
        weight = lscore * prox * (0.8 + 0.2 * min(1.0, line.conf + 0.1))
        out.append(Read(value, weight, index[id(line)], label, mended))
    return out


def _misread_part_word(line, label: str, exclude: tuple[str, ...]) -> bool:
    """A Latin label glued to a word one letter from an excluded one ('SURTOTAL' for SUBTOTAL on a blurred
    folio, its English re-reading 'QARTOTAL'): the line holds that part (the sale before tax), not the
    label's amount. Either reading of the line may keep the part's word close enough."""
    if not re.fullmatch(r"[A-Z]+", label):
        return False
    for text in (line.text, line.alt or ""):
        flat = compact(text).upper()
        pos = flat.find(label)
        glued = re.search(r"[A-Z]+$", flat[:pos]) if pos > 0 else None
        if glued and any(re.fullmatch(r"[A-Z]{3,}", x) and len(x) == len(glued.group(0))
                         and sum(a != b for a, b in zip(x, glued.group(0))) == 1 for x in exclude):
            return True
    return False


def _label_text(line) -> str:
    """The line's own text, or its English re-reading when the line is Latin (hotel folios)."""
    if line.alt and re.search(r"[A-Za-z]{3}", line.alt) and not re.search(r"[가-힣]{2}", line.text):
        return line.alt
    return line.text


def _label_leads(flat: str, label: str) -> bool:
    """The label opens the line (after brackets, a card name or a number): not a word inside a sentence."""
    pos = flat.find(label)
    if pos < 0:
        return True  # fuzzy match: it matched the head of the line
    head = re.sub(r"[\[\](){}<>*.:;'\"|\d-]", "", flat[:pos])
    return len(head) <= 6 and not re.search(r"(은|는|이|가|을|를|에|의)$", head)


def _in_sentence(text: str, label: str) -> bool:
    """The label is the subject or object of a printed notice ('카드결제는 30일 이내 ...'), not a label: its
    word ends in a particle and what follows is no amount ('결제금액은 12,000원' still states one)."""
    pattern = r"\s?".join(map(re.escape, label))
    m = re.search(pattern + r"[가-힣]{0,3}(?:은|는|을|를)\s+(\S.*)", text.upper())
    return bool(m) and not re.match(r"[\\₩]?\s*\d[\d,.]*\s*원?\s*$", m.group(1))


def _class_reads(doc: Doc) -> list[Read]:
    """Every labelled total-like amount, weighted by the finality of its label."""
    out = []
    seen: set[int] = set()
    # A line that reads a label exactly takes no fuzzy total label: '취소금액' is the refund, not a misread
    # 취소후금액; '결제 금액' is 결제금액 itself.
    exact = _exact_label_lines(doc)
    parts = _fuzzy_parts(doc, exact)
    for labels, weight in CLASSES:
        for r in _reads(doc, labels, NOT_TOTAL, exact, parts):
            if r.line in seen or r.value < MIN_TOTAL:
                continue  # a line counts once, under its most final label; under 100 KRW is no total
            flat = compact(doc.lines[r.line].text)
            demote = any(w in flat.split(r.label)[0] for w in DEMOTE if w not in r.label)
            r.weight *= weight * (0.5 if demote else 1.0)
            seen.add(r.line)
            out.append(r)
    return out


def _exact_label_lines(doc: Doc) -> dict[int, str]:
    """Ids of the lines that read a money label exactly (a total's or a part's) -> that label."""
    return {id(line): label for line, label, _ in doc.find_labels(ALL_LABELS + PARTS, fuzzy=False)}


def _misread_head(line, exact: str, label: str) -> bool:
    """The short label a line reads exactly is the tail of the longer one its head matches letter by
    letter, the syllables before it misread ('희종결제금엑' for 최종결제금액 reads 결제 exactly): those
    syllables are the label's own, so the exact word does not shadow it. A real word there (DEMOTE:
    '최초 결제금액', the first payment before a refund) is no misread head: it still shadows."""
    word = re.match(r"[^가-힣]*([가-힣]+)", compact(line.text))
    head = word.group(1) if word else ""
    pos = head.find(exact)
    if not (exact in label[1:] and pos >= 2 and label.find(exact) == pos):
        return False
    return not any(w in head[:pos] for w in DEMOTE if w not in label)


def _fuzzy_parts(doc: Doc, exact: dict[int, str]) -> dict[int, float]:
    """Lines reading no label exactly whose head is a misread part label (supply, VAT, discount, refund):
    line id -> how near; a total label only as near is no reading of theirs."""
    return {id(line): s for line, _, s in doc.find_labels(PARTS) if id(line) not in exact}


def _best_part(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Read]:
    """Labelled reads of a part (supply, VAT, discount, refund), best first."""
    return sorted(_reads(doc, labels, exclude), key=lambda r: -r.weight)


def resolve(doc: Doc, *, fallback: bool = True) -> Money:
    """The amount paid with a confidence that says how many independent signals agree on it."""
    reads = _class_reads(doc)
    supplies = _best_part(doc, SUPPLY, ("부가세액", "세액합계"))
    vats = [r for r in _best_part(doc, VAT, ("포함", "과세물품", "면세", "가액"))
            if r.line not in {s.line for s in supplies}]
    discounts = _best_part(doc, DISCOUNT, ("후", "적용", "요금", "내역"))
    refunds = _best_part(doc, REFUND, ())
    # 판매금액 before VAT on some terminals: a supply amount when it and the VAT sum to a total.
    supplies += [r for r in reads if r.label in BEFORE and r.line not in {s.line for s in supplies}]
    money = Money()
    reads, handed = _tendered(doc, reads)
    checks = _arithmetic(reads, supplies, vats, discounts, refunds, doc)
    for value in handed:
        checks.setdefault(value, []).append("tendered-change")
    for value in _printed_less_discount(doc, reads, discounts):
        checks.setdefault(value, []).append("gross-discount")
    minus = _minus_reads(doc, {r.line for r in reads + discounts + refunds})
    read_values = {r.value for r in reads}
    for d in minus:
        # A cut printed with a minus sign whose label is illegible: it confirms a read amount that the read
        # gross less it lands on (177,800 / -84,700 / 93,100), and derives none.
        for r in reads:
            if r.value - d.value in read_values and r.value - d.value >= MIN_TOTAL:
                checks.setdefault(r.value - d.value, []).append("gross-minus")
    items = item_rows(doc, reads)
    later = {r.value for r in reads if r.label in FINAL + PAID + MEANS}
    if (items.legible and any(r.value == items.total and r.label not in BEFORE for r in reads)
            and later <= {items.total}):
        # Every item row legible and their sum read under a total label: a second signal, as supply + VAT
        # is (a 소계 is that sum by its name, and the sum taken alone derives no total). Not when a payment
        # line gives another amount: the sum is then the sale before a cut whose line was not read.
        checks.setdefault(items.total, []).append("items-sum")
    money.reads, money.checks, money.items = reads, checks, items
    values = {r.value for r in reads} | {v for v in checks if v > 0 and reads}
    if not values:
        if fallback:
            money.total = _printed_net(doc) or _with_vat(_largest(doc), vats)
        return money
    scored = []
    refunded = _refund_line(doc)
    # A sum only the arithmetic gives, printed nowhere, is a guess against a labelled total: its parts may be
    # misread (20,455 + 20,045 for 200,455 + 20,045).
    printed = {v for line in doc.lines for v in amounts(line.text)}
    for value in values:
        mine = [r for r in reads if r.value == value]
        lines = {r.line for r in mine}
        top = max((r.weight for r in mine), default=0.3)
        signals = len(lines) + (1 if value in checks else 0)
        backed = value in checks and (mine or value in printed)
        score = top + 0.08 * max(0, len(lines) - 1) + (0.2 if backed else 0)
        if refunded is not None and any(r.line > refunded for r in mine) and (
                any(r.label in FINAL for r in mine) or "paid-refund" in checks.get(value, ())):
            # What is left after a refund is printed under it (under a final label, or one the sale less
            # the refund lands on: 최종승인금액 read as 승인금액); supply + VAT still add up to the sale
            # before.
            score += 0.25
        scored.append((score, signals, value, mine))
    scored.sort(key=lambda t: -t[0])
    score, signals, value, mine = scored[0]
    # An amount the arithmetic takes the value from (the sale before its refund, the card's share of a
    # split payment) is a part of it, not a rival reading.
    parts = _operands(reads, discounts + minus, refunds, doc).get(value, set())
    rivals = [t for t in scored[1:] if t[2] not in parts
              and t[3] and max(r.weight for r in t[3]) >= 0.6 * max((r.weight for r in mine), default=0.3)]
    conf = _confidence(signals, mine, rivals)
    if refunded is not None and mine and all(r.line < refunded for r in mine):
        # Printed only above a refund line (환불금액 -56,900 under 합계 236,600), what is left after it
        # unread: the sale before the refund, not surely what was paid.
        conf = min(conf, 0.55)
        left = _left_unread(doc, reads, refunds, refunded, value)
        if left is not None:
            # The line naming what is left (잔여승인금액, 최종결제금액) is there, its amount illegible: what
            # was paid is the sale less the refund, the arithmetic alone (unsure).
            value, conf, mine = left, LEFT_UNREAD, []
        else:
            cut = next((r.value for r in refunds
                        if r.line >= refunded and MIN_TOTAL <= r.value < value), None)
            sure = _left_misread(doc, refunded, cut, value) if cut else None
            if sure is not None:
                # That line's label misread past recognition: sure only when it prints the sale less the cut.
                value, conf, mine = value - cut, sure, []
    if any(r.mended for r in mine) and value not in checks:
        conf = min(conf, 0.55)  # the tail was chosen by the line printing it: no second witness
    money.total = Candidate(value, conf, "+".join(sorted({r.label for r in mine}))
                            or ("paid-refund" if conf == LEFT_UNREAD else "derived"))
    if mine and all(r.label in BEFORE for r in mine):
        money.total = _with_vat(money.total, vats)
    money.total = _past_vat_split(doc, money.total)
    value = money.total.value
    money.supply = _part(supplies, value, vats, 1)
    money.vat = _part(vats, value, supplies, -1)
    money.discount = Candidate(discounts[0].value, 0.6, "discount") if discounts else None
    return money


def _past_vat_split(doc: Doc, total: Candidate) -> Candidate:
    """The total taken is a part of the page's one VAT split (supply + a tenth of it as VAT = the sale,
    all three printed) or the refund off that sale: a crumpled or slanted slip whose value column drifted
    a row off its labels gave the total label the VAT under it or the refund over it (세액 16,927 for
    승인금액 186,200). The sale is the total then, or what is left of it after an amount printed with a
    minus sign when that is printed too; unsure (the arithmetic alone, its labels out of reach)."""
    grouped, cuts = _grouped_and_cuts(doc)
    splits = {(s, v) for s, v in _vat_splits(grouped) if s + v in grouped}
    if len(splits) != 1:
        return total
    supply, vat = splits.pop()
    sale = supply + vat
    nets = {sale - c for c in cuts if c < sale and sale - c in grouped}
    if total.value not in {supply, vat} | cuts or total.value in nets or len(nets) > 1:
        return total
    return Candidate(nets.pop() if nets else sale, min(total.score, 0.55), "vat-split")


def _tendered(doc: Doc, reads: list[Read]) -> tuple[list[Read], list[int]]:
    """The reads without the cash handed over when change is printed (받은금액 30,000 / 거스름돈 6,000: the
    customer gave 30,000 for a 24,000 sale), and what the sale was by them (30,000 - 6,000)."""
    changes = [c.value for c in _best_part(doc, CHANGE)[:2] if c.value > 0]
    handed = [r for r in reads if r.label in TENDERED and any(r.value > c for c in changes)]
    if not handed:
        return reads, []
    sales = [r.value - c for r in handed for c in changes if r.value > c]
    return [r for r in reads if r not in handed], sales


_MINUS = re.compile(r"(?:^|(?<=[\s:;(\[]))-\s?[\\₩]?\s?(\d{1,3}(?:,\d{3})+)(?![\d,])")


def _minus_reads(doc: Doc, taken: set[int]) -> list[Read]:
    """Amounts printed with a minus sign on lines no label read took (a discount whose label is lost)."""
    out = []
    for i, line in enumerate(doc.lines):
        if i in taken or parse_date(line.text) or paid_share(doc, line):
            continue
        for m in _MINUS.finditer(line.text):
            out.append(Read(int(m.group(1).replace(",", "")), 0.5, i, "minus"))
    return out


# What paid part of a bill beside the card: cash ('현금 -10,000 / 결제 신한카드 -95,000'), points or
# mileage spent, a voucher ('포인트 사용 -3,000' over '카드결제 4,700' of 결제금액 7,700): a share of what
# was paid, not a discount off it.
_SHARE = re.compile(r"현금(?!영수증)|CASH|포인트|마일리지|상품권|POINT", re.I)


def paid_share(doc: Doc, line) -> bool:
    """The amount's row is labelled as paid in cash, points or a voucher."""
    row = doc.row_of(line)
    return any(_SHARE.match(compact(l.text).lstrip("[(")) for l in row)


_MINUS_ANY = re.compile(r"(?:^|(?<=[\s:;(\[]))-\s?[\\₩]?\s?(\d{1,3}(?:[,.]\d{3})+)(?![\d,.])")


def _vat_splits(values: set[int]) -> set[tuple[int, int]]:
    """(supply, VAT) pairs among `values`: a VAT a tenth of the supply, to the ten won a till rounds."""
    return {(s, v) for s in values for v in values
            if v >= 10 and s != v and abs(10 * v - s) <= 10 and s + v <= MAX_AMOUNT}


def _grouped_and_cuts(doc: Doc) -> tuple[set[int], set[int]]:
    """Every amount printed with its thousands grouped, and those printed with a minus sign, off the
    page's lines that are no date."""
    grouped, cuts = set(), set()
    for line in doc.lines:
        if parse_date(line.text):
            continue
        grouped |= {int(re.sub(r"[,.]", "", v)) for v in GROUPED.findall(line.text)}
        cuts |= {int(re.sub(r"[,.]", "", v)) for v in _MINUS_ANY.findall(line.text)}
    return grouped, cuts


def _printed_net(doc: Doc) -> Candidate | None:
    """No total label legible: the one amount that a printed amount less one printed with a minus sign
    lands on, all three printed (177,800 / -84,700 / 93,100). One signal, no label: reported unsure."""
    grouped, cuts = _grouped_and_cuts(doc)
    found = {g - c for g in grouped for c in cuts
             if g - c >= MIN_TOTAL and g - c != c and g - c in grouped and g <= MAX_AMOUNT}
    return Candidate(found.pop(), 0.55, "gross-minus") if len(found) == 1 else None


def _with_vat(total: Candidate | None, vats: list[Read]) -> Candidate | None:
    """Only a sale amount before VAT was read (판매금액, SUBTOTAL, or no label at all), the total line lost:
    when a printed VAT is a tenth of it, it is the supply and the total is their sum (VAT inside it would
    be an eleventh). Derived, printed on no line: reported unsure."""
    if total is None:
        return None
    tenth = [v.value for v in vats if v.value >= 10 and abs(10 * v.value - total.value) <= 10]
    return Candidate(total.value + tenth[0], min(total.score, 0.5), "supply+vat") if tenth else total


# What is left after a refund, printed under it; with its amount illegible, the sale less the refund is
# reported at LEFT_UNREAD.
LEFT = ("잔여승인금액", "잔여결제금액", "취소후금액", "최종결제금액", "최종승인금액", "최종금액")
LEFT_UNREAD = 0.5


def _left_unread(doc: Doc, reads: list[Read], refunds: list[Read], refunded: int, value: int) -> int | None:
    """The sale `value` less the refund printed under it, when a line under the refund names what is left
    (LEFT) and no amount was read after it; None otherwise."""
    cut = next((r.value for r in refunds if r.line >= refunded and MIN_TOTAL <= r.value < value), None)
    if cut is None:
        return None
    index = {id(l): i for i, l in enumerate(doc.lines)}
    read_lines = {r.line for r in reads}
    named = [index[id(line)] for line, _, _ in doc.find_labels(LEFT) if index[id(line)] > refunded]
    return value - cut if named and not read_lines & set(named) else None


LEFT_NEAR = 0.6  # letter-level likeness to a LEFT label of a label misread past find_labels' reach


def _left_misread(doc: Doc, refunded: int, cut: int, value: int) -> float | None:
    """The row right under the refund's row is labelled with a LEFT label misread too far for find_labels
    ('쉬소우 금넥' for 취소후 금액), nearer to it than to any other money label: the confidence of the sale
    `value` less the refund `cut` as what was paid. 0.9 when that row prints exactly it (the sale, the
    cut and what is left agreeing), LEFT_UNREAD when it prints no legible amount; None otherwise."""
    rows = doc.rows
    at = next((k for k, row in enumerate(rows) if any(l is doc.lines[refunded] for l in row)), None)
    if at is None or at + 1 >= len(rows):
        return None
    row = rows[at + 1]
    # The label, then its amount on the same line or on others of the row ('[쉬소우 금넥] 64,200원').
    label, rest = re.match(r"[\[(<\s]*([^\d:;\]\\₩-]*)(.*)", row[0].text).groups()
    head = compact(label)
    if len(re.findall(r"[가-힣]", head)) < 3:
        return None

    def near(label: str) -> float:
        return fuzz.ratio(domain.jamo(head[:len(label)]), domain.jamo(label)) / 100.0

    best = max(ALL_LABELS + PARTS, key=near)
    if best not in LEFT or near(best) < LEFT_NEAR:
        return None
    cells = [rest] + [l.text for l in row[1:]]
    shown = [v for text in cells for v in amounts(text)]
    if not shown and not any(re.search(r"\d", text) for text in cells):
        return LEFT_UNREAD
    return 0.9 if shown == [value - cut] else None


def _refund_line(doc: Doc) -> int | None:
    """The index of the first line labelled as a refund or cancellation (환불금액, 취소금액), if any: the
    title of a partial cancellation's slip (신용카드 부분취소) is none."""
    index = {id(l): i for i, l in enumerate(doc.lines)}
    found = [index[id(line)] for line, label, _ in doc.find_labels(REFUND, fuzzy=False)
             if len(label) >= 3 and _label_leads(compact(line.text), label)  # not '교환/환불은 ...'
             and not _refund_title(doc, line)]
    # A misread refund label ('춰소금액') nearer it than any total label is one too.
    exact = _exact_label_lines(doc)
    totals = {id(line): s for line, _, s in doc.find_labels(ALL_LABELS)}
    found += [index[id(line)] for line, label, s in doc.find_labels(REFUND)
              if id(line) not in exact and len(label) >= 4 and s > totals.get(id(line), 0.0)]
    return min(found, default=None)


def _refund_title(doc: Doc, line) -> bool:
    """The line is a slip's title naming a cancellation (신용카드 부분취소, 취소전표): a word of titles on
    it and no digit on it or to its right (where a refund's amount, however misread, would be)."""
    if not re.search(r"카드|전표|영수증|매출", compact(line.text)):
        return False
    return not any(re.search(r"\d", t) for t in [line.text] + [l.text for l, _ in doc.right_of(line)])


def _arithmetic(reads: list[Read], supplies: list[Read], vats: list[Read], discounts: list[Read],
                refunds: list[Read], doc: Doc) -> dict[int, list[str]]:
    """Amounts that printed parts add up to: supply + VAT, gross - discount, paid - refund."""
    checks: dict[int, list[str]] = {}
    for s in supplies[:3]:
        for v in vats[:3]:
            checks.setdefault(s.value + v.value, []).append("supply+vat")
    for parts, name, limit in ((discounts, "gross-discount", 3), (refunds, "paid-refund", 2)):
        for d in parts[:limit]:
            for r in reads:
                if d.value and r.value > d.value:
                    checks.setdefault(r.value - d.value, []).append(name)
    for value, _ in _split_payments(reads) + _drifted_split(doc, reads):
        checks.setdefault(value, []).append("means-sum")
    return checks


def _printed_less_discount(doc: Doc, reads: list[Read], discounts: list[Read]) -> set[int]:
    """Labelled totals that an amount printed on another line, less the labelled discount, lands on: the
    sale before the discount printed with its own label lost or misread ('상품깝게 70,100', '쿠폰할인
    10,500', '청구금액 59,600'), a check of the total as good as a labelled one."""
    read = {r.value for r in reads}
    out = set()
    for d in discounts[:3]:
        if not d.value:
            continue
        for i, line in enumerate(doc.lines):
            if i == d.line or parse_date(line.text):
                continue
            out |= {g - d.value for g in amounts(line.text)
                    if g - d.value in read and g - d.value >= MIN_TOTAL and g <= MAX_AMOUNT}
    return out


def _split_payments(reads: list[Read]) -> list[tuple[int, tuple[int, int]]]:
    """(sum, parts) where two ways of paying on two lines (롯데카드 결제 71,750 + 쿠팡캐시 결제 6,050) add up
    to a total-like amount printed under its own label: the payment split, a check of that total."""
    means = [r for r in reads if r.label in MEANS]
    labelled = {r.value for r in reads if r.label not in MEANS}
    return [(a.value + b.value, (a.value, b.value)) for i, a in enumerate(means) for b in means[i + 1:]
            if a.line != b.line and a.value != b.value and a.value + b.value in labelled]


SPLIT_REACH = 2  # lines either side of a card's read where the other share of a drifted split is sought


def _drifted_split(doc: Doc, reads: list[Read]) -> list[tuple[int, tuple[int, int]]]:
    """(sum, parts) where the card's read and a bare amount printed a line or two from it add up to a
    total printed under its own label: a split payment (상품권 1,500 / 카드 81,600 of 결제금액 83,100) on a
    slanted photo whose values slid a row off their labels, so 카드 took the voucher's 1,500. A card's
    read that is itself printed as a labelled total is the whole payment, and is left alone."""
    labelled = {r.value for r in reads if r.label not in MEANS}
    taken = {r.line for r in reads}
    out = []
    for a in reads:
        if a.label not in MEANS or a.value in labelled:
            continue
        for i in range(max(0, a.line - SPLIT_REACH), min(len(doc.lines), a.line + SPLIT_REACH + 1)):
            text = doc.lines[i].text
            if i in taken or _MINUS_ANY.search(text) or parse_date(text):
                continue
            for g in GROUPED.findall(text):
                b = int(re.sub(r"[,.]", "", g))
                if b != a.value and a.value + b in labelled:
                    out.append((a.value + b, (a.value, b)))
    return out


def _operands(reads: list[Read], discounts: list[Read], refunds: list[Read],
              doc: Doc) -> dict[int, set[int]]:
    """For each amount the arithmetic lands on, the printed amounts it was taken from."""
    out: dict[int, set[int]] = {}
    for d in discounts[:3] + refunds[:2]:
        for r in reads:
            if d.value and r.value > d.value:
                out.setdefault(r.value - d.value, set()).add(r.value)
    for value, pair in _split_payments(reads) + _drifted_split(doc, reads):
        out.setdefault(value, set()).update(pair)
    return out


def _confidence(signals: int, mine: list[Read], rivals: list) -> float:
    """>= 0.9 only for two agreeing signals; one clean labelled read 0.7; anything contested under 0.6."""
    best_rival = max((t[1] for t in rivals), default=0)
    if signals >= 2 and signals > best_rival:
        return 0.95
    if not mine:
        return 0.5  # only derived from other amounts
    top = max(r.weight for r in mine)
    if rivals or top < 0.7:
        return min(0.55, top)
    return 0.7


def _part(reads: list[Read], total: int, others: list[Read], sign: int) -> Candidate | None:
    """Supply or VAT: the read that sums with a read of the other to the total, else the best read."""
    if not reads:
        return None
    for r in reads:
        if any(r.value + o.value == total for o in others):
            return Candidate(r.value, 0.95, "sum")
    return Candidate(reads[0].value, min(0.55, reads[0].weight), "label")


def _largest(doc: Doc) -> Candidate | None:
    """Unlabelled fallback: the largest comma-grouped or 원-suffixed amount, never trusted."""
    vals, spaced = [], []
    for line in doc.lines:
        if CODE.search(line.text) or _CARD_NO.search(line.text):
            continue
        if re.search(r"\d[,.]\d{3}|\d\s*원", line.text):
            vals += [v for v in amounts(line.text) if 100 <= v <= MAX_AMOUNT]
        elif re.fullmatch(r"\D*\d{1,3} \d{3}\D*", line.text) and not parse_date(line.text):
            spaced += [v for v in amounts(line.text) if 100 <= v <= MAX_AMOUNT]  # '131 818' for 131,818
    if not vals:
        return None
    # The largest is a part of the page's one VAT split (supply and a tenth of it as VAT), the total line
    # illegible (faded dot-matrix): the sale is their sum, the arithmetic alone, printed nowhere legible.
    every = set(vals) | set(spaced)
    splits = _vat_splits(every)
    if len(splits) == 1:
        supply, vat = splits.pop()
        if max(every) in (supply, vat, supply + vat):
            return Candidate(supply + vat, 0.45 if supply + vat in every else 0.4, "supply+vat")
    return Candidate(max(vals), 0.35, "largest")


# An item row: a name, then its amount, or its quantity and amount, or its unit price, quantity and amount in
# either order ('아메리카노 2 4,500 9,000'). The amount has its thousands grouped or is followed by 원.
_ITEM_ROW = re.compile(r"^(?P<name>.*?[가-힣A-Za-z]{2}[^\d]*?)\s+(?P<nums>(?:\d{1,3}(?:,\d{3})*\s+){0,2})"
                       r"(?P<amount>\d{1,3}(?:,\d{3})+|\d{1,3}(?=\s*원))\s*원?$")
_ITEM_HEADER = ("수량", "단가", "금액", "품명", "상품명", "메뉴", "QTY", "PRICE", "AMOUNT")
ITEMS_MANY = 3  # item rows, all legible and consistent, before their sum may doubt a total


@dataclass
class Items:
    """The item rows printed above the page's first total: their amounts, and how many rows end like a
    price but do not read as one (a misread digit, a name glued to its price) or print a unit price and
    quantity that do not multiply to their amount: with any such row the sum is no check."""

    amounts: list[int] = field(default_factory=list)
    broken: int = 0  # rows that end like a price and are no legible, consistent item row

    @property
    def total(self) -> int:
        """What the item rows add up to."""
        return sum(self.amounts)

    @property
    def legible(self) -> bool:
        """At least two rows, every one read as an item row, each in tens of won."""
        return len(self.amounts) >= 2 and not self.broken and all(a % 10 == 0 for a in self.amounts)

    @property
    def many(self) -> bool:
        """Legible, and enough rows that their sum says more than one misread digit of the total."""
        return self.legible and len(self.amounts) >= ITEMS_MANY


def item_rows(doc: Doc, reads: list[Read]) -> Items:
    """The item rows above the first line a total label was read on (none when none was read), from the
    item header (품명 수량 금액) or the first item row on: a row there with a digit that reads as no item
    row is broken ('전주 17 .00ᄋ' for 17,000), and so the sum is no check."""
    if not reads:
        return Items()
    first = min(r.line for r in reads)
    index = {id(l): i for i, l in enumerate(doc.lines)}
    words = ALL_LABELS + PARTS + NOT_TOTAL
    out = Items()
    started = False
    for row, text in zip(doc.rows, doc.row_texts):
        text = text.strip()
        if any(index.get(id(l), first) >= first for l in row):
            continue
        flat = compact(text).upper()
        if any(w in flat for w in _ITEM_HEADER):
            started, out = True, Items()  # the item list starts under its header
            continue
        m = _ITEM_ROW.match(text)
        if (not m or any(w in flat for w in words) or parse_date(text) or _CARD_NO.search(text)
                or re.search(r"\d\s*[:;]\s*\d{2}", text)):
            if started and re.search(r"\d", text):
                out.broken += 1
            continue
        started = True
        amount = int(m.group("amount").replace(",", ""))
        nums = [int(n.replace(",", "")) for n in m.group("nums").split()]
        if len(nums) == 2:
            if nums[0] * nums[1] != amount:
                out.broken += 1
                continue
        elif nums and not 0 < nums[0] < 100:
            out.broken += 1  # a quantity of hundreds: a weight or a misread letter ('309' for 30g)
            continue
        out.amounts.append(amount)
    return out
