"""approval line: unit policies (위임전결), each trip's fixed steps, absences (대결), step audit columns

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 13:30:00

Adds the approval_policies, approval_steps and absences tables; users.position_title (직위) and
trips.estimated_cost, which policies can route by; and trip_events.step / on_behalf_of_id, which the
audit MAC covers when set (rows without them hash as before). trip_events gains plain columns with
ALTER TABLE ADD COLUMN only, so SQLite keeps the insert-only triggers (no table rebuild).
"""
import hashlib
import hmac
import json
from datetime import timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(sa.dialects.postgresql.JSONB(), "postgresql")
WHEN = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        'approval_policies',
        sa.Column('unit_id', sa.Integer(), sa.ForeignKey('units.id'), primary_key=True),
        sa.Column('rules', JSON, nullable=False),
        sa.Column('settlement_rules', JSON, nullable=False),
        sa.Column('updated_at', WHEN, nullable=False),
        sa.Column('updated_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
    )
    op.create_table(
        'approval_steps',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('trip_id', sa.Integer(), sa.ForeignKey('trips.id'), nullable=False),
        sa.Column('phase', sa.String(20), nullable=False),
        sa.Column('round', sa.Integer(), nullable=False),
        sa.Column('order', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(40), nullable=False),
        sa.Column('approver_ids', JSON, nullable=True),
        sa.Column('status', sa.String(20), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('decided_at', WHEN, nullable=True),
        sa.Column('on_behalf_of_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=True),
        sa.Column('comment', sa.Text(), nullable=False),
        sa.Column('acknowledged_at', WHEN, nullable=True),
        sa.UniqueConstraint('trip_id', 'phase', 'round', 'order'),
    )
    op.create_index('ix_approval_steps_trip_id', 'approval_steps', ['trip_id'])
    op.create_index('ix_approval_steps_post_report', 'approval_steps',
                    ['on_behalf_of_id', 'acknowledged_at'])
    op.create_table(
        'absences',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('substitute_id', sa.Integer(), sa.ForeignKey('users.id'), nullable=False),
        sa.Column('start_at', WHEN, nullable=False),
        sa.Column('end_at', WHEN, nullable=False),
        sa.Column('reason', sa.String(500), nullable=False),
        sa.Column('created_at', WHEN, nullable=False),
        sa.Column('cancelled_at', WHEN, nullable=True),
    )
    op.create_index('ix_absences_user_id', 'absences', ['user_id'])
    op.create_index('ix_absences_substitute_id', 'absences', ['substitute_id'])
    op.add_column('users', sa.Column('position_title', sa.String(40), nullable=True))
    op.add_column('trips', sa.Column('estimated_cost', sa.BigInteger(), nullable=True))
    op.add_column('trip_events', sa.Column('step', sa.Integer(), nullable=True))
    op.add_column('trip_events', sa.Column('on_behalf_of_id', sa.Integer(), nullable=True))


def downgrade():
    _resign_without_steps()
    # SQLite 3.35+ drops columns in place; the insert-only triggers on trip_events stay.
    op.drop_column('trip_events', 'on_behalf_of_id')
    op.drop_column('trip_events', 'step')
    op.drop_column('trips', 'estimated_cost')
    op.drop_column('users', 'position_title')
    op.drop_index('ix_absences_substitute_id', table_name='absences')
    op.drop_index('ix_absences_user_id', table_name='absences')
    op.drop_table('absences')
    op.drop_index('ix_approval_steps_post_report', table_name='approval_steps')
    op.drop_index('ix_approval_steps_trip_id', table_name='approval_steps')
    op.drop_table('approval_steps')
    op.drop_table('approval_policies')


# Self-contained, like 0005: the canonical form of workflow.events when this was written.
SEOUL = ZoneInfo("Asia/Seoul")
GENESIS = "0" * 64
HASHED = ("trip_id", "action", "from_status", "to_status", "actor_id", "comment", "at",
          "request_id", "seq")
events = sa.table("trip_events", sa.column("id", sa.Integer), sa.column("trip_id", sa.Integer),
                  sa.column("seq", sa.Integer), sa.column("action", sa.String),
                  sa.column("from_status", sa.String), sa.column("to_status", sa.String),
                  sa.column("actor_id", sa.Integer), sa.column("comment", sa.Text),
                  sa.column("at", sa.DateTime(timezone=True)), sa.column("request_id", sa.String),
                  sa.column("prev_hash", sa.String), sa.column("hash", sa.String),
                  sa.column("key_id", sa.String), sa.column("step", sa.Integer),
                  sa.column("on_behalf_of_id", sa.Integer))
trips = sa.table("trips", sa.column("id", sa.Integer), sa.column("status", sa.String),
                 sa.column("audit_head", sa.String))


def _body(row: dict, with_steps: bool) -> str:
    at = row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=timezone.utc)
    payload = {k: row[k] for k in HASHED} | {"at": at.astimezone(SEOUL).isoformat()}
    if with_steps:
        for name, column in (("step", "step"), ("on_behalf_of", "on_behalf_of_id")):
            if row[column] is not None:
                payload[name] = row[column]
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _mac(key: bytes, prev: str, body: str) -> str:
    return hmac.new(key, (prev + "\n" + body).encode("utf-8"), hashlib.sha256).hexdigest()


def _resign_without_steps() -> None:
    """Trips whose rows carry a step: re-key their chain without it (if it verifies with it), so
    0005's downgrade still finds chains it can verify. The step marks themselves are lost."""
    from flask import current_app

    key_id, key = current_app.config["AUDIT_KEY_ID"], current_app.config["AUDIT_KEY"].encode()
    bind = op.get_bind()
    ids = bind.execute(sa.select(events.c.trip_id).distinct().where(
        sa.or_(events.c.step.is_not(None), events.c.on_behalf_of_id.is_not(None)))).scalars().all()
    pg = bind.dialect.name == "postgresql"
    op.execute("ALTER TABLE trip_events DISABLE TRIGGER trip_events_no_update" if pg
               else "DROP TRIGGER IF EXISTS trip_events_no_update")
    for trip_id in ids:
        rows = [dict(r) for r in bind.execute(sa.select(events, trips.c.status).join(
            trips, trips.c.id == events.c.trip_id).where(events.c.trip_id == trip_id)
            .order_by(events.c.seq)).mappings()]
        prev, ok = GENESIS, True
        for row in rows:
            ok = ok and row["key_id"] == key_id and row["prev_hash"] == prev and \
                _mac(key, prev, _body(row, True)) == row["hash"]
            prev = row["hash"]
        if not ok:
            continue  # a broken chain stays broken: re-keying it would launder it
        prev = GENESIS
        for row in rows:
            new = _mac(key, prev, _body(row, False))
            bind.execute(events.update().where(events.c.id == row["id"]).values(
                prev_hash=prev, hash=new))
            prev = new
        message = f"head\n{trip_id}\n{rows[-1]['seq']}\n{prev}\n{rows[-1]['status']}"
        bind.execute(trips.update().where(trips.c.id == trip_id).values(
            audit_head=hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()))
    if pg:
        op.execute("ALTER TABLE trip_events ENABLE TRIGGER trip_events_no_update")
    else:
        op.execute("""CREATE TRIGGER trip_events_no_update BEFORE UPDATE ON trip_events
            BEGIN SELECT RAISE(ABORT, 'trip_events is insert-only'); END""")
