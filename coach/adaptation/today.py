"""Today's readiness overlay (adjust_today)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from coach.adaptation.signals import (
    _acwr_brake,
    _ratio,
    _red_run,
    progression_signal,
)
from coach.adaptation.specs import (
    _EASY_RPE,
    _RED_RPE,
    ProgressionSignal,
    _build,
    _easy_spec,
    _lighten_spec,
    _minutes,
    _order,
    _rest_spec,
    _round_minutes,
    apply_progression,
    reduce_spec,
)
from coach.adaptation.wording import (
    HELD_REASON,
    NOT_MEDICAL_ADVICE,
    PROGRESSED_REASON,
    RED_EASY_ADVICE,
    _became,
    _because,
    _pain_label,
    _red_run_reason,
    after_pain_advice,
    after_pain_reason,
    brake_reason,
    cross_only_advice,
    message,
    pain_advice,
    pain_on_red_day,
    physio_advice,
    second_red_reason,
    second_run_off,
    soreness_label,
    unsettled_label,
    visible,
)
from coach.models import (
    Adjustment,
    AdjustmentKind,
    AthleteProfile,
    CheckIn,
    PainFlag,
    Readiness,
    ReadinessLevel,
    RunLog,
    RunStatus,
    Session,
    SessionKind,
    Surface,
    TrainingPaces,
    WorkoutSpec,
)
from coach.readiness import (
    QUALITY_KINDS,
    ReadinessScore,
    open_pains,
    same_place,
    soreness_streak,
)
from coach.rules import RULES
from coach.schedule import LazySessions
from coach.workouts import build_session


@dataclass(frozen=True, slots=True)
class AdjustedDay:
    """Today's sessions after adaptation, what changed and why, and any advice.

    Attributes:
        date: the day.
        sessions: today's sessions to push (the planned ones when nothing changed).
        adjustments: every change, today's first, then later days' (a preview).
        advice: lines to add to the message (pain, physio, not-medical-advice).
        alternatives: sessions offered instead (cross-training on a pain day).
        week_sessions: the week with today's and the previewed changes applied (empty when
            no week was given; when no later day changed, the given week is read only
            when this is).
        no_intensity: the pain rule is on: no hard session today.
        progression_allowed: green, no pain, no load or red-week brake: the planner may
            progress (COACHING.md §7, green).
    """

    date: date
    sessions: tuple[Session, ...]
    adjustments: tuple[Adjustment, ...] = ()
    advice: tuple[str, ...] = ()
    alternatives: tuple[Session, ...] = ()
    week_sessions: Sequence[Session] = ()
    no_intensity: bool = False
    progression_allowed: bool = False

    @property
    def changed(self) -> bool:
        """Whether anything about today differs from the plan."""
        return any(a.date == self.date for a in self.adjustments)

    @property
    def messages(self) -> tuple[str, ...]:
        """Today's one-line messages, "Adjusted: ..." (COACHING.md §7)."""
        return tuple(message(a) for a in self.adjustments if a.date == self.date)


# --------------------------------------------------------------------------------------------
# Today: the day's facts, computed once


@dataclass(frozen=True, slots=True)
class DayFacts:
    """Everything the day's rules read, computed once from readiness, pain, load and history.

    Each precedence rule (:data:`PRECEDENCE`) is a small function of these facts and one
    session, so a rule can be read, and tested, on its own.
    """

    today: date
    level: ReadinessLevel
    because: str  # the readiness reasons as one phrase, "5.5 h sleep and soreness 4/5"
    paces_only: bool  # §7b: amber only because quality felt too hard (the paces' problem)
    worst_pain: PainFlag | None  # the strongest pain open today
    pain_label: str  # "pain 5/10 (knee)" or "calves sore 3 days running"; "" = rule off
    cross_only: bool  # §7b: pain 5/10+: rest or cross-training only
    after_pain: PainFlag | None  # §7b: a 4+/10 flag closed in the last week (easy only)
    red_run: tuple[date, date] | None  # red days in a row this week, up to today
    ratio: float | None  # this morning's acute:chronic load ratio
    brake: bool  # the high-load-ratio brake is on
    brake_reason: str
    signal: ProgressionSignal
    restored: bool  # the athlete took today's original back
    trail_access: bool
    history: Sequence[tuple[Session, RunLog]] = ()

    @property
    def red(self) -> bool:
        return self.level is ReadinessLevel.RED

    @property
    def amber(self) -> bool:
        return self.level is ReadinessLevel.AMBER

    @property
    def pain_rule(self) -> bool:
        """§7: pain 4/10+ open, or soreness in the same place 3 days running."""
        return bool(self.pain_label)

    @property
    def strong_pain(self) -> bool:
        return self.worst_pain is not None and self.worst_pain.score >= RULES.rest_pain_score

    @property
    def second_red(self) -> bool:
        """Today is the second red day in a row (rest, and the week is lightened)."""
        return self.red and self.red_run is not None and self.red_run[1] == self.today

    @property
    def red_week(self) -> bool:
        """Red days in a row earlier this week lighten today."""
        return self.red_run is not None and self.red_run[1] < self.today

    @property
    def week_reason(self) -> str:
        return _red_run_reason(self.red_run) if self.red_run is not None else ""


