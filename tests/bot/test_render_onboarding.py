"""The words of onboarding, /settings and /race: pinned so that changes are deliberate."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.keyboards import onboarding as onboarding_keys
from bot.keyboards import settings as settings_keys
from bot.render import onboarding as render
from bot.render import settings as settings_render
from bot.render.durations import minutes
from coach.models import GoalKind
from coach.planner import build_plan
from flows import settings as settings_flow
from flows.answers import AnswerError
from flows.questions import Step, context_for
from storage.athletes import profile_columns
from stride.cli_plan import load_profile
from tests.support.athletes import profile

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 21)


def _fields() -> dict[str, object]:
    return dict(profile_columns(profile()))


def test_the_welcome_escapes_the_name() -> None:
    text = render.welcome("<b>Eve</b>")
    assert "&lt;b&gt;Eve&lt;/b&gt;" in text
    assert "<b>Eve</b>" not in text
    assert "Stride" in text
    assert "15 taps" in text
    assert render.resume("Al & Co") == "Welcome back, Al &amp; Co! Let's pick up where we left off."


def test_every_question_has_words_and_buttons() -> None:
    ctx = context_for({"goal": "trail", "run_days": "1,3,5,6", "recent_race_km": 10.0}, NOW)
    for step in Step:
        assert render.question(step, ctx).startswith("<b>")
        keyboard = onboarding_keys.question(step, ctx)
        for row in keyboard.inline_keyboard:
            for button in row:
                assert isinstance(button.callback_data, str)
                assert button.callback_data.startswith(f"v1|onb|{step.value}")
                assert len(button.callback_data.encode()) <= 64


def test_the_days_question_shows_the_selection() -> None:
    ctx = context_for({}, NOW, {"runs": 4, "days": [1, 3, 5, 6]})
    assert render.question(Step.DAYS, ctx) == (
        "<b>Which days?</b> Tap a day to switch it on or off, then <b>Done</b>.\n"
        "Selected: Tue, Thu, Sat, Sun\n"
        "Or type them, e.g. <i>mon wed fri sun</i>."
    )
    labels = [
        b.text for row in onboarding_keys.question(Step.DAYS, ctx).inline_keyboard for b in row
    ]
    assert labels == ["Mon", "✅ Tue", "Wed", "✅ Thu", "Fri", "✅ Sat", "✅ Sun", "Done (4 days)"]


def test_answered_lines() -> None:
    ctx = context_for(_fields(), NOW)
    assert render.answered(Step.GOAL, ctx) == "✓ Goal: 10K"
    assert render.answered(Step.RACE_DATE, ctx) == "✓ Race day: Sun 18 Apr 2027 (21 weeks)"
    assert render.answered(Step.DAYS, ctx) == "✓ Run days: Tue, Thu, Sat, Sun"
    assert render.answered(Step.LONG_DAY, ctx) == "✓ Long run: Sunday"
    assert render.answered(Step.WEEKLY, ctx) == "✓ About 40 km a week"
    assert render.answered(Step.TIMEZONE, ctx) == (
        "✓ Time zone: Europe/Paris (it's 10:00 there now)"
    )
    assert render.answered(Step.PUSH, ctx) == "✓ Morning session at 06:30"


def test_bad_answers_say_what_was_wrong_and_what_works() -> None:
    ctx = context_for(_fields(), NOW)
    past = render.bad_answer(Step.RACE_DATE, AnswerError("past", day=date(2026, 1, 1)), ctx)
    assert past == (
        "Thu 1 Jan 2026 is already behind us: the race date must be today or later. "
        "Tap a button above, or type e.g. <i>2027-04-18</i>, <i>18 Apr 2027</i> or "
        "<i>in 12 weeks</i>."
    )
    negative = render.bad_answer(Step.WEEKLY, AnswerError("negative"), ctx)
    assert negative.startswith("A distance can't be negative.")
    zone = render.bad_answer(Step.TIMEZONE, AnswerError("zone", text="<script>"), ctx)
    assert "&lt;script&gt;" in zone
    long_day = render.bad_answer(Step.LONG_DAY, AnswerError("not_a_run_day", day=0), ctx)
    assert long_day.startswith("Monday isn't one of your run days (Tue, Thu, Sat, Sun).")


def test_the_plan_outline() -> None:
    plan = build_plan(profile(), TODAY)
    text = render.plan_outline(plan, TODAY, push_time="06:30", timezone="Europe/Paris")
    assert text.splitlines()[0] == "<b>Your plan: 10K on Sun 18 Apr 2027</b> (21 weeks)"
    assert "<b>Base</b> · Sat 21 Nov – " in text
    assert "🏁 <b>Race day</b> · Sun 18 Apr" in text
    assert text.index("Taper") < text.index("Race day") < text.index("Recovery")
    assert "Every morning at 06:30 (Europe/Paris)" in text


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_the_plan_outline_says_how_far_the_long_run_builds(path: Path) -> None:
    """§3b: one line with the peak long run the plan builds to (and when), then one short
    line per planner warning, between the phases and the morning's promise."""
    athlete = load_profile(str(path))
    plan = build_plan(athlete, TODAY)
    text = render.plan_outline(plan, TODAY, push_time="06:30", timezone="UTC")
    [line] = [line for line in text.splitlines() if line.startswith("Longest run: ")]
    assert line.startswith(f"Longest run: builds to {minutes(plan.peak_long_run_min)}")
    if plan.race_date is not None:
        assert line.endswith(" before the race).") or line.endswith("(in the race week).")
    else:
        assert re.search(r"\(week \d+\)\.$", line), line
    warnings = [line for line in text.splitlines() if line.startswith("⚠️ ")]
    assert len(warnings) == len(plan.warnings)
    assert text.index("<b>Base</b>") < text.index(line) < text.index("Every morning")


