"""What the athlete looks at: /today, /week, /plan, /paces, /stats and /why."""

from __future__ import annotations

from collections.abc import Sequence

from bot.render.illness import today_note as illness_note
from bot.render.season import season_lines
from bot.render.sessions import (
    distance,
    headline,
    minutes,
    short_date,
    text,
)
from bot.render.sessions import today as today_block
from coach.models import GoalKind, Phase, RunLog, RunStatus, Session, Surface, Units
from coach.paces import format_duration, format_pace, per_mile
from coach.rules import RULES
from services.views import (
    PacesView,
    PlanView,
    StatsView,
    TodayView,
    WeekDay,
    WeekView,
    WhyView,
)

GOAL_LABEL = {
    GoalKind.ROAD_5K: "5K",
    GoalKind.ROAD_10K: "10K",
    GoalKind.ROAD_HALF: "half marathon",
    GoalKind.ROAD_MARATHON: "marathon",
    GoalKind.TRAIL: "trail race",
    GoalKind.FITNESS: "general fitness",
}
PHASE_LABEL = {
    Phase.BASE: "Base",
    Phase.BUILD: "Build",
    Phase.COMPETITION: "Competition",
    Phase.TAPER: "Taper",
    Phase.RECOVERY: "Recovery",
}
PHASE_FOCUS = {
    Phase.BASE: "aerobic base, form, strength, light trails",
    Phase.BUILD: "threshold, intervals, long runs, hills",
    Phase.COMPETITION: "race rhythm and race-specific terrain",
    Phase.TAPER: "less volume, short race-pace work",
    Phase.RECOVERY: "easy running, no intensity",
}
STATUS_MARK = {RunStatus.DONE: "✅", RunStatus.PARTLY: "🌓", RunStatus.SKIPPED: "⏭"}
PREDICTION_LABEL = {"5k": "5K", "10k": "10K", "half": "half", "marathon": "marathon"}
# §7b: the ratio is a heuristic, said as what the athlete's load did ("a big jump"), never
# as a validated zone ("sweet spot").
RATIO_WORDS = (
    (RULES.acwr_high, "a big jump in load: I'm easing the next days"),
    (RULES.acwr_target, "load rising quickly"),
    (RULES.acwr_low, "load steady"),
    (0.0, "low: room to build"),
)


# --- /today ------------------------------------------------------------------------------------


def today(view: TodayView) -> str:
    """/today: the session with cues, adjusted, with the one-line reasons."""
    parts = [today_block(view.day)]
    if view.day.illness is not None:  # §7b: what being ill changes, first
        parts.insert(0, illness_note(view.day.illness))
    if view.changes:
        parts.append("\n".join(f"✏️ Adjusted: {text(a.reason)}" for a in view.changes))
    if view.day.logs_today:
        done = "; ".join(_log_summary(s.log, view.day.profile.units) for s in view.day.logs_today)
        parts.append(f"Logged today: {done}.")
    if view.paused:
        parts.append("⏸ Coaching is paused: no morning messages until you send /resume.")
    return "\n\n".join(parts)


# --- /week -------------------------------------------------------------------------------------


def _titles(sessions: Sequence[Session]) -> str:
    runs = [s for s in sessions if not s.is_rest]
    if not runs:
        return "Rest"
    return " + ".join(text(headline(s)) for s in runs)


def _log_summary(log: RunLog, units: Units) -> str:
    if log.status is RunStatus.SKIPPED:
        return "skipped" + (f" ({text(log.note)})" if log.note else "")
    bits = ["done" if log.status is RunStatus.DONE else "partly done"]
    if log.duration_min:
        bits.append(minutes(log.duration_min))
    if log.distance_km:
        bits.append(distance(log.distance_km, units))
    if log.rpe:
        bits.append(f"RPE {log.rpe}")
    if log.surface:
        bits.append(log.surface.value)
    return " ".join(bits[:1]) + (": " + ", ".join(bits[1:]) if len(bits) > 1 else "")


