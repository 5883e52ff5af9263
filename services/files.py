"""Files in and out (issue 17): a run logged from the watch's file, today's session as a FIT
workout for the watch, the plan as a calendar.

A run file is decoded off the event loop (:func:`runfiles.read_run_file` is CPU work: a
three-hour GPX takes a good part of a second), then logged like a typed log: the same
session it fulfils (:meth:`RunlogService.target`), the same save. What a file cannot know is
the RPE: the log is stored at once without it, so nothing is lost if the athlete never
answers, and the tap that gives it makes the load count. A caption is read as a typed log
would be ("10k 52min rpe 6"): its RPE spares the question, its surface beats the guess, its
pain is noted; the file's time and distance win over the caption's.

A file is keyed by the SHA-256 of its decoded content (:data:`KEY_CHARS` hex digits of it),
so the same run sent twice, zipped or not, is said, not logged twice.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from coach.models import RunLog, RunStatus, Session, SessionKind, Surface
from coach.parser import ParsedRun, ParseError, parse_run
from runfiles import (
    MAX_FILE_BYTES,
    BadFileReason,
    BadRunFile,
    DateProblem,
    NoWatchWorkout,
    RunFile,
    date_problem,
    draft_log,
    guess_surface,
    plan_ics,
    read_run_file,
    workout_fit,
)
from runfiles.logs import MAX_AGE_DAYS
from services.coaching import CoachingService, local_today
from services.runlog import LogResult, LogTarget, RunlogService, compare
from storage.athletes import AthleteRecord
from storage.database import Database
from storage.runlog import StoredLog

#: Hex digits of a file's SHA-256 kept as its key: 128 bits (no two files collide), and short
#: enough for a button to carry it (the cross-training offer).
KEY_CHARS = 32
#: The surfaces a file's log may be corrected to with one tap (cross-training is not a run).
RUN_SURFACES = (Surface.ROAD, Surface.TRAIL, Surface.TRACK, Surface.TREADMILL)

__all__ = [
    "KEY_CHARS",
    "MAX_FILE_BYTES",
    "RUN_SURFACES",
    "AlreadyLogged",
    "CrossOffer",
    "FileLogged",
    "FileOutcome",
    "FileProblem",
    "FileRefused",
    "FileService",
    "LogAnswered",
    "WatchFile",
    "file_key",
]


def file_key(run: RunFile) -> str:
    """The key a log read from ``run`` keeps (see the module docstring)."""
    return run.sha256[:KEY_CHARS]


class FileProblem(StrEnum):
    """Why a file that decodes as a run still makes no log."""

    TOO_LONG = "too_long"  # over what a log holds (RunLog: 30 h, 400 km)


@dataclass(frozen=True)
class FileRefused:
    """A file that logs nothing, and why (``limit_bytes`` for a file that is too big)."""

    reason: BadFileReason | DateProblem | FileProblem
    limit_bytes: int | None = None


@dataclass(frozen=True)
class CrossOffer:
    """A ride, a swim, a walk: not a run log, offered as cross-training (nothing stored)."""

    activity: RunFile
    day: date
    key: str


@dataclass(frozen=True)
class AlreadyLogged:
    """This file's run is logged already: said, not doubled."""

    stored: StoredLog


@dataclass(frozen=True)
class FileLogged:
    """A run stored from its file.

    Attributes:
        run: What the file says.
        result: The stored log against its planned session.
        guessed: Whether the surface is the guess from the file (else the caption said it).
        earlier: The day's earlier log of the same session, when every session of the day
            was logged already (the athlete may replace it with this one).
    """

    run: RunFile
    result: LogResult
    guessed: bool
    earlier: StoredLog | None


FileOutcome = FileRefused | CrossOffer | AlreadyLogged | FileLogged


@dataclass(frozen=True)
class LogAnswered:
    """A file's log after a tap (RPE or surface), with the session it fulfils."""

    stored: StoredLog
    session: Session | None
    result: LogResult


@dataclass(frozen=True)
class WatchFile:
    """One session as a FIT workout file."""

    filename: str
    data: bytes
    session: Session


