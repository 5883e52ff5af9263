"""Files in and out: run files read into run logs, sessions written for the watch, the plan
written for the calendar.

Pure like :mod:`coach` (it may import coach, nothing of storage, services or the bot): bytes
in, typed values or bytes out, no I/O and no clock. The bot downloads a document and hands
its bytes to :func:`read_run_file`; it sends what :func:`workout_fit` and :func:`plan_ics`
return as documents.
"""

from __future__ import annotations

from runfiles.decode import MAX_FILE_BYTES, read_run_file
from runfiles.errors import BadFileReason, BadRunFile
from runfiles.ics import plan_ics
from runfiles.logs import DateProblem, date_problem, draft_log
from runfiles.model import FileFormat, Lap, RunFile, Sport
from runfiles.surface import guess_surface
from runfiles.workout import NoWatchWorkout, WatchWorkout, watch_workout, workout_fit

__all__ = [
    "MAX_FILE_BYTES",
    "BadFileReason",
    "BadRunFile",
    "DateProblem",
    "FileFormat",
    "Lap",
    "NoWatchWorkout",
    "RunFile",
    "Sport",
    "WatchWorkout",
    "date_problem",
    "draft_log",
    "guess_surface",
    "plan_ics",
    "read_run_file",
    "watch_workout",
    "workout_fit",
]