def _week_line(day: WeekDay, units: Units) -> str:
    label = short_date(day.date)[:-4]  # "Tue 24"
    planned = _titles(day.sessions)
    if day.logs and not day.done:
        note = next((log.note for log in day.logs if log.note), None)
        what = "Skipped" if planned == "Rest" else f"{planned} · skipped"
        line = f"⏭ {label}  {what}" + (f" ({text(note)})" if note else "")
    elif day.logs:
        best = min((log.status for log in day.logs), key=list(STATUS_MARK).index)
        logged = "; ".join(_log_summary(log, units) for log in day.logs)
        line = f"{STATUS_MARK[best]} {label}  {planned} · {logged}"
    elif day.is_today:
        line = f"👉 <b>{label}  {planned}</b> · today"
    elif day.missed:
        line = f"✖️ {label}  {planned} · not logged"
    elif day.is_past:
        line = f"▫️ {label}  {planned}"
    elif planned == "Rest":
        line = f"▫️ {label}  Rest"
    else:
        line = f"◻️ {label}  {planned}"
    if day.is_today and day.logs:
        line = f"<b>{line}</b> · today"
    return line


def week(view: WeekView) -> str:
    """/week: the seven days, done and to come, today marked."""
    head = f"<b>Week of {short_date(view.start)}</b>"
    if view.week is not None:
        head += f" · {view.week.phase.value} phase, week {view.week.index + 1}"
        if view.week.deload:
            head += " (lighter week)"
    if view.week is None and not any(d.sessions for d in view.days):
        return head + "\n\nNothing planned this week."
    lines = [head, ""]
    lines += [_week_line(day, view.units) for day in view.days]
    lines.append("")
    lines.append(f"Planned {minutes(view.planned_min)} · done {minutes(view.done_min)}")
    if view.start <= view.today < view.start.fromordinal(view.start.toordinal() + 7):
        lines.append("/today for today's cues, /swap to move it, /skip to skip it.")
    return "\n".join(lines)


# --- /plan -------------------------------------------------------------------------------------


def _goal(view: PlanView) -> str:
    profile = view.profile
    goal = GOAL_LABEL[profile.goal]
    if profile.goal is GoalKind.TRAIL and profile.trail_distance_km:
        extra = f"{profile.trail_distance_km:g} km"
        if profile.trail_elevation_m:
            extra += f", {profile.trail_elevation_m:,.0f} m up"
        goal += f" ({extra})"
    return goal


