"""`flask seed-demo` gives every demo role something to do (runs the real OCR on sample tickets)."""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from app.extensions import db
from app.models import Receipt, Statement, Trip
from app.services.audit import verify_chains
from app.settings import current_settings


def test_seed_demo_creates_trips_in_every_stage(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    trips = db.session.scalars(select(Trip)).all()
    stages = Counter(t.status for t in trips)
    assert stages["settled"] == 1 and stages["settlement_review"] == 1 and stages["approved"] == 1
    assert stages["applied"] == 4
    settled = next(t for t in trips if t.status == "settled")
    statement = db.session.scalar(select(Statement).where(Statement.trip_id == settled.id))
    receipt = db.session.scalar(select(Receipt).where(Receipt.trip_id == settled.id))
    assert receipt.status == "done" and receipt.document_type == "rail_ticket"
    fare = next(line for line in statement.lines if line["item"] == "fare")
    assert fare["amount"] == receipt.effective_fields()["total_amount"] > 0
    assert statement.total == sum(line["amount"] for line in statement.lines)
    assert verify_chains(session=db.session, keys=current_settings().audit_keys).ok
    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert "demo trips exist already" in again.output
    assert len(db.session.scalars(select(Trip)).all()) == len(trips)
