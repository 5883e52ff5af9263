"""illness periods

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 00:20:00

COACHING.md §7b: "/sick" opens an illness period (the neck check's answer once given) that
the morning push and /today read, and "better" closes it on the first day back. One row per
period, kept after it closes, so a season's illnesses can be shown and checked.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "illnesses",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("athlete_id", sa.BigInteger(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("above_neck", sa.Boolean(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_illnesses_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_illnesses")),
    )
    op.create_index(op.f("ix_illnesses_athlete_id"), "illnesses", ["athlete_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_illnesses_athlete_id"), table_name="illnesses")
    op.drop_table("illnesses")
