"""Which kind of document is this? Keyword evidence, weighted, over the OCR text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

from ocr import domain
from ocr.parsers.layout import Doc
from ocr.parsers.text import BRN, GROUPED, compact
from ocr.parsers.tickets import hangul_service

EVIDENCE = {
    "rail_ticket": (("KORAIL", 3), ("코레일", 3), ("KTX", 3), ("SRT", 3), ("ITX", 3), ("열차", 2),
                    ("호차", 3), ("무궁화", 3), ("새마을", 3), ("승차권", 1), ("운임", 1), ("일반실", 2),
                    ("특실", 2), ("314-82-10024", 3), ("역", 0.5)),
    "bus_ticket": (("버스", 3), ("고속", 2), ("터미널", 3), ("고속사", 3), ("우등", 2), ("프리미엄", 2),
                   ("시외", 2), ("승차권", 1), ("출발지", 1), ("도착지", 1), ("배차번호", 2)),
    # A terminal's approval title (신용승인, 카드승인) is decisive even when little else is legible.
    "card_slip": (("매출전표", 4), ("신용승인", 4), ("카드승인", 3), ("신용카드승인", 4), ("가맹점", 3),
                  ("공급가액", 3), ("과세물품", 3), ("부가세", 2),
                  ("카드번호", 1), ("승인번호", 2), ("일시불", 2), ("합계", 1), ("받을금액", 2),
                  ("결제금액", 2), ("최종결제", 2), ("총결제", 2), ("승인금액", 2), ("결제완료", 2),
                  ("카드결제", 2), ("신용카드", 1), ("영수증", 1), ("주문번호", 1), ("주문금액", 1),
                  ("배달비", 1), ("배달료", 1), ("사업자", 1), ("결제", 1), ("청구금액", 2), ("카드", 1),
                  ("SUBTOTAL", 2), ("TOTAL", 1),
                  # a 간이영수증 form: the buyer's copy, the price with VAT in it
                  ("공급받는자", 2), ("공급대가", 2),
                  ("CREDIT", 1), ("APPROVAL", 2),
                  # hotel folios in English
                  ("FOLIO", 2), ("ROOMCHARGE", 2), ("GUEST", 1), ("ARRIVAL", 1), ("DEPARTURE", 1),
                  ("INVOICE", 2), ("ROOMRATE", 2), ("CHECKIN", 1), ("CHECKOUT", 1), ("BALANCEDUE", 1),
                  # and in Korean: a stay's bill (숙박 영수증, 객실 정산서) and its guest block
                  ("숙박", 2), ("정산서", 2), ("객실료", 2), ("투숙객", 2), ("객실", 1), ("입실", 1),
                  ("퇴실", 1),
                  # car parks and toll booths (a 고속도로 is an expressway's toll, not a 고속 bus)
                  ("주차요금", 2), ("정산금액", 2), ("통행요금", 2), ("고속도로", 1)),
    "taxi_receipt": (("택시", 4), ("주행거리", 3), ("운행거리", 3), ("차번", 2), ("하차", 2), ("운수", 2),
                     ("승차시각", 2), ("하차시각", 2), ("미터요금", 3),
                     # a ride-hailing app's call fee: only a taxi is called for a fee
                     ("호출료", 3), ("호출비", 3)),
}
# What a taxi receipt prints and no shop slip or ticket does, with their weights: a commercial plate
# ('83자1560', 서울32바7741: 바, 사, 아, 자 are the letters of taxis and other hired vehicles; a private
# car's plate, on a parking slip, has others) and a distance driven ('16.9km').
TAXI_PATTERNS = ((re.compile(r"(?<!\d)\d{2,3}\s*[바사아자]\s*\d{4}(?!\d)"), 3),
                 (re.compile(r"(?<![\d.])\d{1,3}\.\d\s*[kK][mM]\b"), 1))
# A plate opening with its region (울산46배4977): hired vehicles keep the region on the plate, private cars
# lost it in 2006. Weaker than the taxi letters: old private plates still carry it.
# Its letter may be read as a zero ('강원 110 9733' for 11아9733: the round ㅇ of 아), as the plate parser
# reads it (PLATE_ZERO): after a listed region, two digits, the 0, four digits.
_REGIONAL_PLATE = (r"(?:{})\s?\d{{2}}\s?(?:[가-힣]|[0oO])\s?\d{{4}}(?!\d)", 2)


@lru_cache(maxsize=1)
def _regional_plate() -> re.Pattern:
    """_REGIONAL_PLATE with the gazetteer's plate regions."""
    return re.compile(_REGIONAL_PLATE[0].format("|".join(domain.places()["plate_regions"])))


# A train named with its number ('무궁화호 1512'), the name read a letter off ('무긍화호'): a ticket's line,
# the near match counted whatever else the page prints (its card words do not hide a train). Its 호 as
# printed: a road named alike ('새마을로 123', an address's piece) is no train.
_TRAIN_NO = re.compile(r"([가-힣]{2,3}호)\s?\d{3,4}")
TRAIN_NO = 2


