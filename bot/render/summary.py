"""The weekly summary: the week in numbers, the surfaces against the phase's target, and
next week's outline (the chart goes out as a photo right after it)."""

from __future__ import annotations

from html import escape

from bot.render.race_review import review_text
from bot.render.runlog import paces_line
from bot.render.sessions import minutes
from coach.calendar import DAY_NAMES
from coach.models import Surface, Units
from coach.recalibration import Recalibration
from coach.rules import RULES
from services.weekly import WeekReview

# §7b: the ratio is a heuristic, said as what the athlete's load did ("a big jump"), never
# as a validated zone ("sweet spot").
RATIO_WORDS = (
    (RULES.acwr_high, "a big jump in load: I'll ease the next days"),
    (RULES.acwr_target, "load rising quickly"),
    (RULES.acwr_low, "load steady"),
    (0.0, "low: room to build"),
)


def ratio_text(ratio: float | None) -> str:
    if ratio is None:
        return "acute:chronic ratio after two weeks of logs"
    words = next(text for floor, text in RATIO_WORDS if ratio > floor or floor == 0.0)
    return f"acute:chronic {ratio:.2f} ({words})"


def split_line(review: WeekReview) -> str:
    done = review.split_done
    total = sum(done.values())
    parts = [f"{surface.value} {minutes(done[surface])}" for surface in done]
    line = "Surfaces: " + " · ".join(parts)
    if review.trail_target is not None and (total or review.trail_target):
        share = done[Surface.TRAIL] / total if total else 0.0
        line += f" (trail {share:.0%}, target {review.trail_target:.0%})"
    return line


def weekly_summary(review: WeekReview) -> str:
    """The Sunday-evening message: planned against done, load, surfaces, next week."""
    end = review.week_start.toordinal() + 6
    last_day = review.week_start.fromordinal(end)
    head = f"<b>Your week, {review.week_start:%d %b} to {last_day:%d %b}</b>"
    if review.week is not None:
        head += f" · {review.week.phase.value} phase"
        if review.week.deload:
            head += " (lighter week)"
    lines = [head]
    share = review.done_share
    extra = review.extra_runs
    extras = f" (+{extra} extra run{'s' if extra != 1 else ''})" if extra else ""
    done = (
        f"Done: {review.done_sessions} of {review.planned_sessions} sessions{extras}, "
        f"{minutes(review.done_min)} of {minutes(review.planned_min)} planned"
    )
    lines.append(done + (f" ({share:.0%})." if share is not None else "."))
    lines.append(
        f"Load this week: {review.load.weekly_load:,.0f} (RPE x min) · "
        + ratio_text(review.load.ratio)
    )
    lines.append(split_line(review))
    if review.recalibration is not None:
        lines.append(recalibration_line(review.recalibration, review.profile.units))
    if review.ill:
        # §7b: no sessions while ill; the way back is planned when they say they're better.
        lines.append(
            "\n<b>Next week</b>: rest until you feel better. Tap Better (or send /better) when "
            "you are, and I'll plan your way back: easy days first, then the volume, then "
            "the harder sessions."
        )
    elif review.next_week is not None:
        note = " (rebuilt from what you ran)" if review.rebuilt else ""
        outline = [f"\n<b>Next week</b>{note}:"]
        for s in review.next_week.sessions:
            if s.is_rest:
                continue
            day = DAY_NAMES[s.date.weekday()][:3]
            outline.append(f"{day}  {escape(s.title)} ({minutes(s.duration_min)})")
        if len(outline) == 1:
            outline.append("Rest and recover.")
        lines += outline
    else:
        lines.append("\nThat was the last week of the plan. Send /race to set the next goal.")
    readiness = review.readiness_review
    if readiness is not None and review.readiness_offered:
        # §7b: green says nothing extra; amber and red say what is missing, with the choices
        # as buttons under this message.
        lines.append("\n" + review_text(readiness))
    return "\n".join(lines)


def recalibration_line(change: Recalibration, units: Units) -> str:
    """§7b, one line: why the paces moved, by how much, and the new ones."""
    felt = ", ".join(f"RPE {rpe} against {target}" for _, rpe, target in change.evidence)
    if change.direction == "slower":
        head = (
            f"🎯 Your last quality sessions felt harder than their target ({felt}), on nights "
            "and legs that were fine: the paces were too fast for you, so I've eased them"
        )
    else:
        head = (
            f"🎯 Your last quality sessions felt easier than their target ({felt}): you're "
            "fitter than your paces, so I've sharpened them"
        )
    return (
        f"{head} (VDOT {change.before.vdot:.1f} -> {change.after.vdot:.1f}): "
        f"{paces_line(change.after, units)}. Next week's sessions use them."
    )


def chart_caption(weeks: int) -> str:
    return f"Your last {weeks} weeks: planned and done minutes, load, acute:chronic ratio."
