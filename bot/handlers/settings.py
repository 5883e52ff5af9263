"""/settings, /race, and the menu /start shows an athlete who is already set up.

The questions are onboarding's, asked again under the ``set`` and ``race`` callback areas;
each change is stored, the plan rebuilt when it reads the change, the pushes rescheduled when
a time or the zone changed, and confirmed in one line. Menus expire (flows/settings.py
decides when, and what every tap and answer does), so a button from an old menu changes
nothing; this module only translates updates into the flow and its outcomes into messages.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.deps import get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text
from bot.handlers import text as text_router
from bot.handlers.onboarding import MESSAGE_ANSWERS, Tap, dialog_of, open_tap, show
from bot.keyboards import onboarding as onboarding_keys
from bot.keyboards import settings as keys
from bot.messages import edit
from bot.messages import reply_to as reply
from bot.render import common
from bot.render import onboarding as onboarding_render
from bot.render import settings as render
from flows import settings as flow
from flows.onboarding import OnboardingState
from flows.questions import context_for
from services.coaching import local_today
from storage.athletes import AthleteRecord

SETTINGS_FLOW = flow.SETTINGS_FLOW
RACE_FLOW = flow.RACE_FLOW


def _dialog(state: flow.State, message_id: int | None) -> Dialog:
    """The stored dialog of an open settings or /race message."""
    name = SETTINGS_FLOW if isinstance(state, flow.SettingsState) else RACE_FLOW
    return Dialog(name, str(state.step), state.data(), message_id)


def _state(tap: Tap) -> flow.State | None:
    """The open settings or /race state the tapped message shows (None: not the open one)."""
    dialog = tap.dialog
    if dialog is None or dialog.message_id != tap.message.message_id:
        return None
    return flow.read(dialog.flow, dialog.step, dialog.data)


async def _onboarded(update: Update, context: Context) -> AthleteRecord | None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    record = await get_deps(context).db.athletes.get(user.id)
    if record is None:
        await reply(message, common.not_registered())
        return None
    if not record.onboarded:
        await reply(message, common.finish_onboarding_first())
        return None
    return record


async def _open_menu(
    context: Context,
    record: AthleteRecord,
    message: Message,
    state: flow.State,
    html: str,
    keyboard: InlineKeyboardMarkup,
) -> None:
    """Send a menu and open its dialog: its buttons are the live ones until it expires."""
    sent = await reply(message, html, keyboard)
    await dialogs.save(get_deps(context), record.id, _dialog(state, sent.message_id))


def _screen(outcome: flow.Menu | flow.Ask | flow.Toggled) -> tuple[str, InlineKeyboardMarkup]:
    """The words and buttons of a menu, or of a question asked from one."""
    ctx, settings = outcome.ctx, isinstance(outcome.state, flow.SettingsState)
    if isinstance(outcome, flow.Menu):
        if settings:
            return render.menu(ctx), keys.menu()
        return render.race_menu(ctx), keys.race_menu(ctx.goal)
    question = onboarding_render.question(outcome.step, ctx)
    if settings:
        return render.question(question, outcome.step, ctx), keys.question(outcome.step, ctx)
    return question, keys.question(outcome.step, ctx, keys.RACE_AREA)


async def _show_in_place(
    context: Context, record: AthleteRecord, message: Message, outcome: flow.Menu | flow.Ask
) -> None:
    """A menu or a question picked in one, edited into the tapped message, and opened."""
    await edit(message, *_screen(outcome))
    await dialogs.save(get_deps(context), record.id, _dialog(outcome.state, message.message_id))


# --- /settings -------------------------------------------------------------------------------


async def settings_command(update: Update, context: Context) -> None:
    """Show the settings with a button for each thing that can change."""
    record = await _onboarded(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    now = get_deps(context).clock.now()
    html = render.menu(context_for(record.fields, now))
    await _open_menu(context, record, message, flow.settings_menu(now), html, keys.menu())


async def settings_button(update: Update, context: Context) -> None:
    """A tap in /settings or /start's menu: open a question, take an answer, or start over."""
    tap = await open_tap(update, context)
    query = update.callback_query
    if tap is None or query is None:
        return
    deps = get_deps(context)
    record, now = tap.record, deps.clock.now()
    action, arg = tap.callback.action, tap.callback.arg(0)
    outcome = flow.settings_tap(_state(tap), action, arg, record.fields, now)
    if tap.dialog is None or isinstance(outcome, flow.Stale):
        await query.answer(onboarding_render.settings_stale(), show_alert=True)
        return
    if isinstance(outcome, flow.Invalid):
        await query.answer(onboarding_render.tap_refused(outcome.error), show_alert=True)
        return
    await query.answer()
    if isinstance(outcome, flow.ConfirmReset):
        await edit(tap.message, onboarding_render.reset_confirm(), onboarding_keys.reset_confirm())
        await dialogs.save(deps, record.id, _dialog(outcome.state, tap.message.message_id))
    elif isinstance(outcome, flow.StartOver):
        await _start_over(context, record, tap.message, outcome.state)
    elif isinstance(outcome, flow.Closed):
        declined = outcome.declined
        closing = onboarding_render.reset_cancelled() if declined else render.closed()
        await edit(tap.message, closing, None)
        await dialogs.save(deps, record.id, None)
    elif isinstance(outcome, flow.Menu | flow.Ask):
        await _show_in_place(context, record, tap.message, outcome)
    else:
        await _answered(context, record, tap.dialog, outcome, tap.message, tapped=True)


