"""The Telegram adapter: handlers, keyboards, rendering and the Application that runs them."""

import os

# Read RetryAfter.retry_after as a timedelta without PTB's deprecation warning (STYLE.md).
os.environ.setdefault("PTB_TIMEDELTA", "true")
