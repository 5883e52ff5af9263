"""Morning readiness: green, amber or red, with the short reasons behind it (COACHING.md §7).

Readiness is a small points score. Every signal that looks off adds points; the total picks
the level. Points, not a weighted average, so a single alarming signal (strong pain, a 3-hour
night) can carry the day on its own while a couple of mild ones only tip it to amber, and so
every point can be shown to the athlete as a reason they recognise ("5.5 h sleep").

Points table (every threshold is named in :data:`coach.rules.RULES`):

====================  ==========================================================  ======
signal                condition                                                   points
====================  ==========================================================  ======
sleep                 1 h or more under the baseline                              1
sleep                 2 h or more under the baseline                              2
sleep                 under 4 h, whatever the baseline                            3
sleep quality         2/5                                                         1
sleep quality         1/5                                                         2
soreness              4/5                                                         2
soreness              5/5                                                         3
soreness streak       3/5+ in the same place ``soreness_same_place_days`` running  3
stress                5/7                                                         1
stress                6/7 or 7/7                                                  2
mood / motivation     either at 2/7 or lower                                      1
recent load           last 3 days >= 1.5 x the usual 3 days (14+ days of logs)    1
load ratio (ACWR)     above ``acwr_target`` (1.3)                                 1
load ratio (ACWR)     above ``acwr_high`` (1.5)                                   2
open pain             1-3/10                                                      1
open pain             ``pain_no_intensity_score`` (4)/10 or more                  3
open pain             7/10 or more                                                5
quality sessions      last one logged ``rpe_off_target`` (2)+ above its target    1
quality sessions      the last two both 2+ above target                           2
====================  ==========================================================  ======

Level: 0-1 points green, 2-4 amber, 5 or more red. So 5 h sleep with soreness 4/5 is amber
(reduce the session), and it takes a stack of bad signals, or strong pain, to make it red.

The sleep baseline is 7 h (``sleep_target_hours``), or the athlete's own average over the last
14 nights when at least 3 are logged, never taken below 6 h: a short sleeper's normal night is
not a warning sign, but a habitually short night still is.

Load figures are the morning's: loads up to last night (:func:`morning_ratios`), because
today's run has not happened yet. Reasons come in table order, only for the signals that
scored: "5.5 h sleep", "soreness 4/5 (calves)", "load ratio 1.6", "pain 5/10 (knee)".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from coach.load import (
    ACUTE_SPAN_DAYS,
    CHRONIC_EPSILON,
    CHRONIC_SPAN_DAYS,
    HISTORY_DAYS,
    MIN_HISTORY_DAYS,
    LoadSummary,
    acute_chronic,
    ewma,
    ewma_series,
)
from coach.models import (
    CheckIn,
    PainFlag,
    Readiness,
    ReadinessLevel,
    RunLog,
    RunStatus,
    SessionKind,
)
from coach.rules import RULES
from coach.schedule import Schedule

__all__ = [
    "CHECKIN_WINDOW_DAYS",
    "QUALITY_KINDS",
    "ReadinessItem",
    "ReadinessScore",
    "assess_readiness",
    "may_be_quality_effort",
    "morning_load",
    "morning_ratios",
    "open_pains",
    "quality_efforts",
    "same_place",
    "score_readiness",
    "soreness_streak",
]

#: Session kinds that count as "quality" work for the RPE-vs-target signal and progression.
QUALITY_KINDS: frozenset[SessionKind] = frozenset(
    {SessionKind.TRACK, SessionKind.INTERVALS, SessionKind.TEMPO, SessionKind.HILLS}
)

# Target RPE by kind when no plan is at hand to say what was prescribed (COACHING.md §2).
_DEFAULT_TARGET_RPE: dict[SessionKind, int] = {
    SessionKind.TEMPO: 7,
    SessionKind.INTERVALS: 8,
    SessionKind.TRACK: 8,
    SessionKind.HILLS: 8,
}


#: How many days of check-ins before today readiness reads (the sleep baseline's window;
#: the soreness streak looks back less far).
CHECKIN_WINDOW_DAYS = max(RULES.sleep_window_days, RULES.soreness_same_place_days - 1)


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """One line of the points table that fired: which signal, how many points, what to say."""

    signal: str
    points: int
    reason: str


@dataclass(frozen=True, slots=True)
class ReadinessScore:
    """The full working behind a :class:`Readiness`, for callers that want more than the level.

    Attributes:
        date: the day assessed.
        level: green, amber or red.
        points: the total.
        items: the signals that scored, in table order.
        acwr: the acute:chronic ratio used (None when there is not enough history).
        sore_place: the place sore for ``soreness_same_place_days`` running, if any ("" when
            the athlete never said where).
    """

    date: date
    level: ReadinessLevel
    points: int
    items: tuple[ReadinessItem, ...]
    acwr: float | None
    sore_place: str | None

    def to_readiness(self) -> Readiness:
        """The shared model: level and reasons only."""
        return Readiness(
            date=self.date, level=self.level, reasons=tuple(i.reason for i in self.items)
        )


def assess_readiness(
    today: date,
    checkin: CheckIn | None,
    recent_checkins: Sequence[CheckIn],
    logs: Sequence[RunLog],
    pains: Sequence[PainFlag],
    plan: Schedule | None = None,
) -> Readiness:
    """Today's readiness, green/amber/red, with short specific reasons (COACHING.md §7).

    Args:
        today: the athlete's local date.
        checkin: this morning's check-in, or None when they have not answered (readiness then
            rests on load, pain and recent sessions only; a missing check-in is not a penalty).
        recent_checkins: earlier check-ins (today's may be included; it is ignored for the
            sleep average) for the athlete's own sleep baseline and the soreness streak.
        logs: run logs, at least the last 28 days for the load ratio.
        pains: pain flags; those open today count.
        plan: the athlete's plan, to read the target RPE of the quality sessions they logged;
            without it the usual RPE for the session kind is assumed.

    Returns:
        The shared :class:`~coach.models.Readiness`; see :func:`score_readiness` for the points.
    """
    return score_readiness(today, checkin, recent_checkins, logs, pains, plan).to_readiness()


def score_readiness(
    today: date,
    checkin: CheckIn | None,
    recent_checkins: Sequence[CheckIn],
    logs: Sequence[RunLog],
    pains: Sequence[PainFlag],
    plan: Schedule | None = None,
) -> ReadinessScore:
    """The points behind :func:`assess_readiness` (same arguments).

    Args:
        today: the athlete's local date.
        checkin: this morning's check-in, or None.
        recent_checkins: earlier check-ins.
        logs: run logs.
        pains: pain flags.
        plan: the plan, for target RPEs.

    Returns:
        Level, total, the items that scored, the load ratio and the sore place; pass it to
        :func:`coach.adaptation.adjust_today` as the readiness so nothing is computed twice.
    """
    items: list[ReadinessItem] = []
    add = items.append

    if checkin is not None:
        _score_checkin(today, checkin, recent_checkins, add)

    streak = soreness_streak(today, checkin, recent_checkins)
    if streak is not None:
        # Built from what the athlete said: a place only when they named one (issue 16).
        sore = f"{streak} sore" if streak else "sore"
        add(
            ReadinessItem(
                "soreness_streak", 3, f"{sore} {RULES.soreness_same_place_days} days running"
            )
        )

    if checkin is not None:
        low = [
            name
            for name, value in (("mood", checkin.mood), ("motivation", checkin.motivation))
            if value is not None and value <= RULES.wellness_low
        ]
        if low:
            add(ReadinessItem("wellness", 1, "low " + " and ".join(low)))

    daily = _DailyLoads.of(logs, today)
    recent = daily.recent_item()
    if recent is not None:
        add(recent)

    ratio = daily.ratios(1)[0]
    if ratio is not None:
        if ratio > RULES.acwr_high:
            add(ReadinessItem("acwr", 2, f"load ratio {ratio:.1f}"))
        elif ratio > RULES.acwr_target:
            add(ReadinessItem("acwr", 1, f"load ratio {ratio:.1f}"))

    worst = max(open_pains(pains, today), key=lambda p: p.score, default=None)
    if worst is not None and worst.score > 0:
        label = (
            f"pain {worst.score}/10 ({worst.where})" if worst.where else f"pain {worst.score}/10"
        )
        if worst.score >= RULES.pain_severe_score:
            add(ReadinessItem("pain", 5, label))
        elif worst.score >= RULES.pain_no_intensity_score:
            add(ReadinessItem("pain", 3, label))
        else:
            add(ReadinessItem("pain", 1, label))

    efforts = quality_efforts(today, logs, plan, last=2)
    off = RULES.rpe_off_target
    if efforts and efforts[-1][0] - efforts[-1][1] >= off:
        if len(efforts) == 2 and efforts[0][0] - efforts[0][1] >= off:
            add(ReadinessItem("quality_rpe", 2, "last 2 quality sessions felt harder than planned"))
        else:
            rpe, target = efforts[-1]
            add(ReadinessItem("quality_rpe", 1, f"last quality session RPE {rpe} vs {target}"))

    points = sum(i.points for i in items)
    if points >= RULES.red_points:
        level = ReadinessLevel.RED
    elif points >= RULES.amber_points:
        level = ReadinessLevel.AMBER
    else:
        level = ReadinessLevel.GREEN
    return ReadinessScore(today, level, points, tuple(items), ratio, streak)


@dataclass(frozen=True, slots=True)
class _DailyLoads:
    """Daily session-RPE loads from the first log up to yesterday: one pass over the logs."""

    today: date
    first: date | None
    loads: list[float]
    logs: Sequence[RunLog]

    @classmethod
    def of(cls, logs: Sequence[RunLog], today: date) -> _DailyLoads:
        end = today - timedelta(days=1)
        skipped = RunStatus.SKIPPED
        # RunLog.load inlined (RPE x minutes, 0 when skipped or unrated): this loop runs for
        # every athlete every morning; the property test pins it to coach.load.
        dated = [
            (
                log.date,
                0.0
                if log.status is skipped or log.rpe is None or log.duration_min is None
                else log.rpe * log.duration_min,
            )
            for log in logs
            if log.date <= end
        ]
        if not dated:
            return cls(today, None, [], logs)
        first = min(dated)[0]
        base = first.toordinal()
        loads = [0.0] * (end.toordinal() - base + 1)
        for day, load in dated:
            loads[day.toordinal() - base] += load
        return cls(today, first, loads, logs)

    def ratios(self, days: int) -> list[float | None]:
        """Morning ratios for today and the ``days - 1`` days before it, newest first."""
        if self.first is None:
            return [None] * days
        n = len(self.loads)
        if n > HISTORY_DAYS:
            # acute_chronic trims to its window, and the window moves with the day: ask it.
            return [
                acute_chronic(self.logs, self.today - timedelta(days=back + 1)).ratio
                for back in range(days)
            ]
        if days == 1:
            # The morning hot path: both EWMAs in one pass, today's values only.
            if n < MIN_HISTORY_DAYS:
                return [None]
            a, c = _acute_chronic_now(self.loads)
            return [a / c if c >= CHRONIC_EPSILON else None]
        acute = ewma_series(self.loads, ACUTE_SPAN_DAYS)
        chronic = ewma_series(self.loads, CHRONIC_SPAN_DAYS)
        full = max(ACUTE_SPAN_DAYS, CHRONIC_SPAN_DAYS)
        out: list[float | None] = []
        for back in range(days):
            i = n - 1 - back
            if i + 1 < MIN_HISTORY_DAYS:
                out.append(None)
                continue
            if i + 1 < full and back:
                # The EWMAs are seeded with the mean of their first span of days, so a day
                # with less history than a span has a series of its own.
                a = ewma(self.loads[: i + 1], ACUTE_SPAN_DAYS)
                c = ewma(self.loads[: i + 1], CHRONIC_SPAN_DAYS)
            else:
                a, c = acute[i], chronic[i]
            out.append(a / c if c >= CHRONIC_EPSILON else None)
        return out

    def recent_item(self) -> ReadinessItem | None:
        """The last few days' load against the athlete's usual load over the same span."""
        if self.first is None:
            return None
        if (self.today - self.first).days < RULES.recent_load_history_days:
            return None
        days = RULES.recent_load_days
        recent = sum(self.loads[-days:])
        usual = sum(self.loads[-28:]) / 28 * days
        if usual <= 0 or recent < RULES.recent_load_factor * usual:
            return None
        return ReadinessItem(
            "recent_load", 1, f"heavy last {days} days ({recent / usual:.1f}x usual)"
        )


def _acute_chronic_now(loads: Sequence[float]) -> tuple[float, float]:
    """The last values of :func:`coach.load.ewma_series` for both spans, in one pass.

    Same seeding (the mean of the first span of days) and the same lambda = 2 / (N + 1); the
    property test ``test_section7_morning_ratios_match_the_load_module`` pins the result to
    :func:`coach.load.acute_chronic`.
    """
    lam_a = 2.0 / (ACUTE_SPAN_DAYS + 1)
    lam_c = 2.0 / (CHRONIC_SPAN_DAYS + 1)
    seed_a = loads[:ACUTE_SPAN_DAYS]
    seed_c = loads[:CHRONIC_SPAN_DAYS]
    a = sum(seed_a) / len(seed_a)
    c = sum(seed_c) / len(seed_c)
    keep_a = 1.0 - lam_a
    keep_c = 1.0 - lam_c
    for load in loads:
        a = lam_a * load + keep_a * a
        c = lam_c * load + keep_c * c
    return a, c


def morning_ratios(logs: Sequence[RunLog], today: date, days: int = 1) -> list[float | None]:
    """The morning acute:chronic ratio for ``today`` and the ``days - 1`` days before it.

    The same numbers as ``morning_load(logs, day).ratio`` for each day (tested), from one pass
    over the logs and one EWMA series instead of one :func:`coach.load.acute_chronic` call
    per day: the hot path (10,000 athletes a morning) and the look-back of the load-ratio
    brake need only the ratio, not monotony and strain.

    Returns:
        Newest first: index 0 is this morning's ratio. None where there is too little history.
    """
    return _DailyLoads.of(logs, today).ratios(days)


def morning_load(logs: Sequence[RunLog], today: date) -> LoadSummary:
    """The load figures a morning decision uses: up to and including yesterday.

    :func:`coach.load.acute_chronic` counts ``today`` as a day; in the morning today's run has
    not happened, and counting it as a zero-load day would understate the acute load (a 1.65
    ratio reads 1.33) just when it matters.
    """
    return acute_chronic(logs, today - timedelta(days=1))


def _score_checkin(
    today: date,
    checkin: CheckIn,
    recent_checkins: Sequence[CheckIn],
    add: Callable[[ReadinessItem], None],
) -> None:
    """Sleep, sleep quality, soreness and stress from this morning's check-in."""
    hours = checkin.sleep_hours
    if hours is not None:
        baseline = _sleep_baseline(today, recent_checkins)
        short = baseline - hours
        label = f"{_hours(hours)} h sleep"
        if (
            abs(baseline - RULES.sleep_target_hours) >= 0.5
            and hours >= RULES.sleep_very_short_hours
        ):
            label += f" (usual {_hours(baseline)} h)"
        if hours < RULES.sleep_very_short_hours:
            add(ReadinessItem("sleep", 3, label))
        elif short >= 2.0 - 1e-9:
            add(ReadinessItem("sleep", 2, label))
        elif short >= 1.0 - 1e-9:
            add(ReadinessItem("sleep", 1, label))

    quality = checkin.sleep_quality
    if quality is not None and quality <= 2:
        add(ReadinessItem("sleep_quality", 3 - quality, f"sleep quality {quality}/5"))

    soreness = checkin.soreness
    if soreness is not None and soreness >= 4:
        where = (checkin.soreness_where or "").strip()
        label = f"soreness {soreness}/5" + (f" ({where})" if where else "")
        add(ReadinessItem("soreness", soreness - 2, label))

    stress = checkin.stress
    if stress is not None and stress >= 5:
        add(ReadinessItem("stress", 1 if stress == 5 else 2, f"stress {stress}/7"))


