"""A paper copy of a statement: a one-page A4 PDF in Korean (fpdf2, pure Python)."""
from __future__ import annotations

import os
from pathlib import Path

from app.errors import AppError
from workflow.regions import CLASS_LABELS as REGION_LABELS
from workflow.statement import ITEM_LABELS
from workflow.trip_registry import STATUSES

# Debian's fonts-nanum; YEOBI_PDF_FONT points elsewhere on other systems.
FONT_PATH = Path(os.environ.get("YEOBI_PDF_FONT", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"))

STATUS_LABELS = {code.value: info.label for code, info in STATUSES.items()}


class PdfUnavailable(AppError):
    status, type_slug, title = 503, "pdf-unavailable", "PDF not available"


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "-"


def render_pdf(s: dict, trip, signed: list[str] | None = None) -> bytes:
    """The statement `s` (statement_view) of `trip` as PDF bytes."""
    from fpdf import FPDF  # imported on demand: only paper copies need it
    from fpdf.fonts import FontFace

    if not FONT_PATH.exists():
        raise PdfUnavailable(f"The Korean font {FONT_PATH} is not installed (Debian: fonts-nanum).")
    pdf = FPDF(format="A4")
    pdf.set_title(f"여비 정산서 {trip.id}")
    pdf.set_creator("Yeobi")
    pdf.add_font("Nanum", "", str(FONT_PATH))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Nanum", size=16)
    pdf.cell(0, 10, "여비 정산서", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("Nanum", size=9)
    traveler = trip.traveler
    for label, value in (
        ("출장", f"#{trip.id} {trip.purpose}"),
        ("여행자", f"{traveler.name} ({traveler.employee_no}), 제{s['grade']}호"),
        ("소속", f"{trip.unit.name} ({trip.unit.code})" if trip.unit else "-"),
        ("출장지", f"{trip.origin or '-'} → {trip.destination} "
                  f"({REGION_LABELS.get(trip.region_class, trip.region_class)})"),
        ("기간", f"{_when(trip.start_at)} ~ {_when(trip.end_at)}"),
        ("적용 기준", f"공무원 여비 규정, {s['rates_effective']} 시행 금액"),
        ("상태", f"{STATUS_LABELS.get(trip.status, trip.status)}, 정산 {_when(s['settled_at'])}"),
    ):
        pdf.cell(25, 6, label)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    for value in signed or ():  # the 결재선, 대결 marked (issue 15)
        pdf.cell(25, 6, "결재")
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    heading = FontFace(emphasis="", fill_color=(230, 230, 230))  # one regular font, no bold face
    with pdf.table(col_widths=(22, 12, 22, 24, 45, 55), headings_style=heading,
                   text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT")) as table:
        table.row(("항목", "수량", "단가", "금액", "근거", "비고"))
        for line in s["lines"]:
            table.row((ITEM_LABELS.get(line["item"], line["item"]), str(line["quantity"]),
                       f"{line['unit_amount']:,}", f"{line['amount']:,}", line["rule"],
                       line.get("note") or ""))
    pdf.ln(2)
    pdf.set_font("Nanum", size=12)
    pdf.cell(0, 8, f"합계 {s['total']:,}원", new_x="LMARGIN", new_y="NEXT", align="R")
    if s["flags"]:
        pdf.set_font("Nanum", size=9)
        pdf.cell(0, 6, "검토 사항", new_x="LMARGIN", new_y="NEXT")
        for flag in s["flags"]:
            mark = "[검토 필요] " if flag["blocking"] else ""
            pdf.multi_cell(0, 5, f"- {mark}{flag['message']}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
