"""/settings, /race, and the menu /start shows an athlete who is already set up.

The questions are onboarding's, asked again under the ``set`` and ``race`` callback areas;
each change is stored, the plan rebuilt when it reads the change, the pushes rescheduled when
a time or the zone changed, and confirmed in one line. Menus expire after
:data:`MENU_TTL`, so a button from an old menu changes nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Collection
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Protocol

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot import dialog as dialogs
from bot.deps import get_deps
from bot.dialog import Dialog
from bot.flows import Context, dialog_text
from bot.handlers import text as text_router
from bot.handlers.onboarding import FLOW as ONBOARDING_FLOW
from bot.handlers.onboarding import (
    MESSAGE_ANSWERS,
    Tap,
    edit,
    open_tap,
    reply,
    strip_keyboard,
)
from bot.keyboards import onboarding as onboarding_keys
from bot.keyboards import settings as keys
from bot.render import common
from bot.render import onboarding as onboarding_render
from bot.render import settings as render
from coach.models import GoalKind
from flows.answers import AnswerError
from flows.questions import (
    RACE,
    Outcome,
    Step,
    context_for,
    default_long_day,
    from_button,
    from_text,
    next_step,
    run_days_of,
    step_of,
)
from services.coaching import local_today
from services.onboarding import OnboardingService
from services.settings import SettingsService
from storage.athletes import AthleteRecord

SETTINGS_FLOW = "settings"
RACE_FLOW = "race"
MENU_TTL = timedelta(hours=2)  # a menu or question older than this has expired
RACE_STEPS = frozenset(RACE)


class Advance(Protocol):
    """Store one answer of a menu and move it on (settings' _apply, /race's _race_advance)."""

    def __call__(
        self,
        context: Context,
        record: AthleteRecord,
        dialog: Dialog,
        step: Step,
        outcome: Outcome,
        *,
        tapped: Message | None = None,
        typed: Message | None = None,
    ) -> Awaitable[None]: ...


def _opened(dialog: Dialog) -> datetime | None:
    try:
        return datetime.fromisoformat(str(dialog.data.get("at")))
    except ValueError:
        return None


def _fresh(dialog: Dialog, now: datetime) -> bool:
    opened = _opened(dialog)
    return opened is not None and timedelta(0) <= now - opened <= MENU_TTL


def _live(tap: Tap, flow: str, now: datetime) -> Dialog | None:
    """The open dialog of ``flow`` this tap belongs to, or None when the button is stale."""
    dialog = tap.dialog
    if (
        dialog is None
        or dialog.flow != flow
        or dialog.message_id != tap.message.message_id
        or not _fresh(dialog, now)
    ):
        return None
    return dialog


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


# --- /settings -------------------------------------------------------------------------------


async def settings_command(update: Update, context: Context) -> None:
    """Show the settings with a button for each thing that can change."""
    record = await _onboarded(update, context)
    message = update.effective_message
    if record is None or message is None:
        return
    now = get_deps(context).clock.now()
    html = render.menu(context_for(record.fields, now))
    await _open_menu(context, record, message, SETTINGS_FLOW, html, keys.menu(), now)


async def _open_menu(
    context: Context,
    record: AthleteRecord,
    message: Message,
    flow: str,
    html: str,
    keyboard: InlineKeyboardMarkup,
    now: datetime,
) -> None:
    """Send a menu and open its dialog: its buttons are the live ones until it expires."""
    sent = await reply(message, html, keyboard)
    opened = Dialog(flow, "menu", {"at": now.isoformat()}, sent.message_id)
    await dialogs.save(get_deps(context), record.id, opened)


async def settings_button(update: Update, context: Context) -> None:
    """A tap in /settings or /start's menu: open a question, take an answer, or start over."""
    tap = await open_tap(update, context)
    query = update.callback_query
    if tap is None or query is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    dialog = _live(tap, SETTINGS_FLOW, now)
    action, arg = tap.callback.action, tap.callback.arg(0)
    record = tap.record
    if dialog is None:
        await query.answer(onboarding_render.settings_stale(), show_alert=True)
        return
    stamp = {"at": now.isoformat()}
    if action == "open" and dialog.step == "start":
        await query.answer()
        await edit(tap.message, render.menu(context_for(record.fields, now)), keys.menu())
        await dialogs.save(deps, record.id, Dialog(SETTINGS_FLOW, "menu", stamp, dialog.message_id))
    elif action == "reset" and dialog.step == "start":
        await query.answer()
        await edit(tap.message, onboarding_render.reset_confirm(), onboarding_keys.reset_confirm())
        await dialogs.save(
            deps, record.id, Dialog(SETTINGS_FLOW, "reset", stamp, dialog.message_id)
        )
    elif action == "reset_yes" and dialog.step == "reset":
        await query.answer()
        await _start_over(context, record, tap.message, now)
    elif action in ("reset_no", "close"):
        await query.answer()
        closing = onboarding_render.reset_cancelled() if action == "reset_no" else render.closed()
        await edit(tap.message, closing, None)
        await dialogs.save(deps, record.id, None)
    elif action == "pick" and dialog.step == "menu" and step_of(arg) in keys.MENU_STEPS:
        await query.answer()
        step = Step(arg)
        data: dict[str, Any] = dict(stamp)
        if step is Step.DAYS:
            data["days"] = list(run_days_of(record.fields))
        ctx = context_for(record.fields, now, data)
        html = render.question(onboarding_render.question(step, ctx), step, ctx)
        await edit(tap.message, html, keys.question(step, ctx))
        await dialogs.save(
            deps, record.id, Dialog(SETTINGS_FLOW, step.value, data, dialog.message_id)
        )
    elif step_of(action) in keys.MENU_STEPS and action == dialog.step:
        step = Step(action)
        ctx = context_for(record.fields, now, dialog.data)
        try:
            outcome = from_button(step, arg, ctx)
        except AnswerError as error:
            await query.answer(onboarding_render.tap_refused(error), show_alert=True)
            return
        await query.answer()
        await _apply(context, record, dialog, step, outcome, tapped=tap.message)
    else:
        await query.answer(onboarding_render.settings_stale(), show_alert=True)


