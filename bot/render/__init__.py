"""Every message the bot sends is worded in this package, as HTML, one module per area:
``common`` (greeting, help, errors), ``sessions`` (a session with its cues; the morning push),
``onboarding``, ``checkin``, ``logs``, ``views`` (/today, /week, /plan, /stats, /why ...),
``control`` (/skip, /swap, /pause ...), ``summary`` (the weekly summary).
User-provided strings are always escaped with :func:`html.escape`."""
