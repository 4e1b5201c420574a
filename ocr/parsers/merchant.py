"""The merchant: the store's name after its label, else the header line that reads as a name.

Never boilerplate ('가맹점주소가 실제와 다를 경우 신고안내'), a label, an address, a phone or a registration
number. On marketplace and app receipts the seller (판매자 상호) is the merchant, not the payment company
listed as 가맹점.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ocr import domain
from ocr.model import TextLine
from ocr.parsers import names
from ocr.parsers.layout import Candidate, Doc
from ocr.parsers.text import BRN, compact


@dataclass
class Named(Candidate):
    """A merchant candidate with the line its name was read from (to read that line again)."""

    line: TextLine | None = None

# Most specific first: the seller before the payment facilitator.
LABELS = (("판매자상호", 0.85), ("상호명", 0.8), ("상호", 0.8), ("매장명", 0.8), ("약국명", 0.8),
          ("점포명", 0.8), ("가게명", 0.8), ("판매처", 0.75), ("업체명", 0.75), ("판매자", 0.7),
          ("매장", 0.7), ("사업자명", 0.65), ("가맹점명", 0.65), ("가맹점", 0.55))
# Sentences printed on every slip, and words that make a line a label rather than a name.
BOILERPLATE = ("주소", "실제", "경우", "신고", "안내", "다를", "다른", "포상", "지급", "협회", "여신", "감사",
               "환영", "방문", "교환", "환불", "지참", "적용", "공제", "입니다", "합니다", "바랍니다",
               "하세요")
LABELISH = ("영수증", "전표", "고객용", "정보", "번호", "대표", "전화", "문의", "주문내역", "주문상세",
            "과거", "일시", "일자", "거래", "단말기", "카드", "승인", "결제", "금액", "합계", "부가세",
            "할인", "수량", "단가", "상품", "품명", "소재지", "기간", "업종",
            # a merchant label alone on its line (its value to the right) is no name: 상호, 판매자
            "상호", "판매자",
            "사업자", "등록", "TEL", "FAX", "POS", "RECEIPT", "NO.", "ARRIVAL", "DEPARTURE", "GUEST",
            "CHARGE", "FOLIO", "INVOICE",
            # a folio's guest block in Korean: 투숙객, 객실, 입실일, 퇴실일
            "투숙", "객실", "입실", "퇴실",
            # a slip printed again says so at its top: '(재인쇄)', '재발행', 'REPRINT'
            "재인쇄", "재발행", "재출력", "REPRINT")
LABEL_IN_VALUE = ("번호", "일시", "일자", "전화", "대표", "문의", "주소", "등록", "사업자", "금액", "합계",
                  "할부", "일시불", "TEL", "POS")
TITLES = ("영수증", "매출전표", "전표", "고객용", "카드", "신용", "승인", "주문내역", "주문상세", "RECEIPT",
          "CARD", "과거")
_ADDRESS = re.compile(r"(?:특별시|광역시|[가-힣]{1,4}[시도군구])\s*[가-힣\d]*(?:로|길|동|읍|면)\s*\d"
                      r"|\d+\s*(?:번길|층|호)\b"
                      r"|[가-힣]+(?:로|길)\s*\d{1,4}"
                      # a wrapped piece ending in its lot or house number ('관철동 12-3', '팔달구 292,'),
                      r"|[가-힣]{2,}[구군동읍면리]\s*\d{1,5}(?:-\d{1,5})?\W*$"
                      # or opening with the province and the city ('전라북도 전주시', '충청남도 가상군')
                      r"|[가-힣]{2,}도\s*[가-힣]{1,4}[시군](?!\S)")
# '임동운 외 1': the owners listed beside the registration number, not the store.
_PEOPLE = re.compile(r"^[가-힣]{2,4}\s*외\s*[\dㅣ\u1175l|1]")
# '(신길동) 영등포...': the tail of an address wrapped onto the name's line.
_ADDRESS_TAIL = re.compile(r"^[가-힣]{1,4}동\)\s*")
_NUMBERS = re.compile(r"\d{2,4}[-)]\s*\d{3,4}-\d{4}|" + BRN + r"|\d{9,}")
# A phone or code glued onto the name's line and misread ('02000-0004'): digits and dashes, 7 digits or more.
_NUMBER_TAIL = re.compile(r"\s*[\d][\d\s-]*-[\d\s-]*$")
# The branch suffix, with a store code: '…세종점', '…세종점 #1024'.
_BRANCH = re.compile(r"\S점(?:\s*#?\d+)?$")
_COMPANY = re.compile(r"\(주\)|㈜|주식회사|유한회사")
# The company mark (주) with its syllable read one stroke off (쥐, 추, 쭈, 즈, 쥬, 줘) or its closing bracket
# read as a 1 before the name ('(주1한아름호텔'). No other mark in brackets (유, 사, 재, 합) opens with ㅈ
# or ㅊ and holds those vowels, so none is taken for it.
_COMPANY_MISREAD = re.compile(r"[(\[]\s?[주쥐추쭈즈쥬줘]\s?(?:[)\]]|[1lI|](?=\s?[가-힣]))")
# A branch ('햇살김밥 원주점') whose 점 was read as a syllable one stroke away (정, 접, 첨, 절): the last
# word of a name of two words or more.
_BRANCH_MISREAD = re.compile(r"(?<=\s)([가-힣]{2,})[정접첨절]$")
# The place words of an address ('창원시', '상남동'), which a branch is named after.
_ADDRESS_PLACE = re.compile(r"([가-힣]{2,4}?)(?:특별자치[시도]|특별시|광역시|[시군구동읍면])(?=[\s\d,(]|$)")
# A chain's slogan printed over the store: words ending as a sentence does (…를 만나다, …합니다, …해요).
_SLOGAN = re.compile(r"[가-힣]\s+[가-힣]*(?:니다|세요|해요|나다|하다|한다|있다|된다|는다|드려요)"
                     r"[.!]?\s*(?:\d+)?$")
# An item's line: what was sold and how many ('후라이드치킨 × 1', '모둠초밥 x 2', '김밥 2개'), never a store.
_QUANTITY = re.compile(r"(?:[×✕╳*]|(?<=[\s가-힣])[xX])\s?\d{1,3}\s?(?:개|인분|EA|ea)?\s*$"
                       r"|(?<![\d,.])\d{1,3}\s?(?:개|인분)\s*$")
# Labels of a person's name: a folio's guest, a slip's owner.
_PERSON_LABEL = re.compile(r"^(?:투숙객?|GUEST|고객명?|성명|예약자|대표자?)\W*$")


# A short Latin run glued to Hangul ('sK에너지'): a brand's acronym, printed in capitals.
_LATIN_HEAD = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,4}(?=[가-힣])")


def _acronym(m: re.Match) -> str:
    """The run in capitals when its small letters are those whose small and capital forms are one shape
    (c o s v w x z), read small, and the capitals are at least as many ('sK', 'cU'; not 'Zoo')."""
    run = m.group(0)
    small = [c for c in run if c.islower()]
    if small and all(c in "cosvwxz" for c in small) and len(small) <= len(run) - len(small):
        return run.upper()
    return run


def _clean(text: str) -> str:
    """The value without brackets, label punctuation, a trailing registration number or store code."""
    # The separator after the label, read as a middle dot ('상호 ㆍ 다온막국수': ㆍ, ᆞ, ·, •) or any mark.
    s = re.sub(r"^[\s:;.,|\]\)'\"“”‘’_\u318d\u119e\u00b7\u2022\u30fb-]+", "", text)
    s = _ADDRESS_TAIL.sub("", s)
    s = re.sub(r"^[(\[]주\s?[>》\]}|)]+", "(주)", s)  # the company mark's brackets misread: '(주>', '[주)'
    s = re.sub(r"^[(\[]쥐(?=\s?[가-힣])", "(주)", s)  # its closing bracket merged into 주: '(쥐마루서점'
    s = _COMPANY_MISREAD.sub("(주)", s)  # '(쥐)한아름모텔', '늘봄커피(추)', '(주1한아름호텔'
    s = _NUMBERS.split(s)[0]
    tail = _NUMBER_TAIL.search(s)
    if tail and len(re.findall(r"\d", tail.group(0))) >= 7 and re.search(r"[가-힣A-Za-z]", s[:tail.start()]):
        s = s[:tail.start()]
    s = re.sub(r"\s*[/|]\s*\d+\s*$", "", s)
    s = re.sub(r"[\s:;,|_'\"“”-]+$", "", s)
    s = re.sub(r"(?<=[가-힣])\.+$", "", s)  # a speck read after a Korean name
    s = re.sub(r"(?<=[가-힣])\.(?=[가-힣])", " ", s)  # or between its words ('현대오일뱅크.고속주유소')
    s = _LATIN_HEAD.sub(_acronym, s)  # 'sK에너지': the S of an acronym read small
    return s.strip()


def looks_like_name(text: str, *, labelled: bool = False) -> bool:
    """A store name: letters enough, not boilerplate, not an address, not a label or a number."""
    s = compact(text)
    if not (re.search(r"[가-힣]{2}", s) or re.search(r"[A-Za-z]{4}", s)):
        return False
    up = s.upper()
    if any(w in up for w in BOILERPLATE) or ":" in s:
        return False
    if labelled and (re.fullmatch(r"(?:정보|명|상호|이름)\W*", s) or _holds(text, up, LABEL_IN_VALUE)
                     or any(names.one_letter_apart(s, w) for w in ("정보", "상호", "이름"))):
        return False  # '가맹점 정부': the section header 가맹점 정보, its last letter misread
    if not labelled and _holds(text, up, LABELISH):
        return False
    if _ADDRESS.search(text) or len(re.findall(r"\d", s)) > len(s) / 2 or _PEOPLE.search(s):
        return False
    if _QUANTITY.search(text):
        return False
    if re.search(r"[가-힣]맹점", s):
        # The label 가맹점 with its first syllable misread ('과맹점', '기맹점 수소가': the 가맹점주소 notice):
        # no store name holds 맹점.
        return False
    if names.is_processor(s):
        return False  # KOCES, KICC, 나이스정보통신: the terminal's operator, not the store
    junk = len(re.findall(r"[^가-힣A-Za-z0-9()&#.\s]", text))
    return junk <= max(1, len(s) // 6)


def _holds(text: str, flat_upper: str, words: tuple[str, ...]) -> bool:
    """One of the words is in the text: Hangul anywhere, Latin as a word of its own (TEL, not HOTEL)."""
    spaced = text.upper()
    return any(re.search(rf"(?<![A-Z]){re.escape(w)}(?![A-Z])", spaced) if w.isascii() else w in flat_upper
               for w in words)


# Words of an amount's label, which no merchant label holds.
_MONEY_WORDS = ("총액", "금액", "합계", "할인", "공급", "부가", "수량", "단가", "잔액")
# What follows a merchant label when the line is another field about the merchant.
_OTHER_FIELD = re.compile(r"(?:업종|업태|종목|유형|번호|주소|전화|대표)")


def from_label(doc: Doc) -> Candidate | None:
    """The value after the most specific merchant label on the page."""
    found = []
    alts = {l.alt for l in doc.lines if l.alt}  # English re-readings of Korean lines are noise here
    for rank, (label, weight) in enumerate(LABELS):
        for line, got, score in doc.find_labels((label,), fuzzy=len(label) >= 3):
            if got != label or not _label_leads(compact(line.text), label, score):
                continue
            if any(w in compact(line.text) for w in BOILERPLATE):
                continue  # '가맹점명, 가맹점주소가 실제와 다를 경우': a sentence, not a label
            if label not in compact(line.text) and any(w in compact(line.text) for w in _MONEY_WORDS):
                continue  # '판매총액' near-matched as 판매처: the sale's total, not the seller
            if _OTHER_FIELD.match(compact(line.text).split(label, 1)[-1]):
                continue  # '가맹점 업종 약국', '가맹점 번호': another field of the merchant, not its name
            near = [(t, p) for t, p in doc.values_near(line, label) if t not in alts]
            for text, prox in near[:3]:
                value = _clean(text)
                if prox == 1.0 and _glued_letter(line.text, label):
                    value = value[1:].strip()  # '가맹점멜 한빛상회': 가맹점명 with its last letter misread
                if (value and looks_like_name(value, labelled=True)
                        and not _label_piece(value, prox, line.text)
                        and not _is_title(compact(value).upper())):
                    if prox == 1.0:
                        value = _continued(doc, line, value, _cut_tail(value))
                    found.append(Named(_latin(doc, value),
                                       weight * score * min(1.0, prox + 0.1) - 0.001 * rank, label,
                                       _line_of(doc, line, text)))
                    break
    return max(found, key=lambda c: c.score) if found else None


def _label_piece(value: str, prox: float, label_text: str) -> bool:
    """The value opens with the last syllable of a longer label ('가맹점' + '명 한빛상회', 상호 + '명'): on
    the label's own line a 점 or 명 after it is unless a colon ends the label first ('상 호 : 명동닭갈비'), in
    a box of its own only one standing apart. A name printed in its own cell may open with either
    ('명동닭갈비' beside 가맹점명)."""
    if not value.startswith(("점", "명")):
        return False
    if prox == 1.0:
        return not re.search(r"[:;]\s*" + re.escape(value[:2]), label_text)
    return bool(re.match(r"[점명](?:\s|$)", value))


def _glued_letter(text: str, label: str) -> bool:
    """One syllable glued onto the label, then a space: the rest of a longer label, misread (가맹점멜)."""
    pattern = r"\s?".join(map(re.escape, label))
    return bool(re.search(pattern + r"[가-힣]\s+\S", text))


def _line_of(doc: Doc, label_line: TextLine, text: str) -> TextLine | None:
    """The line a label's value was read from: the label's own line, else the one that reads `text`."""
    if text in (label_line.text, label_line.alt) or text in label_line.text:
        return label_line
    return next((l for l in doc.lines if text in (l.text, l.alt)), None)


def _latin(doc: Doc, value: str) -> str:
    """A Latin name as the `eng` reading spells it (ETERNAL JOUNEY, not ETERNAL.JOUNEY)."""
    if re.search(r"[가-힣]", value):
        return value
    for line in doc.lines:
        if (line.alt and compact(value) in compact(line.text)
                and re.fullmatch(r"[A-Za-z0-9 &().,'-]{4,}", line.alt)):
            return line.alt.strip()
    return value


def _label_leads(flat: str, label: str, score: float) -> bool:
    """The label opens the line (after a bracket or a 판매자 prefix): not a word inside a sentence."""
    pos = flat.find(label)
    if pos < 0:
        return score >= 0.6  # a fuzzy match is a match of the line's head
    return len(re.sub(r"[\[\](){}<>*.:;'\"|]", "", flat[:pos])) <= 3


def _cut_tail(value: str) -> str:
    """What may continue the name on the next line: a short word, or, when the name ends in a lone syllable
    after a space ('현대오일뱅크 고속주유소 부' over '산서면점'), the rest of a word cut at the line's end."""
    return r"[가-힣]{1,6}" if re.search(r"\s[가-힣]$", value) else r"[가-힣]{1,3}"