def _names_a_train(doc: Doc) -> bool:
    """A line holds only a Hangul train service's name, as printed or a letter off, and a train number."""
    for line in doc.lines:
        m = _TRAIN_NO.fullmatch(line.text.strip())
        if m and hangul_service(m.group(1)):
            return True
    return False


# Another kind's longer keywords holding a keyword: the 차번 (a taxi's plate label) inside a bus ticket's
# 배차번호 (its dispatch number) is that word's, not a taxi's.
_HELD_BY = {(kind, word): tuple(longer.upper() for other, words in EVIDENCE.items() if other != kind
                                for longer, _ in words if word.upper() in longer.upper() and longer != word)
            for kind, words in EVIDENCE.items() for word, _ in words}


def _outside_others(upper: str, word: str, kind: str) -> str:
    """The text with the other kinds' longer keywords that hold this word blanked (_HELD_BY)."""
    for longer in _HELD_BY[(kind, word)]:
        upper = upper.replace(longer, " ")
    return upper


# A branch named after the station or terminal it stands by ('하늘식당 터미널점', '역전점') is a shop's
# name, not a ticket's word.
_BRANCH_OF_PLACE = re.compile(r"(?:고속|시외)?(?:버스)?터미널점|역(?:전|앞)?점")


# Keywords this long may be near-matched with a whole syllable misread (_one_syllable_off).
LONG_WORD = 4


# A line of running text or a note (카드결제 가능합니다, 버스 정류장 이전 안내, 부가세 포함): not labels.
_SENTENCE = re.compile(r"(?:니다|세요|십시오|가능|안내|포함|별도)[.!]?\s*$")


def _sentence(text: str) -> bool:
    """A line that reads as a sentence of several words, not a label and its value (no amount at its end).

    Words run together when the spaces are lost ('영수증은원본을...첨부합니다.'), and a sentence wrapped onto
    the next line loses its ending: six words and no digit are running text too.
    """
    if re.search(r"\d[\d,.]*\s*원?\s*$", text):
        return False
    words = len(text.split())
    ended = bool(_SENTENCE.search(text))
    return (ended and (words >= 2 or len(text) >= 14)) or (words >= 6 and not re.search(r"\d", text))


def classify(doc: Doc) -> tuple[str, float]:
    """(document_type, confidence); 'unknown' when nothing speaks for any kind."""
    own = "\n".join(" ".join(l.text for l in row if not _sentence(l.text)) for row in doc.rows)
    alt = "\n".join(l.alt or "" for l in doc.lines if not _sentence(l.text))
    text = _BRANCH_OF_PLACE.sub("", re.sub(r"\s+", "", own + "\n" + alt))
    upper = text.upper()
    scores = {kind: sum(w for word, w in words if word.upper() in _outside_others(upper, word, kind))
              for kind, words in EVIDENCE.items()}
    scores["taxi_receipt"] += sum(w for pattern, w in TAXI_PATTERNS if pattern.search(own))
    if not TAXI_PATTERNS[0][0].search(own) and _regional_plate().search(own):
        scores["taxi_receipt"] += _REGIONAL_PLATE[1]
    if _names_a_train(doc):
        scores["rail_ticket"] += TRAIN_NO
    if max(scores.values()) < 4:
        # A hard photo misreads a letter or two (걸제금액, 승차일세): count near matches at half weight.
        jamo = unicodedata.normalize("NFD", text)
        for kind, words in EVIDENCE.items():
            scores[kind] += sum(w / 2 for word, w in words if len(word) >= 3 and _hangul(word)
                                and word not in text and (_near(unicodedata.normalize("NFD", word), jamo)
                                                          or _one_syllable_off(word, text)))
    for kind, weight in _listed_places(doc).items():
        if kind == "either":  # a bus ticket unless rail's own words say more (as before the lists split)
            kind = "rail_ticket" if scores["rail_ticket"] > scores["bus_ticket"] else "bus_ticket"
        scores[kind] += weight
    transport = max(("rail_ticket", "bus_ticket", "taxi_receipt"), key=lambda k: scores[k])
    if scores[transport] >= 4 and scores["card_slip"] < 2 * scores[transport]:
        # Tickets and taxi receipts carry card words too (승인번호, 카드결제); their own words decide.
        scores["card_slip"] = min(scores["card_slip"], scores[transport] - 0.5)
    kind, top = max(scores.items(), key=lambda kv: kv[1])
    if top < 2:
        if scores[transport] < 1 and _titled_receipt(upper, own):
            # No ticket or taxi word either (a lone 역 is an address): a ticket's 승차권 영수증 stays unknown.
            return "card_slip", 0.5
        return "unknown", 0.0
    second = sorted(scores.values())[-2]
    return kind, min(0.99, 0.5 + 0.1 * (top - second))


# The labels of a trip's ends, each with the kind of place its value names; a listed station or terminal
# under or beside them speaks for a ticket (a booking mail's table whose title is lost).
_ENDS = (("출발지", "도착지"), ("출발", "도착"))
_END_PLACE = 2.0
# What may stand before a label: its English gloss ('From 출발', 'To 도착'), however it was read ('om', '36').
_GLOSS = re.compile(r"^[^가-힣]{1,8}(?=[가-힣])")


