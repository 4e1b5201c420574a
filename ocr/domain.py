"""Domain knowledge as data: places, carriers, number formats, plausibility checks."""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein


@lru_cache(maxsize=1)
def places() -> dict:
    """Closed lists of stations, terminals and carriers (ocr/data/places.json).

    Read beside this module: importlib.resources would import tempfile, shutil, random, bz2, lzma and zipfile
    for it (~8 ms of every process's start), and the package is always installed as files.
    """
    return json.loads((Path(__file__).parent / "data" / "places.json").read_text(encoding="utf-8"))


def station_areas() -> dict[str, tuple[str, ...]]:
    """Station or terminal -> the place names it serves when its own name is not one (places.json)."""
    return {name: tuple(areas.split()) for name, areas in places().get("station_areas", {}).items()}


def strip_place(raw: str) -> str:
    """'부산역' -> '부산', '대전복합터미널' -> '대전복합'; drop times, brackets and spaces."""
    s = re.sub(r"\d{1,2}\s*[:;]\s*\d{2}", "", raw)
    s = re.sub(r"[^가-힣A-Za-z0-9()]", "", s)
    s = re.sub(r"\(\)", "", s)
    for suffix in ("고속버스터미널", "종합버스터미널", "버스터미널", "터미널", "역"):
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[: -len(suffix)]
            break
    return s


def match_place(raw: str, kind: str) -> tuple[str | None, float]:
    """Normalise a station/terminal name against the closed list: (name, confidence)."""
    s = strip_place(raw)
    if len(s) < 2:
        return None, 0.0
    data = places()
    alias = data["terminal_aliases"].get(s)
    if alias:
        return alias, 0.95
    names = data["rail_stations"] if kind == "rail" else data["bus_terminals"] + data["rail_stations"]
    if s in names:
        return s, 0.95
    s_plain = re.sub(r"[()]", "", s)
    if s_plain in names:
        return s_plain, 0.9
    # '강릉시외버스터미널', '원주공용터미널': the town's listed terminal with the kind of its station, when
    # that longer name is not listed itself (부산종합 and 청주고속 are).
    m = re.fullmatch(r"(.{2,})(?:시외|공용|종합|고속)(?:버스)?", s_plain)
    if kind != "rail" and m and m.group(1) in names:
        return m.group(1), 0.9
    # Loose snapping hurts (동대구 -> 서대구), so compare letter by letter (jamo: 서을 ~ 서울) and
    # demand a close match with a clear winner.
    split = _jamo_names(kind)
    best = process.extract(jamo(s_plain), list(split), scorer=fuzz.ratio, limit=2)
    if best and best[0][1] >= 78 and (len(best) < 2 or best[0][1] - best[1][1] >= 8):
        return split[best[0][0]], 0.7
    if kind != "rail" and best and best[0][1] >= 78:
        # A bus ticket's end a letter from a terminal and a station alike ('상몽': 상봉, 상동): it is the
        # terminal, when that is the clear winner among the terminals and no station is nearer.
        terminals = _jamo_names("terminal")
        near = process.extract(jamo(s_plain), list(terminals), scorer=fuzz.ratio, limit=2)
        if (near and near[0][1] >= best[0][1]
                and (len(near) < 2 or near[0][1] - near[1][1] >= 8)):
            return terminals[near[0][0]], 0.7
    if re.fullmatch(r"[가-힣]{2,8}", s_plain):
        return s_plain, 0.35  # a real name we do not list, or a misread: reported, not trusted
    return None, 0.0


@lru_cache(maxsize=1024)
def listed_neighbours(name: str, kind: str) -> tuple[str, ...]:
    """Other listed names one letter (jamo) from this one: 전주 for 진주, 충주 for 청주."""
    own = jamo(name)
    return tuple(n for j, n in _jamo_names(kind).items() if len(n) == len(name) and len(j) == len(own)
                 and sum(a != b for a, b in zip(j, own)) == 1)


NEAR_LETTERS = 2  # letters (jamo) a misread name of three syllables or more may be from its listed one


def near_place(word: str, kind: str) -> str | None:
    """The one listed name of the word's length, three syllables or more, that the word is at most two
    letters (jamo) from, with no other listed name within three ('오근찰' for 오근장): a guess a
    labelled place may take, never the fuzzy match match_place vouches for."""
    s = re.sub(r"[()]", "", strip_place(word))
    if len(s) < 3 or not re.fullmatch(r"[가-힣]+", s):
        return None
    own = jamo(s)
    near = [(Levenshtein.distance(own, j), n) for j, n in _jamo_names(kind).items()
            if len(n) == len(s) and abs(len(j) - len(own)) <= NEAR_LETTERS + 1]
    close = sorted(d for d, _ in near if d <= NEAR_LETTERS + 1)
    if not close or close[0] > NEAR_LETTERS or len(close) > 1:
        return None
    return next(n for d, n in near if d == close[0])


def jamo(text: str) -> str:
    """Hangul syllables split into their letters."""
    import unicodedata

    return unicodedata.normalize("NFD", text)



@lru_cache(maxsize=4)
def _jamo_names(kind: str) -> dict[str, str]:
    """Letter-split name -> name, for the closed list of this kind ("terminal": the bus terminals alone)."""
    data = places()
    names = (data["rail_stations"] if kind == "rail" else data["bus_terminals"] if kind == "terminal"
             else data["bus_terminals"] + data["rail_stations"])
    return {jamo(n): n for n in names}


def brn_valid(number: str) -> bool:
    """Check digit of a Korean business registration number (3-2-5 digits)."""
    d = [int(c) for c in re.sub(r"\D", "", number)]
    if len(d) != 10:
        return False
    w = [1, 3, 7, 1, 3, 7, 1, 3, 5]
    s = sum(a * b for a, b in zip(d, w)) + (d[8] * 5) // 10
    return (10 - s % 10) % 10 == d[9]


