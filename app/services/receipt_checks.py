"""Receipt flags: load what the checks need, run workflow.receipt_checks, store the flags on the receipt.

The checks themselves (duplicates, trust, unsure values, dates, route, class and fare) are written once
in workflow/; here live only the database query for duplicates and the loading of places and labels.
"""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import SEOUL, Receipt, Trip
from app.services.receipt_fields import FIELD_NAMES, KEY_FIELDS, label
from ocr.domain import station_areas
from workflow.flags import UNSURE_BELOW
from workflow.receipt_checks import Gazetteer, ReceiptFacts, TripFacts, receipt_flags
from workflow.states import TripStatus

# Evidence on a cancelled or rejected trip was never paid: it can be used again.
DEAD_TRIPS = (TripStatus.CANCELLED.value, TripStatus.REJECTED.value)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The station areas of ocr/data/places.json, read once."""
    return Gazetteer(station_areas=station_areas())


def unsure_below(config) -> float:
    """LOW_CONFIDENCE_THRESHOLD of `config` (a deployment's choice), else workflow.flags.UNSURE_BELOW."""
    return float(config.get("LOW_CONFIDENCE_THRESHOLD", UNSURE_BELOW))


def receipt_facts(receipt: Receipt) -> ReceiptFacts:
    """The receipt row as the plain data the checks read."""
    return ReceiptFacts(id=receipt.id, status=receipt.status, trust=receipt.trust,
                        document_type=receipt.document_type, fields=receipt.effective_fields(),
                        ocr_fields=receipt.ocr_fields or {}, confidence=receipt.ocr_confidence or {},
                        corrected=frozenset(receipt.corrections or {}), error=receipt.error)


def trip_facts(trip: Trip) -> TripFacts:
    """The trip row as the plain data the receipt checks read."""
    return TripFacts(first_day=trip.start_at.astimezone(SEOUL).date(),
                     last_day=trip.end_at.astimezone(SEOUL).date(), destination=trip.destination,
                     origin=trip.origin, grade=trip.traveler.grade)


def compute_flags(*, session: Session, receipt: Receipt, trip: Trip, threshold: float) -> list[dict]:
    """Every flag that applies to `receipt` now (after OCR, a correction or a deletion elsewhere)."""
    flags = receipt_flags(receipt_facts(receipt), trip_facts(trip),
                          duplicates=duplicate_codes(session=session, receipt=receipt),
                          ticket_no=receipt.ticket_no, gazetteer=gazetteer(), key_fields=KEY_FIELDS,
                          labels={name: label(name) for name in FIELD_NAMES}, unsure_below=threshold)
    return [f.to_dict() for f in flags]


def duplicate_codes(*, session: Session, receipt: Receipt) -> set[str]:
    """Which of file, ticket number or card approval (amount, date) an earlier live receipt shares."""
    keys = [(0, Receipt.sha256, receipt.sha256, "duplicate_file"),
            (1, Receipt.ticket_no, receipt.ticket_no, "duplicate_ticket_no"),
            (2, Receipt.approval_key, receipt.approval_key, "duplicate_card_approval")]
    keys = [k for k in keys if k[2]]
    if not keys:
        return set()
    stmt = (select(Receipt.sha256, Receipt.ticket_no, Receipt.approval_key)
            .join(Trip, Trip.id == Receipt.trip_id)
            .where(or_(*(column == value for _, column, value, _ in keys)),
                   Receipt.id < receipt.id, Trip.status.not_in(DEAD_TRIPS)))
    earlier = session.execute(stmt).all()
    return {code for position, _, value, code in keys if any(row[position] == value for row in earlier)}


def refresh_related(session: Session, keys: dict[str, set], after_id: int, *, unsure_below: float) -> None:
    """Recompute flags of later receipts sharing a file hash, ticket number or card approval."""
    clauses = [column.in_(values) for column, values in (
        (Receipt.sha256, keys.get("sha256")), (Receipt.ticket_no, keys.get("ticket_no")),
        (Receipt.approval_key, keys.get("approval_key"))) if values]
    if not clauses:
        return
    session.flush()
    for other in session.scalars(select(Receipt).where(or_(*clauses), Receipt.id > after_id)):
        other.flags = compute_flags(session=session, receipt=other,
                                    trip=session.get(Trip, other.trip_id), threshold=unsure_below)


def receipt_keys(receipt: Receipt) -> dict[str, set]:
    """The duplicate-index keys of a receipt, as sets ready to merge."""
    return {"sha256": {receipt.sha256} - {None}, "ticket_no": {receipt.ticket_no} - {None},
            "approval_key": {receipt.approval_key} - {None}}


def refresh_flags(session: Session, receipt: Receipt, *, unsure_below: float, related: bool = False) -> None:
    """Re-derive the duplicate keys and flags of `receipt` (and of later receipts sharing keys);
    `unsure_below` is the deployment's threshold (Settings.unsure_below)."""
    from app.services.receipt_fields import approval_key, normalised_ticket_no

    before = receipt_keys(receipt)
    fields = receipt.effective_fields()
    receipt.ticket_no = normalised_ticket_no(fields.get("ticket_no"))
    receipt.approval_key = approval_key(fields)
    session.flush()
    receipt.flags = compute_flags(session=session, receipt=receipt,
                                  trip=session.get(Trip, receipt.trip_id), threshold=unsure_below)
    if related:
        after = receipt_keys(receipt)
        refresh_related(session, {k: before[k] | after[k] for k in before}, receipt.id,
                        unsure_below=unsure_below)
