"""Lodging-cap region of a Korean destination, and destination autocomplete."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from workflow.ruledata import effective, load_json, require

DATA_FILE = Path(__file__).parent / "data" / "regions.json"

# Lower cap first: when an address is ambiguous we pay under the lower cap and let the approver
# override with destination_region (a wrong low cap is visible; a wrong high one is an overpayment).
CLASS_ORDER = ("other", "metro", "seoul")
REGION_CLASSES = frozenset(CLASS_ORDER)
CLASS_LABELS = {"seoul": "서울특별시", "metro": "광역시", "other": "그 밖의 지역"}


@dataclass(frozen=True)
class Sido:
    """A 시/도 with its lodging class, the names people write for it, and its 시/군/구.

    A 통합특별시 is read as one entry per former 시/도 under the new name (`former` names it): its class
    is the former area's, and 제18조② judges its duty area by those former areas.
    """

    name: str
    region: str
    aliases: tuple[str, ...]
    districts: tuple[str, ...]
    former: str = ""
    note: str = ""


def _base(raw: dict) -> list[Sido]:
    return [Sido(s["name"], s["class"], tuple(s["aliases"]), tuple(s["districts"])) for s in raw["sido"]]


def _apply(sidos: list[Sido], change: dict) -> list[Sido]:
    if change["kind"] == "districts":
        return [Sido(s.name, s.region, s.aliases, s.districts + tuple(change["add"]))
                if s.name == change["sido"] else s for s in sidos]
    # kind "unified": the former 시/도 stay (old names are still written) and the new name is added.
    formers = [s for s in sidos if s.name in change["former"]]
    return sidos + [Sido(change["name"], s.region, tuple(change["aliases"]), s.districts, s.name,
                         change.get("note", "")) for s in formers]


@lru_cache(maxsize=1)
def _data() -> dict:
    raw = load_json(DATA_FILE)
    require(isinstance(raw.get("sido"), list) and raw["sido"], f"{DATA_FILE.name}.sido", "must be a list")
    for i, s in enumerate(raw["sido"]):
        require(s.get("class") in REGION_CLASSES, f"{DATA_FILE.name}: sido[{i}].class",
                f"must be one of {', '.join(CLASS_ORDER)}")
    changes = raw.get("changes", [])
    days = [effective(c, f"{DATA_FILE.name}: changes[{i}]") for i, c in enumerate(changes)]
    require(days == sorted(days), f"{DATA_FILE.name}: changes", "must be oldest first")
    names = {s["name"] for s in raw["sido"]}
    for i, c in enumerate(changes):
        where = f"{DATA_FILE.name}: changes[{i}]"
        require(c.get("kind") in ("districts", "unified"), f"{where}.kind", "must be districts or unified")
        require(isinstance(c.get("source"), str) and c["source"].strip(), f"{where}.source",
                "every change names its source")
        targets = [c.get("sido")] if c["kind"] == "districts" else c.get("former") or []
        require(bool(targets) and set(targets) <= names, where, "names a 시/도 that is not in sido")
    return raw


def _sidos(on: date | None = None) -> tuple[Sido, ...]:
    """The 시/도 as of `on` (None: with every change we know of)."""
    dated = [date.fromisoformat(c["effective"]) for c in _data().get("changes", [])]
    return _with_changes(sum(1 for day in dated if on is None or day <= on))


@lru_cache(maxsize=None)
def _with_changes(count: int) -> tuple[Sido, ...]:
    # Cached by how many of the (oldest-first) changes apply, not by day: a handful of entries at most.
    raw = _data()
    sidos = _base(raw)
    for change in raw.get("changes", [])[:count]:
        sidos = _apply(sidos, change)
    return tuple(sidos)


def base_source() -> str:
    """Where the classes and names of the data come from."""
    return str(_data().get("source", ""))


def changes() -> tuple[dict, ...]:
    """The dated changes of the data (new districts, 통합특별시), oldest first."""
    return tuple(_data().get("changes", []))


def _stem(district: str) -> str:
    """'수원시' -> '수원', '해운대구' -> '해운대'; single-syllable stems ('중') are not matched."""
    stem = district[:-1] if district[-1:] in "시군구" else district
    return stem if len(stem) >= 2 else ""


def _tokens(destination: str, on: date | None) -> list[str]:
    text = re.sub(r"[(),]", " ", destination or "").strip()
    tokens = text.split()
    if tokens:
        # "서울특별시강남구" written without a space: split off a leading full 시/도 name.
        for sido in _sidos(on):
            if tokens[0] != sido.name and tokens[0].startswith(sido.name):
                tokens[:1] = [sido.name, tokens[0][len(sido.name):]]
                break
    return tokens


def _candidates(token: str, on: date | None) -> list[Sido]:
    exact = [s for s in _sidos(on) if token in s.aliases or token in s.districts]
    if exact:
        return exact
    return [s for s in _sidos(on) if token in {_stem(d) for d in s.districts}]


def _narrow(candidates: list[Sido], token: str) -> list[Sido]:
    narrowed = [s for s in candidates if token in s.districts or token in {_stem(d) for d in s.districts}]
    return narrowed or candidates


def _resolve(destination: str, on: date | None) -> list[Sido]:
    """The 시/도 entries `destination` may lie in (one when it is clear)."""
    tokens = _tokens(destination, on)
    if not tokens:
        return []
    candidates = _candidates(tokens[0], on)
    if len(tokens) > 1 and len(candidates) > 1:
        candidates = _narrow(candidates, tokens[1])
    return candidates


def region_class(destination: str, on: date | None = None) -> str:
    """'seoul' | 'metro' | 'other' for a destination such as '부산광역시 해운대구' or '수원시' (별표 2)."""
    candidates = _resolve(destination, on)
    if not candidates:
        # Unknown place names are not 서울 or a 광역시 as far as we can tell: the lowest cap.
        return "other"
    # 세종특별자치시 is class 'other' in the data: it is not a 광역시 for the lodging cap.
    return min((s.region for s in candidates), key=CLASS_ORDER.index)


def region_note(destination: str, on: date | None = None) -> str:
    """The data's caveat for the destination's class (a 통합특별시 classed by its former areas), or ''."""
    notes = {s.note for s in _resolve(destination, on) if s.note}
    return "; ".join(sorted(notes))


def place_names(place: str | None, on: date | None = None) -> set[str]:
    """Names a place answers to: '부산광역시 해운대구' -> 부산광역시, 부산, 부산시, 해운대구, 해운대.

    A 시/도 brings all its aliases (a 통합특별시 those of its former 시/도 too); other 시/군/구 names
    their stem ('해운대구' -> '해운대')."""
    sidos = _sidos(on)
    by_name = {s.name: s for s in sidos}
    names: set[str] = set()
    for token in str(place or "").replace(",", " ").split():
        names.add(token)
        matched = [s for s in sidos if token == s.name or token in s.aliases]
        for s in matched:
            names |= {s.name, *s.aliases}
            if s.former in by_name:
                names |= {s.former, *by_name[s.former].aliases}
        if not matched and token[-1:] in "시군구도" and len(token) >= 3:
            names.add(token[:-1])
    return names


def former_area(place: str, on: date | None = None) -> str | None:
    """제18조②: the former area of a place in a 통합특별시 ('광주광역시', '전라남도 나주시'), else None.

    A former 광역시 is one area; in a former 도 each 시/군 is its own (제18조①: 같은 시·군). Old names
    count: once merged, '나주시' or '광주 북구' lie in the 통합특별시 as much as its new name does.
    """
    candidates = _resolve(place, on)
    merged = {s.former for s in _sidos(on) if s.former}
    areas = {s.former or s.name for s in candidates}
    if len(areas) != 1 or not areas <= merged:
        return None
    area, sido = areas.pop(), candidates[0]
    if sido.region != "other":
        return area
    district = next((d for t in _tokens(place, on) for d in sido.districts if t in (d, _stem(d))), None)
    return f"{area} {district}" if district else None


@lru_cache(maxsize=1)
def _destinations() -> tuple[tuple[str, str], ...]:
    """(full name, short name) pairs: every 시/도, then every '시/도 시/군/구'."""
    rows = list(dict.fromkeys((s.name, s.name) for s in _sidos()))
    rows += [(f"{s.name} {d}", d) for s in _sidos() for d in s.districts if not s.former]
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
