"""Bad uploads raise typed errors quickly and never hang or crash."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

import ocr
from ocr import (CorruptInput, EmptyInput, EncryptedPdf, ImageTooLarge, OcrInputError, UnsupportedType,
                 check_image, extract, sniff_type)

from tests.unit.ocr.ocr_samples import load_sample


def _png(w: int, h: int, mode: str = "1") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h)).save(buf, format="PNG")
    return buf.getvalue()


def _encrypted_pdf() -> bytes:
    """A minimal PDF with a standard security handler whose user password is not empty."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
            b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Encrypt 4 0 R "
            f"/ID [<{'ab' * 16}> <{'ab' * 16}>] >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _quick(fn, *args):
    """Call fn and return the exception it raised, checking it took under two seconds."""
    start = time.perf_counter()
    with pytest.raises(OcrInputError) as info:
        fn(*args)
    assert time.perf_counter() - start < 2.0
    return info.value


def test_empty_file_is_rejected():
    assert isinstance(_quick(extract, b""), EmptyInput)


def test_text_file_named_jpg_is_unsupported():
    err = _quick(extract, b"hello, this is not a picture\n" * 10, "receipt.jpg")
    assert isinstance(err, UnsupportedType) and err.message


def test_truncated_jpeg_is_corrupt():
    data, _ = load_sample("s_card_slip_0_clean.jpg")
    assert isinstance(_quick(extract, data[: len(data) // 3]), CorruptInput)


def test_hundred_megapixel_image_is_too_large():
    assert isinstance(_quick(check_image, _png(10_000, 10_000)), ImageTooLarge)
    assert isinstance(_quick(extract, _png(10_000, 10_000)), ImageTooLarge)


def test_decompression_bomb_is_too_large():
    # A tiny file that claims 30000 x 30000 pixels: only the header is read.
    bomb = _png(30_000, 30_000)
    assert len(bomb) < 2_000_000
    assert isinstance(_quick(extract, bomb), ImageTooLarge)


def test_encrypted_pdf_is_reported():
    assert isinstance(_quick(extract, _encrypted_pdf()), EncryptedPdf)


def test_broken_pdf_is_corrupt():
    assert isinstance(_quick(extract, b"%PDF-1.4\n garbage"), CorruptInput)


def test_sniff_type_reads_magic_bytes():
    assert sniff_type(load_sample("s_rail_app_0_clean.png")[0]) == "image/png"
    assert sniff_type(load_sample("s_card_slip_0_clean.jpg")[0]) == "image/jpeg"
    assert sniff_type(load_sample("s_heic_0_mild.heic")[0]) == "image/heic"
    assert sniff_type(load_sample("s_pdf_text_0_clean.pdf")[0]) == "application/pdf"
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format="WEBP")
    assert sniff_type(buf.getvalue()) == "image/webp"
    assert sniff_type(b"GIF89a....") is None


def test_check_image_returns_size_without_decoding():
    w, h = check_image(_png(300, 200, "RGB"))
    assert (w, h) == (300, 200)


def test_every_error_is_an_ocr_error():
    for cls in (EmptyInput, UnsupportedType, ImageTooLarge, CorruptInput, EncryptedPdf):
        assert issubclass(cls, ocr.OcrInputError) and issubclass(cls, ocr.OcrError)
    assert issubclass(ocr.OcrEngineError, ocr.OcrError)
