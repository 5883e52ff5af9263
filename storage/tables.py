"""The schema, as SQLAlchemy tables. Alembic's revisions are the source of truth for the
database; this module must stay in step with them (a test compares the two).

Every table that holds an athlete's data has ``athlete_id`` with ON DELETE CASCADE, so
deleting the athlete row removes all of it (the /delete command relies on this).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


def _week_document(value: str) -> dict[str, Any]:
    head, *days = value.split("\n")
    return {**json.loads(head), "sessions": [s for day in days for s in json.loads(day)]}


#: Marks a text column that holds JSON (an export shows it nested, like a JSON column).
JSON_TEXT: dict[str, Any] = {"decode": json.loads}
#: Marks a stored week's JSON Lines (an export shows the week as one document).
WEEK_LINES: dict[str, Any] = {"decode": _week_document}


def _athlete_fk() -> Mapped[int]:
    return mapped_column(
        BigInteger, ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )


class AthleteRow(Base):
    """One athlete, keyed by Telegram user id. Profile columns are null until onboarded."""

    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    first_name: Mapped[str | None] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="active", nullable=False)
    # profile
    goal: Mapped[str | None] = mapped_column(String(24))
    race_date: Mapped[date | None] = mapped_column(Date)
    trail_distance_km: Mapped[float | None] = mapped_column(Float)
    trail_elevation_m: Mapped[float | None] = mapped_column(Float)
    run_days: Mapped[str | None] = mapped_column(String(16))  # "1,3,5,6" (Mon=0)
    long_run_day: Mapped[int | None] = mapped_column(Integer)
    weekly_km: Mapped[float | None] = mapped_column(Float)
    longest_run_km: Mapped[float | None] = mapped_column(Float)
    track_access: Mapped[bool | None] = mapped_column(Boolean)
    trail_access: Mapped[bool | None] = mapped_column(Boolean)
    doubles: Mapped[bool | None] = mapped_column(Boolean)
    recent_race_km: Mapped[float | None] = mapped_column(Float)
    recent_race_s: Mapped[float | None] = mapped_column(Float)
    recent_race_on: Mapped[date | None] = mapped_column(Date)  # when it was run, if known
    easy_pace_s_per_km: Mapped[float | None] = mapped_column(Float)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC", nullable=False)
    push_time: Mapped[str] = mapped_column(String(5), default="06:30", nullable=False)
    reminder_time: Mapped[str] = mapped_column(String(5), default="20:00", nullable=False)
    units: Mapped[str] = mapped_column(String(4), default="km", nullable=False)
    rest_day_notes: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    # dialog: which question is open, and the answers so far (survives restarts)
    dialog: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # scheduling: the next UTC instant each push is due (indexed for the tick's fan-out)
    next_morning_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_evening_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_weekly_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)

    __table_args__ = (
        Index("ix_athletes_due_morning", "status", "next_morning_at"),
        Index("ix_athletes_due_evening", "status", "next_evening_at"),
        Index("ix_athletes_due_weekly", "status", "next_weekly_at"),
    )


class PlanRow(Base):
    """One version of an athlete's plan: what holds for all of it (goal, race day, paces).

    Its weeks are rows of :class:`PlanWeekRow`, so a day's read touches one or two weeks of
    text instead of the whole plan (a 24-week plan is about 100 kB of cued JSON). A rebuild
    or an override adds a version; the newest is the current plan.
    """

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    start: Mapped[date] = mapped_column(Date, nullable=False)
    goal: Mapped[str] = mapped_column(String(24), nullable=False)
    race_date: Mapped[date | None] = mapped_column(Date)
    paces: Mapped[str] = mapped_column(Text, nullable=False, info=JSON_TEXT)  # TrainingPaces
    # What the planner said of the plan (revision 0006): the race's long-run need and its
    # warnings, as JSON; NULL when it said nothing (and for plans saved before 0006).
    notes: Mapped[str | None] = mapped_column(Text, info=JSON_TEXT)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)

    __table_args__ = (UniqueConstraint("athlete_id", "version", name="uq_plans_athlete_version"),)


class PlanWeekRow(Base):
    """One Monday-to-Sunday week of a plan version: JSON Lines of the week's fields, then of
    each day's sessions (see :mod:`storage.plans`).

    Kept as text, not a JSON column: it is read back as text and validated a day at a time,
    straight from the string, so the database's JSON type would add a parse for nothing.
    """

    __tablename__ = "plan_weeks"

    plan_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("plans.id", ondelete="CASCADE"), primary_key=True
    )
    start: Mapped[date] = mapped_column(Date, primary_key=True)  # the week's Monday
    body: Mapped[str] = mapped_column(Text, nullable=False, info=WEEK_LINES)


class CheckInRow(Base):
    """One morning check-in per athlete and local date; later answers update it."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    local_date: Mapped[date] = mapped_column(Date, nullable=False)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    sleep_quality: Mapped[int | None] = mapped_column(Integer)
    soreness: Mapped[int | None] = mapped_column(Integer)
    soreness_where: Mapped[str | None] = mapped_column(String(64))
    stress: Mapped[int | None] = mapped_column(Integer)
    mood: Mapped[int | None] = mapped_column(Integer)
    motivation: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)

    __table_args__ = (
        UniqueConstraint("athlete_id", "local_date", name="uq_checkins_athlete_date"),
    )


