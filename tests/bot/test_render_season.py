"""The season at a glance (COACHING.md §3b) in the bot's words: the long run's peak line
shared by the onboarding summary, /plan and ``stride plan``, and /plan's warnings."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from bot.render import views as render_views
from bot.render.durations import minutes
from bot.render.season import long_run_line, peak_long_run, race_need_line, weeks_before
from coach.models import Plan, SessionKind
from coach.planner import build_plan
from services.views import plan_view
from stride.cli_plan import load_profile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
START = date(2026, 11, 23)


def _marathon() -> tuple[Plan, date]:
    profile = load_profile(str(EXAMPLES / "road-marathon.toml"))
    return build_plan(profile, START), START


def test_weeks_before_the_race_round_to_whole_weeks() -> None:
    race = date(2027, 4, 18)  # a Sunday
    assert weeks_before(date(2027, 3, 28), race) == "3 weeks before the race"
    assert weeks_before(date(2027, 3, 27), race) == "3 weeks before the race"  # a Saturday
    assert weeks_before(date(2027, 4, 11), race) == "1 week before the race"
    assert weeks_before(date(2027, 4, 15), race) == "in the race week"


def test_the_peak_is_the_last_week_at_the_biggest_long_run() -> None:
    plan, _ = _marathon()
    peak = peak_long_run(plan)
    assert peak is not None
    assert peak.minutes == plan.peak_long_run_min == max(w.long_run_min for w in plan.weeks)
    later = plan.weeks[peak.week_number :]
    assert all(w.long_run_min < peak.minutes for w in later)
    assert all(s.kind is SessionKind.LONG for s in peak.runs)


def test_the_line_says_how_far_and_when() -> None:
    plan, today = _marathon()
    peak = peak_long_run(plan)
    assert peak is not None
    assert plan.race_date is not None
    line = long_run_line(plan, today)
    assert line is not None
    assert line.startswith("Longest run: builds to ")
    assert line.endswith(f"({weeks_before(peak.day, plan.race_date)}).")
    after = long_run_line(plan, peak.day + timedelta(days=1))
    assert after is not None
    assert after.startswith("Longest run: peaked at ")


def test_back_to_back_long_days_count_together() -> None:
    """An ultra runner's Saturday + Sunday: one peak, both days named, in the order run."""
    plan, today = _marathon()
    index, long_run = next(
        (w.index, s)
        for w in plan.weeks
        for s in w.sessions
        if s.kind is SessionKind.LONG and s.date.weekday() > 0
    )
    week = plan.weeks[index]
    saturday = long_run.model_copy(
        update={"date": long_run.date - timedelta(days=1), "duration_min": 300.0}
    )
    sunday = long_run.model_copy(update={"duration_min": 120.0})
    others = [s for s in week.sessions if s.date not in (saturday.date, sunday.date)]
    sessions = (*others, saturday, sunday)
    weeks = list(plan.weeks)
    weeks[index] = week.model_copy(update={"sessions": sessions})
    line = long_run_line(plan.model_copy(update={"weeks": tuple(weeks)}), today)
    assert line is not None
    assert line.startswith("Longest run: builds to 7 h over back-to-back days (5 h + 2 h) (")


def test_a_fitness_plan_says_the_week_and_no_long_run_says_nothing() -> None:
    profile = load_profile(str(EXAMPLES / "fitness-no-trails.toml"))
    plan = build_plan(profile, START)
    peak = peak_long_run(plan)
    assert peak is not None
    assert long_run_line(plan) == (
        f"Longest run: builds to {minutes(peak.minutes)} (week {peak.week_number})."
    )
    assert race_need_line(plan) is None
    weeks = tuple(
        w.model_copy(
            update={"sessions": tuple(s for s in w.sessions if s.kind is not SessionKind.LONG)}
        )
        for w in plan.weeks
    )
    no_long = plan.model_copy(update={"weeks": weeks})
    assert long_run_line(no_long) is None


def test_the_race_need_line() -> None:
    plan, _ = _marathon()
    assert race_need_line(plan.model_copy(update={"race_need_long_run_min": 165.0})) == (
        "The race needs a long run of about 2 h 45."
    )


def test_plan_view_says_how_far_the_long_run_builds_and_the_warnings() -> None:
    """/plan: the long-run line after the phases, then one line per warning, escaped."""
    profile = load_profile(str(EXAMPLES / "road-marathon.toml"))
    plan = build_plan(profile, START)
    text = render_views.plan(plan_view(plan, profile, START))
    lines = text.splitlines()
    [at] = [i for i, line in enumerate(lines) if line.startswith("Longest run: ")]
    assert lines[at] == long_run_line(plan, START)
    assert sum(line.startswith("⚠️ ") for line in lines) == len(plan.warnings)
    assert text.index("Taper: ") < text.index("Longest run: ") < text.index("Key sessions ahead")

    warned = plan.model_copy(update={"warnings": ("Runway < 12 weeks.",)})
    lines = render_views.plan(plan_view(warned, profile, START)).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Longest run: "))
    assert lines[at + 1] == "⚠️ Runway &lt; 12 weeks."
