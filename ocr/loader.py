"""Bytes in, pixels or PDF text out: type sniffing, cheap validation, safe decoding."""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from ocr.errors import (CorruptInput, EmptyInput, EncryptedPdf, ImageTooLarge, OcrInputError,
                        UnsupportedType)
from ocr.model import TextLine

MAX_PIXELS = 40_000_000
MAX_PDF_PAGES = 5
# Working resolution: receipts need no more than this on their long side to be read well.
WORK_LONG_SIDE = 2000
DETAIL_LONG_SIDE = 4096

_heif_registered = False


def register_heif() -> None:
    """Teach Pillow to open HEIC, once."""
    global _heif_registered
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


def sniff_type(data: bytes) -> str | None:
    """The MIME type told by the magic bytes, or None when it is not one we read."""
    head = bytes(data[:32])
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"heim",
                                               b"heis", b"mif1", b"msf1", b"avif"):
        return "image/heic" if head[8:12] != b"avif" else None
    if head.lstrip()[:5] == b"%PDF-":
        return "application/pdf"
    return None


def _pillow_format(kind: str | None):
    """The Pillow image class of a JPEG or PNG file (None for the other types), its plugin imported alone.

    Image.open of bytes, with no file name to go by, first imports the five common plugins (BMP, GIF, JPEG,
    PPM, PNG; JPEG's brings subprocess, PNG's fractions and decimal): ~6 ms of a process's start, for the one
    plugin the magic bytes have already named.
    """
    if kind == "image/jpeg":
        from PIL import JpegImagePlugin

        return JpegImagePlugin.JpegImageFile
    if kind == "image/png":
        from PIL import PngImagePlugin

        return PngImagePlugin.PngImageFile
    return None


def _open_lazy(data: bytes) -> Image.Image:
    """Open an image reading only its header; map Pillow's failures to typed errors."""
    kind = sniff_type(data)
    if kind == "image/heic":
        register_heif()  # pillow-heif costs ~0.1 s to import: only for the files that need it
    try:
        with warnings.catch_warnings():
            # We enforce our own pixel limit below; Pillow's bomb warning would only duplicate it.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opener = _pillow_format(kind)
            if opener is None:
                return Image.open(io.BytesIO(data))
            img = opener(io.BytesIO(data))
            # Image.open's own bomb test, which the class alone does not make.
            if Image.MAX_IMAGE_PIXELS and max(1, img.width) * max(1, img.height) > 2 * Image.MAX_IMAGE_PIXELS:
                raise Image.DecompressionBombError(f"{img.width}x{img.height} pixels")
            return img
    except Image.DecompressionBombError as exc:
        raise ImageTooLarge() from exc
    except Exception as exc:  # noqa: BLE001 - any parser failure means the bytes are bad
        raise CorruptInput() from exc


def check_image(data: bytes, *, max_pixels: int = MAX_PIXELS) -> tuple[int, int]:
    """Validate an upload cheaply and return its (width, height); PDFs give their first page size."""
    if not data:
        raise EmptyInput()
    kind = sniff_type(data)
    if kind is None:
        raise UnsupportedType()
    if kind == "application/pdf":
        pdf = _open_pdf(data)
        try:
            w, h = pdf[0].get_size()
            return int(w), int(h)
        finally:
            pdf.close()
    img = _open_lazy(data)
    w, h = img.size
    if w <= 0 or h <= 0:
        raise CorruptInput()
    if w * h > max_pixels:
        raise ImageTooLarge(f"The image has {w * h:,} pixels; the limit is {max_pixels:,}")
    return w, h