async def _start_over(
    context: Context, record: AthleteRecord, message: Message, now: datetime
) -> None:
    """Forget the set-up answers (after the athlete confirmed) and ask the first question."""
    deps = get_deps(context)
    reopened = Dialog(ONBOARDING_FLOW, Step.GOAL.value, {}, message.message_id)
    await OnboardingService(deps.db).start_over(record.id, now, dialog=reopened.to_json())
    fresh = await deps.db.athletes.get(record.id)
    ctx = context_for(fresh.fields if fresh else {}, now)
    html = f"{onboarding_render.reset_done()}\n\n{onboarding_render.question(Step.GOAL, ctx)}"
    await edit(message, html, onboarding_keys.question(Step.GOAL, ctx))


async def _apply(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    step: Step,
    outcome: Outcome,
    *,
    tapped: Message | None = None,
    typed: Message | None = None,
) -> None:
    """Store a settings answer (or switch a day on or off) and confirm it in one line."""
    deps = get_deps(context)
    now = deps.clock.now()
    if outcome.stay:
        toggled = replace(dialog, data={**dialog.data, **(outcome.data or {})})
        await dialogs.save(deps, record.id, toggled)
        if tapped is not None:
            ctx = context_for(record.fields, now, toggled.data)
            html = render.question(onboarding_render.question(step, ctx), step, ctx)
            await edit(tapped, html, keys.question(step, ctx))
        return
    columns = dict(outcome.columns)
    if step is Step.DAYS:
        days = run_days_of(columns)
        if record.fields.get("long_run_day") not in days:
            columns["long_run_day"] = default_long_day(days)
    changed = await SettingsService(deps.db).change(record, now, columns, dialog=None)
    ctx = context_for(changed.record.fields, now)
    line = render.changed(step, ctx, rebuilt=changed.plan is not None, now=now)
    if tapped is not None:
        await edit(tapped, line, None)
    elif typed is not None:
        await strip_keyboard(context, record.chat_id, dialog.message_id)
        await reply(typed, line)


