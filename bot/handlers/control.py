"""The athlete's last word: /skip, /swap, /pause, /resume, and the skip and swap buttons (of
/today, of the reason and day lists, and of the morning push)."""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.callbacks import parse_day_arg
from bot.deps import get_deps
from bot.flows import Context
from bot.handlers.views import Press, edit, onboarded, own_press, reply
from bot.keyboards import control as keys
from bot.render import common
from bot.render import control as render
from services.coaching import local_today
from services.control import (
    SKIP_REASONS,
    ControlService,
    OverrideRefused,
    parse_day,
)

PUSH_PATTERN = r"^v1\|push\|(skip|swap)\|"
CTL_PATTERN = (
    rf"^v1\|{keys.AREA}\|"
    rf"({keys.SKIP_ASK}|{keys.SKIP}|{keys.SKIP_KEEP}|{keys.SWAP_ASK}|{keys.SWAP}|{keys.SWAP_KEEP})\|"
)


async def skip_command(update: Update, context: Context) -> None:
    """Skip today's run: at once with a typed reason, else ask why with buttons."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    service = ControlService(deps.db)
    reason = " ".join(context.args or ()).strip()
    try:
        if reason:
            message = update.effective_message
            outcome = await service.skip_today(
                record, deps.clock.now(), reason, raw_text=message.text if message else None
            )
            await reply(update, render.skip_done(outcome))
            return
        choice = await service.skip_choice(record, deps.clock.now())
    except OverrideRefused as refusal:
        await reply(update, render.refused(refusal.reason))
        return
    await reply(update, render.skip_ask(choice), keys.skip_reasons(choice.today))


async def swap_command(update: Update, context: Context) -> None:
    """Swap today with a later day: "/swap thu" at once, else a button per day."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    service = ControlService(deps.db)
    words = " ".join(context.args or ()).strip()
    try:
        if words:
            target = parse_day(words, local_today(record, now))
            if target is None:
                await reply(update, render.swap_which_day(words))
                return
            outcome = await service.swap(record, now, target)
            await reply(update, render.swap_done(outcome))
            return
        choice = await service.swap_choice(record, now)
    except OverrideRefused as refusal:
        await reply(update, render.swap_refused(refusal.reason))
        return
    await reply(update, render.swap_ask(choice), keys.swap_days(choice.today, choice.options))


async def pause_command(update: Update, context: Context) -> None:
    """Pause coaching: no pushes until /resume."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    changed = await ControlService(deps.db).pause(record, deps.clock.now())
    await reply(update, render.paused() if changed else render.already_paused())


async def resume_command(update: Update, context: Context) -> None:
    """Resume coaching; the plan is rebuilt from today."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    outcome = await ControlService(deps.db).resume(record, deps.clock.now())
    await reply(update, render.resumed(outcome) if outcome else render.not_paused())


# --- buttons -----------------------------------------------------------------------------------


async def _today_press(press: Press, context: Context, command: str) -> date | None:
    """The day the button belongs to, if it is the athlete's today; else say why not."""
    record = press.record
    if record is None or not record.onboarded:
        await press.query.answer(common.not_registered(), show_alert=True)
        return None
    day = parse_day_arg(press.callback.arg(0))
    if day is None:
        await press.query.answer(common.stale_button(), show_alert=True)
        return None
    if day != local_today(record, get_deps(context).clock.now()):
        await press.query.answer(render.expired_plain(day, command), show_alert=True)
        return None
    return day


async def _ask_skip(update: Update, context: Context, press: Press) -> None:
    assert press.record is not None
    deps = get_deps(context)
    try:
        choice = await ControlService(deps.db).skip_choice(press.record, deps.clock.now())
    except OverrideRefused as refusal:
        await press.query.answer(render.plain(refusal.reason), show_alert=True)
        return
    await press.query.answer()
    await reply(update, render.skip_ask(choice), keys.skip_reasons(choice.today))


async def _ask_swap(update: Update, context: Context, press: Press) -> None:
    assert press.record is not None
    deps = get_deps(context)
    try:
        choice = await ControlService(deps.db).swap_choice(press.record, deps.clock.now())
    except OverrideRefused as refusal:
        await press.query.answer(render.plain(refusal.reason), show_alert=True)
        return
    await press.query.answer()
    await reply(update, render.swap_ask(choice), keys.swap_days(choice.today, choice.options))


async def push_button(update: Update, context: Context) -> None:
    """Skip or Swap under the morning push: today's push asks which; an old one has expired."""
    press = await own_press(update, context)
    if press is None:
        return
    command = press.callback.action
    if await _today_press(press, context, command) is None:
        return
    if command == "skip":
        await _ask_skip(update, context, press)
    else:
        await _ask_swap(update, context, press)


async def control_button(update: Update, context: Context) -> None:
    """The skip-reason, swap-day and keep buttons, and /today's skip and swap shortcuts."""
    press = await own_press(update, context)
    if press is None:
        return
    action = press.callback.action
    if action == keys.SKIP_KEEP:
        await press.query.answer()
        await edit(press, render.skip_kept())
        return
    if action == keys.SWAP_KEEP:
        await press.query.answer()
        await edit(press, render.swap_kept())
        return
    command = "skip" if action in (keys.SKIP_ASK, keys.SKIP) else "swap"
    if await _today_press(press, context, command) is None:
        return
    if action == keys.SKIP_ASK:
        await _ask_skip(update, context, press)
    elif action == keys.SWAP_ASK:
        await _ask_swap(update, context, press)
    elif action == keys.SKIP:
        await _skip(context, press)
    else:
        await _swap(update, context, press)


async def _skip(context: Context, press: Press) -> None:
    assert press.record is not None
    code = press.callback.arg(1)
    if code not in SKIP_REASONS:
        await press.query.answer(common.stale_button(), show_alert=True)
        return
    deps = get_deps(context)
    try:
        outcome = await ControlService(deps.db).skip_today(
            press.record, deps.clock.now(), SKIP_REASONS[code]
        )
    except OverrideRefused as refusal:
        await press.query.answer(render.plain(refusal.reason), show_alert=True)
        return
    await press.query.answer(render.skipped_toast())
    await edit(press, render.skip_done(outcome))


async def _swap(update: Update, context: Context, press: Press) -> None:
    assert press.record is not None
    target = parse_day_arg(press.callback.arg(1))
    if target is None:
        await press.query.answer(common.stale_button(), show_alert=True)
        return
    deps = get_deps(context)
    try:
        outcome = await ControlService(deps.db).swap(
            press.record, deps.clock.now(), target, token=press.callback.arg(2) or None
        )
    except OverrideRefused as refusal:  # SwapRefused among them
        await press.query.answer()
        await reply(update, render.swap_refused(refusal.reason))
        return
    await press.query.answer(render.swapped_toast())
    await edit(press, render.swap_done(outcome))


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("skip", skip_command),
        CommandHandler("swap", swap_command),
        CommandHandler("pause", pause_command),
        CommandHandler("resume", resume_command),
        CallbackQueryHandler(push_button, pattern=PUSH_PATTERN),
        CallbackQueryHandler(control_button, pattern=CTL_PATTERN),
    ]
