"""Recording audit events, and the auditor's own reads. Every app calls `audit_record`; nothing else
writes the audit log."""

from __future__ import annotations

import contextlib
from typing import Any

from django.db import models, transaction

from zhongshu.audit.anchor import AnchorError, publish_head, verify_with_anchor
from zhongshu.audit.chain import VerifyResult, append_event
from zhongshu.audit.models import AuditEvent, Outcome
from zhongshu.base.roles import Power
from zhongshu.core.errors import Forbidden
from zhongshu.core.request_context import current_source_address

AUDITOR_ONLY_MESSAGE = "仅安全审计员可以查阅审计日志"


def object_type_of(model: type[models.Model] | models.Model) -> str:
    return model._meta.label_lower


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    classification: int | None = None,
    outcome: str = Outcome.SUCCESS,
    source_address: str = "",
    details: dict[str, Any] | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Append one event. `actor` is a user (or None for the system); `target` the record concerned.

    Titles of classified records never go into `details`: the log names records by type and id.
    """
    actor_id = None
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_id = actor.pk
        actor_name = actor_name or actor.get_username()
    elif _is_viewer(actor):
        actor_id = actor.user_id
    if target is not None:
        object_type = object_type or object_type_of(target)
        object_id = object_id or target.pk
        if classification is None:
            classification = int(getattr(target, "classification", 0) or 0)
    if actor_id is not None and not actor_name:
        from django.contrib.auth import get_user_model

        actor_name = (
            get_user_model().objects.filter(pk=actor_id).values_list("username", flat=True).first() or ""
        )
    return append_event(
        actor_id=actor_id,
        actor_name=actor_name,
        source_address=source_address or current_source_address.get(),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        classification=classification or 0,
        outcome=outcome,
        details=details or {},
    )


def _is_viewer(actor: Any) -> bool:
    """An access-policy `Viewer` (a request's resolved account: it names the account by `user_id`). The audit
    log sits below the policy, so it recognises one by its shape: not a model instance, not a user."""
    return (
        actor is not None
        and not isinstance(actor, models.Model)
        and not hasattr(actor, "is_authenticated")
        and hasattr(actor, "user_id")
        and hasattr(actor, "admin_role")
    )


def _has_power(user: Any, power: Power) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_power(power))


def audit_log_authorize(*, user: Any, action: str, power: Power = Power.READ_AUDIT) -> None:
    """Let only the security auditor through; a refused attempt is itself recorded, then `Forbidden`.

    The system and security administrators are refused too: 三员 separation means nobody audits
    themselves.
    """
    if _has_power(user, power):
        return
    if user is not None and user.is_authenticated:
        audit_record(actor=user, action=action, outcome=Outcome.DENIED)
    raise Forbidden(AUDITOR_ONLY_MESSAGE)


def audit_log_viewed(*, user: Any, filters: dict[str, str], via: str, action: str = "audit.view") -> None:
    """Record that the auditor read (`audit.view`) or exported (`audit.export`) the log, with the filters."""
    audit_record(actor=user, action=action, details={"filters": filters, "via": via})


def audit_chain_verify(*, user: Any, via: str) -> VerifyResult:
    """Run the chain check for the auditor (against the anchor log's newest head) and record that it ran,
    with its result; an intact chain's head is then published to the anchor log."""
    audit_log_authorize(user=user, action="audit.verify", power=Power.VERIFY_AUDIT)
    result, head = verify_with_anchor()
    details: dict[str, Any] = {"via": via, "checked": result.checked}
    if head is not None:
        details["anchor"] = head.seq
    if result.problem is not None:
        details.update(seq=result.problem.seq, kind=result.problem.kind)
    with transaction.atomic():
        audit_record(
            actor=user,
            action="audit.verify",
            outcome=Outcome.SUCCESS if result.ok else Outcome.FAILURE,
            details=details,
        )
    if result.ok:
        # The result stands whether or not the head can be written now; the tick reports a log it cannot write.
        with contextlib.suppress(AnchorError, OSError):
            publish_head()
    return result
