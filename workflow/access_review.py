"""The monthly review of the personal-data access log: whose reading volume is unusual.

개인정보의 안전성 확보조치 기준 제8조② asks for a monthly check of the access records. A reader is
*unusual* when, in that month, they read far more people's data than the typical reader: more than
UNUSUAL_FACTOR times the median of all readers and at least PEOPLE_MARGIN people above it, or
likewise for the number of reads (READS_MARGIN). The margins keep tiny numbers (2 against a median
of 0.5) from raising alarms; the median is robust to the few heavy readers it is meant to find.
"""
from __future__ import annotations

from dataclasses import dataclass
from statistics import median

UNUSUAL_FACTOR = 3
PEOPLE_MARGIN = 10
READS_MARGIN = 50


@dataclass(frozen=True)
class Volume:
    """One reader's month: how many distinct people's data, in how many reads."""

    actor: str
    people: int
    reads: int


@dataclass(frozen=True)
class Reviewed:
    """A reader's volume with the verdict and why."""

    volume: Volume
    unusual: bool
    why: str = ""


def _far_above(value: int, typical: float, margin: int) -> bool:
    return value > UNUSUAL_FACTOR * typical and value >= typical + margin


def review(volumes: list[Volume]) -> list[Reviewed]:
    """Every reader, unusual ones first, then by people and reads, most first."""
    if not volumes:
        return []
    people_median = median(v.people for v in volumes)
    reads_median = median(v.reads for v in volumes)
    out = []
    for v in volumes:
        why = []
        if _far_above(v.people, people_median, PEOPLE_MARGIN):
            why.append(f"people {v.people} > {UNUSUAL_FACTOR} x median {people_median:g}")
        if _far_above(v.reads, reads_median, READS_MARGIN):
            why.append(f"reads {v.reads} > {UNUSUAL_FACTOR} x median {reads_median:g}")
        out.append(Reviewed(v, bool(why), "; ".join(why)))
    return sorted(out, key=lambda r: (not r.unusual, -r.volume.people, -r.volume.reads,
                                      r.volume.actor))
