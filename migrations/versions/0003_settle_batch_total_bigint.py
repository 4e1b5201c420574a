"""settle: export batch totals as 64-bit integers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 16:40:00

A batch sums every settled statement not yet exported: 100,000 statements of about 240,000 KRW are
24 billion KRW, beyond a 32-bit integer (2,147,483,647). A single statement stays well within it.
"""
from alembic import op
import sqlalchemy as sa

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('export_batches', schema=None) as batch_op:
        batch_op.alter_column('total', existing_type=sa.Integer(), type_=sa.BigInteger(),
                              existing_nullable=False)


def downgrade():
    with op.batch_alter_table('export_batches', schema=None) as batch_op:
        batch_op.alter_column('total', existing_type=sa.BigInteger(), type_=sa.Integer(),
                              existing_nullable=False)
