"""The emulator's in-memory Telegram: users, chats, messages, files, callback queries, updates.

This module is plain data with no locking and no I/O; :class:`botapi_emulator.core.BotAPIEmulator`
owns the single lock that guards a :class:`World`. Objects render themselves to Bot API JSON
(``to_api``) so both the bot-facing methods and the update queue produce identical shapes.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from botapi_emulator.errors import ApiError

ChatType = Literal["private", "group", "supergroup"]
FileKind = Literal["photo", "document"]


def timestamp(moment: datetime) -> int:
    """Unix time as Telegram sends it (whole seconds)."""
    return int(moment.timestamp())


_SCALARS = frozenset({str, int, float, bool, type(None)})


def json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (dicts, lists, scalars), much cheaper than deepcopy.

    Stored markups, entities and update payloads are JSON trees; anything else found in them
    (a tuple, a dict subclass, ...) is still copied with :func:`copy.deepcopy`.
    """
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {key: json_copy(item) for key, item in value.items()}
    if kind is list:
        return [json_copy(item) for item in value]
    return copy.deepcopy(value)


@dataclass
class StoredUser:
    """A Telegram account that talks to the bot."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    #: Telegram refuses private messages to users who never wrote to the bot.
    started: bool = False
    #: The user blocked the bot: every call targeting the private chat answers 403.
    blocked: bool = False

    def to_api(self) -> dict[str, Any]:
        """The ``User`` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


@dataclass
class StoredChat:
    """A private chat (id == user id) or a group (negative id)."""

    id: int
    type: ChatType
    title: str | None = None
    user: StoredUser | None = None
    members: set[int] = field(default_factory=set)
    next_message_id: int = 1

    def to_api(self) -> dict[str, Any]:
        """The ``Chat`` object embedded in messages."""
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        if self.user is not None:
            data["first_name"] = self.user.first_name
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
        else:
            data["title"] = self.title or ""
        return data

    def take_message_id(self) -> int:
        """Message ids are sequential per chat and shared by both sides, as in Telegram."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class FileRecord:
    """A file known to the server: uploaded by the bot or a user, or referenced by URL."""

    file_id: str
    file_unique_id: str
    kind: FileKind
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int = 0
    height: int = 0
    url: str | None = None

    def photo_sizes(self) -> list[dict[str, Any]]:
        """``Message.photo``: Telegram sends several sizes; one is enough for a bot."""
        return [
            {
                "file_id": self.file_id,
                "file_unique_id": self.file_unique_id,
                "width": self.width,
                "height": self.height,
                "file_size": len(self.data),
            }
        ]

    def document(self) -> dict[str, Any]:
        """``Message.document``."""
        data: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }
        if self.file_name:
            data["file_name"] = self.file_name
        if self.mime_type:
            data["mime_type"] = self.mime_type
        return data

    def file(self) -> dict[str, Any]:
        """The ``File`` object ``getFile`` returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass(frozen=True)
class Revision:
    """The visible content of a message at one moment (kept to record edit history)."""

    text: str | None
    entities: tuple[dict[str, Any], ...]
    source: str | None
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    edit_date: datetime | None