def _continued(doc: Doc, line, value: str, tail_pattern: str = r"[가-힣]{1,3}") -> str:
    """A name wrapped onto the next line ('서울특별시 강남구도시관' + '리공단')."""
    below = [l for l in doc.lines if 0.3 * line.height < l.cy - line.cy < 1.8 * line.height
             and line.box[0] - 2 * line.height < l.box[0] < line.box[2] - 2 * l.height]
    if below:
        tail = compact(below[0].text)
        # '기맹점' under the header's first line is the label 가맹점 misread, no branch: no name holds 맹점.
        if (re.fullmatch(tail_pattern, tail) and not any(w in tail for w in LABEL_IN_VALUE)
                and "맹점" not in tail):
            return value + tail
    return value


UNREAD = 0.4  # a header line read with less confidence than this is noise, not a name to vote on


def from_header(doc: Doc) -> Candidate | None:
    """The header line that reads best as a name: after titles and app chrome, by the registration number."""
    # The slip's notices and the terminal operator's block (KOCES over 가맹점명, 가맹점 주소가 ... 신고 안내)
    # print above the store on some terminals: they are no part of the header the name is looked for in.
    lines = [l for l in doc.lines if not _notice(l.text)][:10]
    # A title opens the header only near the top of the page (매출전표 printed at the foot does not).
    top = {id(l) for l in doc.lines[:6]}
    titles = [i for i, l in enumerate(lines)
              if re.search(r"영수증|전표|RECEIPT|주문내역|주문상세", compact(l.text).upper())
              and _is_title(compact(l.text).upper()) and id(l) in top]
    start = titles[0] + 1 if titles else 0
    brn_rows = {id(l) for row in doc.rows for l in row if any(_NUMBERS.search(x.text) for x in row)}
    best, best_score = None, 0.0
    # After the title first; a name printed above it (a folio's hotel over RECEIPT) counts a little less.
    # A folio prints its address and registration number between the hotel and the title: four lines up.
    order = list(enumerate(lines[start:start + 7])) + [(i + 2, l) for i, l in enumerate(lines[:start][-4:])]
    guest_rows = {id(l) for row in doc.rows for l in row
                  if any(_PERSON_LABEL.search(compact(x.text).upper()) for x in row if x is not l)}
    label_cells = {id(l) for row in doc.rows for l in row if _label_cell(l, row)}
    # An item's row ('휘발유 17.3L ... 29,220'): the name of what was sold, priced beside it, is no store's.
    priced = {id(l) for row in doc.rows for l in row
              if any(x is not l and _PRICE.fullmatch(x.text.strip()) for x in row)}
    for i, line in order:
        text = _clean(_row_name(doc, line))
        if not text or _is_title(compact(text).upper()) or not looks_like_name(text) or line.conf < UNREAD:
            continue
        if _ADDRESS.search(_NUMBERS.sub(" ", line.text)):
            # An address whose house number the cleaning cut off with the phone ('…보듬3로 130 TEL'); a
            # registration number after a branch named for its street ('가로수길 120-87-00270') is none.
            continue
        if id(line) in guest_rows:
            continue  # the guest's or the owner's name beside its label (투숙객 | 조민준), not the store
        if id(line) in label_cells:
            continue  # a label misread ('가영정향' for 가맹점명) with its value printed to its right
        if id(line) in priced:
            continue
        if _near_label(text):
            continue  # '가드종류', '카트 매출진표': a label or a title with a letter misread, not a name
        if _SLOGAN.search(text):
            continue  # '늘 곁에 있는 이웃을 만나다': the chain's slogan over its name
        hangul = bool(re.search(r"[가-힣]{2}", text))
        if not hangul and not (line.alt and re.search(r"[A-Za-z]{4}", line.alt)
                               and re.search(r"[A-Za-z]{3}", text)):
            continue  # a Latin name reads as words both ways, not as 'BH3O= 4H he AA)'
        if hangul and not text.endswith("점"):
            # A chain's long name with its branch's 점 wrapped onto a line of its own under it.
            text = _continued(doc, line, text, r"[가-힣]{0,2}점")
        repaired = names.repair(text)[0]
        score = 0.45 - 0.02 * i
        company_only = False
        if _BRANCH.search(repaired):
            score += 0.12  # a store and its branch: the header of a chain's slip
        elif re.search(r"약국|식당|마트|편의점", text):
            score += 0.1
        elif _COMPANY.search(repaired):
            # The operating company ('주식회사 에스엠') printed above or under the store's own name: a
            # name, but the store's line wins when there is one.
            score += 0.06
            company_only = True
        if names.known_word(_COMPANY.sub("", repaired)):
            score += 0.1  # a word of business names (농협, 약국, 그룹 ...), as printed or one letter off
        if id(line) in brn_rows and not company_only:
            score += 0.08  # beside the registration number (which a franchise prints by its operator)
        if not hangul:
            score -= 0.05
        if best is None or score > best_score:
            # Compared before the cap: capped scores tie and the first line would win by order alone.
            best, best_score = Named(_latin(doc, text), min(0.55, score), "head", line), score
    return best


