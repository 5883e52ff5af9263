"""The athlete's data, through the real Application: /export's files parsed back, and /delete
removing every row of that athlete (and nobody else's) after an explicit confirmation."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from sqlalchemy import text

from botapi_emulator import EmulatedUser, MessageView
from coach.models import PainFlag, RunLog, Surface
from scheduler.clock import ManualClock
from storage.tables import ATHLETE_TABLES
from tests.support.athletes import onboarded_athlete
from tests.support.harness import StrideHarness

ALICE, BOB = 1001, 1002
SATURDAY = date(2026, 11, 21)
CSV_FILES = {
    "stride-checkins.csv",
    "stride-logs.csv",
    "stride-pain-flags.csv",
    "stride-adjustments.csv",
    "stride-messages.csv",
}


async def rows_of(h: StrideHarness, athlete_id: int) -> dict[str, int]:
    """Rows of this athlete in every table that holds athlete data, and in athletes."""
    counts = {}
    async with h.db.engine.connect() as conn:
        for table in ATHLETE_TABLES:
            query = text(f"SELECT count(*) FROM {table} WHERE athlete_id = :id")
            counts[table] = (await conn.execute(query, {"id": athlete_id})).scalar_one()
        query = text("SELECT count(*) FROM athletes WHERE id = :id")
        counts["athletes"] = (await conn.execute(query, {"id": athlete_id})).scalar_one()
    return counts


async def athlete_with_history(
    h: StrideHarness, clock: ManualClock, athlete_id: int, name: str
) -> EmulatedUser:
    """An onboarded athlete with a check-in, two logs, a pain flag, a skip and messages."""
    await onboarded_athlete(h.db, athlete_id, clock.now(), first_name=name)
    user = h.user(athlete_id, name)
    db, now = h.db, clock.now()
    await db.checkins.save_checkin(athlete_id, SATURDAY, now, sleep_hours=7.5, soreness=2)
    for days_ago, note in ((3, "côte raide, jambes lourdes ✓"), (5, 'said "easy", ran hard')):
        log = RunLog(
            date=SATURDAY - timedelta(days=days_ago),
            duration_min=45,
            distance_km=8.2,
            rpe=6,
            surface=Surface.TRAIL,
            note=note,
        )
        await db.runlogs.add_log(
            athlete_id, log, now, raw_text=f"/log 45min 8.2km rpe6 trail {note}"
        )
    await db.pains.add_pain(
        athlete_id, PainFlag(reported_on=SATURDAY, where="left knee", score=3), now
    )
    await h.say(user, "/skip tired")
    await h.say(user, "/week")
    return user


def documents(replies: list[MessageView]) -> dict[str, bytes]:
    return {m.document.file_name or "": m.document.data for m in replies if m.document}


def read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


# --- /export -------------------------------------------------------------------------------------


async def test_export_sends_csv_per_table_and_one_json_that_parse_back(
    harness: StrideHarness, clock: ManualClock
) -> None:
    alice = await athlete_with_history(harness, clock, ALICE, "Alice")
    await athlete_with_history(harness, clock, BOB, "Bob")
    replies = await harness.say(alice, "/export")
    assert replies[0].text.startswith("📦 Here is everything I keep about you")
    files = documents(replies)
    assert set(files) == {*CSV_FILES, "stride-export.json"}

    logs = read_csv(files["stride-logs.csv"])
    assert [row["status"] for row in logs] == ["done", "done", "skipped"]
    assert {row["athlete_id"] for row in logs} == {str(ALICE)}
    assert logs[0]["note"] == "côte raide, jambes lourdes ✓"
    assert logs[1]["note"] == 'said "easy", ran hard'
    assert logs[0]["distance_km"] == "8.2"
    assert logs[0]["surface"] == "trail"
    assert logs[2]["note"] == "tired"

    [checkin] = read_csv(files["stride-checkins.csv"])
    assert checkin["local_date"] == "2026-11-21"
    assert checkin["sleep_hours"] == "7.5"
    [pain] = read_csv(files["stride-pain-flags.csv"])
    assert pain["location"] == "left knee"
    assert pain["score"] == "3"
    adjustments = read_csv(files["stride-adjustments.csv"])
    assert adjustments[0]["kind"] == "skipped"
    assert json.loads(adjustments[0]["before"])["date"] == "2026-11-21"
    messages = [row["text"] for row in read_csv(files["stride-messages.csv"])]
    assert messages == ["/skip tired", "/week", "/export"]

    document = json.loads(files["stride-export.json"].decode("utf-8"))
    assert document["athlete_id"] == ALICE
    assert document["profile"]["goal"] == "road-10k"
    assert document["profile"]["timezone"] == "Europe/Paris"
    assert document["plan"]["race_date"] == "2027-04-18"
    assert document["plan"]["weeks"]
    tables = document["tables"]
    assert tables["athletes"][0]["first_name"] == "Alice"
    assert {*ATHLETE_TABLES} <= set(tables)
    assert [row["note"] for row in tables["run_logs"]][:2] == [
        "côte raide, jambes lourdes ✓",
        'said "easy", ran hard',
    ]
    assert all(row["athlete_id"] == ALICE for name in ATHLETE_TABLES for row in tables[name])
    assert tables["plans"]
    assert tables["inbox"]


async def test_export_for_someone_mid_onboarding_and_for_a_stranger(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await harness.db.athletes.register(3003, 3003, "Half", clock.now())
    half = harness.user(3003, "Half")
    files = documents(await harness.say(half, "/export"))
    document = json.loads(files["stride-export.json"])
    assert document["profile"] is None
    assert document["plan"] is None
    assert read_csv(files["stride-logs.csv"]) == []
    assert files["stride-logs.csv"].decode().startswith("id,athlete_id,local_date")

    [reply] = await harness.say(harness.user(2002, "Sam"), "/export")
    assert "/start" in reply.text
    assert reply.document is None


# --- /delete ------------------------------------------------------------------------------------


async def test_delete_after_confirmation_removes_every_row_and_only_that_athletes(
    harness: StrideHarness, clock: ManualClock
) -> None:
    alice = await athlete_with_history(harness, clock, ALICE, "Alice")
    await athlete_with_history(harness, clock, BOB, "Bob")
    bob_before = await rows_of(harness, BOB)
    assert all(bob_before[t] for t in ("athletes", "plans", "run_logs", "checkins", "inbox"))
    alice_before = await rows_of(harness, ALICE)
    assert alice_before["adjustments"]
    assert alice_before["pain_flags"]

    [ask] = await harness.say(alice, "/delete")
    assert "Delete everything?" in ask.text
    assert ask.button_texts == ["🗑 Delete everything", "Cancel"]
    assert await rows_of(harness, ALICE) == {**alice_before, "inbox": alice_before["inbox"] + 1}

    done = await harness.press(alice, ask, "🗑 Delete everything")
    assert done.text.startswith("🗑 Done: everything I knew about you is deleted")
    assert done.buttons == []
    assert set((await rows_of(harness, ALICE)).values()) == {0}
    assert await rows_of(harness, BOB) == bob_before

    # Pressed again (the athlete still sees the old buttons): nothing left, nothing changes.
    await harness.press(alice, ask, "🗑 Delete everything")
    assert alice.callback_answers()[-1].text == (
        "There's nothing to delete: I don't keep any data about you."
    )
    assert set((await rows_of(harness, ALICE)).values()) == {0}
    assert await rows_of(harness, BOB) == bob_before

    # A later /start starts fresh.
    [reply] = await harness.say(alice, "/today")
    assert "/start" in reply.text
    await harness.say(alice, "/start")
    record = await harness.db.athletes.get(ALICE)
    assert record is not None
    assert not record.onboarded
    assert record.profile() is None
    assert await harness.db.plans.current(ALICE) is None
    assert await harness.db.runlogs.logs_between(ALICE, date(2026, 1, 1), date(2027, 1, 1)) == []


async def test_cancel_deletes_nothing_and_the_old_confirm_button_is_dead(
    harness: StrideHarness, clock: ManualClock
) -> None:
    alice = await athlete_with_history(harness, clock, ALICE, "Alice")
    [ask] = await harness.say(alice, "/delete")
    cancelled = await harness.press(alice, ask, "Cancel")
    assert cancelled.text == "👍 Cancelled: nothing was deleted."
    before = await rows_of(harness, ALICE)
    await harness.press(alice, ask, "🗑 Delete everything")
    answer = alice.callback_answers()[-1]
    assert answer.show_alert
    assert answer.text is not None
    assert answer.text.startswith("That confirmation is no longer open")
    assert await rows_of(harness, ALICE) == before
    record = await harness.db.athletes.get(ALICE)
    assert record is not None
    assert record.dialog is None

    # Only the latest confirmation counts: an earlier one does nothing.
    [first] = await harness.say(alice, "/delete")
    [second] = await harness.say(alice, "/delete")
    await harness.press(alice, first, "🗑 Delete everything")
    assert (await rows_of(harness, ALICE))["athletes"] == 1
    await harness.press(alice, second, "🗑 Delete everything")
    assert set((await rows_of(harness, ALICE)).values()) == {0}


async def test_cancel_gives_back_the_conversation_that_was_open(
    harness: StrideHarness, clock: ManualClock
) -> None:
    await harness.db.athletes.register(3003, 3003, "Half", clock.now())
    open_step = {"flow": "onboarding", "step": "race_date", "data": {}, "message_id": None}
    await harness.db.athletes.set_dialog(3003, open_step, clock.now())
    half = harness.user(3003, "Half")
    [ask] = await harness.say(half, "/delete")
    await harness.press(half, ask, "Cancel")
    record = await harness.db.athletes.get(3003)
    assert record is not None
    assert record.dialog == open_step


async def test_another_athlete_cannot_press_my_delete_button(
    harness: StrideHarness, clock: ManualClock
) -> None:
    alice = await athlete_with_history(harness, clock, ALICE, "Alice")
    bob = await athlete_with_history(harness, clock, BOB, "Bob")
    [ask] = await harness.say(alice, "/delete")
    alice_before, bob_before = await rows_of(harness, ALICE), await rows_of(harness, BOB)
    await harness.press(bob, ask, "🗑 Delete everything")
    assert bob.callback_answers()[-1].text == "That button isn't for you."
    assert await rows_of(harness, ALICE) == alice_before
    assert await rows_of(harness, BOB) == bob_before
    done = await harness.press(alice, ask, "🗑 Delete everything")  # still Alice's to press
    assert done.text.startswith("🗑 Done")
    assert await rows_of(harness, BOB) == bob_before


async def test_delete_from_a_stranger(harness: StrideHarness) -> None:
    [reply] = await harness.say(harness.user(2002, "Sam"), "/delete")
    assert "/start" in reply.text
    assert reply.buttons == []
