"""Domain error base classes: each has a stable `code` and knows nothing about HTTP."""

from __future__ import annotations

from typing import Any, ClassVar


class MeldpuntError(Exception):
    """Base of every error Meldpunt raises on purpose; `code` is stable for clients."""

    code: ClassVar[str] = "meldpunt_error"
    title: ClassVar[str] = "Something went wrong"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra


class NotFound(MeldpuntError):
    """The thing asked for does not exist (or is not visible to the asker)."""

    code = "not_found"
    title = "Not found"


class InvalidInput(MeldpuntError):
    """Input passed payload validation but makes no sense for the domain."""

    code = "invalid_input"
    title = "Invalid input"


class Conflict(MeldpuntError):
    """The request conflicts with the current state."""

    code = "conflict"
    title = "Conflict"
