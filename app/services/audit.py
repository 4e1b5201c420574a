"""Verify the audit trail: each row's hash over its content and the previous row's hash."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Trip, TripEvent
from app.services.trips import event_payload
from workflow.events import GENESIS_HASH, chain_hash


@dataclass(frozen=True)
class ChainProblem:
    """One place where the chain does not hold."""

    trip_id: int
    seq: int
    reason: str


@dataclass
class VerifyReport:
    """What `verify_chains` found."""

    trips: int = 0
    rows: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chains(*, session: Session, trip_id: int | None = None) -> VerifyReport:
    """Recompute each trip's chain; report changed rows, broken links, gaps and missing trails."""
    report = VerifyReport()
    stmt = select(TripEvent).order_by(TripEvent.trip_id, TripEvent.seq)
    trips_stmt = select(Trip.id, Trip.status)
    if trip_id is not None:
        stmt = stmt.where(TripEvent.trip_id == trip_id)
        trips_stmt = trips_stmt.where(Trip.id == trip_id)
    last_status: dict[int, str] = {}
    for tid, rows in groupby(session.scalars(stmt).yield_per(1000), key=lambda r: r.trip_id):
        report.trips += 1
        prev = GENESIS_HASH
        expected_seq = 1
        for row in rows:
            report.rows += 1
            if row.seq != expected_seq:
                report.problems.append(ChainProblem(tid, expected_seq, "row missing (deleted?)"))
            if row.prev_hash != prev:
                report.problems.append(ChainProblem(tid, row.seq, "link to the previous row broken"))
            if chain_hash(row.prev_hash, event_payload(row)) != row.hash:
                report.problems.append(ChainProblem(tid, row.seq, "content changed after it was written"))
            prev, expected_seq = row.hash, row.seq + 1
            last_status[tid] = row.to_status
    # The chain cannot show its own last row deleted; the trip's status can.
    for tid, status in session.execute(trips_stmt):
        if tid not in last_status:
            if status != "draft":
                report.trips += 1
                report.problems.append(ChainProblem(tid, 1, f"trip is '{status}' but has no audit rows"))
        elif last_status[tid] != status:
            report.problems.append(ChainProblem(
                tid, 0, f"trip is '{status}' but its last audit row says '{last_status[tid]}' "
                "(last row deleted?)"))
    return report
