"""The operator's settings become the scheduler's budget: instances share the rate, the
spread's window, and the paid lane only when opted in."""

from __future__ import annotations

from datetime import timedelta

from bot.ratelimit import OVERALL_RATE, PAID_RATE
from stride.config import load_settings
from stride.run import push_budget


def test_defaults_spread_45_minutes_with_no_paid_lane() -> None:
    budget = push_budget(load_settings(_env_file=None))
    assert budget.window == timedelta(minutes=45)
    assert budget.paid_rate == 0
    assert budget.rate == budget.instance_rate == OVERALL_RATE


def test_three_instances_each_take_a_third_and_paid_is_opt_in() -> None:
    settings = load_settings(
        _env_file=None,
        stride_instances=3,
        stride_push_spread_minutes=20,
        stride_allow_paid_broadcast=True,
    )
    budget = push_budget(settings)
    assert budget.rate == OVERALL_RATE
    assert abs(budget.instance_rate * 3 - OVERALL_RATE) < 1e-9
    assert budget.window == timedelta(minutes=20)
    assert budget.paid_rate == PAID_RATE
