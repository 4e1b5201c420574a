"""Field readers shared by the per-document parsers: labelled values and unlabelled fallbacks."""

from __future__ import annotations

import re
from typing import Callable

from ocr import domain
from ocr.fields import mask_card  # noqa: F401 - the catalogue's one masking policy, re-exported
from ocr.parsers.layout import Candidate, Doc
from ocr.parsers.text import CODE, RATE, amounts, compact, parse_amount, parse_date, parse_time, strip_label

TOTAL = ("최종결제금액", "실결제금액", "총결제금액", "결제금액", "영수금액", "승차권금액", "받을금액",
         "받은금액", "합계금액", "승인금액", "청구금액", "결제요금", "지불금액", "총금액", "이용금액",
         "판매금액", "요금합계", "운임합계", "할인후금액", "총합계", "합계", "총액", "결제액", "총요금",
         # English labels of bilingual tickets and receipts (read in the `eng` reading too)
         "AMOUNTPAID", "TOTAL")
# What the card paid: on a taxi slip, the meter fare plus surcharges.
CARD_PAID = ("카드결제액", "카드결제", "신용카드", "카드승인")
FARE = ("승차권운임", "운임요금", "기준운임", "정상운임", "승차요금", "승차권가격", "운임", "요금", "정가",
        "FARE")
DISCOUNT = ("할인금액", "할인액", "할인")
# Charges added on top of a fare (a taxi's toll and call fee, a delivery fee, a tip): a part of the paid sum.
EXTRAS = ("통행료", "콜비", "호출료", "호출비", "예약비", "할증", "봉사료", "배달비", "배달료", "배달팁",
          "TIP")
SUPPLY = ("과세물품가액", "공급가액", "공급금액", "과세가액", "과세금액", "물품가액", "공급가", "^금액")
VAT = ("부가가치세", "부가세액", "부가세", "세액", "^VAT")
LABEL_HINTS = ("출발", "도착", "시간", "시각", "일자", "일시", "등급", "좌석", "요금", "운임", "금액", "번호",
               "구간", "노선", "열차", "승차", "하차", "할인", "결제", "합계")
LABEL_WORDS = {"출발", "도착", "출발지", "도착지", "출발역", "도착역", "열차번호", "열차", "좌석", "등급",
               "일시", "출발일시", "승차", "하차", "운임", "할인", "요금", "일반", "우등", "프리미엄", "특실",
               "일반실", "심야", "우등실", "어른", "성인", "청소년", "어린이", "경로", "편도", "왕복"}


def labelled(doc: Doc, labels: tuple[str, ...], parse: Callable[[str], object], weight: float = 0.9,
             exclude: tuple[str, ...] = ()) -> list[Candidate]:
    """Candidates read next to (right of or below) each occurrence of the labels."""
    out = []
    by_alt = {l.alt: l for l in doc.lines if l.alt}
    for line, label, lscore in doc.find_labels(labels):
        flat = compact(line.text)
        if any(x in flat and x not in label for x in exclude):
            continue
        beside = _next_headers(doc, line)
        for rank, (text, prox) in enumerate(doc.values_near(line, label)):
            if text in beside:
                continue
            value = parse(text)
            if value is None or value == "":
                continue
            if text in by_alt and text != by_alt[text].text:
                # Only the `eng` re-reading gives this value; the Korean reading of the same pixels does not.
                own = by_alt[text].text
                if value != parse(strip_label(own, label) if own is line.text else own):
                    prox *= 0.75
            ocr = 0.75 + 0.25 * min(1.0, line.conf + 0.1)
            out.append(Candidate(value, weight * lscore * prox * ocr * (1 - 0.1 * rank), label))
    return out


def money(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...] = (),
          weight: float = 0.9) -> list[Candidate]:
    """Labelled KRW amounts."""
    return labelled(doc, labels, _amount_only, weight, exclude)


