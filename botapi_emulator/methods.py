"""The Bot API methods the emulator answers, each a function of (world, parameters).

Handlers run under the emulator lock, validate like Telegram (same status codes and
descriptions, so PTB raises the same ``BadRequest`` / ``Forbidden`` a production bot would
see) and either return the ``result`` value or raise :class:`ApiError`. ``getUpdates`` is
absent: it long-polls, so :mod:`botapi_emulator.core` implements it around the lock.
"""

from __future__ import annotations

import mimetypes
import struct
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from botapi_emulator.errors import NOT_MODIFIED, ApiError
from botapi_emulator.formatting import parse_html, strip_text
from botapi_emulator.params import UploadedFile
from botapi_emulator.world import FileKind, FileRecord, StoredChat, StoredMessage, World

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
#: The largest file a bot may download with getFile (Telegram's cloud Bot API: 20 MB).
MAX_DOWNLOAD = 20 * 1024 * 1024

CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)

#: Buttons that do something other than sending a callback (valid in inline keyboards).
_BUTTON_ACTIONS = (
    "callback_data",
    "url",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "web_app",
    "callback_game",
    "pay",
)


EventKind = Literal["sent", "edited", "deleted"]


@dataclass
class Call:
    """Everything a handler needs: the state, the request and where to report changes."""

    world: World
    params: dict[str, Any]
    files: Mapping[str, UploadedFile]
    now: datetime
    #: Messages this call sent/edited/deleted, for stats and ``emu.subscribe`` listeners.
    changes: list[tuple[EventKind, StoredMessage]] = field(default_factory=list)

    def emit(self, kind: EventKind, message: StoredMessage) -> None:
        """Record a change; views are only built later if someone listens (keeps fan-out fast)."""
        self.changes.append((kind, message))


Handler = Callable[[Call], Any]


# -- shared validation ------------------------------------------------------------------------


def _target_chat(call: Call, *, initiating: bool = False) -> StoredChat:
    """The chat a call addresses, with Telegram's 400/403 rules for private chats."""
    chat = call.world.chat(call.params.get("chat_id"))
    user = chat.user
    if user is not None:
        if user.blocked:
            raise ApiError.forbidden("bot was blocked by the user")
        if initiating and not user.started:
            raise ApiError.forbidden("bot can't initiate conversation with a user")
    return chat


def _formatted(
    call: Call, text_key: str, entities_key: str
) -> tuple[str, list[dict[str, Any]], str | None]:
    """Apply parse_mode (or explicit entities) to a text/caption parameter."""
    source = call.params.get(text_key)
    if source is None:
        return "", [], None
    source = str(source)
    parse_mode = call.params.get("parse_mode") or None
    if parse_mode is None:
        entities = call.params.get(entities_key) or []
        if not isinstance(entities, list) or not all(isinstance(e, dict) for e in entities):
            raise ApiError.bad_request(f"can't parse {entities_key} JSON object")
        plain, found = source, [dict(e) for e in entities]
    elif str(parse_mode).lower() == "html":
        plain, found = parse_html(source)
    elif str(parse_mode).lower() in ("markdown", "markdownv2"):
        # Markdown parsing is not emulated: keep the text as sent, without entities.
        plain, found = source, []
    else:
        raise ApiError.bad_request("unsupported parse_mode")
    plain, found = strip_text(plain, found)
    return plain, found, str(parse_mode) if parse_mode else None


def _reply_markup(call: Call) -> dict[str, Any] | None:
    """Validate ``reply_markup`` like Telegram, notably callback_data's 64-byte limit."""
    markup = call.params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError.bad_request("can't parse reply keyboard markup JSON object")
    keyboard = markup.get("inline_keyboard")
    if keyboard is None:
        return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove: stored as sent
    if not isinstance(keyboard, list) or not all(isinstance(row, list) for row in keyboard):
        raise ApiError.bad_request('can\'t parse inline keyboard button: Field "inline_keyboard"')
    for row in keyboard:
        for button in row:
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise ApiError.bad_request(
                    'can\'t parse inline keyboard button: Field "text" must be of type String'
                )
            if not any(key in button for key in _BUTTON_ACTIONS):
                raise ApiError.bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if data is not None and (
                not isinstance(data, str)
                or not data
                or len(data.encode("utf-8")) > MAX_CALLBACK_DATA
            ):
                raise ApiError.bad_request("BUTTON_DATA_INVALID")
    return markup


