"""Rail and bus tickets: stations or terminals, times, train/bus number, service, class."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ocr import domain
from ocr.parsers import dates as D, fields as F, money
from ocr.parsers.layout import Candidate, Doc, best
from ocr.parsers.text import amounts, compact, parse_date, parse_time, split_arrow, strip_label

DEP, ARR, ROUTE, RAIL_DATE, BUS_DATE = F.DEP, F.ARR, F.ROUTE, F.RAIL_DATE, F.BUS_DATE
# Tesseract `eng` on a small, blurred 'KTX' gives KIX, K1X, KTK ...; 'SRT' gives 5RT, SR1.
LATIN_SERVICE = re.compile(r"\bK[TI1lJ][XK]\b|\b[S5]R[T1]\b|\bI[TI1]X\b")
# A station is a name of the closed gazetteer (exact, or a close letter-level match, see domain.match_place);
# an unlisted word beside a 출발 label (승객, a sentence's word) is never reported as one.
LISTED = 0.7
# Two listed places stacked in one column with their labels illegible: the weight of that guess, which
# keeps it under the 0.6 a value needs to be shown as sure.
STACKED = 0.55


# 터미널 as hard photos give it: 더미널, 터미넬, 터마널, any one of its syllables misread ('단양락미널'),
# after the place's name (what matters).
_MISREAD_SUFFIX = re.compile(r"(?:(?<=[가-힣]{2})(?:[가-힣]미널|터[가-힣]널|터미[가-힣])"
                             r"|[터더러][미마][널넬녈])$")


def suffix_mended(text: str) -> str:
    """The text with 터미널 put back after each word that ends in a misread of it ('을진더미널')."""
    return re.sub(r"[가-힣]+", lambda m: _MISREAD_SUFFIX.sub("터미널", m.group(0)), text)


# A place named only by its English name ('Dongdaegu' beside a misread 동대구): one reading of one word.
LATIN_NAME = 0.7


# A labelled place two letters off the one listed name near it ('오근찰' beside 도착역 for 오근장): a guess.
NEAR_NAME = 0.55


def place_parser(kind: str, latin: bool = False, near: bool = False):
    """A parser turning the text beside a 출발/도착 label into a normalised place; with `latin`, the
    romanised name printed beside the Hangul one names it when the Hangul reading is not a listed name;
    with `near`, a name two letters from one listed name alone (domain.near_place) is that name, unsure."""
    def parse(text: str) -> tuple[str, float] | None:
        text = _MISREAD_SUFFIX.sub("터미널", text)
        found = None
        for token in re.findall(r"[가-힣]{2,}(?:\([가-힣]+\))?", text):
            if is_label_word(token):
                continue
            name, conf = domain.match_place(token, kind)
            found = (name, conf) if name and conf >= LISTED else None
            if found is None and near:
                guess = domain.near_place(token, kind) or _before_suffix(token, kind)
                found = (guess, NEAR_NAME) if guess else None
            break
        if not latin or (found and found[1] >= 0.9) or not (english := domain.match_latin(text, kind)):
            return found
        # A snapped Hangul name the English one spells out: two words of the print agree.
        return (english, 0.9) if found and found[0] == english else (english, LATIN_NAME)
    return parse


def _before_suffix(token: str, kind: str) -> str | None:
    """A listed name (or one a letter or two off) before three syllables each at most two letters from
    터미널's own ('홍성더며낳': 홍성 and 터미널 read past _MISREAD_SUFFIX)."""
    head, tail = token[:-3], token[-3:]
    if len(head) < 2 or not all(Levenshtein.distance(domain.jamo(a), domain.jamo(b)) <= 2
                                for a, b in zip(tail, "터미널")):
        return None
    name, conf = domain.match_place(head, kind)
    return name if name and conf >= LISTED else domain.near_place(head, kind)


def is_label_word(token: str) -> bool:
    """A ticket's label or another field's value word (승객, 좌석번호, 우등), never a place."""
    return token in F.LABEL_WORDS or token in F.TICKET_WORDS or any(h in token for h in F.LABEL_HINTS)


# Labels that open with a trip end's label and name another field (승차일시, 출발시각, 승차권번호).
_NOT_PLACES = ("일시", "일자", "시각", "시간", "요금", "승차권", "번호", "운임", "금액",
               "출발일", "승차일", "탑승일", "도착일")


