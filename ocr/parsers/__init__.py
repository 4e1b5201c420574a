"""From OCR lines to (document_type, fields, confidence): classify, then one parser per kind."""

from __future__ import annotations

import operator
import re
from typing import Any

from ocr import domain
from ocr.model import TextLine, empty_fields
from ocr.parsers import checks, confidence, dates as D, fields as F, merchant as M, money, names, tickets as T
from ocr.parsers.classify import classify
from ocr.parsers.layout import Candidate, Doc, best
from ocr.parsers.text import CODE, amounts as money_amounts, parse_date

CARD_DATE = ("거래일시", "거래일자", "승인일시", "결제일시", "거래일", "매출일", "결제일", "승인일", "판매일",
             # folios: billed on leaving
             "이용일시", "이용일", "발행일", "일시", "일자", "퇴실", "체크아웃", "DEPARTURE", "CHECKOUT",
             "CHECK-OUT")
TAXI_DATE = ("운행일자", "승차일시", "이용일시", "탑승일시", "운행일", "이용일", "승차", "일시", "일자")


class Result:
    """Field values with confidences, filled by the parsers."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = empty_fields()
        self.conf: dict[str, float] = {}

    def put(self, name: str, cand: Candidate | tuple | None) -> None:
        """Set a field from a Candidate or a (value, confidence) pair; None leaves it unknown."""
        if cand is None:
            return
        value, score = (cand.value, cand.score) if isinstance(cand, Candidate) else cand
        if value is None:
            return
        self.fields[name] = value
        self.conf[name] = round(max(0.05, min(0.99, score)), 2)


def parse(lines: list[TextLine]) -> tuple[str, dict[str, Any], dict[str, float]]:
    """Classify the document and read its fields."""
    doc = Doc(lines)
    kind, _ = classify(doc)
    r = Result()
    if kind == "unknown":
        return kind, r.fields, r.conf  # a menu or a notice: no amount is invented
    if kind == "card_slip":
        _card(doc, r)
        confidence.calibrate(kind, doc, r.fields, r.conf)  # what the page backs (ocr/README.md)
        return kind, r.fields, r.conf
    _common(doc, kind, r)
    if kind in ("rail_ticket", "bus_ticket"):
        _ticket(doc, kind, r)
    elif kind == "taxi_receipt":
        _taxi(doc, r)
    confidence.calibrate(kind, doc, r.fields, r.conf)
    return kind, r.fields, r.conf


def _card(doc: Doc, r: Result) -> None:
    """Card slips, shop receipts, app and online receipts."""
    paid = money.resolve(doc)
    r.put("total_amount", paid.total)
    r.put("supply_amount", paid.supply)
    r.put("vat", paid.vat)
    r.put("date", D.stay_length(doc, D.stay_departure(doc, D.resolve(doc, CARD_DATE))))
    r.put("business_reg_no", best(F.brn(doc)))
    r.put("approval_no", best(F.approval(doc)))
    r.put("card_no_masked", best(F.card_number(doc)))
    r.put("merchant", M.merchant(doc))


def _common(doc: Doc, kind: str, r: Result) -> None:
    """Money, dates and numbers every kind of receipt can carry."""
    totals = F.money(doc, F.TOTAL, exclude=("할인", "공급", "부가", "SUB", "Sub", "sub"))
    if kind == "taxi_receipt":
        # The meter's 요금 comes before surcharges (할증, 통행료, 콜비); what the card paid is the total.
        totals += F.money(doc, ("요금",), weight=0.8, exclude=("할인", "합계", "총요금", "할증"))
        totals += F.money(doc, F.CARD_PAID, weight=0.9, exclude=("번호", "일시", "승인번호"))
    totals += F.largest_amount(doc)
    fares = F.money(doc, F.FARE, exclude=F.TOTAL + ("할인",))
    discounts = F.money(doc, F.DISCOUNT, exclude=("할인후", "할인적용", "할인요금", "할인운임"))
    # A skewed photo pairs a label with the next row's amount (할인 15,200 / 합계 1,500): the readings
    # under the labels that make fare - discount = total are the ones printed there; with no total label
    # read, a ticket's other printed amounts stand in for the total.
    ticket = kind in ("rail_ticket", "bus_ticket")
    printed = set()
    if ticket:
        printed = {v for v, minus in T.printed_amounts(doc) if not minus} | T.bare_amounts(doc)
    fare, discount = (checks.consistent_parts(fares, discounts, totals, printed)
                      or (best(fares), best(discounts)))
    first = best(totals)
    if ticket and not fare and first is not None and first.source == "largest":
        # No fare or total label read, a discount's label between two amounts, its own amount lost: the
        # smaller amount under it is what was paid, the amount the discount label took the next row's.
        paid = T.after_lost_cut(doc, first.value)
        if paid is not None:
            totals = totals + [Candidate(paid, 0.4, "after-discount")]
            discount = None if discount and discount.value == paid else discount
    supply = best(F.money(doc, F.SUPPLY))
    vat = best(F.money(doc, F.VAT, exclude=("포함",)))
    total, _ = checks.resolve_money(kind, totals, fare, discount, supply, vat,
                                    T.printed_amounts(doc) if ticket else (), money.printed_extras(doc),
                                    T.paid_in_shares(doc, totals) if ticket else set(),
                                    T.bare_amounts(doc) if ticket else set())
    if ticket and total is not None and total.source == "largest" and not fare and not discount:
        net = checks.unlabelled_net(total.value, _grouped_amounts(doc))
        total = Candidate(net, min(total.score + 0.15, 0.5), "unlabelled-net") if net else total
    implied = bool(fare and total and discount is None and fare.value == total.value)
    if implied:
        discount = Candidate(0, 0.5, "implied")
    if checks.agree(fare, discount, total, operator.sub) and not implied:
        # An implied zero discount proves nothing: fare = paid is one reading, not two.
        for c in (fare, discount, total):
            c.score = max(c.score, 0.97)
    if checks.agree(supply, vat, total, operator.add):
        for c in (supply, vat, total):
            c.score = max(c.score, 0.97)
    if kind in ("rail_ticket", "bus_ticket"):
        r.put("fare", fare)
        r.put("discount", discount)
    r.put("total_amount", total)
    r.put("supply_amount", supply)
    r.put("vat", vat)
    labels = {"rail_ticket": T.RAIL_DATE, "bus_ticket": T.BUS_DATE,
              "taxi_receipt": TAXI_DATE}.get(kind, CARD_DATE)
    r.put("date", T.travel_date(doc, labels) if ticket else D.resolve(doc, labels))
    r.put("business_reg_no", best(F.brn(doc)))
    r.put("approval_no", best(F.approval(doc)))
    r.put("card_no_masked", best(F.card_number(doc)))
    if kind in ("rail_ticket", "bus_ticket"):
        r.put("ticket_no", best(F.ticket_number(doc)))


def _grouped_amounts(doc: Doc) -> set[int]:
    """Every amount printed with its thousands grouped (a space after the comma too: '48, 600원'), codes
    and dates aside."""
    found = set()
    for line in doc.lines:
        text = line.text
        if re.search(r"\d[,.]\s?\d{3}", text) and not CODE.search(text) and not parse_date(text):
            found.update(v for v in money_amounts(text) if v >= 100)
    return found


def _ticket(doc: Doc, kind: str, r: Result) -> None:
    """Rail and bus specifics."""
    place_kind = "rail" if kind == "rail_ticket" else "bus"
    dep, arr = T.stations(doc, place_kind)
    r.put("departure", dep)
    r.put("arrival", arr)
    dep_t = best(F.times(doc, T.DEP + ("출발시각", "출발시간", "출발일시", "발차시각", "발차")))
    arr_t = best(F.times(doc, T.ARR + ("도착시각", "도착시간", "도착예정")))
    pair = F.time_pair(doc)
    if pair:
        dep_t = dep_t or Candidate(pair[0], 0.75)
        arr_t = arr_t or Candidate(pair[1], 0.75)
    r.put("departure_time", dep_t)
    r.put("arrival_time", arr_t)
    vehicles = T.rail_vehicle(doc) if kind == "rail_ticket" else T.bus_vehicle(doc)
    r.put("vehicle_no", best(vehicles))
    r.put("seat_class", T.seat_class(doc, kind))
    r.put("seat", T.seat(doc, kind))
    if kind == "rail_ticket":
        _route_fare(r)
        svc = T.service(doc)
        r.put("service", svc)
        r.put("carrier", T.rail_carrier(doc, svc[0], r.fields["business_reg_no"]))
    else:
        r.put("carrier", T.bus_carrier(doc))


def _route_fare(r: Result) -> None:
    """A fare far from the route's reference fare lowers trust in the stations and the fare."""
    ok = domain.route_fare_check(r.fields["departure"], r.fields["arrival"],
                                 r.fields["fare"] or r.fields["total_amount"])
    if ok is False:
        for name in ("departure", "arrival", "fare"):
            if name in r.conf:
                r.conf[name] = round(r.conf[name] * 0.8, 2)
    elif ok:
        for name in ("departure", "arrival"):
            if name in r.conf:
                r.conf[name] = max(r.conf[name], 0.9)


