"""Plan out: the .ics holds every session from today to race day, the race marked, and the
same day keeps the same UID when the plan is sent again (issue 17)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from coach.models import AthleteProfile, GoalKind, Plan, SessionKind
from coach.planner import build_plan
from runfiles import plan_ics
from runfiles.ics import describe

TODAY = date(2026, 12, 2)
RACE = date(2027, 3, 14)
STAMP = datetime(2026, 12, 2, 7, 0, tzinfo=UTC)


def plan() -> Plan:
    profile = AthleteProfile(
        goal=GoalKind.ROAD_10K,
        race_date=RACE,
        run_days=(1, 3, 5, 6),
        weekly_km=40.0,
        longest_run_km=14.0,
    )
    return build_plan(profile, date(2026, 11, 23))


def events(data: bytes) -> list[Any]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_the_calendar_holds_every_session_from_today_to_race_day() -> None:
    season = plan()
    cal = Calendar.from_ical(plan_ics(season, start=TODAY, athlete_key="a1b2", stamp=STAMP))
    assert str(cal["version"]) == "2.0"
    found = list(cal.walk("VEVENT"))
    planned = [s for w in season.weeks for s in w.sessions if TODAY <= s.date <= RACE]
    assert len(found) == len(planned) > 90
    by_day = {(e.decoded("dtstart"), str(e["summary"])) for e in found}
    for session in planned:
        title = f"🏁 {session.title}" if session.kind is SessionKind.RACE else session.title
        assert (session.date, title) in by_day
    for event in found:  # all-day events: a date, not a time, ending the next day
        start = event.decoded("dtstart")
        assert type(start) is date
        assert event.decoded("dtend") == start + timedelta(days=1)
    assert min(e.decoded("dtstart") for e in found) == TODAY
    assert max(e.decoded("dtstart") for e in found) == RACE


def test_the_race_is_marked_and_the_cues_are_in_the_description() -> None:
    season = plan()
    found = events(plan_ics(season, start=TODAY, athlete_key="a1b2", stamp=STAMP))
    race = [e for e in found if e.decoded("dtstart") == RACE]
    assert len(race) == 1
    assert str(race[0]["summary"]).startswith("🏁 Race day")
    assert "Race" in race[0]["categories"].cats
    long_run = next(
        s for w in season.weeks for s in w.sessions if s.kind is SessionKind.LONG and s.date > TODAY
    )
    event = next(e for e in found if e.decoded("dtstart") == long_run.date)
    text = str(event["description"])
    assert text == describe(long_run)
    assert long_run.steps[0].text in text
    assert long_run.cues[0] in text


def test_sending_again_after_a_change_keeps_each_days_uid() -> None:
    first = events(plan_ics(plan(), start=TODAY, athlete_key="a1b2", stamp=STAMP))
    later = STAMP + timedelta(days=3)
    changed = plan().model_copy(update={"weeks": plan().weeks[:-1]})
    second = events(plan_ics(changed, start=TODAY, athlete_key="a1b2", stamp=later))
    uids_first = {e.decoded("dtstart"): str(e["uid"]) for e in first}
    uids_second = {e.decoded("dtstart"): str(e["uid"]) for e in second}
    assert len(set(uids_first.values())) == len(first)  # one UID per event
    assert all(uids_first[day] == uid for day, uid in uids_second.items())
    assert int(second[0]["sequence"]) > int(first[0]["sequence"])  # the newer one wins
    other = events(plan_ics(plan(), start=TODAY, athlete_key="zz99", stamp=STAMP))
    assert not {str(e["uid"]) for e in other} & set(uids_first.values())
