"""Small builders for the web tests: trips in a status, receipts with a real image, statements."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from werkzeug.serving import make_server

from app.extensions import db
from app.models import SEOUL, Receipt, Statement, now_seoul
from app.services import storage
from app.services import trips as trip_service
from app.settings import current_settings
from workflow.states import Action

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_IMAGE = ROOT / "sample_receipts" / "s_rail_app_0_clean.png"


def make_trip(traveler, *, status: str = "applied", days_ahead: int = 10, length_days: int = 1,
              purpose: str = "정책 협의", destination: str = "부산광역시 해운대구", **extra):
    """A trip of `traveler` moved through the real services to `status`."""
    start = datetime.now(SEOUL).replace(hour=9, minute=0, second=0, microsecond=0) \
        + timedelta(days=days_ahead)
    data = {"purpose": purpose, "destination": destination, "start_at": start,
            "end_at": start + timedelta(days=length_days - 1, hours=9), "transport": "rail", **extra}
    trip = trip_service.create_trip(session=db.session, actor=traveler, data=data)
    if status == "draft":
        return trip
    trip_service.transition(settings=current_settings(),
                            session=db.session, trip_id=trip.id, actor=traveler, action=Action.APPLY)
    if status == "settlement_review":
        approver = _an_approver(trip)
        trip_service.transition(settings=current_settings(),
                                session=db.session, trip_id=trip.id, actor=approver,
                                action=Action.APPROVE)
        trip_service.transition(settings=current_settings(),
                                session=db.session, trip_id=trip.id, actor=traveler,
                                action=Action.SETTLE_FOR_REVIEW)
    return trip


def _an_approver(trip):
    from sqlalchemy import select

    from app.models import ApproverUnit, User

    return db.session.scalar(select(User).join(ApproverUnit, ApproverUnit.user_id == User.id)
                             .where(ApproverUnit.unit_id == trip.unit_id,
                                    User.id != trip.traveler_id).limit(1))


def add_receipt(trip, uploader, upload_dir: str, *, image: Path = SAMPLE_IMAGE,
                fields: dict | None = None, confidence: dict | None = None,
                corrections: dict | None = None, flags: list | None = None,
                trust: str = "ocr", source: str = "upload") -> Receipt:
    """A processed receipt row whose original is a real sample image stored like an upload."""
    data = image.read_bytes()
    sha, _ = storage.store_blob(upload_dir, data)
    receipt = Receipt(trip_id=trip.id, uploader_id=uploader.id, source=source, trust=trust,
                      status="done", sha256=sha if source == "upload" else None,
                      filename=image.name, content_type="image/png", size_bytes=len(data),
                      document_type="rail_ticket", ocr_fields=fields or {},
                      ocr_confidence=confidence or {}, corrections=corrections or {},
                      flags=flags or [], created_at=now_seoul(), processed_at=now_seoul())
    db.session.add(receipt)
    db.session.commit()
    return receipt


def add_statement(trip, *, lines: list[dict], flags: list[dict] | None = None) -> Statement:
    """A stored statement for `trip` (what the settlement service would have written)."""
    statement = Statement(trip_id=trip.id, grade=trip.traveler.grade, rules_version="2023-03-02",
                          lines=lines, flags=flags or [], total=sum(x["amount"] for x in lines))
    db.session.add(statement)
    db.session.commit()
    return statement


def web_login(client, username: str, password: str = "password-123", *, follow: bool = False):
    """Log in through the login form (fetching its CSRF token first)."""
    page = client.get("/web/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/web/login", data={"username": username, "password": password,
                                           "csrf_token": token}, follow_redirects=follow)


def csrf_of(html: str) -> str:
    """The JWT CSRF token a page put in its forms."""
    return re.search(r'name="csrf_token" value="([^"]*)"', html).group(1)


@contextmanager
def served(app) -> Iterator[str]:
    """Serve `app` on a free local port in a thread for a browser; yields its base URL.

    On exit the server stops, then any background pool the app started (OCR, notifications), then the
    database connections, so the next test's database can be dropped.
    """
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        for key in ("ocr_pool", "notify_pool"):
            pool = app.extensions.get(key)
            if pool is not None:
                pool.stop()
        with app.app_context():
            db.engine.dispose()
