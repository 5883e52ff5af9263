"""Read-only snapshots of emulator state for assertions and the terminal demo.

Tests should compare what a user would *see* (current text, buttons, photos) rather than dig
into :mod:`botapi_emulator.world` objects that keep changing under the lock. Every view is an
immutable copy taken under the lock, safe to hold across awaits and threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple

from botapi_emulator.world import CallbackRecord, FileRecord, Revision, StoredMessage


class Button(NamedTuple):
    """An inline keyboard button; compares equal to a plain ``(text, callback_data)`` tuple."""

    text: str
    callback_data: str | None


@dataclass(frozen=True)
class FileInfo:
    """A photo or document attached to a message, with its bytes."""

    file_id: str
    kind: Literal["photo", "document"]
    data: bytes = field(repr=False)
    file_name: str | None
    mime_type: str | None
    width: int
    height: int
    url: str | None

    @property
    def size(self) -> int:
        """Size in bytes."""
        return len(self.data)

    @classmethod
    def of(cls, record: FileRecord) -> FileInfo:
        """Snapshot a stored file."""
        return cls(
            file_id=record.file_id,
            kind=record.kind,
            data=record.data,
            file_name=record.file_name,
            mime_type=record.mime_type,
            width=record.width,
            height=record.height,
            url=record.url,
        )


def _buttons(markup: dict[str, Any] | None) -> list[list[Button]]:
    if not markup or "inline_keyboard" not in markup:
        return []
    return [
        [Button(str(b.get("text", "")), b.get("callback_data")) for b in row]
        for row in markup["inline_keyboard"]
    ]


@dataclass(frozen=True)
class MessageView:
    """A message as the user sees it now: text after edits, buttons, media, edit count.

    ``text`` is plain text (tags stripped, entities decoded; the caption for media messages),
    ``html`` the text exactly as the bot sent it (HTML source when ``parse_mode`` was HTML),
    ``buttons`` the inline keyboard as rows of ``(text, callback_data)``, ``history`` the
    earlier revisions, oldest first.
    """

    chat_id: int
    message_id: int
    from_bot: bool
    sender_id: int
    date: datetime
    text: str | None
    html: str | None
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...]
    buttons: list[list[Button]]
    reply_markup: dict[str, Any] | None
    edit_count: int
    edit_date: datetime | None
    history: tuple[Revision, ...]
    photo: FileInfo | None
    document: FileInfo | None
    location: tuple[float, float] | None
    reply_to_message_id: int | None
    deleted: bool
    raw: dict[str, Any] = field(repr=False)

    @property
    def button_texts(self) -> list[str]:
        """All button labels, row by row."""
        return [b.text for row in self.buttons for b in row]

    @property
    def callback_data(self) -> list[str | None]:
        """All button ``callback_data`` values, row by row."""
        return [b.callback_data for row in self.buttons for b in row]

    @property
    def edited(self) -> bool:
        """Whether the message was edited at least once."""
        return self.edit_count > 0

    def button(self, text: str) -> Button:
        """The button labelled ``text`` (exact match), or a LookupError naming the options."""
        for row in self.buttons:
            for candidate in row:
                if candidate.text == text:
                    return candidate
        raise LookupError(f"no button {text!r}; buttons: {self.button_texts}")

    def to_json(self) -> dict[str, Any]:
        """A JSON-friendly summary (used by the HTTP control API and the demo)."""
        data: dict[str, Any] = {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "date": self.date.isoformat(),
            "text": self.text,
            "html": self.html,
            "buttons": [[list(b) for b in row] for row in self.buttons],
            "edit_count": self.edit_count,
        }
        if self.photo is not None:
            data["photo"] = {"file_id": self.photo.file_id, "size": self.photo.size}
        if self.document is not None:
            data["document"] = {
                "file_id": self.document.file_id,
                "file_name": self.document.file_name,
                "size": self.document.size,
            }
        if self.location is not None:
            data["location"] = list(self.location)
        return data

    @classmethod
    def of(cls, message: StoredMessage, bot_user: dict[str, Any]) -> MessageView:
        """Snapshot a stored message (caller holds the emulator lock).

        Costs one message: its JSON is copied once (so the view stays as it was when later
        calls edit the message, and changing the view changes nothing else); ``entities`` and
        ``reply_markup`` are that copy's own. Nothing else of the chat is visited.
        """
        raw = message.to_api(bot_user)
        entities = raw.get("caption_entities" if message.has_media else "entities", ())
        return cls(
            chat_id=message.chat.id,
            message_id=message.message_id,
            from_bot=message.from_bot,
            sender_id=int(bot_user["id"]) if message.sender is None else message.sender.id,
            date=message.date,
            text=message.caption if message.has_media else message.text,
            html=message.source,
            parse_mode=message.parse_mode,
            entities=tuple(entities),
            buttons=_buttons(message.reply_markup),
            reply_markup=raw.get("reply_markup"),
            edit_count=len(message.history),
            edit_date=message.edit_date,
            history=tuple(message.history),
            photo=FileInfo.of(message.photo) if message.photo else None,
            document=FileInfo.of(message.document) if message.document else None,
            location=message.location,
            reply_to_message_id=message.reply_to.message_id if message.reply_to else None,
            deleted=message.deleted,
            raw=raw,
        )


@dataclass(frozen=True)
class CallbackAnswer:
    """A button press and how the bot answered it (``answered`` False if it never did)."""

    query_id: str
    chat_id: int
    message_id: int
    data: str | None
    answered: bool
    text: str | None
    show_alert: bool
    url: str | None

    @classmethod
    def of(cls, record: CallbackRecord) -> CallbackAnswer:
        """Snapshot a callback query record."""
        return cls(
            query_id=record.id,
            chat_id=record.chat_id,
            message_id=record.message_id,
            data=record.data,
            answered=record.answered,
            text=record.text,
            show_alert=record.show_alert,
            url=record.url,
        )


@dataclass(frozen=True)
class MessageEvent:
    """Pushed to ``emu.subscribe`` listeners when the bot sends, edits or deletes a message."""

    kind: Literal["sent", "edited", "deleted"]
    message: MessageView


@dataclass(frozen=True)
class ApiCall:
    """One Bot API call as the emulator saw it: what was asked and how it was answered."""

    method: str
    params: dict[str, Any]
    files: tuple[str, ...]
    status: int
    description: str | None
    result: Any = field(repr=False)
    fault: str | None
    door: str
    started: float
    finished: float

    @property
    def ok(self) -> bool:
        """Whether the bot got ``ok: true`` (time-out faults count as not ok)."""
        return self.status == 200 and self.fault is None
