"""The views: /today, /week, /plan, /paces, /stats, /why, and paging through the weeks.

Also the checks every command and button of the views, control and account areas start
with: who is asking (an onboarded athlete?), and the press the guard checked.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import messages
from bot.callbacks import Callback, parse_day_arg
from bot.deps import get_deps
from bot.flows import Context
from bot.keyboards import control as control_keys
from bot.keyboards import views as keys
from bot.messages import reply
from bot.render import common
from bot.render import views as render
from storage.athletes import AthleteRecord

log = logging.getLogger(__name__)


async def registered(update: Update, context: Context) -> AthleteRecord | None:
    """The athlete who sent this, or None after pointing a stranger to /start."""
    user = update.effective_user
    if user is None:
        return None
    record = await get_deps(context).db.athletes.get(user.id)
    if record is None:
        await reply(update, common.not_registered())
    return record


async def onboarded(update: Update, context: Context) -> AthleteRecord | None:
    """The onboarded athlete who sent this, or None after saying what to do first."""
    record = await registered(update, context)
    if record is None:
        return None
    if not record.onboarded or record.profile() is None:
        await reply(update, common.finish_onboarding_first())
        return None
    return record


@dataclass(frozen=True)
class Press:
    """A button press that passed the checks: ours, on the presser's own message."""

    query: CallbackQuery
    callback: Callback
    record: AthleteRecord | None  # None: the presser has no data (e.g. after /delete)


async def own_press(update: Update, context: Context) -> Press | None:
    """The press the guard let through (ours, on the presser's own message)."""
    press = context.press
    if update.callback_query is None or press is None:
        return None
    return Press(press.query, press.callback, press.record)


async def edit(press: Press, html: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the pressed message's text (an unchanged text is not an error)."""
    await messages.edit(press.query, html, markup)


# --- commands ----------------------------------------------------------------------------------


async def today_command(update: Update, context: Context) -> None:
    """Show today's session with its cues, adjusted, and why."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    view = await deps.services.views.today(record, deps.clock.now())
    if view is None:
        await reply(update, render.plan_missing())
        return
    day = view.day
    markup = None
    if not view.paused:
        markup = control_keys.today_actions(
            day.today, run_day=not day.is_rest_day, changed=day.adjusted.changed
        )
    await reply(update, render.today(view), markup)


async def week_command(update: Update, context: Context) -> None:
    """Show this week: done and to come, today marked."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    view = await deps.services.views.week(record, deps.clock.now())
    if view is None:
        await reply(update, render.plan_missing())
        return
    await reply(update, render.week(view), keys.week_pages(view))


async def plan_command(update: Update, context: Context) -> None:
    """Show the phases to race day, where the athlete is, and the key sessions ahead."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    view = await deps.services.views.plan(record, deps.clock.now())
    await reply(update, render.plan(view) if view else render.plan_missing())


async def paces_command(update: Update, context: Context) -> None:
    """Show the training paces in the athlete's units, with 400 m rep times."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    view = await deps.services.views.paces(record, deps.clock.now())
    await reply(update, render.paces(view) if view else render.plan_missing())


async def stats_command(update: Update, context: Context) -> None:
    """Show the last four weeks: volume, load, the load ratio and the surface split."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    view = await deps.services.views.stats(record, deps.clock.now())
    await reply(update, render.stats(view) if view else render.plan_missing())


async def why_command(update: Update, context: Context) -> None:
    """Show the recent changes to the plan and their reasons, newest first."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    view = await deps.services.views.why(record, deps.clock.now())
    await reply(update, render.why(view))


# --- buttons -----------------------------------------------------------------------------------


async def week_page(update: Update, context: Context) -> None:
    """Show the week a paging button names, in place."""
    press = await own_press(update, context)
    if press is None:
        return
    monday = parse_day_arg(press.callback.arg(0))
    record = press.record
    if monday is None or record is None or not record.onboarded:
        await press.query.answer(common.stale_button(), show_alert=True)
        return
    deps = get_deps(context)
    view = await deps.services.views.week(record, deps.clock.now(), start=monday)
    if view is None:
        await press.query.answer(common.stale_button(), show_alert=True)
        return
    await press.query.answer()
    await edit(press, render.week(view), keys.week_pages(view))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("today", today_command),
        CommandHandler("week", week_command),
        CommandHandler("plan", plan_command),
        CommandHandler("paces", paces_command),
        CommandHandler("stats", stats_command),
        CommandHandler("why", why_command),
        CallbackQueryHandler(week_page, pattern=rf"^v1\|{keys.AREA}\|{keys.WEEK}\|"),
    ]