def _row_name(doc: Doc, line: TextLine) -> str:
    """The line's text, or its whole row's when the detector cut one name printed alone on its row into
    boxes side by side ('오피스디포' | '서울역점'): every box of the row reads as a name word (no label, no
    number) and each stands within a line's height of the next, left to right."""
    row = doc.row_of(line)
    if len(row) < 2:
        return line.text
    row = sorted(row, key=lambda l: l.box[0])
    words = all(l is line or (l.conf >= UNREAD and re.fullmatch(r"[가-힣A-Za-z&]{2,}", compact(l.text))
                              and looks_like_name(l.text) and not _is_title(compact(l.text).upper()))
                for l in row)
    gaps = all(b.box[0] - a.box[2] <= max(a.height, b.height) for a, b in zip(row, row[1:]))
    return " ".join(l.text for l in row) if words and gaps else line.text


# A price alone in its cell: '29,220', '₩29,220', '29,220원'.
_PRICE = re.compile(r"[\\₩W]?\s?\d{1,3}(?:,\d{3})+\s?원?")


def _label_cell(line: TextLine, row: list[TextLine]) -> bool:
    """The line is the label cell of a row: one short Hangul word at the row's left, a value printed to its
    right. Slips set their fields as 'label   value' rows, while the store's name is printed alone on its
    line, or beside a phone or registration number (a franchise's operator block), which is no value of a
    label's. A label misread past the lists ('가영정향' for 가맹점명, '거렁힐시' for 거래일시) is kept out."""
    if not re.fullmatch(r"[가-힣]{2,5}", compact(line.text)):
        return False
    gap = line.height
    return any(x is not line and x.box[0] > line.box[2] + gap and not _NUMBERS.search(x.text)
               and re.search(r"[가-힣A-Za-z0-9]", x.text) for x in row)


