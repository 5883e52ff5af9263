"""`stride demo`: /file and /photo send the athlete's files to the bot (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from stride.demo import main


def test_file_and_photo_reach_the_bot_and_a_missing_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run = tmp_path / "Morning Run.gpx"
    run.write_bytes(b'<?xml version="1.0"?><gpx version="1.1"></gpx>')
    photo = tmp_path / "watch.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    script = tmp_path / "script.txt"
    script.write_text(
        f'/file "{run}" 10k 52min rpe 6\n/photo {photo}\n/file {tmp_path / "nope.fit"}\n/file\n'
    )
    code = main(["--script", str(script), "--files", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert f"[demo] sent Morning Run.gpx ({len(run.read_bytes())} bytes)" in out
    assert "[demo] sent watch.png (72 bytes)" in out
    assert f"[demo] cannot read {tmp_path / 'nope.fit'}: No such file or directory" in out
    assert "[demo] try /file PATH [caption]" in out
    after_file = out.split("[demo] sent Morning Run.gpx")[1].split("you >")[0]
    assert "stride >" in after_file  # the bot answered the file