def _hours(h: float) -> str:
    """5.0 -> "5", 5.5 -> "5.5", 6.25 -> "6.2": short and honest."""
    return f"{h:.1f}".removesuffix(".0")


def _sleep_baseline(today: date, recent_checkins: Sequence[CheckIn]) -> float:
    """7 h, or the athlete's own recent average (never below the floor) when there is one."""
    start = today - timedelta(days=RULES.sleep_window_days)
    nights = [
        c.sleep_hours
        for c in recent_checkins
        if c.sleep_hours is not None and start <= c.date < today
    ]
    if len(nights) < RULES.sleep_min_nights:
        return RULES.sleep_target_hours
    return max(sum(nights) / len(nights), RULES.sleep_floor_hours)


def open_pains(pains: Iterable[PainFlag], today: date) -> list[PainFlag]:
    """Pain flags open on ``today``: reported by then and not resolved by then."""
    return [
        p
        for p in pains
        if p.reported_on <= today and (p.resolved_on is None or p.resolved_on > today)
    ]


def _by_date(log: RunLog) -> date:
    return log.date


_QUALITY_OR_UNKNOWN = frozenset({*QUALITY_KINDS, None})


def may_be_quality_effort(log: RunLog) -> bool:
    """Whether ``log`` can count as a quality effort (rated, run, of a quality kind or of an
    unnamed one): :func:`quality_efforts` reads the plan only on such logs' days."""
    return log.kind in _QUALITY_OR_UNKNOWN and log.rpe is not None and log.ran