def day_facts(
    today: date,
    readiness: Readiness | ReadinessScore,
    *,
    profile: AthleteProfile,
    logs: Sequence[RunLog],
    pains: Sequence[PainFlag],
    recent_readiness: Sequence[Readiness] = (),
    checkins: Sequence[CheckIn] = (),
    quality_history: Sequence[tuple[Session, RunLog]] = (),
    overrides: Sequence[Adjustment] = (),
) -> DayFacts:
    """The day's facts (see :func:`adjust_today` for the arguments)."""
    level = readiness.level
    paces_only = False
    if isinstance(readiness, ReadinessScore):
        reasons = tuple(i.reason for i in readiness.items)
        ratio = readiness.acwr
        sore_place = readiness.sore_place
        # §7b: quality sessions that felt too hard, and nothing else amiss, say the paces are
        # wrong (the Sunday review recalibrates them), not that the athlete is tired.
        paces_only = bool(readiness.items) and all(
            i.signal == "quality_rpe" for i in readiness.items
        )
    else:
        reasons = readiness.reasons
        ratio = _ratio(logs, today)
        sore_place = soreness_streak(today, None, checkins) if checkins else None
    open_now = open_pains(pains, today) if pains else []
    worst = max(open_now, key=lambda p: p.score, default=None)
    unsettled = _unsettled(pains, open_now, today)
    if worst is not None and worst.score >= RULES.pain_no_intensity_score:
        pain_label = _pain_label(worst)
    elif unsettled is not None:
        pain_label = unsettled_label(unsettled)
    elif sore_place is not None:
        pain_label = soreness_label(sore_place)
    else:
        pain_label = ""
    reds = {r.date for r in recent_readiness if r.level is ReadinessLevel.RED and r.date < today}
    if level is ReadinessLevel.RED:
        reds.add(today)
    brake = _acwr_brake(logs, today, ratio)
    return DayFacts(
        today=today,
        level=level,
        because=_because(reasons, level),
        paces_only=paces_only,
        worst_pain=worst,
        pain_label=pain_label,
        cross_only=worst is not None and worst.score >= RULES.pain_cross_only_score,
        after_pain=_after_pain(pains, today) if pains and not pain_label else None,
        red_run=_red_run(reds, today),
        ratio=ratio,
        brake=brake,
        brake_reason=brake_reason(
            ratio, easing=brake and ratio is not None and ratio <= RULES.acwr_high
        ),
        signal=progression_signal(quality_history) if quality_history else "normal",
        restored=any(a.kind is AdjustmentKind.RESTORED and a.date == today for a in overrides),
        trail_access=profile.trail_access,
        history=quality_history,
    )


def _unsettled(
    pains: Sequence[PainFlag], open_now: Sequence[PainFlag], today: date
) -> PainFlag | None:
    """§7b: an open pain under 4/10 that has not settled by the morning: reported again
    today (its earlier report closed today) at the same score or worse."""
    for p in open_now:
        if not 0 < p.score < RULES.pain_no_intensity_score:
            continue
        for q in pains:
            if (
                q.resolved_on == today
                and q is not p
                and q.score <= p.score
                and same_place(q.where, p.where)
            ):
                return p
    return None