def _branch_misread(doc: Doc, value: str) -> str | None:
    """The name with its branch's 점 put back, when the last word is a known place or one of the page's
    address words with 정/접/첨 read after it ('창원상남정' on a page or in a gazetteer knowing 창원)."""
    m = _BRANCH_MISREAD.search(value)
    if not m:
        return None
    stem = m.group(1)
    table = domain.places()
    known = {p for key in ("rail_stations", "bus_terminals", "plate_regions") for p in table[key]
             if len(p) >= 2}
    here = {w for l in doc.lines if _ADDRESS.search(l.text) for w in _ADDRESS_PLACE.findall(l.text)}
    if m.group(0) in known:
        return None  # the word as read is a place itself ('스테이인 광주송정': the station, no branch)
    if any(stem.startswith(p) for p in known) or any(len(w) >= 2 and w in stem for w in here):
        return value[:m.end(1)] + "점"
    return None


# Labels and titles printed in a slip's header, which a misread letter keeps out of LABELISH and TITLES
# (단말기 of a slip's 단말기ID, read '단발기10' in dot-matrix and faded print, was taken for the store).
HEADER_WORDS = ("카드종류", "카드번호", "거래일시", "거래일자", "거래유형", "승인번호", "승인일시",
                "유효기간", "할부개월", "상호명", "대표자", "전화번호", "사업자번호", "가맹점명",
                "가맹점번호", "단말기번호", "단말기", "매입사", "발급사", "영수증", "매출전표", "고객용",
                "주문내역", "주문상세")


