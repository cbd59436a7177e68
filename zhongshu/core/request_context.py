"""Per-request facts that deep service code needs without threading the request through every call."""

from __future__ import annotations

from contextvars import ContextVar

current_source_address: ContextVar[str] = ContextVar("current_source_address", default="")
