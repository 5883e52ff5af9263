"""Which planned session a log fulfils (coach.journal_match): one rule for the journal and the
evening reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from coach.journal_match import loggable, logged_session, unlogged_sessions
from coach.models import Session, SessionKind, Surface, WorkoutSpec

DAY = date(2026, 12, 1)


@dataclass(frozen=True)
class Log:
    slot: str | None = None


def session(
    kind: SessionKind = SessionKind.EASY,
    surface: Surface = Surface.ROAD,
    slot: Literal["am", "pm"] | None = None,
    minutes: float = 40.0,
) -> Session:
    return Session(
        date=DAY,
        kind=kind,
        surface=surface,
        hard=kind is SessionKind.INTERVALS,
        duration_min=minutes,
        target_rpe=0 if kind is SessionKind.REST else 3,
        title=f"{kind.value} {slot or ''}".strip(),
        spec=WorkoutSpec(kind=kind, surface=surface, duration_min=minutes),
        slot=slot,
    )


REST = session(SessionKind.REST, Surface.REST, minutes=0.0)
CROSS = session(SessionKind.CROSS, Surface.CROSS)
AM = session(SessionKind.INTERVALS, slot="am")
PM = session(SessionKind.EASY, Surface.TRAIL, slot="pm")


def test_a_rest_day_has_nothing_to_log_but_cross_training_is_logged() -> None:
    assert loggable([REST]) == []
    assert unlogged_sessions([REST], []) == []
    assert loggable([CROSS]) == [CROSS]
    assert unlogged_sessions([CROSS], []) == [CROSS]


def test_one_session_is_open_until_a_log_fulfils_it() -> None:
    easy = session()
    assert unlogged_sessions([easy], []) == [easy]
    assert unlogged_sessions([easy], [Log()]) == []
    assert unlogged_sessions([easy], [Log(), Log()]) == []  # a second log fulfils nothing new


def test_a_log_fulfils_its_slots_session_on_a_double() -> None:
    assert unlogged_sessions([AM, PM], [Log("pm")]) == [AM]
    assert unlogged_sessions([AM, PM], [Log("am")]) == [PM]
    assert unlogged_sessions([AM, PM], [Log("pm"), Log("am")]) == []


def test_a_log_without_its_slot_open_fulfils_the_first_session_left() -> None:
    assert unlogged_sessions([AM, PM], [Log()]) == [PM]
    # The pm session is already logged: a second "pm" log takes the first one left.
    assert unlogged_sessions([AM, PM], [Log("pm"), Log("pm")]) == []


def test_the_order_of_the_day_is_kept_and_rest_is_left_out() -> None:
    assert unlogged_sessions([REST, AM, PM], []) == [AM, PM]


def test_a_fully_logged_day_names_the_session_the_last_log_counts_for() -> None:
    assert logged_session([AM, PM], Log("am")) == AM
    assert logged_session([AM, PM], Log(None)) == PM  # no slot: the last session
    assert logged_session([REST], Log()) is None
    assert logged_session([REST, CROSS], Log()) == CROSS