def _near_label(text: str) -> bool:
    """A word of the line is a header label or title misread in one letter (two in a word of four
    syllables or more): '가드종류' for 카드종류, '매출진표' for 매출전표."""
    for word in re.findall(r"[가-힣]{3,}", text):
        for label in HEADER_WORDS:
            if len(word) == len(label) and word != label and _jamo_apart(word, label) <= (
                    2 if len(label) >= 4 else 1):
                return True
    return False


def _jamo_apart(a: str, b: str) -> int:
    """How many jamo differ between two words of as many syllables and jamo (99 when the counts differ)."""
    ja, jb = domain.jamo(a), domain.jamo(b)
    return sum(x != y for x, y in zip(ja, jb)) if len(ja) == len(jb) else 99


def _notice(text: str) -> bool:
    """A line of the slip's printed notices or the name of the company running the terminal."""
    flat = compact(text)
    return any(w in flat for w in BOILERPLATE) or names.is_processor(flat)


def _is_title(flat: str) -> bool:
    """영수증, 신용카드 매출전표, [영수증], 과거 주문 내역 ..."""
    flat = re.sub(r"[\[\]()<>]", "", flat)
    if any(flat == t or (flat.endswith(t) and len(flat) <= len(t) + 4)
           or (flat.startswith(t) and len(flat) <= len(t) + 3)
           for t in TITLES):
        return True
    # '주차영수중': the title's last word one letter off (영수증 read 영수중), what it is for before it.
    return any(len(t) >= 3 and len(t) <= len(flat) <= len(t) + 4 and names.one_letter_apart(flat[-len(t):], t)
               for t in TITLES)


