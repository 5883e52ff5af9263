"""The race-readiness review's words (COACHING.md §7b): what is missing, said plainly with
its numbers, the choices as buttons, and what each choice did."""

from __future__ import annotations

from html import escape

from coach.models import ReadinessLevel
from coach.race_readiness import RACE_NAMES, Option, OptionKind, ReadinessReview, keep_aim
from services.race_review import Chosen

LEVEL_ICON = {ReadinessLevel.AMBER: "🟠", ReadinessLevel.RED: "🔴", ReadinessLevel.GREEN: "🟢"}


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def review_text(review: ReadinessReview, *, onboarding: bool = False) -> str:
    """The review as the athlete reads it: the level, what is missing, the choices."""
    name = RACE_NAMES[review.goal]
    icon = LEVEL_ICON[review.level]
    race_day = f"{review.race_date:%a %d %b}"
    if onboarding:
        head = f"{icon} <b>Before you start: is the {name} on {race_day} in reach?</b>"
    else:
        head = (
            f"{icon} <b>Race-readiness check: {review.level.value}</b> "
            f"({name}, {race_day}, {review.weeks_left} weeks away)"
        )
    lines = [head]
    lines += [f"• {escape(_sentence(reason))}." for reason in review.reasons]
    lines.append("\nIt's your call:")
    for option in review.options:
        lines.append(f"• {escape(_option_line(option))}")
    lines.append("I won't quietly shrink your plan: tell me which way you'd like to go.")
    return "\n".join(lines)


def _option_line(option: Option) -> str:
    name = RACE_NAMES[option.goal]
    if option.kind is OptionKind.KEEP:
        aim = keep_aim(option)
        return f"Keep the {name}" + (f", with {aim}" if aim else "") + "."
    if option.kind is OptionKind.SHORTER:
        return f"Switch to the {name} on the same day: the plan is rebuilt for it."
    return f"Move the race to {option.race_date:%a %d %b %Y}: the plan is rebuilt."


def button_label(option: Option) -> str:
    """A button's few words."""
    name = RACE_NAMES[option.goal]
    if option.kind is OptionKind.KEEP:
        return f"Keep the {name}" + (" (run-walk)" if option.run_walk else "")
    if option.kind is OptionKind.SHORTER:
        return f"Switch to the {name}"
    return f"Move to {option.race_date:%d %b %Y}"


def chosen(result: Chosen) -> str:
    """The answer to a choice: what was decided and what follows."""
    option = result.option
    name = RACE_NAMES[option.goal]
    if option.kind is OptionKind.KEEP:
        aim = keep_aim(option)
        body = f"✅ Kept: the {name} on {option.race_date:%a %d %b}."
        if aim:
            body += f" Go for {aim}: that's what your training supports."
        return body + " Your plan stays as it is; I'll check again next Sunday. /why has it."
    if option.kind is OptionKind.SHORTER:
        return (
            f"✅ Switched to the {name} on {option.race_date:%a %d %b}. Your new plan is "
            "below; /why has the reason."
        )
    return (
        f"✅ Moved: the {name} is now on {option.race_date:%a %d %b %Y}. Your new plan is "
        "below; /why has the reason."
    )
