"""A bar chart as numbers for an inline SVG (server-rendered, no JavaScript)."""
from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 220
LEFT, BOTTOM, TOP = 40, 30, 16


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value and box in SVG user units."""

    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    """Bars plus the axis maximum, in a WIDTH x HEIGHT viewBox."""

    bars: list[Bar]
    maximum: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: int = HEIGHT - BOTTOM
    top: int = TOP


def bar_chart(points: list[tuple[str, int]]) -> Chart:
    """Lay out one bar per (label, value), scaled so the tallest reaches the top."""
    maximum = max([v for _, v in points] + [1])
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(points), 1)
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / maximum
        bars.append(Bar(label=label, value=value, x=round(LEFT + i * slot + slot * 0.15, 1),
                        y=round(HEIGHT - BOTTOM - h, 1), width=round(slot * 0.7, 1),
                        height=round(h, 1)))
    return Chart(bars=bars, maximum=maximum)
