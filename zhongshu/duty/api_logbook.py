"""The logbook part's JSON API, mounted under /api/duty by duty/api.py: the day's log (/log), one entry, log,
edit and close (办结) an entry; handovers (/handovers): list, hand over, acknowledge a matter, acknowledge the
handover. The same contracts, services and rules as the pages; refusals are JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from zhongshu.access.policy import RecordNotFound
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.duty import handover as handovers
from zhongshu.duty import logbook
from zhongshu.duty.actions_logbook import ENTRY_RULES, HANDOVER_RULES
from zhongshu.duty.models import DutyLogEntry, Handover, HandoverItem
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_logbook import CloseIn, EntryIn, HandOverIn

router = Router(tags=["值班记录与交接班"])

NOT_ALLOWED = "无权使用值班应急"


def _allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise Forbidden(NOT_ALLOWED, code="not_allowed")


def _entry(request: HttpRequest, pk: int) -> DutyLogEntry:
    _allowed(request)
    return logbook.entry_for(request.user, pk)


def entry_out(request: HttpRequest, entry: DutyLogEntry) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(entry, name) for name in logbook.TEXT_FIELDS}
    out.update(
        id=entry.pk,
        unit=entry.unit_id,
        shift=entry.shift_id,
        kind=entry.kind,
        urgency=entry.urgency,
        received_at=entry.received_at,
        classification=int(entry.classification),
        recorded_by=entry.recorded_by.get_username(),
        recorded_at=entry.recorded_at,
        closed_at=entry.closed_at,
        version=entry.version,
        actions=ENTRY_RULES.available(request.user, entry),
    )
    return out


def handover_out(request: HttpRequest, handover: Handover) -> dict[str, Any]:
    items = handovers.items_shown(request.user, handover)
    return {
        "id": handover.pk,
        "unit": handover.unit_id,
        "from_shift": handover.from_shift_id,
        "to_shift": handover.to_shift_id,
        "handed_by": handover.handed_by.get_username(),
        "handed_at": handover.handed_at,
        "notes": handover.notes,
        "acknowledged_by": handover.acknowledged_by.get_username() if handover.acknowledged_by else None,
        "acknowledged_at": handover.acknowledged_at,
        "items": [
            {
                "id": item.pk,
                "entry": item.entry_id,
                "summary": item.entry.summary if readable else None,
                "urgency": item.entry.urgency,
                "note": item.note,
                "acknowledged_at": item.acknowledged_at,
            }
            for item, readable in items
        ],
        "actions": HANDOVER_RULES.available(request.user, handover),
    }


@router.get("/log", summary="值班记录（某日，本值班室）")
def day_log(request: HttpRequest, day: date | None = None) -> dict[str, Any]:
    _allowed(request)
    room = logbook.duty_room_of(request.user)
    if room is None:
        person = logbook.person_of(request.user)
        room = person.unit if person is not None else None
    the_day = day or timezone.localdate()
    groups = logbook.day_log(request.user, room, the_day) if room is not None else []
    shown = audit_shown(request.user, [e for g in groups for e in g.entries], route="api.duty.log")
    by_pk = {e.pk: e for e in shown}
    return {
        "unit": room.pk if room else None,
        "day": the_day,
        "shifts": [
            {
                "shift": g.shift.pk if g.shift else None,
                "label": g.label,
                "entries": [entry_out(request, by_pk[e.pk]) for e in g.entries],
            }
            for g in groups
        ],
    }


@router.post("/log", summary="记录来电（来文、来访）", openapi_extra=request_body(EntryIn))
def log_entry(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    room = logbook.duty_room_of(request.user)
    if room is None:
        raise Forbidden("只有值班室可以记录值班记录", code="not_duty_room")
    contract = EntryIn.parse(Input.of(request), request.user)
    entry = logbook.log_entry(actor_of(request), room, contract.data)
    return entry_out(request, logbook.entry_for(request.user, entry.pk))


@router.get("/log/{entry_id}", summary="一条值班记录")
def get_entry(request: HttpRequest, entry_id: IdParam) -> dict[str, Any]:
    entry = _entry(request, entry_id)
    audit_shown(request.user, [entry], route="api.duty.log_entry", action="record.view")
    return entry_out(request, entry)


@router.post("/log/{entry_id}/edit", summary="修改值班记录", openapi_extra=request_body(EntryIn))
def edit_entry(request: HttpRequest, entry_id: IdParam) -> dict[str, Any]:
    entry = _entry(request, entry_id)
    contract = EntryIn.parse(Input.of(request), request.user)
    logbook.edit_entry(actor_of(request), entry, contract.data, version=contract.version)
    return entry_out(request, logbook.entry_for(request.user, entry.pk))


@router.post("/log/{entry_id}/close", summary="办结", openapi_extra=request_body(CloseIn))
def close_entry(request: HttpRequest, entry_id: IdParam) -> dict[str, Any]:
    entry = _entry(request, entry_id)
    logbook.close_entry(
        actor_of(request), entry, result=CloseIn.parse(Input.of(request), request.user).result
    )
    return entry_out(request, logbook.entry_for(request.user, entry.pk))


@router.get("/handovers", summary="交接班")
def list_handovers(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    waiting = set(handovers.waiting_for(request.user).values_list("pk", flat=True))
    return {
        "handovers": [
            {**handover_out(request, h), "waiting_for_me": h.pk in waiting}
            for h in handovers.handovers_for(request.user).order_by("-handed_at")[:50]
        ]
    }


@router.post("/handovers", summary="交班", openapi_extra=request_body(HandOverIn))
def hand_over(request: HttpRequest) -> dict[str, Any]:
    _allowed(request)
    room = logbook.duty_room_of(request.user)
    if room is None:
        raise Forbidden("只有值班室可以交班", code="not_duty_room")
    contract = HandOverIn.parse(Input.of(request), request.user)
    made = handovers.hand_over(actor_of(request), room, notes=contract.notes, item_notes=contract.item_notes)
    return handover_out(request, made)


def _handover(request: HttpRequest, pk: int) -> Handover:
    _allowed(request)
    return handovers.handover_for(request.user, pk)


@router.get("/handovers/{handover_id}", summary="一次交接班")
def get_handover(request: HttpRequest, handover_id: IdParam) -> dict[str, Any]:
    return handover_out(request, _handover(request, handover_id))


@router.post("/handovers/{handover_id}/items/{item_id}/acknowledge", summary="确认交接事项")
def acknowledge_item(request: HttpRequest, handover_id: IdParam, item_id: IdParam) -> dict[str, Any]:
    handover = _handover(request, handover_id)
    item = HandoverItem.objects.filter(handover=handover, pk=item_id).first()
    if item is None:
        raise RecordNotFound()
    handovers.acknowledge_item(actor_of(request), item)
    handover.refresh_from_db()
    return handover_out(request, handover)


@router.post("/handovers/{handover_id}/acknowledge", summary="确认接班")
def acknowledge(request: HttpRequest, handover_id: IdParam) -> dict[str, Any]:
    handover = _handover(request, handover_id)
    handovers.acknowledge(actor_of(request), handover)
    handover.refresh_from_db()
    return handover_out(request, handover)
