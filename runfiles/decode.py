"""One door for every run file: unwrap zip or gzip, recognise the format, decode, check.

Watches and apps export FIT, GPX or TCX, often zipped (Garmin Connect's "export original")
or gzipped (Strava's bulk export). The format is recognised by its content, not its name
(a FIT file starts with a header that says ".FIT"; GPX and TCX are XML with their own root
element); the name is only a tie-breaker for a file that is too damaged to recognise.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from pathlib import PurePosixPath

from runfiles.errors import BadFileReason, BadRunFile
from runfiles.fit import is_fit, read_fit
from runfiles.gpx import read_gpx
from runfiles.model import RunFile
from runfiles.tcx import read_tcx

#: The largest file a Telegram bot may download (getFile): 20 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024
#: The most a zip or gzip may unpack to: a day-long ultra at one point a second is under
#: 20 MB of GPX, so more is not a run file but a zip bomb.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
#: A file with less moving time than this (s) is an accidental start, not a run.
MIN_MOVING_S = 60.0

RUN_SUFFIXES = (".fit", ".gpx", ".tcx")
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_SNIFF_BYTES = 4096


def read_run_file(
    data: bytes, filename: str | None = None, *, max_bytes: int = MAX_FILE_BYTES
) -> RunFile:
    """Decode a run file as the athlete sent it.

    Args:
        data: The file's bytes, as downloaded.
        filename: Its name, if known (e.g. "Morning_Run.fit.gz"); used only when the
            content is too damaged to say what it is.
        max_bytes: The largest file accepted (the bot's download limit by default).

    Returns:
        The decoded run.

    Raises:
        BadRunFile: With the reason it cannot be a run log (see :class:`BadFileReason`).
            For NOT_RUNNING the decoded activity comes with the error.
    """
    if len(data) > max_bytes:
        raise BadRunFile(
            BadFileReason.TOO_BIG, f"{len(data)} bytes over {max_bytes}", limit_bytes=max_bytes
        )
    name = (filename or "").lower()
    data, name = _unwrap(data, name)
    if not data.strip():
        raise BadRunFile(BadFileReason.EMPTY, "the file is empty")
    digest = hashlib.sha256(data).hexdigest()
    run = _decode(data, name, digest)
    if run.moving_s < MIN_MOVING_S:
        raise BadRunFile(BadFileReason.EMPTY, f"only {run.moving_s:.0f} s of moving time")
    if not run.sport.is_run:
        raise BadRunFile(BadFileReason.NOT_RUNNING, f"a {run.sport.value}", activity=run)
    return run


def _decode(data: bytes, name: str, digest: str) -> RunFile:
    if is_fit(data):
        return read_fit(data, digest)
    suffix = PurePosixPath(name).suffix
    head = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    xml = head.startswith(b"<")
    if xml and b"<gpx" in head:
        kind = ".gpx"
    elif xml and b"<TrainingCenterDatabase" in head:
        kind = ".tcx"
    elif suffix == ".fit":
        raise BadRunFile(BadFileReason.CORRUPT, "named .fit but has no FIT header")
    elif suffix in (".gpx", ".tcx"):
        kind = suffix
    else:
        raise BadRunFile(BadFileReason.NOT_A_RUN_FILE, "neither FIT, GPX nor TCX")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        # GPX and TCX never need a DTD; refusing one keeps entity tricks (billion laughs,
        # external entities) away from whichever XML parser gpxpy picks.
        raise BadRunFile(BadFileReason.CORRUPT, "XML with a DTD or entities")
    return read_gpx(data, digest) if kind == ".gpx" else read_tcx(data, digest)


def _unwrap(data: bytes, name: str) -> tuple[bytes, str]:
    """The run file inside a gzip or a zip (with the inner name), or the data as it is."""
    if data.startswith(_GZIP_MAGIC):
        inner = name[:-3] if name.endswith(".gz") else name
        return _gunzip(data), inner
    if data.startswith(_ZIP_MAGIC):
        return _unzip(data)
    return data, name


def _gunzip(data: bytes) -> bytes:
    unpacker = zlib.decompressobj(wbits=31)
    try:
        out = unpacker.decompress(data, MAX_UNPACKED_BYTES + 1)
    except zlib.error as exc:
        raise BadRunFile(BadFileReason.CORRUPT, f"gzip: {exc}") from exc
    if len(out) > MAX_UNPACKED_BYTES:
        raise BadRunFile(
            BadFileReason.TOO_BIG, "gzip unpacks too large", limit_bytes=MAX_UNPACKED_BYTES
        )
    if not unpacker.eof:
        raise BadRunFile(BadFileReason.CORRUPT, "gzip stream is truncated")
    return out


def _unzip(data: bytes) -> tuple[bytes, str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [
                info
                for info in archive.infolist()
                if not info.is_dir() and _run_name(info.filename.lower())
            ]
            if not members:
                raise BadRunFile(BadFileReason.NOT_A_RUN_FILE, "no run file in the zip")
            info = min(members, key=lambda i: i.filename)
            if info.file_size > MAX_UNPACKED_BYTES:
                raise BadRunFile(
                    BadFileReason.TOO_BIG, "zip member too large", limit_bytes=MAX_UNPACKED_BYTES
                )
            with archive.open(info) as member:
                inner = member.read(MAX_UNPACKED_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        raise BadRunFile(BadFileReason.CORRUPT, f"zip: {exc}") from exc
    if len(inner) > MAX_UNPACKED_BYTES:
        raise BadRunFile(
            BadFileReason.TOO_BIG, "zip member too large", limit_bytes=MAX_UNPACKED_BYTES
        )
    name = info.filename.lower()
    if name.endswith(".gz"):
        return _gunzip(inner), name[:-3]
    return inner, name


def _run_name(name: str) -> bool:
    base = name[:-3] if name.endswith(".gz") else name
    return base.endswith(RUN_SUFFIXES)
