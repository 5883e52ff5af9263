"""Bulk reads for the scheduler's fan-out: everything the coach needs for a page of athletes.

The morning push of 100,000 athletes cannot afford a handful of queries and a whole plan
per athlete. So:

* a page of athletes is read in a fixed number of queries (athletes, check-ins, logs, pain
  flags, plan weeks), never one query per athlete;
* of each plan only the weeks a day needs are read: the week of the day, and those of the
  three weeks before it holding a log that may be a quality effort but does not carry its
  target RPE (readiness compares the quality sessions logged in the last 21 days with
  their target; logs record it since revision 0004, so this is for older logs). Plans are
  stored a week per row (:mod:`storage.plans`), so this is an index lookup per week;
* and of those weeks only the days the coach reads are validated into models: today's,
  such logged days, and the rest of today's week only when a later day changes (a red
  day, a high load ratio). Validating a whole week cost more than anything else per
  athlete.
* Check-ins and past run logs come as one JSON document per athlete, built by the database
  (:mod:`storage.jsonsql`) and validated by pydantic in Rust: row by row, the result row,
  named tuple and model built in Python for each of an active athlete's 40-odd journal rows
  cost more than the coach's whole morning. Past logs come as bare
  :class:`~coach.models.RunLog` models (the coach needs no row ids for them); the day's own
  logs, few and needed with their ids and slots, as :class:`~storage.runlog.StoredLog`.
  Other rows are read through Core and handed on as named tuples (see :func:`_named`).

The coach gets a :class:`storage.plans.StoredPlan` of those weeks, a
:class:`coach.schedule.Schedule` like a whole plan, which is all that
:meth:`services.coaching.CoachingService.day_for` reads.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, cast

from pydantic import TypeAdapter
from sqlalchemy import BindParameter, ColumnElement, Select, Text, bindparam, func, select
from sqlalchemy import cast as cast_  # typing.cast is cast here
from sqlalchemy.engine import Connection, Result

from coach.calendar import monday_of
from coach.illness import Illness
from coach.models import Adjustment, AdjustmentKind, CheckIn, PainFlag, RunLog
from coach.readiness import may_be_quality_effort
from coach.rules import RULES
from storage.adjustments import restored
from storage.athletes import AthleteRecord
from storage.athletes import _record as athlete_record
from storage.checkin import CHECKIN_FIELDS
from storage.jsonsql import document, embedded, json_array, json_group_array
from storage.pain import pain_of as pain_model
from storage.plans import (
    HEAD_COLUMNS,
    SCHEDULE,
    PlanHead,
    StoredPlan,
    StoredWeek,
    as_date,
    latest_version,
    newest_version_of,
    plan_cache,
    stored_plan_of,
)
from storage.runlog import StoredLog
from storage.runlog import stored_log_of as stored_log
from storage.tables import (
    AdjustmentRow,
    AthleteRow,
    CheckInRow,
    IllnessRow,
    PainFlagRow,
    PlanRow,
    PlanWeekRow,
    RunLogRow,
)
from storage.unit import SessionSource, Statements, on_connection, scope_of

if TYPE_CHECKING:
    from sqlalchemy import ColumnExpressionArgument

#: Weeks before the day's week that the coach may read: readiness looks this far back.
WEEKS_BACK = math.ceil(RULES.quality_window_days / 7)
_BACKS = range(WEEKS_BACK, -1, -1)  # i-3, i-2, i-1, i: oldest first, the day's week last


# Core rows carry the same attributes as the mapped classes, without the ORM's identity
# map and instance state: a morning reads tens of journal rows per athlete.
_ATHLETE_COLUMNS = list(AthleteRow.__table__.columns)
_PAIN_COLUMNS = list(PainFlagRow.__table__.columns)

# An athlete's check-ins as one JSON array of CheckIn objects: a check-in's answers only
# (its row's timestamps are not the coach's business).
_CHECKIN_DOC = document(
    {"date": CheckInRow.local_date, **{f: getattr(CheckInRow, f) for f in CHECKIN_FIELDS}}
)
_CHECKINS_JSON = json_group_array(_CHECKIN_DOC)
_CHECKINS = TypeAdapter(list[CheckIn])


_WORDS = frozenset({"surface", "kind"})  # enum words: an empty one is none


def _word(column: ColumnExpressionArgument[str | None]) -> ColumnElement[str | None]:
    return func.nullif(column, "")  # an empty word is no word (as storage.runlog reads it)


# An athlete's past logs as one JSON array of [date, id, RunLog object]: the date and the
# id first, so that the validated tuples sort into the journal's order at C speed.
_LOG_DOC = document(
    {
        "date": RunLogRow.local_date,
        # The rest of a RunLog's fields are its row's columns of the same names.
        **{
            f: _word(getattr(RunLogRow, f)) if f in _WORDS else getattr(RunLogRow, f)
            for f in RunLog.model_fields
            if f != "date"
        },
    }
)
_LOGS_JSON = json_group_array(json_array(RunLogRow.local_date, RunLogRow.id, _LOG_DOC))
_LOGS = TypeAdapter(list[tuple[str, int, RunLog]])

# --- one athlete's day in one statement (FanoutReader.day) --------------------------------
# A page's journal is read in a statement per table; for one athlete the statements' own cost
# is most of the read, so each table comes as a JSON document of a scalar subquery of one
# statement. The sort keys ride in front of each element, as in _LOGS_JSON.
_ATHLETE: BindParameter[int] = bindparam("athlete_id")
_DAY: BindParameter[date] = bindparam("day")


def _docs(element: ColumnElement[Any], *where: Any) -> Any:
    return select(json_group_array(element)).where(*where).scalar_subquery()


_ONE_DAY = select(
    _docs(
        _CHECKIN_DOC,
        CheckInRow.athlete_id == _ATHLETE,
        CheckInRow.local_date >= bindparam("checkins_from"),
        CheckInRow.local_date <= _DAY,
    ).label("checkins"),
    _docs(
        json_array(RunLogRow.local_date, RunLogRow.id, _LOG_DOC),
        RunLogRow.athlete_id == _ATHLETE,
        RunLogRow.local_date >= bindparam("logs_from"),
        RunLogRow.local_date < _DAY,
    ).label("logs"),
    _docs(
        json_array(
            RunLogRow.id, RunLogRow.slot, RunLogRow.raw_text, RunLogRow.created_at, _LOG_DOC
        ),
        RunLogRow.athlete_id == _ATHLETE,
        RunLogRow.local_date == _DAY,
    ).label("today"),
    _docs(
        json_array(
            PainFlagRow.reported_on,
            PainFlagRow.id,
            document(
                {
                    "reported_on": PainFlagRow.reported_on,
                    "where": PainFlagRow.location,
                    "score": PainFlagRow.score,
                    "resolved_on": PainFlagRow.resolved_on,
                }
            ),
        ),
        PainFlagRow.athlete_id == _ATHLETE,
    ).label("pains"),
    _docs(
        json_array(
            AdjustmentRow.id,
            AdjustmentRow.reason,
            embedded(AdjustmentRow.before),
            embedded(AdjustmentRow.after),
        ),
        AdjustmentRow.athlete_id == _ATHLETE,
        AdjustmentRow.local_date == _DAY,
        AdjustmentRow.kind == AdjustmentKind.RESTORED.value,
    ).label("kept"),
    # The newest plan version, as the key of its cached reading (storage.plans.PlanCache).
    select(cast_(json_array(PlanRow.id, PlanRow.created_at), Text))
    .where(PlanRow.athlete_id == _ATHLETE, PlanRow.version == newest_version_of(_ATHLETE))
    .scalar_subquery()
    .label("plan"),
    select(cast_(json_array(IllnessRow.started_on, IllnessRow.above_neck), Text))
    .where(IllnessRow.athlete_id == _ATHLETE, IllnessRow.ended_on.is_(None))
    .order_by(IllnessRow.id.desc())
    .limit(1)
    .scalar_subquery()
    .label("illness"),
)
_TODAY = TypeAdapter(list[tuple[int, str | None, str | None, str, RunLog]])
_PAINS_DOC = TypeAdapter(list[tuple[str, int, PainFlag]])
_KEPT = TypeAdapter(list[tuple[int, str, dict[str, Any] | None, dict[str, Any] | None]])
_ILLNESS = TypeAdapter(tuple[date, bool | None])


def _utc(text: str) -> datetime:
    """A stored instant as JSON gives it back: naive UTC on SQLite, with an offset on
    PostgreSQL (storage.types.UTCDateTime)."""
    instant = datetime.fromisoformat(text)
    return instant.replace(tzinfo=UTC) if instant.tzinfo is None else instant.astimezone(UTC)


_LOG_COLUMNS = list(RunLogRow.__table__.columns)
_checkin_order = attrgetter("date")


@dataclass(frozen=True, slots=True)
class AthleteDay:
    """One athlete, their plan around ``day`` and their recent journal."""

    record: AthleteRecord
    day: date
    plan: StoredPlan | None
    checkins: list[CheckIn] = field(default_factory=list)
    past_logs: list[RunLog] = field(default_factory=list)  # before the day, oldest first
    logs_today: list[StoredLog] = field(default_factory=list)
    pains: list[PainFlag] = field(default_factory=list)


@lru_cache(maxsize=32)
def _row_type(keys: tuple[str, ...]) -> Callable[[Iterable[Any]], Any]:
    row_type = cast(Any, namedtuple)("Row", keys)  # fields known only at run time
    return cast(Callable[[Iterable[Any]], Any], row_type._make)


def _named(result: Result[Any]) -> Iterator[Any]:
    """``result``'s rows as named tuples. A SQLAlchemy ``Row`` looks an attribute up in
    Python (about 0.5 us each, and the helpers read a dozen per row); a named tuple's
    attributes cost a tenth of that, and it is made from the row's values at C speed."""
    return map(_row_type(tuple(result.keys())), result)


