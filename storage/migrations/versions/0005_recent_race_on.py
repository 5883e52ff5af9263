"""the athlete's recent race keeps its date

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00

A time trial or race logged after a run re-derives the athlete's paces (COACHING.md §2,
§3b) and becomes the profile's recent race. Its date says how fresh that evidence is; races
given at onboarding have none and keep NULL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("athletes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recent_race_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # In place (ALTER TABLE ... DROP COLUMN, SQLite 3.35 and later), not in batch mode:
    # batch mode copies ``athletes`` and drops the old table, and with foreign keys on that
    # drop cascades into every table of the athlete's (plans, logs, check-ins, ...).
    op.drop_column("athletes", "recent_race_on")