class RunLogRow(Base):
    """A logged run (or a skip), with the words the athlete used."""

    __tablename__ = "run_logs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    local_date: Mapped[date] = mapped_column(Date, nullable=False)
    slot: Mapped[str | None] = mapped_column(String(2))
    status: Mapped[str] = mapped_column(String(8), nullable=False)
    duration_min: Mapped[float | None] = mapped_column(Float)
    distance_km: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[int | None] = mapped_column(Integer)
    surface: Mapped[str | None] = mapped_column(String(12))
    kind: Mapped[str | None] = mapped_column(String(12))
    target_rpe: Mapped[int | None] = mapped_column(Integer)  # of the planned session
    reps: Mapped[str | None] = mapped_column(String(32))
    pain_where: Mapped[str | None] = mapped_column(String(64))
    pain_score: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    raw_text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    # The key of the watch file it was read from (revision 0009): the same file sent twice
    # is recognised, not logged twice. NULL for typed logs.
    source_sha256: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_run_logs_athlete_date", "athlete_id", "local_date"),
        Index("ix_run_logs_athlete_source", "athlete_id", "source_sha256"),
    )


class PainFlagRow(Base):
    """A pain report, open until resolved."""

    __tablename__ = "pain_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    reported_on: Mapped[date] = mapped_column(Date, nullable=False)
    location: Mapped[str] = mapped_column(String(64), nullable=False)
    score: Mapped[int] = mapped_column(Integer, nullable=False)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class IllnessRow(Base):
    """An illness period (COACHING.md §7b): open until the athlete is better.

    ``above_neck`` is NULL until the neck check is answered; ``ended_on`` is the first day
    back (NULL while it lasts)."""

    __tablename__ = "illnesses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    started_on: Mapped[date] = mapped_column(Date, nullable=False)
    above_neck: Mapped[bool | None] = mapped_column(Boolean)
    ended_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class AdjustmentRow(Base):
    """A change to the plan with its one-line reason (shown by /why)."""

    __tablename__ = "adjustments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    local_date: Mapped[date] = mapped_column(Date, nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)

    __table_args__ = (Index("ix_adjustments_athlete_date", "athlete_id", "local_date"),)


class InboxRow(Base):
    """Every message the athlete sent, kept as received (nothing they typed is lost), and
    what became of it: ``handled_at`` stays NULL until the handlers have finished, so an
    update that died with the process is handed to them again (revision 0008)."""

    __tablename__ = "inbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    update_id: Mapped[int] = mapped_column(BigInteger, nullable=False)
    text: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[int | None] = mapped_column(BigInteger)  # Telegram's, for edits
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # last handed over
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))  # handled/failed/throttled/ignored
    payload: Mapped[str | None] = mapped_column(Text)  # the update's JSON, until handled

    __table_args__ = (
        UniqueConstraint("athlete_id", "update_id", name="uq_inbox_athlete_update"),
        Index("ix_inbox_message", "athlete_id", "message_id"),
        Index(
            "ix_inbox_unhandled",
            "received_at",
            sqlite_where=sql_text("handled_at IS NULL"),
            postgresql_where=sql_text("handled_at IS NULL"),
        ),
    )


class DeliveryRow(Base):
    """One push per (athlete, kind, local date): claimed before sending, marked after."""

    __tablename__ = "deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    athlete_id: Mapped[int] = _athlete_fk()
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    local_date: Mapped[date] = mapped_column(Date, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False)  # claimed/sent/failed/stale
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("athlete_id", "kind", "local_date", name="uq_deliveries_once"),
        Index("ix_deliveries_retry", "status", "next_attempt_at"),
    )


ATHLETE_TABLES: tuple[str, ...] = tuple(
    t.name for t in Base.metadata.sorted_tables if "athlete_id" in t.c
)

#: Tables whose rows belong to a row of an athlete table (a plan version's weeks), with the
#: column pointing at that row: the export follows it; the delete cascades through it.
CHILD_TABLES: dict[str, Column[Any]] = {
    t.name: fk.parent
    for t in Base.metadata.sorted_tables
    if "athlete_id" not in t.c
    for fk in t.foreign_keys
    if fk.column.table.name in ATHLETE_TABLES
}
