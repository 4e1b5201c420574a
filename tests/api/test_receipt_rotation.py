"""The turn that shows a receipt's photo upright: read by the real engine from a ticket photographed upside
down, kept on the receipt (`rotation`), served as a turned rendition (the stored file never changes), and
corrected by the traveler alone through the same PATCH as the fields."""
from __future__ import annotations

import hashlib
import io

import numpy as np
import pytest
from PIL import Image

from app.extensions import db
from app.models import Receipt, ReceiptCorrection
from app.services.ocr_jobs import run_pending_jobs
from app.services.storage import blob_path
from tests.api.receipt_support import (RAIL, SAMPLES, advance, fake_extract, headers_for, jpeg_bytes,
                                       make_trip, upload, world)
from workflow.states import Action

PROBLEM = "application/problem+json"
TICKET = {"carrier": "KORAIL", "service": "KTX", "vehicle_no": "105", "date": "2025-05-20",
          "departure": "서울", "arrival": "부산", "departure_time": "09:14", "arrival_time": "11:58",
          "car": 4, "seat": "11A", "seat_class": "일반실", "fare": 59800, "discount": 0,
          "total_amount": 59800, "ticket_no": "82317-0520-10455-23", "business_reg_no": "314-82-10024"}


@pytest.fixture
def people(app):
    return world()


@pytest.fixture
def kim(client, people):
    return headers_for(client, "kim")


@pytest.fixture
def trip(people):
    return make_trip(people["kim"])


@pytest.fixture
def ticket(monkeypatch) -> Image.Image:
    """A rail ticket drawn upright by the sample generator's templates (sample_receipts/templates.py)."""
    monkeypatch.syspath_prepend(str(SAMPLES))
    import templates

    return templates.rail_paper(TICKET, "gothic")


def _jpeg(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92)
    return out.getvalue()


def _read(client, app, headers, trip_id: int, data: bytes) -> dict:
    receipt_id = upload(client, headers, trip_id, data).get_json()["id"]
    assert run_pending_jobs(app) == 1
    return client.get(f"/api/v1/receipts/{receipt_id}", headers=headers).get_json()


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("L"), dtype=np.int16)


def _done_receipt(client, app, headers, trip_id: int) -> int:
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, headers, trip_id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    return receipt_id


def _problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.get_json()
    assert resp.mimetype == PROBLEM
    return resp.get_json()


# --- what the reader found ----------------------------------------------------------------------

def test_a_ticket_photographed_upside_down_is_read_and_reports_a_half_turn(client, app, kim, trip,
                                                                          ticket):
    data = _jpeg(ticket.rotate(180))
    body = _read(client, app, kim, trip.id, data)
    assert body["status"] == "done" and body["document_type"] == "rail_ticket"
    assert body["fields"]["total_amount"] == 59800 and body["rotation"] == 180
    # The stored original is the upload, byte for byte: the turn is only how it is shown.
    assert blob_path(app.config["UPLOAD_DIR"], hashlib.sha256(data).hexdigest()).read_bytes() == data
    as_uploaded = client.get(f"/api/v1/receipts/{body['id']}/file", headers=kim)
    shown = client.get(f"/api/v1/receipts/{body['id']}/file?turn={body['rotation']}", headers=kim)
    assert as_uploaded.status_code == shown.status_code == 200
    upright = _pixels(_jpeg(ticket))
    assert np.abs(_pixels(shown.data) - upright).mean() < 3  # the ticket upright (JPEG noise aside)
    assert np.abs(_pixels(as_uploaded.data) - upright).mean() > 10


def test_an_upright_ticket_reports_no_turn(client, app, kim, trip, ticket):
    body = _read(client, app, kim, trip.id, _jpeg(ticket))
    assert body["fields"]["total_amount"] == 59800 and body["rotation"] == 0


def test_a_receipt_reads_no_turn_until_ocr_has_read_it_and_an_e_receipt_has_none(client, kim, trip):
    assert upload(client, kim, trip.id, jpeg_bytes()).get_json()["rotation"] == 0
    body = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, json={
        "source": "korail", "document_type": "rail_ticket", "fields": RAIL}).get_json()
    assert body["rotation"] == 0
    _problem(client.patch(f"/api/v1/receipts/{body['id']}", headers=kim, json={"rotation": 180}), 422)


# --- the traveler's correction ------------------------------------------------------------------