def quality_efforts(
    today: date, logs: Sequence[RunLog], plan: Schedule | None = None, *, last: int | None = None
) -> list[tuple[int, int]]:
    """(logged RPE, target RPE) of recent quality sessions, oldest first.

    A log counts when it is done or partly done, has an RPE, lies within the quality window
    before today, and fulfils a quality session. Its target is the one recorded with the log
    (``RunLog.target_rpe``, with a quality kind); else that of the planned session on that
    day when there is a plan; otherwise the usual target RPE for the kind the log names.

    Args:
        today: the athlete's local date.
        logs: run logs.
        plan: the plan, for the target RPE of logs that do not carry one (and the day its
            paces were set: earlier sessions do not count, §7b).
        last: only the most recent ``last`` efforts (readiness needs two): the plan is only
            searched for those.
    """
    start = today - timedelta(days=RULES.quality_window_days)
    paces = plan.paces if plan is not None else None
    since = paces.since if paces is not None else None
    if since is not None:
        # §7b: sessions before the paces were last set were run at other paces; the change
        # answered them, and counting them again would cut the next sessions for nothing.
        start = max(start, since + timedelta(days=1))
    candidates = [log for log in logs if start <= log.date < today and may_be_quality_effort(log)]
    candidates.sort(key=_by_date, reverse=True)
    out: list[tuple[int, int]] = []
    for log in candidates:
        if last is not None and len(out) >= last:
            break
        assert log.rpe is not None
        target: int | None = None
        if log.target_rpe is not None and log.kind in QUALITY_KINDS:
            target = log.target_rpe  # recorded with the log: no need to read the plan
        elif plan is not None:
            for s in plan.sessions_on(log.date):
                if s.kind in QUALITY_KINDS and (log.kind is None or log.kind is s.kind):
                    target = s.target_rpe
                    break
        if target is None and log.kind is not None:
            target = _DEFAULT_TARGET_RPE.get(log.kind)
        if target is not None:
            out.append((log.rpe, target))
    out.reverse()
    return out


