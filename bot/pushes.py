"""What each scheduled push says: the scheduler's :class:`~scheduler.delivery.Composer`.

The scheduler claims deliveries and sends messages; this module decides the messages, from
the coach's view of the athlete's day, with the renderers and keyboards of the bot package:

* morning: today's session adjusted by the latest check-in, its cues, and buttons (check in,
  done, skip, swap); a rest day gets a short note, or nothing if the athlete turned notes off;
* evening: only when a planned session of the day has no log yet, with one-tap logging;
* weekly (Sunday evening): the summary, then the chart; next week is rebuilt first.

Morning and evening pushes are composed a page at a time from bulk reads
(:class:`storage.fanout.FanoutReader`), so a morning of 100,000 athletes costs a fixed number
of queries per page; the coach itself is the same code path as /today.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from bot.charts import weekly_chart
from bot.keyboards import illness as illness_keys
from bot.keyboards import push as keyboards
from bot.keyboards import race_review as race_keys
from bot.render import illness as illness_render
from bot.render.reminders import evening_reminder
from bot.render.sessions import morning_push
from bot.render.summary import chart_caption, weekly_summary
from coach.journal_match import loggable, unlogged_sessions
from coach.models import Adjustment
from coach.pushtimes import PushKind
from coach.readiness import CHECKIN_WINDOW_DAYS
from scheduler.delivery import OutMessage, Push
from services.coaching import HISTORY_DAYS, CoachingService, DayPlan, History, todays
from services.weekly import WeeklyReview
from storage.database import Database
from storage.deliveries import Claim

log = logging.getLogger(__name__)

#: Athletes composed between two yields to the event loop (so sends keep flowing).
YIELD_EVERY = 16
#: Weekly summaries composed at once (each draws a chart in a worker thread).
WEEKLY_CONCURRENCY = 4


def morning(day: DayPlan) -> Push:
    """The morning push for ``day``, or a skip for a rest day without notes. While ill
    (§7b): below the neck no session, a short daily check instead; above it, the session
    (easy only) with the daily check's buttons under it."""
    if day.illness is not None:
        return _ill_morning(day)
    if day.is_rest_day and not day.profile.rest_day_notes:
        return Push.skip("rest day; the athlete turned rest-day notes off")
    keyboard = keyboards.morning(day.today, rest_day=day.is_rest_day, changed=day.adjusted.changed)
    return Push((OutMessage(text=morning_push(day), reply_markup=keyboard),))


def _ill_morning(day: DayPlan) -> Push:
    check = illness_keys.daily_check(day.today)
    if day.illness is None or not day.illness.may_run or day.is_rest_day:
        return Push((OutMessage(text=illness_render.morning_check(day), reply_markup=check),))
    text = morning_push(day) + "\n\n" + illness_render.above_neck_note()
    keyboard = illness_keys.with_daily_check(day.today, keyboards.morning(day.today))
    return Push((OutMessage(text=text, reply_markup=keyboard),))


def evening(day: DayPlan) -> Push:
    """The evening reminder, only when a planned session of the day is not logged yet."""
    if not loggable(day.sessions):
        return Push.skip("nothing planned today")
    remaining = unlogged_sessions(day.sessions, day.logs_today)
    if not remaining:
        return Push.skip("already logged")
    text = evening_reminder(day.record.first_name, remaining)
    return Push((OutMessage(text=text, reply_markup=keyboards.evening_log(day.today)),))