class FileService:
    """Run files in, workouts and calendars out, over one database."""

    def __init__(
        self, db: Database, coaching: CoachingService, runlog: RunlogService | None = None
    ) -> None:
        self.db = db
        self.coaching = coaching
        self.runlog = runlog or RunlogService(db, coaching)

    # --- run files in -----------------------------------------------------------------------

    async def log_file(
        self,
        record: AthleteRecord,
        now: datetime,
        data: bytes,
        filename: str | None,
        caption: str | None = None,
    ) -> FileOutcome:
        """Decode ``data`` and log the run it holds (see the module docstring)."""
        zone = ZoneInfo(record.timezone)
        try:
            run = await asyncio.to_thread(read_run_file, data, filename)
        except BadRunFile as error:
            activity = error.activity
            if error.reason is not BadFileReason.NOT_RUNNING or activity is None:
                return FileRefused(error.reason, error.limit_bytes)
            return await self._cross_offer(record, now, activity, zone)
        problem = date_problem(run, zone, now)
        if problem is not None:
            return FileRefused(problem)
        key = file_key(run)
        already = await self.db.runlogs.from_file(record.id, key)
        if already is not None:
            return AlreadyLogged(already)
        target = await self.runlog.target(record, now, run.local_date(zone))
        said = _caption(caption, record)
        said_surface = said.surface if said is not None else None
        guessed = said_surface is None or said_surface is Surface.CROSS
        surface = guess_surface(run, target.session) if guessed else said_surface
        assert surface is not None
        try:
            log = _with_caption(draft_log(run, zone, surface=surface, kind=target.kind), said)
        except ValidationError:  # longer or farther than any log holds (a multi-day event)
            return FileRefused(FileProblem.TOO_LONG)
        result = await self.runlog.save_log(
            record.id, now, log, target, raw_text=caption or None, source_sha256=key
        )
        return FileLogged(run, result, guessed, target.existing)

    async def _cross_offer(
        self, record: AthleteRecord, now: datetime, activity: RunFile, zone: ZoneInfo
    ) -> FileOutcome:
        problem = date_problem(activity, zone, now)
        if problem is not None:
            return FileRefused(problem)
        key = file_key(activity)
        already = await self.db.runlogs.from_file(record.id, key)
        if already is not None:
            return AlreadyLogged(already)
        return CrossOffer(activity, activity.local_date(zone), key)

    async def log_cross(
        self, record: AthleteRecord, now: datetime, day: date, minutes: float, key: str
    ) -> LogResult | AlreadyLogged | FileRefused:
        """Log an offered activity as cross-training (its minutes count, with the RPE the
        athlete then taps); said, not doubled, when already logged."""
        today = local_today(record, now)
        if day > today:
            return FileRefused(DateProblem.FUTURE)
        if day < today - timedelta(days=MAX_AGE_DAYS):
            return FileRefused(DateProblem.TOO_OLD)
        already = await self.db.runlogs.from_file(record.id, key)
        if already is not None:
            return AlreadyLogged(already)
        target = await self.runlog.target(record, now, day)
        if target.kind is not SessionKind.CROSS:  # an extra, not the run that was planned
            target = LogTarget(day, None, None, None, None)
        log = RunLog(
            date=day,
            status=RunStatus.DONE,
            duration_min=round(minutes, 1),
            surface=Surface.CROSS,
            kind=SessionKind.CROSS,
        )
        return await self.runlog.save_log(record.id, now, log, target, source_sha256=key)

    async def answer(
        self,
        record: AthleteRecord,
        now: datetime,
        log_id: int,
        *,
        rpe: int | None = None,
        surface: Surface | None = None,
    ) -> LogAnswered | None:
        """Set the RPE or the surface of a log read from a file; None when it is gone."""
        stored = await self.db.runlogs.set_answers(record.id, log_id, rpe=rpe, surface=surface)
        if stored is None:
            return None
        target = await self.runlog.target(record, now, stored.log.date)
        session = target.session if stored.log.kind is not SessionKind.CROSS else None
        result = LogResult(stored, target, None, None, compare(stored.log, session))
        return LogAnswered(stored, session, result)

    async def replace_earlier(
        self, record: AthleteRecord, log_id: int, earlier_id: int
    ) -> StoredLog | None:
        """The file's log replaces the day's earlier log of the same session: the earlier
        one is removed (with the pain it raised). None when either is gone."""
        mine = await self.db.runlogs.get_log(record.id, log_id)
        earlier = await self.db.runlogs.get_log(record.id, earlier_id)
        if mine is None or earlier is None or earlier.log.date != mine.log.date:
            return None
        return await self.runlog.undo(record.id, earlier_id)

    # --- files out --------------------------------------------------------------------------

    async def watch_files(
        self, record: AthleteRecord, now: datetime, day: date | None = None
    ) -> list[WatchFile]:
        """The day's sessions (today's by default, as adjusted by the check-in) as FIT
        workouts; empty on a rest day."""
        plan_day = await self.coaching.day_for(record, now, on=day, record_adjustments=False)
        if plan_day is None:
            return []
        workouts: list[tuple[Session, bytes]] = []
        for session in plan_day.sessions:
            try:
                workouts.append((session, workout_fit(session, plan_day.plan.paces)))
            except NoWatchWorkout:
                continue
        stem = f"stride-{plan_day.today.isoformat()}"
        if len(workouts) == 1:
            return [WatchFile(f"{stem}.fit", workouts[0][1], workouts[0][0])]
        return [  # a double: stride-<day>-1.fit and -2.fit
            WatchFile(f"{stem}-{n}.fit", data, session)
            for n, (session, data) in enumerate(workouts, start=1)
        ]

    async def calendar(self, record: AthleteRecord, now: datetime) -> bytes | None:
        """The plan from today to race day as .ics; None without a plan."""
        plan = await self.coaching.plan_for(record, now)
        if plan is None:
            return None
        return plan_ics(
            plan, start=local_today(record, now), athlete_key=athlete_key(record), stamp=now
        )


def athlete_key(record: AthleteRecord) -> str:
    """A stable, opaque key for the athlete's calendar UIDs: not the chat id in clear, the
    same on every send (so a new file replaces the events instead of adding to them)."""
    seed = f"{record.id}:{record.created_at.isoformat()}".encode()
    return hashlib.sha256(seed).hexdigest()[:16]


def _caption(caption: str | None, record: AthleteRecord) -> ParsedRun | None:
    """The caption read as a typed log, or None (no caption, or words that are not one: they
    are kept with the log all the same)."""
    if not caption or not caption.strip():
        return None
    try:
        return parse_run(caption, record.units)
    except ParseError:
        return None


def _with_caption(log: RunLog, said: ParsedRun | None) -> RunLog:
    """What the caption adds to the file's log: the RPE, reps, pain and the athlete's note;
    "partly" when it says so. Time, distance and day stay the file's."""
    if said is None:
        return log
    update: dict[str, object] = {
        "rpe": said.rpe,
        "reps": said.reps,
        "pain_where": said.pain_where,
        "pain_score": said.pain_score,
        "note": said.note,
    }
    if said.status is RunStatus.PARTLY:
        update["status"] = RunStatus.PARTLY
    return log.model_copy(update={k: v for k, v in update.items() if v is not None})
