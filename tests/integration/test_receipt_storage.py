"""Content-addressed storage, the upload race, and `flask receipts gc`."""
from __future__ import annotations

import os
import threading
import time

from app.extensions import db
from app.models import Receipt
from app.services import storage
from app.services.ocr_jobs import run_pending_jobs
from tests.api.receipt_support import fake_extract, headers_for, jpeg_bytes, make_trip, upload
from tests.factories import make_user


def test_the_same_bytes_are_stored_once_and_never_overwritten(tmp_path):
    data = b"\xff\xd8\xff receipt bytes"
    sha, created = storage.store_blob(tmp_path, data)
    path = storage.blob_path(tmp_path, sha)
    before = path.stat().st_ino
    assert created and path.read_bytes() == data and path.name == storage.sha256_hex(data)
    assert storage.store_blob(tmp_path, data) == (sha, False)
    assert path.stat().st_ino == before
    assert storage.count_files(tmp_path) == 1  # no temp file left behind


def test_writers_racing_on_the_same_bytes_leave_one_complete_file(tmp_path):
    data = os.urandom(2 * 1024 * 1024)
    results, start = [], threading.Barrier(8)

    def write():
        start.wait()
        results.append(storage.store_blob(tmp_path, data))

    threads = [threading.Thread(target=write) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({sha for sha, _ in results}) == 1
    assert storage.count_files(tmp_path) == 1
    assert storage.read_blob(tmp_path, results[0][0]) == data


def test_the_same_upload_twice_at_once_is_stored_once_and_flagged_once(app, client):
    kim = make_user("kim")
    trip = make_trip(kim)
    headers = headers_for(client, "kim")
    photo = jpeg_bytes(size=(300, 200), color=(9, 90, 9))
    statuses, start = [], threading.Barrier(2)

    def send():
        with app.app_context():  # each thread: its own context and database session
            own = app.test_client()
            start.wait()
            statuses.append(upload(own, headers, trip.id, photo).status_code)
            db.session.remove()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [202, 202]
    assert storage.count_files(app.config["UPLOAD_DIR"]) == 1
    app.extensions["yeobi_reader"] = fake_extract({"total_amount": 5000})
    run_pending_jobs(app)  # flags are recomputed after OCR: the race cannot hide the duplicate
    db.session.expire_all()
    receipts = db.session.query(Receipt).order_by(Receipt.id).all()
    assert len(receipts) == 2 and receipts[0].sha256 == receipts[1].sha256
    flagged = [[f["code"] for f in r.flags if f["code"] == "duplicate_file"] for r in receipts]
    assert flagged == [[], ["duplicate_file"]]


def _age(path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_gc_removes_old_orphans_and_keeps_files_in_use_or_in_flight(app, client):
    kim = make_user("kim")
    trip = make_trip(kim)
    upload_dir = app.config["UPLOAD_DIR"]
    used = upload(client, headers_for(client, "kim"), trip.id, jpeg_bytes()).get_json()
    used_path = storage.blob_path(upload_dir, db.session.get(Receipt, used["id"]).sha256)
    # A crash between the file and the row leaves exactly this: a file no row names.
    orphan_sha, _ = storage.store_blob(upload_dir, b"\xff\xd8\xff orphan")
    young_sha, _ = storage.store_blob(upload_dir, b"\xff\xd8\xff in flight")
    orphan_path = storage.blob_path(upload_dir, orphan_sha)
    stale_tmp = used_path.parent / f"{storage.TMP_PREFIX}dead"
    stale_tmp.write_bytes(b"half")
    for path in (used_path, orphan_path, stale_tmp):
        _age(path, 7200)

    dry = app.test_cli_runner().invoke(args=["receipts", "gc", "--dry-run"])
    assert dry.exit_code == 0 and "2 orphan file(s) found" in dry.output and orphan_path.exists()
    result = app.test_cli_runner().invoke(args=["receipts", "gc"])
    assert result.exit_code == 0, result.output
    assert "2 orphan file(s) removed" in result.output
    assert not orphan_path.exists() and not stale_tmp.exists()
    assert used_path.exists() and storage.blob_path(upload_dir, young_sha).exists()


def test_a_failure_after_the_file_is_written_leaves_neither_row_nor_file(backend, tmp_path, request,
                                                                         monkeypatch):
    from app.services import ocr_jobs
    from tests.conftest import make_app

    app = make_app(backend, tmp_path, request, PROPAGATE_EXCEPTIONS=False)

    def database_gone(session, receipt):  # fault injection: the row cannot be written
        raise RuntimeError("database went away")

    monkeypatch.setattr(ocr_jobs, "new_job", database_gone)
    with app.app_context():
        try:
            kim = make_user("kim")
            client = app.test_client()
            resp = upload(client, headers_for(client, "kim"), make_trip(kim).id, jpeg_bytes())
            assert resp.status_code == 500 and "database went away" not in resp.get_data(as_text=True)
            assert db.session.query(Receipt).count() == 0
            assert storage.count_files(app.config["UPLOAD_DIR"]) == 0
        finally:
            db.session.remove()
            db.engine.dispose()
