"""What the morning push says: the day's session as the coach adjusted it after the
check-in (with the reason), its cues and buttons; a rest day's note, or silence."""

from __future__ import annotations

from datetime import date, timedelta

from coach.models import Session, Surface
from coach.pushtimes import PushKind
from services.coaching import CoachingService
from services.control import ControlService
from tests.scheduler.conftest import Stage, on

PARIS = "Europe/Paris"


async def athlete_and_hard_day(stage: Stage, first: date) -> tuple[int, date, Session]:
    """A Paris athlete onboarded on 23 November, their first hard day from ``first`` on,
    and its hard session."""
    stage.clock.set(on(date(2026, 11, 23), "05:00", PARIS))
    athlete = await stage.athlete(1, PARIS)
    record = await stage.db.athletes.get(athlete)
    assert record is not None
    plan = await CoachingService(stage.db).plan_for(record, stage.clock.now())
    assert plan is not None
    hard_day = next(
        d
        for d in (first + timedelta(days=n) for n in range(21))
        if any(s.hard for s in plan.sessions_on(d))
    )
    [planned] = [s for s in plan.sessions_on(hard_day) if s.hard]
    return athlete, hard_day, planned


async def test_push_carries_the_session_adjusted_by_the_check_in(stage: Stage) -> None:
    athlete, hard_day, planned = await athlete_and_hard_day(stage, date(2026, 11, 23))

    # A bad night, logged before the push goes out.
    stage.clock.set(on(hard_day, "06:00", PARIS))
    await stage.db.checkins.save_checkin(
        athlete, hard_day, stage.clock.now(), sleep_hours=4.0, sleep_quality=1, soreness=5
    )
    await stage.tick(on(hard_day, "06:30", PARIS), kinds=(PushKind.MORNING,))

    [push] = stage.pushes(athlete)
    html = push.html or ""
    assert "✏️" in html  # the one-line reason for the change
    assert planned.title not in html  # not the session as planned
    # §7b: the changed day offers the original back, first
    assert push.button_texts == [
        "↩️ Keep the original",
        "🌡 Check in",
        "✅ Done",
        "⏭ Skip",
        "🔀 Swap",
        "⌚ Watch",
    ]
    day = hard_day.strftime("%Y%m%d")
    assert push.callback_data == [
        f"v1|ctl|orig|{day}|push",
        *(f"v1|push|{a}|{day}" for a in ("checkin", "done", "skip", "swap", "watch")),
    ]


async def test_rest_day_note_or_nothing_as_the_athlete_chose(stage: Stage) -> None:
    sunday = date(2026, 11, 29)  # run days are Monday to Saturday
    stage.clock.set(on(sunday, "05:00", PARIS))
    await stage.athlete(1, PARIS)
    await stage.athlete(2, PARIS, rest_day_notes=False)
    await stage.tick(on(sunday, "06:30", PARIS), kinds=(PushKind.MORNING,))
    [note] = stage.pushes(1)
    assert "Rest day" in (note.text or "")
    assert note.button_texts == ["🌡 Check in"]
    assert stage.received(2) == []


async def test_a_run_day_push_has_the_session_with_its_cues(stage: Stage) -> None:
    monday = date(2026, 11, 23)
    stage.clock.set(on(monday, "05:00", PARIS))
    athlete = await stage.athlete(1, PARIS)
    await stage.tick(on(monday, "06:30", PARIS), kinds=(PushKind.MORNING,))
    record = await stage.db.athletes.get(athlete)
    assert record is not None
    plan = await CoachingService(stage.db).plan_for(record, stage.clock.now())
    assert plan is not None
    [push] = stage.pushes(athlete)
    for session in plan.sessions_on(monday):
        if session.surface is not Surface.REST:
            assert session.title in (push.text or "")
            assert all(cue in (push.text or "") for cue in session.cues)


async def test_sore_in_the_same_place_three_mornings_running_takes_the_intensity_out(
    stage: Stage,
) -> None:
    """COACHING.md §7: soreness in the same place three days running is treated as a niggle
    (no hard running today), however well the athlete slept."""
    # From Wednesday on: two earlier mornings of the same week for the streak.
    athlete, hard_day, planned = await athlete_and_hard_day(stage, date(2026, 11, 25))
    for back in (2, 1, 0):
        day = hard_day - timedelta(days=back)
        stage.clock.set(on(day, "06:00", PARIS))
        await stage.db.checkins.save_checkin(
            athlete, day, stage.clock.now(), sleep_hours=8.0, soreness=3, soreness_where="calves"
        )
    await stage.tick(on(hard_day, "06:30", PARIS), kinds=(PushKind.MORNING,))

    [push] = stage.pushes(athlete)
    html = push.html or ""
    assert "calves sore 3 days running" in html
    assert "no hard running until it settles" in html  # the niggle rule, not an amber trim
    assert planned.title not in html


async def test_the_mornings_changes_are_recorded_once_for_why(stage: Stage) -> None:
    """/why reads what the morning push changed: the fan-out records a page's changes in
    one go, only the changed athletes', and composing the day again adds nothing."""
    athlete, hard_day, planned = await athlete_and_hard_day(stage, date(2026, 11, 24))
    fresh = await stage.athlete(2, PARIS)  # same plan, slept well: nothing to change
    stage.clock.set(on(hard_day, "06:00", PARIS))
    await stage.db.checkins.save_checkin(
        athlete, hard_day, stage.clock.now(), sleep_hours=4.0, sleep_quality=1, soreness=5
    )
    await stage.db.checkins.save_checkin(fresh, hard_day, stage.clock.now(), sleep_hours=8.0)

    await stage.tick(on(hard_day, "06:30", PARIS), kinds=(PushKind.MORNING,))

    recorded = await stage.db.adjustments.adjustments(athlete)
    assert recorded, "the amber morning's change was not recorded"
    assert {r.adjustment.date for r in recorded} >= {hard_day}
    today = [r.adjustment for r in recorded if r.adjustment.date == hard_day]
    assert any(a.before == planned for a in today)
    assert await stage.db.adjustments.adjustments(fresh) == []
    [push] = stage.pushes(athlete)
    assert "✏️" in (push.html or "")

    again = await CoachingService(stage.db).day(athlete, stage.clock.now())  # records too
    assert again is not None
    assert again.adjusted.adjustments
    assert len(await stage.db.adjustments.adjustments(athlete)) == len(recorded)


async def test_the_evening_reminder_names_the_original_the_athlete_kept(stage: Stage) -> None:
    """§7b: after "Keep the original", the fan-out's evening reminder names the planned
    session, not the coach's change the athlete turned down."""
    athlete, hard_day, planned = await athlete_and_hard_day(stage, date(2026, 11, 23))
    stage.clock.set(on(hard_day, "06:00", PARIS))
    await stage.db.checkins.save_checkin(
        athlete, hard_day, stage.clock.now(), sleep_hours=4.0, sleep_quality=1, soreness=5
    )
    record = await stage.db.athletes.get(athlete)
    assert record is not None
    await ControlService(stage.db).keep_original(record, stage.clock.now())
    await stage.tick(on(hard_day, "20:00", PARIS), kinds=(PushKind.EVENING,))
    [reminder] = stage.pushes(athlete, PushKind.EVENING)
    assert planned.title in (reminder.html or "")
