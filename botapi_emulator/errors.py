"""Bot API error responses, shaped exactly like Telegram's so PTB maps them to its exceptions.

PTB decides which exception to raise from the HTTP status and the ``description`` /
``parameters`` fields (``RetryAfter`` needs ``parameters.retry_after``), so the emulator must
return the same JSON Telegram does: ``{"ok": false, "error_code": N, "description": ...}``.
"""

from __future__ import annotations

from typing import Any

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A Bot API call that Telegram would answer with ``ok: false``."""

    def __init__(
        self, error_code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> dict[str, Any]:
        """The response body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = dict(self.parameters)
        return body

    @classmethod
    def bad_request(cls, detail: str) -> ApiError:
        """400 ``Bad Request: <detail>``, the most common Telegram error."""
        return cls(400, f"Bad Request: {detail}")

    @classmethod
    def forbidden(cls, detail: str) -> ApiError:
        """403 ``Forbidden: <detail>``, e.g. the user blocked the bot."""
        return cls(403, f"Forbidden: {detail}")

    @classmethod
    def too_many_requests(cls, retry_after: int) -> ApiError:
        """429 with ``parameters.retry_after``; PTB turns it into ``RetryAfter``."""
        return cls(
            429,
            f"Too Many Requests: retry after {retry_after}",
            {"retry_after": retry_after},
        )

    @classmethod
    def bad_gateway(cls) -> ApiError:
        """502, what Telegram's front end answers when the backend is unavailable."""
        return cls(502, "Bad Gateway")

    @classmethod
    def not_found(cls) -> ApiError:
        """404, for unknown methods and malformed tokens."""
        return cls(404, "Not Found")

    @classmethod
    def unauthorized(cls) -> ApiError:
        """401, for a well-formed token the server does not know."""
        return cls(401, "Unauthorized")

    @classmethod
    def conflict(cls, detail: str) -> ApiError:
        """409 ``Conflict: <detail>``, e.g. two concurrent getUpdates or an active webhook."""
        return cls(409, f"Conflict: {detail}")