def _of(column: Any, name: str, one: bool) -> ColumnElement[bool]:
    """``column`` is one value (``one``) or in a list: a list's parameter is expanded into
    the SQL on every execution, which costs more than the rest of a one-row read."""
    if one:
        return cast(ColumnElement[bool], column == bindparam(name))
    return cast(ColumnElement[bool], column.in_(bindparam(name, expanding=True)))


def _journal(
    document: ColumnElement[str], table: type[CheckInRow] | type[RunLogRow], one: bool
) -> Select[int, str]:
    """Per athlete (``ids``), ``document`` aggregated over their rows dated ``first`` to
    ``last`` (in no promised order: SQLite promises none for an aggregate)."""
    return (
        select(table.athlete_id, document)
        .where(
            _of(table.athlete_id, "ids", one),
            table.local_date >= bindparam("first"),
            table.local_date <= bindparam("last"),
        )
        .group_by(table.athlete_id)
    )


@dataclass(frozen=True, slots=True)
class _Statements:
    """The statements of a page of athletes (or of one: ``one``), built once: building a
    statement costs more CPU than SQLite takes to run it (bench/update_cpu.py), and one
    athlete's day is read on every update that coaches it."""

    athletes: Select[Any]
    checkins: Select[int, str]
    logs: Select[int, str]
    day_logs: Select[Any]
    pains: Select[Any]

    @classmethod
    def build(cls, one: bool) -> _Statements:
        return cls(
            athletes=select(*_ATHLETE_COLUMNS).where(_of(AthleteRow.id, "ids", one)),
            checkins=_journal(_CHECKINS_JSON, CheckInRow, one),
            logs=_journal(_LOGS_JSON, RunLogRow, one),
            day_logs=select(*_LOG_COLUMNS)
            .where(
                _of(RunLogRow.athlete_id, "ids", one),
                RunLogRow.local_date >= bindparam("first"),
                RunLogRow.local_date <= bindparam("last"),
            )
            .order_by(RunLogRow.athlete_id, RunLogRow.local_date, RunLogRow.id),
            pains=select(*_PAIN_COLUMNS)
            .where(_of(PainFlagRow.athlete_id, "ids", one))
            .order_by(PainFlagRow.athlete_id, PainFlagRow.reported_on, PainFlagRow.id),
        )