def _after_pain(pains: Sequence[PainFlag], today: date) -> PainFlag | None:
    """§7b: the latest pain flag that took the intensity out (4+/10) and closed within the
    last ``RULES.after_pain_easy_days`` days, while no such pain is open: easy running only."""
    closed = [
        p
        for p in pains
        if p.resolved_on is not None
        and p.score >= RULES.pain_no_intensity_score
        and 0 <= (today - p.resolved_on).days < RULES.after_pain_easy_days
    ]
    return max(closed, key=lambda p: p.resolved_on or today, default=None)


def _back_on(pain: PainFlag) -> date:
    """The day intensity returns after ``pain`` closed."""
    assert pain.resolved_on is not None
    return pain.resolved_on + timedelta(days=RULES.after_pain_easy_days)


# --------------------------------------------------------------------------------------------
# Today: one function per precedence rule


@dataclass(frozen=True, slots=True)
class Change:
    """A rule's decision for one session: the spec to run, the kind of change and why.

    ``spec`` equal to the planned one means "as planned" (the rule applies and keeps it)."""

    spec: WorkoutSpec
    kind: AdjustmentKind = AdjustmentKind.REDUCED
    why: str = ""


def _intense(s: Session) -> bool:
    return s.hard or s.target_rpe > _EASY_RPE


def _no_finish(spec: WorkoutSpec, minutes: float) -> WorkoutSpec:
    return spec.model_copy(update={"duration_min": minutes, "tempo_finish_min": 0.0})


def pain_rule(f: DayFacts, s: Session) -> Change | None:
    """§7: pain 4/10+ or soreness in one place 3 days running: no intensity, ~30 % less
    time (a hard session becomes an easy run); on a red day with strong pain, or a second red
    day in a row, rest with mobility."""
    if not f.pain_rule:
        return None
    if f.red and (f.second_red or f.strong_pain):
        return Change(_rest_spec(), AdjustmentKind.REST, pain_on_red_day(f.pain_label))
    minutes = _minutes(s)
    cut = _round_minutes(minutes * RULES.pain_volume_factor)
    if f.red:
        cut = min(cut, float(RULES.red_easy_minutes[1]))
    if f.cross_only:  # §7b: 5/10+: no running at all, not even an easy run
        spec = _easy_spec(SessionKind.CROSS, Surface.CROSS, cut, _EASY_RPE)
        return Change(spec, AdjustmentKind.REPLACED, f.pain_label)
    if _intense(s):
        trail = s.surface is Surface.TRAIL and f.trail_access
        rpe = _RED_RPE if f.red else _EASY_RPE
        spec = _easy_spec(SessionKind.EASY, Surface.TRAIL if trail else Surface.ROAD, cut, rpe)
        return Change(spec, AdjustmentKind.REPLACED, f.pain_label)
    return Change(_no_finish(s.spec, min(cut, minutes)), AdjustmentKind.REDUCED, f.pain_label)


def red_rule(f: DayFacts, s: Session) -> Change | None:
    """§7 red: a hard (or steady) session becomes 30-40 min recovery (trail when there is
    one), an easy run is capped at 40 min; the second red day in a row is rest."""
    if not f.red:
        return None
    if f.second_red:
        return Change(_rest_spec(), AdjustmentKind.REST, second_red_reason(f.because))
    lo, hi = RULES.red_easy_minutes
    minutes = _minutes(s)
    if _intense(s):
        easy = float(min(hi, max(lo, _round_minutes(minutes / 2))))
        surface = Surface.TRAIL if f.trail_access else Surface.ROAD
        spec = _easy_spec(SessionKind.RECOVERY, surface, easy, _RED_RPE)
        return Change(spec, AdjustmentKind.REPLACED, f.because)
    if minutes > hi:
        return Change(_no_finish(s.spec, float(hi)), AdjustmentKind.REDUCED, f.because)
    return Change(s.spec)


