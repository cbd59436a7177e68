"""The auditor's JSON API: events oldest first with an `after` cursor, and the chain check."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhongshu.audit.selectors import AuditFilter, oldest_first_page
from zhongshu.audit.services import audit_chain_verify, audit_log_authorize, audit_log_viewed

router = Router()


class EventFilters(Schema):
    actor: str = ""
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None
    after: int | None = None
    limit: int = 100


class EventOut(Schema):
    seq: int
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    source_address: str
    action: str
    object_type: str
    object_id: str
    classification: int
    outcome: str
    details: dict[str, Any]
    prev_hash: str
    entry_hash: str


class EventPageOut(Schema):
    items: list[EventOut]
    next_after: int | None


class ProblemOut(Schema):
    seq: int
    kind: str
    message: str


class VerifyOut(Schema):
    ok: bool
    checked: int
    summary: str
    problem: ProblemOut | None


@router.get("/events", response=EventPageOut, summary="Audit events, oldest first (auditor only)")
def list_events(request: HttpRequest, filters: Query[EventFilters]) -> dict[str, Any]:
    audit_log_authorize(user=request.user, action="audit.view")
    audit_filter = AuditFilter(
        actor=filters.actor.strip(),
        action=filters.action.strip(),
        object_type=filters.object_type.strip(),
        object_id=filters.object_id.strip(),
        date_from=filters.date_from,
        date_to=filters.date_to,
    )
    page = oldest_first_page(audit_filter, after=filters.after, size=max(1, min(filters.limit, 500)))
    audit_log_viewed(user=request.user, filters=audit_filter.as_params(), via="api")
    return {"items": page.events, "next_after": page.next_cursor}


@router.get("/verify", response=VerifyOut, summary="Walk the HMAC-SM3 chain (auditor only)")
def verify(request: HttpRequest) -> dict[str, Any]:
    result = audit_chain_verify(user=request.user, via="api")
    return {
        "ok": result.ok,
        "checked": result.checked,
        "summary": result.summary(),
        "problem": result.problem,
    }