_PAGE = _Statements.build(one=False)
_ONE = _Statements.build(one=True)
#: The newest plan versions of some athletes (``ids``), with the weeks starting on ``starts``.
_SLICED = (
    select(PlanRow.athlete_id, *HEAD_COLUMNS, PlanWeekRow.start, PlanWeekRow.body)
    .outerjoin(
        PlanWeekRow,
        (PlanWeekRow.plan_id == PlanRow.id)
        & PlanWeekRow.start.in_(bindparam("starts", expanding=True)),
    )
    .where(PlanRow.athlete_id.in_(bindparam("ids", expanding=True)), latest_version())
    .order_by(PlanRow.athlete_id, PlanWeekRow.start)
)


def _needed_weeks(day: date, logs: Sequence[RunLog]) -> tuple[int, ...]:
    """The weeks the coach reads, as weeks back from the day's week (oldest first): the
    day's week, and each week of the readiness window holding a log (``logs`` are those
    before the day) that may be a quality effort and does not carry its target RPE
    (readiness looks up the sessions planned on those days, and only those; logs record
    the target since revision 0004)."""
    monday = monday_of(day)
    start = day - timedelta(days=RULES.quality_window_days)
    logged = {
        monday_of(log.date)
        for log in logs
        if start <= log.date and log.target_rpe is None and may_be_quality_effort(log)
    }
    return tuple(back for back in _BACKS if back == 0 or monday - timedelta(weeks=back) in logged)