def merchant(doc: Doc) -> Candidate | None:
    """Merchant name, labelled when a label gives one, else from the header; one-letter misreads repaired."""
    found = from_label(doc)
    if found is None or found.score < 0.45:
        # A weak label (fuzzy, far from its value) does not outrank a header that reads as a name.
        head = from_header(doc)
        found = max((c for c in (found, head) if c), key=lambda c: c.score, default=None)
    if found is None or not isinstance(found.value, str):
        return found
    branch = _branch_misread(doc, found.value)
    value, changed = names.repair(branch or found.value)
    if not changed and not branch:
        return found
    # The lexicon supports the repair but did not read the paper: under 0.6, highlighted for a check.
    return Named(value, min(found.score, 0.55), found.source + "+lexicon", getattr(found, "line", None))


Reread = Callable[..., list[tuple[str, float]]]  # (box, *, doubtful=False) -> [(text, confidence)]
# A name the re-readings do not back by this share of their weight is reported as unsure (highlighted).
AGREED = 0.6
MARGIN = 2.0  # letter by letter, the agreed letter outweighs any other reading of it two to one
UNSURE = 0.4
# Another name given by this many re-readings is a rival, however much weight the winner has: two cut-outs
# reading 빛 where three read 빚 say the syllable is in doubt, and the name is reported SPLIT (highlighted).
RIVAL_READINGS = 2
SPLIT = 0.55
# With no name found, header lines read under DOUBTFUL are read again; a reading MENDED sure (and surer by a
# quarter) replaces the first, as the engine's own second look does.
HEADER = 12
DOUBTFUL = 0.6
MENDED = 0.75


