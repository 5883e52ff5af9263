"""The user side: people who talk to the bot, and the groups they talk in.

Tests and the demo act through these handles instead of crafting updates by hand, so every
update is shaped exactly like Telegram's (ids, entities, chat objects) and the bot's replies
can be read back as a user would see them. The actions are ``async`` only to yield to the
event loop after each one (the bot usually runs in the same loop); they are thread-safe.
"""

from __future__ import annotations

import asyncio
import mimetypes
from typing import TYPE_CHECKING

from botapi_emulator.views import CallbackAnswer, MessageView
from botapi_emulator.world import StoredChat, StoredUser

if TYPE_CHECKING:
    from botapi_emulator.core import BotAPIEmulator


class EmulatedGroup:
    """A group chat (negative id) the bot is in; users post with ``send(..., chat=group)``."""

    def __init__(self, emulator: BotAPIEmulator, chat: StoredChat) -> None:
        self._emu = emulator
        self._chat = chat

    @property
    def id(self) -> int:
        """The chat id (negative)."""
        return self._chat.id

    @property
    def title(self) -> str:
        """The group title."""
        return self._chat.title or ""

    def messages(self, *, include_user: bool = False) -> list[MessageView]:
        """The bot's messages in the group (or everyone's), oldest first."""
        return self._emu.messages(self.id, include_user=include_user)

    def last(self) -> MessageView:
        """The bot's latest message in the group (AssertionError if none)."""
        found = self._emu.last_message(self.id)
        if found is None:
            raise AssertionError(f"the bot has not written in group {self.id}")
        return found

    def __repr__(self) -> str:
        return f"EmulatedGroup({self.id}, {self.title!r})"