def stations(doc: Doc, kind: str) -> tuple[Candidate | None, Candidate | None]:
    """Departure and arrival from labels, an arrow, or two known places side by side."""
    parse = place_parser(kind)
    deps, arrs = [], []
    for cands, labels in ((deps, DEP), (arrs, ARR)):
        labelled = place_parser(kind, latin=True, near=True)
        for c in F.labelled(doc, labels, labelled, 0.95, exclude=_NOT_PLACES):
            name, conf = c.value
            cands.append(Candidate(name, c.score * conf, c.source))
    for c in F.labelled(doc, ROUTE, lambda t: split_arrow(t, dash=True) or _two_names(t), 0.95):
        found = [parse(p) for p in c.value]
        if all(found) and found[0][0] != found[1][0]:
            deps.append(Candidate(found[0][0], c.score * found[0][1], "route"))
            arrs.append(Candidate(found[1][0], c.score * found[1][1], "route"))
    for row, text in zip(doc.rows, doc.row_texts):
        # The route in the row's text, else in one cell of a table row ('오송 ~ 순천' beside the train).
        found = _route(text, parse)
        for line in row if len(row) >= 2 and not found else ():
            found = found or _route(line.text, parse)
        weight = 0.9 if found else 0.8
        if not found and len(row) == 1 and not re.search(r"\d", row[0].text):
            # Two listed names alone on a line, the arrow between them lost ('정읍 ▶ 안성' read '정음 안성').
            words = re.findall(r"[가-힣]{2,}(?:\([가-힣]+\))?", row[0].text)
            pair = [parse(w) for w in words] if len(words) == 2 else []
            if pair and all(pair) and pair[0][0] != pair[1][0]:
                found, weight = pair, 0.75
        if not found and len(row) >= 2:
            found = [parse(l.text) for l in row if not re.search(r"\d", l.text)]
            found = [f for f in found if f and f[1] >= 0.7][:2] if len(found) >= 2 else []
        if found and len(found) == 2 and all(found) and found[0][0] != found[1][0]:
            deps.append(Candidate(found[0][0], weight * found[0][1], "pair"))
            arrs.append(Candidate(found[1][0], weight * found[1][1], "pair"))
    if not deps or not arrs:
        for a, b in _facing_names(doc, parse):
            deps.append(Candidate(a[0], 0.75 * a[1], "facing"))
            arrs.append(Candidate(b[0], 0.75 * b[1], "facing"))
    if not deps or not arrs:
        # The order alone says which is which: reported unsure, for the traveller to check; taken only where
        # it agrees with what the labels gave.
        for a, b in _stacked_names(doc, parse) or _stacked_names(doc, parse, timed=True):
            if (not deps or best(deps).value == a[0]) and (not arrs or best(arrs).value == b[0]):
                deps.append(Candidate(a[0], STACKED * a[1], "stacked"))
                arrs.append(Candidate(b[0], STACKED * b[1], "stacked"))
    if not deps and arrs:
        deps += _above_arrival(doc, parse, best(arrs), place_parser(kind, near=True))
    dep, arr = best(deps), best(arrs)
    if dep and arr and dep.value == arr.value:
        others = [c for c in arrs if c.value != dep.value]
        arr = best(others)
    if not (dep and arr) or min(dep.score, arr.score) <= DRIFTED:
        dep, arr = _ranked_ends(doc, parse, dep, arr)
    if not dep and arr:
        arr = _drifted_end(doc, arr, DEP, parse)
    elif dep and not arr:
        dep = _drifted_end(doc, dep, ARR, parse)
    return _one_witness(doc, dep, kind), _one_witness(doc, arr, kind)


# A crumpled or slanted ticket whose value column drifted a row off its labels: the lost end's label is
# legible with no listed place beside it, so the name read beside the other end's label may be the lost
# end's (출발 beside nothing, 도착지 beside '성남터미널': the departure's value, the arrival's a row below).
DRIFTED = 0.55


# Both ends paired with their labels by rank in their columns, not by row (Doc.ranked_value): a guess.
RANKED = 0.55


