"""a stored week is JSON Lines: its fields, then a line of sessions per day

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 23:55:00

A morning push reads one day of a week; validating the whole week's JSON (seven days of
cued sessions, about 8 kB) was the largest cost per athlete in the fan-out. Each
``plan_weeks.body`` becomes JSON Lines: the week's own fields (start, index, phase, deload,
trail share) on the first line, then Monday's to Sunday's sessions, one JSON array per
line, so a reader validates only the days it reads. Compact JSON never holds a raw newline.

No column changes; the bodies are rewritten in batches, and back on downgrade.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 200
DAYS = 7

_plans = sa.table("plans", sa.column("id", sa.Integer()))
_weeks = sa.table(
    "plan_weeks",
    sa.column("plan_id", sa.Integer()),
    sa.column("start", sa.Date()),
    sa.column("body", sa.Text()),
)


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _as_lines(body: str) -> str:
    week = json.loads(body)
    sessions = week.pop("sessions", [])
    start = date.fromisoformat(week["start"])
    days: list[list[Any]] = [[] for _ in range(DAYS)]
    for session in sessions:
        offset = (date.fromisoformat(session["date"]) - start).days
        if not 0 <= offset < DAYS:
            raise ValueError(f"a session on {session['date']} lies outside the week of {start}")
        days[offset].append(session)
    return "\n".join([_compact(week), *(_compact(day) for day in days)])


def _as_document(body: str) -> str:
    head, *days = body.split("\n")
    week = json.loads(head)
    week["sessions"] = [session for day in days for session in json.loads(day)]
    return _compact(week)


def _batches(conn: sa.Connection) -> Iterator[list[int]]:
    ids = [row[0] for row in conn.execute(sa.select(_plans.c.id).order_by(_plans.c.id))]
    for first in range(0, len(ids), BATCH):
        yield ids[first : first + BATCH]


def _rewrite(convert: Callable[[str], str]) -> None:
    conn = op.get_bind()
    for ids in _batches(conn):
        rows = conn.execute(
            sa.select(_weeks.c.plan_id, _weeks.c.start, _weeks.c.body).where(
                _weeks.c.plan_id.in_(ids)
            )
        ).all()
        if not rows:
            continue
        conn.execute(
            _weeks.update()
            .where(
                _weeks.c.plan_id == sa.bindparam("b_plan"),
                _weeks.c.start == sa.bindparam("b_start", type_=sa.Date()),
            )
            .values(body=sa.bindparam("b_body")),
            [{"b_plan": p, "b_start": s, "b_body": convert(b)} for p, s, b in rows],
        )


def upgrade() -> None:
    _rewrite(_as_lines)


def downgrade() -> None:
    _rewrite(_as_document)
