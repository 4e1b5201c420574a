"""Geometry over OCR lines: rows, labels and the values beside or below them."""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz

from ocr import domain
from ocr.model import TextLine
from ocr.parsers.text import compact, normalise, strip_label


@dataclass
class Candidate:
    """A possible value for a field, with how much we believe it."""

    value: object
    score: float
    source: str = ""


class Doc:
    """The page as normalised lines plus rows of lines that sit side by side."""

    def __init__(self, lines: list[TextLine]) -> None:
        lines = [TextLine(normalise(l.text), l.box, l.conf, normalise(l.alt) if l.alt else None)
                 for l in lines if l.text.strip() or l.alt]
        self.rows = [_join_spaced(row) for row in _rows(lines)]
        kept = {id(l) for row in self.rows for l in row}
        given = {id(x) for x in lines}
        self.lines = [l for l in lines if id(l) in kept] + [l for row in self.rows for l in row
                                                            if id(l) not in given]
        self.lines.sort(key=lambda l: (l.box[1], l.box[0]))
        # Each row's lines joined left to right: the text date, stay and label rules look through.
        self.row_texts = [" ".join(l.text for l in row) for row in self.rows]
        self.text = "\n".join(self.row_texts)
        self.alt_text = "\n".join(l.alt or "" for l in self.lines)
        self.slope = _slope(self.lines)
        self._heads: list[tuple[TextLine, str, str, str, dict[int, str]]] | None = None

    def find_labels(self, synonyms: tuple[str, ...], *,
                    fuzzy: bool = True) -> list[tuple[TextLine, str, float]]:
        """Lines that hold one of the labels: (line, label, match score 0-1); exact beats fuzzy.

        A line's match depends on its text and `eng` reading alone, so it is kept per process
        (_LABELS_SEEN): the votes parse the page again for each re-reading of one line, every other line
        as it was."""
        found = []
        kinds = _label_kinds(tuple(synonyms))
        seen = _LABELS_SEEN.get((kinds, fuzzy))
        if seen is None or len(seen) >= LABELS_KEPT:
            seen = _LABELS_SEEN[kinds, fuzzy] = {}
        for line, flat, latin, head, head_jamo in self._label_heads():
            key = (line.text, line.alt)
            best = seen.get(key, _UNSEEN)
            if best is _UNSEEN:
                best = seen[key] = _best_label(kinds, fuzzy, flat, latin, head, head_jamo)
            if best:
                found.append((line, best[0], best[1]))
        return found

    def _label_heads(self) -> list[tuple[TextLine, str, str, str, dict[int, str]]]:
        """Each line with the forms find_labels matches against, computed once a page: its text without
        spaces, that with the `eng` reading in capitals, and without its opening brackets ('[할계]': the
        label's own brackets are not its letters), with the letters (jamo) of that head's first n
        characters, filled in as the labels' lengths ask."""
        if self._heads is None:
            self._heads = []
            for line in self.lines:
                flat = compact(line.text)
                latin = compact(f"{line.text} {line.alt or ''}").upper()
                self._heads.append((line, flat, latin, _INNER_MARKS.sub("", _head(flat)), {}))
        return self._heads

    def values_near(self, line: TextLine, label: str) -> list[tuple[str, float]]:
        """Texts that can hold a label's value, nearest first: after it, to its right, below it."""
        out = []
        flat = compact(line.text)
        if label in flat:
            rest = strip_label(line.text, label)
        else:  # fuzzy label: drop the label-sized head (counted without spaces)
            text = line.text.lstrip()
            text = _head(text) if re.match(r"[가-힣]", label) else _BRACKETS.sub("", text)
            rest = _after_chars(text, len(label)).lstrip(" :;.|])")
        if rest:
            out.append((rest, 1.0))
        if line.alt:
            out.append((line.alt, 0.9))
        for i, (l, closeness) in enumerate(self.right_of(line)):
            out.append((l.text, 0.95 * closeness - 0.05 * i))
            if l.alt:
                out.append((l.alt, 0.85 * closeness - 0.05 * i))
        for i, below in enumerate(self._below(line)):
            if not _OWN_LABEL.match(below.text):  # '[좌석] 6번' under '[차량번호]' is another field
                out.append((below.text, 0.8 - 0.15 * i))
        return out

    def ranked_value(self, label: TextLine) -> TextLine | None:
        """The value of the same rank as a label alone on its line: the k-th line of the value column for
        the k-th of the label column. A crumpled ticket's value column drifts a row off its labels, so
        row by row the label meets its neighbour's value, but the two columns still hold as many lines
        in the same order. None unless they do (label column: lines opening where this one does, no
        digit in them; value column: the lines right of it ending, or opening, at one edge)."""
        h = label.height
        labels = sorted((l for l in self.lines if abs(l.box[0] - label.box[0]) <= h
                         and not re.search(r"\d", l.text)), key=lambda l: l.cy)
        edge = max(l.box[2] for l in labels)
        right = [l for l in self.lines if l.box[0] > edge]
        if len(labels) < 4 or not right:
            return None
        columns = []
        for side in (0, 2):  # values opening at one tab stop, or ending at the paper's right margin
            stop = max((l.box[side] for l in right),
                       key=lambda x: sum(abs(o.box[side] - x) <= h for o in right))
            columns.append([l for l in right if abs(l.box[side] - stop) <= h])
        values = max(columns, key=len)
        top, bottom = labels[0].cy - 2 * h, labels[-1].cy + 2 * h
        values = [v for v in values if top <= v.cy <= bottom]
        if len(values) != len(labels):
            return None
        rank = next(i for i, l in enumerate(labels) if l is label)
        return sorted(values, key=lambda l: l.cy)[rank]

    def header_cell(self, line: TextLine) -> bool:
        """The line is a cell of a table's header row: three cells or more on its row, none with a digit
        (출발지 | 도착지 | 출발일시 | 등급 | 금액), so its value is printed under it, not beside it."""
        row = self.row_of(line)
        return len(row) >= 3 and not any(re.search(r"\d", l.text) for l in row)

    def row_of(self, line: TextLine) -> list[TextLine]:
        """The page row that holds the line (the line alone when it is in none)."""
        return next((r for r in self.rows if any(l is line for l in r)), [line])

    def column_below(self, line: TextLine) -> list[TextLine]:
        """The nearest lines under this one in its column (see _below)."""
        return self._below(line)

    def right_of(self, line: TextLine) -> list[tuple[TextLine, float]]:
        """Lines to the right at about the same height, best aligned first, with a 0-1 closeness."""
        h = line.height
        found = []
        cx = (line.box[0] + line.box[2]) / 2
        for other in self.lines:
            # A box may start a little inside the label's: on a crumpled or slanted photo the detector pads
            # both ('[결제]' ending at 306, '] 32900' starting at 265), up to about half a line's height.
            overlap = line.box[2] - other.box[0]
            if other is line or (overlap > 0.3 * h and (overlap > 0.6 * h or other.box[0] <= cx)):
                continue
            # Along the page's own rows: a photo taken at a slant lifts the right-hand column.
            shift = self.slope * ((other.box[0] + other.box[2]) / 2 - cx)
            dy = abs(other.cy - line.cy - shift) / max(h, other.height)
            if dy < 0.8:
                found.append((other, 1.0 - 0.4 * dy))
        found.sort(key=lambda t: -t[1])
        if (len(found) >= 2 and found[0][1] - found[1][1] < 0.12
                and abs(found[0][0].cy - found[1][0].cy) > 0.5 * h):
            # Two values at nearly the same height on either side of the label's row (a crumpled or skewed
            # photo): which one belongs to the label is a guess, so say so.
            found = [(l, c * 0.7) for l, c in found]
        return found[:3]

    def _below(self, line: TextLine) -> list[TextLine]:
        """The two nearest lines under this one whose horizontal span overlaps it (column layouts)."""
        x0, y0, x1, y1 = line.box
        h = y1 - y0
        found = []
        for other in self.lines:
            if other is line or other.cy <= line.cy + 0.5 * h:
                continue
            d = other.box[1] - y1
            if d > 3.5 * max(h, other.height):
                continue
            overlap = min(x1, other.box[2]) - max(x0, other.box[0])
            if overlap <= 0.3 * min(x1 - x0, other.box[2] - other.box[0]):
                continue
            found.append((d, other))
        return [other for _, other in sorted(found, key=lambda t: t[0])[:2]]


