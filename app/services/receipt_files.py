"""Uploaded files: refuse by content (size, type, pixels, damage) and serve copies without metadata."""
from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

import ocr
from ocr.loader import register_heif
from app.errors import PayloadTooLarge, UnsupportedMediaType, ValidationFailed

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


def public_copy(data: bytes, content_type: str) -> tuple[bytes, str]:
    """The bytes to serve back: images re-encoded upright without EXIF/XMP (GPS is personal data)."""
    if content_type not in SERVED_FORMAT:
        return data, content_type
    fmt, mimetype = SERVED_FORMAT[content_type]
    register_heif()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as src:
            img = ImageOps.exif_transpose(src)
            if fmt == "JPEG" and img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            clean = img.copy()
    clean.info = {}  # drop every ancillary chunk: EXIF, XMP, comments, text
    out = io.BytesIO()
    options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {}
    clean.save(out, format=fmt, **options)
    return out.getvalue(), mimetype
