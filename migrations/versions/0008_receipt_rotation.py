"""receipts.rotation: the turn (degrees clockwise) that shows a receipt's photo upright

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 23:30:00

The reader turns a photo taken upside down or on its side before reading it (ocr Extraction.rotation);
the pages show the stored photo turned by it, and the traveler may correct it. The file itself is never
changed. Existing rows read 0: shown as uploaded, as before. ADD COLUMN only (no table rebuild).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('receipts', sa.Column('rotation', sa.Integer(), nullable=False, server_default='0'))


def downgrade():
    with op.batch_alter_table('receipts', schema=None) as batch_op:
        batch_op.drop_column('rotation')