def after_pain_rule(f: DayFacts, s: Session) -> Change | None:
    """§7b: for a week after a 4+/10 pain flag closed, easy running only, nothing hard: a
    hard session becomes an easy run of the same time, the long run an easy run ~20 %
    shorter (``RULES.amber_long_run_factor``), an easy run loses its tempo finish."""
    if f.after_pain is None or f.after_pain.resolved_on is None:
        return None
    why = after_pain_reason(f.after_pain, f.after_pain.resolved_on)
    surface = Surface.TRAIL if s.surface is Surface.TRAIL and f.trail_access else Surface.ROAD
    if s.kind is SessionKind.LONG:  # a hard day too: an easy run ~20 % shorter, no finish
        minutes = _round_minutes(_minutes(s) * RULES.amber_long_run_factor)
        spec = _easy_spec(SessionKind.EASY, surface, minutes, _EASY_RPE)
        return Change(spec, AdjustmentKind.REPLACED, why)
    if s.hard or _intense(s):
        spec = _easy_spec(SessionKind.EASY, surface, _round_minutes(_minutes(s)), _EASY_RPE)
        return Change(spec, AdjustmentKind.REPLACED, why)
    if s.spec.tempo_finish_min:
        spec = s.spec.model_copy(update={"tempo_finish_min": 0.0})
        return Change(spec, AdjustmentKind.REDUCED, why)
    return None


def paces_only_rule(f: DayFacts, s: Session) -> Change | None:
    """§7b: amber only because quality felt too hard: the long run and easy runs stay."""
    if f.amber and f.paces_only and s.kind not in QUALITY_KINDS and not (f.brake or f.red_week):
        return Change(s.spec)
    return None


def lighter_rule(f: DayFacts, s: Session) -> Change | None:
    """§7 amber, a high load ratio, or red days earlier this week: a hard session gets the
    amber reduction; on the load or red-week brake easy runs lose ~20 % too."""
    if not (f.amber or f.brake or f.red_week):
        return None
    brake_why = f.week_reason or f.brake_reason
    if s.hard:
        return Change(reduce_spec(s.spec, _minutes(s)), why=f.because if f.amber else brake_why)
    if f.brake or f.red_week:
        return Change(_lighten_spec(s), why=brake_why)
    return Change(s.spec)


def progression_rule(f: DayFacts, s: Session) -> Change | None:
    """§7: 2+ RPE over target twice holds progression (any day); 2+ under twice moves the
    next quality session one step on a green day."""
    if f.signal == "normal" or s.kind not in QUALITY_KINDS:
        return None
    if f.signal == "hold":
        spec = apply_progression(s.spec, "hold", previous=_previous_spec(f.history, s))
        return Change(spec, AdjustmentKind.HELD, HELD_REASON)
    if f.level is not ReadinessLevel.GREEN:
        return None
    spec = apply_progression(s.spec, f.signal, previous=_previous_spec(f.history, s))
    return Change(spec, AdjustmentKind.PROGRESSED, PROGRESSED_REASON)


#: The rules in order of precedence: the first that applies to a session decides it.
PRECEDENCE: tuple[Callable[[DayFacts, Session], Change | None], ...] = (
    pain_rule,
    red_rule,
    after_pain_rule,
    paces_only_rule,
    lighter_rule,
    progression_rule,
)


def decide(f: DayFacts, s: Session) -> Change | None:
    """The first rule that applies to ``s``, or None (as planned)."""
    for rule in PRECEDENCE:
        change = rule(f, s)
        if change is not None:
            return change
    return None


def _advice(f: DayFacts, pains: Sequence[PainFlag]) -> list[str]:
    """Pain advice (the rule's, then see a physio after a week), ending with the disclaimer."""
    if f.cross_only:
        advice = [cross_only_advice(f.pain_label)]
    elif f.pain_rule:
        advice = [pain_advice(f.pain_label)]
    elif f.after_pain is not None:
        advice = [after_pain_advice(_back_on(f.after_pain))]
    else:
        advice = []
    # One line per place, counted from its first report: a log's pain and a /pain report
    # about the same knee are one pain to the athlete.
    places: list[PainFlag] = []
    for p in sorted(open_pains(pains, f.today), key=lambda flag: flag.reported_on):
        if p.score > 0 and not any(same_place(q.where, p.where) for q in places):
            places.append(p)
    for p in places:
        days = (f.today - p.reported_on).days
        if days > RULES.pain_see_physio_days:
            advice.append(physio_advice(p.where, days))
    if advice:
        advice.append(NOT_MEDICAL_ADVICE)
    return advice


