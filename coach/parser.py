"""Quick-log commands and free text into structured logs (COACHING.md §6).

Athletes type what they did the way they would text a coach: ``/log 45min 8.2km rpe6 trail``,
"ran 10k in 52 min, felt like a 6", "slept 5h, legs toast", "knee hurts 5/10". This module
turns such text into :class:`ParsedRun`, :class:`ParsedCheckIn` and :class:`ParsedPain`, and
:func:`classify` routes free text to the right one.

Where things are: the vocabulary and hard limits are in :mod:`coach.parsing.words`, the
results (:class:`ParsedRun`, :class:`ParseError`, ...) in :mod:`coach.parsing.results`, the
day a message names in :mod:`coach.parsing.dates`; all are re-exported here. What the coach
makes of a reading (kind, day, plausibility, fills) is :mod:`coach.parsing.understand`.

Contract: for any string, the public functions raise nothing but :class:`ParseError` (and
:func:`classify` raises nothing at all). Input is bounded to ``MAX_INPUT_CHARS`` before any
regex runs, and every regex is linear per start position (no nested quantifiers; runs of digits
are anchored so a long digit string is scanned once), so a hostile message costs milliseconds.

How text is read:
    * The text is lower-cased, typographic quotes/dashes/× are normalised and a leading bot
      command (``/log``, ``/log@StrideBot``) is dropped.
    * It is split into clauses at ``, ; ! ?``, full stops and line breaks (not inside decimals
      like ``8.2`` or ``8,2``), so "skipped, knee sore" keeps the knee apart from the status.
    * Pain and soreness are read first, so ``knee hurts 5/10`` never becomes an RPE of 5.
    * Then paces and times of day (ignored), reps, clock times, hours, minutes, distances, RPE,
      status words and surfaces. Each recognised piece is consumed, so no number is read twice.

What else a message says (read here, interpreted in :mod:`coach.parsing`):
    * The day it is about ("yesterday", "last night", "on Tuesday", "2026-12-03", "3/12"):
      taken out of the text first, so a date is never read as numbers (``date_ref``).
    * Illness ("flu", "a cold", "fever", "sick"): ``illness``; "ran in the cold" is weather.
    * Partial sessions: "only 4 reps" / "4 of 6 reps" (``reps_done``), "half of it"
      (``done_share``); a partly-done session beats a plain "done" said earlier.
    * Sleep emoji mean sleep: "\U0001f634 5h" is a check-in, not a five-hour run.

Interpretation choices a coach would make (and the tests pin):
    * A number without a unit is never guessed: "45" alone asks "minutes, km or miles?".
    * "1:05" is 1 h 05 (below ``CLOCK_HOURS_BELOW``), "52:10" is 52 min 10 s; "45m" is minutes,
      "400m" metres (``METRES_FROM``).
    * A run log has no soreness field: a sore joint or tendon ("knee sore") is recorded as
      ``pain_where`` with no score; sore muscles after a session are left in the note.
    * ``note`` is the athlete's own words (command stripped) whenever something in them was not
      turned into a field, so "missed it, work ran late" keeps the reason.
    * Bike, swim, elliptical and the like are logged with ``Surface.CROSS`` (§4 cross-training).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from coach.models import RunStatus, Surface, Units
from coach.parsing.dates import DATE_PATTERNS, DateRef
from coach.parsing.results import (
    CHECKIN_EXAMPLE,
    PAIN_EXAMPLE,
    RUN_EXAMPLE,
    MessageKind,
    ParsedCheckIn,
    ParsedMessage,
    ParsedPain,
    ParsedRun,
    ParseError,
)
from coach.parsing.words import (
    CLOCK_HOURS_BELOW,
    HALF_MARATHON_KM,
    JOINT_PARTS,
    KM_PER_MILE,
    MARATHON_KM,
    MAX_DISTANCE_KM,
    MAX_DURATION_MIN,
    MAX_INPUT_CHARS,
    MAX_REP_DISTANCE_M,
    MAX_REPS,
    METRES_FROM,
    MUSCLE_PARTS,
    PAIN_MAX,
    PAIN_MIN,
    RPE_MAX,
    RPE_MIN,
    SCALE5_MAX,
    SCALE5_MIN,
    SLEEP_MAX_HOURS,
    SLEEP_QUALITY_WORDS,
    SLEEP_SPECIFIC_WORDS,
    SORENESS_NEEDS_BODY,
    SORENESS_WORDS,
    WELLNESS_MAX,
    WELLNESS_MIN,
)

__all__ = [
    "CHECKIN_EXAMPLE",
    "CLOCK_HOURS_BELOW",
    "HALF_MARATHON_KM",
    "JOINT_PARTS",
    "KM_PER_MILE",
    "MARATHON_KM",
    "MAX_DISTANCE_KM",
    "MAX_DURATION_MIN",
    "MAX_INPUT_CHARS",
    "MAX_REPS",
    "MAX_REP_DISTANCE_M",
    "METRES_FROM",
    "MUSCLE_PARTS",
    "PAIN_EXAMPLE",
    "PAIN_MAX",
    "PAIN_MIN",
    "RPE_MAX",
    "RPE_MIN",
    "RUN_EXAMPLE",
    "SCALE5_MAX",
    "SCALE5_MIN",
    "SLEEP_MAX_HOURS",
    "SLEEP_QUALITY_WORDS",
    "SLEEP_SPECIFIC_WORDS",
    "SORENESS_NEEDS_BODY",
    "SORENESS_WORDS",
    "WELLNESS_MAX",
    "WELLNESS_MIN",
    "DateRef",
    "MessageKind",
    "ParseError",
    "ParsedCheckIn",
    "ParsedMessage",
    "ParsedPain",
    "ParsedRun",
    "classify",
    "parse_checkin",
    "parse_pain",
    "parse_run",
]

# --- Regexes (all ASCII, lower-case input, no nested quantifiers) ------------------------------

_F = re.ASCII
_NUM = r"\d{1,6}(?:[.,]\d{1,3})?"
_SMALL = r"-?\d{1,3}(?:[.,]\d{1,2})?"  # scores: a sign is captured so "-3" can be rejected
_NOT_AFTER_NUM = r"(?<![\d.,:/])"

# "back" alone is too common ("out and back", "back home"): only "my back" / "lower back" count.
_BODY_WORDS = sorted((MUSCLE_PARTS | JOINT_PARTS | {"my back"}) - {"back"}, key=len, reverse=True)
_BODY = "(?:" + "|".join(re.escape(w) for w in _BODY_WORDS) + ")"
_BODY_RE = re.compile(r"\b(?:(left|right|both)\s)?(?:my\s)?(" + _BODY + r")\b", _F)

_PAIN_NEGATION_RE = re.compile(
    r"\b(?:no|zero|without|free of)\s(?:pain|niggles?|aches?)\b|\bpain[- ]free\b|\bpainless\b", _F
)
_PAIN_WORD_RE = re.compile(
    r"\b(?:hurts?|hurting|pains?|painful|aches?|aching|niggles?|niggly|niggling|twinges?|"
    r"tweaked|injured|injury)\b",
    _F,
)
_OUT_OF_10_RE = re.compile(_NOT_AFTER_NUM + r"(" + _SMALL + r")\s?(?:/|out of)\s?10\b", _F)
_AFTER_PAIN_NUM_RE = re.compile(
    r"\b(?:hurts?|hurting|pains?|painful|aches?|aching|niggles?|at|is|level)\s?(?:of\s|at\s)?("
    + _SMALL
    + r")(?![\d.:/a-z])",
    _F,
)
_AFTER_BODY_NUM_RE = re.compile(
    r"\b(?:" + _BODY + r")\s?(?:is\s|at\s|:\s?)?(" + _SMALL + r")(?![\d.:/a-z'])", _F
)

_SORENESS_PHRASES = sorted(SORENESS_WORDS, key=len, reverse=True)
_SORENESS_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in _SORENESS_PHRASES) + r")\b", _F)
_SORENESS_NUM_RE = re.compile(
    r"\b(?:soreness|sore)\s?(?:level\s)?(?:of\s|is\s|was\s|at\s|:\s?|=\s?)?("
    + _SMALL
    + r")(?:\s?(?:/|out of)\s?(5|10))?(?![\d.:/a-z])",
    _F,
)
_BODY_SCALE5_RE = re.compile(
    r"\b(?:(left|right|both)\s)?(" + _BODY + r")\s?(?:is\s|at\s)?(" + _SMALL + r")\s?/\s?5\b", _F
)
_QUALITY_NUM_RE = re.compile(
    r"\b(?:sleep\s)?(?:quality|qual)\s?(?:of\s|is\s|was\s|:\s?|=\s?)?("
    + _SMALL
    + r")(?:\s?(?:/|out of)\s?5)?(?![\d.:/a-z])",
    _F,
)
_QUALITY_WORDS = sorted(SLEEP_QUALITY_WORDS, key=len, reverse=True)
_QUALITY_WORD_RE = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in _QUALITY_WORDS) + r")(?![a-z-])", _F
)
_WELLNESS_RE = re.compile(
    r"\b(stress|stressed|mood|motivation|motivated)\s?(?:level\s)?(?:of\s|is\s|was\s|at\s|"
    r":\s?|=\s?)?(" + _SMALL + r")(?:\s?/\s?(\d{1,2}))?(?![\d.:a-z])",
    _F,
)
_SLEEP_WORD_RE = re.compile(r"\b(?:slept|sleep|sleeping|night|bed|asleep)\b", _F)
_SLEEP_SPAN_RE = re.compile(
    r"(?<![\d:])(\d{1,2})(?::([0-5]\d))?\s?(am|pm)?\s?(?:to|-|until|till|til)\s?"
    r"(\d{1,2})(?::([0-5]\d))?\s?(am|pm)?(?![\d:a-z])",
    _F,
)
_TIME_OF_DAY_RE = re.compile(r"(?<![\d:.,])\d{1,2}(?::[0-5]\d)?\s?(?:am|pm)\b", _F)
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip
_TENS_WORDS = {
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fourty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
}  # fmt: skip
# "fifty two" and "fifty-two" are one number, so the tens come first.
_TENS = "|".join(_TENS_WORDS)
_ONES = "|".join(_NUMBER_WORDS)
_NUMBER_WORD_RE = re.compile(
    r"\b(?:(" + _TENS + r")(?:[- ](" + _ONES + r"))?|(" + _ONES + r"))\b", _F
)


def _number_word(m: re.Match[str]) -> str:
    if m.group(1) is not None:
        units = int(_NUMBER_WORDS[m.group(2)]) if m.group(2) else 0
        return str(_TENS_WORDS[m.group(1)] + units)
    return _NUMBER_WORDS[m.group(3)]


_SLEEP_NUM_RE = re.compile(
    r"\b(?:slept|sleep)\s?(?:for\s|about\s|around\s|~\s?)?(" + _SMALL + r")(?![\d.:/a-z'])", _F
)

_PACE_RE = re.compile(
    r"(?:@\s?|\bat\s|\bpace(?:\sof)?\s)\d{1,2}:\d{2}(?:\s?(?:/|per\s|min/)\s?"
    r"(?:km|k|kilometers?|kilometres?|mi|miles?)\b)?"
    r"|" + _NOT_AFTER_NUM + r"\d{1,2}:\d{2}\s?(?:/|per\s|min/|min per\s|mins? per\s)\s?"
    r"(?:km|k|kilometers?|kilometres?|mi|miles?)\b"
    r"|" + _NOT_AFTER_NUM + r"\d{1,2}:\d{2}\s?(?:pace|avg|average)\b",
    _F,
)
_REPS_RE = re.compile(
    r"(?<![\d.,])(\d{1,3})\s?x\s?(\d{1,5}(?:[.,]\d{1,2})?)\s?"
    r"(km|k|mi|miles?|m|meters?|metres?|min|mins|minutes?|'|s|sec|secs|seconds?)?(?![a-z0-9])",
    _F,
)
_REPEATS_RE = re.compile(
    r"(?<![\d.,/])(\d{2,5})\s?(?:m|meters?|metres?)?\s?(?:repeats?|reps?|repetitions?|intervals?|"
    r"efforts?)\b"
    r"|(?<![\d.,])(100|150|200|300|400|600|800|1000|1200|1600)s\b",
    _F,
)
_HMS_RE = re.compile(r"(?<![\d:.,])(\d{1,2}):([0-5]\d):([0-5]\d)(?:[.,]\d{1,2})?(?![\d:])", _F)
_CLOCK2_RE = re.compile(
    r"(?<![\d:.,])(-?)(\d{1,3}):([0-5]\d)(?:[.,]\d{1,2})?(?![\d:])\s?(h|hrs?|hours?|min|mins)?\b",
    _F,
)
_HOURS_RE = re.compile(
    r"(?<![\d.,])(-?)(\d{1,3}(?:[.,]\d{1,2})?)\s?(?:h|hr|hrs|hours?)"
    r"(?:\s?(\d{1,2})(?!\d)(?!\s?(?:k\b|km|kms|mi\b|miles?|mile|x\b|/|[.,]\d))"
    r"\s?(?:m|min|mins|minutes?|')?)?(?![a-z0-9])",
    _F,
)
_MINUTES_RE = re.compile(
    r"(?<![\d.,])(-?)(\d{1,5}(?:[.,]\d{1,2})?)\s?(minutes?|mins?|mn|m|')(?![a-z])"
    r"(?:\s?(\d{1,2})\s?(?:s|sec|secs|seconds?|\"|'')(?![a-z0-9]))?",
    _F,
)
_DISTANCE_RE = re.compile(
    r"(?<![\d.,])(-?)(" + _NUM + r")\s?(km|kms|k|kilometers?|kilometres?|mi|miles?|mile|m|"
    r"meters?|metres?)(?![a-z0-9])",
    _F,
)
_NAMED_DISTANCE_RE = re.compile(r"\b(half[ -]?marathon|hm|full marathon|marathon)\b", _F)
_RPE_RES: tuple[re.Pattern[str], ...] = (
    re.compile(
        r"\brpe\s?(?:of\s|is\s|was\s|at\s|:\s?|=\s?)?(" + _SMALL + r")"
        r"(?:\s?(?:/|out of)\s?10)?(?![\d.:a-z])",
        _F,
    ),
    re.compile(r"(?<![\d.,])(" + _SMALL + r")\s?rpe\b", _F),
    re.compile(
        r"\b(?:felt|feel|feels|feeling)(?:\slike)?(?:\san?)?\s(" + _SMALL + r")"
        r"(?:\s?(?:/|out of)\s?10)?(?![\d.:a-z])",
        _F,
    ),
    re.compile(
        r"\b(?:effort|exertion)\s?(?:of\s|is\s|was\s|:\s?|=\s?)?(" + _SMALL + r")"
        r"(?:\s?(?:/|out of)\s?10)?(?![\d.:a-z])",
        _F,
    ),
    _OUT_OF_10_RE,
)
_STATUS_RES: tuple[tuple[RunStatus, re.Pattern[str]], ...] = (
    (
        RunStatus.PARTLY,
        re.compile(
            r"\b(?:partly|partially|partial|part of it|cut short|cut it short|stopped early|"
            r"cut (?:the|my) (?:run|session|workout|long run) short|cut it|"
            r"bailed early|only half|half of it|some of it|didn'?t finish|did not finish|dnf|"
            r"halfway|half way|stopped|(?:bailed|quit|gave up|pulled out|walked) after|"
            r"only did half|did half|half the (?:session|run|workout|reps|distance))\b",
            _F,
        ),
    ),
    (
        RunStatus.SKIPPED,
        re.compile(
            r"\b(?:skipped|skip|skipping|missed|didn'?t run|did not run|didn'?t go|no run|"
            r"couldn'?t run|could not run|not today|bailed|rested|rest day)\b",
            _F,
        ),
    ),
    (
        RunStatus.DONE,
        re.compile(
            r"\b(?:did it|done|completed|complete|finished|nailed it|smashed it|ran it|"
            r"got it done|all good)\b"
            # "did the track session": only "did the" is taken, so "track" stays a surface.
            r"|\bdid (?:the|my|today'?s|this morning'?s)\b"
            r"(?=[a-z ]{0,24}\b(?:session|run|workout|intervals|reps|tempo|hills|long run)\b)",
            _F,
        ),
    ),
)
_SURFACE_RES: tuple[tuple[Surface, re.Pattern[str]], ...] = (
    (
        Surface.CROSS,
        re.compile(
            r"\b(?:bike|biked|biking|cycling|cycled|cycle|spin|swim|swam|swimming|elliptical|"
            r"rowing|rowed|rower|cross[- ]?training|aqua ?jog(?:ging)?)\b",
            _F,
        ),
    ),
    (Surface.TREADMILL, re.compile(r"\b(?:treadmill|dreadmill|tread)\b", _F)),
    (Surface.TRACK, re.compile(r"\b(?:track|oval)\b", _F)),
    (Surface.TRAIL, re.compile(r"\b(?:trails?|off[- ]?road|singletrack|fells?)\b", _F)),
    (Surface.ROAD, re.compile(r"\b(?:roads?|street|streets|pavement|tarmac|asphalt)\b", _F)),
)
# "only 4 reps", "just 3 of 6 reps", "4/6 reps", "did 5 reps": reps actually run.
_REPS_DONE_RE = re.compile(
    r"\b(only|just|managed|managed only|only managed|got through|did|completed)\s"
    r"(?:did\s|managed\s|got\sthrough\s|completed\s|ran\s)?(\d{1,2})"
    r"(?:\s?(?:of|out of|/)\s?(\d{1,2}))?\s?"
    r"(?:reps?|repeats?|intervals?|efforts?|sets?|rounds?|hill reps?|hills)\b"
    r"|(?<![\d.,/])()(\d{1,2})\s?(?:of|out of|/)\s?(\d{1,2})\s?"
    r"(?:reps?|repeats?|intervals?|sets?|rounds?|hill reps?|hills)\b"
    r"|(?<![\d.,/x])()(\d{1,2})\s(?:reps?|repeats?|intervals?|rounds?)\b",
    _F,
)
_HALF_RE = re.compile(
    r"\b(?:half of it|only half|halfway|half way|did half|only did half|"
    r"half the (?:session|run|workout|reps|distance))\b",
    _F,
)
#: Illness (COACHING.md §7: rest, then a gentle return). "the cold" is weather ("ran in the
#: cold"), "a cold" is a virus; "poorly" is how one slept, so it is not here.
_ILLNESS_RE = re.compile(
    r"\b(sick|ill|unwell|(?:man\s)?flu|influenza|fever|feverish|(?:a\s)?(?:high\s)?temperature|"
    r"covid(?:-?19)?|corona(?:virus)?|(?:a|head|chest|heavy|bad|stinking|streaming)\scold|"
    r"cold and flu|common cold|stomach bug|tummy bug|(?:a|the)\sbug|virus|gastro|"
    r"food poisoning|sore throat|chest infection|strep|tonsillitis|bronchitis|norovirus|"
    r"vomiting|throwing up|migraine)\b",
    _F,
)
_ILLNESS_NEGATION_RE = re.compile(
    r"\b(?:no|not|without|never|zero)\s(?:a\s|any\s|feeling\s|been\s)?(?:sick|ill|unwell|fever|"
    r"flu|temperature|cold|virus|bug)\b|\bfever[- ]free\b|\bsick of\b|\bsick (?:run|session)\b",
    _F,
)
_RUN_WORD_RE = re.compile(
    r"\b(?:ran|run|runs|running|jog|jogged|jogging|tempo|intervals?|long run|workout|session|"
    r"race|raced|parkrun|fartlek|strides|recovery run|easy run|hills|hill repeats)\b",
    _F,
)
_BARE_NUMBER_RE = re.compile(r"(?<![\w.,:/-])(\d{1,6}(?:[.,]\d{1,3})?)(?![\w:/])", _F)
_CLAUSE_SPLIT_RE = re.compile(r"[;!?\n]|,(?!\d)|(?<!\d),|\.(?!\d)|\s-\s|\s\+\s|\s&\s", _F)
_COMMAND_RE = re.compile(r"^/[a-z_]{1,32}(?:@[a-z0-9_]{1,64})?(?![a-z0-9_])", _F)

_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u2033": '"',
        "\u201c": '"',
        "\u201d": '"',
        "\u00d7": "x",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        # Sleep emoji mean sleep: "\U0001f634 5h" is five hours in bed, not a five-hour run.
        "\U0001f634": " slept ",
        "\U0001f4a4": " slept ",
        "\U0001f6cc": " slept ",
        "\U0001f6cf": " slept ",
    }
)
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_BLANK = "\x00"

_STOPWORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "then", "in", "on", "at", "of", "for", "to", "with",
     "my", "i", "i'm", "im", "it", "its", "it's", "was", "is", "were", "felt", "feel", "feels",
     "feeling", "like", "did", "do", "ran", "run", "running", "just", "today", "this", "morning",
     "evening", "afternoon", "tonight", "yesterday", "got", "went", "had", "have", "about",
     "around", "approx", "~", "x", "out", "min", "mins", "km", "k", "mi", "rpe", "so", "very",
     "pace", "avg", "average"}
)  # fmt: skip


# --- Scanning ------------------------------------------------------------------------------


class _Text:
    """A clause whose recognised pieces are blanked out as they are consumed."""

    def __init__(self, text: str) -> None:
        self.s = text

    def take(
        self,
        pattern: re.Pattern[str],
        accept: Callable[[re.Match[str]], bool] | None = None,
    ) -> list[re.Match[str]]:
        found = [m for m in pattern.finditer(self.s) if accept is None or accept(m)]
        if found:
            chars = list(self.s)
            for m in found:
                for i in range(m.start(), m.end()):
                    chars[i] = _BLANK
            self.s = "".join(chars)
        return found

    def has(self, pattern: re.Pattern[str]) -> bool:
        return pattern.search(self.s) is not None


def _num(text: str) -> float:
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else math.inf


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


@dataclass
class _Pain:
    where: str | None
    score: float | None
    text: str


@dataclass
class _Sore:
    level: float
    where: str | None
    text: str


@dataclass
class _Scan:
    """Everything recognised in a message, before it is interpreted as a run or check-in."""

    run_errors: list[ParseError] = field(default_factory=list)
    checkin_errors: list[ParseError] = field(default_factory=list)
    pains: list[_Pain] = field(default_factory=list)
    sores: list[_Sore] = field(default_factory=list)
    body_numbers: list[_Pain] = field(default_factory=list)  # "left achilles 3" (pain only)
    quality_numbers: list[tuple[float, str]] = field(default_factory=list)
    quality_words: list[tuple[int, str, bool]] = field(
        default_factory=list
    )  # (level, word, specific)
    wellness: dict[str, tuple[float, str]] = field(default_factory=dict)
    sleep_words: bool = False
    sleep_numbers: list[tuple[float, str]] = field(default_factory=list)  # "slept 7"
    reps: tuple[str, int | None, float | None] | None = None
    durations: list[tuple[float, str]] = field(default_factory=list)  # minutes, source text
    hour_durations: list[tuple[float, str]] = field(default_factory=list)  # hours (sleep)
    clock_hours: list[tuple[float, str]] = field(default_factory=list)  # "6:30" as hours
    distances: list[tuple[float, str]] = field(default_factory=list)
    rpes: list[tuple[float, str]] = field(default_factory=list)
    status: RunStatus | None = None
    surface: Surface | None = None
    pace: bool = False
    run_words: bool = False
    bare_numbers: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    original: str = ""  # the athlete's words, command stripped, for the note
    open_pain: bool = False  # the previous clause reported pain without a score
    reps_done: int | None = None
    done_share: float | None = None
    illness: str | None = None
    date_ref: DateRef | None = None
    last_night: bool = False

    @property
    def run_strong(self) -> bool:
        """Signals that only a run log carries."""
        return bool(
            self.status is not None
            or self.distances
            or self.rpes
            or self.reps is not None
            or self.surface is not None
            or self.run_words
            or self.pace
        )

    @property
    def checkin_signal(self) -> bool:
        return bool(
            self.sleep_words
            or (self.last_night and not self.run_strong)
            or self.sleep_numbers
            or self.quality_numbers
            or any(specific for _, _, specific in self.quality_words)
            or self.sores
            or self.wellness
        )


def _normalise(text: str) -> str:
    lowered = _CONTROL_RE.sub(" ", text.translate(_TRANSLATE)).lower()
    lowered = _NUMBER_WORD_RE.sub(_number_word, lowered)
    return " ".join(lowered.split())


def _check_length(text: object) -> str:
    if not isinstance(text, str):
        raise ParseError("I can only read text.")
    if len(text) > MAX_INPUT_CHARS:
        raise ParseError(
            f"That message is too long for me ({len(text)} characters, "
            f"the limit is {MAX_INPUT_CHARS}): send just the numbers."
        )
    return text


def _body_parts(clause: _Text) -> list[str]:
    parts: list[str] = []
    for m in _BODY_RE.finditer(clause.s):
        side, part = m.group(1), m.group(2).removeprefix("my ")
        name = f"{side} {part}" if side else part
        if name not in parts:
            parts.append(name)
    return parts


def _join_parts(parts: list[str]) -> str | None:
    return " and ".join(parts) if parts else None


def _scan_illness(clause: _Text, scan: _Scan) -> None:
    """Illness first, so "sore throat" is not soreness and "flu" is not left in the note."""
    clause.take(_ILLNESS_NEGATION_RE)
    for m in clause.take(_ILLNESS_RE):
        if scan.illness is None:
            scan.illness = m.group(1)


def _scan_reps_done(clause: _Text, scan: _Scan) -> None:
    """ "only 4 reps" (partly), "4 of 6 reps" (partly unless all), "did 5 reps"."""
    for m in clause.take(_REPS_DONE_RE):
        word = m.group(1) or ""
        done_text = m.group(2) or m.group(5) or m.group(8)
        of_text = m.group(3) or m.group(6)
        if done_text is None or scan.reps_done is not None:
            continue
        done = int(done_text)
        if not 0 <= done <= MAX_REPS:
            scan.run_errors.append(ParseError(f"{m.group(0)!r}: I can read 0 to {MAX_REPS} reps."))
            continue
        scan.reps_done = done
        partly = word.startswith(("only", "just")) or "only" in word
        if of_text is not None and done < int(of_text):
            partly = True
        if partly:
            _set_status(scan, RunStatus.PARTLY)


def _set_status(scan: _Scan, status: RunStatus) -> None:
    """The first status said wins, except that a partly-done session beats a plain "done"
    ("did the session, only 4 reps")."""
    if scan.status is None or (scan.status is RunStatus.DONE and status is RunStatus.PARTLY):
        scan.status = status


def _scan_pain_and_soreness(clause: _Text, scan: _Scan) -> None:
    clause.take(_PAIN_NEGATION_RE)
    parts = _body_parts(clause)
    where = _join_parts(parts)
    has_pain_word = clause.has(_PAIN_WORD_RE)
    out_of_10 = _OUT_OF_10_RE.search(clause.s)
    if scan.open_pain and out_of_10 is not None and not parts and not has_pain_word:
        # "sharp pain in the left foot, 7/10": the score trails in its own clause.
        trailing = clause.take(_OUT_OF_10_RE)[0]
        scan.pains[-1].score, scan.pains[-1].text = _num(trailing.group(1)), trailing.group(0)
        return
    if has_pain_word or (out_of_10 is not None and parts):
        score: float | None = None
        text = ""
        taken = clause.take(_OUT_OF_10_RE)
        if taken:
            score, text = _num(taken[0].group(1)), taken[0].group(0)
        else:
            after = clause.take(_AFTER_PAIN_NUM_RE)
            if after:
                score, text = _num(after[0].group(1)), after[0].group(0)
            else:
                after_body = clause.take(_AFTER_BODY_NUM_RE)
                if after_body:
                    score, text = _num(after_body[0].group(1)), after_body[0].group(0)
        clause.take(_PAIN_WORD_RE)
        clause.take(_BODY_RE)
        scan.pains.append(_Pain(where, score, text))
        return
    # Soreness: numeric first ("sore 4 calves", "soreness 2/5", "calves 3/5"), then words.
    numeric = clause.take(_SORENESS_NUM_RE)
    if numeric:
        m = numeric[0]
        level = _num(m.group(1))
        if m.group(2) == "10" and math.isfinite(level):
            level = max(1.0, math.ceil(level / 2.0))
        clause.take(_BODY_RE)
        scan.sores.append(_Sore(level, where, m.group(0)))
        return
    body_scale = clause.take(_BODY_SCALE5_RE)
    if body_scale:
        m = body_scale[0]
        part = f"{m.group(1)} {m.group(2)}" if m.group(1) else m.group(2)
        scan.sores.append(_Sore(_num(m.group(3)), part, m.group(0)))
        return
    phrases = [
        m for m in _SORENESS_RE.finditer(clause.s) if parts or m.group(1) not in SORENESS_NEEDS_BODY
    ]
    if phrases:
        level = max(SORENESS_WORDS[m.group(1)] for m in phrases)
        clause.take(_SORENESS_RE, lambda m: bool(parts) or m.group(1) not in SORENESS_NEEDS_BODY)
        clause.take(_BODY_RE)
        scan.sores.append(_Sore(float(level), where if level > 1 else None, phrases[0].group(0)))
        return
    if parts:
        for m in _AFTER_BODY_NUM_RE.finditer(clause.s):
            scan.body_numbers.append(_Pain(where, _num(m.group(1)), m.group(0)))


def _clock_hour(hour: str, minute: str | None, meridiem: str | None) -> float | None:
    h = int(hour)
    if meridiem is not None:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if meridiem == "pm" else 0)
    elif h > 24:
        return None
    return h + (int(minute) / 60.0 if minute else 0.0)


def _is_clock_span(m: re.Match[str]) -> bool:
    """Accept "11pm to 6am" or "23:00-6:30"; reject "5-6 hours" (needs am/pm or a colon)."""
    has_marker = bool(m.group(3) or m.group(6) or m.group(2) or m.group(5))
    start = _clock_hour(m.group(1), m.group(2), m.group(3))
    end = _clock_hour(m.group(4), m.group(5), m.group(6))
    return has_marker and start is not None and end is not None


def _is_overnight(m: re.Match[str]) -> bool:
    return m.group(3) == "pm" and m.group(6) == "am" and _is_clock_span(m)


def _span_hours(m: re.Match[str]) -> float:
    start = _clock_hour(m.group(1), m.group(2), m.group(3)) or 0.0
    end = _clock_hour(m.group(4), m.group(5), m.group(6)) or 0.0
    return (end - start) % 24.0


def _scan_checkin_numbers(clause: _Text, scan: _Scan) -> None:
    for m in clause.take(_WELLNESS_RE):
        key = {"stressed": "stress", "motivated": "motivation"}.get(m.group(1), m.group(1))
        value = _num(m.group(2))
        if m.group(3) not in (None, "7"):
            scan.checkin_errors.append(
                ParseError(
                    f"I read {m.group(0)!r}, but {key} is on a 1-7 scale.", "stress 3, mood 5"
                )
            )
        scan.wellness.setdefault(key, (value, m.group(0)))
    for m in clause.take(_QUALITY_NUM_RE):
        scan.quality_numbers.append((_num(m.group(1)), m.group(0)))
    if clause.has(_SLEEP_WORD_RE):
        scan.sleep_words = True
        for m in clause.take(_SLEEP_SPAN_RE, _is_clock_span):
            scan.sleep_numbers.append((_span_hours(m), m.group(0)))
        for m in clause.take(_SLEEP_NUM_RE):
            scan.sleep_numbers.append((_num(m.group(1)), m.group(0)))
    else:
        # "11pm to 6am" needs no sleep word: from evening to morning is a night.
        for m in clause.take(_SLEEP_SPAN_RE, _is_overnight):
            scan.sleep_words = True
            scan.sleep_numbers.append((_span_hours(m), m.group(0)))
    body_nearby = bool(_body_parts(clause))
    if not body_nearby or scan.sleep_words:
        for m in _QUALITY_WORD_RE.finditer(clause.s):
            word = m.group(1)
            scan.quality_words.append(
                (SLEEP_QUALITY_WORDS[word], word, word in SLEEP_SPECIFIC_WORDS)
            )


def _negative(sign: str, text: str, what: str, scan: _Scan) -> bool:
    if sign == "-":
        scan.run_errors.append(ParseError(f"{what} can't be negative: {text.strip()!r}."))
        return True
    return False


def _scan_run(clause: _Text, scan: _Scan) -> None:
    clause.take(_TIME_OF_DAY_RE)  # "6:30am": when, not how long
    _scan_reps_done(clause, scan)
    if clause.has(_HALF_RE) and scan.done_share is None:
        scan.done_share = 0.5
    if clause.take(_PACE_RE):
        scan.pace = True
    for m in clause.take(_REPS_RE):
        count = int(m.group(1))
        size = _num(m.group(2))
        unit = m.group(3) or ""
        dist_m: float | None = None
        label_unit = ""
        if unit in ("km", "k"):
            dist_m, label_unit = size * 1000.0, "k"
        elif unit.startswith("min") or unit == "'":
            label_unit = "min"
        elif unit.startswith("mi"):
            dist_m, label_unit = size * KM_PER_MILE * 1000.0, "mi"
        elif unit.startswith("m"):
            dist_m = size
        elif unit.startswith("s"):
            label_unit = "s"
        elif size >= METRES_FROM:
            dist_m = size
        if not 1 <= count <= MAX_REPS:
            scan.run_errors.append(ParseError(f"{m.group(0)!r}: I can read 1 to {MAX_REPS} reps."))
            continue
        if dist_m is not None and not 0 < dist_m <= MAX_REP_DISTANCE_M:
            scan.run_errors.append(ParseError(f"{m.group(0)!r} is not a rep distance I can read."))
            continue
        if scan.reps is None:
            scan.reps = (f"{count}x{m.group(2)}{label_unit}", count, dist_m)
    for m in clause.take(_REPEATS_RE):
        size_text = m.group(1) or m.group(2)
        if scan.reps is None:
            scan.reps = (f"{size_text}m repeats", None, _num(size_text))
    for m in clause.take(_HMS_RE):
        minutes = int(m.group(1)) * 60 + int(m.group(2)) + int(m.group(3)) / 60.0
        scan.durations.append((minutes, m.group(0)))
    for m in clause.take(_CLOCK2_RE):
        if _negative(m.group(1), m.group(0), "A time", scan):
            continue
        first, second, unit = int(m.group(2)), int(m.group(3)), m.group(4) or ""
        scan.clock_hours.append((first + second / 60.0, m.group(0)))
        as_hours = unit.startswith("h") or (not unit and first < CLOCK_HOURS_BELOW)
        minutes = first * 60 + second if as_hours else first + second / 60.0
        scan.durations.append((float(minutes), m.group(0)))
    for m in clause.take(_HOURS_RE):
        if _negative(m.group(1), m.group(0), "A duration", scan):
            continue
        hours = _num(m.group(2)) + (int(m.group(3)) / 60.0 if m.group(3) else 0.0)
        scan.hour_durations.append((hours, m.group(0)))
        scan.durations.append((hours * 60.0, m.group(0)))

    def minutes_ok(m: re.Match[str]) -> bool:
        return m.group(3) != "m" or _num(m.group(2)) < METRES_FROM

    for m in clause.take(_MINUTES_RE, minutes_ok):
        if _negative(m.group(1), m.group(0), "A duration", scan):
            continue
        minutes = _num(m.group(2)) + (int(m.group(4)) / 60.0 if m.group(4) else 0.0)
        scan.durations.append((minutes, m.group(0)))
    for m in clause.take(_DISTANCE_RE):
        if _negative(m.group(1), m.group(0), "A distance", scan):
            continue
        value, unit = _num(m.group(2)), m.group(3)
        if unit in ("mi", "mile", "miles"):
            km = value * KM_PER_MILE
        elif unit.startswith("k"):
            km = value
        else:
            km = value / 1000.0
        scan.distances.append((km, m.group(0)))
    for m in clause.take(_NAMED_DISTANCE_RE):
        name = m.group(1)
        km = MARATHON_KM if name in ("marathon", "full marathon") else HALF_MARATHON_KM
        scan.distances.append((km, m.group(0)))
    for pattern in _RPE_RES:
        for m in clause.take(pattern):
            scan.rpes.append((_num(m.group(1)), m.group(0)))
    for status, pattern in _STATUS_RES:
        if clause.take(pattern):
            _set_status(scan, status)
    for surface, pattern in _SURFACE_RES:
        if clause.take(pattern) and scan.surface is None:
            scan.surface = surface
    if clause.has(_RUN_WORD_RE):
        scan.run_words = True
    for m in clause.take(_BARE_NUMBER_RE):
        scan.bare_numbers.append(m.group(1))
    for word in clause.s.replace(_BLANK, " ").split():
        token = word.strip(".,;:!?\"'()[]{}<>*_~-")
        if token and token not in _STOPWORDS and any(ch.isalnum() for ch in token):
            scan.leftovers.append(token)


def _scan_date(text: str, scan: _Scan) -> str:
    """Take the day the message is about (the first one named) out of the text, so "3/12"
    is not read as numbers; "last night" is remembered, as it also says sleep."""
    whole = _Text(text)
    for pattern, build in DATE_PATTERNS:
        for ref in _take_dates(whole, pattern, build):
            scan.last_night = scan.last_night or ref.kind == "last_night"
            if scan.date_ref is None:
                scan.date_ref = ref
    return whole.s.replace(_BLANK, " ")


def _take_dates(
    whole: _Text, pattern: re.Pattern[str], build: Callable[[re.Match[str]], DateRef | None]
) -> list[DateRef]:
    refs = {m.start(): build(m) for m in pattern.finditer(whole.s)}
    found = [
        refs.get(m.start()) for m in whole.take(pattern, lambda m: refs.get(m.start()) is not None)
    ]
    return [ref for ref in found if ref is not None]


@lru_cache(maxsize=256)
def _scan(raw: str) -> _Scan:
    """What ``raw`` holds, recognised once: a message is read as a run, a check-in and a
    pain report by the handlers that route and act on it (four reads of one typed log), and
    scanning is most of reading. The scan is shared, so it is never changed once built:
    the builders only read it."""
    original = " ".join(_CONTROL_RE.sub(" ", _check_length(raw)).split())
    command = _COMMAND_RE.match(original.lower())
    if command is not None:
        original = original[command.end() :].strip()
    text = _normalise(original)
    scan = _Scan(original=original)
    text = _scan_date(text, scan)
    for piece in _CLAUSE_SPLIT_RE.split(text):
        clause = _Text(" ".join(piece.split()))
        if not clause.s:
            continue
        _scan_illness(clause, scan)
        pains_before = len(scan.pains)
        _scan_pain_and_soreness(clause, scan)
        scan.open_pain = len(scan.pains) > pains_before and scan.pains[-1].score is None
        _scan_checkin_numbers(clause, scan)
        _scan_run(clause, scan)
    return scan


# --- Interpretation ------------------------------------------------------------------------


def _int_in_range(value: float, low: int, high: int, problem: str, example: str) -> int:
    if not math.isfinite(value) or not low <= value <= high:
        raise ParseError(problem, example)
    return _round_half_up(value)


def _pain_from(scan: _Scan, allow_body_numbers: bool) -> tuple[str | None, int | None]:
    pains = list(scan.pains)
    if not pains and allow_body_numbers:
        pains = list(scan.body_numbers)
    if not pains:
        return None, None
    scored = [p for p in pains if p.score is not None]
    for p in scored:
        assert p.score is not None
        _int_in_range(
            p.score,
            PAIN_MIN,
            PAIN_MAX,
            f"I read {p.text.strip()!r}, but a pain score must be {PAIN_MIN} to {PAIN_MAX}.",
            PAIN_EXAMPLE,
        )
    if scored:
        worst = max(scored, key=lambda p: p.score if p.score is not None else -1.0)
        assert worst.score is not None
        where = worst.where or next((p.where for p in pains if p.where), None)
        return where, _round_half_up(worst.score)
    return next((p.where for p in pains if p.where), None), None


def _raise_first(errors: list[ParseError]) -> None:
    if errors:
        raise errors[0]


def _build_run(scan: _Scan, units: Units) -> ParsedRun:
    _raise_first(scan.run_errors)
    for value, text in scan.rpes:
        if not math.isfinite(value) or not RPE_MIN <= value <= RPE_MAX:
            raise ParseError(
                f"I read {text.strip()!r}, but RPE must be {RPE_MIN} to {RPE_MAX} "
                "(1 = easy stroll, 10 = all-out).",
                "45min rpe 6",
            )
    rpe = _round_half_up(scan.rpes[0][0]) if scan.rpes else None

    duration: float | None = None
    if scan.durations:
        duration, text = scan.durations[0]
        if not math.isfinite(duration) or duration <= 0:
            raise ParseError(f"{text.strip()!r} is not a run duration I can log.", "45 min")
        if duration > MAX_DURATION_MIN:
            raise ParseError(
                f"{text.strip()!r} is more than {MAX_DURATION_MIN // 60} hours: is that a typo?",
                "1h05",
            )

    distance: float | None = None
    if scan.distances:
        distance, text = scan.distances[0]
        if not math.isfinite(distance) or distance <= 0 or distance > MAX_DISTANCE_KM:
            raise ParseError(
                f"{text.strip()!r} is not a distance I can log (0 to {MAX_DISTANCE_KM:.0f} km).",
                "8.2 km",
            )

    bare = list(scan.bare_numbers)
    if distance is None and duration is not None:
        decimals = [b for b in bare if "." in b or "," in b]
        if len(decimals) == 1:
            value = _num(decimals[0])
            km = value * KM_PER_MILE if units is Units.MI else value
            if 0 < km <= MAX_DISTANCE_KM:
                distance = km
                bare.remove(decimals[0])
    if duration is None and bare:
        number = bare[0]
        raise ParseError(
            f"I'm not sure what {number!r} is: minutes, kilometres or miles?",
            f"{number} min" if "." not in number and "," not in number else f"{number} km",
        )

    has_info = (
        scan.status is not None
        or duration is not None
        or distance is not None
        or rpe is not None
        or scan.reps is not None
        or scan.reps_done is not None
    )
    if not has_info:
        raise ParseError("I couldn't find a run in that: no time, distance, RPE or status.")

    pain_where, pain_score = _pain_from(scan, allow_body_numbers=False)
    joint_sores = [s for s in scan.sores if s.where and _is_joint(s.where)]
    if pain_where is None and pain_score is None and joint_sores:
        pain_where = joint_sores[0].where
    unrecorded_soreness = any(s not in joint_sores and s.level > 1 for s in scan.sores)

    reps, rep_count, rep_distance = scan.reps if scan.reps is not None else (None, None, None)
    note = scan.original if scan.leftovers or unrecorded_soreness else None
    return ParsedRun(
        status=scan.status,
        duration_min=duration,
        distance_km=distance,
        rpe=rpe,
        surface=scan.surface,
        reps=reps,
        rep_count=rep_count,
        rep_distance_m=rep_distance,
        pain_where=pain_where,
        pain_score=pain_score,
        note=note,
        reps_done=scan.reps_done,
        done_share=scan.done_share,
    )


def _is_joint(where: str) -> bool:
    return any(part.split(" ", 1)[-1] in JOINT_PARTS or part in JOINT_PARTS
               for part in where.split(" and "))  # fmt: skip


def _build_checkin(scan: _Scan) -> ParsedCheckIn:
    example = CHECKIN_EXAMPLE
    sleep: float | None = None
    sleep_text = ""
    if scan.sleep_numbers:
        sleep, sleep_text = scan.sleep_numbers[0]
    elif scan.hour_durations:
        sleep, sleep_text = scan.hour_durations[0]
    elif scan.clock_hours and scan.sleep_words:
        sleep, sleep_text = scan.clock_hours[0]
    if sleep is not None and (not math.isfinite(sleep) or not 0 <= sleep <= SLEEP_MAX_HOURS):
        raise ParseError(
            f"I read {sleep_text.strip()!r}, but a night's sleep is 0 to "
            f"{SLEEP_MAX_HOURS:g} hours: how long did you sleep?",
            "slept 6.5h",
        )

    quality: int | None = None
    if scan.quality_numbers:
        value, text = scan.quality_numbers[0]
        quality = _int_in_range(
            value,
            SCALE5_MIN,
            SCALE5_MAX,
            f"I read {text.strip()!r}, but sleep quality is 1 to 5.",
            "slept 7h quality 4",
        )
    else:
        context = scan.sleep_words or sleep is not None
        words = [(lvl, specific) for lvl, _, specific in scan.quality_words if context or specific]
        if words:
            quality = words[0][0]

    soreness: int | None = None
    soreness_where: str | None = None
    if scan.sores:
        for sore in scan.sores:
            _int_in_range(
                sore.level,
                SCALE5_MIN,
                SCALE5_MAX,
                f"I read {sore.text.strip()!r}, but soreness is 1 to 5.",
                "sore 3 calves",
            )
        worst = max(scan.sores, key=lambda s: s.level)
        soreness = _round_half_up(worst.level)
        wheres = [s.where for s in scan.sores if s.where and s.level > 1]
        soreness_where = " and ".join(dict.fromkeys(wheres)) or None

    pain_where, pain_score = _pain_from(scan, allow_body_numbers=False)

    wellness: dict[str, int] = {}
    for key, (value, text) in scan.wellness.items():
        wellness[key] = _int_in_range(
            value,
            WELLNESS_MIN,
            WELLNESS_MAX,
            f"I read {text.strip()!r}, but {key} is on a 1-7 scale.",
            "stress 3, mood 5",
        )
    _raise_first(scan.checkin_errors)

    if (
        sleep is None
        and quality is None
        and soreness is None
        and pain_where is None
        and pain_score is None
        and not wellness
    ):
        raise ParseError("I couldn't find sleep, soreness or how you feel in that.", example)
    return ParsedCheckIn(
        sleep_hours=sleep,
        sleep_quality=quality,
        soreness=soreness,
        soreness_where=soreness_where,
        pain_where=pain_where,
        pain_score=pain_score,
        stress=wellness.get("stress"),
        mood=wellness.get("mood"),
        motivation=wellness.get("motivation"),
    )


def _build_pain(scan: _Scan) -> ParsedPain:
    where, score = _pain_from(scan, allow_body_numbers=True)
    if where is None:
        if score is not None or scan.pains:
            raise ParseError("Where does it hurt? I need the place as well as the score.")
        raise ParseError("I couldn't find where it hurts in that.", PAIN_EXAMPLE)
    return ParsedPain(where=where, score=score)


# --- Public API ----------------------------------------------------------------------------


def parse_run(text: str, units: Units = Units.KM) -> ParsedRun:
    """Read a run log from a quick-log command or free text (COACHING.md §6).

    Examples: ``"/log 45min 8.2km rpe6 trail"``, ``"ran 10k in 52 min, felt like a 6"``,
    ``"skipped, knee sore"``, ``"6x400 rpe 8"``, ``"1h05 12k"``, ``"did it"``.

    Args:
        text: What the athlete typed.
        units: The athlete's units; a bare decimal next to a duration ("45min 8.2") is read as
            a distance in these units. Explicit units always win ("10k" is 10 km).

    Returns:
        The run; distances in km.

    Raises:
        ParseError: For anything that is not a loggable run: out-of-range RPE, negative or
            absurd numbers, a number without a unit when the duration is missing, text with no
            run information, or more than ``MAX_INPUT_CHARS`` characters.
    """
    return _build_run(_scan(text), units)


def parse_checkin(text: str) -> ParsedCheckIn:
    """Read a morning check-in from free text (COACHING.md §6).

    Examples: ``"slept 6.5h"``, ``"5 hours, badly"``, ``"slept 7h quality 4 soreness 2"``,
    ``"legs toast"``, ``"calves a bit sore"``, ``"8h sleep, fresh"``.

    Raises:
        ParseError: If nothing in the text is sleep, soreness, pain or a wellness score, or a
            value is out of range.
    """
    return _build_checkin(_scan(text))


def parse_pain(text: str) -> ParsedPain:
    """Read a pain report: ``"knee hurts 5/10"``, ``"left achilles 3"``, ``"pain 6 in my hip"``.

    Raises:
        ParseError: If no body part is named or the score is outside 0..10.
    """
    return _build_pain(_scan(text))


def classify(text: str, units: Units = Units.KM) -> ParsedMessage:
    """Route free text to a run log, a check-in or a pain report. Never raises.

    Precedence, first match wins:
        1. Anything only a run log carries (status word, distance, RPE, reps, surface, a pace,
           a run word like "ran" or "tempo") makes it a ``run``.
        2. Otherwise sleep, sleep quality, soreness or stress/mood/motivation make it a
           ``checkin``.
        3. Otherwise pain ("knee hurts 5/10") makes it ``pain``.
        4. Otherwise a bare duration ("45 min") is a ``run``.
        5. Otherwise ``unknown``, with a ParseError-style hint in ``error``.

    Whatever the kind, ``pain`` is filled whenever pain is mentioned, and a check-in riding on
    a run message ("slept badly, ran 5k") is filled in ``checkin``.
    """
    try:
        scan = _scan(text)
    except ParseError as error:
        return ParsedMessage(kind="unknown", error=error)
    return replace(
        _classify_scan(scan, units),
        illness=scan.illness,
        date_ref=scan.date_ref,
        last_night=scan.last_night,
    )


def _classify_scan(scan: _Scan, units: Units) -> ParsedMessage:
    pain: ParsedPain | None = None
    if scan.pains or scan.body_numbers:
        try:
            pain = _build_pain(scan)
        except ParseError:
            pain = None
    first_error: ParseError | None = None

    if scan.run_strong or (scan.durations and not scan.checkin_signal and pain is None):
        try:
            run = _build_run(scan, units)
        except ParseError as error:
            first_error = error
        else:
            checkin: ParsedCheckIn | None = None
            if scan.checkin_signal:
                try:
                    checkin = _build_checkin(scan)
                except ParseError:
                    checkin = None
            return ParsedMessage(kind="run", run=run, checkin=checkin, pain=pain)
    if scan.checkin_signal:
        try:
            return ParsedMessage(kind="checkin", checkin=_build_checkin(scan), pain=pain)
        except ParseError as error:
            first_error = first_error or error
    if pain is not None:
        return ParsedMessage(kind="pain", pain=pain)
    if first_error is None and (scan.pains or scan.bare_numbers):
        try:
            _build_pain(scan) if scan.pains else _build_run(scan, units)
        except ParseError as error:
            first_error = error
    return ParsedMessage(
        kind="unknown",
        error=first_error
        or ParseError(
            "I couldn't tell whether that is a run, a check-in or pain.",
            f'{RUN_EXAMPLE}" or "{CHECKIN_EXAMPLE}',
        ),
    )