def _ranked_ends(doc: Doc, parse, dep: Candidate | None, arr: Candidate | None) -> tuple:
    """Departure and arrival from the value column's lines of the same rank as their labels, each label
    alone on its line, when that gives two listed places and the rows gave one end or none, or a guess:
    on a crumpled ticket the column drifted ('출발' beside nothing, '성남터미널' beside 도착지, '해남'
    beside 좌석). Reported under 0.6; the rows' reading stays when ranks give nothing new."""
    ends = []
    for labels in (DEP, ARR):
        bare = [line for line, label, _ in doc.find_labels(labels)
                if not any(x in compact(line.text) and x not in label for x in _NOT_PLACES)
                and not re.search(r"[가-힣\d]", compact(strip_label(line.text, label)))]
        value = doc.ranked_value(bare[0]) if len(bare) == 1 else None
        ends.append(parse(value.text) if value else None)
    (a, b), rows = ends, (dep and dep.value, arr and arr.value)
    if not (a and b) or a[0] == b[0] or (a[0], b[0]) == rows:
        return dep, arr
    return tuple(own if own and own.value == got[0] else Candidate(got[0], RANKED * got[1], "ranked")
                 for own, got in ((dep, a), (arr, b)))


def _drifted_end(doc: Doc, found: Candidate, lost: tuple[str, ...], parse) -> Candidate:
    """The one end read beside its label, under 0.6 when the other end's label is legible with no place
    beside it."""
    if found.score < DRIFTED or found.source not in DEP + ARR:
        return found  # a route, a pair of names, the order alone: not read beside a label
    for line, label, _ in doc.find_labels(lost):
        if any(x in compact(line.text) and x not in label for x in _NOT_PLACES):
            continue
        rest = compact(strip_label(line.text, label))
        if not re.search(r"[가-힣\d]", rest) and not any(parse(o.text) for o, _ in doc.right_of(line)):
            return Candidate(found.value, DRIFTED, found.source)
    return found


def _two_names(text: str) -> tuple[str, str] | None:
    """'김천 수원' under a 구간 label (a booking mail's table cell): two words and nothing else, the arrow
    between them lost; each must still be a listed place for the route to be taken."""
    words = text.split()
    if len(words) == 2 and all(re.fullmatch(r"[가-힣]{2,8}(?:\([가-힣]+\))?", w) for w in words):
        return words[0], words[1]
    return None


# A place read on one line only, whose name was snapped to the list or has a listed neighbour one letter
# away (진주 / 전주, 청주 / 충주): one misread letter gives the other name, as clean as the right one.
ONE_WITNESS = 0.55


def _one_witness(doc: Doc, cand: Candidate | None, kind: str) -> Candidate | None:
    """The place, under 0.6 when the gazetteer alone vouches for a name one letter could have changed.

    Another line printing the name as listed (a route beside the labels, the name in a notice) is a
    second reading of other pixels; with it the name stays as sure as its label made it.
    """
    if cand is None or cand.score < 0.6:
        return cand
    printed = _lines_printing(doc, cand.value, kind)
    if printed >= 2 or (printed == 1 and not domain.listed_neighbours(cand.value, kind)):
        return cand
    return Candidate(cand.value, min(cand.score, ONE_WITNESS), cand.source)


def _lines_printing(doc: Doc, name: str, kind: str) -> int:
    """How many lines print the name as listed (not snapped to it from a misread), in Hangul or romanised."""
    count = 0
    for line in doc.lines:
        words = re.findall(r"[가-힣]{2,}(?:\([가-힣]+\))?", _MISREAD_SUFFIX.sub("터미널", line.text))
        count += (any(domain.match_place(w, kind) in ((name, 0.95), (name, 0.9)) for w in words)
                  or name in (domain.match_latin(line.text, kind), domain.match_latin(line.alt or "", kind)))
    return count


def _route(text: str, parse) -> list | None:
    """Two listed places joined by an arrow, however OCR drew it (→ read as =, ~ or >)."""
    pair = split_arrow(text) or split_arrow(text.replace("=", " → "))
    if pair:
        found = [parse(p) for p in pair]
    elif m := _ODD_ARROW.fullmatch(text):
        # '마산ㅋ동대구': the arrow read as a jamo or a stray sign. Names snapped to the list ('관명' for
        # 광명) across such an arrow are a guess twice over: reported under 0.6.
        found = [(got[0], got[1] if got[1] >= 0.9 else 0.8 * got[1]) if (got := parse(w)) else None
                 for w in m.groups()]
    else:
        found = _glued_names(text, parse)
    return found if len(found) == 2 and all(found) and found[0][0] != found[1][0] else None


