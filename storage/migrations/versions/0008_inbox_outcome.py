"""the inbox records what became of each message

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 00:00:00

The inbox kept a message before any handler acted on it, and a redelivered update was then
dropped as a duplicate: a process killed mid-handling lost the answer (issue #15). Now a row
says whether its update was handled:

* ``claimed_at``: when a process last took it in hand (a lease: a row in hand for longer
  than a minute belongs to a process that died);
* ``handled_at``: when the handlers finished with it (NULL while in hand, or after a crash);
* ``outcome``: what became of it (``handled``, ``failed``, ``throttled``, ``ignored``);
* ``payload``: the update as Telegram sent it (JSON), kept only until it is handled, so a
  restart can hand an update that died with the process to the handlers again.

Rows from before this revision were acted on when they arrived: they are marked handled at
their arrival, so nothing old is replayed. The partial index finds the unhandled few.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # In place (ALTER TABLE ... ADD COLUMN on both backends): batch mode would copy the table.
    op.add_column("inbox", sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("inbox", sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("inbox", sa.Column("outcome", sa.String(length=16), nullable=True))
    op.add_column("inbox", sa.Column("payload", sa.Text(), nullable=True))
    op.execute("UPDATE inbox SET claimed_at = received_at, handled_at = received_at, outcome = 'handled'")
    op.create_index(
        "ix_inbox_unhandled",
        "inbox",
        ["received_at"],
        unique=False,
        sqlite_where=sa.text("handled_at IS NULL"),
        postgresql_where=sa.text("handled_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_inbox_unhandled", table_name="inbox")
    op.drop_column("inbox", "payload")
    op.drop_column("inbox", "outcome")
    op.drop_column("inbox", "handled_at")
    op.drop_column("inbox", "claimed_at")
