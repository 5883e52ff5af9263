"""Snapshots of the check-in, log and pain messages and their keyboards, so wording changes
are deliberate; user words are escaped."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.callbacks import decode
from bot.keyboards import checkin as checkin_keys
from bot.keyboards import pain as pain_keys
from bot.keyboards import runlog as log_keys
from bot.render import checkin as checkin_render
from bot.render import pain as pain_render
from bot.render import runlog as render
from coach.models import CheckIn, RunLog, RunStatus, Session, SessionKind, Surface, Units
from coach.planner import build_plan
from services.checkin import CheckinService
from services.coaching import CoachingService
from services.pain import PainResult, PainService
from services.runlog import LogResult, LogTarget, compare
from storage.database import Database
from storage.runlog import StoredLog
from tests.support.journal import (
    TRACK_DAY,
    TRACK_MORNING,
    first_session,
    track_athlete,
    track_profile,
)

NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def track() -> Session:
    """The track athlete's first track session, on 1 December: 6 x 400 m, 1 h, RPE 8."""
    plan = build_plan(track_profile(), date(2026, 11, 21))
    session = first_session(plan.sessions_on(TRACK_DAY), SessionKind.TRACK, reps=6)
    assert (session.title, session.duration_min, session.target_rpe) == (
        "Track: 6 x 400 m at 1:49",
        60.0,
        8,
    )
    return session


def _result(
    log: RunLog, session: Session | None, *, replaced: StoredLog | None = None
) -> LogResult:
    target = LogTarget(log.date, session, SessionKind.TRACK, None, None)
    return LogResult(
        StoredLog(7, log, None, None, NOW), target, replaced, None, compare(log, session)
    )


DONE = RunLog(
    date=TRACK_DAY,
    duration_min=60,
    distance_km=7.4,
    rpe=9,
    surface=Surface.TRACK,
    kind=SessionKind.TRACK,
    reps="6x400",
)


def test_summary_of_a_done_session(track: Session) -> None:
    assert render.summary(_result(DONE, track), Units.KM) == (
        "✅ Logged for Tue 1 Dec: <b>Track: 6 x 400 m at 1:49</b>\n"
        "1 h · 7.4 km · RPE 9 · track · 6x400\n"
        "Load: 540 (RPE 9 × 1 h)\n"
        "Against the plan: on the planned time (1 h); close to the target effort (RPE 9 for 8)."
    )


def test_summary_in_miles(track: Session) -> None:
    assert "1 h · 4.6 mi · RPE 9" in render.summary(_result(DONE, track), Units.MI)


def test_summary_of_a_partial_run_with_pain_that_replaces_a_log(track: Session) -> None:
    partly = RunLog(
        date=TRACK_DAY,
        status=RunStatus.PARTLY,
        duration_min=40,
        rpe=5,
        surface=Surface.ROAD,
        pain_where="knee",
        pain_score=5,
    )
    earlier = StoredLog(6, DONE, None, None, NOW)
    assert render.summary(_result(partly, track, replaced=earlier), Units.KM) == (
        "✅ Logged for Tue 1 Dec: <b>Track: 6 x 400 m at 1:49</b>\n"
        "partly done · 40 min · RPE 5 · road\n"
        "Load: 200 (RPE 5 × 40 min)\n"
        "Against the plan: 20 min shorter than the planned 1 h; "
        "RPE 3 below the target 8: easier than meant.\n"
        "It replaces your earlier log (1 h · 7.4 km · RPE 9 · track · 6x400).\n"
        "🩹 Pain noted: knee 5/10. At 4/10 or more your next sessions lose their intensity "
        "until it settles; send <i>/pain knee 0</i> when it's gone. This is not medical advice."
    )


def test_summary_of_a_skip_and_of_an_extra_run(track: Session) -> None:
    skipped = RunLog(date=TRACK_DAY, status=RunStatus.SKIPPED)
    assert render.summary(_result(skipped, track), Units.KM) == (
        "⏭ Logged as skipped: <b>Track: 6 x 400 m at 1:49</b> (Tue 1 Dec)."
    )
    extra = RunLog(date=TRACK_DAY, duration_min=30, rpe=3)
    assert render.summary(_result(extra, None), Units.KM) == (
        "✅ Logged for Tue 1 Dec: your run\n"
        "30 min · RPE 3\n"
        "Load: 90 (RPE 3 × 30 min)\n"
        "Nothing was planned: an extra run."
    )


def test_conflict_and_undo(track: Session) -> None:
    earlier = StoredLog(6, DONE, None, None, NOW)
    new = RunLog(date=TRACK_DAY, duration_min=50, rpe=7)
    assert render.conflict(earlier, new, track, Units.KM) == (
        "You already logged <b>Track: 6 x 400 m at 1:49</b> on Tue 1 Dec: "
        "1 h · 7.4 km · RPE 9 · track · 6x400.\n"
        "Replace it with this one (50 min · RPE 7), or add it as another run?"
    )
    assert render.removed(earlier, Units.KM) == (
        "↩️ Removed your log of Tue 1 Dec: 1 h · 7.4 km · RPE 9 · track · 6x400."
    )


