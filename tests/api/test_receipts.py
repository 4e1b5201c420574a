"""Receipts through the API: uploads, e-receipts, reading, corrections, deletion, and who may do what."""
from __future__ import annotations

import hashlib
import hmac
import io
import json

import pytest
from PIL import Image

from app.extensions import db
from app.models import OcrJob, Receipt, ReceiptCorrection
from app.services.ocr_jobs import run_pending_jobs
from app.services.storage import blob_path, count_files
from tests.api.receipt_support import (
    RAIL, SAMPLES, advance, fake_extract, headers_for, image_bytes, jpeg_bytes, make_trip, pdf_bytes,
    upload, world,
)
from workflow.states import Action

PROBLEM = "application/problem+json"


@pytest.fixture
def people(app):
    return world()


@pytest.fixture
def kim(client, people):
    return headers_for(client, "kim")


@pytest.fixture
def trip(people):
    return make_trip(people["kim"])


def _problem(resp, status: int) -> dict:
    assert resp.status_code == status, resp.get_json()
    assert resp.mimetype == PROBLEM
    return resp.get_json()


def _nothing_stored(app) -> None:
    assert db.session.query(Receipt).count() == 0
    assert db.session.query(OcrJob).count() == 0
    assert count_files(app.config["UPLOAD_DIR"]) == 0


def _e_receipt(**fields) -> dict:
    return {"source": "korail", "document_type": "rail_ticket", "fields": {**RAIL, **fields}}


# --- uploads ---------------------------------------------------------------------------------

def test_an_uploaded_photo_is_stored_by_its_hash_and_queued_for_ocr(client, app, kim, trip):
    data = (SAMPLES / "s_rail_paper_0_clean.jpg").read_bytes()
    resp = upload(client, kim, trip.id, data, filename="../../etc/승차권.jpg")
    assert resp.status_code == 202
    body = resp.get_json()
    assert body["status"] == "queued" and body["trust"] == "ocr" and body["source"] == "upload"
    assert body["content_type"] == "image/jpeg" and body["size_bytes"] == len(data)
    assert body["filename"] == "승차권.jpg"
    sha = hashlib.sha256(data).hexdigest()
    assert blob_path(app.config["UPLOAD_DIR"], sha).read_bytes() == data
    assert db.session.query(OcrJob).filter_by(receipt_id=body["id"], status="queued").count() == 1


def test_ocr_results_appear_on_the_receipt_after_the_job_runs(client, app, kim, trip):
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    assert run_pending_jobs(app) == 1
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=kim).get_json()
    assert body["status"] == "done" and body["document_type"] == "rail_ticket"
    assert body["fields"]["total_amount"] == 59800 and body["ocr_fields"]["departure"] == "서울"
    assert body["confidence"]["total_amount"] == 0.95 and body["processed_at"]
    assert body["flags"] == []


def test_the_real_ocr_engine_reads_a_sample_ticket_end_to_end(client, app, kim, people):
    expected = json.loads((SAMPLES / "s_rail_paper_0_clean.json").read_text(encoding="utf-8"))
    trip = make_trip(people["kim"], origin="서울특별시", destination="부산광역시")
    receipt_id = upload(client, kim, trip.id,
                        (SAMPLES / "s_rail_paper_0_clean.jpg").read_bytes()).get_json()["id"]
    run_pending_jobs(app)
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=kim).get_json()
    assert body["status"] == "done" and body["document_type"] == expected["document_type"]
    for name in ("total_amount", "date", "departure", "arrival", "ticket_no"):
        assert body["fields"][name] == expected["fields"][name]
    # kim is 제2호: a 특실 ticket needs the approver, an 일반실 one does not.
    first_class = expected["fields"].get("seat_class") == "특실"
    assert ("class_above_entitlement" in {f["code"] for f in body["flags"]}) == first_class


@pytest.mark.parametrize("fmt,content_type", [
    ("PNG", "image/png"), ("WEBP", "image/webp"), ("HEIF", "image/heic"), ("PDF", "application/pdf")])
def test_png_webp_heic_and_pdf_are_accepted_by_their_content(client, kim, trip, fmt, content_type):
    data = pdf_bytes() if fmt == "PDF" else image_bytes(fmt)
    resp = upload(client, kim, trip.id, data, filename="upload.bin",
                  content_type="application/octet-stream")
    assert resp.status_code == 202 and resp.get_json()["content_type"] == content_type


