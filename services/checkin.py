"""The morning check-in's use cases (COACHING.md §6): answers stored as they arrive, a
typed check-in with the pain it mentions, and the day as the coach then sees it. The
conversation itself is flows/checkin.py; nothing here knows about Telegram."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from coach.models import CheckIn, PainFlag
from coach.parser import ParsedCheckIn
from flows.checkin import answers_of, pain_to_ask
from services.coaching import CoachingService, DayPlan
from services.pain import PainService
from storage.database import Database


class CheckinService:
    """The check-ins of one database."""

    def __init__(
        self, db: Database, coaching: CoachingService | None = None, pain: PainService | None = None
    ) -> None:
        self.db = db
        self.coaching = coaching or CoachingService(db)
        self.pain = pain or PainService(db, self.coaching)

    async def checkin(self, athlete_id: int, day: date) -> CheckIn | None:
        return await self.db.checkins.checkin_on(athlete_id, day)

    async def answer_checkin(
        self, athlete_id: int, day: date, now: datetime, **answers: Any
    ) -> CheckIn:
        """Store one or more answers of ``day``'s check-in as they arrive."""
        return await self.db.checkins.save_checkin(athlete_id, day, now, **answers)

    async def answer_tapped(
        self,
        athlete_id: int,
        day: date,
        now: datetime,
        dialog: dict[str, Any] | None,
        **answers: Any,
    ) -> CheckIn:
        """A tapped answer and the conversation's next open question (``dialog``; None:
        none), in one transaction: the answer is never stored with the question it answered
        still open, and the tap costs one commit, not two."""
        return await self.db.checkins.answer_with_dialog(athlete_id, day, now, dialog, **answers)

    async def typed_checkin(
        self, athlete_id: int, day: date, now: datetime, parsed: ParsedCheckIn
    ) -> tuple[CheckIn | None, PainFlag | None]:
        """A typed check-in: its answers, and the pain it mentions as a flag."""
        answers = answers_of(parsed)
        checkin = (
            await self.answer_checkin(athlete_id, day, now, **answers)
            if answers
            else await self.checkin(athlete_id, day)
        )
        pain = None
        if parsed.pain_score is not None and parsed.pain_where:
            result = await self.pain.report_pain(
                athlete_id, now, day, parsed.pain_where, parsed.pain_score, with_day=False
            )
            pain = result.flag
        return checkin, pain

    async def pain_to_ask(self, athlete_id: int, day: date) -> PainFlag | None:
        """The open pain flag the check-in asks about this morning (§7b), if any."""
        return pain_to_ask(await self.db.pains.pains(athlete_id), day)

    async def day(self, athlete_id: int, now: datetime) -> DayPlan | None:
        """Today as the coach sees it now (adjustments recorded for /why)."""
        return await self.coaching.day(athlete_id, now)