@dialog_text(SETTINGS_FLOW)
async def settings_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """Take a typed answer to the open settings question; other text goes on to the coach."""
    await _menu_text(update, context, athlete, dialog, text, keys.MENU_STEPS, _apply)


async def _menu_text(
    update: Update,
    context: Context,
    athlete: AthleteRecord,
    dialog: Dialog,
    text: str,
    steps: Collection[Step],
    advance: Advance,
) -> None:
    """A typed answer to an open menu question (settings or /race), or, when the menu is
    closed or old, the end of that menu and the text on to the coach."""
    message = update.effective_message
    if message is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    step = step_of(dialog.step)
    if step not in steps or not _fresh(dialog, now):
        await dialogs.save(deps, athlete.id, None)  # a menu is open, or old: not an answer
        await text_router.route_text(update, context)
        return
    assert step is not None
    ctx = context_for(athlete.fields, now, dialog.data)
    try:
        outcome = from_text(step, text, ctx)
    except AnswerError as error:
        html = onboarding_render.bad_answer(step, error, ctx) + render.bad_answer_footer()
        await reply(message, html)
        return
    await advance(context, athlete, dialog, step, outcome, typed=message)


async def take_settings_message(
    update: Update,
    context: Context,
    athlete: AthleteRecord,
    dialog: Dialog,
    step: Step,
    outcome: Outcome,
) -> None:
    """A settings answer that arrived as a message (a shared location)."""
    message = update.effective_message
    if message is None:
        return
    if not _fresh(dialog, get_deps(context).clock.now()):
        await reply(message, onboarding_render.location_not_asked())
        return
    await _apply(context, athlete, dialog, step, outcome, typed=message)


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
    await _open_menu(context, record, message, RACE_FLOW, html, keyboard, now)


async def race_button(update: Update, context: Context) -> None:
    """A tap in /race: what to change, then the new goal (and what it needs) or date."""
    tap = await open_tap(update, context)
    query = update.callback_query
    if tap is None or query is None:
        return
    deps = get_deps(context)
    now = deps.clock.now()
    record = tap.record
    action, arg = tap.callback.action, tap.callback.arg(0)
    stamp = {"at": now.isoformat()}
    if action == "open":
        menu = _live(tap, SETTINGS_FLOW, now)
        if menu is None or menu.step not in ("start", "menu"):
            await query.answer(onboarding_render.settings_stale(), show_alert=True)
            return
        await query.answer()
        ctx = context_for(record.fields, now)
        await edit(tap.message, render.race_menu(ctx), keys.race_menu(ctx.goal))
        await dialogs.save(deps, record.id, Dialog(RACE_FLOW, "menu", stamp, menu.message_id))
        return
    dialog = _live(tap, RACE_FLOW, now)
    if dialog is None:
        await query.answer(onboarding_render.settings_stale(), show_alert=True)
        return
    if action == "close":
        await query.answer()
        await edit(tap.message, render.race_closed(), None)
        await dialogs.save(deps, record.id, None)
    elif action == "pick" and dialog.step == "menu" and arg in ("goal", "date"):
        await query.answer()
        step = Step.GOAL if arg == "goal" else Step.RACE_DATE
        data: dict[str, Any] = {**stamp, "order": arg, "pending": {}}
        ctx = context_for(record.fields, now, data)
        html = onboarding_render.question(step, ctx)
        await edit(tap.message, html, keys.question(step, ctx, keys.RACE_AREA))
        await dialogs.save(deps, record.id, Dialog(RACE_FLOW, step.value, data, dialog.message_id))
    elif step_of(action) in RACE_STEPS and action == dialog.step:
        step = Step(action)
        ctx = context_for(record.fields, now, dialog.data)
        try:
            outcome = from_button(step, arg, ctx)
        except AnswerError as error:
            await query.answer(onboarding_render.tap_refused(error), show_alert=True)
            return
        await query.answer()
        await _race_advance(context, record, dialog, step, outcome, tapped=tap.message)
    else:
        await query.answer(onboarding_render.settings_stale(), show_alert=True)


