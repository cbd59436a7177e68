"""Recording audit events. Every app calls `audit_record`; nothing else writes the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from zhongshu.audit.chain import append_event
from zhongshu.core.request_context import current_source_address
from zhongshu.audit.models import AuditEvent, Outcome


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
    from zhongshu.access.policy import Viewer

    actor_id = None
    if isinstance(actor, Viewer):
        actor_id = actor.user_id
    elif actor is not None and getattr(actor, "is_authenticated", False):
        actor_id = actor.pk
        actor_name = actor_name or actor.get_username()
    if target is not None:
        object_type = object_type or object_type_of(target)
        object_id = object_id or target.pk
        if classification is None:
            classification = int(getattr(target, "classification", 0) or 0)
    if actor_id is not None and not actor_name:
        from django.contrib.auth import get_user_model

        actor_name = get_user_model().objects.filter(pk=actor_id).values_list("username", flat=True).first() or ""
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
