"""Two people acting on one record at once: the service re-reads it under a row lock inside its transaction and,
given the version the person's page was drawn from, refuses (409) when someone else changed it since — nothing
is saved over another's work."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import QuerySet

from zhongshu.core.errors import Conflict

M = TypeVar("M", bound=models.Model)


def lock_at_version(
    rows: QuerySet[M], pk: Any, version: int | None, *, changed: str, code: str = "stale_version"
) -> M:
    """The record `pk` of `rows` locked (its own row only: PostgreSQL refuses to lock the nullable side of an outer
    join a select_related may add); with `version`, a Conflict saying `changed` when its version moved on."""
    fresh = rows.select_for_update(of=("self",)).get(pk=pk)
    if version is not None and getattr(fresh, "version", None) != version:
        raise Conflict(changed, code=code)
    return fresh