def _amount_only(text: str) -> int | None:
    """An amount when the text is about money, not a date, time, code or rate ('VAT 10%' is no 10원)."""
    text = RATE.sub(" ", text)
    if re.search(r"\d{1,2}\s*[:;]\s*\d{2}|\d{4}[.\-/]\d{1,2}[.\-/]|\d\s*[년월]\s*\d|호차", text) \
            or parse_date(text) or CODE.search(text):
        return None
    value = parse_amount(text)
    if value is None or value > 50_000_000:
        return None
    return value


def largest_amount(doc: Doc) -> list[Candidate]:
    """Unlabelled fallback: the largest comma-grouped or 원-suffixed amount."""
    vals = []
    for line in doc.lines:
        if (re.search(r"\d[,.]\d{3}|\d\s*원", line.text)
                and not CODE.search(line.text)):
            vals += [v for v in amounts(line.text) if 100 <= v <= 50_000_000]
    return [Candidate(max(vals), 0.35, "largest")] if vals else []


def dates(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Candidate]:
    """Labelled dates, then any real date in the document at low weight (less on excluded lines)."""
    out = labelled(doc, labels, parse_date, 0.95, exclude)
    for i, line in enumerate(doc.lines):
        iso = parse_date(line.text)
        if iso:
            other = any(x in compact(line.text) for x in exclude)
            out.append(Candidate(iso, (0.3 if other else 0.55) - 0.01 * i, "anywhere"))
    return out


# On a ticket, these dates are when it was bought, not when the trip is.
PURCHASE = ("발매", "발권", "결제", "구입", "구매", "예매일", "승인", "거래", "발행")

# Rail and bus ticket labels (read by parsers/tickets.py). 행선지 is a bus ticket's destination.
DEP = ("출발역", "출발지", "출발터미널", "승차역", "승차지", "출발", "승차")
ARR = ("도착역", "도착지", "도착터미널", "하차역", "하차지", "행선지", "도착", "하차")
ROUTE = ("이용구간", "승차구간", "구간", "노선", "경로")
RAIL_DATE = ("승차일자", "승차일", "탑승일", "여행일", "출발일시", "출발일자", "출발일", "운행일", "이용일",
             "일자", "출발")
BUS_DATE = ("출발일시", "출발일자", "출발일", "승차일시", "승차일", "탑승일", "운행일", "일시", "일자")
TRAIN_NO = ("열차번호", "열차", "편명")
BUS_NO = ("차량번호", "버스번호", "배차번호", "차번", "호차", "차량")
# Words printed on tickets as labels or as the values of other fields: never a station or terminal.
TICKET_WORDS = {"승객", "승차홈", "승강장", "타는곳", "회사", "고속사", "운수회사", "운송사", "구분", "객실",
                "호차", "차량", "차번", "인원", "매수", "행선지", "중고생", "대학생", "아동", "소아", "직행",
                "고속", "시외", "심야우등", "모바일", "승차권", "영수증",
                # train services: KTX-산천 is no 순천
                "산천", "이음", "청룡", "새마을", "새마을호", "무궁화", "무궁화호", "누리로", "청춘"}


# Words that only ever label a ticket's field (no value words such as 일반실 or 어른).
HEADER_WORDS = ({"열차번호", "열차", "좌석", "등급", "일시", "출발일시", "운임", "할인", "요금", "호차",
                 "차량번호", "버스번호", "차번", "구분"} | set(DEP) | set(ARR))


def _next_headers(doc: Doc, line) -> set[str]:
    """The texts right of a label that stands beside another bare label on its left ('출발역 | 열차 | To'):
    that row is the header row of a grid, labels over their values, so what stands to the label's right is
    the next header (an English 'To' read '10'), not its value."""
    row = doc.row_of(line)
    left = [l for l in row if l.box[2] <= line.box[0]]
    if not left or compact(max(left, key=lambda l: l.box[2]).text) not in HEADER_WORDS:
        return set()
    return {t for l, _ in doc.right_of(line) for t in (l.text, l.alt) if t}


def times(doc: Doc, labels: tuple[str, ...], exclude: tuple[str, ...] = ()) -> list[Candidate]:
    """Labelled HH:MM values."""
    return labelled(doc, labels, parse_time, 0.9, exclude)