@dataclass
class StoredMessage:
    """One message in a chat. ``sender`` is None for messages the bot sent."""

    chat: StoredChat
    message_id: int
    sender: StoredUser | None
    date: datetime
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    #: Text (or caption) exactly as the bot sent it, before parse_mode processing.
    source: str | None = None
    parse_mode: str | None = None
    caption: str | None = None
    photo: FileRecord | None = None
    document: FileRecord | None = None
    location: tuple[float, float] | None = None
    reply_markup: dict[str, Any] | None = None
    reply_to: StoredMessage | None = None
    edit_date: datetime | None = None
    history: list[Revision] = field(default_factory=list)
    deleted: bool = False

    @property
    def from_bot(self) -> bool:
        """True for messages the bot sent."""
        return self.sender is None

    @property
    def has_media(self) -> bool:
        """Photo and document messages carry a caption instead of text."""
        return self.photo is not None or self.document is not None

    def revision(self) -> Revision:
        """The current visible content."""
        return Revision(
            text=self.caption if self.has_media else self.text,
            entities=tuple(json_copy(entity) for entity in self.entities),
            source=self.source,
            parse_mode=self.parse_mode,
            reply_markup=json_copy(self.reply_markup),
            edit_date=self.edit_date,
        )

    def to_api(self, bot: dict[str, Any], *, with_reply: bool = True) -> dict[str, Any]:
        """The ``Message`` object as Telegram returns it now (after any edits)."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": dict(bot) if self.sender is None else self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": timestamp(self.date),
        }
        if self.edit_date is not None:
            data["edit_date"] = timestamp(self.edit_date)
        if self.reply_to is not None and with_reply:
            data["reply_to_message"] = self.reply_to.to_api(bot, with_reply=False)
        entity_key = "caption_entities" if self.has_media else "entities"
        if self.has_media:
            if self.caption:
                data["caption"] = self.caption
        elif self.text is not None:
            data["text"] = self.text
        if self.entities:
            data[entity_key] = json_copy(self.entities)
        if self.photo is not None:
            data["photo"] = self.photo.photo_sizes()
        if self.document is not None:
            data["document"] = self.document.document()
        if self.location is not None:
            data["location"] = {"latitude": self.location[0], "longitude": self.location[1]}
        if self.reply_markup is not None:
            data["reply_markup"] = json_copy(self.reply_markup)
        return data


@dataclass
class PendingUpdate:
    """An update waiting to be confirmed by a getUpdates ``offset``."""

    update_id: int
    payload: dict[str, Any]
    delivered: bool = False

    def to_api(self) -> dict[str, Any]:
        """The ``Update`` object."""
        return {"update_id": self.update_id, **json_copy(self.payload)}


@dataclass
class CallbackRecord:
    """A button press and the bot's answer to it (if any)."""

    id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str | None
    created: datetime
    answered: bool = False
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


