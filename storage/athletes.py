"""Athletes: creation on /start, profile and dialog updates, status. Returns domain records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, cast

from sqlalchemy import bindparam, func, select, update

from coach.models import AthleteProfile, GoalKind, RaceResult, Units
from storage.tables import AthleteRow
from storage.unit import REMEMBERED, SessionSource, Statements, first_row, rows_changed, scope_of

STATUSES = ("active", "paused", "blocked")
PROFILE_COLUMNS = frozenset(
    {
        "goal", "race_date", "trail_distance_km", "trail_elevation_m", "run_days", "long_run_day",
        "weekly_km", "longest_run_km", "track_access", "trail_access", "doubles", "recent_race_km",
        "recent_race_s", "recent_race_on", "easy_pace_s_per_km", "timezone", "push_time",
        "reminder_time", "units", "rest_day_notes", "first_name",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class AthleteRecord:
    """An athlete as the rest of the code sees it: no ORM row escapes storage."""

    id: int
    chat_id: int
    first_name: str | None
    status: str
    timezone: str
    push_time: time
    reminder_time: time
    units: Units
    fields: dict[str, Any]  # raw profile answers, possibly incomplete during onboarding
    dialog: dict[str, Any] | None
    onboarded_at: datetime | None
    created_at: datetime
    # The profile, validated once per record: an update asks for it three or four times.
    _profile: list[AthleteProfile | None] = field(
        default_factory=list, init=False, repr=False, compare=False, hash=False
    )

    @property
    def onboarded(self) -> bool:
        return self.onboarded_at is not None

    def profile(self) -> AthleteProfile | None:
        """The coach's profile, or None while onboarding has not collected enough."""
        if not self._profile:
            self._profile.append(self._validated_profile())
        return self._profile[0]

    def _validated_profile(self) -> AthleteProfile | None:
        f = self.fields
        if f.get("goal") is None or f.get("run_days") is None:
            return None
        race = None
        if f.get("recent_race_km") and f.get("recent_race_s"):
            race = RaceResult(
                distance_km=f["recent_race_km"],
                time_s=f["recent_race_s"],
                on=f.get("recent_race_on"),
            )
        days = tuple(int(d) for d in str(f["run_days"]).split(",") if d != "")
        try:
            return AthleteProfile(
                goal=GoalKind(f["goal"]),
                race_date=f.get("race_date"),
                trail_distance_km=f.get("trail_distance_km"),
                trail_elevation_m=f.get("trail_elevation_m"),
                run_days=days,
                long_run_day=f.get("long_run_day")
                if f.get("long_run_day") is not None
                else days[-1],
                weekly_km=f.get("weekly_km") or 20.0,
                longest_run_km=f.get("longest_run_km") or 8.0,
                track_access=bool(f.get("track_access")),
                trail_access=bool(f.get("trail_access")),
                doubles=bool(f.get("doubles")),
                recent_race=race,
                easy_pace_s_per_km=f.get("easy_pace_s_per_km"),
                units=self.units,
                timezone=self.timezone,
                push_time=self.push_time,
                reminder_time=self.reminder_time,
                rest_day_notes=bool(f.get("rest_day_notes", True)),
            )
        except ValueError:
            return None


def _parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _record(row: AthleteRow) -> AthleteRecord:
    fields = {name: getattr(row, name) for name in PROFILE_COLUMNS}
    return AthleteRecord(
        id=row.id,
        chat_id=row.chat_id,
        first_name=row.first_name,
        status=row.status,
        timezone=row.timezone,
        push_time=_parse_hhmm(row.push_time),
        reminder_time=_parse_hhmm(row.reminder_time),
        units=Units(row.units),
        fields=fields,
        dialog=row.dialog,
        onboarded_at=row.onboarded_at,
        created_at=row.created_at,
    )


def profile_columns(profile: AthleteProfile) -> dict[str, Any]:
    """The columns that store ``profile`` (used by onboarding, /settings and tests)."""
    race = profile.recent_race
    return {
        "goal": profile.goal.value,
        "race_date": profile.race_date,
        "trail_distance_km": profile.trail_distance_km,
        "trail_elevation_m": profile.trail_elevation_m,
        "run_days": ",".join(str(d) for d in sorted(profile.run_days)),
        "long_run_day": profile.long_run_day,
        "weekly_km": profile.weekly_km,
        "longest_run_km": profile.longest_run_km,
        "track_access": profile.track_access,
        "trail_access": profile.trail_access,
        "doubles": profile.doubles,
        "recent_race_km": race.distance_km if race else None,
        "recent_race_s": race.time_s if race else None,
        "recent_race_on": race.on if race else None,
        "easy_pace_s_per_km": profile.easy_pace_s_per_km,
        "timezone": profile.timezone,
        "push_time": profile.push_time.strftime("%H:%M"),
        "reminder_time": profile.reminder_time.strftime("%H:%M"),
        "units": profile.units.value,
        "rest_day_notes": profile.rest_day_notes,
    }


