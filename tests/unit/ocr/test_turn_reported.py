"""The turn the reader gave a page to read it upright is reported (Extraction.rotation, degrees clockwise),
so the phone and the approver's page can show the photo the right way up. A rail ticket drawn with the
sample generator's templates, photographed upright, upside down and on either side, read by the real
engine: the reported turn, applied to the photo as decoded, gives the upright ticket back."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from ocr import extract

TICKET = {"carrier": "KORAIL", "service": "KTX", "vehicle_no": "105", "date": "2025-06-12",
          "departure": "대전", "arrival": "부산", "departure_time": "09:14", "arrival_time": "10:58",
          "car": 4, "seat": "11A", "seat_class": "일반실", "fare": 36900, "discount": 0,
          "total_amount": 36900, "ticket_no": "82317-0612-10455-23", "business_reg_no": "314-82-10024"}


@pytest.fixture()
def upright(templates) -> Image.Image:
    """The ticket as printed, upright."""
    return templates.rail_paper(TICKET, "gothic")


def _jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def test_an_upright_ticket_reports_no_turn(upright):
    got = extract(_jpeg(upright), "ticket.jpg")
    assert got.fields["total_amount"] == 36900
    assert got.rotation == 0 and got.to_dict()["rotation"] == 0


@pytest.mark.parametrize("turned_by,shown_by", [(180, 180), (90, 270), (270, 90)])
def test_a_turned_ticket_reports_the_turn_that_puts_it_upright(upright, turned_by, shown_by):
    photo = upright.rotate(-turned_by, expand=True)  # PIL turns counter-clockwise: minus is clockwise
    got = extract(_jpeg(photo), "ticket.jpg")
    assert got.document_type == "rail_ticket" and got.fields["total_amount"] == 36900
    assert got.rotation == shown_by and got.to_dict()["rotation"] == shown_by
    # Turned clockwise by what is reported, the photo is the upright ticket again.
    assert np.array_equal(np.asarray(photo.rotate(-got.rotation, expand=True)), np.asarray(upright))


def test_a_pdf_text_layer_reports_no_turn():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="KTX 101 RECEIPT TOTAL 59800 DATE 2025-05-20")
    assert extract(bytes(pdf.output()), "e.pdf").rotation == 0


def test_a_turn_the_camera_wrote_in_exif_is_no_turn_of_the_reader(upright):
    # The pixels lie on their side, and the EXIF orientation says so: decoded, the page is upright
    # already (the served copy applies the same EXIF turn), so the reader reports none.
    exif = Image.Exif()
    exif[0x0112] = 6  # "turn 90 degrees clockwise to display"
    out = io.BytesIO()
    upright.rotate(90, expand=True).save(out, "JPEG", quality=92, exif=exif.tobytes())
    got = extract(out.getvalue(), "ticket.jpg")
    assert got.fields["total_amount"] == 36900 and got.rotation == 0