def _race_columns(columns: dict[str, Any]) -> dict[str, Any]:
    """A new goal clears what no longer applies: trail details, a date for fitness."""
    goal_raw = columns.get("goal")
    if goal_raw is None:
        return columns
    goal = GoalKind(goal_raw)
    if goal is not GoalKind.TRAIL:
        columns.update(trail_distance_km=None, trail_elevation_m=None)
    if not goal.has_race:
        columns["race_date"] = None
    return columns


async def _race_advance(
    context: Context,
    record: AthleteRecord,
    dialog: Dialog,
    step: Step,
    outcome: Outcome,
    *,
    tapped: Message | None = None,
    typed: Message | None = None,
) -> None:
    """Keep the new goal's answers pending until the last one, then store them together and
    rebuild the plan from today (a half-changed goal never reaches the planner)."""
    deps = get_deps(context)
    now = deps.clock.now()
    pending = {**dict(dialog.data.get("pending") or {}), **outcome.columns}
    order = RACE if dialog.data.get("order") == "goal" else (Step.RACE_DATE,)
    upcoming = next_step(step, {**record.fields, **pending}, order)
    if upcoming is not None:
        data = {**dialog.data, "pending": pending}
        moved = Dialog(RACE_FLOW, upcoming.value, data, tapped.message_id if tapped else None)
        await dialogs.save(deps, record.id, moved)
        ctx = context_for(record.fields, now, data)
        html = onboarding_render.answered_then_ask(step, upcoming, ctx)
        markup = keys.question(upcoming, ctx, keys.RACE_AREA)
        if tapped is not None:
            await edit(tapped, html, markup)
        elif typed is not None:
            await strip_keyboard(context, record.chat_id, dialog.message_id)
            sent = await reply(typed, html, markup)
            await dialogs.save(deps, record.id, replace(moved, message_id=sent.message_id))
        return
    changed = await SettingsService(deps.db).change(
        record, now, _race_columns(pending), dialog=None, force_rebuild=True
    )
    ctx = context_for(changed.record.fields, now)
    line = render.race_changed(ctx)
    if tapped is not None:
        await edit(tapped, line, None)
        target = tapped
    else:
        assert typed is not None
        await strip_keyboard(context, record.chat_id, dialog.message_id)
        target = await reply(typed, line)
    if changed.plan is None:
        await reply(target, onboarding_render.no_plan())
        return
    fresh = changed.record
    await reply(
        target,
        onboarding_render.plan_outline(
            changed.plan,
            local_today(fresh, now),
            push_time=fresh.push_time.strftime("%H:%M"),
            timezone=fresh.timezone,
        ),
    )


@dialog_text(RACE_FLOW)
async def race_text(
    update: Update, context: Context, athlete: AthleteRecord, dialog: Dialog, text: str
) -> None:
    """Take a typed new goal or race date; other text goes on to the coach."""
    await _menu_text(update, context, athlete, dialog, text, RACE_STEPS, _race_advance)


async def take_race_message(
    update: Update,
    context: Context,
    athlete: AthleteRecord,
    dialog: Dialog,
    step: Step,
    outcome: Outcome,
) -> None:
    """/race asks nothing a location answers."""
    message = update.effective_message
    if message is not None:
        await reply(message, onboarding_render.location_not_asked())


MESSAGE_ANSWERS[SETTINGS_FLOW] = take_settings_message
MESSAGE_ANSWERS[RACE_FLOW] = take_race_message


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """This area's handlers, in the order they must be tried."""
    return [
        CommandHandler("settings", settings_command),
        CommandHandler("race", race_command),
        CallbackQueryHandler(settings_button, pattern=rf"^v1\|{keys.SETTINGS_AREA}\|"),
        CallbackQueryHandler(race_button, pattern=rf"^v1\|{keys.RACE_AREA}\|"),
    ]