# --- refusals: 413 / 415 / 422, and nothing left behind ---------------------------------------

def _png_of(width: int, height: int) -> bytes:
    """A 1-bit PNG of the given size, compressed to almost nothing (a decompression bomb when big)."""
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))

    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    comp = zlib.compressobj(9)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF
    from fpdf.enums import EncryptionMethod

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="KTX 59800")
    pdf.set_encryption(owner_password="owner", user_password="user",
                       encryption_method=EncryptionMethod.RC4)
    return bytes(pdf.output())


REFUSALS = {
    "a text file named .jpg": (lambda: b"this is not a picture at all\n" * 10, 415),
    "an executable": (lambda: b"MZ\x90\x00" + b"\x00" * 200, 415),
    "an empty file": (lambda: b"", 422),
    "a truncated JPEG": (lambda: image_bytes("JPEG", size=(400, 300))[:1500], 422),
    "a JPEG header followed by garbage": (lambda: b"\xff\xd8\xff\xe0" + b"\x13" * 5000, 422),
    "an encrypted PDF": (_encrypted_pdf, 422),
    "a PDF that is not one": (lambda: b"%PDF-1.7\nnot really\n", 422),
    "more than 40 megapixels": (lambda: _png_of(8000, 5001), 413),
    "a decompression bomb": (lambda: _png_of(20000, 20000), 413),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_upload_is_refused_and_leaves_nothing_behind(client, app, kim, trip, case):
    make, status = REFUSALS[case]
    data = make()
    resp = upload(client, kim, trip.id, data, filename="ticket.jpg", content_type="image/jpeg")
    body = _problem(resp, status)
    assert "Traceback" not in json.dumps(body)
    _nothing_stored(app)


def test_a_file_over_15_mb_is_413(client, app, kim, trip):
    data = b"\xff\xd8\xff\xe0" + b"\x00" * (app.config["MAX_UPLOAD_BYTES"] + 10)
    _problem(upload(client, kim, trip.id, data), 413)
    _nothing_stored(app)


def test_a_40_mb_upload_is_413_before_it_is_read(client, app, kim, trip):
    _problem(upload(client, kim, trip.id, b"\xff\xd8\xff" + b"\x00" * (40 * 1024 * 1024)), 413)
    _nothing_stored(app)


def test_a_multipart_body_without_the_file_field_is_422(client, app, kim, trip):
    resp = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim,
                       data={"photo": (io.BytesIO(jpeg_bytes()), "a.jpg")},
                       content_type="multipart/form-data")
    assert "file" in _problem(resp, 422)["errors"]
    _nothing_stored(app)


def test_a_body_that_is_neither_json_nor_multipart_is_415(client, app, kim, trip):
    resp = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, data=jpeg_bytes(),
                       content_type="image/jpeg")
    _problem(resp, 415)
    _nothing_stored(app)


# --- e-receipts ------------------------------------------------------------------------------

def _sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_an_unsigned_e_receipt_is_stored_at_once_as_self_reported(client, kim, trip):
    resp = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, json=_e_receipt())
    assert resp.status_code == 201
    body = resp.get_json()
    assert body["status"] == "done" and body["trust"] == "self_reported"
    assert body["source"] == "e_receipt:korail" and body["fields"]["total_amount"] == 59800
    assert [f["code"] for f in body["flags"]] == ["self_reported"]
    assert not body["flags"][0]["blocking"]


def test_a_signed_e_receipt_is_verified(client, app, kim, trip):
    app.config["ERECEIPT_SECRETS"] = {"korail": "korail-shared-secret"}
    raw = json.dumps(_e_receipt()).encode()
    resp = client.post(f"/api/v1/trips/{trip.id}/receipts", data=raw, content_type="application/json",
                       headers={**kim, "X-Yeobi-Signature": _sign(raw, "korail-shared-secret")})
    assert resp.status_code == 201
    assert resp.get_json()["trust"] == "verified" and resp.get_json()["flags"] == []