def adjust_today(
    today: date,
    planned: Sequence[Session],
    readiness: Readiness | ReadinessScore,
    *,
    profile: AthleteProfile,
    paces: TrainingPaces,
    logs: Sequence[RunLog],
    pains: Sequence[PainFlag],
    recent_readiness: Sequence[Readiness] = (),
    week_sessions: Sequence[Session] = (),
    checkins: Sequence[CheckIn] = (),
    quality_history: Sequence[tuple[Session, RunLog]] = (),
    overrides: Sequence[Adjustment] = (),
) -> AdjustedDay:
    """Today's sessions adapted to readiness, pain and load (COACHING.md §7).

    The day's facts are computed once (:func:`day_facts`); each session then goes to the
    first rule of :data:`PRECEDENCE` that applies:

    1. The athlete took today's original back (a ``RESTORED`` adjustment for today in
       ``overrides``): as planned; advice still given.
    2. :func:`pain_rule`: pain ``RULES.pain_no_intensity_score`` (4)/10+ open, or soreness in
       the same place ``RULES.soreness_same_place_days`` (3) days running: no intensity,
       ~30 % less time, cross-training offered; on a red day with strong pain
       (``RULES.rest_pain_score``) or a second red day in a row, rest with mobility.
    3. :func:`red_rule`: a hard (or steady) session becomes a recovery run of half its time
       clamped to 30-40 min (``RULES.red_easy_minutes``), on trail when the athlete has
       trails, RPE 2-3; an easy run is capped at 40 min; a double becomes one run. The second
       red day in a row is rest with mobility, and the rest of the week is lightened
       (returned as a preview, and re-derived on each later day).
    4. :func:`paces_only_rule`: amber only because quality felt too hard keeps the long run
       and easy runs (§7b).
    5. :func:`lighter_rule`: amber reduces a hard session (:func:`reduce_spec`). A high load
       ratio (above ``RULES.acwr_high``, until back under ``RULES.acwr_target``) or two red
       days earlier this week also reduce a hard session on a green day and trim easy runs
       by ~20 %; with a high ratio the next days are lightened until the projected ratio is
       back under 1.3.
    6. :func:`progression_rule`: the progression signal from ``quality_history`` applied to
       a quality session (``hold`` eases it on any day, ``progress_sooner`` moves it one
       step on a green day only).

    Pain open longer than ``RULES.pain_see_physio_days`` (7) adds advice to see a
    physiotherapist or doctor; any pain advice ends with "This is not medical advice." The
    bot never diagnoses. Races are never adjusted.

    Args:
        today: the athlete's local date.
        planned: today's sessions as scheduled (never previously adjusted ones: adjustments
            are an overlay, recomputed each day).
        readiness: today's readiness; pass the :class:`~coach.readiness.ReadinessScore`
            from :func:`~coach.readiness.score_readiness` when you have it, so the load
            ratio and the soreness streak are not computed a second time.
        profile: the athlete (trail access for red days).
        paces: training paces.
        logs: run logs (load ratio, its hysteresis and projection).
        pains: pain flags; those open today count.
        recent_readiness: earlier days' readiness (red days in a row).
        week_sessions: this week's scheduled sessions, for the preview of later days; a
            :class:`~coach.schedule.LazySessions` is read only when a later day changes.
        checkins: recent check-ins including today's (soreness in the same place); not
            needed with a ``ReadinessScore``.
        quality_history: (quality session, log) pairs for the progression signal
            (:func:`pair_quality_logs`).
        overrides: adjustments the athlete chose (``RESTORED`` for today keeps the plan).

    Returns:
        The adjusted day. When nothing changes, ``sessions`` holds the planned sessions
        themselves and nothing is rebuilt.
    """
    f = day_facts(
        today,
        readiness,
        profile=profile,
        logs=logs,
        pains=pains,
        recent_readiness=recent_readiness,
        checkins=checkins,
        quality_history=quality_history,
        overrides=overrides,
    )
    advice = _advice(f, pains) if pains or f.pain_rule else []
    cross_made = False
    out: list[Session] = []
    adjustments: list[Adjustment] = []
    alternatives: list[Session] = []
    for s in planned:
        change = None if f.restored or not s.is_run or s.kind is SessionKind.RACE else decide(f, s)
        if change is None or not visible(s.spec, change.spec):
            out.append(s)
            continue
        if f.cross_only and cross_made:  # a double is one session on a pain day
            adjustments.append(
                Adjustment(
                    date=today,
                    kind=AdjustmentKind.DROPPED,
                    reason=second_run_off(f.pain_label, s.spec),
                    before=s,
                )
            )
            continue
        cross_made = cross_made or change.spec.kind is SessionKind.CROSS
        kind = change.kind
        if kind is AdjustmentKind.REDUCED and change.spec.kind is not s.spec.kind:
            kind = AdjustmentKind.REPLACED
        new = _build(change.spec, s.date, paces, profile, s.slot)
        out.append(new)
        adjustments.append(
            Adjustment(
                date=today,
                kind=kind,
                reason=_became(change.why or f.because, s.spec, change.spec),
                before=s,
                after=new,
            )
        )
        if f.pain_rule and new.is_run and not alternatives and not f.cross_only:
            cross = _easy_spec(SessionKind.CROSS, Surface.CROSS, _minutes(new), _EASY_RPE)
            alternatives.append(build_session(cross, today, paces, profile, slot=s.slot))

    if (f.red or f.pain_rule) and not f.restored:
        out, dropped = _one_run_only(out, today, f.because if f.red else f.pain_label)
        adjustments.extend(dropped)

    # Later days: the rest of the week after red days in a row, the next days on a high ratio.
    week_out: Sequence[Session] = ()
    # A lazy week counts as given without being read (it is read only if a day changes).
    if isinstance(week_sessions, LazySessions) or week_sessions:
        week_out, later = _preview_week(
            today,
            week_sessions,
            out,
            f.week_reason,
            brake_reason(f.ratio, easing=False) if f.brake else "",
            logs=logs,
            profile=profile,
            paces=paces,
        )
        adjustments.extend(later)

    unchanged_today = not any(a.date == today for a in adjustments)
    if f.red and not f.restored and unchanged_today and any(s.is_run for s in out):
        advice.insert(0, RED_EASY_ADVICE)

    return AdjustedDay(
        date=today,
        sessions=tuple(out),
        adjustments=tuple(adjustments),
        advice=tuple(advice),
        alternatives=tuple(alternatives),
        week_sessions=week_out,
        no_intensity=f.pain_rule or f.after_pain is not None,
        progression_allowed=(
            f.level is ReadinessLevel.GREEN
            and not f.pain_rule
            and f.after_pain is None
            and not f.brake
            and f.red_run is None
            and f.signal != "hold"
        ),
    )


