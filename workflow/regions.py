"""Lodging-cap region of a Korean destination, and destination autocomplete."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "regions.json"

# Lower cap first: when an address is ambiguous we pay under the lower cap and let the approver
# override with destination_region (a wrong low cap is visible; a wrong high one is an overpayment).
CLASS_ORDER = ("other", "metro", "seoul")
REGION_CLASSES = frozenset(CLASS_ORDER)


@dataclass(frozen=True)
class Sido:
    """A 시/도 with its lodging class, the names people write for it, and its 시/군/구."""

    name: str
    region: str
    aliases: tuple[str, ...]
    districts: tuple[str, ...]


@lru_cache(maxsize=1)
def _sidos() -> tuple[Sido, ...]:
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Sido(s["name"], s["class"], tuple(s["aliases"]), tuple(s["districts"])) for s in raw["sido"]
    )


def _stem(district: str) -> str:
    """'수원시' -> '수원', '해운대구' -> '해운대'; single-syllable stems ('중') are not matched."""
    stem = district[:-1] if district[-1:] in "시군구" else district
    return stem if len(stem) >= 2 else ""


def _tokens(destination: str) -> list[str]:
    text = re.sub(r"[(),]", " ", destination or "").strip()
    tokens = text.split()
    if tokens:
        # "서울특별시강남구" written without a space: split off a leading full 시/도 name.
        for sido in _sidos():
            if tokens[0] != sido.name and tokens[0].startswith(sido.name):
                tokens[:1] = [sido.name, tokens[0][len(sido.name):]]
                break
    return tokens


def _candidates(token: str) -> list[Sido]:
    exact = [s for s in _sidos() if token in s.aliases or token in s.districts]
    if exact:
        return exact
    return [s for s in _sidos() if token in {_stem(d) for d in s.districts}]


def _narrow(candidates: list[Sido], token: str) -> list[Sido]:
    narrowed = [s for s in candidates if token in s.districts or token in {_stem(d) for d in s.districts}]
    return narrowed or candidates


def region_class(destination: str) -> str:
    """'seoul' | 'metro' | 'other' for a destination such as '부산광역시 해운대구' or '수원시' (별표 2)."""
    tokens = _tokens(destination)
    if not tokens:
        return "other"
    candidates = _candidates(tokens[0])
    if len(tokens) > 1 and len(candidates) > 1:
        candidates = _narrow(candidates, tokens[1])
    if not candidates:
        # Unknown place names are not 서울 or a 광역시 as far as we can tell: the lowest cap.
        return "other"
    # 세종특별자치시 is class 'other' in the data: it is not a 광역시 for the lodging cap.
    return min((s.region for s in candidates), key=CLASS_ORDER.index)


@lru_cache(maxsize=1)
def _destinations() -> tuple[tuple[str, str], ...]:
    """(full name, short name) pairs: every 시/도, then every '시/도 시/군/구'."""
    rows = [(s.name, s.name) for s in _sidos()]
    rows += [(f"{s.name} {d}", d) for s in _sidos() for d in s.districts]
    return tuple(rows)


def _expand_alias(prefix: str) -> str:
    """'서울 강' -> '서울특별시 강', so a short 시/도 name still completes to the full ones."""
    head, _, rest = prefix.partition(" ")
    if not rest:
        return prefix
    for sido in _sidos():
        if head in sido.aliases:
            return f"{sido.name} {rest}"
    return prefix


def suggest_destinations(prefix: str, limit: int = 10) -> list[str]:
    """Up to `limit` destination names that start with `prefix` (full or short 시/군/구 name)."""
    prefix = " ".join((prefix or "").split())
    if not prefix or limit <= 0:
        return []
    full_prefix = _expand_alias(prefix)
    alias_hits = [s.name for s in _sidos() if any(a.startswith(prefix) for a in s.aliases)]
    hits: list[str] = []
    for full, short in _destinations():
        if full.startswith(full_prefix) or short.startswith(prefix) or full in alias_hits:
            hits.append(full)
    # 시/도 names and exact short-name matches first, then the rest in data order.
    hits.sort(key=lambda name: (" " in name and not name.split(" ", 1)[1].startswith(prefix), " " in name))
    return hits[:limit]
