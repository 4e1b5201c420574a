"""Draw the app icons (PNG) with Pillow: python -m app.mobile.make_icons (output is committed)."""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ICONS = Path(__file__).resolve().parent / "static" / "icons"
BLUE, WHITE = (29, 78, 137), (255, 255, 255)
FONTS = ("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf",
         "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")


def _font(size: int):
    for path in FONTS:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def draw(size: int, *, maskable: bool = False) -> Image.Image:
    """A blue tile with '여비' in white; maskable icons keep the text inside the 80% safe zone."""
    img = Image.new("RGB", (size, size), BLUE)
    d = ImageDraw.Draw(img)
    if not maskable:
        img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        d.rounded_rectangle((0, 0, size - 1, size - 1), radius=size // 5, fill=BLUE)
    font = _font(int(size * (0.28 if maskable else 0.36)))
    d.text((size / 2, size / 2), "여비", font=font, fill=WHITE, anchor="mm")
    return img


def main() -> None:
    """Write every icon the manifest and index.html name."""
    ICONS.mkdir(parents=True, exist_ok=True)
    draw(192).save(ICONS / "icon-192.png", optimize=True)
    draw(512).save(ICONS / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(ICONS / "icon-maskable-512.png", optimize=True)
    draw(180, maskable=True).save(ICONS / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
