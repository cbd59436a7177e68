"""The append-only guard on SQLite, and the one way past it: emptying the whole database (`flush`).

PostgreSQL refuses every UPDATE and DELETE of an audit row with a trigger and leaves TRUNCATE, the table
owner's way to empty a table, to the test runner (migration 0003). SQLite has triggers but no TRUNCATE: its
`flush` empties tables with DELETE, row by row through the trigger. So the SQLite trigger (migration 0004)
asks a function of the connection, `zhongshu_audit_flushing()`, which this module registers on every SQLite
connection Django opens; it answers 1 only inside `flushing()`, which our `flush` command (the test runner's
between transactional tests) enters. A connection that did not register it (the sqlite3 shell) fails on the
unknown function: the change is refused either way.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

FUNCTION = "zhongshu_audit_flushing"
_flushing: contextvars.ContextVar[bool] = contextvars.ContextVar("zhongshu_audit_flushing", default=False)


@contextmanager
def flushing() -> Iterator[None]:
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)


def _is_flushing() -> int:
    return 1 if _flushing.get() else 0


def register_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: teach each new SQLite connection the trigger's question."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 0, _is_flushing, deterministic=False)
