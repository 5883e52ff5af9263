"""Every word the adaptation says: reasons, advice and the "Adjusted: " line, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from coach.calendar import DAY_NAMES
from coach.models import (
    Adjustment,
    PainFlag,
    ReadinessLevel,
    SessionKind,
    WorkoutSpec,
)
from coach.rules import RULES
from coach.workouts import describe, minutes_text

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

NOT_MEDICAL_ADVICE = "This is not medical advice."
#: §7 red, when today's session is already easy and so nothing changed: say how to run it.
RED_EASY_ADVICE = (
    "Red day: keep it truly easy (RPE 2) and on the short side; if you feel worse once "
    "moving, stop and take it as rest with mobility."
)


MOBILITY_NOTE = (
    "Rest today, with 15 min mobility: ankle circles, hip openers, cat-cow, glute bridges."
)


def message(adjustment: Adjustment) -> str:
    """The line the athlete reads: "Adjusted: 5.5 h sleep ..., so 6 x 400 m became 4 x 400 m."."""
    return f"Adjusted: {adjustment.reason}"


def _red_run_reason(run: tuple[date, date]) -> str:
    """ "two red days in a row (Tuesday and Wednesday)" """
    first, last = run
    if RULES.red_days_lighten_week == 2:
        return f"two red days in a row ({_day(first)} and {_day(last)})"
    return f"{RULES.red_days_lighten_week} red days in a row ({_day(first)} to {_day(last)})"


def _day(d: date) -> str:
    return DAY_NAMES[d.weekday()]


def _because(reasons: Sequence[str], level: ReadinessLevel) -> str:
    """ "5.5 h sleep and soreness 4/5": the readiness reasons, at most three."""
    picked = [r for r in reasons if r][:3]
    if not picked:
        return f"{level.value} readiness"
    if len(picked) == 1:
        return picked[0]
    return ", ".join(picked[:-1]) + " and " + picked[-1]


def _label(spec: WorkoutSpec) -> str:
    """A session as a change names it, fast finish included ("long run 2 h 30 with the last
    20 min at M"), so that a before and an after never read the same."""
    if spec.kind is SessionKind.REST:
        return "a rest day with mobility" if spec.note == MOBILITY_NOTE else "a rest day"
    label = describe(spec)
    if spec.finish_at_marathon_min:
        label += f" with the last {minutes_text(spec.finish_at_marathon_min)} at M"
    elif spec.tempo_finish_min:
        label += f" with a {minutes_text(spec.tempo_finish_min)} tempo finish"
    return label


def visible(before: WorkoutSpec, after: WorkoutSpec) -> bool:
    """Whether a change reads as one: "20 min easy became 20 min easy" is no change to the
    athlete (a spec can differ only in a field that says nothing), so it is not made."""
    return _label(before) != _label(after)


def _became(reason: str, before: WorkoutSpec, after: WorkoutSpec, day: date | None = None) -> str:
    """ "5.5 h sleep and soreness 4/5, so 6 x 400 m became 4 x 400 m." """
    prefix = f"{_day(day)}'s " if day is not None else ""
    return f"{reason}, so {prefix}{_label(before)} became {_label(after)}."


def _pain_label(pain: PainFlag) -> str:
    return f"pain {pain.score}/10 ({pain.where})" if pain.where else f"pain {pain.score}/10"


# --------------------------------------------------------------------------------------------
# The overlay's reasons and advice (coach.adaptation.today)

#: Progression held or brought forward (§7: 2+ RPE off target on the last two).
HELD_REASON = "your last 2 quality sessions felt harder than planned"
PROGRESSED_REASON = "your last 2 quality sessions felt easier than planned"


def soreness_label(place: str | None) -> str:
    """ "calves sore 3 days running" """
    return f"{place or 'the same place'} sore {RULES.soreness_same_place_days} days running"


def pain_advice(label: str) -> str:
    """What to do with the pain rule on (§7: no intensity, ~30 % less, cross-training)."""
    return (
        f"{label[0].upper()}{label[1:]}: no hard running until it settles and "
        f"about {round((1 - RULES.pain_volume_factor) * 100)} % less time on your feet; "
        "cycling or swimming can replace a run. Stop if it hurts."
    )


def physio_advice(where: str, days: int) -> str:
    """Pain open more than a week (§7): see a professional; never a diagnosis."""
    place = f"{where} " if where else ""
    return (
        f"That {place}pain has been there for {days} days: please see a "
        "physiotherapist or a doctor about it. Stride can't tell what it is."
    )


def second_red_reason(because: str) -> str:
    """ "a second red day in a row (5 h sleep)" """
    if RULES.red_days_lighten_week == 2:
        return f"a second red day in a row ({because})"
    return f"{RULES.red_days_lighten_week} red days in a row ({because})"


def pain_on_red_day(label: str) -> str:
    return f"{label} on a red day"


def brake_reason(ratio: float | None, *, easing: bool) -> str:
    """ "a big jump in load (ratio 1.6)", "a big jump in load (ratio 1.4, easing back under
    1.3)": the ratio told as what it is, a jump in load, not a validated zone (§7b)."""
    if ratio is None:
        return "a big jump in load"
    easing_back = f", easing back under {RULES.acwr_target:g}" if easing else ""
    return f"a big jump in load (ratio {ratio:.1f}{easing_back})"


def second_run_off(reason: str, spec: WorkoutSpec) -> str:
    """A double on a red or pain day: the later run is off."""
    return f"{reason}, so the second run ({describe(spec)}) is off today."


def cross_only_advice(label: str) -> str:
    """§7b: pain 5/10+: no running today, rest or cross-training."""
    return (
        f"{label[0].upper()}{label[1:]}: no running today. Rest, or cross-train (cycling or "
        f"swimming) only if it doesn't hurt; running comes back once it is under "
        f"{RULES.pain_no_intensity_score}/10."
    )


def unsettled_label(pain: PainFlag) -> str:
    """ "pain 3/10 (knee) not settled overnight" """
    return f"{_pain_label(pain)} not settled overnight"


def after_pain_reason(pain: PainFlag, closed: date) -> str:
    """ "your knee pain cleared on Wednesday: a week of easy running first" """
    where = f"{pain.where} " if pain.where else ""
    return f"your {where}pain cleared on {_day(closed)}: a week of easy running first"


def after_pain_advice(back_on: date) -> str:
    """When intensity returns after a pain flag closed (§7b)."""
    return (
        f"Easy running only until {_day(back_on)} {back_on.day} {_MONTHS[back_on.month - 1]}: "
        "intensity returns a week after the pain cleared, if it stays away."
    )