def time_pair(doc: Doc) -> tuple[str, str] | None:
    """The first row holding two times (departure, arrival), as ticket apps print them."""
    for row in doc.rows:
        found = [t for l in row if not parse_date(l.text) for t in _times_in(l.text)]
        if len(found) == 2:
            return found[0], found[1]
    return None


def _times_in(text: str) -> list[str]:
    """Every time in one line's text."""
    out, i = [], 0
    while (t := parse_time(text, i)) is not None:
        out.append(t)
        i += 1
    return out


def brn(doc: Doc) -> list[Candidate]:
    """Business registration numbers, trusted more when the check digit holds."""
    out = []
    for line in doc.lines:
        for m in re.finditer(r"(\d{3})\s*[-.]?\s*(\d{2})\s*[-.]?\s*(\d{5})(?!\d)", line.text):
            value = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            if "-" not in line.text[m.start():m.end()] and "사업자" not in compact(line.text):
                continue
            ok = domain.brn_valid(value) or value in domain.places()["rail_carriers"].values()
            out.append(Candidate(value, 0.95 if ok else 0.45, "brn"))
    return out


def approval(doc: Doc) -> list[Candidate]:
    """Card approval numbers (6 to 10 digits after 승인번호)."""
    def parse(text: str) -> str | None:
        m = re.search(r"(?<!\d)(\d{6,10})(?!\d)", text.replace(" ", ""))
        return m.group(1) if m else None
    return labelled(doc, ("승인번호", "승인No", "승인"), parse, 0.9, exclude=("승인금액", "승인일시"))


def card_number(doc: Doc) -> list[Candidate]:
    """A card number, always returned masked (at most the first 6 and last 4 digits visible)."""
    def parse(text: str) -> str | None:
        text = re.sub(r"[xX×+#※\"“”'`‘’]", "*", text)
        m = re.search(r"(\d{4})\s*[-.]?\s*([\d*]{2,4})\s*[-.]?\s*([\d*]{2,4})\s*[-.]?\s*([\d*]{3,4})", text)
        if m:
            return mask_card("-".join(m.groups()))
        # OCR garbles the asterisks: keep the first group(s) and the last four, mask the rest.
        m = re.search(r"(\d{4})\s*[-.]?\s*(\d{0,2})\D{2,}?.*?(\d{4})\s*$", text)
        return f"{m.group(1)}-{(m.group(2) + '****')[:4]}-****-{m.group(3)}" if m else None
    return labelled(doc, ("카드번호", "카드No"), parse, 0.8)


def ticket_number(doc: Doc) -> list[Candidate]:
    """Ticket or reservation numbers: digit groups joined by dashes, or one long digit run."""
    def parse(text: str) -> str | None:
        found = re.findall(r"\d{3,6}(?:\s?-\s?\d{2,6}){1,4}|\d{8,16}", text)
        return max(found, key=len).replace(" ", "") if found else None
    out = labelled(doc, ("승차권번호", "예약번호", "예매번호", "발권번호", "티켓번호", "No"), parse, 0.9)
    for text in (doc.text, doc.alt_text):
        for m in re.finditer(r"(?<![\d-])\d{4,5}-\d{4}-\d{4,5}(?:-\d{2})?(?![\d-])", text):
            out.append(Candidate(m.group(0), 0.6, "pattern"))
    return out


def distance(doc: Doc) -> list[Candidate]:
    """Taxi distance in km."""
    def parse(text: str) -> float | None:
        m = re.search(r"(?<![\d.])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:km|㎞|k)", text, re.I)
        m = m or re.search(r"(?<![\d.])(\d{1,3}[.,]\d)(?![\d.,])", text)
        m = m or re.fullmatch(r"\s*(\d{1,3}(?:[.,]\d{1,2})?)\s*", text)
        return float(m.group(1).replace(",", ".")) if m else None
    return labelled(doc, ("주행거리", "운행거리", "이동거리", "거리"), parse, 0.9)