def voted(lines: list[TextLine], reread: Reread) -> Candidate | None:
    """The merchant once its line is read again a few ways, by weighted vote; None when nothing was chosen.

    Each re-reading of the chosen line goes through the same choice as the first (labels, header, repair);
    a reading that leaves the line no name (or lets another line win) votes for none. Votes weigh
    Tesseract's confidence; the first reading counts like any other. Another name replaces the first only
    when it carries AGREED of the weight; a name the readings do not agree on is reported unsure, and one
    that RIVAL_READINGS readings contest is reported SPLIT. With the readings split, a name of theirs that
    another line prints as read (_printed_again) is taken.
    """
    first = merchant(Doc(lines))
    mended = first is None
    if mended:
        lines = _mended(lines, reread)
        first = merchant(Doc(lines))
    line = getattr(first, "line", None) if first else None
    raw = next((l for l in lines if line is not None and l.box == line.box), None)
    if raw is None:
        return first
    votes: dict[str, list] = {}
    for text, conf in [(raw.text, raw.conf)] + reread(raw.box):
        page = [TextLine(text, l.box, conf, l.alt) if l is raw else l for l in lines]
        got = merchant(Doc(page)) if text else None
        # A reading that makes the page yield a name from another line votes against this one, for no name.
        own = got is not None and getattr(got, "line", None) is not None and got.line.box == raw.box
        key = compact(got.value) if own and isinstance(got.value, str) else ""
        vote = votes.setdefault(key, [0.0, got, 0])
        vote[0] += max(conf, 0.05)
        vote[2] += 1
    counts = {k: v.pop() for k, v in votes.items()}
    total = sum(w for w, _ in votes.values())
    first_key = compact(first.value)
    key, (weight, won) = max(votes.items(), key=lambda kv: kv[1][0])
    if key and weight < AGREED * total:
        # No reading has the weight alone: the readings may still agree syllable by syllable.
        key, weight, won = _consensus(votes, total, won)
    if not key or weight < AGREED * total:
        key, (weight, won) = first_key, votes.get(first_key, [0.0, first])
    share = weight / total
    # A name only a mended line gave was not what the first reading saw: sure it is not.
    score = first.score if share >= AGREED and not mended else min(first.score, UNSURE)
    split = any(n >= RIVAL_READINGS for k, n in counts.items() if k and k != key)
    if split:
        score = min(score, SPLIT)  # outvoted, but not alone: the name the readings split on is a guess
    if split or share < AGREED:
        # The readings disagree; another line printing one of their names as read (the header over the
        # 가맹점명 line) is another print of it, other pixels: that name it is, still to be checked.
        echoed = _printed_again(lines, raw, [k for k in votes if k])
        if echoed is not None and echoed != key:
            key, won, score = echoed, votes[echoed][1], min(first.score, SPLIT)
    return Candidate(won.value, score, won.source + ("" if key == first_key else "+reread"))