@pytest.mark.parametrize("how", ["tampered body", "wrong secret", "unknown source", "malformed header"])
def test_a_wrong_signature_is_refused_and_nothing_is_stored(client, app, kim, trip, how):
    app.config["ERECEIPT_SECRETS"] = {"korail": "korail-shared-secret"}
    raw = json.dumps(_e_receipt()).encode()
    signature = _sign(raw, "korail-shared-secret")
    if how == "tampered body":
        raw = json.dumps(_e_receipt(total_amount=99800)).encode()
    elif how == "wrong secret":
        signature = _sign(raw, "guessed")
    elif how == "unknown source":
        raw = json.dumps({**_e_receipt(), "source": "srail"}).encode()
        signature = _sign(raw, "korail-shared-secret")
    else:
        signature = "md5=abc"
    resp = client.post(f"/api/v1/trips/{trip.id}/receipts", data=raw, content_type="application/json",
                       headers={**kim, "X-Yeobi-Signature": signature})
    assert "X-Yeobi-Signature" in _problem(resp, 422)["errors"]
    _nothing_stored(app)


@pytest.mark.parametrize("payload,field", [
    ({"source": "korail", "document_type": "rail_ticket", "fields": {"total_amount": "59,800"}},
     "fields.total_amount"),
    ({"source": "korail", "document_type": "rail_ticket", "fields": {"date": "20/05/2025"}}, "fields.date"),
    ({"source": "korail", "document_type": "rail_ticket", "fields": {"price": 1}}, "fields.price"),
    ({"source": "korail", "document_type": "rail_ticket", "fields": {"total_amount": -5}},
     "fields.total_amount"),
    ({"source": "korail", "document_type": "rail_ticket", "fields": {"departure_time": "25:00"}},
     "fields.departure_time"),
    ({"source": "korail", "document_type": "boarding_pass", "fields": RAIL}, "document_type"),
    ({"source": "KORAIL RAIL", "document_type": "rail_ticket", "fields": RAIL}, "source"),
    ({"source": "korail", "document_type": "rail_ticket", "fields": {}}, "fields"),
    ({"source": "korail", "document_type": "rail_ticket", "fields": RAIL, "extra": 1}, "extra"),
])
def test_an_e_receipt_with_bad_fields_is_422_per_field(client, app, kim, trip, payload, field):
    body = _problem(client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, json=payload), 422)
    assert field in body["errors"]
    _nothing_stored(app)


def test_an_e_receipt_that_is_not_a_json_object_is_422(client, app, kim, trip):
    for raw in (b"[1, 2]", b"{not json"):
        resp = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, data=raw,
                           content_type="application/json")
        assert resp.status_code in (400, 422) and resp.mimetype == PROBLEM
    _nothing_stored(app)


def test_a_full_card_number_in_an_e_receipt_is_masked_before_it_is_stored(client, kim, trip):
    payload = {"source": "bccard", "document_type": "card_slip",
               "fields": {"total_amount": 12000, "date": "2025-05-20", "approval_no": "30012345",
                          "card_no_masked": "9410-1234-5678-4321"}}
    body = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, json=payload).get_json()
    assert body["fields"]["card_no_masked"] == "****-****-****-4321"
    # the groups with their dashes: a timestamp's microseconds may hold the bare digits
    assert "1234-5678" not in json.dumps(body) and "5678-4321" not in json.dumps(body)


# --- who may do what ------------------------------------------------------------------------

@pytest.mark.parametrize("who,status", [
    ("kim", 200), ("lee", 404), ("park", 404), ("boss_a", 200), ("boss_b", 404), ("money", 404),
    ("root", 200)])
def test_who_may_read_a_receipt_and_its_file(client, trip, kim, who, status):
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    headers = headers_for(client, who)
    assert client.get(f"/api/v1/receipts/{receipt_id}", headers=headers).status_code == status
    assert client.get(f"/api/v1/receipts/{receipt_id}/file", headers=headers).status_code == status
    assert client.get(f"/api/v1/trips/{trip.id}/receipts", headers=headers).status_code == status


@pytest.mark.parametrize("who,status", [("lee", 404), ("park", 404), ("boss_a", 403),
                                        ("boss_b", 404), ("root", 403)])
