"""The reader's vocabulary and its limits (COACHING.md §6): what words mean which sleep
quality or soreness, which body parts are muscles and which are joints, and the hard limits
past which a number is not a run at all. ``coach.parser`` reads with them; the numbers a
coach tunes live in ``coach.rules`` (plausible ranges are ``RULES.log_*``).
"""

from __future__ import annotations

from coach.rules import RULES

#: Longest message read at all; longer ones get a "too long" ParseError before any regex runs.
MAX_INPUT_CHARS = 1000
#: Hard limits: past these a number cannot be a run at all (ParseError). What a human can
#: plausibly do is narrower and asked about, not refused: RULES.log_* and coach.parsing.
MAX_DURATION_MIN = 30 * 60
MAX_DISTANCE_KM = 400.0
RPE_MIN, RPE_MAX = 1, 10  # CR-10 session RPE (§2)
SCALE5_MIN, SCALE5_MAX = 1, 5  # sleep quality and soreness (§6)
WELLNESS_MIN, WELLNESS_MAX = 1, 7  # Hooper-style stress / mood / motivation (§6)
PAIN_MIN, PAIN_MAX = 0, 10
#: A night's sleep (RULES.log_sleep_hours): "slept 20h" is asked about, never stored.
SLEEP_MAX_HOURS = RULES.log_sleep_hours[1]
#: A two-part clock "a:bb" with a below this is h:mm ("1:05" = 65 min); from it up it is mm:ss
#: ("52:10" = 52 min 10 s). Nobody logs a 1-minute run; plenty log "1:05".
CLOCK_HOURS_BELOW = 4
#: "N m" is metres from this value up ("400m") and minutes below it ("45m").
METRES_FROM = 100
MAX_REPS = 60
MAX_REP_DISTANCE_M = 10_000
KM_PER_MILE = 1.609344
HALF_MARATHON_KM = 21.0975
MARATHON_KM = 42.195

#: Words for sleep quality (1-5). Generic words ("good", "ok") only count next to sleep.
SLEEP_QUALITY_WORDS: dict[str, int] = {
    "terribly": 2,
    "terrible": 2,
    "awful": 2,
    "awfully": 2,
    "badly": 2,
    "bad": 2,
    "poorly": 2,
    "poor": 2,
    "rough": 2,
    "restless": 2,
    "not great": 2,
    "not well": 2,
    "ok": 3,
    "okay": 3,
    "fine": 3,
    "alright": 3,
    "so-so": 3,
    "meh": 3,
    "average": 3,
    "decent": 3,
    "well": 4,
    "good": 4,
    "soundly": 4,
    "solid": 4,
    "great": 5,
    "amazing": 5,
    "perfect": 5,
    "excellent": 5,
    "fantastic": 5,
    "like a baby": 5,
    "like a log": 5,
    "didn't sleep": 1,
    "didnt sleep": 1,
    "couldn't sleep": 1,
    "no sleep": 1,
    "barely slept": 1,
    "hardly slept": 1,
    "awake all night": 1,
}
#: Quality words that mean sleep on their own ("5 hours, badly").
SLEEP_SPECIFIC_WORDS = frozenset(
    {"badly", "poorly", "restless", "soundly", "like a baby", "like a log", "terribly",
     "didn't sleep", "didnt sleep", "couldn't sleep", "no sleep", "barely slept",
     "hardly slept", "awake all night"}
)  # fmt: skip

#: Soreness phrases (1-5). Those in SORENESS_NEEDS_BODY only count next to a body part
#: ("legs toast" yes, "toast" alone no).
SORENESS_WORDS: dict[str, int] = {
    "toast": 5,
    "dead": 5,
    "destroyed": 5,
    "wrecked": 5,
    "trashed": 5,
    "smashed": 5,
    "shot": 5,
    "fried": 5,
    "cooked": 5,
    "battered": 5,
    "killing me": 5,
    "extremely sore": 5,
    "very very sore": 5,
    "very sore": 4,
    "really sore": 4,
    "super sore": 4,
    "so sore": 4,
    "quite sore": 4,
    "pretty sore": 4,
    "sore": 3,
    "achy": 3,
    "heavy": 3,
    "tired": 3,
    "a bit sore": 2,
    "bit sore": 2,
    "a little sore": 2,
    "little sore": 2,
    "slightly sore": 2,
    "mildly sore": 2,
    "a touch sore": 2,
    "somewhat sore": 2,
    "stiff": 2,
    "a bit stiff": 2,
    "tight": 2,
    "a bit tight": 2,
    "a bit heavy": 2,
    "fresh": 1,
    "not sore": 1,
    "no soreness": 1,
    "not stiff": 1,
}
SORENESS_NEEDS_BODY = frozenset(
    {"toast", "dead", "destroyed", "wrecked", "trashed", "smashed", "shot", "fried", "cooked",
     "battered", "killing me", "heavy", "tired", "tight", "a bit tight", "a bit heavy", "stiff",
     "achy"}
)  # fmt: skip

#: Body parts. Joints and tendons: soreness there in a run log is recorded as pain (a careful
#: coach asks about a sore knee, not about sore calves after intervals).
MUSCLE_PARTS = frozenset(
    {"calf", "calves", "hamstring", "hamstrings", "hammies", "hammy", "quad", "quads",
     "quadriceps", "glute", "glutes", "leg", "legs", "thigh", "thighs", "lower leg", "lower legs",
     "butt", "bum"}
)  # fmt: skip
JOINT_PARTS = frozenset(
    {"knee", "knees", "achilles", "achilles tendon", "shin", "shins", "hip", "hips", "ankle",
     "ankles", "foot", "feet", "heel", "heels", "toe", "toes", "plantar", "plantar fascia", "arch",
     "arches", "it band", "itband", "itb", "back", "lower back", "upper back", "groin",
     "hip flexor", "hip flexors", "neck", "shoulder", "shoulders"}
)  # fmt: skip
