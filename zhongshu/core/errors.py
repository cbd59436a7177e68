"""Errors that service functions raise for bad input or a forbidden or out-of-order action.

Each carries a stable English `code` (used in API errors and logs) and a Chinese `message` shown to the
user. Views turn them into form errors or messages; the API into JSON `{"code", "message"}`.
"""

from __future__ import annotations


class ServiceError(Exception):
    code = "invalid"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.field = field


class Forbidden(ServiceError):
    code = "forbidden"
    status = 403


class InvalidTransition(ServiceError):
    code = "invalid_transition"
    status = 409


class Conflict(ServiceError):
    """Someone else changed the record first (a version check or a lock lost the race)."""

    code = "conflict"
    status = 409
