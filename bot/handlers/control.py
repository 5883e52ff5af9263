"""The athlete's last word: /skip, /swap, /pause, /resume, and the skip and swap buttons (of
/today, of the reason and day lists, and of the morning push).

flows.control decides what a command or a press means and what to ask of the control
service; this module translates the update, asks, and renders the answer.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.callbacks import Callback, parse_day_arg
from bot.deps import get_deps
from bot.flows import Context
from bot.handlers.views import Press, edit, onboarded, own_press
from bot.keyboards import control as keys
from bot.keyboards import push as push_keys
from bot.messages import reply
from bot.render import common
from bot.render import control as render
from flows import control as flow
from services.coaching import local_today
from services.control import OverrideRefused

PUSH_PATTERN = r"^v1\|push\|(skip|swap)\|"
KEEP_PATTERN = rf"^v1\|{push_keys.KEEP_AREA}\|{push_keys.KEEP_ACTION}\|"
_CTL_ACTIONS = (flow.SKIP_ASK, flow.SKIP, flow.SKIP_KEEP, flow.SWAP_ASK, flow.SWAP, flow.SWAP_KEEP)
CTL_PATTERN = rf"^v1\|{keys.AREA}\|({'|'.join(_CTL_ACTIONS)})\|"


async def skip_command(update: Update, context: Context) -> None:
    """Skip today's run: at once with a typed reason, else ask why with buttons."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    service = deps.services.control
    request = flow.skip_command(" ".join(context.args or ()))
    try:
        if isinstance(request, flow.Skip):
            message = update.effective_message
            raw_text = message.text if message else None
            outcome = await service.skip_today(
                record, deps.clock.now(), request.reason, raw_text=raw_text
            )
            await reply(update, render.skip_done(outcome))
        else:
            choice = await service.skip_choice(record, deps.clock.now())
            await reply(update, render.skip_ask(choice), keys.skip_reasons(choice.today))
    except OverrideRefused as refusal:
        await reply(update, render.refused(refusal.reason))


async def swap_command(update: Update, context: Context) -> None:
    """Swap today with a later day: "/swap thu" at once, else a button per day."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    request = flow.swap_command(" ".join(context.args or ()), local_today(record, now))
    if isinstance(request, flow.UnknownDay):
        await reply(update, render.swap_which_day(request.words))
        return
    service = deps.services.control
    try:
        if isinstance(request, flow.Swap):
            await reply(update, render.swap_done(await service.swap(record, now, request.target)))
        else:
            choice = await service.swap_choice(record, now)
            days = keys.swap_days(choice.today, choice.options)
            await reply(update, render.swap_ask(choice), days)
    except OverrideRefused as refusal:
        await reply(update, render.swap_refused(refusal.reason))


async def pause_command(update: Update, context: Context) -> None:
    """Pause coaching: no pushes until /resume."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    changed = await deps.services.control.pause(record, deps.clock.now())
    await reply(update, render.paused() if changed else render.already_paused())


async def resume_command(update: Update, context: Context) -> None:
    """Resume coaching; the plan is rebuilt from today."""
    record = await onboarded(update, context)
    if record is None:
        return
    deps = get_deps(context)
    outcome = await deps.services.control.resume(record, deps.clock.now())
    await reply(update, render.resumed(outcome) if outcome else render.not_paused())


# --- buttons -----------------------------------------------------------------------------------


async def push_button(update: Update, context: Context) -> None:
    """Skip or Swap under the morning push: today's push asks which; an old one has expired."""
    press = await own_press(update, context)
    if press is not None:
        outcome = flow.push_tap(_button(press.callback), _today(press, context))
        await _answer(update, context, press, outcome)


async def control_button(update: Update, context: Context) -> None:
    """The skip-reason, swap-day and keep buttons, and /today's skip and swap shortcuts."""
    press = await own_press(update, context)
    if press is not None:
        outcome = flow.tap(_button(press.callback), _today(press, context))
        await _answer(update, context, press, outcome)