ECHO_SURE = 0.8  # a line read at least this surely that prints one of the voted names is a second print


def _printed_again(lines: list[TextLine], raw: TextLine, keys: list[str]) -> str | None:
    """The one voted name (compact) that another line reads surely, as printed; None for none or several."""
    hits = {k for l in lines if l is not raw and l.conf >= ECHO_SURE
            for k in keys if len(k) >= 4 and k in compact(l.text)}
    return hits.pop() if len(hits) == 1 else None


def _consensus(votes: dict[str, list], total: float, won: Candidate) -> tuple[str, float, Candidate]:
    """The name the readings agree on letter by letter, with the weight of its least agreed letter.

    Readings of the same length vote on each letter (weighted as in `voted`), so that each misreads a
    different syllable ('햇살김밥 원주정', '햇살김밥 원주점' and '핫슬김발 원추점' agree on 햇살김밥원주점);
    readings of another length or with no name only count in the total. When a letter has no clear
    majority, the heaviest reading is returned as it was (short of AGREED, so the first reading stays).
    """
    sized: dict[int, float] = {}
    for key, (w, _) in votes.items():
        if key:
            sized[len(key)] = sized.get(len(key), 0.0) + w
    size = max(sized, key=sized.get, default=0)
    same = [(key, w, got) for key, (w, got) in votes.items() if key and len(key) == size]
    letters, least = [], total
    for i in range(size):
        tally: dict[str, float] = {}
        for key, w, _ in same:
            tally[key[i]] = tally.get(key[i], 0.0) + w
        letter = max(tally, key=tally.get)
        letters.append(letter)
        runner = max((w for c, w in tally.items() if c != letter), default=0.0)
        # A letter read two ways about equally often (화/와 in a font that blurs ㅎ) is not agreed.
        least = min(least, tally[letter] if tally[letter] >= MARGIN * runner else 0.0)
    agreed = "".join(letters)
    if least < AGREED * total:
        best = max(same, key=lambda t: t[1], default=("", 0.0, won))
        return best[0], best[1], best[2]
    # Spelled with the spaces of the reading closest to it.
    key, _, got = max(same, key=lambda t: (sum(a == b for a, b in zip(t[0], agreed)), t[1]))
    letters_left = iter(agreed)
    value = "".join(c if c.isspace() else next(letters_left) for c in got.value)
    return agreed, least, Candidate(value, got.score, got.source)


def _mended(lines: list[TextLine], reread: Reread) -> list[TextLine]:
    """The page with its doubtful header lines replaced by much surer re-readings (condensed print)."""
    head = {l.box for l in Doc(lines).lines[:HEADER] if l.conf < DOUBTFUL}
    out = []
    for l in lines:
        if l.box in head:
            text, conf = max(reread(l.box, doubtful=True), key=lambda r: r[1], default=("", 0.0))
            if text and conf >= max(MENDED, l.conf + 0.25):
                l = TextLine(text, l.box, conf, l.alt)
        out.append(l)
    return out
