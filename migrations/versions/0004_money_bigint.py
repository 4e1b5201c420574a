"""money: statement totals as 64-bit integers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 10:30:00

Every money column is BIGINT. A statement is bounded by workflow.bounds (MAX_EXPENSES items of at
most MAX_ITEM_KRW: 2.5 billion won), which is beyond int4 (2,147,483,647): on PostgreSQL a settle
above it was a 500. export_batches.total is BIGINT since 0003. SQLite stores 64-bit integers either
way; batch mode rebuilds the table so the declared type matches the model.
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.alter_column('total', existing_type=sa.Integer(), type_=sa.BigInteger(),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('statements', schema=None) as batch_op:
        batch_op.alter_column('total', existing_type=sa.BigInteger(), type_=sa.Integer(),
                              existing_nullable=False)