def real_date(y: int, m: int, d: int) -> str | None:
    """ISO date when it exists and is plausible for a receipt (2000 .. next year)."""
    if y < 100:
        y += 2000
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    if not 2000 <= y <= dt.date.today().year + 1:
        return None
    return day.isoformat()


# KORAIL fares grow with distance; a ticket's fare outside these bounds is suspicious.
RAIL_FARE_RANGE = (2600, 130_000)
BUS_FARE_RANGE = (1500, 80_000)
TAXI_FARE_RANGE = (3000, 400_000)


def route_fare_check(departure: str | None, arrival: str | None, fare: int | None) -> bool | None:
    """True/False when the route has a reference fare (either class, within 15%); None when unknown."""
    if not (departure and arrival and fare):
        return None
    table = places().get("rail_fares", {})
    refs = table.get(f"{departure}-{arrival}") or table.get(f"{arrival}-{departure}")
    if not refs:
        return None
    return any(abs(fare - ref) <= 0.15 * ref for ref in refs)


def fare_plausible(kind: str, amount: int) -> bool:
    """A fare within the range seen for this kind of ticket."""
    lo, hi = {"rail_ticket": RAIL_FARE_RANGE, "bus_ticket": BUS_FARE_RANGE,
              "taxi_receipt": TAXI_FARE_RANGE}.get(kind, (100, 50_000_000))
    return lo <= amount <= hi


# Revised Romanization of Korean, as station and terminal signs print it: initial, vowel and final letters,
# the final moved onto a following silent ㅇ, and the nasal and ㄹ sound changes at syllable joins.
_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p",
               "h")
_RR_VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we",
             "wi", "yu", "eu", "ui", "i")
_RR_FINAL = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p",
             "t", "t", "ng", "t", "t", "k", "t", "p", "t")
# A final read again as the next syllable's initial when that one opens with a silent ㅇ (index -> initial).
_RR_CARRIED = {1: "g", 2: "kk", 4: "n", 7: "d", 8: "r", 16: "m", 17: "b", 19: "s", 20: "ss", 22: "j",
               23: "ch", 24: "k", 25: "t", 26: "p"}


def romanize(name: str) -> str:
    """'동대구' -> 'dongdaegu', '강릉' -> 'gangneung', '신라' -> 'silla': lower case, no spaces or hyphens."""
    parts = [((ord(c) - 0xAC00) // 588, (ord(c) - 0xAC00) % 588 // 28, (ord(c) - 0xAC00) % 28)
             if "가" <= c <= "힣" else c for c in name]  # (initial, vowel, final) letter indexes
    out = []
    for i, part in enumerate(parts):
        if isinstance(part, str):
            out.append(part.lower())
            continue
        ini, vow, fin = part
        prev = parts[i - 1] if i and not isinstance(parts[i - 1], str) else None
        nxt = parts[i + 1] if i + 1 < len(parts) and not isinstance(parts[i + 1], str) else None
        head, tail = _RR_INITIAL[ini], _RR_FINAL[fin]
        if prev and ini == 11 and prev[2] in _RR_CARRIED:
            head = _RR_CARRIED[prev[2]]
        elif prev and ini == 5 and prev[2]:  # ㄹ after a final: l after ㄴ/ㄹ, n after the others
            head = "l" if _RR_FINAL[prev[2]] in ("n", "l") else "n"
        if nxt and nxt[0] == 11 and fin in _RR_CARRIED:
            tail = ""
        elif nxt and (nxt[0] in (2, 6) or nxt[0] == 5 and tail in ("k", "t", "p")):  # before ㄴ ㅁ (ㄹ)
            tail = {"k": "ng", "t": "n", "p": "m"}.get(tail, tail)
        elif nxt and nxt[0] == 5 and tail == "n":
            tail = "l"
        out.append(head + _RR_VOWEL[vow] + tail)
    return latin_key("".join(out))


def latin_key(text: str) -> str:
    """A Latin spelling as names are compared: lower case, letters and digits only ('Yeosu-EXPO')."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@lru_cache(maxsize=4)
def latin_names(kind: str) -> dict[str, str]:
    """Romanised name (lower case, letters only) -> listed name: the Revised Romanization of each listed
    name, and the official spelling where the sign's differs from it (places.json `english_names`)."""
    data = places()
    names = data["rail_stations"] if kind == "rail" else data["bus_terminals"] + data["rail_stations"]
    out = {romanize(n): n for n in names}
    for name, spelling in data.get("english_names", {}).items():
        if name in names:
            out[latin_key(spelling)] = name
    return out


# Words printed with an English station name that are not part of it.
_LATIN_NOISE = {"station", "sta", "stn", "terminal", "bus", "express", "intercity", "from", "to", "dep",
                "arr", "departure", "arrival"}


def match_latin(text: str, kind: str) -> str | None:
    """The listed place whose romanised name is printed in this Latin text ('From Dongdaegu Sta.'): one or
    up to three words read as it exactly (case, spaces and hyphens aside; the longest reading wins, so
    'Gwangju-Songjeong' is 광주송정, not 광주), one place only."""
    words = [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _LATIN_NOISE]
    table, found, i = latin_names(kind), set(), 0
    while i < len(words):
        n = next((n for n in (3, 2, 1) if len(key := "".join(words[i:i + n])) >= 4 and key in table), 0)
        if n:
            found.add(table["".join(words[i:i + n])])
        i += max(n, 1)
    return found.pop() if len(found) == 1 else None
