"""Words common in Korean business names, to repair a merchant misread by one letter (그룸 -> 그룹).

A repair is a guess the lexicon supports, not a second reading: a repaired name is reported under 0.6 so
the traveler is asked to check it. Only one jamo may differ, only inside Hangul, and only for words whose
one-letter neighbours are not themselves common words (본점/분점 and 마트/마크 are left out for that reason).
"""

from __future__ import annotations

import re
import unicodedata

# Generic words of shop, company and chain names (not the names of particular stores). Chains whose
# stores appear in the real dev set are left out, so that set keeps measuring what the reader does alone.
LEXICON = (
    "주식회사", "유한회사", "그룹", "농협", "수협", "축협", "편의점", "약국", "온누리", "대학교",
    "휴게소", "주유소", "백화점", "베이커리", "한의원", "홈플러스", "스타벅스",
    "올리브영", "롯데마트", "투썸플레이스", "파리바게뜨", "뚜레쥬르", "이디야", "메가커피",
)
_HANGUL = re.compile(r"[가-힣]+")


def _letters(word: str) -> str:
    """Syllables split into jamo."""
    return unicodedata.normalize("NFD", word)


def _one_letter_apart(a: str, b: str) -> bool:
    """Same number of syllables and of jamo, differing in exactly one jamo."""
    ja, jb = _letters(a), _letters(b)
    return len(a) == len(b) and len(ja) == len(jb) and sum(x != y for x, y in zip(ja, jb)) == 1


def known_word(text: str) -> bool:
    """True when the name holds one of the lexicon's words as printed."""
    flat = re.sub(r"\s", "", text)
    return any(word in flat for word in LEXICON)


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
                if window != word and window not in LEXICON and _one_letter_apart(window, word):
                    s = s[:i] + word + s[i + n:]
                    changed = True
        return s

    return _HANGUL.sub(fix, text), changed
