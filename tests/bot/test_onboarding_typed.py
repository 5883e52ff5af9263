"""Onboarding answers typed as runners type them: "in 20 weeks" for the race date, "1h45"
for the longest run, a bare "4" for the number of days."""

from __future__ import annotations

from datetime import date

from flows.answers import easy_pace_for
from tests.support.harness import StrideHarness

#: The harness clock's today: Saturday 21 November 2026.
TODAY = date(2026, 11, 21)


async def test_typed_race_date_weeks_out_and_a_duration_are_read(harness: StrideHarness) -> None:
    h = harness
    ann = h.user(1003, "Ann")
    await h.say(ann, "/start")
    answers = [
        ("10k", "When is the race"),
        # 20 weeks from Saturday 21 Nov is Saturday 10 Apr: the race is that week's Sunday,
        # as the date buttons offer ("Sun 14 Feb · 12 wk" for 12 weeks)
        ("in 20 weeks", "How many days"),
        ("4", "Which days"),  # a count, not the fourth button
        ("tue thu sat sun", "long run"),
        ("sun", "Kilometres or miles"),
        ("km", "normal week"),
        ("40 km", "longest run"),
        ("1h45", "track"),  # 1 h 45 of running, not "I couldn't read that"
        ("yes", "trails"),
        ("yes", "raced"),
        ("no", "time zone"),
        ("London", "morning session"),
        ("6:30", "remind you"),
    ]
    for text, next_question in answers:
        replies = await h.say(ann, text)
        assert next_question in replies[-1].text, (text, replies[-1].text)
    replies = await h.say(ann, "8pm")
    assert "Your plan: 10K on Sun 11 Apr 2027" in replies[1].text

    record = await h.db.athletes.get(1003)
    assert record is not None
    profile = record.profile()
    assert profile is not None
    assert profile.race_date == date(2027, 4, 11)
    assert profile.race_date.weekday() == 6
    assert len(profile.run_days) == 4
    assert abs(profile.longest_run_km - 105 * 60 / easy_pace_for(40.0)) < 1.0


async def test_a_run_typed_during_set_up_is_not_misread_as_the_answer(
    harness: StrideHarness,
) -> None:
    """Issue 16 "nothing the athlete sent is misfiled": a whole run log typed at a set-up
    question is said to wait for the plan, not read as "10 days" or "50 km"; the question
    stays open and its answer still works."""
    h = harness
    ann = h.user(1004, "Ann")
    await h.say(ann, "/start")
    await h.say(ann, "10k")
    await h.say(ann, "in 20 weeks")
    [reply] = await h.say(ann, "ran 10k in 50 min rpe 5")
    assert "That looks like a run" in reply.text
    record = await h.db.athletes.get(1004)
    assert record is not None
    assert not record.onboarded
    replies = await h.say(ann, "4")
    assert "Which days" in replies[-1].text
