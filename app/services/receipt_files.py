"""Uploaded files: refuse by content (size, type, pixels, damage) and serve copies without metadata."""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

import ocr
from ocr.loader import register_heif
from app.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

# An e-receipt is a page or two; a statement of account a few more.
MAX_PDF_PAGES = 20
# Display size of a thumbnail (the approver's page shows them at 180 px; 2x for sharp screens).
THUMB_SIZE = (360, 360)
ACCEPTED = ("image/jpeg", "image/png", "image/webp", "image/heic", "application/pdf")
# What the served copy is encoded as: browsers cannot show HEIC, so it becomes JPEG.
SERVED_FORMAT = {"image/jpeg": ("JPEG", "image/jpeg"), "image/png": ("PNG", "image/png"),
                 "image/webp": ("WEBP", "image/webp"), "image/heic": ("JPEG", "image/jpeg")}
def check_upload(data: bytes, *, max_bytes: int, max_pixels: int) -> str:
    """The content type told by the bytes, or a 413/415/422 AppError; nothing is written."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The file has {len(data):,} bytes; the limit is {max_bytes:,}.")
    if not data:
        raise ValidationFailed("The file is empty.", errors={"file": ["The file is empty."]})
    kind = ocr.sniff_type(data)
    if kind not in ACCEPTED:
        raise UnsupportedMediaType(
            "The file's content is not a JPEG, PNG, WebP, HEIC or PDF (its name and declared "
            "type are not trusted).")
    try:
        if kind == "application/pdf":
            _check_pdf(data, max_pixels)  # first: ocr.check_image trusts that page 1 loads
        ocr.check_image(data, max_pixels=max_pixels)
        if kind != "application/pdf":
            _decode_fully(data)
    except ocr.ImageTooLarge as exc:
        raise PayloadTooLarge(f"{exc.message}.") from None
    except ocr.UnsupportedType:
        raise UnsupportedMediaType("The file's content is not a JPEG, PNG, WebP, HEIC or PDF.") from None
    except ocr.OcrInputError as exc:
        raise ValidationFailed(f"{exc.message}.", errors={"file": [exc.message]}) from None
    return kind


def _check_pdf(data: bytes, max_pixels: int) -> None:
    """Every page's size at 72 dpi counts against max_pixels, and the first page must render.

    A 597-byte PDF can declare a 14,400 x 14,400 page: rendered at 1:1 that is 207 megapixels
    (1.6 GB per thumbnail request). One that pdfium opens but cannot draw is refused here too.
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return  # ocr.check_image tells an encrypted PDF from a broken one
    try:
        if len(pdf) == 0:
            raise ocr.CorruptInput()
        if len(pdf) > MAX_PDF_PAGES:
            raise ValidationFailed(f"The PDF has {len(pdf)} pages; at most {MAX_PDF_PAGES}.",
                                   errors={"file": [f"At most {MAX_PDF_PAGES} pages."]})
        for index in range(len(pdf)):
            w, h = pdf[index].get_size()
            if not (w > 0 and h > 0):
                raise ocr.CorruptInput()
            if w * h > max_pixels:
                raise ocr.ImageTooLarge(f"Page {index + 1} has {int(w * h):,} pixels at 72 dpi; "
                                        f"the limit is {max_pixels:,}")
        _render_small(pdf[0])
    except (ocr.OcrInputError, ValidationFailed):
        raise
    except Exception:  # noqa: BLE001 - pdfium failing to draw means the file is damaged
        raise ocr.CorruptInput() from None
    finally:
        pdf.close()


def _render_small(page, size: tuple[int, int] = (64, 64)) -> Image.Image:
    """The page rendered to fit `size` (a check that it draws, and the thumbnail)."""
    w, h = page.get_size()
    scale = min(1.0, size[0] / w, size[1] / h)
    image = page.render(scale=scale).to_pil()
    if image.width < 1 or image.height < 1:
        raise ocr.CorruptInput()
    return image


def pdf_thumbnail(data: bytes) -> Image.Image:
    """The first page of a PDF rendered at thumbnail size, never at full size."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return _render_small(pdf[0], THUMB_SIZE)
    finally:
        pdf.close()


def _decode_fully(data: bytes) -> None:
    """Decode every pixel once, so a truncated or damaged image is refused at the door."""
    register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit applies
            with Image.open(io.BytesIO(data)) as img:
                img.load()
    except Image.DecompressionBombError:
        raise ocr.ImageTooLarge() from None
    except Exception:  # noqa: BLE001 - any decoder failure means the bytes are damaged
        raise ocr.CorruptInput() from None


# A turn clockwise (receipts.rotation, degrees) as Pillow's transposition (its ROTATE_n turns
# counter-clockwise).
TURNS = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def turned(img: Image.Image, turn: int) -> Image.Image:
    """`img` turned `turn` degrees clockwise (a new image; `img` itself when the turn is 0)."""
    return img.transpose(TURNS[turn]) if turn in TURNS else img


def public_copy(data: bytes, content_type: str, *, turn: int = 0) -> tuple[bytes, str]:
    """The bytes to serve back: images re-encoded upright without EXIF/XMP (GPS is personal data),
    turned `turn` degrees clockwise (a rendition: the stored original is never changed). A PDF is
    served as it is."""
    if content_type not in SERVED_FORMAT:
        return data, content_type
    fmt, mimetype = SERVED_FORMAT[content_type]
    register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as src:
            img = turned(ImageOps.exif_transpose(src), turn)
            if fmt == "JPEG" and img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            clean = img.copy()
    clean.info = {}  # drop every ancillary chunk: EXIF, XMP, comments, text
    out = io.BytesIO()
    options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
    clean.save(out, format=fmt, **options)
    return out.getvalue(), mimetype