_ODD_ARROW = re.compile(r"[\s\[\]()|]*([가-힣]{2,8})\s*[^\s가-힣\d()\[\]]\s*([가-힣]{2,8})[\s\[\]()|]*")


def _glued_names(text: str, parse) -> list:
    """'서울양평' in a route cell: two listed names, exactly, with the arrow between them lost."""
    words = re.findall(r"[가-힣]{4,10}", text)
    if len(words) != 1 or parse(words[0]):
        return []  # a longer word, or a name of its own (광주송정)
    word = words[0]
    splits = []
    for i in range(2, len(word) - 1):
        a, b = parse(word[:i]), parse(word[i:])
        if a and b and a[1] >= 0.9 and b[1] >= 0.9:
            splits.append([(a[0], 0.8 * a[1]), (b[0], 0.8 * b[1])])
    return splits[0] if len(splits) == 1 else []  # two ways to cut it: no guess


def _facing_names(doc: Doc, parse) -> list[tuple[tuple[str, float], tuple[str, float]]]:
    """Two cells that each hold nothing but a listed place, side by side though not on one detected row.

    Paper tickets print the stations large on either side of the train ('광명  KTX 442  용산'), so their
    boxes sit a little higher or lower than their neighbours and the row grouping splits them.
    """
    names = _place_lines(doc, parse)
    pairs = []
    for a, fa in names:
        for b, fb in names:
            overlap = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
            if (a.box[2] < b.box[0] and fa[0] != fb[0]
                    and overlap >= 0.4 * min(a.height, b.height)):
                pairs.append((fa, fb))
    return pairs if len(pairs) == 1 else []


# A place's time after its name, as rail tickets print them beside the label ('상봉 07:10'; the colon
# misread as a hyphen or a dot, a digit added: '066-51').
_TIME_AFTER = re.compile(r"\s+\d{1,3}\s?[:;.\-]\s?\d{2,3}\s*$")


def _place_lines(doc: Doc, parse, timed: bool = False) -> list:
    """Lines holding nothing but a listed place (no digit, a short line opening with the name); with
    `timed`, also a place followed by its time."""
    names = []
    for line in doc.lines:
        text = _TIME_AFTER.sub("", line.text) if timed else line.text
        if re.search(r"\d", text) or len(compact(text)) > 12:
            continue
        found = parse(text)
        if found and found[1] >= 0.9 and re.sub(r"[^가-힣()]", "", text).startswith(found[0][:2]):
            names.append((line, found))
    return names


def _above_arrival(doc: Doc, parse, arrival: Candidate, near) -> list[Candidate]:
    """The departure's label illegible ('슬당시' for 출발지), the arrival read under its own: the one line
    above the arrival that holds nothing but another listed place ('동해터미널'), or that place and its
    time ('상봉 07:10' under a 출발 read '출 몰'), is where the trip starts, a guess by the order alone
    (under 0.6). The arrival's own line may be a misread `near` gives it from ('오근찰 18.37'); with no
    such line, the one right over the arrival's that `near` reads as a place, its misread label in
    brackets dropped ('[순차] 유스리어' over '[도착] 오산'), is the guess, twice a guess."""
    below = [l for l in doc.lines if (got := parse(l.text) or near(l.text)) and got[0] == arrival.value]
    if not below:
        return []
    top = min(below, key=lambda l: l.cy)
    names = [(line, found) for line, found in _place_lines(doc, parse, timed=True)
             if found[0] != arrival.value]
    if not names:
        names = [(line, found) for line in doc.lines
                 if 0 < top.cy - line.cy <= 3 * max(line.height, top.height)
                 and re.fullmatch(r"[가-힣]{2,10}", word := compact(_LABEL_HEAD.sub("", line.text)))
                 and (found := near(word)) and found[0] != arrival.value]
    if len(names) != 1 or names[0][0].cy >= top.cy:
        return []
    name, conf = names[0][1]
    return [Candidate(name, STACKED * conf, "above-arrival")]


