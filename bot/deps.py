"""What handlers need, built once by the composition root and reached through the context."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import CallbackContext, ExtBot

from bot.throttle import MessageLimiter
from scheduler.clock import Clock, SystemClock
from scheduler.spread import Budget
from services.registry import Services
from storage.database import Database

if TYPE_CHECKING:
    from telegram.ext import Application

    from scheduler.service import SchedulerService


@dataclass
class Deps:
    """Services shared by every handler. The database opens in post_init, in the bot's loop."""

    database_url: str
    clock: Clock = field(default_factory=SystemClock)
    migrate: bool = True
    database: Database | None = None
    # The pushes' scheduler: built in post_init, stopped in post_stop. run_scheduler=False:
    # none at all (tests that want no pushes); scheduler_timer=False: built but never ticking
    # on its own (the demo moves its clock and calls scheduler.tick_now()).
    run_scheduler: bool = True
    scheduler_timer: bool = True
    tick_seconds: float = 30.0
    scheduler: SchedulerService | None = None
    # How crowded mornings are spread and whether paid broadcasts carry the overflow
    # (scheduler.spread); None: every push starts at its time.
    push_budget: Budget | None = None
    # The per-user message limit (bot.throttle): counted in this process, on ``clock``.
    limiter: MessageLimiter = field(default_factory=MessageLimiter)

    _services: Services | None = field(default=None, init=False, repr=False)

    @property
    def db(self) -> Database:
        if self.database is None:
            raise RuntimeError("database not open yet: post_init has not run")
        return self.database

    @property
    def services(self) -> Services:
        """The use cases, built once over the open database (handlers call these, never
        the repositories)."""
        if self._services is None or self._services.coaching.db is not self.db:
            self._services = Services.over(self.db)
        return self._services


DEPS_KEY = "stride.deps"


def get_deps(context: CallbackContext[ExtBot[None], Any, Any, Any]) -> Deps:
    """The typed Deps stored in bot_data by the factory."""
    deps = context.bot_data[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps


def deps_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Deps:
    deps = application.bot_data[DEPS_KEY]
    assert isinstance(deps, Deps)
    return deps
