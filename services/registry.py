"""Every use-case service of one database, built once by the composition root (at start-up,
when the database opens) and shared by every handler and push through ``Deps.services``.

Services hold no per-request state, so one of each serves every update (handlers used to
build one per call, eight times in one module); they share one CoachingService.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.account import AccountService
from services.checkin import CheckinService
from services.coaching import CoachingService
from services.control import ControlService
from services.files import FileService
from services.illness import IllnessService
from services.onboarding import OnboardingService
from services.pain import PainService
from services.race_review import RaceReviewService
from services.runlog import RunlogService
from services.settings import SettingsService
from services.trials import TrialService
from services.views import ViewService
from services.weekly import WeeklyReview
from storage.database import Database


@dataclass(frozen=True)
class Services:
    account: AccountService
    coaching: CoachingService
    checkin: CheckinService
    runlog: RunlogService
    pain: PainService
    views: ViewService
    control: ControlService
    onboarding: OnboardingService
    settings: SettingsService
    weekly: WeeklyReview
    trials: TrialService
    files: FileService
    race_review: RaceReviewService
    illness: IllnessService

    @classmethod
    def over(cls, db: Database) -> Services:
        """One of each, over ``db``, sharing one CoachingService."""
        coaching = CoachingService(db)
        pain = PainService(db, coaching)
        runlog = RunlogService(db, coaching)
        return cls(
            account=AccountService(db),
            coaching=coaching,
            checkin=CheckinService(db, coaching, pain),
            runlog=runlog,
            pain=pain,
            views=ViewService(db, coaching),
            control=ControlService(db, coaching),
            onboarding=OnboardingService(db),
            settings=SettingsService(db),
            weekly=WeeklyReview(db, coaching),
            trials=TrialService(db),
            files=FileService(db, coaching, runlog),
            race_review=RaceReviewService(db, coaching),
            illness=IllnessService(db, coaching),
        )
