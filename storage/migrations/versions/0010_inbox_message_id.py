"""the inbox keeps each message's Telegram id

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 00:30:00

An edited message arrives as a new update carrying the same message id and only the new
text. To tell an edit of the athlete's last log or check-in (which corrects it) from an edit
of anything else (ignored, with a note), the bot needs what the message said before: the
inbox's earlier row for that message. ``message_id`` is NULL for rows kept before this
revision (an edit of such a message is treated as an edit of anything else).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("inbox", sa.Column("message_id", sa.BigInteger(), nullable=True))
    op.create_index("ix_inbox_message", "inbox", ["athlete_id", "message_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_inbox_message", table_name="inbox")
    op.drop_column("inbox", "message_id")
