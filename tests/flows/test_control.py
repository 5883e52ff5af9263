"""/skip and /swap without Telegram: the choices offered, typed words, taps, the day a button
belongs to, stale, forged and double taps, and buttons pressed after a restart.

The week is the one tests/bot/test_control.py plays (23 November 2026): Mon rest, Tue hill
repeats, Wed rest, Thu easy trail, Fri rest, Sat easy road, Sun long run. Today is Tuesday.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from coach.models import RunLog, RunStatus, Session, SessionKind, Surface, WorkoutSpec
from flows import control as flow

MONDAY = date(2026, 11, 23)
TODAY = MONDAY + timedelta(days=1)  # Tuesday
YESTERDAY = TODAY - timedelta(days=1)
NEXT_MONDAY = MONDAY + timedelta(days=7)


def session(day: date, kind: SessionKind, surface: Surface, minutes: float) -> Session:
    return Session(
        date=day,
        kind=kind,
        surface=surface,
        hard=kind in (SessionKind.HILLS, SessionKind.LONG),
        duration_min=minutes,
        target_rpe=0 if kind is SessionKind.REST else 4,
        title=kind.value,
        spec=WorkoutSpec(kind=kind, surface=surface, duration_min=minutes),
    )


def rest(day: date) -> Session:
    return session(day, SessionKind.REST, Surface.REST, 0.0)


PLAN = {
    MONDAY: [rest(MONDAY)],
    TODAY: [session(TODAY, SessionKind.HILLS, Surface.ROAD, 50.0)],
    date(2026, 11, 25): [rest(date(2026, 11, 25))],
    date(2026, 11, 26): [session(date(2026, 11, 26), SessionKind.EASY, Surface.TRAIL, 40.0)],
    date(2026, 11, 27): [rest(date(2026, 11, 27))],
    date(2026, 11, 28): [session(date(2026, 11, 28), SessionKind.EASY, Surface.ROAD, 35.0)],
    date(2026, 11, 29): [session(date(2026, 11, 29), SessionKind.LONG, Surface.ROAD, 80.0)],
}
WEEK = {day: tuple(sessions) for day, sessions in PLAN.items()}
RAN = RunLog(date=TODAY, status=RunStatus.DONE)
SKIPPED = RunLog(date=TODAY, status=RunStatus.SKIPPED, kind=SessionKind.HILLS)


def day(n: int) -> date:
    """The ``n``th of November 2026 (this week runs from the 23rd to the 29th)."""
    return date(2026, 11, n)


def button(
    action: str,
    on: date | None = TODAY,
    *,
    reason: str = "",
    target: date | None = None,
    token: str = "",
) -> flow.Button:
    """A pressed button as the handler decodes it."""
    return flow.Button(action, on, reason, target, token)


def choice_on(today: date) -> flow.SwapChoice:
    choice = flow.swap_choice(today, WEEK, [])
    assert isinstance(choice, flow.SwapChoice)
    return choice


def swapped(
    week: dict[date, tuple[Session, ...]], a: date, b: date
) -> dict[date, tuple[Session, ...]]:
    """``week`` once days ``a`` and ``b`` have swapped their sessions."""
    moved = dict(week)
    moved[a] = tuple(s.model_copy(update={"date": a}) for s in week[b])
    moved[b] = tuple(s.model_copy(update={"date": b}) for s in week[a])
    return moved


# --- typed commands ------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["", "   ", "\n"])
def test_skip_alone_asks_why(words: str) -> None:
    assert flow.skip_command(words) == flow.AskSkip()


def test_skip_with_words_skips_at_once_with_them_as_the_reason() -> None:
    assert flow.skip_command(" legs feel like lead ") == flow.Skip("legs feel like lead")


def test_a_huge_skip_reason_is_cut() -> None:
    outcome = flow.skip_command("tired " * 700)  # a message near Telegram's 4096 characters
    assert isinstance(outcome, flow.Skip)
    assert outcome.reason is not None
    assert len(outcome.reason) == flow.MAX_REASON_CHARS
    assert outcome.reason.startswith("tired tired")


@pytest.mark.parametrize(("words", "kept"), [(None, None), ("", None), ("  ", None), (" x ", "x")])
def test_the_reason_the_service_keeps(words: str | None, kept: str | None) -> None:
    assert flow.reason_of(words) == kept


def test_swap_alone_offers_the_days() -> None:
    assert flow.swap_command("  ", TODAY) == flow.AskSwap()


@pytest.mark.parametrize(
    ("words", "target"),
    [
        ("thu", day(26)),
        ("Thursday", day(26)),
        (" THU ", day(26)),
        ("tomorrow", day(25)),
        ("today", TODAY),
        ("sun", day(29)),
        ("mon", MONDAY),  # a day of this week that has passed: the coach refuses it
    ],
)
def test_swap_with_a_typed_day(words: str, target: date) -> None:
    assert flow.swap_command(words, TODAY) == flow.Swap(target)


@pytest.mark.parametrize("words", ["someday", "th", "fr", "next week", "3", "26/11", "🤷"])
def test_a_word_that_is_no_day_asks_again(words: str) -> None:
    assert flow.swap_command(words, TODAY) == flow.UnknownDay(words)


def test_a_huge_message_with_no_day_asks_again_with_its_words() -> None:
    words = "x" * 4000
    assert flow.swap_command(f"  {words} ", TODAY) == flow.UnknownDay(words)


def test_weekday_words_name_days_of_this_week_even_on_sunday() -> None:
    sunday = day(29)
    assert flow.parse_day("mon", sunday) == MONDAY
    assert flow.parse_day("tomorrow", sunday) == NEXT_MONDAY  # then refused: another week


# --- the choices offered ---------------------------------------------------------------------


def test_skip_offers_todays_run() -> None:
    assert flow.skip_choice(TODAY, PLAN[TODAY], []) == flow.SkipChoice(TODAY, WEEK[TODAY])


def test_skip_offers_both_runs_of_a_double_and_no_rest() -> None:
    am = session(TODAY, SessionKind.EASY, Surface.ROAD, 30.0).model_copy(update={"slot": "am"})
    pm = session(TODAY, SessionKind.EASY, Surface.ROAD, 30.0).model_copy(update={"slot": "pm"})
    choice = flow.skip_choice(TODAY, [am, pm], [])
    assert choice == flow.SkipChoice(TODAY, (am, pm))


@pytest.mark.parametrize(
    ("planned", "logged", "reason"),
    [
        ([rest(TODAY)], [], flow.REST_DAY_SKIP),
        ([], [], flow.REST_DAY_SKIP),
        (PLAN[TODAY], [RAN], flow.ALREADY_RAN_SKIP),
        ([rest(TODAY)], [SKIPPED], flow.ALREADY_SKIPPED),  # the skip made today a rest day
    ],
)
def test_skip_says_why_there_is_nothing_to_skip(
    planned: list[Session], logged: list[RunLog], reason: str
) -> None:
    assert flow.skip_choice(TODAY, planned, logged) == flow.Refused(reason)


def test_a_run_day_may_swap_with_every_later_day_of_the_week() -> None:
    choice = choice_on(TODAY)
    assert choice.sessions == WEEK[TODAY]
    assert [o.day for o in choice.options] == [day(25), day(26), day(27), day(28), day(29)]
    for option in choice.options:
        assert option.sessions == WEEK[option.day]
        assert option.token == flow.swap_token(WEEK[TODAY], WEEK[option.day])


def test_a_rest_day_may_swap_only_with_days_that_have_a_run() -> None:
    choice = choice_on(MONDAY)
    assert [o.day for o in choice.options] == [TODAY, day(26), day(28), day(29)]


def test_a_skipped_session_still_leaves_the_day_to_swap() -> None:
    assert isinstance(flow.swap_choice(TODAY, WEEK, [SKIPPED]), flow.SwapChoice)


@pytest.mark.parametrize(
    ("today", "week", "logged", "reason"),
    [
        (TODAY, WEEK, [RAN], flow.ALREADY_RAN_SWAP),
        (day(29), WEEK, [], flow.LAST_DAY),
        (day(27), {**WEEK, day(28): (rest(day(28)),), day(29): ()}, [], flow.NOTHING_TO_SWAP),
        (TODAY, {}, [], flow.NOTHING_TO_SWAP),  # nothing planned this week
    ],
)
def test_swap_says_why_there_is_no_day_to_swap_with(
    today: date, week: dict[date, tuple[Session, ...]], logged: list[RunLog], reason: str
) -> None:
    assert flow.swap_choice(today, week, logged) == flow.Refused(reason)


# --- the coach's word on a swap ----------------------------------------------------------------


def test_a_day_picked_from_the_list_or_typed_may_swap() -> None:
    wednesday = choice_on(TODAY).options[0]
    assert flow.swap_refusal(TODAY, wednesday.day, wednesday.token, WEEK, []) is None
    assert flow.swap_refusal(TODAY, day(26), None, WEEK, []) is None


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (MONDAY, "Monday has passed, so it can't be swapped."),
        (day(16), "Monday has passed, so it can't be swapped."),  # last week's
        (NEXT_MONDAY, flow.OTHER_WEEK),
        (day(29) + timedelta(days=30), flow.OTHER_WEEK),
    ],
)
def test_a_day_in_the_past_or_another_week_is_refused(target: date, reason: str) -> None:
    assert flow.swap_refusal(TODAY, target, None, WEEK, []) == flow.Refused(reason)


def test_typed_tuesday_on_thursday_has_passed() -> None:
    thursday = day(26)
    request = flow.swap_command("tue", thursday)
    assert request == flow.Swap(TODAY)
    refusal = flow.swap_refusal(thursday, TODAY, None, WEEK, [])
    assert refusal == flow.Refused("Tuesday has passed, so it can't be swapped.")


def test_two_rest_days_have_nothing_to_swap() -> None:
    refusal = flow.swap_refusal(MONDAY, day(25), None, WEEK, [])
    assert refusal == flow.Refused(flow.BOTH_REST)


def test_a_swap_after_todays_run_is_refused() -> None:
    refusal = flow.swap_refusal(TODAY, day(26), None, WEEK, [RAN])
    assert refusal == flow.Refused(flow.ALREADY_RAN_SWAP)


def test_a_list_the_week_no_longer_matches_is_refused() -> None:
    choice = choice_on(TODAY)
    friday = next(o for o in choice.options if o.day == day(27))
    changed = swapped(WEEK, TODAY, day(25))  # another swap since the list was sent
    refusal = flow.swap_refusal(TODAY, friday.day, friday.token, changed, [])
    assert refusal == flow.Refused(flow.LIST_CHANGED)


def test_the_fingerprint_changes_with_a_day_s_sessions() -> None:
    token = flow.swap_token(WEEK[TODAY], WEEK[day(26)])
    assert token == flow.swap_token(list(WEEK[TODAY]), list(WEEK[day(26)]))
    assert len(token) == 8
    shorter = (WEEK[day(26)][0].model_copy(update={"duration_min": 30.0}),)
    assert flow.swap_token(WEEK[TODAY], shorter) != token
    assert flow.swap_token(WEEK[day(26)], WEEK[TODAY]) != token  # the order of the pair counts


# --- taps ----------------------------------------------------------------------------------


def test_todays_skip_and_swap_shortcuts_ask() -> None:
    assert flow.tap(button(flow.SKIP_ASK), TODAY) == flow.AskSkip()
    assert flow.tap(button(flow.SWAP_ASK), TODAY) == flow.AskSwap()


@pytest.mark.parametrize(("code", "words"), list(flow.SKIP_REASONS.items()))
def test_every_skip_reason_skips_with_its_words(code: str, words: str | None) -> None:
    assert flow.tap(button(flow.SKIP, reason=code), TODAY) == flow.Skip(words)


def test_the_reasons_offered() -> None:
    assert list(flow.SKIP_REASONS) == ["tired", "ill", "busy", "sore", "weather", "other"]
    assert flow.SKIP_REASONS["other"] is None  # "other" records a skip without a reason


def test_a_day_button_swaps_with_that_day_on_the_list_it_was_on() -> None:
    tapped = button(flow.SWAP, target=day(26), token="0badf00d")
    assert flow.tap(tapped, TODAY) == flow.Swap(day(26), "0badf00d")


def test_a_day_button_without_its_fingerprint_is_read_as_a_typed_day() -> None:
    assert flow.tap(button(flow.SWAP, target=day(26)), TODAY) == flow.Swap(day(26), None)


@pytest.mark.parametrize(
    ("action", "command"), [(flow.SKIP_KEEP, "skip"), (flow.SWAP_KEEP, "swap")]
)
@pytest.mark.parametrize("on", [TODAY, YESTERDAY, None])
@pytest.mark.parametrize("today", [TODAY, None])
def test_keep_changes_nothing_on_any_day_for_anyone(
    action: str, command: flow.Command, on: date | None, today: date | None
) -> None:
    assert flow.tap(button(action, on), today) == flow.Keep(command)


@pytest.mark.parametrize(
    ("action", "command"),
    [(flow.SKIP_ASK, "skip"), (flow.SKIP, "skip"), (flow.SWAP_ASK, "swap"), (flow.SWAP, "swap")],
)
@pytest.mark.parametrize("on", [YESTERDAY, TODAY - timedelta(days=7), TODAY + timedelta(days=1)])
def test_a_button_of_another_days_message_has_expired(
    action: str, command: flow.Command, on: date
) -> None:
    tapped = button(action, on, reason="tired", target=day(26), token="0badf00d")
    assert flow.tap(tapped, TODAY) == flow.Expired(on, command)


@pytest.mark.parametrize(
    "tapped",
    [
        button(flow.SKIP_ASK, None),  # a garbled day
        button(flow.SKIP, None, reason="tired"),
        button(flow.SKIP, reason="lazy"),  # a reason no keyboard offers
        button(flow.SKIP, reason=""),
        button(flow.SWAP, target=None, token="0badf00d"),  # a garbled or missing other day
        button("nuke"),  # an action no keyboard offers
        button(""),
    ],
)
def test_stale_or_forged_buttons_change_nothing(tapped: flow.Button) -> None:
    assert flow.tap(tapped, TODAY) == flow.Stale()


@pytest.mark.parametrize("action", [flow.SKIP_ASK, flow.SKIP, flow.SWAP_ASK, flow.SWAP])
def test_a_press_without_an_athlete_says_to_start(action: str) -> None:
    tapped = button(action, None, reason="tired", target=day(26))
    assert flow.tap(tapped, None) == flow.NotRegistered()  # before the garbled day


# --- double taps -------------------------------------------------------------------------------


def test_a_skip_reason_tapped_twice_skips_once() -> None:
    tapped = button(flow.SKIP, reason="ill")
    assert flow.tap(tapped, TODAY) == flow.Skip("feeling ill")
    assert isinstance(flow.skip_choice(TODAY, PLAN[TODAY], []), flow.SkipChoice)
    # The first skip made today a rest day with a skipped log: the second is refused.
    assert flow.tap(tapped, TODAY) == flow.Skip("feeling ill")
    assert flow.skip_choice(TODAY, [rest(TODAY)], [SKIPPED]) == flow.Refused(flow.ALREADY_SKIPPED)


def test_a_day_button_tapped_twice_swaps_once() -> None:
    wednesday = choice_on(TODAY).options[0]
    tapped = button(flow.SWAP, target=wednesday.day, token=wednesday.token)
    request = flow.tap(tapped, TODAY)
    assert request == flow.Swap(day(25), wednesday.token)
    assert flow.swap_refusal(TODAY, day(25), wednesday.token, WEEK, []) is None
    after = swapped(WEEK, TODAY, day(25))
    assert flow.tap(tapped, TODAY) == request
    refusal = flow.swap_refusal(TODAY, day(25), wednesday.token, after, [])
    assert refusal == flow.Refused(flow.LIST_CHANGED)


# --- the morning push's buttons ----------------------------------------------------------------


def test_todays_push_asks_why_or_which_day() -> None:
    assert flow.push_tap(button("skip"), TODAY) == flow.AskSkip()
    assert flow.push_tap(button("swap"), TODAY) == flow.AskSwap()


@pytest.mark.parametrize("command", ["skip", "swap"])
def test_an_old_push_has_expired(command: flow.Command) -> None:
    assert flow.push_tap(button(command, YESTERDAY), TODAY) == flow.Expired(YESTERDAY, command)


@pytest.mark.parametrize(
    ("tapped", "today", "outcome"),
    [
        (button("skip", None), TODAY, flow.Stale()),
        (button("done"), TODAY, flow.Stale()),  # not this flow's button
        (button("checkin"), None, flow.Stale()),
        (button("skip"), None, flow.NotRegistered()),
        (button("swap", None), None, flow.NotRegistered()),
    ],
)
def test_push_buttons_that_change_nothing(
    tapped: flow.Button, today: date | None, outcome: object
) -> None:
    assert flow.push_tap(tapped, today) == outcome


# --- after a restart ---------------------------------------------------------------------------


def test_buttons_pressed_after_a_restart_mean_what_they_meant() -> None:
    """Nothing is kept in memory: a press is read from its button alone, and a swap list is
    checked against the week as stored, so a restart between the list and the tap changes
    nothing (the same day) or expires it (the next day)."""
    thursday = choice_on(TODAY).options[1]
    tapped = button(flow.SWAP, target=thursday.day, token=thursday.token)
    # ... the bot restarts; the week is read back from the database ...
    reloaded = {d: tuple(s.model_copy() for s in sessions) for d, sessions in WEEK.items()}
    assert flow.tap(tapped, TODAY) == flow.Swap(day(26), thursday.token)
    assert flow.swap_refusal(TODAY, day(26), thursday.token, reloaded, []) is None
    assert flow.tap(button(flow.SKIP, reason="busy"), TODAY) == flow.Skip("no time")
    assert flow.push_tap(button("skip"), TODAY) == flow.AskSkip()
    tomorrow = TODAY + timedelta(days=1)
    assert flow.tap(tapped, tomorrow) == flow.Expired(TODAY, "swap")
    assert flow.push_tap(button("swap"), tomorrow) == flow.Expired(TODAY, "swap")


def test_outcomes_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        flow.Swap(TODAY).target = MONDAY  # type: ignore[misc]


def test_the_week_of_a_day() -> None:
    assert flow.week_days(day(29)) == tuple(MONDAY + timedelta(days=i) for i in range(7))
    assert flow.week_days(MONDAY)[0] == MONDAY
