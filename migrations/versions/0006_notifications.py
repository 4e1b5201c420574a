"""notifications: inbox, outbox of mails and pushes, deliveries, settings, push subscriptions

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00

The inbox row and its outbox rows are written in the transaction of the change that causes them
(issue 16); the worker records every attempt in notify_deliveries so a retry never sends twice.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade():
    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('trip_id', sa.Integer(), nullable=True),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('mail_body', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=300), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=True),
        sa.Column('dedupe_key', sa.String(length=120), nullable=False),
        sa.Column('in_inbox', sa.Boolean(), nullable=False),
        _at('created_at'), _at('read_at', True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_notifications_user_id_users')),
        sa.ForeignKeyConstraint(['trip_id'], ['trips.id'], name=op.f('fk_notifications_trip_id_trips')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
        sa.UniqueConstraint('user_id', 'dedupe_key', name=op.f('uq_notifications_user_id')),
    )
    op.create_index('ix_notifications_user_id_read_at', 'notifications', ['user_id', 'read_at'])
    op.create_index(op.f('ix_notifications_trip_id'), 'notifications', ['trip_id'])
    op.create_table(
        'notify_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notification_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        _at('due_at'),
        sa.Column('locked_by', sa.String(length=100), nullable=True),
        _at('locked_at', True),
        sa.Column('last_error', sa.Text(), nullable=True),
        _at('created_at'), _at('sent_at', True),
        sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], ondelete='CASCADE',
                                name=op.f('fk_notify_outbox_notification_id_notifications')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_outbox')),
        sa.UniqueConstraint('notification_id', 'channel', name=op.f('uq_notify_outbox_notification_id')),
    )
    op.create_index('ix_notify_outbox_status_due_at', 'notify_outbox', ['status', 'due_at'])
    op.create_table(
        'notify_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('outbox_id', sa.Integer(), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=80), nullable=False),
        sa.Column('outcome', sa.String(length=10), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('detail', sa.Text(), nullable=True),
        _at('at'),
        sa.ForeignKeyConstraint(['outbox_id'], ['notify_outbox.id'], ondelete='CASCADE',
                                name=op.f('fk_notify_deliveries_outbox_id_notify_outbox')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notify_deliveries')),
    )
    op.create_index('ix_notify_deliveries_outbox_id_target', 'notify_deliveries',
                    ['outbox_id', 'target'])
    op.create_table(
        'notification_settings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('inbox', sa.Boolean(), nullable=False),
        sa.Column('email', sa.Boolean(), nullable=False),
        sa.Column('push', sa.Boolean(), nullable=False),
        sa.Column('email_address', sa.String(length=254), nullable=True),
        sa.Column('email_digest', sa.Boolean(), nullable=False),
        _at('updated_at'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_notification_settings_user_id_users')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings')),
    )
    op.create_table(
        'push_subscriptions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('endpoint', sa.String(length=1000), nullable=False),
        sa.Column('p256dh', sa.String(length=200), nullable=False),
        sa.Column('auth', sa.String(length=100), nullable=False),
        sa.Column('user_agent', sa.String(length=300), nullable=True),
        _at('created_at'), _at('last_sent_at', True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_push_subscriptions_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscriptions')),
        sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscriptions_endpoint')),
    )
    op.create_index(op.f('ix_push_subscriptions_user_id'), 'push_subscriptions', ['user_id'])


def downgrade():
    op.drop_table('push_subscriptions')
    op.drop_table('notification_settings')
    op.drop_table('notify_deliveries')
    op.drop_table('notify_outbox')
    op.drop_table('notifications')
