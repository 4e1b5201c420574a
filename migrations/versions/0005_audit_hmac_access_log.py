"""audit: key the chain with HMAC-SHA256, refuse TRUNCATE, add the personal-data access log

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 11:00:00

Needs AUDIT_KEY (and AUDIT_KEY_ID) in the environment of `flask db upgrade`: the same values the
application runs with, since the rows are re-keyed with them. Production refuses to start, and so
to migrate, without AUDIT_KEY.

Re-keying: each trip's existing plain SHA-256 chain is checked first. Only a trip whose chain is
intact and whose last row matches its status is re-keyed (every row's hash becomes an HMAC, the
trip gets its keyed head). A trip whose chain is already broken is left as it is, unkeyed, so
`flask audit verify` keeps reporting it: keying it would launder the tampering.

The personal-data access log (개인정보의 안전성 확보조치 기준 제8조) is insert-only like the audit
table, except that rows older than two years may be deleted (`flask access-log prune`).

"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

SEOUL = ZoneInfo("Asia/Seoul")
GENESIS = "0" * 64
TRIPS_PER_CHUNK = 500
# Self-contained on purpose: a migration must keep computing what it computed when it was written,
# whatever later happens to workflow/events.py. Same canonical form as workflow.events.
HASHED = ("trip_id", "action", "from_status", "to_status", "actor_id", "comment", "at",
          "request_id", "seq")

events = sa.table("trip_events", sa.column("id", sa.Integer), sa.column("trip_id", sa.Integer),
                  sa.column("seq", sa.Integer), sa.column("action", sa.String),
                  sa.column("from_status", sa.String), sa.column("to_status", sa.String),
                  sa.column("actor_id", sa.Integer), sa.column("comment", sa.Text),
                  sa.column("at", sa.DateTime(timezone=True)), sa.column("request_id", sa.String),
                  sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
                  sa.column("key_id", sa.String))
trips = sa.table("trips", sa.column("id", sa.Integer), sa.column("status", sa.String),
                 sa.column("audit_head", sa.String))


def upgrade():
    op.add_column('trip_events', sa.Column('key_id', sa.String(length=40), nullable=True))
    op.add_column('trips', sa.Column('audit_head', sa.String(length=64), nullable=True))
    _create_access_log()
    key_id, key = _audit_key()
    with _row_triggers_off():
        _rewrite_chains(lambda prev, body: _hmac(key, prev, body), key_id=key_id, key=key,
                        accept=lambda rows: all(r["key_id"] is None for r in rows) and
                        _chain_ok(rows, _plain))
    _create_truncate_triggers()
    _create_access_log_triggers()


def downgrade():
    _drop_access_log_triggers()
    _drop_truncate_triggers()
    key_id, key = _audit_key()
    # Back to plain hashes, only for trips whose keyed chain still verifies under this key.
    with _row_triggers_off():
        _rewrite_chains(_plain, key_id=None, key=None,
                        accept=lambda rows: all(r["key_id"] == key_id for r in rows) and
                        _chain_ok(rows, lambda prev, body: _hmac(key, prev, body)))
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_log_at'))
        batch_op.drop_index('ix_access_log_subject_id_at')
        batch_op.drop_index('ix_access_log_actor_id_at')
    op.drop_table('access_log')
    _drop_column('trips', 'audit_head')
    _drop_column('trip_events', 'key_id')


def _audit_key() -> tuple[str, bytes]:
    from flask import current_app

    config = current_app.config
    return config["AUDIT_KEY_ID"], config["AUDIT_KEY"].encode("utf-8")


def _body(row: dict) -> str:
    at = row["at"]
    if at.tzinfo is None:  # SQLite keeps UTC without a zone
        at = at.replace(tzinfo=timezone.utc)
    payload = {k: row[k] for k in HASHED} | {"at": at.astimezone(SEOUL).isoformat()}
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(prev: str, body: str) -> str:
    return hashlib.sha256((prev + "\n" + body).encode("utf-8")).hexdigest()


def _hmac(key: bytes, prev: str, body: str) -> str:
    return hmac.new(key, (prev + "\n" + body).encode("utf-8"), hashlib.sha256).hexdigest()


def _head(key: bytes, trip_id: int, seq: int, row_mac: str, status: str) -> str:
    message = f"head\n{trip_id}\n{seq}\n{row_mac}\n{status}".encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _chain_ok(rows: list[dict], digest) -> bool:
    """Seqs 1..n, each row linked to the previous one and hashed by `digest`, status matching."""
    prev = GENESIS
    for expected_seq, row in enumerate(rows, start=1):
        if row["seq"] != expected_seq or row["prev_hash"] != prev:
            return False
        if digest(prev, _body(row)) != row["hash"]:
            return False
        prev = row["hash"]
    return bool(rows) and rows[-1]["to_status"] == rows[-1]["status"]


def _rewrite_chains(digest, *, key_id: str | None, key: bytes | None, accept) -> None:
    """Recompute the chain of every trip `accept` takes with `digest`, a chunk of trips at a time."""
    bind = op.get_bind()
    trip_ids = bind.execute(sa.select(events.c.trip_id).distinct().order_by(events.c.trip_id)
                            ).scalars().all()
    left = []
    for first in range(0, len(trip_ids), TRIPS_PER_CHUNK):
        chunk = trip_ids[first:first + TRIPS_PER_CHUNK]
        query = (sa.select(events, trips.c.status).join(trips, trips.c.id == events.c.trip_id)
                 .where(events.c.trip_id.in_(chunk)).order_by(events.c.trip_id, events.c.seq))
        by_trip: dict[int, list[dict]] = {}
        for row in bind.execute(query).mappings():
            by_trip.setdefault(row["trip_id"], []).append(dict(row))
        row_updates, head_updates = [], []
        for trip_id, rows in by_trip.items():
            if not accept(rows):
                left.append(trip_id)
                continue
            prev = GENESIS
            for row in rows:
                new = digest(prev, _body(row))
                row_updates.append({"b_id": row["id"], "b_prev": prev, "b_hash": new,
                                    "b_key": key_id})
                prev = new
            head = _head(key, trip_id, rows[-1]["seq"], prev, rows[-1]["status"]) if key else None
            head_updates.append({"b_id": trip_id, "b_head": head})
        if row_updates:
            bind.execute(events.update().where(events.c.id == sa.bindparam("b_id")).values(
                prev_hash=sa.bindparam("b_prev"), hash=sa.bindparam("b_hash"),
                key_id=sa.bindparam("b_key")), row_updates)
            bind.execute(trips.update().where(trips.c.id == sa.bindparam("b_id")).values(
                audit_head=sa.bindparam("b_head")), head_updates)
    if left:
        print(f"audit: {len(left)} trip(s) left as they were because their chain does not verify "
              f"(first: {left[:10]}); `flask audit verify` reports them")


class _row_triggers_off:
    """The insert-only row triggers are off for the re-keying only (this transaction)."""

    def __enter__(self):
        if op.get_bind().dialect.name == "postgresql":
            op.execute("ALTER TABLE trip_events DISABLE TRIGGER trip_events_no_update")
        else:
            op.execute("DROP TRIGGER IF EXISTS trip_events_no_update")
            op.execute("DROP TRIGGER IF EXISTS trip_events_no_delete")

    def __exit__(self, *exc):
        if op.get_bind().dialect.name == "postgresql":
            op.execute("ALTER TABLE trip_events ENABLE TRIGGER trip_events_no_update")
        else:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"""CREATE TRIGGER trip_events_no_{verb.lower()} BEFORE {verb}
                               ON trip_events
                               BEGIN SELECT RAISE(ABORT, 'trip_events is insert-only'); END""")
        return False


def _create_access_log():
    op.create_table('access_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('resource', sa.String(length=20), nullable=False),
    sa.Column('resource_id', sa.BigInteger(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_access_log_actor_id_users')),
    sa.ForeignKeyConstraint(['subject_id'], ['users.id'],
                            name=op.f('fk_access_log_subject_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log'))
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_access_log_subject_id_at', ['subject_id', 'at'], unique=False)
        batch_op.create_index('ix_access_log_actor_id_at', ['actor_id', 'at'], unique=False)


# TRUNCATE skips row triggers; a statement trigger refuses it (SQLite has no TRUNCATE).
def _create_truncate_triggers():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE FUNCTION refuse_truncate() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '% is insert-only: TRUNCATE refused', TG_TABLE_NAME; END;
        $$ LANGUAGE plpgsql""")
    op.execute("""CREATE TRIGGER trip_events_no_truncate BEFORE TRUNCATE ON trip_events
                  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()""")