# A field's label opening a line, in brackets or before a colon, however misread ('[순차] ', '|슴차| ').
_LABEL_HEAD = re.compile(r"^\s*[\[(|!1l]\s*[가-힣]{1,5}\s*[\])|!:]\s*")


def _stacked_names(doc: Doc, parse, timed: bool = False) -> list[tuple[tuple[str, float], tuple[str, float]]]:
    """Two lines that each hold nothing but a listed place, one right under the other in one column, when
    the labels beside them are illegible (승차 / 하차 read '승가' / '하가'): departure above, arrival below.
    Only when the page holds exactly two such lines. With `timed`, each place with its time after it
    ('서울역 06:19' over '강릉역 09:47' beside labels read a letter a box), the upper time the earlier."""
    names = _place_lines(doc, parse, timed)
    if len(names) != 2 or names[0][1][0] == names[1][1][0]:
        return []
    (a, fa), (b, fb) = sorted(names, key=lambda n: n[0].cy)
    if timed and not (parse_time(a.text) or "99") < (parse_time(b.text) or ""):
        return []
    gap = b.box[1] - a.box[3]
    overlap = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
    if gap > 1.5 * max(a.height, b.height) or overlap < 0.3 * min(a.box[2] - a.box[0], b.box[2] - b.box[0]):
        return []
    return [(fa, fb)]


def _under(doc: Doc, line) -> list:
    """Lines right under this one (within two line heights) that share its horizontal span: a stacked cell."""
    x0, _, x1, y1 = line.box
    out = []
    for other in doc.lines:
        gap = other.box[1] - y1
        if (other is line or not -0.5 * line.height <= gap <= 2 * line.height
                or other.cy <= line.cy + 0.4 * line.height):
            continue
        if min(x1, other.box[2]) - max(x0, other.box[0]) > 0.5 * min(x1 - x0, other.box[2] - other.box[0]):
            out.append(other)
    return sorted(out, key=lambda l: l.box[1])[:1]


# A comma or a dot between thousands (OCR reads one for the other: '30.900'); dates are skipped line by line.
_PRINTED = re.compile(r"(?<![\d,.:])([-−–]\s*)?(?:[\\₩W]\s?)?(?<![\d,.:])(\d{1,3}(?:[,.]\d{3})+)(?![\d,.:])")


def printed_amounts(doc: Doc) -> tuple[tuple[int, bool], ...]:
    """Every comma-grouped amount on the ticket, with whether a minus sign stands before it (a discount).
    Points or a voucher spent ('포인트 사용 -1,700') paid a share of the ticket: no discount, no minus."""
    out = []
    for line in doc.lines:
        if parse_date(line.text) or re.search(r"\d{4,}-\d{4}", line.text):
            continue
        share = money.paid_share(doc, line)
        for m in _PRINTED.finditer(re.sub(r"(?<=\d)[,.]{2,}(?=\d)", ",", line.text)):  # '-3,.300
            out.append((int(re.sub(r"[,.]", "", m.group(2))), bool(m.group(1)) and not share))
    return tuple(out)


def after_lost_cut(doc: Doc, largest: int) -> int | None:
    """The amount paid when a discount's label is read but no label of the fare or the total is, nor the
    discount's own amount ('\\9,700 / 항인금세 / \\8,200': 운임, 할인금액, 결제금액 with those unread): the
    largest amount printed just over the discount's label is the fare, the one smaller amount printed
    just under it what was left to pay. None when the cut's amount is legible beside its label (the
    arithmetic checks take it then) or no such pair is printed."""
    index = {id(l): i for i, l in enumerate(doc.lines)}

    def near(i: int, step: int) -> list[tuple[int, bool]]:
        """The amounts on the first line with a digit from line i on, upwards or downwards."""
        for j in range(i + step, -1 if step < 0 else len(doc.lines), step):
            line = doc.lines[j]
            if re.search(r"\d", line.text):
                return list(printed_amounts(Doc([line])))
        return []

    found = set()
    for line, _, _ in doc.find_labels(F.DISCOUNT):
        i = index[id(line)]
        if re.search(r"\d", line.text) or any(re.search(r"\d", o.text) for o, _ in doc.right_of(line)):
            continue
        if (largest, False) in near(i, -1):
            found |= {v for v, minus in near(i, 1) if not minus and 100 <= v < largest}
    return found.pop() if len(found) == 1 else None


