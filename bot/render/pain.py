"""/pain: the questions, and what a report changes (never a diagnosis)."""

from __future__ import annotations

from html import escape

from bot.render.sessions import adjustment_lines, sessions_block
from coach.adaptation import NOT_MEDICAL_ADVICE
from coach.models import PainFlag
from coach.parser import PAIN_EXAMPLE, ParseError
from coach.rules import RULES
from services.pain import PainResult


def where_question() -> str:
    return f"Where does it hurt? Tap, or type it with a score, e.g. <i>{escape(PAIN_EXAMPLE)}</i>."


def score_question(where: str) -> str:
    return (
        f"How much does the {escape(where)} hurt? <i>1 = barely, 10 = can't run; 0 = it's gone.</i>"
    )


def reported(result: PainResult) -> str:
    """What was recorded, what changes today (from the coach), and the usual caveat."""
    where = escape(result.where)
    lines: list[str] = []
    if result.flag is None:
        lines.append(f"✅ Glad the {where} is better: marked as gone.")
    else:
        lines.append(f"🩹 Noted: {where} {result.score}/10.")
        if result.score < RULES.pain_no_intensity_score:
            lines.append(
                f"Below {RULES.pain_no_intensity_score}/10 the plan stays as it is while it "
                "settles by the next morning (I'll ask at the check-in). Tell me if it gets "
                f"worse: at {RULES.pain_no_intensity_score}/10 I take the intensity out, at "
                f"{RULES.pain_cross_only_score}/10 it is rest or cross-training."
            )
    day = result.day
    if day is not None:
        extra = adjustment_lines(day)
        if extra:
            lines.append("\n".join(extra))
        lines.append("<b>Today</b>\n" + sessions_block(day.sessions, units=day.record.units))
    if not any(NOT_MEDICAL_ADVICE in line for line in lines):
        lines.append(
            f"<i>{NOT_MEDICAL_ADVICE} If it is sharp, swollen or getting worse, "
            "see a professional.</i>"
        )
    return "\n\n".join(lines)


def all_gone(count: int) -> str:
    if count == 0:
        return "No open pain on record. Good!"
    return "✅ Marked every pain as gone. Tell me with /pain if anything comes back."


def parse_problem(error: ParseError) -> str:
    return f"{escape(error.problem)}\nTry something like: <i>{escape(error.example)}</i>"


def typed_problem(step: str) -> str:
    if step == "score":
        return "For this question I need a number from 0 to 10, e.g. <i>3</i>. Or tap a button."
    return "Tell me where in words, e.g. <i>left knee</i> or <i>knee 5/10</i>. Or tap a button."


def expired() -> str:
    return "This button has expired. Send /pain to tell me about a pain."


def morning_question(flag: PainFlag) -> str:
    """The check-in's question about an open pain, each morning until it closes (§7b)."""
    where = escape(flag.where) if flag.where else "pain"
    return (
        f"🩹 And your {where}: it was {flag.score}/10. How is it this morning? "
        "<i>0 = it's gone; running stays as planned while it is under "
        f"{RULES.pain_no_intensity_score}/10 and settles overnight.</i>"
    )