def test_flow_questions(track: Session) -> None:
    assert render.rpe_question(track, RunStatus.DONE) == (
        "How hard was <b>Track: 6 x 400 m at 1:49</b> overall (target RPE 8)?\n"
        "<i>RPE 1 = very easy, 10 = all-out.</i>"
    )
    assert render.duration_question(track) == (
        "How long did you run? Planned: 1 h.\nTap, or type it (e.g. <i>52 min</i>)."
    )


def test_user_words_are_escaped(track: Session) -> None:
    log = RunLog(date=TRACK_DAY, duration_min=30, rpe=3, pain_where="<b>knee</b>", pain_score=2)
    text = render.summary(_result(log, track), Units.KM)
    assert "&lt;b&gt;knee&lt;/b&gt;" in text
    assert "<b>knee" not in text
    checkin = CheckIn(date=TRACK_DAY, sleep_hours=7, soreness=3, soreness_where="<i>calf")
    assert "&lt;i&gt;calf" in checkin_render.answers_line(checkin)


def test_checkin_questions() -> None:
    assert checkin_render.question("sleep", None) == (
        "<b>Morning check-in</b>\n"
        "How many hours did you sleep last night?\n"
        "<i>Or type it all, e.g. slept 7h, quality 4, soreness 2 calves</i>"
    )
    so_far = CheckIn(date=TRACK_DAY, sleep_hours=6.5, sleep_quality=3)
    assert checkin_render.question("soreness", so_far) == (
        "<b>Morning check-in</b>\n"
        "So far: 6.5 h sleep, quality 3/5.\n"
        "How sore are you? <i>1 = fresh, 5 = very sore</i>"
    )


async def test_checkin_result_and_pain_report(db: Database) -> None:
    await track_athlete(db, 1001, datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    coaching = CoachingService(db)
    pain = PainService(db, coaching)
    service = CheckinService(db, coaching, pain)
    await service.answer_checkin(
        1001, TRACK_DAY, TRACK_MORNING, sleep_hours=5.0, sleep_quality=3, soreness=4
    )
    day = await service.day(1001, TRACK_MORNING)
    assert day is not None
    text = checkin_render.result(day)
    assert text.startswith(
        "✅ Checked in: 5 h sleep, quality 3/5, soreness 4/5.\n\n"
        "Readiness: 🟠 amber (5 h sleep; soreness 4/5)\n\n"
        "<b>Today</b>\n<b>Track: 4 x 400 m at 1:49</b>"
    )
    assert text.endswith("✏️ Adjusted: 5 h sleep and soreness 4/5, so 6 x 400 m became 4 x 400 m.")

    result = await pain.report_pain(1001, TRACK_MORNING, TRACK_DAY, "knee", 5)
    text = pain_render.reported(result)
    assert text.startswith("🩹 Noted: knee 5/10.\n\n")
    assert "no running today" in text  # §7b: 5/10+ is rest or cross-training only
    assert "This is not medical advice." in text

    mild = PainResult("hip", 2, None, None)
    assert pain_render.reported(mild) == (
        "✅ Glad the hip is better: marked as gone.\n\n"
        "<i>This is not medical advice. If it is sharp, swollen or getting worse, "
        "see a professional.</i>"
    )


def test_keyboards_carry_their_area_day_and_fit_telegram(track: Session) -> None:
    markups = [checkin_keys.question(step, TRACK_DAY) for step in checkin_render.QUESTIONS]
    markups += [
        log_keys.status(TRACK_DAY),
        log_keys.rpe(TRACK_DAY),
        log_keys.duration(TRACK_DAY, track),
        log_keys.duration(TRACK_DAY, None),
        log_keys.surface(TRACK_DAY, track),
        log_keys.pain(TRACK_DAY),
        log_keys.pain_where(TRACK_DAY),
        log_keys.pain_score(TRACK_DAY),
        log_keys.conflict(TRACK_DAY),
        pain_keys.where(TRACK_DAY),
        pain_keys.score(TRACK_DAY),
    ]
    for markup in markups:
        for row in markup.inline_keyboard:
            for button in row:
                data = str(button.callback_data)
                assert len(data.encode()) <= 64
                callback = decode(data)
                assert callback is not None
                assert callback.area in ("ci", "log", "pain")
                assert callback.arg(0) == "20261201"
    undo = log_keys.undo(123).inline_keyboard[0][0]
    assert undo.callback_data == "v1|log|undo|123"


def test_duration_choices_offer_the_planned_time_first() -> None:
    assert log_keys.duration_choices(45) == [45, 25, 35, 55, 65]
    assert log_keys.duration_choices(38) == [38, 20, 30, 50, 60]
    assert log_keys.duration_choices(None) == [20, 30, 45, 60, 75, 90]