def _previous_spec(
    history: Sequence[tuple[Session, RunLog]], session: Session
) -> WorkoutSpec | None:
    """The last logged quality session of the same kind before ``session``."""
    best: tuple[date, WorkoutSpec] | None = None
    for s, _log in history:
        if s.kind is session.kind and s.date < session.date and (best is None or s.date > best[0]):
            best = (s.date, s.spec)
    return best[1] if best else None


def _one_run_only(
    sessions: list[Session], today: date, reason: str
) -> tuple[list[Session], list[Adjustment]]:
    """On a red or pain day a double becomes one run: the later run is dropped."""
    runs = [s for s in sessions if s.is_run]
    if len(runs) < 2:
        return sessions, []
    keep = runs[0]
    out: list[Session] = []
    dropped: list[Adjustment] = []
    for s in sessions:
        if s.is_run and s is not keep:
            dropped.append(
                Adjustment(
                    date=today,
                    kind=AdjustmentKind.DROPPED,
                    reason=second_run_off(reason, s.spec),
                    before=s,
                )
            )
        else:
            out.append(s)
    return out, dropped


def _with_today(
    week_sessions: Sequence[Session], today: date, today_sessions: Sequence[Session]
) -> tuple[Session, ...]:
    """The week with today's (adjusted) sessions in place of the planned ones."""
    return (
        *(s for s in week_sessions if s.date < today),
        *today_sessions,
        *(s for s in week_sessions if s.date > today),
    )


