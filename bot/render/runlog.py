"""Post-run logs: the questions of the button flow, the summary with its load and how it
compares with the plan, replace-or-add, and undo."""

from __future__ import annotations

from datetime import date
from html import escape

from bot.render.sessions import distance, minutes
from coach.models import RunLog, RunStatus, Session, TrainingPaces, Units
from coach.paces import (
    KM_PER_MILE,
    format_duration,
    format_pace,
    per_mile,
    predict_time_s,
    rep_time_s,
)
from coach.parser import ParseError
from coach.parsing.plausibility import Clarification
from coach.rules import RULES
from coach.time_trial import MIN_TRIAL_KM, TrialGap, TrialReading
from services.runlog import LogComparison, LogResult
from services.trials import PaceChange
from storage.runlog import StoredLog

STATUS_WORD = {
    RunStatus.DONE: "done",
    RunStatus.PARTLY: "partly done",
    RunStatus.SKIPPED: "skipped",
}


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def describe(log: RunLog, units: Units) -> str:
    """ "45 min · 8.2 km · RPE 6 · trail · 6x400", or "skipped"."""
    if log.status is RunStatus.SKIPPED:
        return "skipped"
    parts = []
    if log.status is RunStatus.PARTLY:
        parts.append("partly done")
    if log.duration_min is not None:
        parts.append(minutes(log.duration_min))
    if log.distance_km is not None:
        parts.append(distance(log.distance_km, units))
    if log.rpe is not None:
        parts.append(f"RPE {log.rpe}")
    if log.surface is not None:
        parts.append(log.surface.value)
    if log.reps:
        parts.append(escape(log.reps))
    return " · ".join(parts) or "done"


def _session_name(session: Session | None) -> str:
    return f"<b>{escape(session.title)}</b>" if session is not None else "your run"


def rpe_question(session: Session | None, status: RunStatus) -> str:
    target = f" (target RPE {session.target_rpe})" if session and session.target_rpe else ""
    done = "the part you did" if status is RunStatus.PARTLY else _session_name(session)
    return f"How hard was {done} overall{target}?\n<i>RPE 1 = very easy, 10 = all-out.</i>"


def duration_question(session: Session | None) -> str:
    planned = f" Planned: {minutes(session.duration_min)}." if session else ""
    return f"How long did you run?{planned}\nTap, or type it (e.g. <i>52 min</i>)."


def surface_question() -> str:
    return "Where did you run?"


def pain_question() -> str:
    return "Any pain during or after the run?"


def pain_where_question() -> str:
    return "Where does it hurt? Tap, or type it (e.g. <i>left achilles</i>)."


def pain_score_question(where: str) -> str:
    return f"How much does the {escape(where)} hurt, from 1 (barely) to 10 (can't run)?"


def _comparison(comparison: LogComparison, log: RunLog) -> str | None:
    session = comparison.planned
    if session is None:
        return None if log.status is RunStatus.SKIPPED else "Nothing was planned: an extra run."
    bits = []
    if comparison.minutes_diff is not None:
        planned = minutes(session.duration_min)
        if comparison.on_time:
            bits.append(f"on the planned time ({planned})")
        elif comparison.minutes_diff < 0:
            bits.append(f"{minutes(-comparison.minutes_diff)} shorter than the planned {planned}")
        else:
            bits.append(f"{minutes(comparison.minutes_diff)} longer than the planned {planned}")
    if comparison.rpe_diff is not None:
        target = session.target_rpe
        if comparison.rpe_diff >= RULES.rpe_off_target:
            bits.append(f"RPE {comparison.rpe_diff} above the target {target}: harder than meant")
        elif comparison.rpe_diff <= -RULES.rpe_off_target:
            bits.append(f"RPE {-comparison.rpe_diff} below the target {target}: easier than meant")
        elif comparison.rpe_diff == 0:
            bits.append(f"on the target effort (RPE {target})")
        else:
            bits.append(f"close to the target effort (RPE {log.rpe} for {target})")
    if not bits:
        return None
    return "Against the plan: " + "; ".join(bits) + "."


def pain_note(log: RunLog) -> str | None:
    if log.pain_score is not None and log.pain_score >= 1:
        where = escape(log.pain_where) if log.pain_where else "pain"
        if log.pain_score >= 4:
            change = (
                "At 4/10 or more your next sessions lose their intensity until it settles; "
                f"send <i>/pain {where} 0</i> when it's gone."
            )
        else:
            change = "Keep an eye on it and tell me with /pain if it gets worse."
        return f"🩹 Pain noted: {where} {log.pain_score}/10. {change} This is not medical advice."
    if log.pain_where:
        where = escape(log.pain_where)
        return (
            f"You mentioned your {where}: if it hurts, tell me how much, "
            f"e.g. <i>/pain {where} 3</i>."
        )
    return None


