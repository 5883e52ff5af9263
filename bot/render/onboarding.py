"""Onboarding's words: the welcome, each question, the line that confirms an answer, the
specific answer to a bad one, and the plan's outline that ends the set-up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

from bot.render.season import season_lines
from bot.render.sessions import session_block
from coach.calendar import DAY_NAMES, monday_of
from coach.models import GoalKind, Phase, Plan, Units
from coach.paces import format_duration
from flows.answers import AnswerError
from flows.questions import QuestionContext, Step, default_longest_km, to_unit
from flows.timezones import local_clock

MAX_MESSAGE = 4000  # Telegram's limit is 4096 characters; keep a margin for the markup

GOAL_LABELS: dict[GoalKind, str] = {
    GoalKind.ROAD_5K: "5K",
    GoalKind.ROAD_10K: "10K",
    GoalKind.ROAD_HALF: "Half marathon",
    GoalKind.ROAD_MARATHON: "Marathon",
    GoalKind.TRAIL: "Trail race",
    GoalKind.FITNESS: "General fitness",
}
DAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DAY_LONG = DAY_NAMES  # the weekdays as the athlete reads them (coach.calendar)
PHASE_LABELS: dict[Phase, str] = {
    Phase.BASE: "Base",
    Phase.BUILD: "Build",
    Phase.COMPETITION: "Competition",
    Phase.TAPER: "Taper",
    Phase.RECOVERY: "Recovery",
}
PHASE_FOCUS: dict[Phase, str] = {
    Phase.BASE: "aerobic base, form, strength",
    Phase.BUILD: "threshold, intervals, long runs",
    Phase.COMPETITION: "race rhythm and race terrain",
    Phase.TAPER: "fresh legs, short sharp work",
    Phase.RECOVERY: "easy running only",
}


# --- small formats ---------------------------------------------------------------------------


def day_label(day: date) -> str:
    """ "Sun 18 Apr 2027"."""
    return f"{DAY_SHORT[day.weekday()]} {day.day} {day:%b %Y}"


def short_day(day: date) -> str:
    """ "Sun 18 Apr"."""
    return f"{DAY_SHORT[day.weekday()]} {day.day} {day:%b}"


def days_label(days: Sequence[int]) -> str:
    return ", ".join(DAY_SHORT[d] for d in sorted(days)) if days else "none yet"


def distance(km: float, units: Units) -> str:
    value = to_unit(km, units)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text} {units.value}"


def weeks_until(day: date, today: date) -> int:
    return max(0, (day - today).days // 7)


def goal_line(goal: GoalKind | None, race_date: date | None, today: date) -> str:
    """ "10K on Sun 18 Apr 2027 (21 weeks away)" or "General fitness"."""
    if goal is None:
        return "not set"
    label = GOAL_LABELS[goal]
    if not goal.has_race or race_date is None:
        return label
    return f"{label} on {day_label(race_date)} ({weeks_until(race_date, today)} weeks away)"


# --- the conversation ------------------------------------------------------------------------


def welcome(first_name: str | None) -> str:
    name = escape(first_name) if first_name else "there"
    return (
        f"Hi {name}, I'm <b>Stride</b>, your running coach. 🏃\n\n"
        "A few quick questions and I'll build your plan: about 15 taps, and each question "
        "has a ready answer. You can always type an answer instead of tapping.\n"
        "Every morning I'll send the day's session; after a run, tell me how it went."
    )


def resume(first_name: str | None) -> str:
    name = escape(first_name) if first_name else "there"
    return f"Welcome back, {name}! Let's pick up where we left off."


def question(step: Step, ctx: QuestionContext) -> str:
    """The question for ``step``, with how to type an answer."""
    if step is Step.GOAL:
        return "<b>What are you training for?</b>"
    if step is Step.TRAIL_KM:
        return (
            "<b>How long is the trail race?</b>\n"
            "Tap one or type it, e.g. <i>35 km</i> or <i>50 mi</i>."
        )
    if step is Step.TRAIL_ELEV:
        return (
            "<b>How much climbing does it have (elevation gain)?</b>\n"
            "Tap one or type it, e.g. <i>1800 m</i> or <i>6000 ft</i>."
        )
    if step is Step.RACE_DATE:
        return (
            "<b>When is the race?</b>\n"
            "Tap a date or type it: <i>2027-04-18</i>, <i>18/04/2027</i>, <i>18 Apr 2027</i>, "
            "<i>April 18</i> or <i>in 12 weeks</i>."
        )
    if step is Step.RUNS:
        return "<b>How many days a week can you run?</b> (★ is a good start)"
    if step is Step.DAYS:
        return (
            "<b>Which days?</b> Tap a day to switch it on or off, then <b>Done</b>.\n"
            f"Selected: {days_label(ctx.days)}\n"
            "Or type them, e.g. <i>mon wed fri sun</i>."
        )
    if step is Step.LONG_DAY:
        return (
            "<b>Which day suits your long run?</b>\n"
            f"★ is my suggestion ({DAY_LONG[ctx.suggested_long_day]})."
        )
    if step is Step.UNITS:
        return "<b>Kilometres or miles?</b>"
    if step is Step.WEEKLY:
        return (
            "<b>How much do you run in a normal week lately?</b>\n"
            f"Tap a range or type it: <i>35 {ctx.units.value}</i> or <i>4 h</i>."
        )
    if step is Step.LONGEST:
        default = distance(default_longest_km(ctx.weekly_km), ctx.units)
        return (
            "<b>Your longest run in the last month or so?</b>\n"
            f"Tap or type it: <i>14 {ctx.units.value}</i> or <i>90 min</i>. "
            f"Not sure? I'll take {default}."
        )
    if step is Step.TRACK:
        return "<b>Can you use a running track?</b> (for some interval sessions)"
    if step is Step.TRAILS:
        return "<b>Can you get to trails or hilly paths?</b>"
    if step is Step.DOUBLES:
        return (
            "<b>Are two runs on one day OK for you (doubles)?</b>\n"
            "Some weeks would pair a short morning session with an easy evening jog."
        )
    if step is Step.RACE_DIST:
        return (
            "<b>Have you raced or done a time trial recently?</b>\n"
            "It sets your training paces. Tap the distance, or <b>Skip</b> and I'll estimate "
            "them from your volume for now."
        )
    if step is Step.RACE_TIME:
        dist = distance(ctx.race_km or 0, Units.KM)
        return (
            f"<b>Your time for the {dist}?</b>\n"
            "Type it, e.g. <i>45:00</i> or <i>1:35:20</i>, or tap Skip."
        )
    if step is Step.TIMEZONE:
        return (
            "<b>Which time zone are you in?</b> So the session arrives in your morning.\n"
            "Tap one, type your city (<i>Lisbon</i>) or offset (<i>UTC+5:30</i>), "
            "or share your location (📎 → Location)."
        )
    if step is Step.PUSH:
        return (
            "<b>When should the morning session arrive?</b>\n"
            "Tap or type a time: <i>6:15</i> or <i>7am</i>."
        )
    if step is Step.REMIND:
        return (
            "<b>And when should I remind you to log your run?</b>\n"
            "Tap or type a time: <i>20:30</i> or <i>9pm</i>."
        )
    raise ValueError(f"no question for {step}")


def answered(step: Step, ctx: QuestionContext) -> str:
    """One line confirming the answer just given (``ctx`` already holds it)."""
    f = ctx.fields
    text: str
    if step is Step.GOAL:
        text = f"Goal: {GOAL_LABELS[ctx.goal]}" if ctx.goal else "Goal noted"
    elif step is Step.TRAIL_KM:
        text = f"Race distance: {distance(float(f['trail_distance_km']), ctx.units)}"
    elif step is Step.TRAIL_ELEV:
        text = f"Climbing: {float(f['trail_elevation_m']):.0f} m"
    elif step is Step.RACE_DATE:
        text = (
            f"Race day: {day_label(ctx.race_date)} ({weeks_until(ctx.race_date, ctx.today)} weeks)"
            if ctx.race_date
            else "Race day noted"
        )
    elif step is Step.RUNS:
        text = f"{ctx.runs} runs a week"
    elif step is Step.DAYS:
        text = f"Run days: {days_label(ctx.days)}"
    elif step is Step.LONG_DAY:
        text = f"Long run: {DAY_LONG[int(f['long_run_day'])]}"
    elif step is Step.UNITS:
        text = "Units: kilometres" if ctx.units is Units.KM else "Units: miles"
    elif step is Step.WEEKLY:
        text = f"About {distance(float(f['weekly_km']), ctx.units)} a week"
    elif step is Step.LONGEST:
        text = f"Longest recent run: {distance(float(f['longest_run_km']), ctx.units)}"
    elif step is Step.TRACK:
        text = "Track: yes" if f.get("track_access") else "Track: no"
    elif step is Step.TRAILS:
        text = "Trails: yes" if f.get("trail_access") else "Trails: no"
    elif step is Step.DOUBLES:
        text = "Doubles: yes" if f.get("doubles") else "Doubles: no"
    elif step is Step.RACE_DIST:
        km = f.get("recent_race_km")
        text = f"Recent race: {distance(float(km), Units.KM)}" if km else "No recent race"
    elif step is Step.RACE_TIME:
        seconds = f.get("recent_race_s")
        text = f"Time: {format_duration(float(seconds))}" if seconds else "No recent race"
    elif step is Step.TIMEZONE:
        text = (
            f"Time zone: {escape(ctx.timezone)} "
            f"(it's {local_clock(ctx.timezone, ctx.now)} there now)"
        )
    elif step is Step.PUSH:
        text = f"Morning session at {ctx.push_time:%H:%M}"
    else:
        text = f"Evening reminder at {ctx.reminder_time:%H:%M}"
    return f"✓ {text}"


def answered_then_ask(done: Step, step: Step, ctx: QuestionContext) -> str:
    return f"{answered(done, ctx)}\n\n{question(step, ctx)}"


def all_set(first_name: str | None) -> str:
    name = escape(first_name) if first_name else "there"
    return f"That's everything, {name}! Here's your plan."


def hint(step: Step, ctx: QuestionContext) -> str:
    """What a typed answer to ``step`` looks like."""
    examples: dict[Step, str] = {
        Step.GOAL: "<i>10K</i>, <i>half marathon</i> or <i>trail</i>",
        Step.TRAIL_KM: "<i>35 km</i> or <i>50 mi</i>",
        Step.TRAIL_ELEV: "<i>1800 m</i> or <i>6000 ft</i>",
        Step.RACE_DATE: "<i>2027-04-18</i>, <i>18 Apr 2027</i> or <i>in 12 weeks</i>",
        Step.RUNS: "<i>4</i>, or the days: <i>mon wed fri sun</i>",
        Step.DAYS: "<i>mon wed fri sun</i>",
        Step.LONG_DAY: "<i>sunday</i>",
        Step.UNITS: "<i>km</i> or <i>miles</i>",
        Step.WEEKLY: f"<i>35 {ctx.units.value}</i> or <i>4 h</i>",
        Step.LONGEST: f"<i>14 {ctx.units.value}</i> or <i>90 min</i>",
        Step.TRACK: "<i>yes</i> or <i>no</i>",
        Step.TRAILS: "<i>yes</i> or <i>no</i>",
        Step.DOUBLES: "<i>yes</i> or <i>no</i>",
        Step.RACE_DIST: "<i>5k</i>, <i>10 km</i>, <i>half</i> or <i>skip</i>",
        Step.RACE_TIME: "<i>45:00</i>, <i>1:35:20</i> or <i>skip</i>",
        Step.TIMEZONE: "<i>Lisbon</i>, <i>UTC+5:30</i> or <i>Europe/Paris</i>",
        Step.PUSH: "<i>6:15</i> or <i>7am</i>",
        Step.REMIND: "<i>20:30</i> or <i>9pm</i>",
    }
    return f"Tap a button above, or type e.g. {examples[step]}."


def bad_answer(step: Step, error: AnswerError, ctx: QuestionContext) -> str:
    """A friendly, specific reply to an answer that does not fit; nothing was changed."""
    return f"{_problem(step, error, ctx)} {hint(step, ctx)}"


_PROBLEMS: dict[str, str] = {
    "too_long": "That's longer than any answer I expect.",
    "emoji": "Emoji are fun, but here I need words or numbers.",
    "no_such_date": "That date doesn't exist: check the day and the month.",
    "date": "I couldn't read that as a date.",
    "negative": "A distance can't be negative.",
    "zero": "That's zero: if you're just starting out, tap the smallest range and we'll "
    "build up gently.",
    "unreadable": "I couldn't read that.",
    "count": "Tell me a number of days from 1 to 7.",
    "weekdays": "I couldn't read those days.",
    "weekday": "Just one day, please.",
    "no_days": "Pick at least one day first.",
    "yes_no": "A simple yes or no will do.",
    "units": "Kilometres or miles?",
    "goal": "I didn't catch the goal.",
    "race_distance": "I couldn't read that distance.",
    "race_time": "I couldn't read that time.",
    "location_zone": "I couldn't find a time zone at that spot.",
    "clock": "I couldn't read that time of day.",
    "bad_button": "That button doesn't work any more.",
}


def _problem(step: Step, error: AnswerError, ctx: QuestionContext) -> str:
    code, info = error.code, error.info
    if code == "past" and isinstance(info.get("day"), date):
        return (
            f"{day_label(info['day'])} is already behind us: the race date must be today or later."
        )
    if code == "too_far" and isinstance(info.get("latest"), date):
        return (
            f"{day_label(info['day'])} is more than two years away; I plan up to "
            f"{day_label(info['latest'])}. Pick a nearer race, or choose General fitness "
            "for now (/race changes it later)."
        )
    if code == "range" and info.get("lo") is not None:
        unit = "m" if step is Step.TRAIL_ELEV else "km"
        return (
            f"That's outside what I can plan with ({info['lo']:g} to {info['hi']:g} {unit}): "
            "check the number and the unit."
        )
    if code == "not_a_run_day" and isinstance(info.get("day"), int):
        return f"{DAY_LONG[info['day']]} isn't one of your run days ({days_label(ctx.days)})."
    if code == "implausible_time" and "seconds" in info:
        return (
            f"{format_duration(info['seconds'])} for {distance(info['km'], Units.KM)} doesn't "
            "look right: check the time (h:mm:ss) and the distance."
        )
    if code == "zone":
        place = escape(str(info.get("text", ""))[:40])
        return (
            f"I don't know the place “{place}”. "
            "Try a bigger city nearby, a UTC offset, or share your location."
        )
    return _PROBLEMS.get(code, "I couldn't use that answer.")


def tap_refused(error: AnswerError) -> str:
    """The alert for a button that cannot be taken as it is (plain text, short)."""
    if error.code == "no_days":
        return "Pick at least one day first."
    if error.code in ("past", "too_far"):
        return "That date no longer works: type the race date instead."
    return "That button doesn't work any more, so I changed nothing."


def no_plan() -> str:
    return "I couldn't build a plan from these answers. Send /settings or /race to check them."


def not_now_media(step: Step, ctx: QuestionContext) -> str:
    """A photo, sticker or the like while a question waits for words."""
    return f"Nice, but I need a typed answer to the question above. {hint(step, ctx)}"


def location_not_asked() -> str:
    return (
        "Thanks! I only use a location to set your time zone, and I'm not asking for it now. "
        "To change your time zone, send /settings."
    )


def location_used(zone: str) -> str:
    return f"📍 That's in {escape(zone)}."


# --- stale and foreign buttons ---------------------------------------------------------------


def stale_question() -> str:
    return "That question is already answered; the open one is the latest message."


def nothing_open(*, onboarded: bool = False) -> str:
    """An onboarding button with no question open behind it. An athlete already coached is
    told what they can do now, not to start over."""
    if onboarded:
        return (
            "That button is from an earlier conversation, so I changed nothing. "
            "/today shows today's session; /settings changes your answers."
        )
    return "That button is from an earlier conversation, so I changed nothing. Send /start."


def settings_stale() -> str:
    return "That menu has expired, so I changed nothing. Send /settings or /race again."


# --- /start for someone already set up -------------------------------------------------------


def start_menu(
    first_name: str | None, goal: GoalKind | None, race: date | None, today: date
) -> str:
    name = escape(first_name) if first_name else "there"
    return (
        f"Hi {name}, you're all set up: {goal_line(goal, race, today)}.\nWhat would you like to do?"
    )


def reset_confirm() -> str:
    return (
        "<b>Start over?</b>\n"
        "I'd forget your set-up answers (goal, race, days, volume, times) and ask them again. "
        "Your logs, check-ins and history stay. No sessions arrive until you finish."
    )


def reset_done() -> str:
    return "🔄 Fresh start: your logs and history are kept."


def reset_cancelled() -> str:
    return "Nothing changed. Send /settings to edit a setting."


# --- the plan ---------------------------------------------------------------------------------


def plan_outline(plan: Plan, today: date, *, push_time: str, timezone: str) -> str:
    """The phases with their dates, the race, how far the long run builds (and what the
    plan could not give, §3b: said at onboarding rather than under-preparing quietly), and
    what happens next."""
    if plan.race_date is not None:
        head = (
            f"<b>Your plan: {GOAL_LABELS[plan.goal]} on {day_label(plan.race_date)}</b> "
            f"({weeks_until(plan.race_date, today)} weeks)"
        )
    else:
        head = f"<b>Your plan: {GOAL_LABELS[plan.goal]}</b>, {len(plan.weeks)} weeks ahead"
    lines = [head, ""]
    groups: list[tuple[Phase, date, date, int]] = []
    for week in plan.weeks:
        start = max(week.start, today)
        end = week.start + timedelta(days=6)
        if groups and groups[-1][0] is week.phase:
            phase, first, _last, count = groups[-1]
            groups[-1] = (phase, first, end, count + 1)
        else:
            groups.append((week.phase, start, end, 1))
    for phase, first, last, count in groups:
        if plan.race_date is not None and phase is Phase.RECOVERY and first > plan.race_date:
            lines.append(f"🏁 <b>Race day</b> · {short_day(plan.race_date)}")
        weeks = f"{count} week" + ("s" if count != 1 else "")
        lines.append(
            f"<b>{PHASE_LABELS[phase]}</b> · {short_day(first)} – {short_day(last)} "
            f"({weeks}): {PHASE_FOCUS[phase]}"
        )
    if plan.race_date is not None and not any(g[0] is Phase.RECOVERY for g in groups):
        lines.append(f"🏁 <b>Race day</b> · {short_day(plan.race_date)}")
    season = season_lines(plan, today)
    if season:
        lines += ["", *season]
    lines.append("")
    if plan.paces.estimated:
        lines.append(
            "Paces are estimated for now; a race or time trial will sharpen them (/paces)."
        )
    else:
        lines.append("Paces come from your recent race (/paces).")
    lines.append(
        f"Every morning at {escape(push_time)} ({escape(timezone)}) I'll send the day's "
        "session. /help lists everything."
    )
    return "\n".join(lines)


def week_sessions(plan: Plan, today: date) -> list[str]:
    """This week's sessions from today on (and next week's when few days are left), split
    into messages under Telegram's limit."""
    monday = monday_of(today)
    end = monday + timedelta(days=7 if (monday + timedelta(days=6) - today).days >= 2 else 14)
    blocks: list[str] = []
    day = today
    while day < end:
        sessions = plan.sessions_on(day)
        if sessions:
            if all(s.is_rest for s in sessions):
                blocks.append(f"<u>{short_day(day)}</u>: rest")
            else:
                body = "\n\n".join(session_block(s) for s in sessions)
                blocks.append(f"<u>{short_day(day)}</u>\n{body}")
        day += timedelta(days=1)
    title = "<b>This week</b>" if end - monday == timedelta(days=7) else "<b>The days ahead</b>"
    if not blocks:
        return [f"{title}\nNothing planned before next week."]
    return chunk([title, *blocks])


def chunk(parts: Sequence[str], limit: int = MAX_MESSAGE) -> list[str]:
    """Join ``parts`` with blank lines into as few messages under ``limit`` as possible."""
    messages: list[str] = []
    current = ""
    for part in parts:
        part = part if len(part) <= limit else part[: limit - 1] + "…"
        candidate = f"{current}\n\n{part}" if current else part
        if len(candidate) > limit:
            messages.append(current)
            current = part
        else:
            current = candidate
    if current:
        messages.append(current)
    return messages
