"""The photo is decoded without whole-image copies (EXIF orientation applied in place, no RGB-to-RGB
convert) and its grey conversion is shared by the dark-mode and paper looks: the same pixels and the same
reading as the copying path gave."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageOps

from ocr import extract, loader, preprocess as pp
from ocr.engines import lines
from tests.unit.ocr.ocr_samples import load_sample


def _copied(data: bytes) -> np.ndarray:
    """The photo decoded the copying way: exif_transpose's copy, then convert('RGB'), as BGR."""
    img = Image.open(io.BytesIO(data))
    img.load()
    rgb = np.asarray(ImageOps.exif_transpose(img).convert("RGB"))
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _variants() -> dict[str, bytes]:
    """A sample photo as shot (upright JPEG), tagged to be turned a quarter (EXIF 6), and as a palette PNG."""
    data, _ = load_sample("s_card_slip_0_clean.jpg")
    img = Image.open(io.BytesIO(data))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 degrees clockwise to display"
    tagged, palette = io.BytesIO(), io.BytesIO()
    img.rotate(90, expand=True).save(tagged, "JPEG", quality=90, exif=exif.tobytes())
    img.convert("P", palette=Image.Palette.ADAPTIVE).save(palette, "PNG")
    return {"upright": data, "tagged": tagged.getvalue(), "palette": palette.getvalue()}


def test_a_photo_decodes_to_the_pixels_the_copying_path_gave():
    for name, data in _variants().items():
        got = loader.decode_image(data, long_side=loader.DETAIL_LONG_SIDE)
        assert np.array_equal(got, _copied(data)), name
    # The EXIF turn is applied: the tagged photo comes out upright, as wide as the sample.
    upright = loader.decode_image(_variants()["upright"])
    assert loader.decode_image(_variants()["tagged"]).shape == upright.shape


def test_the_shared_grey_gives_the_same_looks_and_the_same_reading():
    data, exp = load_sample("s_card_slip_0_clean.jpg")
    photo = loader.decode_image(data, long_side=loader.DETAIL_LONG_SIDE)
    gray = pp.to_gray(photo)
    assert pp.light_background(photo, gray) is pp.light_background(photo) is photo
    dark = np.ascontiguousarray(255 - photo)  # a dark-mode screen: inverted with or without the grey given
    assert np.array_equal(pp.light_background(dark, pp.to_gray(dark)), pp.light_background(dark))
    shared, own = lines._focus_on_paper(photo, gray), lines._focus_on_paper(photo)
    assert np.array_equal(shared[0], own[0])
    assert (shared[1] is None) == (own[1] is None)
    assert shared[1] is None or np.array_equal(shared[1], own[1])
    assert extract(data).fields["total_amount"] == exp["fields"]["total_amount"]