def test_only_the_traveler_adds_corrects_or_deletes_receipts(client, app, trip, kim, who, status):
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    headers = headers_for(client, who)
    _problem(upload(client, headers, trip.id, jpeg_bytes(color=(1, 1, 1))), status)
    _problem(client.post(f"/api/v1/trips/{trip.id}/receipts", headers=headers, json=_e_receipt()),
             status)
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=headers,
                          json={"fields": {"total_amount": 1}}), status)
    _problem(client.delete(f"/api/v1/receipts/{receipt_id}", headers=headers), status)
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=kim).get_json()
    assert body["fields"]["total_amount"] == 59800 and body["corrections"] == []
    assert db.session.query(Receipt).count() == 1


def test_finance_sees_receipts_of_settled_trips_only(client, people, trip, kim):
    receipt_id = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim,
                             json=_e_receipt()).get_json()["id"]
    money = headers_for(client, "money")
    assert client.get(f"/api/v1/receipts/{receipt_id}", headers=money).status_code == 404
    advance(trip.id, (Action.APPLY, people["kim"]), (Action.APPROVE, people["boss_a"]),
            (Action.SETTLE, people["kim"]))
    assert client.get(f"/api/v1/receipts/{receipt_id}", headers=money).status_code == 200


def test_receipts_are_not_accepted_on_someone_elses_or_an_unknown_trip(client, app, people):
    other = make_trip(people["park"])
    kim = headers_for(client, "kim")
    _problem(upload(client, kim, other.id, jpeg_bytes()), 404)
    _problem(upload(client, kim, 99999, jpeg_bytes()), 404)
    _problem(client.get("/api/v1/receipts/99999", headers=kim), 404)
    _problem(client.get("/api/v1/receipts/1"), 401)
    _nothing_stored(app)


def test_a_settled_trip_takes_no_new_receipt_and_keeps_its_receipts(client, app, people, trip, kim):
    receipt_id = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim,
                             json=_e_receipt()).get_json()["id"]
    advance(trip.id, (Action.APPLY, people["kim"]), (Action.APPROVE, people["boss_a"]),
            (Action.SETTLE, people["kim"]))
    _problem(upload(client, kim, trip.id, jpeg_bytes()), 409)
    _problem(client.delete(f"/api/v1/receipts/{receipt_id}", headers=kim), 409)
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim,
                          json={"fields": {"total_amount": 1}}), 409)
    assert db.session.query(Receipt).count() == 1


# --- reading the list and the file ------------------------------------------------------------

def test_the_trip_lists_its_receipts_oldest_first(client, kim, trip):
    first = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    second = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim, json=_e_receipt()).get_json()["id"]
    items = client.get(f"/api/v1/trips/{trip.id}/receipts", headers=kim).get_json()["items"]
    assert [r["id"] for r in items] == [first, second]


def test_the_served_photo_has_no_exif_location(client, kim, trip):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}  # GPS
    data = jpeg_bytes(size=(120, 80), exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the upload carries GPS
    receipt_id = upload(client, kim, trip.id, data).get_json()["id"]
    resp = client.get(f"/api/v1/receipts/{receipt_id}/file", headers=kim)
    assert resp.status_code == 200 and resp.mimetype == "image/jpeg"
    served = Image.open(io.BytesIO(resp.data))
    assert served.size == (120, 80)
    assert not served.getexif() and b"Exif" not in resp.data and b"PhoneMaker" not in resp.data
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


def test_a_heic_photo_is_served_as_jpeg_and_a_pdf_as_itself(client, kim, trip):
    heic = upload(client, kim, trip.id, image_bytes("HEIF"), filename="IMG_0001.HEIC").get_json()["id"]
    document = pdf_bytes()
    pdf = upload(client, kim, trip.id, document, filename="e.pdf").get_json()["id"]
    resp = client.get(f"/api/v1/receipts/{heic}/file", headers=kim)
    assert resp.mimetype == "image/jpeg" and Image.open(io.BytesIO(resp.data)).format == "JPEG"
    assert resp.headers["Content-Disposition"].endswith("IMG_0001.jpg")
    resp = client.get(f"/api/v1/receipts/{pdf}/file", headers=kim)
    assert resp.mimetype == "application/pdf" and resp.data == document


def test_an_e_receipt_has_no_file(client, kim, trip):
    receipt_id = client.post(f"/api/v1/trips/{trip.id}/receipts", headers=kim,
                             json=_e_receipt()).get_json()["id"]
    _problem(client.get(f"/api/v1/receipts/{receipt_id}/file", headers=kim), 404)


# --- corrections ----------------------------------------------------------------------------

def test_a_correction_keeps_the_ocr_value_and_records_who_changed_what(client, app, people, kim, trip):
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    resp = client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim,
                        json={"fields": {"total_amount": 57800, "seat": "7A"}})
    assert resp.status_code == 200
    body = resp.get_json()
    assert body["fields"]["total_amount"] == 57800 and body["ocr_fields"]["total_amount"] == 59800
    log = {c["field"]: c for c in body["corrections"]}
    assert log["total_amount"]["old_value"] == 59800 and log["total_amount"]["new_value"] == 57800
    assert log["seat"]["old_value"] is None and log["total_amount"]["user_id"] == people["kim"].id
    assert log["total_amount"]["at"].endswith("+09:00")