class FanoutReader:
    """Page-sized reads for the fan-out; a fixed number of queries per page."""

    def __init__(self, sessions: SessionSource) -> None:
        self._sessions = scope_of(sessions)

    async def days(
        self,
        wanted: Mapping[int, date],
        *,
        history_days: int,
        checkin_days: int | None = None,
        with_plans: bool = True,
        records: Mapping[int, AthleteRecord] | None = None,
    ) -> dict[int, AthleteDay]:
        """For each athlete id -> local date: the record, the plan around that date and the
        journal of the ``history_days`` before it (of check-ins, only ``checkin_days`` when
        given: the coach reads fewer of them than of logs). Unknown athletes are left out.

        This is the one way the journal is read for the coach, for a page of athletes (the
        morning fan-out) or for one (``with_plans=False``; :meth:`day` reads one athlete's
        whole day). ``records``: the athletes' rows when the caller has just read them (one
        athlete's day: one query fewer)."""
        if not wanted:
            return {}
        async with self._sessions() as session:
            return await on_connection(
                session, _read_days, wanted, history_days, checkin_days, with_plans, records
            )

    async def day(
        self, record: AthleteRecord, day: date, *, history_days: int, with_plan: bool = True
    ) -> OneDay:
        """One athlete's day as the coach reads it on an update (/today, a check-in, a log):
        the journal as :meth:`days` reads it, the whole plan (unless ``with_plan`` is
        False), the originals the athlete kept that day and the open illness.

        Every statement runs in one call into the database layer: each call from async code
        costs a greenlet and its switches, and an update's day was seven of them."""
        return await self._sessions.run(
            lambda conn: _read_one_day(conn, record, day, history_days, with_plan)
        )


@dataclass(frozen=True, slots=True)
class OneDay:
    """One athlete's day (:meth:`FanoutReader.day`)."""

    journal: AthleteDay
    plan: StoredPlan | None
    kept: list[Adjustment]  # the originals the athlete kept that day, the latest first
    illness: Illness | None


def _read_one_day(
    conn: Statements, record: AthleteRecord, day: date, history_days: int, with_plan: bool
) -> OneDay:
    start = day - timedelta(days=history_days)
    docs = conn.execute(
        _ONE_DAY,
        {"athlete_id": record.id, "day": day, "checkins_from": start, "logs_from": start},
    ).one()
    checkins = sorted(_CHECKINS.validate_json(docs.checkins or "[]"), key=_checkin_order)
    logged = _LOGS.validate_json(docs.logs or "[]")
    logged.sort()  # by date, then id: the journal's order
    today = sorted(_TODAY.validate_json(docs.today or "[]"), key=itemgetter(0))
    pains = sorted(_PAINS_DOC.validate_json(docs.pains or "[]"), key=itemgetter(0, 1))
    kept = sorted(_KEPT.validate_json(docs.kept or "[]"), key=itemgetter(0), reverse=True)
    illness = _ILLNESS.validate_json(docs.illness) if docs.illness else None
    plan = None
    if with_plan and docs.plan is not None:
        cache = plan_cache(conn.engine)
        plan = cache.get(record.id, docs.plan)
        if plan is None:
            plan = stored_plan_of(conn.execute(SCHEDULE, {"athlete_id": record.id}).all())
            # Kept only as the version the key names (another process may have stored a
            # newer one between the two statements).
            if plan is not None and plan.head.plan_id == json.loads(docs.plan)[0]:
                cache.put(record.id, docs.plan, plan)
    return OneDay(
        journal=AthleteDay(
            record=record,
            day=day,
            plan=None,
            checkins=checkins,
            past_logs=[log for _, _, log in logged],
            logs_today=[
                StoredLog(log_id, log, slot, raw_text, _utc(created_at))
                for log_id, slot, raw_text, created_at, log in today
            ],
            pains=[pain for _, _, pain in pains],
        ),
        plan=plan,
        kept=[restored(day, reason, before, after) for _, reason, before, after in kept],
        illness=Illness(started_on=illness[0], above_neck=illness[1]) if illness else None,
    )


