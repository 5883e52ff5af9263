"""The Telegram adapter: handlers, rendering, the command line and the Bot API emulator."""

import os

# Read RetryAfter.retry_after as a timedelta without PTB's deprecation warning (STYLE.md).
os.environ.setdefault("PTB_TIMEDELTA", "true")