async def _start_over(
    context: Context, record: AthleteRecord, message: Message, state: OnboardingState
) -> None:
    """Forget the set-up answers (after the athlete confirmed) and ask the first question."""
    deps = get_deps(context)
    now = deps.clock.now()
    reopened = dialog_of(state, message.message_id)
    await deps.services.onboarding.start_over(record.id, now, dialog=reopened.to_json())
    fresh = await deps.services.account.athlete(record.id)
    ctx = state.context(fresh.fields if fresh else {}, now)
    question = onboarding_render.question(state.step, ctx)
    html = f"{onboarding_render.reset_done()}\n\n{question}"
    await edit(message, html, onboarding_keys.question(state.step, ctx))


async def _answered(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    outcome: flow.Toggled | flow.Changed | flow.Next | flow.NewGoal,
    source: Message,
    *,
    tapped: bool,
) -> None:
    """Store a settings or /race answer and show what it led to (``source``: the tapped
    question, or the athlete's message with a typed answer or a location)."""
    deps = get_deps(context)
    now = deps.clock.now()
    if isinstance(outcome, flow.Toggled):  # a day switched on or off: same question, new marks
        await dialogs.save(deps, record.id, _dialog(outcome.state, dialog.message_id))
        if tapped:
            await edit(source, *_screen(outcome))
    elif isinstance(outcome, flow.Changed):
        changed = await deps.services.settings.change(record, now, outcome.store, dialog=None)
        ctx = context_for(changed.record.fields, now)
        line = render.changed(outcome.step, ctx, rebuilt=changed.plan is not None, now=now)
        await show(context, record, dialog, line, None, source, tapped=tapped)
    elif isinstance(outcome, flow.Next):
        await _race_next(context, record, dialog, outcome, source, tapped=tapped)
    else:
        await _new_goal(context, record, dialog, outcome, source, tapped=tapped)


@dialog_text(SETTINGS_FLOW)
async def settings_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """Take a typed answer to the open settings question; other text goes on to the coach."""
    await _menu_text(update, context, athlete, dialog, text)


async def _menu_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """A typed answer to an open menu question (settings or /race), or, when the menu is
    closed or old, the end of that menu and the text on to the coach."""
    message = update.effective_message
    if message is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    state = flow.read(dialog.flow, dialog.step, dialog.data)
    outcome = flow.typed(state, text, athlete.fields, now) if state else flow.NotAnAnswer()
    if isinstance(outcome, flow.NotAnAnswer | flow.Stale):
        await dialogs.save(deps, athlete.id, None)  # a menu is open, or old: not an answer
        await text_router.route_text(update, context)
    elif isinstance(outcome, flow.Invalid):
        html = onboarding_render.bad_answer(outcome.step, outcome.error, outcome.ctx)
        await reply(message, html + render.bad_answer_footer())
    else:
        await _answered(context, athlete, dialog, outcome, message, tapped=False)


