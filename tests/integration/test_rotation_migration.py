"""Migration 0008 adds receipts.rotation: receipts stored before it read 0 (shown as uploaded, as before),
and going back down drops the column and keeps the receipts."""
from __future__ import annotations

from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
from app.config import Config
from app.extensions import db
from app.models import SEOUL, Receipt
from tests.api.receipt_support import RAIL, make_trip
from tests.conftest import ROOT
from tests.factories import make_unit, make_user

MIGRATIONS = str(ROOT / "migrations")


def _columns() -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("receipts")}


def test_receipts_stored_before_the_column_read_no_turn_and_survive_a_downgrade(empty_url, tmp_path):
    app = create_app(Config(ENV="testing", TESTING=True, SQLALCHEMY_DATABASE_URI=empty_url,
                            UPLOAD_DIR=str(tmp_path / "up"), OCR_EMBEDDED_WORKER=False))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0007")
        assert "rotation" not in _columns()
        upgrade(directory=MIGRATIONS)
        traveler = make_user(unit=make_unit())
        trip = make_trip(traveler)
        db.session.add(Receipt(trip_id=trip.id, uploader_id=traveler.id, source="upload", trust="ocr",
                               status="done", sha256="0" * 64, ocr_fields=RAIL))
        db.session.commit()
        trip_id, traveler_id = trip.id, traveler.id
        db.session.remove()

        downgrade(directory=MIGRATIONS, revision="0007")
        assert "rotation" not in _columns()
        with db.engine.begin() as conn:  # a receipt written by the code before the column
            conn.execute(text("INSERT INTO receipts (trip_id, uploader_id, source, trust, status, "
                              "created_at) VALUES (:trip, :user, 'upload', 'ocr', 'queued', :at)"),
                         {"trip": trip_id, "user": traveler_id, "at": datetime(2026, 12, 1, 9, tzinfo=SEOUL)})
            assert conn.execute(text("SELECT count(*) FROM receipts")).scalar() == 2
        upgrade(directory=MIGRATIONS)
        assert "rotation" in _columns()
        assert [r.rotation for r in db.session.query(Receipt).order_by(Receipt.id)] == [0, 0]
        db.session.remove()
        db.engine.dispose()
