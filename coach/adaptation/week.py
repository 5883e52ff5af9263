"""Structural changes: missed sessions, swaps, skips, restores and re-balancing (§7).

Each returns a new list of the week's sessions for the caller to store as the schedule."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import pairwise

from coach.adaptation.specs import (
    _EASY_RPE,
    _easy_spec,
    _minutes,
    _order,
    _rest_spec,
    _round_minutes,
)
from coach.adaptation.wording import (
    _became,
    _day,
)
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    RunLog,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    Week,
)
from coach.rules import RULES
from coach.workouts import REP_KINDS, build_session, describe

_GAP_DAYS = max(1, math.ceil(RULES.min_hours_between_hard / 24))


class OverrideRefused(ValueError):
    """An athlete override that would break a hard rule; ``reason`` is the line to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SwapRefused(OverrideRefused):
    """A swap that would put two hard days within 48 h (COACHING.md §4)."""


# --------------------------------------------------------------------------------------------
# Hard-day spacing


def hard_days(sessions: Iterable[Session]) -> list[date]:
    """The distinct days with a hard session, in order (a double is one hard day)."""
    return sorted({s.date for s in sessions if s.hard})


def spacing_violations(sessions: Iterable[Session]) -> list[tuple[date, date]]:
    """Pairs of hard days closer than 48 h (consecutive days), earliest first."""
    days = hard_days(sessions)
    return [(a, b) for a, b in pairwise(days) if (b - a).days < _GAP_DAYS]


def _too_close(day: date, others: Iterable[date]) -> date | None:
    for other in others:
        if other != day and abs((other - day).days) < _GAP_DAYS:
            return other
    return None


def _effective_hard_days(
    sessions: Iterable[Session], logs: Iterable[RunLog], today: date
) -> set[date]:
    """Hard days for spacing: planned ones (unless logged as skipped) and logged hard runs."""
    days = {s.date for s in sessions if s.hard}
    logged: dict[date, list[RunLog]] = defaultdict(list)
    for log in logs:
        logged[log.date].append(log)
    for d in list(days):
        day_logs = logged.get(d)
        if d < today and day_logs and not any(x.ran for x in day_logs):
            days.discard(d)
    for d, day_logs in logged.items():
        if any(x.ran and x.rpe is not None and x.rpe >= RULES.hard_rpe for x in day_logs):
            days.add(d)
    return days


def _rest_session(
    day: date, note: str, profile: AthleteProfile | None, paces: TrainingPaces | None
) -> Session:
    """A rest day to fill a day emptied by a skip or a move, cued when possible."""
    spec = _rest_spec(note)
    if profile is not None and paces is not None:
        return build_session(spec, day, paces, profile)
    return Session(
        date=day,
        kind=SessionKind.REST,
        surface=Surface.REST,
        hard=False,
        duration_min=0,
        target_rpe=0,
        title="Rest",
        spec=spec,
    )


def _move_hard(
    week: list[Session],
    session: Session,
    earliest: date,
    hard: set[date],
    logs: Sequence[RunLog],
) -> date | None:
    """The first day from ``earliest`` on that can take ``session`` under the §4 rules.

    A day qualifies when it has a session planned, none of them hard, rest or a race; nothing
    was logged on it yet; and it is at least 48 h from every other hard day.
    """
    logged = {x.date for x in logs if x.ran}
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in week:
        by_day[s.date].append(s)
    for day in sorted(by_day):
        if day < earliest or day in logged:
            continue
        sessions = by_day[day]
        if any(s.hard or s.kind is SessionKind.RACE or not s.is_run for s in sessions):
            continue
        if _too_close(day, hard) is not None:
            continue
        return day
    return None