# --- time trials and races: the paces they set (COACHING.md §2, §3b) ----------------------------


def _trial_distance(km: float, units: Units) -> str:
    """5.0 -> "5 km", 3.2 -> "3.2 km" (miles for an athlete who counts in miles)."""
    value, unit = (km / KM_PER_MILE, "mi") if units is Units.MI else (km, "km")
    return f"{value:.0f} {unit}" if abs(value - round(value)) < 0.05 else f"{value:.1f} {unit}"


def _zone(s_per_km: float, units: Units) -> str:
    if units is Units.MI:
        return f"{format_pace(per_mile(s_per_km))}/mi"
    return f"{format_pace(s_per_km)}/km"


def paces_line(paces: TrainingPaces, units: Units) -> str:
    """ "E 5:35-6:10/km, T 4:50/km, I 4:27/km, R 1:41 per 400 m"."""
    unit = "mi" if units is Units.MI else "km"
    fast, slow = (
        (per_mile(paces.easy_min), per_mile(paces.easy_max))
        if units is Units.MI
        else (paces.easy_min, paces.easy_max)
    )
    return (
        f"E {format_pace(fast)}-{format_pace(slow)}/{unit}, T {_zone(paces.threshold, units)}, "
        f"I {_zone(paces.interval, units)}, "
        f"R {format_pace(rep_time_s(paces.repetition, 400))} per 400 m"
    )


def _what(reading: TrialReading) -> str:
    return "race" if reading.is_race else "time trial"


def _example(reading: TrialReading, before: TrainingPaces | None) -> str:
    """A /log line that would give the result, with a time the athlete could have run."""
    if reading.planned_min is not None:
        return f"/log {reading.planned_min:.0f} min 4.5 km"
    km = reading.planned_km or 5.0
    seconds = predict_time_s(before.vdot, km) if before is not None else 300.0 * km
    said = "" if reading.planned_km is not None else "time trial "
    return f"/log {said}{km:g}k {format_duration(seconds)}"


def pace_change(change: PaceChange, units: Units) -> str:
    """What a time trial or race did to the paces: the new ones in one line, or why not."""
    reading, before = change.reading, change.before
    stay = "stay estimated" if before is None or before.estimated else "stay as they were"
    if change.after is not None and reading.result is not None:
        result = reading.result
        was = ""
        if before is not None:
            was = f" (was {before.vdot:.1f}{', estimated' if before.estimated else ''})"
        return (
            f"📈 New paces from your {_trial_distance(result.distance_km, units)} "
            f"{_what(reading)} ({format_duration(result.time_s)}): VDOT {change.after.vdot:.1f}"
            f"{was}. {paces_line(change.after, units)}. "
            "Your sessions from tomorrow use them; /paces shows them all."
        )
    if change.refused is not None:
        result = change.refused.result
        did = (
            "would be faster than any runner alive"
            if change.refused.too_fast
            else "is slower than a walk"
        )
        return (
            f"🤔 {_trial_distance(result.distance_km, units)} in "
            f"{format_duration(result.time_s)} {did}, so I can't set paces from it: your "
            f"paces {stay}. If it's a typo, /undo and log it again with the right time "
            "and distance."
        )
    example = f"<i>{escape(_example(reading, before))}</i>"
    gap = reading.gap
    if gap is TrialGap.TOO_SHORT:
        return (
            f"🏁 A {_what(reading)} needs at least {_trial_distance(MIN_TRIAL_KM, units)} "
            f"to set paces from: your paces {stay}."
        )
    if gap is TrialGap.WHOLE_SESSION:
        return (
            "🏁 That looks like the whole session, warm-up included. To set your paces I need "
            f"the time trial itself: send its distance and time, e.g. {example}. Until then "
            f"your paces {stay}."
        )
    missing = {
        TrialGap.DISTANCE: "its distance",
        TrialGap.TIME: "its time",
    }.get(gap or TrialGap.BOTH, "its distance and time")
    return (
        f"🏁 Nice work on the {_what(reading)}! To set your paces from it I need {missing}: "
        f"send the distance and time, e.g. {example}. Until then your paces {stay}."
    )


