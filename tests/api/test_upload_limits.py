"""Uploads: PDF pages count against MAX_UPLOAD_PIXELS, thumbnails at display size, a full disk is 507."""
from __future__ import annotations

import io
import os
import subprocess

import pytest
from PIL import Image

from app.extensions import db
from app.models import OcrJob, Receipt
from app.services import storage
from app.services.storage import count_files
from tests.api.receipt_support import headers_for, jpeg_bytes, make_trip, pdf_bytes, upload, world
from tests.web.helpers import web_login

PROBLEM = "application/problem+json"


def raw_pdf(objects: list[str]) -> bytes:
    """A minimal PDF written by hand with a correct cross-reference table."""
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            f"%%EOF\n").encode()
    return out


def page_pdf(media_box: str) -> bytes:
    return raw_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    f"<< /Type /Page /Parent 2 0 R /MediaBox [{media_box}] >>"])


HUGE_PAGE = page_pdf("0 0 14400 14400")  # 207 megapixels at 72 dpi, in a few hundred bytes
UNLOADABLE = raw_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 1 >>"])


@pytest.fixture
def people(app):
    return world()


def nothing_stored(app) -> None:
    assert db.session.query(Receipt).count() == 0
    assert db.session.query(OcrJob).count() == 0
    assert count_files(app.config["UPLOAD_DIR"]) == 0


def test_a_tiny_pdf_with_a_huge_page_is_413_and_stores_nothing(client, app, people):
    trip = make_trip(people["kim"])
    resp = upload(client, headers_for(client, "kim"), trip.id, HUGE_PAGE, filename="e.pdf")
    assert resp.status_code == 413 and resp.mimetype == PROBLEM
    nothing_stored(app)


def test_a_pdf_whose_page_cannot_be_loaded_is_422_and_stores_nothing(client, app, people):
    trip = make_trip(people["kim"])
    resp = upload(client, headers_for(client, "kim"), trip.id, UNLOADABLE, filename="e.pdf")
    assert resp.status_code == 422 and resp.mimetype == PROBLEM
    nothing_stored(app)


def test_a_thumbnail_of_a_large_pdf_page_renders_at_display_size(client, app, people):
    """A big page stored before the limit existed still costs only a thumbnail's pixels."""
    trip = make_trip(people["kim"])
    data = HUGE_PAGE
    sha, _ = storage.store_blob(app.config["UPLOAD_DIR"], data)
    receipt = Receipt(trip_id=trip.id, uploader_id=people["kim"].id, source="upload", trust="ocr",
                      status="done", sha256=sha, content_type="application/pdf",
                      size_bytes=len(data), document_type="unknown", ocr_fields={})
    db.session.add(receipt)
    db.session.commit()
    web_login(client, "boss_a")
    resp = client.get(f"/web/receipts/{receipt.id}/thumb")
    assert resp.status_code == 200 and resp.mimetype == "image/jpeg"
    assert max(Image.open(io.BytesIO(resp.data)).size) <= 360


def test_a_stored_pdf_is_served_as_a_download_inside_a_sandbox(client, people):
    trip = make_trip(people["kim"])
    kim = headers_for(client, "kim")
    rid = upload(client, kim, trip.id, pdf_bytes(), filename="e.pdf").get_json()["id"]
    resp = client.get(f"/api/v1/receipts/{rid}/file", headers=kim)
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.fixture
def full_disk(tmp_path):
    """A real 64 KB filesystem (tmpfs) as UPLOAD_DIR, mounted only for this test."""
    mount = tmp_path / "full"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs",
                                            str(mount)], capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (the CI machine runs the suite as root)")
    yield mount
    subprocess.run(["umount", str(mount)], check=False)


def test_a_full_upload_disk_is_507_and_leaves_nothing_behind(client, app, people, full_disk):
    app.config["UPLOAD_DIR"] = str(full_disk)
    trip = make_trip(people["kim"])
    photo = jpeg_bytes(size=(800, 800))
    big = photo + os.urandom(200_000)  # a JPEG with trailing bytes: still a valid JPEG, 200 KB
    resp = upload(client, headers_for(client, "kim"), trip.id, big)
    assert resp.status_code == 507 and resp.mimetype == PROBLEM
    nothing_stored(app)
