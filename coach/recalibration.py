"""Paces that follow the evidence (COACHING.md §7b).

A plan's paces come from a race, a time trial or an easy pace; the athlete's quality sessions
then say whether they fit. When 2 of the last 3 quality sessions (since the paces were last
set) were logged 2+ RPE above their target, and no pain, illness or bad night explains it,
the paces are too fast for the athlete: the working VDOT drops by about a point (paces 2-3 %
slower). 2+ below on 2 of the last 3 raise it by about a point. A logged race or time trial
re-derives the paces directly (:mod:`coach.time_trial`).

This is how the coach tells wrong paces from fatigue: a session that felt hard after a short
night is fatigue (readiness and the progression hold deal with it, §7); the same sessions
felt hard on good nights are the paces. Only sessions after the paces were last set count
(``TrainingPaces.since``), so one change is not followed by a second on the same evidence.

Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from coach.models import CheckIn, PainFlag, RunLog, Session, TrainingPaces
from coach.paces import VDOT_MAX, VDOT_MIN, training_paces
from coach.readiness import QUALITY_KINDS, open_pains
from coach.rules import RULES

Direction = Literal["slower", "faster"]


@dataclass(frozen=True, slots=True)
class Recalibration:
    """A change of the working VDOT, with the evidence behind it.

    Attributes:
        on: The day it was decided (the new paces' ``since``).
        before: The paces it replaces.
        after: The new paces.
        direction: "slower" (sessions felt too hard) or "faster" (too easy).
        evidence: (date, logged RPE, target RPE) of the sessions that decided it, oldest first.
    """

    on: date
    before: TrainingPaces
    after: TrainingPaces
    direction: Direction
    evidence: tuple[tuple[date, int, int], ...]

    @property
    def reason(self) -> str:
        """One line for /why and the summary, built from the logged sessions."""
        felt = ", ".join(f"RPE {rpe} against {target}" for _, rpe, target in self.evidence)
        harder = "harder" if self.direction == "slower" else "easier"
        return (
            f"your last quality sessions felt {harder} than their target ({felt}), so your "
            f"paces were {'too fast' if self.direction == 'slower' else 'too easy'}: "
            f"VDOT {self.before.vdot:.1f} -> {self.after.vdot:.1f}"
        )


def quality_evidence(
    pairs: Sequence[tuple[Session, RunLog]],
    since: date | None,
    excused: Collection[date] = (),
) -> list[tuple[date, int, int]]:
    """(date, logged RPE, target RPE) of the quality sessions that count, oldest first:
    logged with an RPE, run, after ``since`` and not on an ``excused`` day (pain, illness or
    a bad night explain the effort).

    The target is the one the athlete was given that day (recorded with the log): a quality
    session the coach had turned into a steady or easy run (amber, red, pain) is no evidence
    about the quality paces, whatever the plan had said.
    """
    out: list[tuple[date, int, int]] = []
    for s, log in pairs:
        if s.kind not in QUALITY_KINDS or log.rpe is None or not log.ran:
            continue
        if (since is not None and log.date <= since) or log.date in excused:
            continue
        if log.kind is not None and log.kind not in QUALITY_KINDS:
            continue  # run as something else than the quality session
        if log.target_rpe is not None and log.target_rpe != s.target_rpe:
            continue  # the session was changed that day: not the planned set at its paces
        out.append((log.date, log.rpe, s.target_rpe))
    out.sort()
    return out


def excused_days(
    checkins: Iterable[CheckIn], pains: Iterable[PainFlag], days: Iterable[date]
) -> set[date]:
    """Which of ``days`` explain a hard-feeling session without blaming the paces: an open
    pain flag, or a bad night (under ``RULES.sleep_floor_hours``, or sleep quality
    ``RULES.recalibrate_bad_sleep_quality`` or less out of 5)."""
    flags = list(pains)
    bad_nights = {
        c.date
        for c in checkins
        if (c.sleep_hours is not None and c.sleep_hours < RULES.sleep_floor_hours)
        or (c.sleep_quality is not None and c.sleep_quality <= RULES.recalibrate_bad_sleep_quality)
    }
    return {d for d in days if d in bad_nights or any(p.score > 0 for p in open_pains(flags, d))}


def recalibrate(
    paces: TrainingPaces,
    pairs: Sequence[tuple[Session, RunLog]],
    today: date,
    *,
    excused: Collection[date] = (),
    may_sharpen: bool = True,
) -> Recalibration | None:
    """The paces the evidence asks for, or None when the paces fit (or there is too little).

    Args:
        paces: The plan's paces (their ``since`` bounds the evidence).
        pairs: (planned quality session, its log) pairs (see
            :func:`coach.adaptation.pair_quality_logs`), any order.
        today: The day of the decision.
        excused: Days whose effort pain, illness or a bad night explains.
        may_sharpen: False when the athlete is not running the plan (well under its volume):
            easy-feeling sessions then say the plan is light for them, not that they are
            fitter, and the paces are not made faster.

    Returns:
        A :class:`Recalibration` when ``RULES.recalibrate_sessions`` of the last
        ``RULES.recalibrate_window`` counted sessions were ``RULES.rpe_off_target`` or more
        above their target (slower by ``RULES.recalibrate_vdot_step``) or as far below it
        (faster); None otherwise, or when the VDOT is at the table's edge.
    """
    evidence = quality_evidence(pairs, paces.since, excused)[-RULES.recalibrate_window :]
    off = RULES.rpe_off_target
    above = [e for e in evidence if e[1] - e[2] >= off]
    below = [e for e in evidence if e[2] - e[1] >= off]
    if len(above) >= RULES.recalibrate_sessions:
        direction: Direction = "slower"
        vdot, used = paces.vdot - RULES.recalibrate_vdot_step, above
    elif len(below) >= RULES.recalibrate_sessions and may_sharpen:
        direction, vdot, used = "faster", paces.vdot + RULES.recalibrate_vdot_step, below
    else:
        return None
    vdot = min(VDOT_MAX, max(VDOT_MIN, vdot))
    if abs(vdot - paces.vdot) < 1e-9:
        return None
    after = training_paces(vdot, estimated=paces.estimated).model_copy(update={"since": today})
    return Recalibration(today, paces, after, direction, tuple(used))


__all__ = ["Direction", "Recalibration", "excused_days", "quality_evidence", "recalibrate"]