# A box holding one bare amount and marks round it ('] 32900': a value cell whose comma was not printed or
# not read), in tens of won.
_BARE = re.compile(r"^[\s\[\]|:;(){}\\₩W'\"“”-]*([1-9]\d{2,5}0)\s*원?[\s\[\]|:;()]*$")


def bare_amounts(doc: Doc) -> set[int]:
    """The amounts printed without a thousands separator, each alone in its box: not taken for a fare or a
    discount, only for the net that a grouped fare less a grouped discount lands on (see checks)."""
    return {int(m.group(1)) for line in doc.lines if (m := _BARE.match(line.text))}


def paid_in_shares(doc: Doc, totals: list[Candidate]) -> set[int]:
    """Total-labelled amounts that points or a voucher spent and the card's payment add up to
    (승차권 금액 7,800 = 포인트 사용 1,700 + 카드결제 6,100): the ticket's price, checked; what the card
    paid is only a share of it."""
    shares, paid = set(), set()
    for row in doc.rows:
        text = " ".join(l.text for l in row)
        if parse_date(text):
            continue
        if money.paid_share(doc, row[0]):
            shares.update(amounts(text))  # '-ㅡ600': a small share has no thousands group
        elif any(w in compact(text) for w in F.CARD_PAID):
            paid.update(amounts(text))
    return {c.value for c in totals if any(c.value == s + p for s in shares for p in paid if s and p)}


def travel_date(doc: Doc, labels: tuple[str, ...]) -> Candidate | None:
    """The day of the trip: the rows that say when the ticket was bought or paid are no witness against it.

    A ticket prints the trip's date (출발일자, 승차일) and often the purchase's (발권, 결제일시) on its own
    row; read with those rows left out, a labelled trip date is not contested by the purchase date.
    """
    full = D.resolve(doc, labels, F.PURCHASE)
    trip = [l for row in doc.rows if not any(w in compact(l.text) for l in row for w in F.PURCHASE)
            for l in row]
    if full is None or len(trip) == len(doc.lines) or not trip:
        return full
    own = D.resolve(Doc(trip), labels)
    if own is None:
        return full
    if own.value == full.value:
        return own if own.score > full.score else full
    # The page's date came from the purchase rows (발권 and 결제일시 may print it twice): the trip's is
    # the one the traveler claims, at the confidence its own rows give it.
    return own


def rail_vehicle(doc: Doc) -> list[Candidate]:
    """Train number: after a service name, before 열차, or beside the 열차번호 label."""
    out = []
    # '무궁회호 1515': a Hangul service name with its third syllable misread still ends in 호.
    services = (r"(?:KTX(?:-[가-힣]+)?|SRT|ITX-?[가-힣]*|무궁화호?|새마을호?|누리로"
                r"|무궁[가-힣]호|새마[가-힣]호)")
    for text, weight in ((doc.text, 0.85), (doc.alt_text, 0.6)):
        for m in re.finditer(services + r"[^\d\s]{0,4}\s*(\d{1,4})(?![\d:,.])", text):
            out.append(Candidate(m.group(1), weight, "service"))
    for line in doc.lines:
        # '023 열차', not '1310 열차 : KTX 216' (an English label 'Train' misread as digits before the Korean
        # label and its colon).
        for m in re.finditer(r"(?<![\d.,:-])(\d{1,4})\s?열[차자](?!\s*(?:번호\s*)?[:：])", line.text):
            out.append(Candidate(m.group(1), 0.95, "열차"))
    for line in doc.lines:
        # A short line ending in a number, read as a service name (KTX-산천 910 -> '(71×-산천 910').
        hint = LATIN_SERVICE.search((line.alt or "").upper()) or re.search(r"산천|이음|새마을|무궁화|청춘",
                                                                           line.text)
        m = re.fullmatch(r".{1,10}\s(\d{1,4})", line.text)
        if hint and m and not re.search(r"\d[:.,]\d|호차", line.text):
            out.append(Candidate(m.group(1), 0.9, "service-line"))

    for line in doc.lines:
        # The service name with the number printed under it, in one cell ('KTX' over '442').
        if _bare_service(line):
            for below in _under(doc, line):
                m = re.fullmatch(r"\s*(\d{1,4})\s*(?:열차)?\s*", below.text)
                if m:
                    out.append(Candidate(m.group(1), 0.85, "service-cell"))

    def parse(text: str) -> str | None:
        nums = re.findall(r"(?<![\d:.,])(?<!\d-)(\d{1,4})(?![\d:.,-]|호차)", text)
        return nums[-1] if nums else None
    out += F.labelled(doc, F.TRAIN_NO, parse, 0.9, exclude=("열차종류",))
    for line, label, score in doc.find_labels(("열차종류", "열차편", "차종")):
        # '[열차종류] KTX-산천 568': the service, misread or not, then the train number ending the line.
        m = re.search(r"\s(\d{1,4})\s*(?:열차)?$", strip_label(line.text, label))
        if m and not re.search(r"\d[:.,]\d|호차", line.text):
            out.append(Candidate(m.group(1), 0.85 * score, "service-label"))
    return out


