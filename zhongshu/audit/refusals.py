"""A refused action is audited too (the secrecy law and the office's rules ask who tried what, and why it was
refused), and nothing of the refused work stays: the refusal is written after the service's transaction rolled
back, so use `refusals_audited` outside the service's `transaction.atomic()`.

    with refusals_audited(by=user, action="secrecy.carrier.borrow", target=carrier), transaction.atomic():
        ...  # raise ServiceError(...) to refuse

The audit line names the action, the record (by type and id, never its title), outcome 拒绝 and the refusal's
code, with whatever further details the caller adds; then the refusal goes on to the page or the API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import models

from zhongshu.audit.models import Outcome
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import ServiceError

DetailsOf = Callable[[ServiceError], dict[str, Any]]


@contextmanager
def refusals_audited(
    *,
    by: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: Any = "",
    details: dict[str, Any] | None = None,
    details_of: DetailsOf | None = None,
    with_code: bool = True,
) -> Iterator[None]:
    """Audit a `ServiceError` raised inside as a denied `action`, then re-raise it. `details_of` adds what only
    the refusal knows (the unknown numbers of an inventory, say); `with_code=False` leaves the refusal's code out
    (a module whose audit pages show the reason in words instead)."""
    try:
        yield
    except ServiceError as refusal:
        audit_record(
            actor=by,
            action=action,
            target=target,
            object_type=object_type,
            object_id=object_id,
            outcome=Outcome.DENIED,
            details={
                **({"code": refusal.code} if with_code else {}),
                **(details or {}),
                **(details_of(refusal) if details_of else {}),
            },
        )
        raise
