"""The approver's page shows a receipt's photo upright: the thumbnail and the full-size copy are turned by
the receipt's rotation (a rendition; the stored file never changes), the page's links carry the turn so a
traveler's correction is not hidden by a cached copy, and the correction history names the turn."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from app.extensions import db
from app.models import ReceiptCorrection
from app.services import storage
from tests.factories import make_unit, make_user
from tests.web.helpers import add_receipt, make_trip, web_login


@pytest.fixture
def org(app):
    a = make_unit("UA")
    return {"boss": make_user("boss", unit=a, roles=("traveler", "approver"), approves=("UA",)),
            "kim": make_user("kim", unit=a)}


@pytest.fixture
def red_top(tmp_path):
    """A PNG whose top band is red: where the red ends up tells which way it was turned."""
    img = Image.new("RGB", (120, 200), (255, 255, 255))
    img.paste((220, 0, 0), (0, 0, 120, 40))
    path = tmp_path / "red_top.png"
    img.save(path, "PNG")
    return path


def _red_rows(data: bytes) -> tuple[bool, bool]:
    """(top band red, bottom band red) of a served image."""
    img = Image.open(io.BytesIO(data)).convert("RGB")
    top, bottom = img.getpixel((img.width // 2, 2)), img.getpixel((img.width // 2, img.height - 3))
    return top[0] > 180 > top[1], bottom[0] > 180 > bottom[1]


@pytest.mark.parametrize("rotation,red", [(0, (True, False)), (180, (False, True))])
def test_the_thumbnail_and_the_full_copy_are_turned_by_the_receipts_rotation(client, org, app, red_top,
                                                                             rotation, red):
    trip = make_trip(org["kim"])
    receipt = add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"], image=red_top)
    receipt.rotation = rotation
    db.session.commit()
    web_login(client, "boss")
    html = client.get(f"/web/trips/{trip.id}").get_data(as_text=True)
    assert f"/web/receipts/{receipt.id}/thumb?turn={rotation}" in html
    assert f"/web/receipts/{receipt.id}/file?turn={rotation}" in html
    full = client.get(f"/web/receipts/{receipt.id}/file")
    thumb = client.get(f"/web/receipts/{receipt.id}/thumb")
    assert _red_rows(full.data) == _red_rows(thumb.data) == red
    # The original on disk is the upload, untouched.
    assert storage.read_blob(app.config["UPLOAD_DIR"], receipt.sha256) == red_top.read_bytes()


def test_a_quarter_turn_swaps_the_sides_of_the_copy_and_its_thumbnail(client, org, app, red_top):
    trip = make_trip(org["kim"])
    receipt = add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"], image=red_top)
    receipt.rotation = 90
    db.session.commit()
    web_login(client, "boss")
    full = Image.open(io.BytesIO(client.get(f"/web/receipts/{receipt.id}/file").data)).convert("RGB")
    assert full.size == (200, 120)
    r, g, _ = full.getpixel((full.width - 3, full.height // 2))  # turned clockwise: the top is right
    assert r > 180 > g
    thumb = Image.open(io.BytesIO(client.get(f"/web/receipts/{receipt.id}/thumb").data))
    assert thumb.width > thumb.height


def test_the_correction_history_names_the_turn(client, org, app, red_top):
    trip = make_trip(org["kim"])
    receipt = add_receipt(trip, org["kim"], app.config["UPLOAD_DIR"], image=red_top)
    receipt.rotation = 180
    db.session.add(ReceiptCorrection(receipt_id=receipt.id, user_id=org["kim"].id, field="rotation",
                                     old_value=0, new_value=180))
    db.session.commit()
    web_login(client, "boss")
    html = client.get(f"/web/trips/{trip.id}").get_data(as_text=True)
    assert "사진 방향 0° → 180°" in html
