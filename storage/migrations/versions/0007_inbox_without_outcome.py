"""the inbox drops its outcome column

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 01:00:00

The inbox keeps every message a known athlete sends, before anything acts on it. Its
``outcome`` column was meant to say what became of each message, but nothing ever wrote it
(the code that would have was removed as dead in the house redesign, #13), so every row
held NULL. The export no longer carries an always-empty column.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place (ALTER TABLE ... DROP COLUMN: SQLite 3.35 and later, PostgreSQL): the column
    # has no index or constraint, and batch mode's copy of the table is not needed.
    op.drop_column("inbox", "outcome")


def downgrade() -> None:
    op.add_column("inbox", sa.Column("outcome", sa.String(length=24), nullable=True))
