"""Reading what runners type, beyond the raw numbers (COACHING.md §6).

``coach.parser`` reads the pieces of one message (durations, distances, RPE, sleep, soreness,
pain, illness, the day it is about). This package turns that reading into what the coach
understood, one concern a module:

* :mod:`coach.parsing.words`: the reader's vocabulary (sleep and soreness words, muscles
  and joints) and the hard limits past which a number is not a run;
* :mod:`coach.parsing.results`: what the reader returns (``ParsedRun``, ``ParseError``...);
* :mod:`coach.parsing.dates`: "yesterday", "on Tuesday", "2026-12-03", "3/12" as a date
  within the last two weeks;
* :mod:`coach.parsing.plausibility`: values a human can do, or one clarifying question;
* :mod:`coach.parsing.understand`: one message in, :class:`~coach.parsing.understand.Understood`
  out (the ``stride parse`` JSON), with missing fields filled the way a coach would.

The package imports nothing at import time, so ``coach.parser`` can use its date reader.
"""