def test_the_traveler_corrects_the_turn_and_the_history_keeps_the_readers(client, app, people, kim,
                                                                          trip):
    receipt_id = _done_receipt(client, app, kim, trip.id)
    resp = client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim, json={"rotation": 90})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["rotation"] == 90 and body["fields"]["total_amount"] == 59800
    [log] = body["corrections"]
    assert (log["field"], log["old_value"], log["new_value"]) == ("rotation", 0, 90)
    assert log["user_id"] == people["kim"].id
    # A turn is no value of the page: the fields' corrections (and what counts them) are untouched.
    assert db.session.get(Receipt, receipt_id).corrections == {}
    both = client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim,
                        json={"rotation": 0, "fields": {"seat": "11A"}}).get_json()
    assert both["rotation"] == 0 and both["fields"]["seat"] == "11A" and len(both["corrections"]) == 3


@pytest.mark.parametrize("who,status", [("lee", 404), ("park", 404), ("boss_a", 403), ("boss_b", 404),
                                        ("money", 404), ("root", 403)])
def test_only_the_traveler_may_turn_a_receipt(client, app, trip, kim, who, status):
    receipt_id = _done_receipt(client, app, kim, trip.id)
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=headers_for(client, who),
                          json={"rotation": 180}), status)
    assert client.get(f"/api/v1/receipts/{receipt_id}", headers=kim).get_json()["rotation"] == 0
    assert db.session.query(ReceiptCorrection).count() == 0


def test_finance_may_see_a_settled_trips_receipt_but_not_turn_it_and_neither_may_the_traveler(
        client, app, people, trip, kim):
    receipt_id = _done_receipt(client, app, kim, trip.id)
    advance(trip.id, (Action.APPLY, people["kim"]), (Action.APPROVE, people["boss_a"]),
            (Action.SETTLE, people["kim"]))
    money = headers_for(client, "money")
    assert client.get(f"/api/v1/receipts/{receipt_id}", headers=money).status_code == 200
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=money, json={"rotation": 180}), 403)
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim, json={"rotation": 180}), 409)
    assert db.session.get(Receipt, receipt_id).rotation == 0


def test_turning_a_receipt_ocr_is_still_reading_is_409(client, kim, trip):
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim, json={"rotation": 180}), 409)


@pytest.mark.parametrize("body", [{"rotation": 45}, {"rotation": -90}, {"rotation": 360},
                                  {"rotation": "180"}, {"rotation": True}, {"rotation": None},
                                  {"rotation": 180, "fields": {"colour": "red"}}, {}])
def test_a_bad_turn_is_422_and_changes_nothing(client, app, kim, trip, body):
    receipt_id = _done_receipt(client, app, kim, trip.id)
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim, json=body), 422)
    assert db.session.get(Receipt, receipt_id).rotation == 0
    assert db.session.query(ReceiptCorrection).count() == 0


# --- the turned rendition -----------------------------------------------------------------------

def test_the_file_is_served_turned_as_asked_and_a_bad_turn_is_422(client, app, kim, trip):
    red_left = Image.new("RGB", (60, 40), (255, 255, 255))
    red_left.paste((220, 0, 0), (0, 0, 20, 40))
    receipt_id = upload(client, kim, trip.id, _jpeg(red_left)).get_json()["id"]
    for turn, size, red_at in [(0, (60, 40), (5, 20)), (90, (40, 60), (20, 5)),
                               (180, (60, 40), (55, 20)), (270, (40, 60), (20, 55))]:
        resp = client.get(f"/api/v1/receipts/{receipt_id}/file?turn={turn}", headers=kim)
        img = Image.open(io.BytesIO(resp.data)).convert("RGB")
        assert img.size == size and img.getpixel(red_at)[0] > 180 > img.getpixel(red_at)[1], turn
    _problem(client.get(f"/api/v1/receipts/{receipt_id}/file?turn=45", headers=kim), 422)


def test_openapi_documents_the_rotation_field_its_correction_and_the_turned_file(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    assert schemas["Receipt"]["properties"]["rotation"]["enum"] == [0, 90, 180, 270]
    assert "rotation" in schemas["Receipt"]["required"]
    assert schemas["CorrectionIn"]["properties"]["rotation"]["enum"] == [0, 90, 180, 270]
    params = spec["paths"]["/api/v1/receipts/{receipt_id}/file"]["get"]["parameters"]
    assert any(p["name"] == "turn" and p["in"] == "query" for p in params)