_SIDE_WORDS = frozenset(
    {"left", "right", "both", "my", "the", "a", "and", "in", "of", "on", "bit", "little", "l", "r"}
)
_IRREGULAR = {"feet": "foot", "calves": "calf", "achilles": "achilles", "shins": "shin"}


@lru_cache(maxsize=4096)
def _place_tokens(where: str) -> frozenset[str]:
    """Words that name a body part, singular, without sides ("Left calves" -> {"calf"})."""
    out: set[str] = set()
    for word in re.findall(r"[a-z]+", where.lower()):
        if word in _SIDE_WORDS:
            continue
        if word in _IRREGULAR:
            word = _IRREGULAR[word]
        elif word.endswith("ves"):
            word = word[:-3] + "f"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        out.add(word)
    return frozenset(out)


def same_place(a: str | None, b: str | None) -> bool:
    """Whether two free-text places name the same body part; an unsaid place matches any.

    "calves" and "left calf" match; "knee" and "hip" do not. A missing place matches because
    the athlete simply did not say, and missing a real streak is worse than a false one here.
    """
    if not a or not b:
        return True
    ta, tb = _place_tokens(a), _place_tokens(b)
    if not ta or not tb:
        return True
    return bool(ta & tb)


def soreness_streak(
    today: date, checkin: CheckIn | None, recent_checkins: Sequence[CheckIn]
) -> str | None:
    """The place sore in the same place ``soreness_same_place_days`` days running up to today.

    Returns:
        The place as the athlete last named it ("" if they never said where), or None when
        there is no such streak.
    """
    days = RULES.soreness_same_place_days
    least = RULES.soreness_streak_min
    if checkin is not None and checkin.date == today and (checkin.soreness or 0) < least:
        return None  # the common case: not sore this morning
    start = today - timedelta(days=days - 1)
    by_day: dict[date, CheckIn] = {}
    for c in recent_checkins:
        if start <= c.date <= today:
            by_day[c.date] = c
    if checkin is not None and start <= checkin.date <= today:
        by_day[checkin.date] = checkin
    if len(by_day) < days:
        return None
    places: list[str | None] = []
    for back in range(days):
        day = by_day.get(today - timedelta(days=back))
        if day is None or day.soreness is None or day.soreness < least:
            return None
        places.append(day.soreness_where.strip() if day.soreness_where else None)
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            if not same_place(a, b):
                return None
    return next((p for p in places if p), "")
