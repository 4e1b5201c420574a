"""Two finance clients exporting at the same moment never put one statement in two batches."""
from __future__ import annotations

import threading

from sqlalchemy import select

from app.extensions import db
from app.models import ExportBatch, Statement, User
from app.services import exports
from tests.api.test_exports import settled_trips
from tests.factories import make_user


def _export_in_own_session(app, finance_id: int, barrier: threading.Barrier | None,
                           results: list, errors: list) -> None:
    with app.app_context():  # its own app context: its own session and connection
        try:
            actor = db.session.get(User, finance_id)
            if barrier is not None:
                barrier.wait(timeout=30)
            batch = exports.create_batch(session=db.session, actor=actor)
            results.append(batch.id if batch else None)
        except Exception as exc:  # reported to the test below, never swallowed
            errors.append(exc)
        finally:
            db.session.remove()


def test_two_simultaneous_exports_never_share_a_statement(app, backend):
    trip_ids = settled_trips(20)
    finance = [make_user(roles=("finance",)) for _ in range(2)]
    results: list = []
    errors: list = []
    concurrent = backend == "postgres"  # SQLite allows one writer: the same calls run one after the other
    barrier = threading.Barrier(2) if concurrent else None
    threads = [threading.Thread(target=_export_in_own_session, args=(app, f.id, barrier, results, errors))
               for f in finance]
    for t in threads:
        t.start()
        if not concurrent:
            t.join()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and len(results) == 2
    batch_ids = [b for b in results if b is not None]
    assert batch_ids, "one of the two exports must have taken the statements"
    db.session.expire_all()
    rows = db.session.execute(select(Statement.trip_id, Statement.export_batch_id)).all()
    assert sorted(trip for trip, _ in rows) == sorted(trip_ids)
    assert {batch for _, batch in rows} <= set(batch_ids)
    counts = {b.id: b.item_count for b in db.session.scalars(select(ExportBatch))}
    assert sum(counts.values()) == len(trip_ids)
    for batch_id, count in counts.items():
        assert count == sum(1 for _, b in rows if b == batch_id)
    assert exports.create_batch(session=db.session, actor=finance[0]) is None