def _drop_truncate_triggers():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS trip_events_no_truncate ON trip_events")
    op.execute("DROP FUNCTION IF EXISTS refuse_truncate()")


# Insert-only, but for the retention delete: a row older than two years may go, no other may, and
# no row may change. Prune cuts at a Seoul midnight two years back, a little earlier than these.
def _create_access_log_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("""
            CREATE FUNCTION access_log_insert_only() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'DELETE' THEN
                IF OLD.at < now() - interval '2 years' THEN RETURN OLD; END IF;
                RAISE EXCEPTION 'access_log is insert-only: only rows older than two years may be deleted';
              END IF;
              RAISE EXCEPTION 'access_log is insert-only';
            END;
            $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER access_log_no_update BEFORE UPDATE OR DELETE ON access_log
                      FOR EACH ROW EXECUTE FUNCTION access_log_insert_only()""")
        op.execute("""CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
                      FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()""")
    else:
        op.execute("""CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
                      BEGIN SELECT RAISE(ABORT, 'access_log is insert-only'); END""")
        # Stored as 'YYYY-MM-DD HH:MM:SS.ffffff' UTC, which compares as text with datetime().
        op.execute("""CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
                      WHEN OLD.at >= datetime('now', '-2 years')
                      BEGIN SELECT RAISE(ABORT, 'access_log is insert-only: only rows older than two years may be deleted'); END""")  # noqa: E501


def _drop_access_log_triggers():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS access_log_no_update ON access_log")
        op.execute("DROP TRIGGER IF EXISTS access_log_no_truncate ON access_log")
        op.execute("DROP FUNCTION IF EXISTS access_log_insert_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS access_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS access_log_no_delete")


def _drop_column(table: str, column: str) -> None:
    # SQLite >= 3.35 drops a column in place; batch mode would rebuild trip_events and lose its
    # triggers.
    op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
