"""The in-process door: a PTB request backend that calls the emulator without sockets.

PTB's ``Bot`` builds a URL and a ``RequestData`` and hands them to a ``BaseRequest``; the
emulator plugs in at exactly that seam, so ``Bot``, ``Application``, handlers, error
mapping (``BadRequest``, ``Forbidden``, ``RetryAfter``) and ``File.download_*`` all run
unchanged. Parameters travel as ``RequestData.json_parameters`` (the strings an HTTP form
would carry) so both doors exercise the same parsing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

from botapi_emulator.params import UploadedFile

if TYPE_CHECKING:
    from telegram._utils.types import ODVInput
    from telegram.ext import ApplicationBuilder

    from botapi_emulator.core import BotAPIEmulator

B = TypeVar("B", bound="ApplicationBuilder[Any, Any, Any, Any, Any, Any]")


def _uploads(request_data: RequestData) -> dict[str, UploadedFile]:
    files: dict[str, UploadedFile] = {}
    for name, (filename, content, mime_type) in request_data.multipart_data.items():
        data = content if isinstance(content, bytes) else content.read()
        files[name] = UploadedFile(filename=filename, data=bytes(data), mime_type=mime_type)
    return files


class EmulatorRequest(BaseRequest):
    """A ``BaseRequest`` that routes ``{base}{token}/{method}`` URLs to a BotAPIEmulator.

    A fault of kind ``timeout``/``timeout_after`` raises ``telegram.error.TimedOut``, which is
    what ``HTTPXRequest`` raises when the network times out.
    """

    def __init__(self, emulator: BotAPIEmulator, *, read_timeout: float | None = 5.0) -> None:
        self._emulator = emulator
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        """Default read timeout PTB adds to ``getUpdates``' long-poll timeout."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open: there is no connection pool."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Answer the call from the emulator; see ``BaseRequest.do_request``."""
        params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        files = _uploads(request_data) if request_data and request_data.contains_files else {}
        status, body, timed_out = await self._emulator.handle_url(
            url, params, files, door="in-process"
        )
        if timed_out:
            raise TimedOut("Timed out (emulated)")
        return status, body


def wire_builder(emulator: BotAPIEmulator, builder: B) -> B:
    """Point an ``ApplicationBuilder`` at the emulator's in-process door.

    Sets token, base URLs and separate request objects for ``getUpdates`` and other calls
    (PTB requires two). Returns the builder for chaining.
    """
    return (
        builder.token(emulator.token)
        .base_url(emulator.base_url)
        .base_file_url(emulator.base_file_url)
        .request(EmulatorRequest(emulator))
        .get_updates_request(EmulatorRequest(emulator))
    )
