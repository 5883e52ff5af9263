"""Wake-ups that cross threads and event loops.

The HTTP door may run in a background thread with its own event loop while the test (or the
demo) drives users from another loop. A long-polling ``getUpdates`` parked in loop B must wake
when a user in loop A sends a message, so waiters register a future on *their* loop and
:meth:`ChangeNotifier.notify` resolves each one with ``call_soon_threadsafe``. A version
counter closes the check-then-wait race: a waiter passes the version it observed while
checking its condition and returns at once if anything changed since.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading


def _resolve(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)


class ChangeNotifier:
    """Broadcast "state changed" to coroutines waiting in any thread's event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = set()

    @property
    def version(self) -> int:
        """Read before checking a condition; pass to :meth:`wait`."""
        with self._lock:
            return self._version

    def notify(self) -> None:
        """Something changed: wake every waiter, whatever loop or thread it lives in."""
        with self._lock:
            self._version += 1
            waiters = list(self._waiters)
            self._waiters.clear()
        for loop, future in waiters:
            if loop.is_closed():
                continue
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(_resolve, future)

    async def wait(self, since_version: int, timeout: float | None) -> bool:  # noqa: ASYNC109
        """Wait until a change after ``since_version`` or ``timeout``; True if it changed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        entry = (loop, future)
        with self._lock:
            changed = self._version != since_version
            if not changed:
                self._waiters.add(entry)
        if changed:
            await asyncio.sleep(0)  # still yield, so a re-checking caller cannot starve the loop
            return True
        try:
            await asyncio.wait_for(future, timeout)
        except TimeoutError:
            return False
        finally:
            with self._lock:
                self._waiters.discard(entry)
        return True