HIRED_LETTERS = "바사아자"  # the letters of taxis' (and other hired vehicles') plates
PLATE = re.compile(r"([가-힣]{2})?\s*(\d{2,3})\s*([가-힣])\s*(\d{4})(?!\d)")


def _hired_letter(letter: str) -> str:
    """The hired vehicles' plate letter with the same first consonant as `letter`, else `letter` itself
    (each of 바/사/아/자 has its own). A letter other commercial vehicles carry (배 a delivery van's,
    하/허/호 a rental's, both seen on ride-hailing receipts) is kept as read."""
    if letter in "배하허호":
        return letter
    first = (ord(letter) - 0xAC00) // 588
    return next((h for h in HIRED_LETTERS if (ord(h) - 0xAC00) // 588 == first), letter)


# A plate whose letter was read as a zero ('서울4106136', '제주 720 3333' for 72아3333): after a listed
# region, two or three digits, the 0, four digits. The round ㅇ is 아's, the one hired letter that has it.
# Its stroke ㅏ may be read as a 1 after the 0 ('부산87016801' for 87아6801 on a crumpled slip).
PLATE_ZERO = re.compile(r"([가-힣]{2})\s*(\d{2,3})\s*[0oO][1lI|]?\s*(\d{4})(?!\d)")


# The last two letters of a plate's label, which may be read glued to it ('차번32바2433', '차량번호…').
_PLATE_LABEL_TAILS = ("차번", "번호", "차량", "넘버", "차호")


def _plate_region(read: str | None) -> tuple[str, bool]:
    """The plate's region as listed, and whether it was read a letter off ('물산' for 울산, the one listed
    region one letter from it); '' when it is none."""
    regions = domain.places()["plate_regions"]
    if not read or read in regions:
        return read or "", False
    near = [r for r in regions if names.one_letter_apart(read, r)]
    return (near[0], True) if len(near) == 1 else ("", False)


def _plates(doc: Doc) -> list[Candidate]:
    """The plates printed on a taxi receipt. Sure (0.9) only when two rows print the same one with its
    region; one row is one reading (0.8: '인천15바4149' for 4140 reads as clean as the right one). A letter
    no taxi carries was misread, most often in its vowel ('버' for 바, '지' for 자): the hired letter of its
    consonant is given, unsure; so is a region read a letter off, and a letter read as a zero (PLATE_ZERO).
    A row, not a line: a plate printed spaced out ('인천 33배 4201') may come out of the detector as boxes of
    its own, its region in one of them."""
    found = []
    for text in doc.row_texts:
        m = PLATE.search(text)
        z = None if m else PLATE_ZERO.search(text)
        if m:
            region, mended = _plate_region(m.group(1))
            hired = m.group(3) in HIRED_LETTERS
            letter = m.group(3) if hired else _hired_letter(m.group(3))
            # Two letters glued where the region stands that are none ('놈붐32바2433' for 충북...): the region
            # was printed and lost, so the plate as read is short of it (no label's tail: '차번', '번호').
            lost = (bool(m.group(1)) and not region and m.group(1) not in _PLATE_LABEL_TAILS
                    and not m.group(0)[2].isspace())
            found.append((f"{region}{m.group(2)}{letter}{m.group(4)}", bool(region),
                          hired and not mended and not lost))
        elif z and z.group(1) in domain.places()["plate_regions"]:
            found.append((f"{z.group(1)}{z.group(2)}아{z.group(3)}", True, False))
    out = []
    for plate, region, sure in found:
        score = (0.9 if sum(p == plate for p, _, _ in found) >= 2 else 0.8) if region else 0.6
        out.append(Candidate(plate, score if sure else 0.45))
    return out


def _taxi(doc: Doc, r: Result) -> None:
    """Taxi specifics: plate, times, distance, company."""
    r.put("vehicle_no", best(_plates(doc)))
    r.put("departure_time", best(F.times(doc, ("승차시각", "승차시간", "승차일시", "승차"))))
    r.put("arrival_time", best(F.times(doc, ("하차시각", "하차시간", "하차일시", "하차"))))
    r.put("distance_km", best(F.distance(doc)))
    for line in doc.lines:
        if re.search(r"택시|운수|교통", line.text) and "영수증" not in line.text:
            r.put("carrier", (re.sub(r"^[^가-힣(]+", "", line.text), 0.6))
            break
