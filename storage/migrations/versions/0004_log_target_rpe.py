"""a run log keeps the target RPE of the session it fulfils

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 00:50:00

Readiness compares the RPE of recent quality sessions with their target. The target came
from the plan, so every morning read and validated up to three past weeks of it per athlete
just for two numbers. A log now records the target when it is logged; older logs keep
NULL and readiness falls back to the plan for them.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("run_logs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_rpe", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run_logs", schema=None) as batch_op:
        batch_op.drop_column("target_rpe")