def test_a_correction_while_ocr_is_still_reading_is_409(client, kim, trip):
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim,
                          json={"fields": {"total_amount": 1}}), 409)


@pytest.mark.parametrize("body", [{"fields": {"total_amount": "many"}}, {"fields": {"colour": "red"}},
                                  {"fields": {}}, {"total_amount": 1}, {"fields": "x"}])
def test_a_bad_correction_is_422_and_changes_nothing(client, app, kim, trip, body):
    app.extensions["yeobi_reader"] = fake_extract(RAIL)
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    _problem(client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim, json=body), 422)
    assert db.session.query(ReceiptCorrection).count() == 0


def test_a_failed_receipt_can_be_filled_in_by_hand(client, app, kim, trip):
    import ocr

    def broken(data, filename=None, *, engine=None):
        raise ocr.CorruptInput("The image stream ends too early")

    app.extensions["yeobi_reader"] = broken
    receipt_id = upload(client, kim, trip.id, jpeg_bytes()).get_json()["id"]
    run_pending_jobs(app)
    body = client.get(f"/api/v1/receipts/{receipt_id}", headers=kim).get_json()
    assert body["status"] == "failed" and "ends too early" in body["error"]
    assert {"ocr_failed", "low_confidence"} <= {f["code"] for f in body["flags"]}
    body = client.patch(f"/api/v1/receipts/{receipt_id}", headers=kim,
                        json={"fields": {"total_amount": 23700, "date": "2025-05-20"}}).get_json()
    assert body["fields"]["total_amount"] == 23700
    assert "low_confidence" not in {f["code"] for f in body["flags"]}


# --- deletion -------------------------------------------------------------------------------

def test_deleting_a_receipt_removes_its_row_job_and_unused_file(client, app, kim, trip):
    data = jpeg_bytes()
    receipt_id = upload(client, kim, trip.id, data).get_json()["id"]
    resp = client.delete(f"/api/v1/receipts/{receipt_id}", headers=kim)
    assert resp.status_code == 204
    _problem(client.get(f"/api/v1/receipts/{receipt_id}", headers=kim), 404)
    _nothing_stored(app)


def test_deleting_one_of_two_receipts_with_the_same_file_keeps_the_file(client, app, kim, trip):
    data = jpeg_bytes()
    first = upload(client, kim, trip.id, data).get_json()["id"]
    second = upload(client, kim, trip.id, data).get_json()
    assert second["flags"][0]["code"] == "duplicate_file"
    assert client.delete(f"/api/v1/receipts/{first}", headers=kim).status_code == 204
    assert count_files(app.config["UPLOAD_DIR"]) == 1
    # The original is gone, so the copy is no longer a duplicate of anything.
    assert client.get(f"/api/v1/receipts/{second['id']}", headers=kim).get_json()["flags"] == []


def test_openapi_documents_the_receipt_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    post = paths["/api/v1/trips/{trip_id}/receipts"]["post"]
    assert {"201", "202", "413", "415", "422"} <= set(post["responses"])
    assert {"multipart/form-data", "application/json"} <= set(post["requestBody"]["content"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/receipts/{receipt_id}"])
    assert "get" in paths["/api/v1/receipts/{receipt_id}/file"]