def _preview_week(
    today: date,
    week_sessions: Sequence[Session],
    today_sessions: Sequence[Session],
    red_reason: str,
    brake_reason: str,
    *,
    logs: Sequence[RunLog],
    profile: AthleteProfile,
    paces: TrainingPaces,
) -> tuple[Sequence[Session], list[Adjustment]]:
    """The week with today's sessions and the lightened later days in place.

    After red days in a row every later day is lightened. On a high load ratio the later
    days are lightened one by one while the ratio, projected from the logs plus the
    (lightened) sessions as if run as planned, is still at or above ``RULES.acwr_target``.
    """
    if not (red_reason or brake_reason):
        # Nothing later changes: the week is only read if someone asks for it (a morning
        # push never does), so a store that loads the week lazily need not load it.
        return LazySessions(lambda: _with_today(week_sessions, today, today_sessions)), []
    before = [s for s in week_sessions if s.date < today]
    later = sorted((s for s in week_sessions if s.date > today), key=_order)
    if not later:
        return (*before, *today_sessions), []
    braking = bool(brake_reason)
    projected: list[RunLog] = list(logs) + _as_logs(today_sessions) if braking else []
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in later:
        by_day[s.date].append(s)
    adjustments: list[Adjustment] = []
    out_later: list[Session] = []
    for day in sorted(by_day):
        reason = red_reason
        if braking:
            r = _ratio(projected, day)
            if r is None or r < RULES.acwr_target:
                braking = False
            elif not reason:
                reason = brake_reason
        day_out: list[Session] = []
        for s in by_day[day]:
            new_spec = _lighten_spec(s) if reason else s.spec
            if new_spec is s.spec or not visible(s.spec, new_spec):
                day_out.append(s)
                continue
            new = build_session(new_spec, s.date, paces, profile, slot=s.slot)
            kind = (
                AdjustmentKind.LIGHTENED
                if new_spec.kind is s.spec.kind
                else AdjustmentKind.REPLACED
            )
            adjustments.append(
                Adjustment(
                    date=day,
                    kind=kind,
                    reason=_became(reason, s.spec, new_spec, day),
                    before=s,
                    after=new,
                )
            )
            day_out.append(new)
        if braking:
            projected.extend(_as_logs(day_out))
        out_later.extend(day_out)
    return (*before, *today_sessions, *out_later), adjustments


def _as_logs(sessions: Iterable[Session]) -> list[RunLog]:
    """Sessions as if run as planned, to project the load ratio forward."""
    return [
        RunLog.model_construct(
            date=s.date,
            status=RunStatus.DONE,
            duration_min=s.duration_min,
            rpe=s.target_rpe,
            kind=s.kind,
        )
        for s in sessions
        if s.is_run and s.target_rpe >= 1
    ]


def lighten_rest_of_week(
    week_sessions: Sequence[Session],
    after: date,
    reason: str,
    *,
    profile: AthleteProfile,
    paces: TrainingPaces,
) -> tuple[list[Session], list[Adjustment]]:
    """Lighten every session after ``after`` in the week (two red days in a row, §7).

    Hard sessions get the amber reduction, easy runs ~20 % less time; rest, cross-training
    and races stay as they are.

    Args:
        week_sessions: the week's scheduled sessions.
        after: the last day left alone (usually today).
        reason: the cause, as it should read before ", so ..." ("two red days in a row").
        profile: the athlete.
        paces: training paces.

    Returns:
        The week with the later days lightened, and one adjustment per changed session.
    """
    out: list[Session] = []
    adjustments: list[Adjustment] = []
    for s in week_sessions:
        if s.date <= after:
            out.append(s)
            continue
        new_spec = _lighten_spec(s)
        if new_spec is s.spec or not visible(s.spec, new_spec):
            out.append(s)
            continue
        new = build_session(new_spec, s.date, paces, profile, slot=s.slot)
        adjustments.append(
            Adjustment(
                date=s.date,
                kind=AdjustmentKind.LIGHTENED,
                reason=_became(reason, s.spec, new_spec, s.date),
                before=s,
                after=new,
            )
        )
        out.append(new)
    return out, adjustments