def _listed_places(doc: Doc) -> dict[str, float]:
    """Weight toward rail or bus for each trip end (출발지 / 도착지) whose value is a listed place. A place
    both lists hold (진주, 목포) says 'a ticket', not which: 'either', left to the ticket's own words."""
    data = domain.places()
    rail = set(data["rail_stations"])
    bus = set(data["bus_terminals"]) | set(data["terminal_aliases"].values())
    found: dict[int, str] = {}  # trip end -> the listed place read there
    for line in doc.lines:
        flat = _GLOSS.sub("", compact(line.text))
        for labels in _ENDS:
            for end, label in enumerate(labels):
                if end in found or not flat.startswith(label):
                    continue
                for text, _ in doc.values_near(line, label):
                    name, score = domain.match_place(text, "bus")
                    if name and score >= 0.9:
                        found[end] = name
                        break
    for end, name in enumerate(_route_row(doc)):
        found.setdefault(end, name)
    out: dict[str, float] = {}
    for name in found.values():
        kind = "either" if name in rail and name in bus else "rail_ticket" if name in rail else "bus_ticket"
        out[kind] = out.get(kind, 0.0) + _END_PLACE
    return out


# A route printed as a ticket's heading ('동대구 ▶ 서울남부', an app's banner): a row of two listed places
# and nothing else but the arrow between them, however it was read ('|', '>'), or lost ('안동 삼척').
_ROUTE_ROW = re.compile(r"[^가-힣\d]*([가-힣]{2,8})(?:\s*[^\s가-힣\d]{1,3}\s*|\s+)([가-힣]{2,8})[^가-힣\d]*")


def _route_row(doc: Doc) -> tuple[str, ...]:
    """The departure and arrival of a row holding nothing but a route of two listed places (exact names);
    () when no row, or more than one route, is so."""
    routes = set()
    for text in doc.row_texts:
        m = _ROUTE_ROW.fullmatch(text)
        if not m:
            continue
        ends = [domain.match_place(m.group(i), "bus") for i in (1, 2)]
        if all(name and score >= 0.9 for name, score in ends) and ends[0][0] != ends[1][0]:
            routes.add((ends[0][0], ends[1][0]))
    return routes.pop() if len(routes) == 1 else ()


# A receipt's title, and the moment of sale printed to the minute.
_RECEIPT_TITLE = ("영수증", "RECEIPT")
_SALE_MOMENT = re.compile(r"(?:(?<!\d)(?:20)?\d{2}\s*[.\-/년]\s*\d{1,2}\s*[.\-/월]\s*\d{1,2}\s*일?"
                          # or with an English month or the year last (Mar 04, 2025 / 04-03-2025)
                          r"|(?i:[A-Z]{3}[A-Z]*\.?\s*\d{1,2},?\s*20\d{2}|\d{1,2}\s*[A-Z]{3}[A-Z]*\s*20\d{2})"
                          r"|(?<![\d.\-/])\d{1,2}[.\-/]\d{1,2}[.\-/]20\d{2})\s*"
                          r"(?:\(\s*[월화수목금토일]\s*\)\s*)?\d{1,2}\s*:\s*\d{2}")
_AMOUNT = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")
# The seller's business registration number (123-45-67890), which a shop prints in its header.
_BRN = re.compile(r"(?<![\d-])" + BRN + r"(?![\d-])")


def _titled_receipt(upper: str, own: str) -> bool:
    """A page titled as a receipt that prints the moment of sale and an amount: a shop receipt whose card
    and total labels are illegible (a tightly set label column the detector could not split), not a menu
    or a notice (neither prints a sale's date and time under a receipt's title). A seller's registration
    number stands for the title when that is lost: a menu or a notice prints no moment of sale beside one."""
    if not _SALE_MOMENT.search(own):
        return False
    if any(word in upper for word in _RECEIPT_TITLE):
        return bool(_AMOUNT.search(own))
    return bool(_BRN.search(own)) and bool(GROUPED.search(_SALE_MOMENT.sub(" ", own)))


def _hangul(word: str) -> bool:
    """Only Hangul letters."""
    return bool(re.fullmatch(r"[가-힣]+", word))


def _one_syllable_off(word: str, text: str) -> bool:
    """A word of LONG_WORD syllables or more in the text with one syllable misread as another ('매즐전표',
    '숲인금액': dot-matrix and faded print lose a whole syllable's strokes, two or three letters of it), or
    with two letters misread anywhere ('결체금역')."""
    if len(word) < LONG_WORD:
        return False
    for i in range(len(word)):
        if re.search(re.escape(word[:i]) + "[가-힣]" + re.escape(word[i + 1:]), text):
            return True
    letters = unicodedata.normalize("NFD", word)
    return fuzz.partial_ratio(letters, unicodedata.normalize("NFD", text)) >= 100 * (1 - 2.2 / len(letters))


def _near(word: str, text: str) -> bool:
    """The letter-split word appears in the text with at most about one letter wrong."""
    return fuzz.partial_ratio(word, text) >= 100 * (1 - 1.2 / len(word))
