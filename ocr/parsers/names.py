"""Words common in Korean business names, to repair a merchant misread by one letter (그룸 -> 그룹).

A repair is a guess the lexicon supports, not a second reading: a repaired name is reported under 0.6 so
the traveler is asked to check it. Only one jamo may differ, only inside Hangul, and only for words whose
one-letter neighbours are not themselves common words (본점/분점 and 마트/마크 are left out for that reason).
"""

from __future__ import annotations

import re

from ocr import domain

# Generic words of shop, company and chain names (not the names of particular stores). Chains whose
# stores appear in the real dev set are left out, so that set keeps measuring what the reader does alone.
LEXICON = (
    "주식회사", "유한회사", "그룹", "농협", "수협", "축협", "편의점", "약국", "온누리", "대학교",
    "휴게소", "주유소", "백화점", "베이커리", "한의원", "홈플러스", "스타벅스",
    "올리브영", "롯데마트", "투썸플레이스", "파리바게뜨", "뚜레쥬르", "이디야", "메가커피",
    # words of small shops' and campus stores' names, misread in one letter in faded print (대학 read 대막,
    # 식당 read 식낭)
    "대학", "식당", "김밥", "분식", "커피",
)
# Words one letter from a lexicon word that names hold as printed (대한항공, 대박집, 예식장, 분석센터), or
# that hold such a neighbour (대막창, 비빔밥): never repaired.
KEPT = ("대한", "대박", "대각", "대작", "대합", "대항", "재학", "개학", "도학", "식장", "식상", "식단",
        "김박", "김범", "분석", "카피", "코피", "커리", "막창", "비빔")
_HANGUL = re.compile(r"[가-힣]+")
# Convenience-store and filling-station chains whose Latin letters POS fonts and Tesseract turn into digits
# (GS25 read 0525, 6525, G525; GS칼텍스 65칼텍스 or 5칼텍스; S-OIL 5-01L; SK에너지 5(<에너지, 5에너지 or
# '5\에너지'): the chain's letters put back when the misread opens a name followed by Hangul.
_LATIN_CHAINS = ((re.compile(r"^[G6CO0Q][S5$8]\s?25(?=\s?[가-힣])"), "GS25"),
                 (re.compile(r"^[G6CO0Q][S5$8](?=\s?(?:칼텍스|더프레시|수퍼마켓))"), "GS"),
                 (re.compile(r"^[S5$8]\s?(?=칼텍스)"), "GS"),
                 (re.compile(r"^[S5$s]\s?-\s?[O0oQ][I1lL|][L1l|](?=\s?[가-힣])"), "S-OIL"),
                 (re.compile(r"^[S5$]\s?(?:K|[(|1l\\]?<|[\\|])?\s?(?=에너지)"), "SK"),
                 # a branch at a KTX station ('CU KTX천안아산역점'), its T read 7 and its X a times sign
                 (re.compile(r"(?<![A-Za-z0-9])K[T7][X×](?=\s?[가-힣])"), "KTX"))
# Latin letters whose small form looks like the capital (c, o, s, u, v, w, x, z): in a name otherwise
# printed in capitals or Hangul, a run of them read small ('cuKTX천안아산역점') is the capitals.
_SMALL_CAPITALS = re.compile(r"(?<![A-Za-z])[cosuvwxz]{2,}(?![a-z])")
# The payment terminal's operator (VAN) and payment gateways: printed at the head of a card-terminal slip
# or an e-receipt, they run the terminal, they are not the store.
PROCESSORS = ("KOCES", "KICC", "KSNET", "KIS정보통신", "KISVAN", "NICE", "SMARTRO", "JTNET", "KOVAN",
              "FDIK", "KCP", "DAOU", "INICIS", "TOSSPAYMENTS", "코세스", "한국신용카드결제", "한국정보통신",
              "나이스정보통신", "나이스페이", "스마트로", "케이에스넷", "제이티넷", "코밴", "금융결제원",
              "다우데이타", "퍼스트데이터", "한국사이버결제", "이니시스", "토스페이먼츠", "KG모빌리언스")


def one_letter_apart(a: str, b: str) -> bool:
    """Same number of syllables and of jamo, differing in exactly one jamo."""
    ja, jb = domain.jamo(a), domain.jamo(b)
    return len(a) == len(b) and len(ja) == len(jb) and sum(x != y for x, y in zip(ja, jb)) == 1


def known_word(text: str) -> bool:
    """True when the name holds one of the lexicon's words as printed."""
    flat = re.sub(r"\s", "", text)
    return any(word in flat for word in LEXICON)


def _kept_over(s: str, i: int, n: int) -> bool:
    """A word names hold as printed (KEPT, or a lexicon word read as it is) overlaps s[i:i+n]: '대막창' is
    막창's, not a misread 대학; '베이커리' is the bakery's, its 커리 no misread 커피."""
    return any(s.find(w, max(0, i - len(w) + 1), i + n + len(w) - 1) >= 0 for w in KEPT + LEXICON)


def repair(text: str) -> tuple[str, bool]:
    """The name with lexicon words misread by one jamo put right, and whether anything changed."""
    changed = False

    def fix(run: re.Match) -> str:
        nonlocal changed
        s = run.group(0)
        for word in LEXICON:
            n = len(word)
            for i in range(len(s) - n + 1):
                window = s[i:i + n]
                if (window != word and window not in LEXICON and not _kept_over(s, i, n)
                        and one_letter_apart(window, word)):
                    s = s[:i] + word + s[i + n:]
                    changed = True
        return s

    out = _HANGUL.sub(fix, text)
    for pattern, chain in _LATIN_CHAINS:
        out, n = pattern.subn(chain, out)
        changed = changed or bool(n and chain not in text)
    if not re.search(r"[a-z]", _SMALL_CAPITALS.sub("", out)):
        out, n = _SMALL_CAPITALS.subn(lambda m: m.group(0).upper(), out)
        changed = changed or bool(n)
    # The company form with its closing bracket lost: '(주들꽃식당'.
    out, k = re.subn(r"^\(주(?!식회사)(?=\s?[가-힣]{2})", "(주)", out)
    return out, changed or bool(k)


_PROCESSOR_TAIL = ("", "주", "VAN", "PAY", "페이", "정보통신", "결제", "주식회사")


def is_processor(text: str) -> bool:
    """True when the text names a card-terminal operator or a payment gateway, not a store."""
    flat = re.sub(r"[\s().,㈜]", "", text).upper()
    flat = re.sub(r"^주식회사", "", flat)
    return any(flat.startswith(p.upper()) and flat[len(p):] in _PROCESSOR_TAIL for p in PROCESSORS)
