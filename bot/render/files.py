"""Messages about files: a run read from the watch's file against the plan, each refusal in
one sentence, the cross-training offer, the workout for the watch and the plan's calendar."""

from __future__ import annotations

from html import escape

from bot.render.runlog import _comparison, day_label, describe, pace_change, pain_note
from bot.render.sessions import distance, minutes
from coach.models import RunLog, Session, SessionKind, Units
from runfiles import BadFileReason, DateProblem, RunFile, Sport
from runfiles.logs import MAX_AGE_DAYS
from services.files import FileProblem
from services.runlog import LogComparison
from services.trials import PaceChange
from storage.runlog import StoredLog

#: The first line of a file's log message: what was read. A tap re-renders the message
#: below it and keeps this line as it was (the file's figures are not all stored).
FIGURES_MARK = "📂"

_SPORT_NAMES: dict[Sport, str] = {
    Sport.WALK: "a walk",
    Sport.HIKE: "a hike",
    Sport.CYCLING: "a bike ride",
    Sport.SWIMMING: "a swim",
    Sport.OTHER: "an activity",
}

_REFUSALS: dict[BadFileReason | DateProblem | FileProblem, str] = {
    BadFileReason.NOT_A_RUN_FILE: (
        "I can't read that file as a run: send the activity as a .fit, .gpx or .tcx file "
        "(zipped is fine), or type your log, e.g. <i>10k 52 min rpe 6</i>."
    ),
    BadFileReason.CORRUPT: (
        "That run file is damaged and I couldn't read it: export it again from your watch's "
        "app and send it once more, or type your log. Nothing was logged."
    ),
    BadFileReason.EMPTY: (
        "That file holds no run (no track and no time): check you exported the right "
        "activity, or type your log. Nothing was logged."
    ),
    DateProblem.FUTURE: (
        "That run ends in the future: your watch's clock may be wrong. Nothing was logged; "
        "type your log instead, e.g. <i>10k 52 min rpe 6</i>."
    ),
    FileProblem.TOO_LONG: (
        "That activity is longer than a run log holds (30 h or 400 km), so I didn't log it: "
        "type your log instead. Nothing was logged."
    ),
    DateProblem.TOO_OLD: (
        f"That run is more than {MAX_AGE_DAYS} days old: its week is already counted, so I "
        "don't log it. Nothing was logged."
    ),
}


def clock(seconds: float) -> str:
    """3492 -> "58:12", 7384 -> "2:03:04"."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def figures(run: RunFile, units: Units) -> str:
    """What the file says: "📂 10.4 km · 58:12 moving · 312 m D+ · avg HR 148"."""
    parts = []
    if run.distance_km is not None:
        parts.append(distance(run.distance_km, units))
    parts.append(f"{clock(run.moving_s)} moving")
    if run.gain_m is not None and run.gain_m >= 1:
        parts.append(f"{run.gain_m:.0f} m D+")
    if run.avg_hr is not None:
        parts.append(f"avg HR {run.avg_hr}")
    return f"{FIGURES_MARK} " + " · ".join(parts)


def file_log(
    head: str | None,
    stored: StoredLog,
    session: Session | None,
    comparison: LogComparison,
    *,
    guessed: bool,
    earlier: StoredLog | None,
    units: Units,
    paces: PaceChange | None = None,
) -> str:
    """A run logged from its file: what was read (``head``), the session it fulfils, how it
    compares with the plan, the surface, the paces a race or time trial set (or what the
    trial still needs), then the RPE question or the load."""
    log = stored.log
    lines = [head] if head else []
    lines.append(f"✅ Logged for {day_label(log.date)}: {_what(log, session)}")
    line = _comparison(comparison, log) if session is not None else None
    if line and log.kind is not SessionKind.CROSS:
        lines.append(line)
    if log.surface is not None and log.kind is not SessionKind.CROSS:
        said = f"Surface: {log.surface.value}"
        if guessed and log.rpe is None:
            said += ", my guess from the file: tap another below if it's wrong"
        lines.append(said + ".")
    if earlier is not None:
        lines.append(
            f"You had logged this session already ({describe(earlier.log, units)}): this run "
            "is kept as another one. Tap <b>Replace</b> if it was the same run."
        )
    note = pain_note(log)
    if note:
        lines.append(note)
    if paces is not None:
        lines.append(pace_change(paces, units))
    lines.append(_load(log, session))
    return "\n".join(lines)


def _what(log: RunLog, session: Session | None) -> str:
    if log.kind is SessionKind.CROSS and (session is None or session.kind is not SessionKind.CROSS):
        return f"cross-training, {minutes(log.duration_min or 0)}"
    if session is None:
        return "an extra run (nothing was planned)"
    return f"<b>{escape(session.title)}</b>"


def _load(log: RunLog, session: Session | None) -> str:
    if log.rpe is not None and log.duration_min is not None:
        return f"Load: {log.load:.0f} (RPE {log.rpe} × {minutes(log.duration_min)})"
    target = f" (target RPE {session.target_rpe})" if session and session.target_rpe else ""
    return (
        f"How hard did it feel overall{target}? Tap 1-10: the load counts once you do.\n"
        "<i>RPE 1 = very easy, 10 = all-out.</i>"
    )


def head_of(message_html: str | None) -> str | None:
    """The figures line of a file's log message, kept when a tap re-renders it."""
    if not message_html:
        return None
    first = message_html.split("\n", 1)[0]
    return first if first.startswith(FIGURES_MARK) else None