def handle_missed(
    plan_sessions_of_week: Sequence[Session],
    missed: Session,
    today: date,
    logs: Sequence[RunLog],
    *,
    profile: AthleteProfile | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """Re-plan the week around a missed session (COACHING.md §7).

    A missed hard session moves to the first later day this week (today at the earliest)
    that has an easy run planned and nothing logged yet, and is at least 48 h from every
    other hard day, planned or logged; the easy run on that day makes way. Never onto a hard
    day, a rest day or a race. If no day qualifies it is dropped. A missed long run follows
    the same rule and is never doubled up: it is never added onto another run, and the next
    long run is not lengthened. A missed easy run is simply not made up.

    Args:
        plan_sessions_of_week: the week's scheduled sessions (``missed`` among them).
        missed: the session that did not happen.
        today: the athlete's local date.
        logs: recent run logs (logged hard efforts count for spacing; a logged day is taken).
        profile: with ``paces``, used to cue the rest day left where ``missed`` was.
        paces: see ``profile``.

    Returns:
        The week without ``missed`` (a rest day in its place) with the moved session, if any,
        and the adjustments (``MOVED`` or ``DROPPED``).
    """
    week = [s for s in plan_sessions_of_week if s is not missed and s != missed]
    label = describe(missed.spec)
    src = _day(missed.date)
    placeholder = (
        [
            _rest_session(
                missed.date, "Missed session: rest today; the week goes on.", profile, paces
            )
        ]
        if not any(s.date == missed.date for s in week)
        else []
    )
    if not missed.hard:
        return sorted([*week, *placeholder], key=_order), [
            Adjustment(
                date=missed.date,
                kind=AdjustmentKind.DROPPED,
                reason=f"{src}'s {label} was missed; easy runs aren't made up, the week goes on.",
                before=missed,
            )
        ]
    hard = _effective_hard_days(week, logs, today)
    hard.discard(missed.date)
    earliest = max(missed.date + timedelta(days=1), today)
    target = _move_hard(week, missed, earliest, hard, logs)
    if target is None:
        extra = " A missed long run is never doubled up." if missed.kind is SessionKind.LONG else ""
        return sorted([*week, *placeholder], key=_order), [
            Adjustment(
                date=missed.date,
                kind=AdjustmentKind.DROPPED,
                reason=(
                    f"{src}'s {label} was dropped: no later day this week keeps 48 h between "
                    f"hard days.{extra}"
                ),
                before=missed,
            )
        ]
    replaced = [s for s in week if s.date == target]
    moved = missed.model_copy(update={"date": target, "slot": None})
    new_week = [s for s in week if s.date != target] + [moved] + placeholder
    instead = " and ".join(describe(s.spec) for s in replaced)
    return sorted(new_week, key=_order), [
        Adjustment(
            date=target,
            kind=AdjustmentKind.MOVED,
            reason=(
                f"{src}'s {label} moved to {_day(target)} in place of {instead}: "
                "48 h from the other hard days still holds."
            ),
            before=missed,
            after=moved,
        )
    ]


def repeat_missed_week(
    week: Week,
    factor: float = RULES.missed_week_factor,
    *,
    profile: AthleteProfile,
    paces: TrainingPaces,
    start: date | None = None,
) -> Week:
    """A missed week, repeated at reduced volume (COACHING.md §7).

    Each run keeps its kind and day of the week; time scales by ``factor`` (reps by the same
    share, never under ``RULES.adapt_min_reps``); rest, cross-training and races stay. The caller
    puts the returned week in place of the next one and shifts the plan.

    Args:
        week: the week that was missed.
        factor: share of the volume to keep (default 0.8).
        profile: the athlete, to cue the rebuilt sessions.
        paces: training paces.
        start: the Monday the repeat starts (default the Monday after ``week``).

    Returns:
        The repeated week, indexed right after ``week``.
    """
    new_start = start if start is not None else week.start + timedelta(days=7)
    shift = new_start - week.start
    sessions: list[Session] = []
    for s in week.sessions:
        spec = s.spec
        if s.is_run and s.kind is not SessionKind.RACE:
            if spec.kind in REP_KINDS and spec.reps:
                reps = min(spec.reps, max(RULES.adapt_min_reps, round(spec.reps * factor)))
                spec = spec.model_copy(update={"reps": reps})
            else:
                spec = spec.model_copy(
                    update={
                        "duration_min": _round_minutes(_minutes(s) * factor),
                        "finish_at_marathon_min": spec.finish_at_marathon_min * factor,
                        "tempo_finish_min": spec.tempo_finish_min * factor,
                    }
                )
        sessions.append(build_session(spec, s.date + shift, paces, profile, slot=s.slot))
    return week.model_copy(
        update={"start": new_start, "index": week.index + 1, "sessions": tuple(sessions)}
    )


# --------------------------------------------------------------------------------------------
# The athlete's last word


def swap_days(
    week_sessions: Sequence[Session],
    day_a: date,
    day_b: date,
    *,
    today: date | None = None,
    context: Sequence[Session] = (),
) -> tuple[list[Session], Adjustment]:
    """Swap everything planned on two days, unless it would put hard days within 48 h.

    Args:
        week_sessions: the week's scheduled sessions.
        day_a: one day.
        day_b: the other day.
        today: when given, days before it cannot be swapped (they are history).
        context: sessions around the week (last Sunday, next Monday) for the spacing check.

    Returns:
        The week with the two days swapped, and a ``SWAPPED`` adjustment.

    Raises:
        SwapRefused: with the reason to show, when the swap would break the 48-hour rule,
            touches a past day, or has nothing to swap.
    """
    if day_a == day_b:
        raise SwapRefused("Those are the same day, so there is nothing to swap.")
    if today is not None and min(day_a, day_b) < today:
        raise SwapRefused(f"{_day(min(day_a, day_b))} has passed, so it can't be swapped.")
    on_a = [s for s in week_sessions if s.date == day_a]
    on_b = [s for s in week_sessions if s.date == day_b]
    if not on_a and not on_b:
        raise SwapRefused(f"Nothing is planned on {_day(day_a)} or {_day(day_b)}.")
    if any(s.kind is SessionKind.RACE for s in (*on_a, *on_b)):
        raise SwapRefused("Race day stays where it is.")
    moved_a = [s.model_copy(update={"date": day_b}) for s in on_a]
    moved_b = [s.model_copy(update={"date": day_a}) for s in on_b]
    rest = [s for s in week_sessions if s.date not in (day_a, day_b)]
    new_week = sorted([*rest, *moved_a, *moved_b], key=_order)
    days = set(hard_days([*new_week, *context]))
    for moved_day, moved in ((day_b, moved_a), (day_a, moved_b)):
        if not any(s.hard for s in moved):
            continue
        clash = _too_close(moved_day, days)
        if clash is not None:
            what = describe(next(s for s in moved if s.hard).spec)
            other = next((s for s in (*new_week, *context) if s.date == clash and s.hard), None)
            other_label = describe(other.spec) if other is not None else "another hard session"
            raise SwapRefused(
                f"Can't swap {_day(day_a)} and {_day(day_b)}: {what} on {_day(moved_day)} "
                f"would be within 48 h of {other_label} on {_day(clash)}."
            )
    first = (on_a or on_b)[0]
    after = (moved_a or moved_b)[0]
    label_a = " + ".join(describe(s.spec) for s in on_a) or "rest"
    label_b = " + ".join(describe(s.spec) for s in on_b) or "rest"
    reason = (
        f"you swapped {_day(day_a)} and {_day(day_b)}: {label_a} is now on {_day(day_b)}, "
        f"{label_b} on {_day(day_a)}."
    )
    return new_week, Adjustment(
        date=day_a, kind=AdjustmentKind.SWAPPED, reason=reason, before=first, after=after
    )


def skip(
    week_sessions: Sequence[Session],
    day: date,
    *,
    today: date | None = None,
    logs: Sequence[RunLog] = (),
    reschedule: bool = False,
    profile: AthleteProfile | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """The athlete skips a day; the week re-balances without piling anything up.

    The day becomes rest. A skipped hard session is never put onto the next day or added onto
    another run. With ``reschedule`` it may move later in the week under the missed-session
    rule (:func:`handle_missed`), but not to the day right after the skip.

    Args:
        week_sessions: the week's scheduled sessions.
        day: the day skipped.
        today: when given, a past day cannot be skipped.
        logs: recent logs (for the spacing check when rescheduling).
        reschedule: try to move a skipped hard session later in the week.
        profile: with ``paces``, to cue the rest day.
        paces: see ``profile``.

    Returns:
        The week with the day skipped, and the adjustments (``SKIPPED``, maybe ``MOVED``).

    Raises:
        OverrideRefused: a past day, a day with nothing to skip, or race day.
    """
    if today is not None and day < today:
        raise OverrideRefused(f"{_day(day)} has passed, so it can't be skipped.")
    on_day = [s for s in week_sessions if s.date == day and s.is_run]
    if not on_day:
        raise OverrideRefused(f"There is no run to skip on {_day(day)}.")
    if any(s.kind is SessionKind.RACE for s in on_day):
        raise OverrideRefused("Race day can't be skipped here; tell us if you're not racing.")
    rest_of_week = [s for s in week_sessions if s.date != day]
    new_week = sorted(
        [
            *rest_of_week,
            _rest_session(
                day, "Skipped: rest today. Nothing is piled onto the next days.", profile, paces
            ),
        ],
        key=_order,
    )
    label = " + ".join(describe(s.spec) for s in on_day)
    adjustments = [
        Adjustment(
            date=day,
            kind=AdjustmentKind.SKIPPED,
            reason=f"you skipped {_day(day)}'s {label}; nothing is piled onto the next days.",
            before=on_day[0],
        )
    ]
    hard = next((s for s in on_day if s.hard), None)
    if reschedule and hard is not None:
        days = _effective_hard_days(new_week, logs, today or day)
        earliest = max(day + timedelta(days=2), today or day)
        target = _move_hard(new_week, hard, earliest, days, logs)
        if target is not None:
            replaced = [s for s in new_week if s.date == target]
            moved = hard.model_copy(update={"date": target, "slot": None})
            new_week = sorted([s for s in new_week if s.date != target] + [moved], key=_order)
            instead = " and ".join(describe(s.spec) for s in replaced)
            adjustments.append(
                Adjustment(
                    date=target,
                    kind=AdjustmentKind.MOVED,
                    reason=(
                        f"{describe(hard.spec)} moved to {_day(target)} in place of {instead}: "
                        "48 h from the other hard days still holds."
                    ),
                    before=hard,
                    after=moved,
                )
            )
    return new_week, adjustments


def restore_original(
    week_sessions: Sequence[Session],
    adjustment: Adjustment,
    *,
    today: date | None = None,
    profile: AthleteProfile | None = None,
    paces: TrainingPaces | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """Take the original session back (COACHING.md §7: the athlete has the last word).

    ``adjustment.before`` goes back on its day in place of ``adjustment.after`` (a swap is
    swapped back). If that puts a hard session within 48 h of another one, the week is
    re-balanced around the athlete's choice (:func:`rebalance_week`: the other session, if
    it lies ahead and is neither a long run nor a race, becomes an easy run); when that is
    not possible the restore is refused.

    For a readiness adjustment (an overlay), record the returned ``RESTORED`` adjustment and
    pass it to :func:`adjust_today` in ``overrides`` so that the day is not adjusted again.

    Args:
        week_sessions: the week's scheduled sessions.
        adjustment: the change to undo.
        today: the athlete's local date; a past day is not restored.
        profile: with ``paces``, needed to ease a clashing session.
        paces: see ``profile``.

    Returns:
        The week with the original back, and the adjustments (``RESTORED``, maybe ``REPLACED``).

    Raises:
        OverrideRefused: no original to restore, a past day, or a clash that can't be eased.
    """
    original = adjustment.before
    if original is None:
        raise OverrideRefused("There is no original session to take back.")
    after = adjustment.after
    if adjustment.kind is AdjustmentKind.SWAPPED and after is not None:
        week, swap = swap_days(week_sessions, after.date, original.date, today=today)
        restored = Adjustment(
            date=original.date,
            kind=AdjustmentKind.RESTORED,
            reason=swap.reason.replace("you swapped", "you swapped back", 1),
            before=after,
            after=original,
        )
        return week, [restored]
    if today is not None and original.date < today:
        raise OverrideRefused(f"{_day(original.date)} has passed, so it can't be taken back.")

    def moved_copy(s: Session) -> bool:
        """A copy of ``original`` moved to another day (a rescheduled skip or miss)."""
        return (
            s.date != original.date
            and s.hard
            and s.spec == original.spec
            and s.model_copy(update={"date": original.date, "slot": original.slot}) == original
        )

    week = [
        s
        for s in week_sessions
        if s != original
        and not (after is not None and s == after)
        and not moved_copy(s)
        and not (s.date == original.date and (s.slot == original.slot or not s.is_run))
    ]
    week.append(original)
    freed = {after.date} if after is not None else set()
    freed |= {s.date for s in week_sessions if moved_copy(s)}
    for day in sorted(freed - {original.date}):
        if not any(s.date == day for s in week):
            # The day the session had moved to is left free: a rest day.
            week.append(_rest_session(day, "Rest today.", profile, paces))
    adjustments = [
        Adjustment(
            date=original.date,
            kind=AdjustmentKind.RESTORED,
            reason=f"you took back {_day(original.date)}'s {describe(original.spec)}.",
            before=after,
            after=original,
        )
    ]
    week.sort(key=_order)
    if not original.hard:
        return week, adjustments

    def clash() -> date | None:
        others = {s.date for s in week if s.hard and s.date != original.date}
        return _too_close(original.date, others)

    other = clash()
    if other is None:
        return week, adjustments
    if profile is not None and paces is not None:
        week, eased = rebalance_week(
            week, today=today or original.date, profile=profile, paces=paces, keep=original
        )
        other = clash()
        if other is None:
            return week, adjustments + eased
    blocker = next(s for s in week if s.date == other and s.hard)
    raise OverrideRefused(
        f"Can't take back {describe(original.spec)} on {_day(original.date)}: it would be "
        f"within 48 h of {describe(blocker.spec)} on {_day(other)}."
    )


def _ease_sessions(
    week: list[Session],
    targets: Sequence[Session],
    profile: AthleteProfile,
    paces: TrainingPaces,
    why: str,
) -> tuple[list[Session], list[Adjustment]]:
    """Hard sessions made easy runs of the same time; ``why`` reads before ", so ..."."""
    out = list(week)
    adjustments: list[Adjustment] = []
    for s in targets:
        surface = Surface.TRAIL if s.surface is Surface.TRAIL else Surface.ROAD
        spec = _easy_spec(SessionKind.EASY, surface, s.duration_min, _EASY_RPE)
        new = build_session(spec, s.date, paces, profile, slot=s.slot)
        out = [new if x is s else x for x in out]
        adjustments.append(
            Adjustment(
                date=s.date,
                kind=AdjustmentKind.REPLACED,
                reason=_became(why, s.spec, spec, s.date),
                before=s,
                after=new,
            )
        )
    return out, adjustments


def rebalance_week(
    week_sessions: Sequence[Session],
    *,
    today: date,
    profile: AthleteProfile,
    paces: TrainingPaces,
    keep: Session | None = None,
) -> tuple[list[Session], list[Adjustment]]:
    """Bring a week back within the hard-day rules after changes (COACHING.md §4, §7).

    Works forward through the hard days: one within 48 h of the previous hard day, or beyond
    ``RULES.max_hard`` in the week, is eased to an easy run of the same time. Past days,
    races, long runs and ``keep`` (the athlete's choice) are never eased; when a clash can
    only be solved by easing one of those, the other session of the pair gives way if it
    can, and the clash stays otherwise (callers check :func:`spacing_violations`).

    Args:
        week_sessions: the week's sessions.
        today: the athlete's local date; earlier days are history.
        profile: the athlete.
        paces: training paces.
        keep: a session the athlete chose, which stays as it is.

    Returns:
        The balanced week and one ``REPLACED`` adjustment per eased session.
    """
    week = sorted(week_sessions, key=_order)
    adjustments: list[Adjustment] = []
    why = "to keep 48 h between hard days"

    def fixed(sessions: Sequence[Session]) -> bool:
        return any(
            s.date < today
            or s.kind in (SessionKind.LONG, SessionKind.RACE)
            or (keep is not None and s == keep)
            for s in sessions
        )

    max_hard = RULES.max_hard(profile.runs_per_week, profile.weekly_km)
    kept: list[date] = []
    for day in hard_days(week):
        on_day = [s for s in week if s.date == day and s.hard]
        too_close = bool(kept) and (day - kept[-1]).days < _GAP_DAYS
        too_many = len(kept) >= max_hard
        if not (too_close or too_many):
            kept.append(day)
            continue
        if not fixed(on_day):
            reason = why if too_close else f"at most {max_hard} hard days a week"
            week, eased = _ease_sessions(week, on_day, profile, paces, reason)
            adjustments.extend(eased)
            continue
        # This day can't give way: an earlier kept day does, if one can.
        candidates = [kept[-1]] if too_close else list(reversed(kept))
        for earlier in candidates:
            prev = [s for s in week if s.date == earlier and s.hard]
            if prev and not fixed(prev):
                reason = why if too_close else f"at most {max_hard} hard days a week"
                week, eased = _ease_sessions(week, prev, profile, paces, reason)
                adjustments.extend(eased)
                kept.remove(earlier)
                break
        kept.append(day)
    return sorted(week, key=_order), adjustments
