"""Verify the audit trail: each row's MAC under the audit key, its link, and the trip's head."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Trip, TripEvent
from app.services.audit_keys import AuditKeys
from app.services.trips import event_payload
from workflow.events import GENESIS_HASH


@dataclass(frozen=True)
class ChainProblem:
    """The first place where a trip's chain does not hold."""

    trip_id: int
    seq: int
    reason: str


@dataclass
class VerifyReport:
    """What `verify_chains` found: at most one problem per trip, its first bad row."""

    trips: int = 0
    rows: int = 0
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chains(*, session: Session, keys: AuditKeys, trip_id: int | None = None) -> VerifyReport:
    """Recompute each trip's keyed chain; report the first changed, forged or missing row."""
    report = VerifyReport()
    stmt = select(TripEvent).order_by(TripEvent.trip_id, TripEvent.seq)
    trips_stmt = select(Trip.id, Trip.status, Trip.audit_head)
    if trip_id is not None:
        stmt = stmt.where(TripEvent.trip_id == trip_id)
        trips_stmt = trips_stmt.where(Trip.id == trip_id)
    heads = {tid: (status, head) for tid, status, head in session.execute(trips_stmt)}
    seen: set[int] = set()
    for tid, rows in groupby(session.scalars(stmt).yield_per(1000), key=lambda r: r.trip_id):
        report.trips += 1
        seen.add(tid)
        problem = _first_bad_row(tid, rows, heads.get(tid), keys, report)
        if problem:
            report.problems.append(problem)
    for tid, (status, head) in heads.items():
        if tid in seen:
            continue
        if status != "draft":
            report.trips += 1
            report.problems.append(ChainProblem(tid, 1, f"trip is '{status}' but has no audit rows"))
        elif head is not None:
            report.trips += 1
            report.problems.append(ChainProblem(
                tid, 1, "trip has a keyed audit head but no audit rows (rows deleted?)"))
    report.problems.sort(key=lambda p: p.trip_id)
    return report


def _first_bad_row(tid: int, rows, trip: tuple[str, str | None] | None, keys: AuditKeys,
                   report: VerifyReport) -> ChainProblem | None:
    prev, expected_seq, last = GENESIS_HASH, 1, None
    problem = None
    for row in rows:
        report.rows += 1
        if problem:
            continue  # count the rest; the first bad row is what to investigate
        problem = _row_problem(tid, row, prev, expected_seq, keys)
        prev, expected_seq, last = row.hash, row.seq + 1, row
    if problem or last is None:
        return problem
    if trip is None:
        return ChainProblem(tid, last.seq, "audit rows of a trip that does not exist")
    status, head = trip
    # The chain cannot show its own last rows deleted; the trip's status and keyed head can.
    if last.to_status != status:
        return ChainProblem(tid, last.seq, f"trip is '{status}' but its last audit row says "
                                           f"'{last.to_status}' (last row deleted?)")
    expected = keys.head(last.key_id, trip_id=tid, seq=last.seq, row_mac=last.hash, status=status)
    if head != expected:
        return ChainProblem(tid, last.seq, "the trip's keyed head does not match its last audit "
                                           "row (later rows deleted and the status reset?)")
    return None


def _row_problem(tid: int, row: TripEvent, prev: str, expected_seq: int,
                 keys: AuditKeys) -> ChainProblem | None:
    if row.seq != expected_seq:
        return ChainProblem(tid, expected_seq, "row missing (deleted?)")
    if row.prev_hash != prev:
        return ChainProblem(tid, row.seq, "link to the previous row broken")
    if row.key_id is None:
        return ChainProblem(tid, row.seq, "row not keyed: a plain hash anyone can recompute "
                                          "(written without the key, or left unkeyed by "
                                          "migration 0005 because its chain was already broken)")
    expected = keys.mac(row.key_id, row.prev_hash, event_payload(row))
    if expected is None:
        return ChainProblem(tid, row.seq, f"keyed with unknown key id '{row.key_id}' "
                                          "(a retired key missing from AUDIT_RETIRED_KEYS?)")
    if expected != row.hash:
        return ChainProblem(tid, row.seq, "content changed or written without the key")
    return None
