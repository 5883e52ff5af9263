"""a plan keeps what the planner said of it

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:00:00

The planner (COACHING.md §3b) says what the race needs of the long run and what the plan
could not give the athlete (a runway too short, ...). /plan shows both, but it shows a plan
read back from storage, which kept neither. ``plans.notes`` holds them as JSON text
(``{"race_need_long_run_min": ..., "warnings": [...]}``); NULL when the planner said
nothing, as for every plan saved before this revision.

The downgrade drops the column in place (``ALTER TABLE ... DROP COLUMN``, SQLite 3.35 and
later), not in batch mode: batch mode would copy ``plans`` and drop the old table, and with
foreign keys on that drop cascades into ``plan_weeks`` (see revision 0002).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("plans", "notes")