def summary(result: LogResult, units: Units) -> str:
    """The confirmation: what, the load, how it compares with the plan, pain, and the paces a
    time trial or race set."""
    log = result.stored.log
    session = result.target.session
    if log.status is RunStatus.SKIPPED:
        lines = [f"⏭ Logged as skipped: {_session_name(session)} ({day_label(log.date)})."]
    else:
        lines = [
            f"✅ Logged for {day_label(log.date)}: {_session_name(session)}",
            describe(log, units),
        ]
        if log.rpe is not None and log.duration_min is not None:
            estimated = ", time estimated: you gave none" if result.duration_estimated else ""
            lines.append(
                f"Load: {log.load:.0f} (RPE {log.rpe} × {minutes(log.duration_min)}{estimated})"
            )
        elif log.rpe is None:
            lines.append(
                "Load: not counted yet. How hard was it? Tap its RPE (1 easy, 10 all-out)."
            )
        else:
            lines.append("Load: not counted without a time: /undo and log it with one: 45 min.")
        line = _comparison(result.comparison, log)
        trial = result.paces
        if trial is not None and trial.reading.result is not None:
            line = None  # a trial's time is not the session's (warm-up and cool-down)
        if line:
            lines.append(line)
    if result.replaced is not None:
        lines.append(f"It replaces your earlier log ({describe(result.replaced.log, units)}).")
    note = pain_note(log)
    if note:
        lines.append(note)
    if result.paces is not None:
        lines.append(pace_change(result.paces, units))
    return "\n".join(lines)


def conflict(existing: StoredLog, new: RunLog, session: Session | None, units: Units) -> str:
    """A second log for the same session: replace the first, or add another run?"""
    name = _session_name(session) if session is not None else "a run"
    return (
        f"You already logged {name} on {day_label(existing.log.date)}: "
        f"{describe(existing.log, units)}.\n"
        f"Replace it with this one ({describe(new, units)}), or add it as another run?"
    )


def removed(stored: StoredLog, units: Units) -> str:
    return f"↩️ Removed your log of {day_label(stored.log.date)}: {describe(stored.log, units)}."


def nothing_to_undo() -> str:
    return "Nothing to undo: there is no log to remove."


def already_removed() -> str:
    return "That log is already gone."


def cancelled() -> str:
    return "Cancelled: nothing logged."


def start_prompt(session: Session | None, day: date) -> str:
    """/log with nothing after it: how did it go?"""
    if session is None:
        return f"Log a run for {day_label(day)}: how did it go?"
    return (
        f"How did {_session_name(session)} go ({day_label(day)})?\n"
        "<i>Or type it, e.g. /log 45min 8.2km rpe6 trail</i>"
    )


def clarify(question: Clarification) -> str:
    """A value no human could run, or a day out of reach: one question, nothing stored."""
    if question.options:
        return f"🤔 {escape(question.question)}\nNothing is logged yet: tap what you meant."
    return f"🤔 {escape(question.question)}\nNothing is logged yet: send the log again with it."


def illness() -> str:
    """ "sick", "got the flu": rest first (COACHING.md §7), and the commands that say so."""
    return (
        "Sorry you're ill 🤒. Rest comes first: no running with a fever or with anything below "
        "the neck (chest, stomach). /skip takes today's session out, /pause stops the plan "
        "until you're better, and /resume eases you back in."
    )


#: The open question a whole log closed, and how to come back to it.
_CLOSED = {
    "checkin": "the check-in question above: /checkin finishes it",
    "pain": "the pain question above: /pain reports it",
    "settings": "the settings question above: /settings asks it again",
}


def question_closed_for(flow: str) -> str:
    """A whole log typed while another question was open: it was logged, and that question
    closed."""
    what = _CLOSED.get(flow, "the question above")
    return f"I took that as your run log and closed {what}."


def question_closed() -> str:
    """A whole log typed while a question of the log was open: it answered them all."""
    return "(That answers my questions above, so I've closed them.)"


def parse_problem(error: ParseError) -> str:
    """A log that could not be read: what was wrong and a line that would work."""
    return f"{escape(error.problem)}\nTry something like: <i>{escape(error.example)}</i>"


def expired() -> str:
    return "This button has expired: it belongs to an older day. Send /log to log a run."


def stale_step() -> str:
    return "That question is already answered."


def typed_problem(step: str, error: ParseError | None = None) -> str:
    expected = {
        "rpe": "a number from 1 to 10, e.g. <i>6</i>",
        "duration": "a duration, e.g. <i>52 min</i> or <i>1h05</i>",
        "surface": "road, trail, track or treadmill",
        "pain": "yes or no",
        "pain_where": "a place in words, e.g. <i>left knee</i>",
        "pain_score": "a number from 1 to 10",
        "conflict": "replace or add",
    }.get(step, "an answer from the buttons")
    head = f"{escape(error.problem)}\n" if error is not None else ""
    return f"{head}For this question I need {expected}. Or tap a button above."
