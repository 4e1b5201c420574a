"""HTML pieces of the foreign generator: a look per document, rows in several styles, codes, pages."""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

KOREAN_FACES = ["NanumGothic", "NanumBarunGothic", "NanumGothicCoding", "NanumMyeongjo", "NanumSquare",
                "NanumSquareRound", "Noto Sans CJK KR", "Noto Serif CJK KR", "Noto Sans Mono CJK KR",
                "UnDotum", "UnBatang", "UnGraphic", "UnDinaru", "UnGungseo", "UnPilgi", "Baekmuk Gulim",
                "Baekmuk Dotum", "Baekmuk Batang", "Baekmuk Headline", "Noto Sans CJK JP"]
# Faces that look like receipt printers and shop tills (mono, plain gothic).
THERMAL_FACES = ["NanumGothicCoding", "Noto Sans Mono CJK KR", "Baekmuk Gulim", "UnDotum", "NanumGothic",
                 "Baekmuk Dotum", "UnGraphic", "Noto Sans CJK KR", "NanumBarunGothic"]
DIGIT_FACES = ["DejaVu Sans Mono", "DejaVu Sans", "DejaVu Sans Condensed", "DejaVu Serif", None, None, None]


def esc(text) -> str:
    return html.escape(str(text))


@dataclass
class Look:
    """How one document is drawn: faces, sizes, colours and the row style."""

    face: str
    digits: str | None
    size: float
    width: int
    ink: str = "#111"
    paper: str = "#fff"
    accent: str = "#1a4d8f"
    spacing: float = 0.0
    row: str = "flex"
    bold_values: bool = False
    scale: float = 2.0
    spaced_labels: bool = False
    extra_css: list[str] = field(default_factory=list)

    def family(self) -> str:
        faces = [f'"{self.digits}"'] if self.digits else []
        faces += [f'"{self.face}"', '"NanumGothic"', "sans-serif"]
        return ", ".join(faces)


def thermal_look(rng: random.Random) -> Look:
    look = Look(face=rng.choice(THERMAL_FACES), digits=rng.choice(DIGIT_FACES), size=rng.uniform(12.5, 16),
                width=rng.choice([300, 320, 340, 360, 384, 420]), ink=rng.choice(["#111", "#222", "#1d1d2a"]),
                paper=rng.choice(["#fff", "#fcfcf8", "#f8f7f2"]),
                spacing=rng.choice([0, 0, 0, 0.3, 0.8, 1.5]),
                row=rng.choice(["flex", "flex", "colon", "leader", "table", "bracket"]),
                bold_values=rng.random() < 0.3, scale=rng.choice([1.5, 1.75, 2.0, 2.0, 2.5]),
                spaced_labels=rng.random() < 0.2)
    return look


def screen_look(rng: random.Random) -> Look:
    accent = rng.choice(["#1a4d8f", "#0b6e4f", "#c0392b", "#5a2d82", "#0a7cc2", "#e8542e", "#2c3e50",
                         "#00a0a0", "#6b4f1d"])
    if rng.random() < 0.2:  # dark mode
        look = screen_look(rng)
        look.ink = rng.choice(["#eee", "#ddd", "#f5f5f5"])
        look.paper = rng.choice(["#121212", "#1c1c1e", "#202124"])
        return look
    return Look(face=rng.choice(KOREAN_FACES[:9] + ["UnDotum", "Baekmuk Gulim"]), digits=rng.choice(
        [None, None, "DejaVu Sans"]), size=rng.uniform(14, 18), width=rng.choice([360, 375, 390, 412, 430]),
        accent=accent, row=rng.choice(["flex", "flex", "stack", "table"]), spacing=rng.choice([0, 0, 0.3]),
        bold_values=rng.random() < 0.5, scale=rng.choice([2.0, 2.5, 3.0]))


def page_look(rng: random.Random) -> Look:
    return Look(face=rng.choice(KOREAN_FACES), digits=rng.choice(DIGIT_FACES), size=rng.uniform(13, 16),
                width=rng.choice([560, 620, 700, 760]), row=rng.choice(["table", "flex", "leader", "colon"]),
                accent=rng.choice(["#222", "#1a4d8f", "#7a1f1f", "#234d20"]),
                scale=rng.choice([1.25, 1.5, 2.0]))


