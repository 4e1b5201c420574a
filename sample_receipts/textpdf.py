"""Write a KORAIL-style e-receipt PDF with a real text layer, through pdfium's raw API."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

FONT = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"


def _lines(t: dict) -> list[tuple[float, float, float, str]]:
    """(x, y from top, size, text) for the e-receipt, label and value as separate runs."""
    rows = [
        (60, 60, 18, f"승차권 영수증 ({t['carrier']})"),
        (60, 110, 11, "승차일자"), (220, 110, 11, t["date"]),
        (60, 135, 11, "열차"), (220, 135, 11, f"{t['service']} {t['vehicle_no']}"),
        (60, 160, 11, "출발역"), (220, 160, 11, f"{t['departure']} ({t['departure_time']})"),
        (60, 185, 11, "도착역"), (220, 185, 11, f"{t['arrival']} ({t['arrival_time']})"),
        (60, 210, 11, "좌석등급"), (220, 210, 11, t["seat_class"]),
        (60, 250, 11, "승차권운임"), (220, 250, 11, f"{t['fare']:,}원"),
        (60, 275, 11, "할인금액"), (220, 275, 11, f"{t['discount']:,}원"),
        (60, 300, 12, "영수금액"), (220, 300, 12, f"{t['total_amount']:,}원"),
        (60, 340, 10, "승차권번호"), (220, 340, 10, t["ticket_no"]),
        (60, 360, 10, "사업자등록번호"), (220, 360, 10, t["business_reg_no"]),
    ]
    return rows


def write_receipt(t: dict, path: Path) -> None:
    """Save a one-page A5-ish PDF whose text can be extracted."""
    pdf = pdfium.PdfDocument.new()
    width, height = 420, 420
    page = pdf.new_page(width, height)
    data = Path(FONT).read_bytes()
    buf = ctypes.create_string_buffer(data, len(data))
    font = pdfium_c.FPDFText_LoadFont(pdf.raw, ctypes.cast(buf, ctypes.POINTER(ctypes.c_uint8)), len(data),
                                      pdfium_c.FPDF_FONT_TRUETYPE, True)
    for x, y, size, text in _lines(t):
        obj = pdfium_c.FPDFPageObj_CreateTextObj(pdf.raw, font, size)
        encoded = (text + "\0").encode("utf-16-le")
        wbuf = ctypes.create_string_buffer(encoded, len(encoded))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(wbuf, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, height - y)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    pdfium_c.FPDFFont_Close(font)
    pdf.save(str(path))
    page.close()
    pdf.close()
