"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 20:41:43.269496
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('athletes',
    sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=False),
    sa.Column('first_name', sa.String(length=128), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('goal', sa.String(length=24), nullable=True),
    sa.Column('race_date', sa.Date(), nullable=True),
    sa.Column('trail_distance_km', sa.Float(), nullable=True),
    sa.Column('trail_elevation_m', sa.Float(), nullable=True),
    sa.Column('run_days', sa.String(length=16), nullable=True),
    sa.Column('long_run_day', sa.Integer(), nullable=True),
    sa.Column('weekly_km', sa.Float(), nullable=True),
    sa.Column('longest_run_km', sa.Float(), nullable=True),
    sa.Column('track_access', sa.Boolean(), nullable=True),
    sa.Column('trail_access', sa.Boolean(), nullable=True),
    sa.Column('doubles', sa.Boolean(), nullable=True),
    sa.Column('recent_race_km', sa.Float(), nullable=True),
    sa.Column('recent_race_s', sa.Float(), nullable=True),
    sa.Column('easy_pace_s_per_km', sa.Float(), nullable=True),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('push_time', sa.String(length=5), nullable=False),
    sa.Column('reminder_time', sa.String(length=5), nullable=False),
    sa.Column('units', sa.String(length=4), nullable=False),
    sa.Column('rest_day_notes', sa.Boolean(), nullable=False),
    sa.Column('dialog', sa.JSON(), nullable=True),
    sa.Column('onboarded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('paused_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_morning_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_evening_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_weekly_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_athletes'))
    )
    with op.batch_alter_table('athletes', schema=None) as batch_op:
        batch_op.create_index('ix_athletes_due_evening', ['status', 'next_evening_at'], unique=False)
        batch_op.create_index('ix_athletes_due_morning', ['status', 'next_morning_at'], unique=False)
        batch_op.create_index('ix_athletes_due_weekly', ['status', 'next_weekly_at'], unique=False)

    op.create_table('adjustments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_adjustments_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_adjustments'))
    )
    with op.batch_alter_table('adjustments', schema=None) as batch_op:
        batch_op.create_index('ix_adjustments_athlete_date', ['athlete_id', 'local_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_adjustments_athlete_id'), ['athlete_id'], unique=False)

    op.create_table('checkins',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('sleep_hours', sa.Float(), nullable=True),
    sa.Column('sleep_quality', sa.Integer(), nullable=True),
    sa.Column('soreness', sa.Integer(), nullable=True),
    sa.Column('soreness_where', sa.String(length=64), nullable=True),
    sa.Column('stress', sa.Integer(), nullable=True),
    sa.Column('mood', sa.Integer(), nullable=True),
    sa.Column('motivation', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_checkins_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('athlete_id', 'local_date', name='uq_checkins_athlete_date')
    )
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkins_athlete_id'), ['athlete_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_deliveries_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('athlete_id', 'kind', 'local_date', name='uq_deliveries_once')
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliveries_athlete_id'), ['athlete_id'], unique=False)
        batch_op.create_index('ix_deliveries_retry', ['status', 'next_attempt_at'], unique=False)

    op.create_table('inbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('update_id', sa.BigInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('outcome', sa.String(length=24), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_inbox_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inbox')),
    sa.UniqueConstraint('athlete_id', 'update_id', name='uq_inbox_athlete_update')
    )
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inbox_athlete_id'), ['athlete_id'], unique=False)

    op.create_table('pain_flags',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('location', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_pain_flags_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pain_flags'))
    )
    with op.batch_alter_table('pain_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pain_flags_athlete_id'), ['athlete_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('body', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_plans_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('athlete_id', 'version', name='uq_plans_athlete_version')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_athlete_id'), ['athlete_id'], unique=False)

    op.create_table('run_logs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('athlete_id', sa.BigInteger(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('slot', sa.String(length=2), nullable=True),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('duration_min', sa.Float(), nullable=True),
    sa.Column('distance_km', sa.Float(), nullable=True),
    sa.Column('rpe', sa.Integer(), nullable=True),
    sa.Column('surface', sa.String(length=12), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=True),
    sa.Column('reps', sa.String(length=32), nullable=True),
    sa.Column('pain_where', sa.String(length=64), nullable=True),
    sa.Column('pain_score', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('raw_text', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['athlete_id'], ['athletes.id'], name=op.f('fk_run_logs_athlete_id_athletes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_run_logs'))
    )
    with op.batch_alter_table('run_logs', schema=None) as batch_op:
        batch_op.create_index('ix_run_logs_athlete_date', ['athlete_id', 'local_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_run_logs_athlete_id'), ['athlete_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('run_logs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_run_logs_athlete_id'))
        batch_op.drop_index('ix_run_logs_athlete_date')

    op.drop_table('run_logs')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_athlete_id'))

    op.drop_table('plans')
    with op.batch_alter_table('pain_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pain_flags_athlete_id'))

    op.drop_table('pain_flags')
    with op.batch_alter_table('inbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inbox_athlete_id'))

    op.drop_table('inbox')
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index('ix_deliveries_retry')
        batch_op.drop_index(batch_op.f('ix_deliveries_athlete_id'))

    op.drop_table('deliveries')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkins_athlete_id'))

    op.drop_table('checkins')
    with op.batch_alter_table('adjustments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_adjustments_athlete_id'))
        batch_op.drop_index('ix_adjustments_athlete_date')

    op.drop_table('adjustments')
    with op.batch_alter_table('athletes', schema=None) as batch_op:
        batch_op.drop_index('ix_athletes_due_weekly')
        batch_op.drop_index('ix_athletes_due_morning')
        batch_op.drop_index('ix_athletes_due_evening')

    op.drop_table('athletes')

