"""a run log remembers the file it was read from

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 00:30:00

A run sent as a watch file (.fit, .gpx, .tcx; issue 17) is logged from it. The same file
sent twice must be recognised and said, not logged twice, so a log keeps the key of its
file (the first 32 hex digits of the SHA-256 of the file as decoded, unzipped), indexed with
the athlete. Typed logs and older rows keep NULL.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place (ALTER TABLE ... ADD COLUMN on both backends): batch mode would copy the table.
    op.add_column("run_logs", sa.Column("source_sha256", sa.String(length=64), nullable=True))
    op.create_index(
        "ix_run_logs_athlete_source", "run_logs", ["athlete_id", "source_sha256"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_run_logs_athlete_source", table_name="run_logs")
    # In place (ALTER TABLE ... DROP COLUMN, SQLite 3.35 and later), as 0005 does.
    op.drop_column("run_logs", "source_sha256")
