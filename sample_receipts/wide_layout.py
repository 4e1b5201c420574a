"""A slip renderer whose look is drawn at random: paper width, font, label style, rules, colours.

The widened set (widened.py) describes each document as a list of operations and lets this module
choose how it looks, so that no two files share one template's geometry.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

TT = "/usr/share/fonts/truetype"
OT = "/usr/share/fonts/opentype/noto"
# name -> (regular, bold or None, ttc index). Missing files are skipped (see faces()).
FACES = {
    "nanum_gothic": (f"{TT}/nanum/NanumGothic.ttf", f"{TT}/nanum/NanumGothicBold.ttf", 0),
    "nanum_barun": (f"{TT}/nanum/NanumBarunGothic.ttf", f"{TT}/nanum/NanumBarunGothicBold.ttf", 0),
    "nanum_square": (f"{TT}/nanum/NanumSquareR.ttf", f"{TT}/nanum/NanumSquareB.ttf", 0),
    "nanum_round": (f"{TT}/nanum/NanumSquareRoundB.ttf", None, 0),
    "nanum_myeongjo": (f"{TT}/nanum/NanumMyeongjo.ttf", f"{TT}/nanum/NanumMyeongjoBold.ttf", 0),
    "nanum_coding": (f"{TT}/nanum/NanumGothicCoding.ttf", f"{TT}/nanum/NanumGothicCodingBold.ttf", 0),
    "noto_sans": (f"{OT}/NotoSansCJK-Regular.ttc", f"{OT}/NotoSansCJK-Bold.ttc", 1),
    "noto_mono": (f"{OT}/NotoSansCJK-Regular.ttc", f"{OT}/NotoSansCJK-Bold.ttc", 6),
    "noto_serif": (f"{OT}/NotoSerifCJK-Regular.ttc", f"{OT}/NotoSerifCJK-Bold.ttc", 1),
    "un_dotum": (f"{TT}/unfonts-core/UnDotum.ttf", f"{TT}/unfonts-core/UnDotumBold.ttf", 0),
    "un_batang": (f"{TT}/unfonts-core/UnBatang.ttf", f"{TT}/unfonts-core/UnBatangBold.ttf", 0),
    "un_graphic": (f"{TT}/unfonts-core/UnGraphic.ttf", f"{TT}/unfonts-core/UnGraphicBold.ttf", 0),
    "un_dinaru": (f"{TT}/unfonts-core/UnDinaru.ttf", f"{TT}/unfonts-core/UnDinaruBold.ttf", 0),
    "baekmuk_gulim": (f"{TT}/baekmuk/gulim.ttf", None, 0),
    "baekmuk_dotum": (f"{TT}/baekmuk/dotum.ttf", None, 0),
    "baekmuk_batang": (f"{TT}/baekmuk/batang.ttf", None, 0),
}
# Paper kinds: (name, width px, base font px). 58 mm and 80 mm thermal rolls, an app screen, A4.
PAPERS = (("58mm", 400, 19), ("58mm", 440, 21), ("80mm", 560, 23), ("80mm", 620, 25),
          ("screen", 720, 27), ("a4", 1240, 26))
LABEL_STYLES = ("colon", "right", "spaced", "below", "bracket", "dots")


def faces() -> list[str]:
    """The font names whose files exist on this machine."""
    return [name for name, (path, _, _) in FACES.items() if os.path.exists(path)]


@dataclass
class Style:
    """How one document looks."""

    face: str
    paper: str
    width: int
    size: int
    labels: str
    gap: float
    bg: tuple[int, int, int]
    ink: tuple[int, int, int]
    rule: str  # dashed | solid | equals | minus | none
    accent: tuple[int, int, int]


def random_style(rng: random.Random, *, paper: str | None = None, thermal: bool = True) -> Style:
    """A random look; `paper` forces a paper kind (e.g. 'screen' for app screenshots)."""
    options = [p for p in PAPERS if paper is None or p[0] == paper] or list(PAPERS)
    if paper is None and not thermal:
        options = [p for p in PAPERS if p[0] in ("screen", "a4", "80mm")]
    name, width, size = rng.choice(options)
    width = int(width * rng.uniform(0.95, 1.08))
    bg = (rng.randint(244, 255), rng.randint(242, 255), rng.randint(232, 250)) if thermal else (
        rng.choice([(255, 255, 255), (246, 247, 250), (250, 250, 250)]))
    ink_level = rng.randint(0, 60)
    return Style(
        face=rng.choice(faces()), paper=name, width=width, size=size + rng.randint(-2, 2),
        labels=rng.choice(LABEL_STYLES), gap=rng.uniform(1.35, 1.8), bg=bg,
        ink=(ink_level, ink_level, ink_level + rng.randint(0, 20)),
        rule=rng.choice(("dashed", "solid", "equals", "minus", "none")),
        accent=rng.choice([(0, 70, 150), (100, 30, 90), (0, 130, 90), (200, 60, 30), (30, 30, 30)]),
    )


class Slip:
    """Draws operations top to bottom on a tall canvas, then crops it."""

    def __init__(self, style: Style, rng: random.Random) -> None:
        self.s, self.rng = style, rng
        self.img = Image.new("RGB", (style.width, 6000), style.bg)
        self.d = ImageDraw.Draw(self.img)
        self.margin = max(18, style.width // 18) if style.paper != "a4" else 110
        self.y = 30 if style.paper != "a4" else 120

    def font(self, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
        """The style's face at `size`, bold when it has a bold cut."""
        regular, heavy, index = FACES[self.s.face]
        path = heavy if bold and heavy else regular
        return ImageFont.truetype(path, max(10, size), index=index)

    def _fit(self, text: str, size: int, room: int, bold: bool) -> ImageFont.FreeTypeFont:
        f = self.font(size, bold)
        while f.getlength(text) > room and size > 11:
            size -= 1
            f = self.font(size, bold)
        return f

    def _draw(self, x: float, text: str, f, *, anchor="la", fill=None) -> None:
        self.d.text((x, self.y), text, font=f, fill=fill or self.s.ink, anchor=anchor)

    def _advance(self, size: int, extra: float = 1.0) -> None:
        self.y += int(size * self.s.gap * extra)

    @property
    def room(self) -> int:
        """Usable width in pixels."""
        return self.s.width - 2 * self.margin

    def title(self, text: str, scale: float = 1.35) -> None:
        """A centred bold line, larger than the body."""
        size = int(self.s.size * scale)
        f = self._fit(text, size, self.room, True)
        self._draw(self.s.width / 2, text, f, anchor="ma")
        self._advance(size)

    def banner(self, text: str) -> None:
        """A coloured header band with the text centred in it (app screens, e-receipts)."""
        h, top = int(self.s.size * 3), max(0, self.y - 30)
        self.d.rectangle((0, top, self.s.width, top + h), fill=self.s.accent)
        f = self._fit(text, int(self.s.size * 1.3), self.room, True)
        self.d.text((self.s.width / 2, top + h / 2), text, font=f, fill=(255, 255, 255), anchor="mm")
        self.y = top + h + int(self.s.size * 0.8)

    def center(self, text: str, scale: float = 1.0, bold: bool = False) -> None:
        """A centred line."""
        size = int(self.s.size * scale)
        self._draw(self.s.width / 2, text, self._fit(text, size, self.room, bold), anchor="ma")
        self._advance(size)

    def text(self, text: str, scale: float = 1.0, bold: bool = False) -> None:
        """A left-aligned line."""
        size = int(self.s.size * scale)
        self._draw(self.margin, text, self._fit(text, size, self.room, bold))
        self._advance(size)

    def para(self, text: str, scale: float = 0.9) -> None:
        """Running text wrapped at word boundaries."""
        size = int(self.s.size * scale)
        f, line = self.font(size), ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if line and f.getlength(trial) > self.room:
                self.text(line, scale)
                trial = word
            line = trial
        if line:
            self.text(line, scale)

    def kv(self, label: str, value: str, *, bold: bool = False, scale: float = 1.0,
           style: str | None = None) -> None:
        """A label and its value in the document's label style."""
        size = int(self.s.size * scale)
        how = style or self.s.labels
        if how == "spaced" and len(label) <= 4:
            label = (" " if len(label) > 2 else "   ").join(label)
        if how == "bracket":
            label = f"[{label}]"
        if how in ("colon", "bracket"):
            line = f"{label}{' :' if how == 'colon' else ''} {value}"
            self._draw(self.margin, line, self._fit(line, size, self.room, bold))
        elif how == "below":
            self._draw(self.margin, label, self.font(int(size * 0.85)), fill=(110, 110, 110))
            self._advance(size, 0.8)
            self._draw(self.margin + 10, value, self._fit(value, size, self.room, bold))
        else:
            lf = self._fit(label, size, self.room // 2, False)
            vf = self._fit(value, size, self.room - int(lf.getlength(label)) - 20, bold)
            self._draw(self.margin, label, lf)
            if how == "dots":
                dots = "." * max(0, int((self.room - lf.getlength(label) - vf.getlength(value)) / 9) - 2)
                self._draw(self.margin + lf.getlength(label) + 6, dots, self.font(size // 2 + 4),
                           fill=(150, 150, 150))
            self._draw(self.s.width - self.margin, value, vf, anchor="ra")
        self._advance(size)

    def cols(self, cells: list[str], fracs: list[float], scale: float = 0.9) -> None:
        """Cells at fractions of the usable width; the last is right-aligned (an item row)."""
        size = int(self.s.size * scale)
        for i, (cell, frac) in enumerate(zip(cells, fracs)):
            x = self.margin + frac * self.room
            room = (fracs[i + 1] - frac) * self.room - 8 if i + 1 < len(fracs) else self.room * 0.3
            f = self._fit(cell, size, int(room), False)
            last = i == len(cells) - 1
            self._draw(self.s.width - self.margin if last else x, cell, f, anchor="ra" if last else "la")
        self._advance(size)

    def rule(self) -> None:
        """A separator in the style's fashion."""
        x0, x1, y = self.margin - 8, self.s.width - self.margin + 8, self.y + 4
        kind = self.s.rule
        if kind == "dashed":
            for x in range(x0, x1, 14):
                self.d.line((x, y, x + 7, y), fill=(90, 90, 90), width=2)
        elif kind == "solid":
            self.d.line((x0, y, x1, y), fill=(140, 140, 140), width=2)
        elif kind in ("equals", "minus"):
            ch = "=" if kind == "equals" else "-"
            f = self.font(self.s.size)
            self._draw(x0, ch * max(4, int((x1 - x0) / max(1, f.getlength(ch)))), f)
        self.y += int(self.s.size * 0.9)

    def space(self, scale: float = 0.6) -> None:
        """Vertical room."""
        self.y += int(self.s.size * scale)

    def barcode(self) -> None:
        """Bars of random widths, as printed at the foot of many slips."""
        x = self.margin + self.room // 6
        while x < self.s.width - self.margin - self.room // 6:
            w = self.rng.choice((2, 2, 3, 4))
            self.d.rectangle((x, self.y, x + w, self.y + 50), fill=(10, 10, 10))
            x += w + self.rng.choice((2, 3, 4))
        self.y += 70

    def qr(self) -> None:
        """A square of random modules."""
        n, cell = 21, max(5, self.s.width // 90)
        x0 = (self.s.width - n * cell) // 2
        for i in range(n):
            for j in range(n):
                if self.rng.random() < 0.5:
                    self.d.rectangle((x0 + i * cell, self.y + j * cell, x0 + i * cell + cell - 1,
                                      self.y + j * cell + cell - 1), fill=(0, 0, 0))
        self.y += n * cell + 20

    def finish(self) -> Image.Image:
        """The drawn part; an A4 page keeps its full height (a slip on a page)."""
        bottom = self.y + 40
        if self.s.paper == "a4":
            bottom = max(bottom, int(self.s.width * 1.414))
        return self.img.crop((0, 0, self.s.width, min(self.img.height, bottom)))
