"""The one family of errors govdx raises for a user to read and act on.

Each is mapped in one place to a CLI exit status, an HTTP status and a page message
(`govdx.core.errors`).
"""

from __future__ import annotations


class GovdxError(Exception):
    """A problem a user can act on; `message` says what and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotAllowed(GovdxError):
    """The acting user may not do this."""


class NotFound(GovdxError):
    """The record asked for does not exist, or the user may not know it exists."""


class Conflict(GovdxError):
    """Someone else changed the record first; the second writer must reload and retry."""


class Invalid(GovdxError):
    """The input breaks a rule; `field_errors` maps field names to messages where known."""

    def __init__(self, message: str, field_errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.field_errors: dict[str, list[str]] = field_errors or {}