class Doc:
    """Collects HTML blocks of one document in one look."""

    def __init__(self, rng: random.Random, look: Look):
        self.rng, self.look, self.parts = rng, look, []
        self._table: list[str] | None = None

    # ---- blocks
    def add(self, block: str) -> None:
        self._flush()
        self.parts.append(block)

    def title(self, text: str, size: float = 1.45, inverted: bool | None = None,
              align: str = "center") -> None:
        inverted = self.rng.random() < 0.25 if inverted is None else inverted
        style = f"font-size:{size:.2f}em;font-weight:bold;text-align:{align};margin:.25em 0;"
        if inverted:
            style += f"background:{self.look.ink};color:{self.look.paper};padding:.15em .3em;"
        self.add(f'<div style="{style}">{esc(text)}</div>')

    def text(self, text: str, size: float = 1.0, align: str = "left", bold: bool = False,
             color: str | None = None) -> None:
        style = f"font-size:{size:.2f}em;text-align:{align};" + ("font-weight:bold;" if bold else "")
        style += f"color:{color};" if color else ""
        self.add(f'<div style="{style}">{esc(text)}</div>')

    def rule(self, kind: str | None = None) -> None:
        kind = kind or self.rng.choice(["dashed", "solid", "dotted", "double", "chars"])
        if kind == "chars":
            ch = self.rng.choice(["-", "=", "*", "."])
            self.add(f'<div style="overflow:hidden;white-space:nowrap;">{ch * 80}</div>')
        else:
            width = 3 if kind == "double" else 1
            self.add(f'<div style="border-top:{width}px {kind} {self.look.ink};margin:.35em 0;"></div>')

    def gap(self, em: float = 0.6) -> None:
        self.add(f'<div style="height:{em}em"></div>')

    def row(self, label: str, value, *, big: bool = False, bold: bool = False, style: str | None = None,
            size: float = 1.0) -> None:
        """One label and its value in the look's row style (or `style`)."""
        style = style or self.look.row
        value = esc(value)
        if self.look.spaced_labels and 2 <= len(label) <= 4 and all("가" <= c <= "힣" for c in label):
            label = self.rng.choice([" ", "  ", "\u2002"]).join(label)
        label = esc(label)
        weight = "bold" if (bold or big or self.look.bold_values) else "normal"
        fs = (1.3 if big else 1.0) * size
        if style == "table":
            if self._table is None:
                self._table = []
            border = "1px solid #999" if self.rng.random() < 0.5 else "none"
            cell = f"border:{border};padding:.1em .3em;"
            self._table.append(f'<tr style="font-size:{fs:.2f}em"><td style="{cell}'
                               f'white-space:nowrap">{label}</td><td style="{cell}'
                               f'text-align:right;font-weight:{weight}">{value}</td></tr>')
            return
        self._flush()
        if style == "colon":
            self.parts.append(f'<div style="font-size:{fs:.2f}em">{label} : '
                              f'<span style="font-weight:{weight}">'
                              f'{value}</span></div>')
        elif style == "leader":
            self.parts.append(f'<div style="display:flex;align-items:baseline;font-size:{fs:.2f}em">'
                              f'<span>{label}</span><span style="flex:1;border-bottom:2px dotted #777;'
                              f'margin:0 .3em"></span><span style="font-weight:{weight}">{value}</span>'
                              '</div>')
        elif style == "stack":
            self.parts.append(f'<div style="margin:.3em 0"><div style="font-size:.8em;color:#666">{label}'
                              f'</div><div style="font-size:{fs * 1.1:.2f}em;font-weight:{weight}">{value}'
                              '</div></div>')
        elif style == "bracket":
            self.parts.append(f'<div style="font-size:{fs:.2f}em">[{label}] '
                              f'<span style="font-weight:{weight}">'
                              f'{value}</span></div>')
        else:
            self.parts.append(f'<div style="display:flex;justify-content:space-between;gap:1em;'
                              f'font-size:{fs:.2f}em"><span>{label}</span><span style="font-weight:{weight};'
                              f'text-align:right">{value}</span></div>')

    def pairs(self, items: list[tuple[str, str]], size: float = 1.0) -> None:
        """Two or three label/value pairs side by side in one boxed row (출발 | 서울 · 도착 | 부산)."""
        box = '<div style="flex:1;border:1px solid #aaa;padding:.2em .3em">'
        cells = "".join(f'{box}<div style="font-size:.75em;opacity:.75">{esc(a)}</div>'
                        f'<div style="font-weight:bold">{esc(b)}</div></div>' for a, b in items)
        self.add(f'<div style="display:flex;gap:3px;margin:.2em 0;font-size:{size:.2f}em">{cells}</div>')

    def status_bar(self) -> None:
        """A phone's status bar: clock, network, battery (a time that is not the document's)."""
        clock = f"{self.rng.randint(0, 23)}:{self.rng.randint(0, 59):02d}"
        battery = f"{self.rng.randint(5, 100)}%"
        net = self.rng.choice(["LTE", "5G", "Wi-Fi", "SKT 5G", "KT LTE", "LG U+"])
        self.add(f'<div style="display:flex;justify-content:space-between;font-size:.8em;padding:.2em .4em;'
                 f'font-family:sans-serif"><b>{clock}</b><span>{net}  ▮▮▮  {battery}</span></div>')

    def grid(self, head: list[str] | None, rows: list[list], aligns: str, ruled: bool = False,
             size: float = 0.95) -> None:
        """A table of items (name, quantity, amount ...)."""
        cell = "padding:.08em .25em;" + ("border:1px solid #888;" if ruled else "")
        out = [f'<table style="width:100%;border-collapse:collapse;font-size:{size:.2f}em">']
        if head:
            out.append("<tr>" + "".join(
                f'<th style="{cell}text-align:{"left" if a == "l" else "right"};border-bottom:1px solid '
                f'{self.look.ink}">{esc(h)}</th>' for h, a in zip(head, aligns)) + "</tr>")
        for r in rows:
            out.append("<tr>" + "".join(
                f'<td style="{cell}text-align:{"left" if a == "l" else "right"}">{esc(c)}</td>'
                for c, a in zip(r, aligns)) + "</tr>")
        out.append("</table>")
        self.add("".join(out))

    def barcode(self, height: int = 46) -> None:
        bars, x = [], 0
        while x < 260:
            w = self.rng.choice([1, 1, 2, 3])
            if self.rng.random() < 0.55:
                bars.append(f'<rect x="{x}" y="0" width="{w}" height="{height}"/>')
            x += w
        digits = "".join(str(self.rng.randint(0, 9)) for _ in range(13))
        self.add(f'<div style="text-align:center;margin:.4em 0"><svg width="260" height="{height}" '
                 f'fill="{self.look.ink}">{"".join(bars)}</svg>'
                 '<div style="font-size:.75em;letter-spacing:.2em">'
                 f'{digits}</div></div>')

    def qr(self, size: int = 96) -> None:
        n, cells = 25, []
        k = size / n
        for i in range(n):
            for j in range(n):
                finder = (i < 7 or i >= n - 7) and j < 7 or (i < 7 and j >= n - 7)
                if finder:
                    a, b = i % (n - 7) if i >= n - 7 else i, j % (n - 7) if j >= n - 7 else j
                    on = a in (0, 6) or b in (0, 6) or (2 <= a <= 4 and 2 <= b <= 4)
                else:
                    on = self.rng.random() < 0.5
                if on:
                    cells.append(f'<rect x="{j * k:.2f}" y="{i * k:.2f}" width="{k:.2f}" height="{k:.2f}"/>')
        self.add(f'<div style="text-align:center;margin:.4em 0"><svg width="{size}" height="{size}" '
                 f'fill="#000">{"".join(cells)}</svg></div>')

    def _flush(self) -> None:
        if self._table is not None:
            rows, self._table = self._table, None
            self.parts.append('<table style="width:100%;border-collapse:collapse">' + "".join(rows)
                              + "</table>")

    # ---- page
    def page(self, background: str | None = None, padding: str = "14px 16px") -> str:
        self._flush()
        look = self.look
        css = (f"html,body{{margin:0;padding:0;background:{background or look.paper};}}"
               f"#doc{{width:{look.width}px;box-sizing:border-box;padding:{padding};background:{look.paper};"
               f"color:{look.ink};font-family:{look.family()};font-size:{look.size:.1f}px;"
               f"letter-spacing:{look.spacing}px;line-height:{self.rng.uniform(1.2, 1.55):.2f};"
               f"-webkit-font-smoothing:{self.rng.choice(['antialiased', 'none', 'auto'])};}}"
               "table{font:inherit;letter-spacing:inherit}" + "".join(look.extra_css))
        return (f'<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><style>{css}</style></head>'
                f'<body><div id="doc">{"".join(self.parts)}</div></body></html>')
