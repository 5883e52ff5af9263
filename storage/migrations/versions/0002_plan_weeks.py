"""plans stored a week per row

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 23:00:00

A plan was one JSON document (100-270 kB of cued sessions). The morning fan-out needs one
or two weeks of it per athlete, and cutting those out of the whole document cost most of a
morning's database time. Now ``plans`` keeps what holds for the whole plan (goal, race day,
paces) and ``plan_weeks`` one row per week.

Existing plans are split in batches. SQLite cannot drop a column or tighten NOT NULL in
place, so batch mode copies ``plans`` into a new table and drops the old one; with foreign
keys on, that drop would cascade into ``plan_weeks``. The weeks are therefore staged in a
table without constraints and moved into ``plan_weeks`` after ``plans`` has its final shape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 200

#: ``plans`` with the columns of both revisions (each step touches the ones it has).
_plans_v1 = sa.table(
    "plans",
    sa.column("id", sa.Integer()),
    sa.column("start", sa.Date()),
    sa.column("body", sa.JSON()),
    sa.column("goal", sa.String()),
    sa.column("race_date", sa.Date()),
    sa.column("paces", sa.Text()),
)


def _weeks_table(name: str) -> sa.TableClause:
    return sa.table(
        name,
        sa.column("plan_id", sa.Integer()),
        sa.column("start", sa.Date()),
        sa.column("body", sa.Text()),
    )


_staging = _weeks_table("plan_weeks_staging")


def _batches(conn: sa.Connection) -> Iterator[list[int]]:
    ids = [row[0] for row in conn.execute(sa.select(_plans_v1.c.id).order_by(_plans_v1.c.id))]
    for first in range(0, len(ids), BATCH):
        yield ids[first : first + BATCH]


def _as_dict(body: Any) -> dict[str, Any]:
    return json.loads(body) if isinstance(body, str) else dict(body)


def upgrade() -> None:
    op.create_table(
        "plan_weeks_staging",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("goal", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("race_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("paces", sa.Text(), nullable=True))

    conn = op.get_bind()
    for ids in _batches(conn):
        rows = conn.execute(
            sa.select(_plans_v1.c.id, _plans_v1.c.body).where(_plans_v1.c.id.in_(ids))
        ).all()
        heads: list[dict[str, Any]] = []
        weeks: list[dict[str, Any]] = []
        for plan_id, raw in rows:
            body = _as_dict(raw)
            race = body.get("race_date")
            heads.append(
                {
                    "b_id": plan_id,
                    "b_goal": body["goal"],
                    "b_race": date.fromisoformat(race) if race else None,
                    "b_paces": json.dumps(body["paces"]),
                }
            )
            weeks.extend(
                {
                    "plan_id": plan_id,
                    "start": date.fromisoformat(week["start"]),
                    "body": json.dumps(week),
                }
                for week in body["weeks"]
            )
        conn.execute(
            _plans_v1.update()
            .where(_plans_v1.c.id == sa.bindparam("b_id"))
            .values(
                goal=sa.bindparam("b_goal"),
                race_date=sa.bindparam("b_race", type_=sa.Date()),
                paces=sa.bindparam("b_paces"),
            ),
            heads,
        )
        if weeks:
            conn.execute(_staging.insert(), weeks)

    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.alter_column("goal", existing_type=sa.String(length=24), nullable=False)
        batch_op.alter_column("paces", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("body")

    op.create_table(
        "plan_weeks",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["plans.id"],
            name=op.f("fk_plan_weeks_plan_id_plans"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("plan_id", "start", name=op.f("pk_plan_weeks")),
    )
    op.execute(
        "INSERT INTO plan_weeks (plan_id, start, body) "
        "SELECT plan_id, start, body FROM plan_weeks_staging"
    )
    op.drop_table("plan_weeks_staging")


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body", sa.JSON(), nullable=True))

    conn = op.get_bind()
    weeks_t = _weeks_table("plan_weeks")
    plans_t = _plans_v1
    for ids in _batches(conn):
        heads = conn.execute(
            sa.select(
                plans_t.c.id, plans_t.c.start, plans_t.c.goal, plans_t.c.race_date, plans_t.c.paces
            ).where(plans_t.c.id.in_(ids))
        ).all()
        weeks: dict[int, list[Any]] = {plan_id: [] for plan_id in ids}
        for plan_id, body in conn.execute(
            sa.select(weeks_t.c.plan_id, weeks_t.c.body)
            .where(weeks_t.c.plan_id.in_(ids))
            .order_by(weeks_t.c.plan_id, weeks_t.c.start)
        ):
            weeks[plan_id].append(json.loads(body))
        bodies = [
            {
                "b_id": plan_id,
                "b_body": {
                    "goal": goal,
                    "start": start.isoformat() if isinstance(start, date) else str(start),
                    "race_date": (
                        race.isoformat() if isinstance(race, date) else race
                    ),
                    "paces": json.loads(paces),
                    "weeks": weeks[plan_id],
                },
            }
            for plan_id, start, goal, race, paces in heads
        ]
        if bodies:
            conn.execute(
                plans_t.update()
                .where(plans_t.c.id == sa.bindparam("b_id"))
                .values(body=sa.bindparam("b_body", type_=sa.JSON())),
                bodies,
            )

    op.drop_table("plan_weeks")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.alter_column("body", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("paces")
        batch_op.drop_column("race_date")
        batch_op.drop_column("goal")
