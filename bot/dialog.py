"""The open question of a conversation, kept in the database (never in process memory), so a
restart or a second instance carries on where the athlete was.

A dialog is a small JSON object on the athlete row::

    {"flow": "onboarding", "step": "race_date", "data": {...}, "message_id": 123}

``flow`` names the module that owns it; ``step`` the question that is open; ``data`` holds
answers that have no column yet (e.g. the check-in's partial taps); ``message_id`` is the
message whose buttons belong to this step (taps on other messages are stale).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.deps import Deps


@dataclass(frozen=True)
class Dialog:
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)
    message_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "flow": self.flow,
            "step": self.step,
            "data": self.data,
            "message_id": self.message_id,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Dialog | None:
        if not raw or "flow" not in raw or "step" not in raw:
            return None
        return cls(
            str(raw["flow"]), str(raw["step"]), dict(raw.get("data") or {}), raw.get("message_id")
        )


async def load(deps: Deps, athlete_id: int) -> Dialog | None:
    record = await deps.services.account.athlete(athlete_id)
    return Dialog.from_json(record.dialog) if record else None


async def save(deps: Deps, athlete_id: int, dialog: Dialog | None) -> None:
    await deps.services.account.save_dialog(
        athlete_id, dialog.to_json() if dialog else None, deps.clock.now()
    )