async def take_menu_location(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, zone: str | None
) -> None:
    """A shared location while a settings question is open (/race asks nothing it answers)."""
    message = update.effective_message
    if message is None:
        return
    now = get_deps(context).clock.now()
    state = flow.read(dialog.flow, dialog.step, dialog.data)
    outcome = flow.located(state, zone, athlete.fields, now) if state else flow.NotAsked()
    if isinstance(outcome, flow.NotAsked | flow.Stale):
        await reply(message, onboarding_render.location_not_asked())
    elif isinstance(outcome, flow.Invalid):
        await reply(message, onboarding_render.bad_answer(outcome.step, outcome.error, outcome.ctx))
    else:
        await _answered(context, athlete, dialog, outcome, message, tapped=False)


# --- /race -----------------------------------------------------------------------------------


async def race_command(update: Update, context: Context) -> None:
    """Offer to change the goal or the race date; the plan is then rebuilt from today."""
    record = await _onboarded(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    now = get_deps(context).clock.now()
    ctx = context_for(record.fields, now)
    html, keyboard = render.race_menu(ctx), keys.race_menu(ctx.goal)
    await _open_menu(context, record, message, flow.race_menu(now), html, keyboard)


async def race_button(update: Update, context: Context) -> None:
    """A tap in /race: what to change, then the new goal (and what it needs) or date."""
    tap = await open_tap(update, context)
    query = update.callback_query
    if tap is None or query is None:
        return
    deps = get_deps(context)
    record, now = tap.record, deps.clock.now()
    action, arg = tap.callback.action, tap.callback.arg(0)
    outcome = flow.race_tap(_state(tap), action, arg, record.fields, now)
    if tap.dialog is None or isinstance(outcome, flow.Stale):
        await query.answer(onboarding_render.settings_stale(), show_alert=True)
        return
    if isinstance(outcome, flow.Invalid):
        await query.answer(onboarding_render.tap_refused(outcome.error), show_alert=True)
        return
    await query.answer()
    if isinstance(outcome, flow.Closed):
        await edit(tap.message, render.race_closed(), None)
        await dialogs.save(deps, record.id, None)
    elif isinstance(outcome, flow.Menu | flow.Ask):
        await _show_in_place(context, record, tap.message, outcome)
    else:
        await _answered(context, record, tap.dialog, outcome, tap.message, tapped=True)


async def _race_next(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    outcome: flow.Next,
    source: Message,
    *,
    tapped: bool,
) -> None:
    """Confirm a new goal's answer and ask what it needs next; nothing is stored yet."""
    deps = get_deps(context)
    moved = _dialog(outcome.state, source.message_id if tapped else None)
    await dialogs.save(deps, record.id, moved)
    step, ctx = outcome.step, outcome.ctx
    html = onboarding_render.answered_then_ask(outcome.answered, step, ctx)
    markup = keys.question(step, ctx, keys.RACE_AREA)
    sent = await show(context, record, dialog, html, markup, source, tapped=tapped)
    if not tapped:
        await dialogs.save(deps, record.id, _dialog(outcome.state, sent.message_id))


async def _new_goal(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    outcome: flow.NewGoal,
    source: Message,
    *,
    tapped: bool,
) -> None:
    """Store the new goal's answers together and rebuild the plan from today."""
    deps = get_deps(context)
    now = deps.clock.now()
    changed = await deps.services.settings.change(
        record, now, outcome.store, dialog=None, force_rebuild=True
    )
    line = render.race_changed(context_for(changed.record.fields, now))
    target = await show(context, record, dialog, line, None, source, tapped=tapped)
    if changed.plan is None:
        await reply(target, onboarding_render.no_plan())
        return
    fresh = changed.record
    outline = onboarding_render.plan_outline(
        changed.plan,
        local_today(fresh, now),
        push_time=fresh.push_time.strftime("%H:%M"),
        timezone=fresh.timezone,
    )
    await reply(target, outline)


@dialog_text(RACE_FLOW)
async def race_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """Take a typed new goal or race date; other text goes on to the coach."""
    await _menu_text(update, context, athlete, dialog, text)


MESSAGE_ANSWERS[SETTINGS_FLOW] = take_menu_location
MESSAGE_ANSWERS[RACE_FLOW] = take_menu_location


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("settings", settings_command),
        CommandHandler("race", race_command),
        CallbackQueryHandler(settings_button, pattern=rf"^v1\|{keys.SETTINGS_AREA}\|"),
        CallbackQueryHandler(race_button, pattern=rf"^v1\|{keys.RACE_AREA}\|"),
    ]
