"""A card-terminal slip's terminal-id label (단말기ID) misread in its header is no store name: on dot-matrix
and faded slips it reads '단발기10' ('단말기' a letter off, ID read as digits), and with the store's own
label read as noise the header vote took it for the merchant. The real engine reads slips the widened
generator draws; their lines are spoiled the way those photos read them."""

from __future__ import annotations

import random
import re

import cv2
import pytest

from ocr.model import TextLine
from ocr.parsers import parse
from tests.unit.ocr.ocr_samples import SAMPLES


@pytest.mark.parametrize("seed", [0, 1])
def test_a_terminal_id_label_read_a_letter_off_is_no_merchant(seed, monkeypatch):
    monkeypatch.syspath_prepend(str(SAMPLES))
    import wide_docs
    import widened
    from wide_layout import Slip, random_style

    from ocr import loader
    from ocr.engines import get_engine

    rng = random.Random(seed)
    slip = Slip(random_style(rng, paper="80mm", thermal=True), rng)
    name = wide_docs.terminal(slip, rng)["fields"]["merchant"]
    png = cv2.imencode(".png", widened._bgr(slip.finish()))[1].tobytes()
    read = get_engine(None).read(loader.decode_image(png, long_side=loader.DETAIL_LONG_SIDE))
    spoiled = []
    for line in read:
        text = line.text
        if text.startswith("단말기"):
            text = "단발기10"  # the label a letter off, its ID read as digits
        elif compact(name) not in compact(text) and re.search(r"가맹점|상호|매장|점포|판매처", text):
            text = "꺄멍짐"  # the store's own label read as noise
        spoiled.append(TextLine(text, line.box, line.conf, line.alt))
    assert "단발기10" in [l.text for l in spoiled]
    kind, fields, conf = parse(spoiled)
    assert kind == "card_slip"
    assert fields["merchant"] == name
    assert conf["merchant"] < 0.6  # from the header, its label illegible: highlighted


def compact(text: str) -> str:
    return re.sub(r"\s", "", text)