_BRACKETS = re.compile(r"^[\[\](){}<>|!.,:;'\"“”‘’*#]+")
# A bilingual ticket's English gloss before its Korean label, however misread ('To 도착' read '16 도작'):
# a short Latin or digit head right before the Hangul.
_GLOSS = re.compile(r"^[A-Za-z0-9.,'/|]{1,8}\s*(?=[가-힣])")


# Specks and marks read between a label's syllables ('차:\'번' for 차번): no letters of the label.
_INNER_MARKS = re.compile(r"(?<=[가-힣])[:;'\".,|`]+(?=[가-힣])")


def _head(text: str) -> str:
    """Where a label's letters begin: after the line's opening brackets and an English gloss."""
    return _GLOSS.sub("", _BRACKETS.sub("", text))


_SLOPES = np.linspace(-0.15, 0.15, 61)  # up to about 8 degrees: the engine levels steeper pages itself


def _slope(lines: list[TextLine]) -> float:
    """The rows' slant (dy per dx) in a photo taken askew, from labels and the values right of them.

    Every pair of a line and one to its right within a line and a half votes; the slope most pairs agree
    on (within a quarter line) is kept when it clearly beats level rows, else 0.
    """
    if len(lines) < 4:
        return 0.0
    box = np.array([l.box for l in lines], dtype=float)
    cx, cy = (box[:, 0] + box[:, 2]) / 2, (box[:, 1] + box[:, 3]) / 2
    hh = np.maximum(1.0, box[:, 3] - box[:, 1])
    dx, dy = cx[None, :] - cx[:, None], cy[None, :] - cy[:, None]
    h = np.maximum(hh[:, None], hh[None, :])
    right = (box[None, :, 0] >= box[:, None, 2]) & (dx > 0) & (np.abs(dy) < 1.5 * h)
    dx, dy, h = dx[right], dy[right], h[right]
    if dx.size < 6:
        return 0.0
    support = (np.abs(dy[None, :] - _SLOPES[:, None] * dx[None, :]) < 0.25 * h[None, :]).sum(axis=1)
    level = int((np.abs(dy) < 0.25 * h).sum())
    # Evenly spaced rows make aliases: pairing each label with the value a row up or down is as consistent
    # as the true slope. Of the plateaus reaching the top support, the one nearest level is the page's.
    top = np.flatnonzero(support >= support.max())
    runs = np.split(top, np.flatnonzero(np.diff(top) > 1) + 1)
    k = int(min((run[len(run) // 2] for run in runs), key=lambda i: abs(_SLOPES[i])))
    return float(_SLOPES[k]) if support[k] >= max(4, 1.5 * level) else 0.0


def _after_chars(text: str, n: int) -> str:
    """The text after its first n non-space characters."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == n:
            return text[i:]
        seen += not ch.isspace()
    return ""


# find_labels' match of a line (its text and `eng` reading), per label list: the pages the votes parse
# differ from the first in one line. Emptied when it holds LABELS_KEPT lines (a long-lived worker).
_LABELS_SEEN: dict[tuple, dict[tuple[str, str | None], tuple[str, float] | None]] = {}
LABELS_KEPT = 4096
_UNSEEN = object()


def _best_label(kinds: tuple[tuple[str, int], ...], fuzzy: bool, flat: str, latin: str, head: str,
                head_jamo: dict[int, str]) -> tuple[str, float] | None:
    """The best of the labels `kinds` on a line (its forms as Doc._label_heads gives them): (label, score),
    exact beats fuzzy; None when none is there."""
    best = None
    for label, kind in kinds:
        if kind == _LATIN:
            # English labels (hotel folios, card terminals) are looked for in the `eng` reading too.
            if label in latin:
                score = 1.0 if len(label) >= 3 else 0.85
                if best is None or (score, len(label)) > (best[1], len(best[0])):
                    best = (label, score)
            continue
        if kind == _OPENING:  # must open the line: '금액' alone, not '결제금액'
            if flat.lstrip("[(<").startswith(label[1:]):
                best = best or (label[1:], 0.9)
            continue
        if label in flat:
            score = 1.0 if flat.startswith(label) or len(label) >= 3 else 0.85
            if best is None or (score, len(label)) > (best[1], len(best[0])):
                best = (label, score)
    if best is None and fuzzy:
        for label, kind in kinds:
            if len(label) < 2 or kind == _OPENING:
                continue
            # Letter-level (jamo) similarity: 가맹정 ~ 가맹점, 승자일자 ~ 승차일자.
            n = len(label)
            if n not in head_jamo:
                head_jamo[n] = domain.jamo(head[:n])
            s = fuzz.ratio(head_jamo[n], _label_jamo(label)) / 100.0
            # Compared as stored (scaled): '줄발터미널' is 출발터미널 at 0.96, not 출발 at 0.83.
            if s >= 0.8 and (best is None or s * 0.85 > best[1]):
                best = (label, s * 0.85)
    return best


_PLAIN, _LATIN, _OPENING = 0, 1, 2


@functools.lru_cache(maxsize=256)
def _label_kinds(synonyms: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    """Each label with how find_labels looks for it: English (in the `eng` reading too), '^' (opening the
    line), or plain."""
    return tuple((label, _OPENING if label.startswith("^") else _LATIN if label.isascii() else _PLAIN)
                 for label in synonyms)


@functools.lru_cache(maxsize=4096)
def _label_jamo(label: str) -> str:
    """A label's letters (the synonyms are a fixed vocabulary, asked for on every line)."""
    return domain.jamo(label)


def _rows(lines: list[TextLine]) -> list[list[TextLine]]:
    """Group lines whose vertical centres lie within half a line height of each other."""
    rows: list[list[TextLine]] = []
    tops: list[float] = []  # each row's first line's centre: rows open in order of height, so ascending
    for line in sorted(lines, key=lambda l: l.cy):
        cy, height = line.cy, line.height
        # Rows whose first line's centre lies more than 0.55 of this line's height above it cannot take it
        # (a pixel of margin: the test below is the one that decides).
        for k in range(bisect.bisect_left(tops, cy - 0.55 * height - 1.0), len(rows)):
            row = rows[k]
            ref = row[0]
            if abs(ref.cy - cy) < 0.55 * min(ref.height, height) and _no_overlap(row, line):
                row.append(line)
                break
        else:
            rows.append([line])
            tops.append(cy)
    return [sorted(row, key=lambda l: l.box[0]) for row in rows]


_OWN_LABEL = re.compile(r"\s*(?:\[[가-힣 ]{1,8}\]|[가-힣 ]{2,8}\s*:)")
_SYLLABLE = re.compile(r"[가-힣][:;|]?")
# A letter-spaced label's next syllable whose box overlaps the one before it, the edge of that letter read
# as a stray mark ('좌' and '| 석', '승' and '} 차', '도' and ': 착': small print the detector splits).
_MARKED_SYLLABLE = re.compile(r"[|}{\[\]!'`:;]\s?[가-힣][:;|]?")
_STRAY = "|}{[]!'`:; "


def _join_spaced(row: list[TextLine]) -> list[TextLine]:
    """Letter-spaced labels read as separate boxes ('부 | 가 | 세', '합 | 계') joined into one line."""
    out: list[TextLine] = []
    run: list[TextLine] = []
    for line in row + [None]:
        marked = run and line is not None and _MARKED_SYLLABLE.fullmatch(line.text)
        if line is not None and (_SYLLABLE.fullmatch(line.text) or marked and line.box[0] < run[-1].box[2]):
            run.append(line)
            continue
        if run and line is not None and re.match(r"[가-힣]\s*[:;]", line.text):
            # '상 | 호: 서울특별시 ...': the label's last letter came with its value.
            text = "".join(l.text.lstrip(_STRAY) for l in run) + line.text
            box = (run[0].box[0], min(l.box[1] for l in run + [line]), line.box[2],
                   max(l.box[3] for l in run + [line]))
            out.append(TextLine(text, box, min(l.conf for l in run + [line]), None))
            run = []
            continue
        if len(run) >= 2:
            text = "".join(l.text.lstrip(_STRAY).rstrip(":;|") for l in run)
            box = (run[0].box[0], min(l.box[1] for l in run), run[-1].box[2], max(l.box[3] for l in run))
            out.append(TextLine(text, box, min(l.conf for l in run), None))
        else:
            out.extend(run)
        run = []
        if line is not None:
            out.append(line)
    return out


def _no_overlap(row: list[TextLine], line: TextLine) -> bool:
    """A line joins a row only beside its members, never on top of them."""
    return all(min(l.box[2], line.box[2]) - max(l.box[0], line.box[0]) < 0.5 * (line.box[2] - line.box[0])
               for l in row)


def best(cands: list[Candidate]) -> Candidate | None:
    """The highest-scoring candidate; equal values pool their evidence."""
    if not cands:
        return None
    pooled: dict = {}
    for c in cands:
        key = repr(c.value)
        if key not in pooled:
            pooled[key] = Candidate(c.value, c.score, c.source)
        else:  # the same value found again, another way: a little more belief
            pooled[key].score = min(0.99, max(pooled[key].score, c.score) + 0.05)
    return max(pooled.values(), key=lambda c: c.score)