class PushComposer:
    """Composes pages of claims into pushes (see the module docstring)."""

    def __init__(self, db: Database, *, coaching: CoachingService | None = None) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)
        self.weekly = WeeklyReview(db, self.coaching)
        self.reader = self.coaching.reader  # the one journal reader, shared with /today

    async def compose(self, claims: Sequence[Claim], now: datetime) -> dict[int, Push]:
        out: dict[int, Push] = {}
        daily: dict[PushKind, list[Claim]] = defaultdict(list)
        weekly: list[Claim] = []
        for claim in claims:
            (weekly if claim.kind is PushKind.WEEKLY else daily[claim.kind]).append(claim)
        for kind, group in daily.items():
            for batch in _distinct_athletes(group):
                out.update(await self._daily(kind, batch, now))
        if weekly:
            out.update(await self._weekly(weekly, now))
        return out

    async def _daily(self, kind: PushKind, claims: list[Claim], now: datetime) -> dict[int, Push]:
        days = await self.reader.days(
            {c.athlete_id: c.local_date for c in claims},
            history_days=HISTORY_DAYS,
            checkin_days=CHECKIN_WINDOW_DAYS,
        )
        ill = await self.db.illnesses.current_of(c.athlete_id for c in claims)  # §7b
        kept = await self.db.adjustments.restored_on({c.athlete_id: c.local_date for c in claims})
        out: dict[int, Push] = {}
        changed: dict[int, Sequence[Adjustment]] = {}
        for index, claim in enumerate(claims):
            if index % YIELD_EVERY == YIELD_EVERY - 1:
                await asyncio.sleep(0)
            bundle = days.get(claim.athlete_id)
            if bundle is None:
                out[claim.id] = Push.skip("athlete not found")
                continue
            try:
                day = await self.coaching.day_for(
                    bundle.record,
                    now,
                    on=claim.local_date,
                    plan=bundle.plan,
                    history=History(
                        bundle.checkins,
                        bundle.past_logs,
                        bundle.logs_today,
                        bundle.pains,
                        ill.get(claim.athlete_id),
                    ),
                    overrides=kept.get(claim.athlete_id, ()),  # §7b: a kept original
                    record_adjustments=False,  # the page's, together, below
                )
            except Exception:
                # Left out of the result: recorded as failed and retried with backoff.
                log.exception("composing the %s push of athlete %s", kind, claim.athlete_id)
                continue
            if day is None:
                out[claim.id] = Push.skip("no profile yet")
            elif kind is PushKind.MORNING:
                out[claim.id] = morning(day)
                if day.adjusted.changed:
                    changed[claim.athlete_id] = todays(day.adjusted)
            else:
                out[claim.id] = evening(day)
        # The morning's changes, recorded before the pushes go out (so /why can show them),
        # in one transaction for the page rather than one per amber or red athlete.
        await self.db.adjustments.record_adjustments(changed, now)
        return out

    async def _weekly(self, claims: list[Claim], now: datetime) -> dict[int, Push]:
        gate = asyncio.Semaphore(WEEKLY_CONCURRENCY)

        async def one(claim: Claim) -> tuple[int, Push | None]:
            async with gate:
                try:
                    return claim.id, await self.weekly_push(claim, now)
                except Exception:
                    log.exception("composing the weekly summary of athlete %s", claim.athlete_id)
                    return claim.id, None

        results = await asyncio.gather(*(one(c) for c in claims))
        return {delivery_id: push for delivery_id, push in results if push is not None}

    async def weekly_push(self, claim: Claim, now: datetime) -> Push:
        """The summary and its chart. The plan is rebuilt on the first try only: a retry
        (the send failed after the rebuild) must not rebuild from the rebuilt plan."""
        review = await self.weekly.review(
            claim.athlete_id, claim.local_date, now, rebuild=claim.attempts == 0
        )
        if review is None:
            return Push.skip("no profile yet")
        chart = await asyncio.to_thread(weekly_chart, review.points)
        readiness = review.readiness_review
        choices = race_keys.choices(readiness) if readiness and review.readiness_offered else None
        return Push(
            (
                OutMessage(text=weekly_summary(review), reply_markup=choices),
                OutMessage(photo=chart, caption=chart_caption(len(review.points))),
            )
        )


def _distinct_athletes(claims: list[Claim]) -> list[list[Claim]]:
    """Split claims so no batch holds one athlete twice (retries can bring two dates)."""
    batches: list[list[Claim]] = []
    seen: list[set[int]] = []
    for claim in claims:
        for batch, ids in zip(batches, seen, strict=True):
            if claim.athlete_id not in ids:
                batch.append(claim)
                ids.add(claim.athlete_id)
                break
        else:
            batches.append([claim])
            seen.append({claim.athlete_id})
    return batches
