"""Normalising Bot API parameters that arrive as JSON, form fields or multipart parts.

Telegram accepts the same method as a JSON body, ``application/x-www-form-urlencoded`` or
``multipart/form-data``; in the latter two every value is a string and objects are JSON-encoded
(PTB's ``RequestData.json_parameters``). Both doors funnel through :func:`coerce_params` so the
method handlers always see ints, bools, floats and decoded JSON regardless of the transport.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from botapi_emulator.errors import ApiError

_INT_FIELDS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "cache_time",
        "message_thread_id",
        "from_chat_id",
        "live_period",
        "heading",
        "proximity_alert_radius",
        "max_connections",
        "width",
        "height",
        "duration",
        "user_id",
    }
)
# getUpdates' timeout is documented as Integer, but PTB sends fractional timedeltas as floats.
_FLOAT_FIELDS = frozenset({"latitude", "longitude", "horizontal_accuracy", "timeout"})
_BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_web_page_preview",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "media",
        "menu_button",
    }
)
_INT_RE = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class UploadedFile:
    """One multipart file part: what PTB's ``InputFile.field_tuple`` carries."""

    filename: str
    data: bytes
    mime_type: str | None = None


def _as_int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_RE.match(value.strip()):
        return int(value.strip())
    raise ApiError.bad_request(f'field "{name}" must be of type Integer')


def _as_chat_id(value: Any) -> int | str:
    """Chat ids are integers or ``@channelusername`` strings."""
    if isinstance(value, str) and not _INT_RE.match(value.strip()):
        return value.strip()
    return _as_int("chat_id", value)


def _as_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    if isinstance(value, str) and value.strip().lower() in {"true", "1", "false", "0", ""}:
        return value.strip().lower() in {"true", "1"}
    raise ApiError.bad_request(f'field "{name}" must be of type Boolean')


def _as_float(name: str, value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ApiError.bad_request(f'field "{name}" must be of type Float') from None


def _as_json(name: str, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        if name == "reply_markup":
            raise ApiError.bad_request("can't parse reply keyboard markup JSON object") from None
        raise ApiError.bad_request(f"can't parse {name} JSON object") from None


def coerce_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Convert transport-level values (often strings) to the types the Bot API documents."""
    params: dict[str, Any] = {}
    for name, value in raw.items():
        if value is None:
            continue
        if name == "chat_id":
            params[name] = _as_chat_id(value)
        elif name in _INT_FIELDS:
            params[name] = _as_int(name, value)
        elif name in _FLOAT_FIELDS:
            params[name] = _as_float(name, value)
        elif name in _BOOL_FIELDS:
            params[name] = _as_bool(name, value)
        elif name in _JSON_FIELDS:
            params[name] = _as_json(name, value)
        else:
            params[name] = value
    return params