#: One athlete's row, as a Core statement built once: read on nearly every update, where
#: the ORM's identity map and a statement built per call cost more than the read.
ATHLETE_BY_ID = select(*AthleteRow.__table__.columns).where(
    AthleteRow.id == bindparam("athlete_id")
)


#: Set the columns given with the parameters on one athlete's row (built once).
_SET = update(AthleteRow).where(AthleteRow.id == bindparam("row_id"))


def set_dialog_on(
    conn: Statements, athlete_id: int, dialog: dict[str, Any] | None, now: datetime
) -> None:
    """Set the conversation's open question (None: none) on the athlete's row, on ``conn``:
    also a part of a larger write (storage.checkin's answer and its next question)."""
    rows_changed(conn, _SET, {"row_id": athlete_id, "dialog": dialog, "updated_at": now})


class AthleteRepository:
    """Athlete rows. Each method is one short transaction."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def get(self, athlete_id: int) -> AthleteRecord | None:
        """The athlete's record (read once per update: storage.unit.remembering)."""
        remembered = REMEMBERED.get()
        if remembered is not None and athlete_id in remembered:
            found: AthleteRecord | None = remembered[athlete_id]
            return found
        key = {"athlete_id": athlete_id}
        row = await self._sessions.run(lambda conn: first_row(conn, ATHLETE_BY_ID, key))
        record = _record(cast(AthleteRow, row)) if row else None
        if remembered is not None:
            remembered[athlete_id] = record
        return record

    async def register(
        self, athlete_id: int, chat_id: int, first_name: str | None, now: datetime
    ) -> tuple[AthleteRecord, bool]:
        """The athlete for this Telegram user, created on first contact; (record, created).

        A returning athlete who had blocked the bot is reactivated: /start after unblocking is
        how Telegram users say they want the bot back.
        """
        async with self._sessions.begin() as session:
            row = await session.get(AthleteRow, athlete_id, with_for_update=True)
            created = row is None
            if row is None:
                row = AthleteRow(
                    id=athlete_id,
                    chat_id=chat_id,
                    first_name=first_name,
                    status="active",
                    created_at=now,
                    updated_at=now,
                )
                session.add(row)
            else:
                row.chat_id = chat_id
                if first_name:
                    row.first_name = first_name
                if row.status == "blocked":
                    row.status = "active"
                row.updated_at = now
            await session.flush()
            return _record(row), created

    async def update_fields(self, athlete_id: int, now: datetime, **values: Any) -> None:
        """Store profile answers as they arrive."""
        unknown = set(values) - PROFILE_COLUMNS
        if unknown:
            raise ValueError(f"not profile columns: {sorted(unknown)}")
        async with self._sessions.begin() as session:
            await session.execute(
                update(AthleteRow)
                .where(AthleteRow.id == athlete_id)
                .values(updated_at=now, **values)
            )

    async def set_dialog(
        self, athlete_id: int, dialog: dict[str, Any] | None, now: datetime
    ) -> None:
        await self._sessions.run(
            lambda conn: set_dialog_on(conn, athlete_id, dialog, now), write=True
        )

    async def set_status(self, athlete_id: int, status: str, now: datetime) -> None:
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        async with self._sessions.begin() as session:
            await session.execute(
                update(AthleteRow)
                .where(AthleteRow.id == athlete_id)
                .values(
                    status=status, updated_at=now, paused_at=now if status == "paused" else None
                )
            )

    async def mark_onboarded(self, athlete_id: int, now: datetime) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(AthleteRow)
                .where(AthleteRow.id == athlete_id)
                .values(onboarded_at=now, dialog=None, updated_at=now)
            )

    async def delete(self, athlete_id: int) -> bool:
        """Remove the athlete and, by cascade, every row of theirs."""
        from storage.plans import forget_plans  # plans import this module

        async with self._sessions.begin() as session:
            forget_plans(session, athlete_id)
            row = await session.get(AthleteRow, athlete_id)
            if row is None:
                return False
            await session.delete(row)
            return True

    async def count(self, status: str | None = None) -> int:
        async with self._sessions() as session:
            stmt = select(func.count()).select_from(AthleteRow)
            if status:
                stmt = stmt.where(AthleteRow.status == status)
            return int((await session.execute(stmt)).scalar_one())


def today_in(tz_name: str, now: datetime) -> date:
    """The athlete's local date at ``now``."""
    from zoneinfo import ZoneInfo

    return now.astimezone(ZoneInfo(tz_name)).date()