_SERVICE_WORD = re.compile(r"(?:KTX|SRT|ITX)(?:-?[가-힣]{2,3})?|무궁화호?|새마을호?|누리로"
                           r"|.{0,4}[-%~×]?(?:산천|이음|청룡|새마을|청춘)")  # '1%산천' for KTX-산천
# The `eng` reading of a service name, with the Hangul suffix read as Latin letters ('KTX-AH' for KTX-산천).
_LATIN_SERVICE_WORD = re.compile(rf"(?:{LATIN_SERVICE.pattern})(?:-[A-Z0-9]{{1,3}})?")


_HANGUL_SERVICES = ("무궁화호", "새마을호")


def hangul_service(word: str) -> bool:
    """A Hangul train service's name, as printed or a letter (jamo) off ('무굴화호', '무긍화호')."""
    letters = domain.jamo(word)
    return any(fuzz.ratio(letters, domain.jamo(name)) >= 85 for name in _HANGUL_SERVICES)


def _bare_service(line) -> bool:
    """A line that is only a train service's name (KTX, ITX-새마을, KTX-산천 read as 1×-산천)."""
    # The hyphen of ITX-청춘 read as the vowel ㅡ (normalised to its conjoining form) or a long dash.
    text = re.sub("[ㅡ\u1173—–]", "-", compact(line.text).upper())
    alt = compact(line.alt or "").upper()
    if _SERVICE_WORD.fullmatch(text) or (_LATIN_SERVICE_WORD.fullmatch(alt) and len(text) <= 6):
        return True
    # '무굴화호': a Hangul service name one letter off (jamo), on a line of its own.
    if hangul_service(text):
        return True
    # '17%-새마용' for ITX-새마을, '\정춘' for ITX-청춘: a short Latin head and a joining sign, then the name
    # one syllable off (a two-syllable name only by one letter of that syllable).
    m = re.fullmatch(r"[A-Z0-9|\\*]{0,4}[-%~×\\*]{1,3}([가-힣]{2,3})", text)
    return bool(m) and any(_one_syllable_off(m.group(1), name) for name in _SUFFIXES)


_SUFFIXES = ("새마을", "무궁화", "산천", "이음", "청룡", "청춘")


def _one_syllable_off(word: str, name: str) -> bool:
    """Same length, one syllable different; in a two-syllable name that syllable differs by one letter."""
    wrong = [(a, b) for a, b in zip(word, name) if a != b]
    if len(word) != len(name) or len(wrong) != 1:
        return False
    a, b = (unicodedata.normalize("NFD", x) for x in wrong[0])
    return len(name) >= 3 or sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b)) == 1