class EmulatedUser:
    """A Telegram user. Their private chat with the bot has ``chat_id == id``."""

    def __init__(self, emulator: BotAPIEmulator, record: StoredUser) -> None:
        self._emu = emulator
        self._record = record

    # -- identity -----------------------------------------------------------------------------

    @property
    def id(self) -> int:
        """The user id (also the private chat id)."""
        return self._record.id

    @property
    def chat_id(self) -> int:
        """The private chat's id."""
        return self._record.id

    @property
    def first_name(self) -> str:
        """Display name."""
        return self._record.first_name

    @property
    def username(self) -> str | None:
        """``@username`` without the ``@``."""
        return self._record.username

    @property
    def language_code(self) -> str | None:
        """The client language Telegram reports."""
        return self._record.language_code

    @property
    def blocked_bot(self) -> bool:
        """Whether the user currently blocks the bot."""
        return self._record.blocked

    def __repr__(self) -> str:
        return f"EmulatedUser({self.id}, {self.first_name!r})"

    # -- actions ------------------------------------------------------------------------------

    @staticmethod
    def _chat(chat: EmulatedGroup | int | None) -> int | None:
        return chat.id if isinstance(chat, EmulatedGroup) else chat

    @staticmethod
    def _message_id(message: MessageView | int | None) -> int | None:
        return message.message_id if isinstance(message, MessageView) else message

    async def send(
        self,
        text: str,
        *,
        chat: EmulatedGroup | int | None = None,
        reply_to: MessageView | int | None = None,
    ) -> MessageView:
        """Send a text message; a ``/command`` gets its ``bot_command`` entity."""
        view = self._emu.user_message(
            self.id, chat=self._chat(chat), text=text, reply_to=self._message_id(reply_to)
        )
        await asyncio.sleep(0)
        return view

    async def send_command(
        self, command: str, args: str = "", *, chat: EmulatedGroup | int | None = None
    ) -> MessageView:
        """Send ``/command args`` (the leading slash is optional)."""
        text = "/" + command.removeprefix("/")
        if args:
            text = f"{text} {args}"
        return await self.send(text, chat=chat)

    async def send_photo(
        self,
        data: bytes,
        *,
        caption: str | None = None,
        mime_type: str = "image/jpeg",
        chat: EmulatedGroup | int | None = None,
    ) -> MessageView:
        """Send a photo (any bytes; PNG/JPEG headers give it real dimensions)."""
        view = self._emu.user_message(
            self.id, chat=self._chat(chat), photo=(data, mime_type), caption=caption
        )
        await asyncio.sleep(0)
        return view

    async def send_document(
        self,
        data: bytes,
        filename: str,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat: EmulatedGroup | int | None = None,
    ) -> MessageView:
        """Send a file (e.g. a GPX track) with its name and MIME type."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        view = self._emu.user_message(
            self.id, chat=self._chat(chat), document=(data, filename, mime), caption=caption
        )
        await asyncio.sleep(0)
        return view

    async def send_location(
        self, latitude: float, longitude: float, *, chat: EmulatedGroup | int | None = None
    ) -> MessageView:
        """Share a location (the paperclip -> Location action)."""
        view = self._emu.user_message(
            self.id, chat=self._chat(chat), location=(float(latitude), float(longitude))
        )
        await asyncio.sleep(0)
        return view

    async def edit(self, message: MessageView | int, text: str) -> MessageView:
        """Edit one of the user's own text messages (the bot gets ``edited_message``)."""
        chat_id = message.chat_id if isinstance(message, MessageView) else self.chat_id
        message_id = self._message_id(message)
        assert message_id is not None
        view = self._emu.user_edit(self.id, chat_id, message_id, text)
        await asyncio.sleep(0)
        return view

    async def press(
        self,
        message: MessageView | int,
        button_text: str | None = None,
        *,
        callback_data: str | None = None,
        chat: EmulatedGroup | int | None = None,
    ) -> CallbackAnswer:
        """Tap an inline button by its label or its ``callback_data``.

        Works on any message still in the chat, old or edited: the button is looked up on the
        message's current keyboard, or on the given snapshot if the user still "sees" an older
        version (a stale press). Raises LookupError naming the available buttons otherwise.
        Returns the press; its answer shows up later in :meth:`callback_answers`.
        """
        if isinstance(message, MessageView):
            chat_id, message_id, seen = message.chat_id, message.message_id, message
        else:
            chat_id = self._chat(chat) or self.chat_id
            message_id, seen = message, None
        answer = self._emu.press(
            self.id,
            chat_id,
            message_id,
            text=button_text,
            callback_data=callback_data,
            seen=seen,
        )
        await asyncio.sleep(0)
        return answer

    async def block_bot(self) -> None:
        """Block the bot (sends to this user then fail with 403)."""
        self._emu.block(self.id)
        await asyncio.sleep(0)

    async def unblock_bot(self) -> None:
        """Unblock the bot."""
        self._emu.unblock(self.id)
        await asyncio.sleep(0)

    # -- what the user sees ---------------------------------------------------------------------

    def messages(
        self, chat: EmulatedGroup | int | None = None, *, include_user: bool = False
    ) -> list[MessageView]:
        """The bot's messages in the private chat (or ``chat``), oldest first, as now shown."""
        return self._emu.messages(self._chat(chat) or self.chat_id, include_user=include_user)

    def last(self, chat: EmulatedGroup | int | None = None) -> MessageView:
        """The bot's latest message (AssertionError if the bot has not written yet).

        Builds that one view, however long the chat (``messages()`` builds them all).
        """
        found = self._emu.last_message(self._chat(chat) or self.chat_id)
        if found is None:
            raise AssertionError(f"the bot has not written to {self!r} yet")
        return found

    def callback_answers(self) -> list[CallbackAnswer]:
        """This user's button presses that the bot answered, oldest first."""
        return [a for a in self._emu.callback_answers(self.id) if a.answered]

    def presses(self) -> list[CallbackAnswer]:
        """All of this user's button presses, answered or not."""
        return self._emu.callback_answers(self.id)

    async def wait_for_messages(
        self,
        count: int,
        *,
        chat: EmulatedGroup | int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the test-facing API
    ) -> list[MessageView]:
        """Wait until the bot has written at least ``count`` messages here; returns them all."""
        chat_id = self._chat(chat) or self.chat_id
        world = self._emu.world  # wait_for checks under the emulator's lock
        await self._emu.wait_for(
            lambda: len(world.chat_messages(chat_id, include_user=False)) >= count,
            timeout,
            description=f"{count} bot message(s) for {self!r}",
        )
        return self.messages(chat)

    async def ask(
        self,
        text: str,
        *,
        chat: EmulatedGroup | int | None = None,
        quiet: float = 0.05,
        timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is part of the test-facing API
    ) -> list[MessageView]:
        """Send ``text``, wait for the bot to go idle, return the bot messages sent after it."""
        sent = await self.send(text, chat=chat)
        await self._emu.wait_idle(quiet=quiet, timeout=timeout)
        return self._emu.messages(self._chat(chat) or self.chat_id, after=sent.message_id)
