"""Why a file could not be read as a run, typed so the bot can say it in words.

Every failure of :func:`runfiles.read_run_file` is a :class:`BadRunFile` with a
:class:`BadFileReason`; a message is rendered from the reason (and the limit, for a file
that is too big). A non-running activity is not lost: the decoded file comes with the error
so it can be offered as cross-training.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runfiles.model import RunFile


class BadFileReason(StrEnum):
    """What was wrong with a file."""

    NOT_A_RUN_FILE = "not_a_run_file"  # not FIT, GPX or TCX (a photo, a PDF, a zip of those)
    CORRUPT = "corrupt"  # looks like one but cannot be decoded (truncated, bad checksum)
    EMPTY = "empty"  # decodes, but holds no activity (no points, no time)
    TOO_BIG = "too_big"  # over what the bot can download, or unpacks to too much
    NOT_RUNNING = "not_running"  # a ride, a swim, a walk: cross-training, not a run


class BadRunFile(ValueError):
    """A file that cannot become a run log, and why.

    Attributes:
        reason: What was wrong.
        detail: A short technical explanation, for logs (not for the athlete).
        activity: The decoded activity when the reason is ``NOT_RUNNING``, else None.
        limit_bytes: The size limit when the reason is ``TOO_BIG``, else None.
    """

    def __init__(
        self,
        reason: BadFileReason,
        detail: str,
        *,
        activity: RunFile | None = None,
        limit_bytes: int | None = None,
    ) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
        self.activity = activity
        self.limit_bytes = limit_bytes