def bus_vehicle(doc: Doc) -> list[Candidate]:
    """Bus number beside 차량번호 / 버스번호 / 차번."""
    def parse(text: str) -> str | None:
        # A full plate ('경기70아1234', '서울 75 사 1234') is the bus's number as printed, not its region.
        plate = re.search(r"[가-힣]{2}\s?\d{2,3}\s?[가-힣]\s?\d{4}(?!\d)", text)
        if plate:
            return compact(plate.group(0))
        # A comma or a '!' right after the label is its bracket or colon misread ('[버스번호,4298'); a number
        # against a slash is part of a date ('2023/04/28' under a misread label), never the bus's.
        m = re.search(r"(?<![\d:.,/-])(\d{1,4})(?![\d:.,/-])", text.lstrip(",!"))
        return m.group(1) if m else None
    out = F.labelled(doc, F.BUS_NO, parse, 0.9)
    for line, label, _ in doc.find_labels(F.BUS_NO):
        # A label alone on its line, its column drifted (see _ranked_ends): the value of its rank, a guess.
        if not re.search(r"[가-힣\d]", compact(strip_label(line.text, label))):
            value = doc.ranked_value(line)
            if value and (number := parse(value.text)) and re.fullmatch(r"\d{3,4}", compact(value.text)):
                out.append(Candidate(number, RANKED, "ranked"))
    return out


def service(doc: Doc) -> tuple[str | None, float]:
    """KTX, KTX-산천, SRT, ITX-새마을, 무궁화호 ... from the text or its English re-reading."""
    latin = (doc.alt_text + "\n" + doc.text).upper()
    flat = compact(doc.text)
    for m in LATIN_SERVICE.finditer(latin):
        code = m.group(0)
        latin += " " + ("SRT" if code[0] in "S5" else "ITX" if code[0] == "I" else "KTX")
    if "SRT" in latin:
        return "SRT", 0.9
    if "ITX" in latin or "새마을" in flat or "청춘" in flat:
        if "청춘" in flat:
            return "ITX-청춘", 0.85
        if "새마을" in flat:
            # 새마을호 proper ran until 2018; today's 새마을 trains are ITX-새마을.
            return ("새마을호" if "새마을호" in flat and "ITX" not in latin else "ITX-새마을"), 0.85
    if "KTX" in latin or "산천" in flat or "이음" in flat:
        for sub in ("산천", "이음", "청룡"):
            if sub in flat:
                return f"KTX-{sub}", 0.85
        return "KTX", 0.85
    if "무궁화" in flat:
        return "무궁화호", 0.9
    return None, 0.0


def rail_carrier(doc: Doc, service_name: str | None, brn: str | None) -> tuple[str | None, float]:
    """KORAIL or SR, from the name, the service or the registration number."""
    latin = (doc.alt_text + "\n" + doc.text).upper()
    if "KORAIL" in latin or "코레일" in doc.text or brn == "314-82-10024":
        return "KORAIL", 0.95
    if service_name == "SRT" or brn == "120-88-00767" or "에스알" in doc.text:
        return "SR", 0.9
    if service_name:
        return "KORAIL", 0.8
    return None, 0.0


def seat_class(doc: Doc, kind: str) -> tuple[str | None, float]:
    """일반실/특실 for trains; 일반/우등/프리미엄 for buses."""
    flat = compact(doc.text)
    if kind == "rail_ticket":
        if "특실" in flat:
            return "특실", 0.9
        if "일반실" in flat:
            return "일반실", 0.9
        return None, 0.0
    for name in ("프리미엄", "우등", "일반"):
        if name in flat:
            return name, 0.85
    return None, 0.0


def bus_carrier(doc: Doc) -> tuple[str | None, float]:
    """A known bus company named anywhere on the ticket."""
    flat = compact(doc.text)
    for name in domain.places()["bus_carriers"]:
        if name in flat:
            return name, 0.9
    m = re.search(r"[가-힣]{2,4}고속(?!버스)", flat)
    return (m.group(0), 0.5) if m else (None, 0.0)


def seat(doc: Doc, kind: str) -> tuple[str | None, float]:
    """Car and seat for trains ('5호차 12A'), seat number for buses."""
    m = re.search(r"(\d{1,2})\s*호차\s*(\d{1,2}\s?[A-D])", doc.text)
    if m and kind == "rail_ticket":
        return f"{m.group(1)}호차 {m.group(2).replace(' ', '')}", 0.85
    c = best(F.labelled(doc, ("좌석번호", "좌석"), lambda t: (re.search(r"\d{1,2}[A-D]?", t) or [None])[0],
                        0.8))
    return (c.value, c.score) if c else (None, 0.0)