async def _answer(
    update: Update,
    context: Context,
    press: Press,
    outcome: flow.Request | flow.Keep | flow.NoAction,
) -> None:
    """Say why a press changes nothing, or carry out its request."""
    query = press.query
    if isinstance(outcome, flow.NotRegistered | flow.Stale | flow.Expired):
        await query.answer(_why_not(outcome), show_alert=True)
    elif isinstance(outcome, flow.Keep):
        await query.answer()
        await edit(press, render.skip_kept() if outcome.command == "skip" else render.swap_kept())
    else:
        try:
            await _carry_out(update, context, press, outcome)
        except OverrideRefused as refusal:
            if isinstance(outcome, flow.Swap):  # SwapRefused among them: said in the chat
                await query.answer()
                await reply(update, render.swap_refused(refusal.reason))
            else:
                await query.answer(render.plain(refusal.reason), show_alert=True)


async def _carry_out(update: Update, context: Context, press: Press, request: flow.Request) -> None:
    """Ask the service for ``request`` and show its answer (raises OverrideRefused)."""
    record, query = press.record, press.query
    assert record is not None  # the flow asks nothing for a press without an athlete
    deps = get_deps(context)
    service, now = deps.services.control, deps.clock.now()
    if isinstance(request, flow.AskSkip):
        skip_choice = await service.skip_choice(record, now)
        await query.answer()
        await reply(update, render.skip_ask(skip_choice), keys.skip_reasons(skip_choice.today))
    elif isinstance(request, flow.AskSwap):
        choice = await service.swap_choice(record, now)
        await query.answer()
        await reply(update, render.swap_ask(choice), keys.swap_days(choice.today, choice.options))
    elif isinstance(request, flow.Skip):
        skipped = await service.skip_today(record, now, request.reason)
        await query.answer(render.skipped_toast())
        await edit(press, render.skip_done(skipped))
    else:
        swapped = await service.swap(record, now, request.target, token=request.token)
        await query.answer(render.swapped_toast())
        await edit(press, render.swap_done(swapped))


async def keep_original_button(update: Update, context: Context) -> None:
    """ "Keep the original" beside a same-day change (§7b): today's plan back, recorded.

    The button carries its day and the message it sits on: a press on another day's message
    has expired, a second press finds nothing left to take back. Nothing lives in memory,
    so a restart between the message and the press changes nothing."""
    press = await own_press(update, context)
    if press is None:
        return
    query, record = press.query, press.record
    today = _today(press, context)
    if record is None or today is None:
        await query.answer(common.not_registered(), show_alert=True)
        return
    if parse_day_arg(press.callback.arg(0)) != today:
        await query.answer(render.keep_expired(), show_alert=True)
        return
    deps = get_deps(context)
    try:
        outcome = await deps.services.control.keep_original(record, deps.clock.now())
    except OverrideRefused as refusal:
        await query.answer(render.plain(refusal.reason), show_alert=True)
        return
    await query.answer(render.kept_toast())
    # The pressed message keeps its other buttons (the morning push's), not this one.
    source = press.callback.arg(1)
    markup = None
    if source == push_keys.PUSH_AREA:
        markup = push_keys.morning(today)
    elif source == keys.TODAY_SOURCE:
        markup = keys.today_actions(today, run_day=any(s.is_run for s in outcome.sessions))
    # Best effort: the press is answered and the choice recorded either way.
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(reply_markup=markup)
    await reply(update, render.kept_original(outcome))


def _why_not(outcome: flow.NoAction) -> str:
    """The pop-up of a press that changes nothing."""
    if isinstance(outcome, flow.NotRegistered):
        return common.not_registered()
    if isinstance(outcome, flow.Expired):
        return render.expired_plain(outcome.day, outcome.command)
    return common.stale_button()


def _button(callback: Callback) -> flow.Button:
    """The press, decoded: ``<action>|<day>|<reason code or other day>|<fingerprint>``."""
    day, value, token = parse_day_arg(callback.arg(0)), callback.arg(1), callback.arg(2)
    return flow.Button(callback.action, day, value, parse_day_arg(value), token)


def _today(press: Press, context: Context) -> date | None:
    """The presser's local date; None when no onboarded athlete is behind the press."""
    record = press.record
    if record is None or not record.onboarded:
        return None
    return local_today(record, get_deps(context).clock.now())


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("skip", skip_command),
        CommandHandler("swap", swap_command),
        CommandHandler("pause", pause_command),
        CommandHandler("resume", resume_command),
        CallbackQueryHandler(push_button, pattern=PUSH_PATTERN),
        CallbackQueryHandler(control_button, pattern=CTL_PATTERN),
        CallbackQueryHandler(keep_original_button, pattern=KEEP_PATTERN),
    ]