def decode_image(data: bytes, *, max_pixels: int = MAX_PIXELS, long_side: int = WORK_LONG_SIDE) -> np.ndarray:
    """Decode to an upright BGR array (EXIF orientation applied), shrunk to `long_side` pixels at most.

    The line engine asks for DETAIL_LONG_SIDE: a slip filling a fifth of a 12-megapixel photo keeps its
    detail when the engine crops it out first and only then shrinks it to the working size.
    """
    check_image(data, max_pixels=max_pixels)
    img = _open_lazy(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img.draft("RGB", (long_side, long_side))  # JPEG: decode at reduced scale
            img.load()
            # In place: without it, an upright photo is copied whole (tens of ms for 12 megapixels), and so
            # is an RGB one by convert("RGB"); the pixels are the same either way.
            ImageOps.exif_transpose(img, in_place=True)
            if img.mode != "RGB":
                img = img.convert("RGB")
    except OcrInputError:
        raise
    except Exception as exc:  # noqa: BLE001 - truncated or broken streams
        raise CorruptInput() from exc
    scale = long_side / max(img.size)
    if scale < 1:
        img = img.resize((round(img.width * scale), round(img.height * scale)), Image.Resampling.LANCZOS)
    import cv2  # not at import time: the app imports this module for sniff_type() and check_image() only

    # cvtColor gives the same pixels as a [:, :, ::-1] copy, several times faster on 12-megapixel photos.
    return cv2.cvtColor(np.asarray(img), cv2.COLOR_RGB2BGR)


def _open_pdf(data: bytes):
    """Open a PDF with pdfium, telling encrypted from broken files."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedPdf() from exc
        raise CorruptInput() from exc
    if len(pdf) == 0:
        pdf.close()
        raise CorruptInput("The PDF has no pages")
    return pdf


@dataclass
class PdfContent:
    """Either text lines from the PDF's text layer, or a rendered first page."""

    lines: list[TextLine]
    image: np.ndarray | None


def read_pdf(data: bytes) -> PdfContent:
    """Use the text layer when the PDF has one; otherwise render the first page."""
    pdf = _open_pdf(data)
    try:
        lines: list[TextLine] = []
        for index in range(min(len(pdf), MAX_PDF_PAGES)):
            lines.extend(_text_layer_lines(pdf[index], y_offset=index * 10_000))
        if text_layer_is_readable(lines):
            return PdfContent(lines=lines, image=None)
        page = pdf[0]
        w, h = page.get_size()
        scale = min(4.0, WORK_LONG_SIDE / max(w, h, 1))
        bitmap = page.render(scale=scale, grayscale=False)
        rgb = bitmap.to_numpy()[:, :, :3]
        return PdfContent(lines=[],
                          image=np.ascontiguousarray(rgb[:, :, ::-1] if bitmap.mode == "RGB" else rgb))
    except OcrInputError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise CorruptInput() from exc
    finally:
        pdf.close()


_JUNK = re.compile(r"[~±£¥•■□▪◆※¤§¦¬¨`^{}\\|]")
_LATIN_WORDS = re.compile(r"\b(?:TOTAL|AMOUNT|RECEIPT|DATE|CARD|VAT|TAX|PAID|INVOICE)\b", re.I)


def text_layer_is_readable(lines: list[TextLine]) -> bool:
    """True when a PDF's text layer reads as receipt text, not a scanning app's Latin garbage over an image.

    Scanner apps lay an invisible OCR layer of their own over the page; for Korean receipts it is often
    junk ('Qt~~ : C-tliQt~'). Such a layer is ignored and the page image is read instead.
    """
    text = "".join(line.text for line in lines)
    if len(text) < 20:
        return False
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    junk = len(_JUNK.findall(text)) / len(text)
    if hangul >= 10 and hangul >= 0.3 * (hangul + latin) and junk < 0.05:
        return True
    return hangul < 10 and junk < 0.02 and len(_LATIN_WORDS.findall(text)) >= 2


def _text_layer_lines(page, *, y_offset: int) -> list[TextLine]:
    """Text runs of one page with boxes in top-left pixel coordinates (72 dpi x 2)."""
    textpage = page.get_textpage()
    _, height = page.get_size()
    runs: list[TextLine] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        # Inside the run's own width: tightly set letters sit closer than half a point, and a margin round
        # the run took its neighbour in too ('카드' read for 카, then '카드' for 드).
        inset = min(0.5, 0.1 * (right - left))
        raw = textpage.get_text_bounded(left + inset, bottom - 0.5, right - inset, top + 0.5)
        if raw.strip():
            box = (int(left * 2), int((height - top) * 2) + y_offset,
                   int(right * 2), int((height - bottom) * 2) + y_offset)
            # A space the layer prints after the run is kept for the join ('2024/06/04 10:25:06').
            text = " ".join(raw.split()) + (" " if raw[-1].isspace() else "")
            runs.append(TextLine(text=text, box=box, conf=0.99))
    textpage.close()
    return [TextLine(l.text.strip(), l.box, l.conf) for l in _join_glyphs(runs)]


def _join_glyphs(runs: list[TextLine]) -> list[TextLine]:
    """Runs of one glyph each (a browser's PDF places every letter on its own) joined back into lines.

    Only on a page where most runs are single letters: a run joins the one before it when both sit on one
    baseline and the gap between them is under a letter's height; a gap over 0.6 of it, or a space the
    layer printed after the run before (its text ends with one), is a space. A comma or a dot sits low on
    the baseline: it joins when it overlaps the run before at all ('374' ',' '100원').
    """
    if len(runs) < 20 or sum(len(r.text.strip()) == 1 for r in runs) < 0.6 * len(runs):
        return runs
    out: list[TextLine] = []
    for run in runs:
        prev = out[-1] if out else None
        if prev is not None:
            heights = (prev.box[3] - prev.box[1], run.box[3] - run.box[1])
            overlap = min(prev.box[3], run.box[3]) - max(prev.box[1], run.box[1])
            gap, tall = run.box[0] - prev.box[2], max(1, *heights)
            low = min(heights) if run.text.strip() not in ",." and prev.text[-1:] not in ",." else 1
            if overlap >= 0.5 * max(1, low) and -0.2 * tall <= gap < tall:
                space = " " if gap > 0.6 * tall and not prev.text.endswith(" ") else ""
                text = prev.text + space + run.text
                box = (prev.box[0], min(prev.box[1], run.box[1]), run.box[2], max(prev.box[3], run.box[3]))
                out[-1] = TextLine(text=text, box=box, conf=0.99)
                continue
        out.append(run)
    return out
