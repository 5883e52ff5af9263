"""Bulk reads for the scheduler's fan-out: everything the coach needs for a page of athletes.

The morning push of 100,000 athletes cannot afford a handful of queries and a whole plan
per athlete: a stored plan is the coach's JSON for every week to race day (100-250 kB), and
parsing and validating it would be most of the cost of an athlete's morning. So:

* a page of athletes is read in a fixed number of queries (athletes, check-ins, logs, pain
  flags, plans), never one query per athlete;
* each plan is cut down to what a day needs: the goal, race date and paces, the week of the
  day, and those of the three weeks before it that hold one of the athlete's logs (the
  readiness compares the quality sessions logged in the last 21 days with their planned
  target RPE). The cut is made *in the database* by finding each week's opening text in the
  stored JSON (no JSON parse of the whole plan: parsing 100 kB per athlete was most of a
  morning's database time); a plan that is not stored as expected is cut by the database's
  JSON functions instead (one parse per row), and failing that loaded whole;
* only those pieces are validated into models.

The coach gets a :class:`~coach.models.Plan` holding those weeks, which is all that
:meth:`services.coaching.CoachingService.day_for` reads. A slice whose weeks are not the
consecutive Mondays they should be makes the reader fall back to the whole stored plan.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, cast

from pydantic import BaseModel, ConfigDict, TypeAdapter
from sqlalchemy import Date, TextClause, bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.models import CheckIn, GoalKind, PainFlag, Plan, TrainingPaces, Week
from coach.readiness import SCORING
from storage.athletes import AthleteRecord
from storage.athletes import _record as athlete_record
from storage.journal import StoredLog
from storage.journal import _checkin as checkin_model
from storage.journal import _log as stored_log
from storage.journal import _pain as pain_model
from storage.plans import PlanRepository
from storage.tables import AthleteRow, CheckInRow, PainFlagRow, RunLogRow

log = logging.getLogger(__name__)

#: Weeks before the day's week that the slice carries: readiness looks this far back.
WEEKS_BACK = math.ceil(SCORING.quality_window_days / 7)
_BACKS = range(WEEKS_BACK, -1, -1)  # i-3, i-2, i-1, i: oldest first, the day's week last

_LATEST = "p.version = (SELECT max(q.version) FROM plans q WHERE q.athlete_id = p.athlete_id)"


def _sqlite_week(back: int) -> str:
    # '$.none' matches nothing and yields null, like a week before the plan's first one.
    return f"CASE WHEN i - {back} >= 0 THEN '$.weeks[' || (i - {back}) || ']' ELSE '$.none' END"


def _postgres_week(back: int) -> str:
    return f"CASE WHEN i - {back} >= 0 THEN b -> 'weeks' -> (i - {back}) END"


@lru_cache(maxsize=64)
def _slice_statement(postgres: bool, backs: tuple[int, ...]) -> TextClause:
    """The query returning, per athlete, the plan's start and a JSON array of the goal, the
    race date, the paces and the weeks ``backs`` weeks before ``:monday``'s (null when the
    plan has no such week). One JSON parse per row."""
    if postgres:
        sql = (
            "WITH latest AS MATERIALIZED (SELECT p.athlete_id, p.start, p.body::jsonb AS b, "
            "((CAST(:monday AS date) - p.start) / 7) AS i "
            f"FROM plans p WHERE p.athlete_id IN :ids AND {_LATEST}) "
            "SELECT athlete_id, start, jsonb_build_array(b -> 'goal', b -> 'race_date', "
            "b -> 'paces', " + ", ".join(_postgres_week(back) for back in backs) + ")::text "
            "FROM latest"
        )
    else:
        sql = (
            "SELECT athlete_id, start, json_extract(body, '$.goal', '$.race_date', '$.paces', "
            + ", ".join(_sqlite_week(back) for back in backs)
            + ") FROM (SELECT p.athlete_id, p.start, p.body, "
            "CAST((julianday(:monday) - julianday(p.start)) / 7 AS INTEGER) AS i "
            f"FROM plans p WHERE p.athlete_id IN :ids AND {_LATEST})"
        )
    return text(sql).bindparams(bindparam("ids", expanding=True), bindparam("monday", type_=Date()))


#: How ``PlanRepository`` stores a plan: ``json.dumps`` of the model, default separators, the
#: weeks last and each week opening with its Monday. The fast path reads windows of the
#: text around those markers and never parses the rest; any surprise sends the athlete to
#: the JSON-path query above instead.
_WEEKS_KEY = '"weeks": ['
HEAD_CHARS = 4096
WEEK_CHARS = 16384  # a week is 8-10 kB; a longer one takes the JSON path


def _marker(monday: date, back: int) -> str:
    return f'{{"start": "{(monday - timedelta(weeks=back)).isoformat()}", "index": '


@lru_cache(maxsize=16)
def _window_statement(postgres: bool, weeks: int) -> TextClause:
    """Per athlete: the plan's start, its first characters (goal, race date, paces) and a
    window of text from each week marker ``:m0``, ``:m1`` ... on (one text search each)."""
    body = "p.body::text" if postgres else "p.body"
    find = "strpos({body}, :m{k})" if postgres else "instr({body}, :m{k})"
    windows = ", ".join(
        f"substr({body}, {find.format(body=body, k=k)}, {WEEK_CHARS})" for k in range(weeks)
    )
    sql = (
        f"SELECT p.athlete_id, p.start, substr({body}, 1, {HEAD_CHARS}), {windows} "
        f"FROM plans p WHERE p.athlete_id IN :ids AND {_LATEST}"
    )
    return text(sql).bindparams(bindparam("ids", expanding=True))


class _PlanHead(BaseModel):
    model_config = ConfigDict(extra="ignore")

    goal: GoalKind
    race_date: date | None = None
    paces: TrainingPaces


def _cut_week(window: str | None, marker: str, next_marker: str) -> str | None:
    """The JSON of the week that ``window`` starts with, or None when it does not."""
    if not window or not window.startswith(marker):
        return None
    end = window.find(next_marker, len(marker))
    if end >= 0:
        return window[:end].rstrip().removesuffix(",")
    if len(window) >= WEEK_CHARS:
        return None  # a week longer than the window: let the JSON path handle it
    tail = window.rstrip()
    return tail[:-2] if tail.endswith("]}") else None  # the last week closes the plan


def _plan_from_windows(
    head: str | None,
    windows: Sequence[str | None],
    start: date,
    monday: date,
    backs: tuple[int, ...],
) -> Plan | None:
    """The Plan of the text windows, or None when they do not look as expected."""
    opening = head or ""
    cut = opening.find(_WEEKS_KEY)
    if cut < 0:
        return None
    try:
        first = _PlanHead.model_validate_json(opening[:cut].rstrip().removesuffix(",") + "}")
        weeks: list[Week] = []
        for back, window in zip(backs, windows, strict=True):
            week_start = monday - timedelta(weeks=back)
            week_json = _cut_week(window, _marker(monday, back), _marker(monday, back - 1))
            if week_json is None:
                if week_start >= start:
                    return None  # the plan should hold it (or has ended): the JSON path decides
                continue  # a week before the plan began
            week = Week.model_validate_json(week_json)
            if week.start != week_start:
                return None
            weeks.append(week)
    except ValueError:
        return None
    # Every part was validated on its own: assemble without validating it all again.
    return Plan.model_construct(
        goal=first.goal,
        start=start,
        race_date=first.race_date,
        paces=first.paces,
        weeks=tuple(weeks),
    )


_ATHLETE_COLUMNS = list(AthleteRow.__table__.columns)


@lru_cache(maxsize=8)
def _slice_adapter(weeks: int) -> TypeAdapter[tuple[Any, ...]]:
    """A validator for [goal, race_date, paces, week-or-null x ``weeks``]."""
    shape = tuple.__class_getitem__((GoalKind, date | None, TrainingPaces, *[Week | None] * weeks))
    adapter: TypeAdapter[tuple[Any, ...]] = TypeAdapter(cast(Any, shape))
    return adapter


@dataclass(frozen=True, slots=True)
class AthleteDay:
    """One athlete, their plan around ``day`` and their recent journal."""

    record: AthleteRecord
    day: date
    plan: Plan | None
    checkins: list[CheckIn] = field(default_factory=list)
    logs: list[StoredLog] = field(default_factory=list)
    pains: list[PainFlag] = field(default_factory=list)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _needed_weeks(day: date, logs: Sequence[StoredLog]) -> tuple[int, ...]:
    """The weeks the coach reads, as weeks back from the day's week (oldest first): the
    day's week, and each week of the readiness window that holds one of the athlete's logs
    (readiness looks up the sessions planned on those days)."""
    monday = monday_of(day)
    start = day - timedelta(days=SCORING.quality_window_days)
    logged = {monday_of(s.log.date) for s in logs if start <= s.log.date < day}
    return tuple(back for back in _BACKS if back == 0 or monday - timedelta(weeks=back) in logged)


class FanoutReader:
    """Page-sized reads for the fan-out; a fixed number of queries per page."""

    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], dialect: str, plans: PlanRepository
    ) -> None:
        self._sessions = sessions
        self._postgres = dialect == "postgresql"
        self._plans = plans
        #: How many plans each path served: text windows, the JSON query, the whole plan.
        self.paths: dict[str, int] = {"windows": 0, "json": 0, "whole": 0}

    async def days(self, wanted: Mapping[int, date], *, history_days: int) -> dict[int, AthleteDay]:
        """For each athlete id -> local date: the record, the plan around that date and the
        journal of the ``history_days`` before it. Unknown athletes are left out."""
        if not wanted:
            return {}
        ids = sorted(wanted)
        first = min(wanted.values()) - timedelta(days=history_days)
        last = max(wanted.values())
        async with self._sessions() as session:
            rows = await session.execute(select(*_ATHLETE_COLUMNS).where(AthleteRow.id.in_(ids)))
            # Core rows carry the same attributes as the mapped class: no ORM overhead.
            records = {row.id: athlete_record(cast(AthleteRow, row)) for row in rows}
            checkins: dict[int, list[CheckIn]] = defaultdict(list)
            for c_row in await session.scalars(
                select(CheckInRow)
                .where(
                    CheckInRow.athlete_id.in_(ids),
                    CheckInRow.local_date >= first,
                    CheckInRow.local_date <= last,
                )
                .order_by(CheckInRow.athlete_id, CheckInRow.local_date)
            ):
                checkins[c_row.athlete_id].append(checkin_model(c_row))
            logs: dict[int, list[StoredLog]] = defaultdict(list)
            for l_row in await session.scalars(
                select(RunLogRow)
                .where(
                    RunLogRow.athlete_id.in_(ids),
                    RunLogRow.local_date >= first,
                    RunLogRow.local_date <= last,
                )
                .order_by(RunLogRow.athlete_id, RunLogRow.local_date, RunLogRow.id)
            ):
                logs[l_row.athlete_id].append(stored_log(l_row))
            pains: dict[int, list[PainFlag]] = defaultdict(list)
            for p_row in await session.scalars(
                select(PainFlagRow)
                .where(PainFlagRow.athlete_id.in_(ids))
                .order_by(PainFlagRow.athlete_id, PainFlagRow.reported_on, PainFlagRow.id)
            ):
                pains[p_row.athlete_id].append(pain_model(p_row))
            plans = await self._sliced_plans(session, wanted, logs)

        out: dict[int, AthleteDay] = {}
        for athlete_id, day in wanted.items():
            record = records.get(athlete_id)
            if record is None:
                continue
            start = day - timedelta(days=history_days)
            out[athlete_id] = AthleteDay(
                record=record,
                day=day,
                plan=plans.get(athlete_id),
                checkins=[c for c in checkins[athlete_id] if start <= c.date <= day],
                logs=[s for s in logs[athlete_id] if start <= s.log.date <= day],
                pains=pains[athlete_id],
            )
        return out

    async def _sliced_plans(
        self,
        session: AsyncSession,
        wanted: Mapping[int, date],
        logs: Mapping[int, list[StoredLog]],
    ) -> dict[int, Plan]:
        groups: dict[tuple[date, tuple[int, ...]], list[int]] = defaultdict(list)
        for athlete_id, day in wanted.items():
            backs = _needed_weeks(day, logs.get(athlete_id, ()))
            groups[(monday_of(day), backs)].append(athlete_id)
        plans: dict[int, Plan] = {}
        parsed: dict[tuple[date, tuple[int, ...]], list[int]] = defaultdict(list)
        for (monday, backs), ids in groups.items():
            stmt = _window_statement(self._postgres, len(backs))
            params: dict[str, Any] = {"ids": ids}
            params.update({f"m{k}": _marker(monday, b) for k, b in enumerate(backs)})
            for athlete_id, start, head, *chunks in await session.execute(stmt, params):
                plan = _plan_from_windows(head, chunks, _as_date(start), monday, backs)
                if plan is None:
                    parsed[(monday, backs)].append(athlete_id)
                else:
                    plans[athlete_id] = plan
                    self.paths["windows"] += 1
        # Plans stored some other way: cut in the database by a JSON parser, then whole.
        fallback: list[int] = []
        for (monday, backs), ids in parsed.items():
            stmt = _slice_statement(self._postgres, backs)
            result = await session.execute(stmt, {"ids": ids, "monday": monday})
            for athlete_id, start, blob in result:
                plan = _plan_from_slice(blob, _as_date(start), monday, backs)
                if plan is None:
                    fallback.append(athlete_id)
                else:
                    plans[athlete_id] = plan
                    self.paths["json"] += 1
        for athlete_id in fallback:
            whole = await self._plans.current(athlete_id)
            if whole is not None:
                plans[athlete_id] = whole
                self.paths["whole"] += 1
        return plans


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _plan_from_slice(blob: str, start: date, monday: date, backs: tuple[int, ...]) -> Plan | None:
    """The Plan of a slice, or None when it does not hold the weeks it should."""
    try:
        goal, race_date, paces, *weeks = _slice_adapter(len(backs)).validate_json(blob)
    except ValueError:
        log.warning("a plan slice did not validate; loading the whole plan")
        return None
    kept: list[Week] = []
    for back, week in zip(backs, weeks, strict=True):
        if week is not None:
            if week.start != monday - timedelta(weeks=back):
                return None
            kept.append(week)
    # Every part was validated on its own: assemble without validating it all again.
    return Plan.model_construct(
        goal=goal, start=start, race_date=race_date, paces=paces, weeks=tuple(kept)
    )