def test_the_plan_outline_has_a_line_per_warning_escaped() -> None:
    plan = build_plan(profile(), TODAY).model_copy(
        update={"warnings": ("The runway is short for a <2 h> long run.", "Second & last.")}
    )
    text = render.plan_outline(plan, TODAY, push_time="06:30", timezone="UTC")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Longest run: "))
    assert lines[at + 1 : at + 3] == [
        "⚠️ The runway is short for a &lt;2 h&gt; long run.",
        "⚠️ Second &amp; last.",
    ]


def test_a_fitness_outline_has_no_race() -> None:
    plan = build_plan(profile(goal=GoalKind.FITNESS, race_date=None), TODAY)
    text = render.plan_outline(plan, TODAY, push_time="06:30", timezone="UTC")
    assert "General fitness" in text
    assert "Race day" not in text


def test_week_sessions_fit_in_telegram_messages() -> None:
    plan = build_plan(profile(run_days=(0, 1, 2, 3, 4, 5, 6), doubles=True), TODAY)
    messages = render.week_sessions(plan, date(2026, 11, 23))  # a Monday: the whole week
    assert messages[0].startswith("<b>This week</b>")
    assert all(len(m) <= render.MAX_MESSAGE for m in messages)
    assert "Mon 23 Nov" in messages[0]


def test_chunk_keeps_parts_whole() -> None:
    parts = ["a" * 1500, "b" * 1500, "c" * 1500]
    assert render.chunk(parts, limit=3200) == ["a" * 1500 + "\n\n" + "b" * 1500, "c" * 1500]


def test_settings_menu_and_confirmations() -> None:
    ctx = context_for(_fields(), NOW)
    menu = settings_render.menu(ctx)
    assert "Morning session 06:30 · evening reminder 20:00" in menu
    assert "Run days Tue, Thu, Sat, Sun · long run Sunday" in menu
    assert settings_render.changed(Step.TRACK, ctx, rebuilt=True, now=NOW) == (
        "✓ Track: yes. Plan rebuilt from today."
    )
    assert settings_render.changed(Step.PUSH, ctx, rebuilt=False, now=NOW) == (
        "✓ Morning session now at 06:30 (Europe/Paris)."
    )
    labels = [b.text for row in settings_keys.menu().inline_keyboard for b in row]
    assert labels[-2:] == ["🏁 Goal or race", "✖ Close"]


def test_every_settings_button_opens_a_question_the_settings_flow_asks() -> None:
    assert settings_keys.MENU_STEPS == settings_flow.STEPS


def test_race_menu_offers_a_date_only_for_a_race() -> None:
    road = [
        b.text for row in settings_keys.race_menu(GoalKind.ROAD_10K).inline_keyboard for b in row
    ]
    fitness = [
        b.text for row in settings_keys.race_menu(GoalKind.FITNESS).inline_keyboard for b in row
    ]
    assert "📅 New date" in road
    assert "📅 New date" not in fitness