def refusal(
    reason: BadFileReason | DateProblem | FileProblem, limit_bytes: int | None = None
) -> str:
    """One sentence for a file that logs nothing."""
    if reason is BadFileReason.TOO_BIG:
        limit = f" (over {limit_bytes // (1024 * 1024)} MB)" if limit_bytes else ""
        return (
            f"That file is too big for me{limit}: send the activity alone as .fit, .gpx or .tcx "
            "(a run is well under 20 MB), or type your log. Nothing was logged."
        )
    if reason is BadFileReason.NOT_RUNNING:  # without the decoded activity: said plainly
        return "That file isn't a run, so I didn't log it."
    return _REFUSALS[reason]


def download_failed() -> str:
    return "I couldn't download that file from Telegram: please send it again."


def cross_offer(activity: RunFile, units: Units) -> str:
    """A ride, a swim, a walk: not logged as a run, offered as cross-training."""
    what = _SPORT_NAMES.get(activity.sport, "an activity")
    bits = [minutes(activity.moving_min)]
    if activity.distance_km:
        bits.append(distance(activity.distance_km, units))
    return (
        f"That file is {what} ({' · '.join(bits)}), not a run, so I didn't log it as one. "
        "Count it as cross-training? Its minutes count towards your load, not its distance."
    )


def cross_declined_expired() -> str:
    return "That offer has expired: send the file again if you want it counted."


def already_logged(stored: StoredLog, units: Units) -> str:
    """The same file twice: said, not doubled."""
    return (
        f"Already logged from this file ({day_label(stored.log.date)}: "
        f"{describe(stored.log, units)}). Nothing added."
    )


def log_gone() -> str:
    return "That log is no longer there: nothing to change."


def replaced(earlier: StoredLog, units: Units) -> str:
    return f"🔁 Your earlier log ({describe(earlier.log, units)}) is removed: this one stays."


# --- files out --------------------------------------------------------------------------------


def watch_caption(session: Session) -> str:
    """Under the FIT workout: what it is and how to load it."""
    return (
        f"⌚ {day_label(session.date)}: <b>{escape(session.title)}</b>\n"
        "Garmin: plug the watch in by USB and copy this file to <i>GARMIN/NewFiles</i>; it "
        "appears under Training &gt; Workouts. Other watches: import it in their app."
    )


def watch_rest_day() -> str:
    return "Today is a rest day: nothing to put on your watch. Enjoy it."


def watch_expired() -> str:
    return "That push is from an earlier day: send /watch for today's session."


def calendar_caption() -> str:
    return (
        "📅 Your plan from today to race day, a calendar event a day. Open the file to import "
        "it; after a change, send /calendar again and importing it replaces the events."
    )


def no_plan() -> str:
    return "You have no plan yet: finish setting up with /start first."