def plan(view: PlanView) -> str:
    """/plan: the phases with their dates, where the athlete is, how far the long run builds
    (COACHING.md §3b) and any warning the planner gave, the key sessions ahead."""
    race = view.plan.race_date
    if race is not None:
        weeks_to_go = max(0, (race - view.today).days // 7)
        head = f"<b>Your plan: {_goal(view)} on {short_date(race)} {race.year}</b>"
        head += f"\n{weeks_to_go} weeks to go."
    else:
        end = view.plan.weeks[-1].start if view.plan.weeks else view.today
        head = f"<b>Your plan: general fitness</b>, in 4-week blocks to {short_date(end)}"
    lines = [head, ""]
    current = view.current_span
    for span in view.spans:
        weeks = f"{span.weeks} week" + ("s" if span.weeks != 1 else "")
        line = (
            f"{PHASE_LABEL[span.phase]}: {short_date(span.start)} – {short_date(span.end)} "
            f"({weeks})"
        )
        if span == current:
            line = f"👉 <b>{line}</b> · you are here"
            if view.current is not None:
                line += f", week {view.current.index + 1}"
            line += f"\n     {PHASE_FOCUS[span.phase]}"
        elif span.end < view.today:
            line = f"✓ {line}"
        else:
            line = f"• {line}"
        lines.append(line)
    season = season_lines(view.plan, view.today)
    if season:
        lines += ["", *season]
    lines.append("")
    if view.key_sessions:
        lines.append("<b>Key sessions ahead</b>")
        for s in view.key_sessions:
            lines.append(f"{short_date(s.date)}  {text(headline(s))}")
    else:
        lines.append("No hard sessions in the next two weeks: easy running and rest.")
    return "\n".join(lines)


# --- /paces ------------------------------------------------------------------------------------


def _pace(s_per_km: float, units: Units) -> str:
    if units is Units.MI:
        return f"{format_pace(per_mile(s_per_km))}/mi"
    return f"{format_pace(s_per_km)}/km"


def paces(view: PacesView) -> str:
    """/paces: E range, M, T, I, R in the athlete's units, 400 m reps, equivalent races."""
    p, units = view.paces, view.units
    source = "estimated from your easy pace" if p.estimated else "from your race result"
    easy = (
        f"{format_pace(per_mile(p.easy_min))}-{format_pace(per_mile(p.easy_max))}/mi"
        if units is Units.MI
        else f"{format_pace(p.easy_min)}-{format_pace(p.easy_max)}/km"
    )
    lines = [
        f"<b>Your training paces</b> (VDOT {p.vdot:.1f}, {source})",
        "",
        f"Easy (E): {easy}",
        f"Marathon (M): {_pace(p.marathon, units)}",
        f"Threshold (T): {_pace(p.threshold, units)}",
        f"Interval (I): {_pace(p.interval, units)}",
        f"Repetition (R): {_pace(p.repetition, units)}",
        "",
        "<b>400 m reps</b>: "
        + " · ".join(f"{zone} {format_pace(s)}" for zone, s in view.rep_400.items()),
    ]
    if view.predictions:
        races = " · ".join(
            f"{PREDICTION_LABEL.get(k, k)} {format_duration(s)}"
            for k, s in view.predictions.items()
        )
        lines += ["", f"Equivalent race times: {races}"]
    lines.append("")
    if p.estimated:
        lines.append(
            "<i>These are an estimate: a recent race or time trial result will sharpen them.</i>"
        )
    lines.append("Trail runs go by time and effort (RPE), never by pace.")
    return "\n".join(lines)


# --- /stats ------------------------------------------------------------------------------------


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "acute:chronic ratio: after two weeks of logs"
    words = next(w for floor, w in RATIO_WORDS if ratio > floor or floor == 0.0)
    return f"acute:chronic {ratio:.2f} ({words})"


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def stats(view: StatsView) -> str:
    """/stats: weekly volume and load, the load ratio, the surface split against the target."""
    lines = [f"<b>Your last {len(view.weeks)} weeks</b>", ""]
    for w in view.weeks:
        this_week = w is view.weeks[-1]
        label = "This week" if this_week else f"Week of {short_date(w.start)}"
        line = f"{label}: {minutes(w.minutes)}"
        if w.km:
            line += f", {distance(w.km, view.units)}"
        line += f", {w.runs} run" + ("s" if w.runs != 1 else "")
        line += f", load {w.load:,.0f}"
        if w.planned_min:
            line += f" (planned {minutes(w.planned_min)})"
        lines.append(line)
    lines.append("")
    lines.append(
        f"Load now: {view.load.weekly_load:,.0f} over 7 days · {ratio_text(view.load.ratio)}"
    )
    lines.append("")
    if view.total_min:
        split = " · ".join(
            f"{s.value} {_share(view.share(s))} ({minutes(view.split[s])})" for s in view.split
        )
        lines.append(f"Surfaces by time: {split}")
    else:
        lines.append("Surfaces by time: nothing logged yet.")
    if view.phase is not None and view.phase_trail_target is not None:
        target = f"Trail target in the {view.phase.value} phase: {_share(view.phase_trail_target)}"
        if (
            view.week_trail_target is not None
            and abs(view.week_trail_target - view.phase_trail_target) >= 0.01
        ):
            target += f" (this week {_share(view.week_trail_target)}, ramping in)"
        trail = view.share(Surface.TRAIL)
        if trail is not None:
            target += f"; you ran {_share(trail)} on trail."
        else:
            target += "."
        lines.append(target)
    lines.append("\nLoad is RPE x minutes (session-RPE).")
    return "\n".join(lines)


# --- /why --------------------------------------------------------------------------------------


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:]


def why(view: WhyView) -> str:
    """/why: recent changes to the plan and their reasons, newest first."""
    if not view.changes:
        return (
            "No changes to your plan in the last four weeks: it runs as planned.\n"
            "When I adjust a session (sleep, soreness, load, pain) or you skip or swap one, "
            "the reason shows up here."
        )
    lines = ["<b>Why your plan changed</b> (newest first)", ""]
    for stored in view.changes:
        adj = stored.adjustment
        lines.append(f"• {short_date(adj.date)}: {text(_sentence(adj.reason))}")
    return "\n".join(lines)


def plan_missing() -> str:
    return "Your plan isn't ready yet. Send /start to finish setting up."