def _reply_to(call: Call, chat: StoredChat) -> StoredMessage | None:
    params = call.params.get("reply_parameters")
    message_id: Any = None
    allow_missing = bool(call.params.get("allow_sending_without_reply"))
    if isinstance(params, dict):
        message_id = params.get("message_id")
        allow_missing = allow_missing or bool(params.get("allow_sending_without_reply"))
    elif call.params.get("reply_to_message_id") is not None:
        message_id = call.params["reply_to_message_id"]
    if message_id is None:
        return None
    found = call.world.message(chat.id, int(message_id))
    if found is None and not allow_missing:
        raise ApiError.bad_request("message to be replied not found")
    return found


def _sending_context(
    call: Call,
) -> tuple[StoredChat, dict[str, Any] | None, StoredMessage | None]:
    """Validate what every send shares (chat, keyboard, reply target) before any effect."""
    chat = _target_chat(call, initiating=True)
    return chat, _reply_markup(call), _reply_to(call, chat)


def _new_bot_message(
    call: Call,
    chat: StoredChat,
    markup: dict[str, Any] | None,
    reply_to: StoredMessage | None,
    **content: Any,
) -> StoredMessage:
    message = StoredMessage(
        chat=chat,
        message_id=chat.take_message_id(),
        sender=None,
        date=call.now,
        reply_markup=markup,
        reply_to=reply_to,
        **content,
    )
    call.world.add_message(message)
    call.emit("sent", message)
    return message


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG, GIF or WebP image; None if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith((b"GIF87a", b"GIF89a")) and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return 1, 1
    if data.startswith(b"\xff\xd8"):
        pos = 2
        while pos + 9 < len(data):
            if data[pos] != 0xFF:
                return None
            marker = data[pos + 1]
            (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
            if marker in (0xC0, 0xC1, 0xC2):
                height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
                return int(width), int(height)
            pos += 2 + length
        return 1, 1
    return None


def _input_file(call: Call, key: str, kind: FileKind) -> FileRecord:
    """Resolve a photo/document parameter: upload, ``attach://`` part, file_id or URL."""
    upload = call.files.get(key)
    value = call.params.get(key)
    if upload is None and isinstance(value, str) and value.startswith("attach://"):
        upload = call.files.get(value.removeprefix("attach://"))
        if upload is None:
            raise ApiError.bad_request(f'can\'t find attached file "{value}"')
    if upload is not None:
        width = height = 0
        mime = upload.mime_type or mimetypes.guess_type(upload.filename)[0]
        if kind == "photo":
            size = image_size(upload.data)
            if size is None:
                raise ApiError.bad_request("IMAGE_PROCESS_FAILED")
            width, height = size
        return call.world.add_file(
            kind,
            upload.data,
            file_name=upload.filename if kind == "document" else None,
            mime_type=mime,
            width=width,
            height=height,
        )
    if not value:
        raise ApiError.bad_request(f"there is no {key} in the request")
    value = str(value)
    known = call.world.files.get(value)
    if known is not None:
        return known
    if value.startswith(("http://", "https://")):
        name = value.rsplit("/", 1)[-1] or None
        return call.world.add_file(kind, b"", file_name=name, url=value, width=1, height=1)
    raise ApiError.bad_request("wrong file identifier/HTTP URL specified")


def _caption(call: Call) -> tuple[str | None, list[dict[str, Any]], str | None, str | None]:
    plain, entities, parse_mode = _formatted(call, "caption", "caption_entities")
    if len(plain) > MAX_CAPTION:
        raise ApiError.bad_request("message caption is too long")
    source = call.params.get("caption")
    return (plain or None), entities, (str(source) if source is not None else None), parse_mode


# -- methods ----------------------------------------------------------------------------------


def get_me(call: Call) -> Any:
    """The bot's own ``User`` with the bot-only capability flags."""
    return {
        **call.world.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def send_message(call: Call) -> Any:
    """``sendMessage`` with HTML parse mode, length limits and inline keyboards."""
    chat, markup, reply_to = _sending_context(call)
    plain, entities, parse_mode = _formatted(call, "text", "entities")
    if not plain:
        raise ApiError.bad_request("message text is empty")
    if len(plain) > MAX_TEXT:
        raise ApiError.bad_request("message is too long")
    message = _new_bot_message(
        call,
        chat,
        markup,
        reply_to,
        text=plain,
        entities=entities,
        source=str(call.params["text"]),
        parse_mode=parse_mode,
    )
    return message.to_api(call.world.bot_user)


def send_photo(call: Call) -> Any:
    """``sendPhoto``: keeps the uploaded bytes so tests can look at the chart."""
    chat, markup, reply_to = _sending_context(call)
    caption, entities, source, parse_mode = _caption(call)
    record = _input_file(call, "photo", "photo")
    message = _new_bot_message(
        call,
        chat,
        markup,
        reply_to,
        photo=record,
        caption=caption,
        entities=entities,
        source=source,
        parse_mode=parse_mode,
    )
    return message.to_api(call.world.bot_user)


def send_document(call: Call) -> Any:
    """``sendDocument``: keeps filename, MIME type and bytes."""
    chat, markup, reply_to = _sending_context(call)
    caption, entities, source, parse_mode = _caption(call)
    record = _input_file(call, "document", "document")
    message = _new_bot_message(
        call,
        chat,
        markup,
        reply_to,
        document=record,
        caption=caption,
        entities=entities,
        source=source,
        parse_mode=parse_mode,
    )
    return message.to_api(call.world.bot_user)


def send_location(call: Call) -> Any:
    """``sendLocation``."""
    chat, markup, reply_to = _sending_context(call)
    latitude = call.params.get("latitude")
    longitude = call.params.get("longitude")
    if latitude is None or longitude is None:
        raise ApiError.bad_request("latitude and longitude must be specified")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ApiError.bad_request("wrong location specified")
    location = (float(latitude), float(longitude))
    message = _new_bot_message(call, chat, markup, reply_to, location=location)
    return message.to_api(call.world.bot_user)


def send_chat_action(call: Call) -> Any:
    """``sendChatAction``: validated, otherwise a no-op."""
    _target_chat(call, initiating=True)
    if call.params.get("action") not in CHAT_ACTIONS:
        raise ApiError.bad_request("wrong parameter action in request")
    return True


def _message_to_edit(call: Call) -> StoredMessage:
    if call.params.get("inline_message_id"):
        raise ApiError.bad_request("MESSAGE_ID_INVALID")
    chat = _target_chat(call)
    message_id = call.params.get("message_id")
    if message_id is None:
        raise ApiError.bad_request("message identifier is not specified")
    message = call.world.message(chat.id, int(message_id))
    if message is None:
        raise ApiError.bad_request("message to edit not found")
    if not message.from_bot:
        raise ApiError.bad_request("message can't be edited")
    return message


def _apply_edit(
    call: Call,
    message: StoredMessage,
    visible: dict[str, Any],
    bookkeeping: dict[str, Any] | None = None,
) -> Any:
    """Refuse edits that change nothing visible (Telegram's "message is not modified").

    Otherwise record the previous revision and set ``edit_date``. ``bookkeeping`` fields
    (the source text and parse mode) are updated but do not count as a change, because
    Telegram compares what the user sees: ``<b>x</b>`` and ``<strong>x</strong>`` are equal.
    """
    if all(getattr(message, key) == value for key, value in visible.items()):
        raise ApiError.bad_request(NOT_MODIFIED)
    before = message.revision()
    for key, value in {**visible, **(bookkeeping or {})}.items():
        setattr(message, key, value)
    message.history.append(before)
    message.edit_date = call.now
    call.emit("edited", message)
    return message.to_api(call.world.bot_user)


def edit_message_text(call: Call) -> Any:
    """``editMessageText``; without ``reply_markup`` the inline keyboard is removed."""
    message = _message_to_edit(call)
    if message.text is None:
        raise ApiError.bad_request("there is no text in the message to edit")
    plain, entities, parse_mode = _formatted(call, "text", "entities")
    if not plain:
        raise ApiError.bad_request("message text is empty")
    if len(plain) > MAX_TEXT:
        raise ApiError.bad_request("message is too long")
    return _apply_edit(
        call,
        message,
        {"text": plain, "entities": entities, "reply_markup": _reply_markup(call)},
        {"source": str(call.params["text"]), "parse_mode": parse_mode},
    )


def edit_message_caption(call: Call) -> Any:
    """``editMessageCaption`` for photo and document messages."""
    message = _message_to_edit(call)
    if not message.has_media:
        raise ApiError.bad_request("there is no caption in the message to edit")
    caption, entities, source, parse_mode = _caption(call)
    return _apply_edit(
        call,
        message,
        {"caption": caption, "entities": entities, "reply_markup": _reply_markup(call)},
        {"source": source, "parse_mode": parse_mode},
    )


def edit_message_reply_markup(call: Call) -> Any:
    """``editMessageReplyMarkup``; no ``reply_markup`` removes the keyboard."""
    message = _message_to_edit(call)
    return _apply_edit(call, message, {"reply_markup": _reply_markup(call)})


def delete_message(call: Call) -> Any:
    """``deleteMessage``: the message disappears from the user's view."""
    chat = _target_chat(call)
    message_id = call.params.get("message_id")
    message = call.world.message(chat.id, int(message_id)) if message_id is not None else None
    if message is None:
        raise ApiError.bad_request("message to delete not found")
    message.deleted = True
    call.emit("deleted", message)
    return True


def answer_callback_query(call: Call) -> Any:
    """``answerCallbackQuery``: recorded so tests can assert on the toast/alert."""
    record = call.world.callbacks.get(str(call.params.get("callback_query_id", "")))
    if record is None or record.answered:
        raise ApiError.bad_request(
            "query is too old and response timeout expired or query ID is invalid"
        )
    text = call.params.get("text")
    if text is not None and len(str(text)) > 200:
        raise ApiError.bad_request("MESSAGE_TOO_LONG")
    record.answered = True
    record.text = str(text) if text is not None else None
    record.show_alert = bool(call.params.get("show_alert", False))
    record.url = call.params.get("url")
    return True


def get_file(call: Call) -> Any:
    """``getFile``: the ``file_path`` is served under ``/file/bot<token>/``.

    Files over :data:`MAX_DOWNLOAD` answer "file is too big", as Telegram does: a bot learns
    it cannot have a user's file only when it asks for it.
    """
    record = call.world.files.get(str(call.params.get("file_id", "")))
    if record is None:
        raise ApiError.bad_request("invalid file_id")
    if len(record.data) > MAX_DOWNLOAD:
        raise ApiError.bad_request("file is too big")
    return record.file()


def set_my_commands(call: Call) -> Any:
    """``setMyCommands`` with Telegram's validation of names and descriptions."""
    commands = call.params.get("commands")
    if not isinstance(commands, list):
        raise ApiError.bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise ApiError.bad_request("too many commands specified")
    cleaned: list[dict[str, Any]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise ApiError.bad_request("can't parse BotCommand")
        name = str(item.get("command", "")).removeprefix("/")
        description = str(item.get("description", ""))
        valid_chars = all(c.islower() or c.isdigit() or c == "_" for c in name)
        if not (1 <= len(name) <= 32) or not valid_chars:
            raise ApiError.bad_request("BOT_COMMAND_INVALID")
        if not (1 <= len(description) <= 256):
            raise ApiError.bad_request("command description is empty")
        cleaned.append({"command": name, "description": description})
    key = World.commands_key(call.params.get("scope"), call.params.get("language_code"))
    call.world.commands[key] = cleaned
    return True


def get_my_commands(call: Call) -> Any:
    """``getMyCommands`` for one scope and language."""
    key = World.commands_key(call.params.get("scope"), call.params.get("language_code"))
    return list(call.world.commands.get(key, []))


def delete_my_commands(call: Call) -> Any:
    """``deleteMyCommands``."""
    key = World.commands_key(call.params.get("scope"), call.params.get("language_code"))
    call.world.commands.pop(key, None)
    return True


def set_webhook(call: Call) -> Any:
    """``setWebhook``: remembered (so getUpdates answers 409), not delivered to."""
    url = str(call.params.get("url", ""))
    if call.params.get("drop_pending_updates"):
        call.world.updates.clear()
    if not url:
        call.world.webhook = None
        return True
    if not url.startswith("https://"):
        raise ApiError.bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    call.world.webhook = {"url": url, "max_connections": call.params.get("max_connections", 40)}
    return True


def delete_webhook(call: Call) -> Any:
    """``deleteWebhook``; PTB calls it before polling (optionally dropping updates)."""
    call.world.webhook = None
    if call.params.get("drop_pending_updates"):
        call.world.updates.clear()
    return True


def get_webhook_info(call: Call) -> Any:
    """``getWebhookInfo``."""
    info: dict[str, Any] = {
        "url": "",
        "has_custom_certificate": False,
        "pending_update_count": len(call.world.updates),
    }
    if call.world.webhook:
        info.update(call.world.webhook)
    return info


def get_chat(call: Call) -> Any:
    """``getChat`` (a minimal ``ChatFullInfo``)."""
    chat = call.world.chat(call.params.get("chat_id"))
    return {
        **chat.to_api(),
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
        },
    }


def ok_true(call: Call) -> Any:
    """Methods that only change cosmetic settings (menu button, description, ...)."""
    return True


#: Canonical method name -> handler. Lookups are case-insensitive, like Telegram's.
HANDLERS: dict[str, Handler] = {
    "getMe": get_me,
    "sendMessage": send_message,
    "sendPhoto": send_photo,
    "sendDocument": send_document,
    "sendLocation": send_location,
    "sendChatAction": send_chat_action,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "getFile": get_file,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "getChat": get_chat,
    "setChatMenuButton": ok_true,
    "setMyDescription": ok_true,
    "setMyShortDescription": ok_true,
    "setMyName": ok_true,
    "logOut": ok_true,
    "close": ok_true,
}

#: Every method name the emulator knows, lower-cased, mapped to its canonical spelling.
METHOD_NAMES: dict[str, str] = {name.lower(): name for name in [*HANDLERS, "getUpdates"]}
