"""The real engine on rendered sample receipts: key fields must come out right.

A representative subset runs by default (one or more per template and variant, plus PDF, HEIC and a
photo on its side); `-m slow` runs every sample. The benchmark (benchmarks/ocr_bench.py) covers all.
"""

from __future__ import annotations

import pytest

from ocr import FIELD_NAMES, KEY_FIELDS, extract
from tests.unit.ocr.ocr_samples import all_samples, load_sample

SUBSET = [
    "s_rail_app_0_clean.png", "s_rail_app_2_mild.jpg", "s_rail_paper_1_clean.jpg", "s_rail_paper_3_mild.jpg",
    "s_rail_columns_0_clean.jpg", "s_rail_columns_3_mild.jpg", "s_bus_mobile_0_clean.png",
    "s_bus_mobile_2_mild.jpg", "s_bus_paper_1_clean.jpg", "s_bus_paper_3_mild.jpg",
    "s_card_slip_0_clean.jpg", "s_card_slip_2_mild.jpg", "s_card_receipt_1_clean.jpg",
    "s_card_receipt_3_mild.jpg", "s_taxi_slip_0_clean.jpg", "s_taxi_slip_2_mild.jpg",
    "s_taxi_card_1_clean.jpg", "s_taxi_card_3_mild.jpg",
    "s_pdf_text_0_clean.pdf", "s_pdf_scan_0_clean.pdf", "s_heic_0_mild.heic", "s_rotated_0_mild.jpg",
]
HARD_SUBSET = ["s_rail_app_4_hard.jpg", "s_rail_paper_6_hard.jpg", "s_rail_columns_5_hard.jpg",
               "s_bus_mobile_5_hard.jpg", "s_bus_paper_4_hard.jpg", "s_card_slip_5_hard.jpg",
               "s_card_receipt_5_hard.jpg", "s_taxi_slip_5_hard.jpg", "s_taxi_card_5_hard.jpg",
               "s_wide_1_hard.jpg"]


def _key_misses(name: str) -> tuple[list[str], int]:
    data, exp = load_sample(name)
    got = extract(data, name)
    assert got.document_type == exp["document_type"]
    keys = [k for k in KEY_FIELDS if k in exp["fields"]]
    return [f"{k}: want {exp['fields'][k]!r} got {got.fields[k]!r}" for k in keys
            if got.fields[k] != exp["fields"][k]], len(keys)


@pytest.mark.parametrize("name", SUBSET)
def test_key_fields_of_clean_and_mild_samples_are_right(name):
    misses, _ = _key_misses(name)
    assert not misses, misses


def test_hard_photos_get_at_least_90_percent_of_key_fields():
    wrong, total = 0, 0
    for name in HARD_SUBSET:
        misses, n = _key_misses(name)
        wrong, total = wrong + len(misses), total + n
    assert (total - wrong) / total >= 0.9


def test_extraction_has_the_promised_shape():
    data, _ = load_sample("s_rail_paper_1_clean.jpg")
    d = extract(data).to_dict()
    assert set(d) == {"document_type", "fields", "confidence", "engine", "elapsed_ms", "rotation"}
    assert d["rotation"] == 0  # upright as photographed
    assert set(d["fields"]) == set(FIELD_NAMES) == set(d["confidence"])
    assert isinstance(d["fields"]["total_amount"], int) and d["elapsed_ms"] > 0
    assert all(0.0 <= v <= 1.0 for v in d["confidence"].values())


def test_an_upside_down_photo_and_an_exif_rotated_one_are_read():
    import io

    from PIL import Image

    data, exp = load_sample("s_card_slip_0_clean.jpg")
    img = Image.open(io.BytesIO(data))
    upside_down = io.BytesIO()
    img.rotate(180, expand=True).save(upside_down, "JPEG", quality=90)
    assert extract(upside_down.getvalue()).fields["total_amount"] == exp["fields"]["total_amount"]
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    tagged = io.BytesIO()
    img.rotate(90, expand=True).save(tagged, "JPEG", quality=90, exif=exif.tobytes())
    assert extract(tagged.getvalue()).fields["approval_no"] == exp["fields"]["approval_no"]


def test_a_dark_mode_screenshot_is_read():
    import io

    from PIL import Image, ImageOps

    data, exp = load_sample("s_rail_app_1_clean.png")
    dark = io.BytesIO()
    ImageOps.invert(Image.open(io.BytesIO(data)).convert("RGB")).save(dark, "PNG")
    got = extract(dark.getvalue())
    assert [got.fields[k] for k in KEY_FIELDS] == [exp["fields"][k] for k in KEY_FIELDS]


def test_a_slip_scanned_on_a_whole_a4_page_is_read():
    import io

    from PIL import Image

    data, exp = load_sample("s_rail_paper_1_clean.jpg")
    page = Image.new("RGB", (2480, 3508), (250, 250, 250))  # A4 at 300 dpi, the slip in one corner
    page.paste(Image.open(io.BytesIO(data)), (200, 200))
    pdf = io.BytesIO()
    page.save(pdf, "PDF", resolution=300)
    got = extract(pdf.getvalue())
    assert [got.fields[k] for k in KEY_FIELDS] == [exp["fields"][k] for k in KEY_FIELDS]


def test_full_page_engine_is_a_working_fallback():
    data, exp = load_sample("s_card_slip_0_clean.jpg")
    got = extract(data, engine="tesseract")
    assert got.engine == "tesseract"
    assert got.fields["total_amount"] == exp["fields"]["total_amount"]


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in all_samples() if "_hard" not in n])
def test_every_clean_and_mild_sample(name):
    misses, _ = _key_misses(name)
    assert not misses, misses