class World:
    """All server-side state. Not thread-safe: callers hold the emulator's lock."""

    def __init__(self, bot_id: int, bot_username: str, bot_first_name: str) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.users: dict[int, StoredUser] = {}
        self.chats: dict[int, StoredChat] = {}
        self.messages: dict[tuple[int, int], StoredMessage] = {}
        # Per-chat indexes (oldest first), so reading a chat never walks the others and reading
        # the bot's latest message walks back from the end instead of over the whole history.
        self._by_chat: dict[int, list[StoredMessage]] = {}
        self._bot_by_chat: dict[int, list[StoredMessage]] = {}
        self.files: dict[str, FileRecord] = {}
        self._files_by_path: dict[str, FileRecord] = {}
        self.updates: list[PendingUpdate] = []
        self.callbacks: dict[str, CallbackRecord] = {}
        self._callbacks_by_user: dict[int, list[CallbackRecord]] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self._update_ids = itertools.count(1)
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(1)

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's ``User`` object, as it appears in ``Message.from``."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
        }

    # -- users and chats ------------------------------------------------------------------------

    def add_user(self, user: StoredUser) -> StoredUser:
        """Register a user and their private chat (chat id == user id); idempotent by id."""
        existing = self.users.get(user.id)
        if existing is not None:
            return existing
        if user.id <= 0:
            raise ValueError("user ids are positive; groups use negative chat ids")
        self.users[user.id] = user
        self.chats[user.id] = StoredChat(id=user.id, type="private", user=user)
        return user

    def add_group(self, chat_id: int, title: str, chat_type: ChatType | None) -> StoredChat:
        """Register a group chat; ids of the -100… form are supergroups, like in Telegram."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        existing = self.chats.get(chat_id)
        if existing is not None:
            return existing
        kind: ChatType = chat_type or ("supergroup" if chat_id <= -1_000_000_000_000 else "group")
        chat = StoredChat(id=chat_id, type=kind, title=title)
        self.chats[chat_id] = chat
        return chat

    def chat(self, chat_id: int | str | None) -> StoredChat:
        """Look up a chat by id or ``@username``; 400 ``chat not found`` like Telegram."""
        if chat_id is None or chat_id == "":
            raise ApiError.bad_request("chat_id is empty")
        if isinstance(chat_id, str):
            wanted = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if chat.user is not None and (chat.user.username or "").lower() == wanted:
                    return chat
            raise ApiError.bad_request("chat not found")
        found = self.chats.get(chat_id)
        if found is None:
            raise ApiError.bad_request("chat not found")
        return found

    # -- messages -------------------------------------------------------------------------------

    def add_message(self, message: StoredMessage) -> StoredMessage:
        """Store a message created by a handler or by the user side."""
        self.messages[(message.chat.id, message.message_id)] = message
        self._by_chat.setdefault(message.chat.id, []).append(message)
        if message.from_bot:
            self._bot_by_chat.setdefault(message.chat.id, []).append(message)
        return message

    def message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        """A live (not deleted) message, or None."""
        found = self.messages.get((chat_id, message_id))
        if found is None or found.deleted:
            return None
        return found

    def chat_messages(
        self, chat_id: int, *, include_user: bool = True, after: int = 0
    ) -> list[StoredMessage]:
        """The live messages of a chat (or only the bot's), oldest first.

        ``after`` keeps those with a greater message id, found walking back from the newest.
        """
        stored = (self._by_chat if include_user else self._bot_by_chat).get(chat_id, [])
        start = 0
        if after > 0:
            start = len(stored)
            while start > 0 and stored[start - 1].message_id > after:
                start -= 1
        return [m for m in itertools.islice(stored, start, None) if not m.deleted]

    def last_message(self, chat_id: int, *, include_user: bool = True) -> StoredMessage | None:
        """The latest live message of a chat (or the bot's latest), or None.

        Walks back from the newest message, so it costs one step unless the newest ones
        were deleted, however long the chat's history.
        """
        stored = self._by_chat if include_user else self._bot_by_chat
        for message in reversed(stored.get(chat_id, ())):
            if not message.deleted:
                return message
        return None

    # -- files ----------------------------------------------------------------------------------

    def add_file(
        self,
        kind: FileKind,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int = 0,
        height: int = 0,
        url: str | None = None,
    ) -> FileRecord:
        """Store file bytes and hand out Telegram-looking ids and a download path."""
        seq = next(self._file_seq)
        digest = hashlib.sha1(data + str(seq).encode(), usedforsecurity=False).hexdigest()
        suffix = ""
        if file_name and "." in file_name:
            suffix = "." + file_name.rsplit(".", 1)[1]
        elif kind == "photo":
            suffix = ".jpg" if mime_type == "image/jpeg" else ".png"
        folder = "photos" if kind == "photo" else "documents"
        record = FileRecord(
            file_id=f"EMU{kind[:3].upper()}{seq:06d}{digest[:20]}",
            file_unique_id=f"U{digest[:12]}",
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{seq}{suffix}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
            url=url,
        )
        self.files[record.file_id] = record
        self._files_by_path[record.file_path] = record
        return record

    def file_by_path(self, file_path: str) -> FileRecord | None:
        """The file served at ``/file/bot<token>/<file_path>``."""
        return self._files_by_path.get(file_path)

    # -- updates and callback queries -----------------------------------------------------------

    def enqueue(self, payload: dict[str, Any]) -> PendingUpdate:
        """Queue an update (``{"message": ...}``, ``{"callback_query": ...}``, ...)."""
        update = PendingUpdate(update_id=next(self._update_ids), payload=payload)
        self.updates.append(update)
        return update

    def confirm(self, offset: int) -> None:
        """getUpdates ``offset`` semantics: drop updates before it (negative: keep the last N)."""
        if offset < 0:
            self.updates = self.updates[offset:]
        elif offset > 0:
            self.updates = [u for u in self.updates if u.update_id >= offset]

    def add_callback(self, record: CallbackRecord) -> CallbackRecord:
        """Store a button press (by query id, and per user for reading a user's presses)."""
        self.callbacks[record.id] = record
        self._callbacks_by_user.setdefault(record.user_id, []).append(record)
        return record

    def user_callbacks(self, user_id: int) -> list[CallbackRecord]:
        """One user's button presses, oldest first."""
        return list(self._callbacks_by_user.get(user_id, ()))

    def new_callback_id(self, user_id: int) -> str:
        """Callback query ids are opaque strings; make them unique and readable."""
        return f"{user_id}{next(self._callback_seq):08d}"

    # -- commands ---------------------------------------------------------------------------------

    @staticmethod
    def commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        """setMyCommands stores one list per (scope, language) pair."""
        scope_json = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return scope_json, str(language_code or "")