def _read_days(
    conn: Connection,
    wanted: Mapping[int, date],
    history_days: int,
    checkin_days: int | None,
    with_plans: bool,
    records: Mapping[int, AthleteRecord] | None,
) -> dict[int, AthleteDay]:
    """:meth:`FanoutReader.days`, on a synchronous connection: Core statements built once,
    whose selects name columns, not entities (the ORM's result machinery would only add
    cost per row)."""
    ids = sorted(wanted)
    sql = _ONE if len(ids) == 1 else _PAGE
    key: Any = ids[0] if len(ids) == 1 else ids
    earliest, last = min(wanted.values()), max(wanted.values())
    first = earliest - timedelta(days=history_days)
    first_checkin = earliest - timedelta(days=checkin_days or history_days)
    known = dict(records or {})
    unknown = [i for i in ids if i not in known]
    if unknown:
        rows = conn.execute(_PAGE.athletes, {"ids": unknown})
        known.update((row.id, athlete_record(cast(AthleteRow, row))) for row in _named(rows))
    checkins: dict[int, list[CheckIn]] = defaultdict(list)
    span = {"ids": key, "first": first_checkin, "last": last}
    for athlete_id, doc in conn.execute(sql.checkins, span):
        checkins[athlete_id] = sorted(_CHECKINS.validate_json(doc), key=_checkin_order)
    logged: dict[int, list[tuple[str, int, RunLog]]] = {}
    span = {"ids": key, "first": first, "last": last - timedelta(days=1)}
    for athlete_id, doc in conn.execute(sql.logs, span):
        logged[athlete_id] = entries = _LOGS.validate_json(doc)
        entries.sort()  # by date, then id: the journal's order
    today: dict[int, list[StoredLog]] = defaultdict(list)
    span = {"ids": key, "first": earliest, "last": last}
    for l_row in _named(conn.execute(sql.day_logs, span)):
        today[l_row.athlete_id].append(stored_log(cast(RunLogRow, l_row)))
    pains: dict[int, list[PainFlag]] = defaultdict(list)
    for p_row in _named(conn.execute(sql.pains, {"ids": key})):
        pains[p_row.athlete_id].append(pain_model(cast(PainFlagRow, p_row)))
    past: dict[int, list[RunLog]] = {}
    for athlete_id, day in wanted.items():
        start = day - timedelta(days=history_days)
        past[athlete_id] = [
            log for _, _, log in logged.get(athlete_id, ()) if start <= log.date < day
        ]
    plans = _sliced_plans(conn, wanted, past) if with_plans else {}

    out: dict[int, AthleteDay] = {}
    for athlete_id, day in wanted.items():
        record = known.get(athlete_id)
        if record is None:
            continue
        start_checkin = day - timedelta(days=checkin_days or history_days)
        out[athlete_id] = AthleteDay(
            record=record,
            day=day,
            plan=plans.get(athlete_id),
            checkins=[c for c in checkins[athlete_id] if start_checkin <= c.date <= day],
            past_logs=past[athlete_id],
            logs_today=[s for s in today[athlete_id] if s.log.date == day],
            pains=pains[athlete_id],
        )
    return out


def _sliced_plans(
    conn: Connection,
    wanted: Mapping[int, date],
    past_logs: Mapping[int, list[RunLog]],
) -> dict[int, StoredPlan]:
    """Each athlete's newest plan version with only the weeks their day needs: one
    query per distinct set of weeks (in a morning, nearly everyone shares one)."""
    groups: dict[tuple[date, ...], list[int]] = defaultdict(list)
    for athlete_id, day in wanted.items():
        monday = monday_of(day)
        starts = tuple(
            monday - timedelta(weeks=b) for b in _needed_weeks(day, past_logs[athlete_id])
        )
        groups[starts].append(athlete_id)
    heads: dict[int, PlanHead] = {}
    weeks: dict[int, list[StoredWeek]] = defaultdict(list)
    for starts, ids in groups.items():
        rows = conn.execute(_SLICED, {"ids": ids, "starts": list(starts)})
        for athlete_id, plan_id, start, goal, race_date, paces, notes, week_start, body in rows:
            if athlete_id not in heads:
                heads[athlete_id] = PlanHead.of_row(plan_id, start, goal, race_date, paces, notes)
            if body is not None:
                weeks[athlete_id].append(StoredWeek(body, as_date(week_start)))
    return {athlete_id: StoredPlan(head, weeks[athlete_id]) for athlete_id, head in heads.items()}
