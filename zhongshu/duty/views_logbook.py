"""Pages of the duty module's logbook part: 值班记录 (today's log of the viewer's duty room, by shift), the
entry form and page, the shift's printable log (DOCX), and 交接班. Thin: the contracts in schemas_logbook read
the input, the services in logbook.py and handover.py act, the rules in actions_logbook say what is offered."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhongshu.access.policy import RecordNotFound
from zhongshu.accounts.actors import actor_of
from zhongshu.audit.disclosure import Shown, audit_shown
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.duty import handover as handovers
from zhongshu.duty import logbook
from zhongshu.duty.actions_logbook import ENTRY_RULES, HANDOVER_RULES
from zhongshu.duty.log_docx import log_docx
from zhongshu.duty.models import DutyLogEntry, DutyShift, EntryKind, Urgency
from zhongshu.duty.roles import may_use_duty
from zhongshu.duty.schemas_logbook import LEVELS, CloseIn, EntryIn, HandOverIn
from zhongshu.org.models import Unit

TAB = "logbook"


def _allowed(request: HttpRequest) -> None:
    if not may_use_duty(request.user):
        raise PermissionDenied("无权使用值班应急")


def _room(request: HttpRequest) -> Unit | None:
    """The duty room whose log the viewer reads: the one he works in, else his own unit."""
    room = logbook.duty_room_of(request.user)
    if room is None:
        person = logbook.person_of(request.user)
        room = person.unit if person is not None else None
    return room


def _day(raw: str | None) -> date:
    if raw:
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    return timezone.localdate()


def _form_values(entry: DutyLogEntry | None, data: Any = None) -> dict[str, Any]:
    if data is not None:
        return {
            key: data.get(key, "")
            for key in (*logbook.TEXT_FIELDS, "kind", "urgency", "received_at", "classification", "version")
        }
    if entry is None:
        return {
            "kind": EntryKind.CALL,
            "urgency": Urgency.ROUTINE,
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "classification": "1",
        }
    values: dict[str, Any] = {name: getattr(entry, name) for name in logbook.TEXT_FIELDS}
    values.update(
        kind=entry.kind,
        urgency=entry.urgency,
        received_at=timezone.localtime(entry.received_at).strftime("%Y-%m-%dT%H:%M"),
        classification=str(int(entry.classification)),
        version=entry.version,
    )
    return values


def _form(
    request: HttpRequest,
    entry: DutyLogEntry | None,
    *,
    values: dict[str, Any],
    error: ServiceError | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "duty/log_form.html",
        {
            "current_tab": TAB,
            "entry": entry,
            "values": values,
            "error": error,
            "kinds": EntryKind.choices,
            "urgencies": Urgency.choices,
            "levels": [(int(level), level.label) for level in LEVELS],
        },
        status=status,
    )


@login_required
def log(request: HttpRequest) -> HttpResponse:
    """值班记录: the day's log of the viewer's duty room, shift by shift, urgent entries first."""
    _allowed(request)
    room = _room(request)
    day = _day(request.GET.get("day"))
    groups = logbook.day_log(request.user, room, day) if room is not None else []
    audit_shown(request.user, [e for g in groups for e in g.entries], route="duty.log")
    may_write = room is not None and logbook.may_write(request.user, room.pk)
    waiting = list(handovers.waiting_for(request.user)[:5])
    return render(
        request,
        "duty/log.html",
        {
            "current_tab": TAB,
            "room": room,
            "day": day,
            "previous_day": day.fromordinal(day.toordinal() - 1),
            "next_day": day.fromordinal(day.toordinal() + 1),
            "is_today": day == timezone.localdate(),
            "groups": groups,
            "count": sum(len(g.entries) for g in groups),
            "urgent_count": sum(1 for g in groups for e in g.entries if e.urgency == Urgency.URGENT),
            "may_write": may_write,
            "waiting": waiting,
        },
    )


@login_required
def log_new(request: HttpRequest) -> HttpResponse:
    """记录来电（来文、来访）: the entry form; the entry goes into the viewer's duty room's log."""
    _allowed(request)
    room = logbook.duty_room_of(request.user)
    if room is None:
        raise PermissionDenied("只有值班室可以记录值班记录")
    if request.method != "POST":
        return _form(request, None, values=_form_values(None))
    try:
        contract = EntryIn.parse(Input.of(request), request.user)
        entry = logbook.log_entry(actor_of(request), room, contract.data)
    except ServiceError as error:
        return _form(request, None, values=_form_values(None, request.POST), error=error, status=400)
    messages.success(request, "值班记录已保存")
    return redirect("duty:log_entry", pk=entry.pk)


@login_required
def log_entry(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    entry = logbook.entry_for(request.user, pk)
    audit_shown(request.user, [entry], route="duty.log_entry", action="record.view")
    return render(
        request,
        "duty/log_entry.html",
        {
            "current_tab": TAB,
            "entry": entry,
            "actions": ENTRY_RULES.available(request.user, entry),
            "may_open_incident": logbook.may_write(request.user, entry.unit_id),
        },
    )


@login_required
def log_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    entry = logbook.entry_for(request.user, pk)
    refusal = ENTRY_RULES.check("edit", request.user, entry)
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("duty:log_entry", pk=entry.pk)
    if request.method != "POST":
        return _form(request, entry, values=_form_values(entry))
    try:
        contract = EntryIn.parse(Input.of(request), request.user)
        logbook.edit_entry(actor_of(request), entry, contract.data, version=contract.version)
    except ServiceError as error:
        return _form(request, entry, values=_form_values(entry, request.POST), error=error, status=400)
    messages.success(request, "值班记录已修改")
    return redirect("duty:log_entry", pk=entry.pk)


@login_required
@require_POST
def log_close(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    entry = logbook.entry_for(request.user, pk)
    try:
        logbook.close_entry(
            actor_of(request), entry, result=CloseIn.parse(Input.of(request), request.user).result
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已办结")
    return redirect("duty:log_entry", pk=entry.pk)


def shift_log_title(shift: DutyShift) -> str:
    start, end = timezone.localtime(shift.starts_at), timezone.localtime(shift.ends_at)
    return f"{start:%Y年%m月%d日 %H:%M}至{end:%Y年%m月%d日 %H:%M}"


@login_required
def log_docx_view(request: HttpRequest, shift_pk: int) -> HttpResponse:
    """The shift's log, printable: only the entries the reader may see."""
    _allowed(request)
    shift = DutyShift.objects.select_related("unit", "person", "role").filter(pk=shift_pk).first()
    if shift is None or not logbook.may_read_room(request.user, shift.unit_id):
        raise Http404()
    entries = logbook.shift_entries(request.user, shift)
    shown = Shown()
    for entry in entries:
        shown.add(entry)
    shown.record(request.user, action="record.export", route="duty.log_docx", always=True)  # an export
    body = log_docx(shift.unit.name, shift, shift_log_title(shift), entries)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"值班记录-{timezone.localtime(shift.starts_at):%Y%m%d}.docx"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# --- 交接班 --------------------------------------------------------------------------------------------------


@login_required
def handover_list(request: HttpRequest) -> HttpResponse:
    """交接班: the duty room's handovers, and the form to hand over with the open matters listed."""
    _allowed(request)
    room = logbook.duty_room_of(request.user)
    if request.method == "POST":
        if room is None:
            raise PermissionDenied("只有值班室可以交班")
        try:
            contract = HandOverIn.parse(Input.of(request), request.user)
            made = handovers.hand_over(
                actor_of(request), room, notes=contract.notes, item_notes=contract.item_notes
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("duty:handovers")
        messages.success(request, "已交班，等待下一班确认")
        return redirect("duty:handover", pk=made.pk)
    matters: list[DutyLogEntry] = []
    if room is not None:
        matters = list(
            logbook.entries_for(request.user)
            .filter(pk__in=logbook.open_entries(room, timezone.now()).values("pk"))
            .order_by("received_at")
        )
        audit_shown(request.user, matters, route="duty.handovers")
    return render(
        request,
        "duty/handovers.html",
        {
            "current_tab": TAB,
            "room": room,
            "matters": matters,
            "handovers": list(handovers.handovers_for(request.user).order_by("-handed_at")[:30]),
            "waiting": set(handovers.waiting_for(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
def handover_page(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    handover = handovers.handover_for(request.user, pk)
    items = handovers.items_shown(request.user, handover)
    audit_shown(request.user, [item.entry for item, readable in items if readable], route="duty.handover")
    actions = HANDOVER_RULES.available(request.user, handover)
    return render(
        request,
        "duty/handover.html",
        {
            "current_tab": TAB,
            "handover": handover,
            "items": items,
            "actions": actions,
            "urgent_pending": sum(
                1
                for item, _ in items
                if item.entry.urgency == Urgency.URGENT and item.acknowledged_at is None
            ),
        },
    )


@login_required
@require_POST
def handover_item_ack(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    _allowed(request)
    handover = handovers.handover_for(request.user, pk)
    item = handover.items.filter(pk=item_pk).first()
    if item is None:
        raise RecordNotFound()
    try:
        handovers.acknowledge_item(actor_of(request), item)
    except ServiceError as error:
        messages.error(request, error.message)
    return redirect(reverse("duty:handover", args=[handover.pk]) + f"#item-{item.pk}")


@login_required
@require_POST
def handover_ack(request: HttpRequest, pk: int) -> HttpResponse:
    _allowed(request)
    handover = handovers.handover_for(request.user, pk)
    try:
        handovers.acknowledge(actor_of(request), handover)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已确认接班")
    return redirect("duty:handover", pk=handover.pk)


urlpatterns: list[URLPattern] = [
    path("log/", log, name="log"),
    path("log/new/", log_new, name="log_new"),
    path("log/<int:pk>/", log_entry, name="log_entry"),
    path("log/<int:pk>/edit/", log_edit, name="log_edit"),
    path("log/<int:pk>/close/", log_close, name="log_close"),
    path("log/shifts/<int:shift_pk>/docx/", log_docx_view, name="log_docx"),
    path("handovers/", handover_list, name="handovers"),
    path("handovers/<int:pk>/", handover_page, name="handover"),
    path("handovers/<int:pk>/items/<int:item_pk>/acknowledge/", handover_item_ack, name="handover_item_ack"),
    path("handovers/<int:pk>/acknowledge/", handover_ack, name="handover_ack"),
]


def _tab_allowed(user: Any) -> bool:
    return may_use_duty(user)


def register() -> None:
    """The part's tab and registries, called once from DutyConfig.ready()."""
    from zhongshu.core.todos import register_todo_source
    from zhongshu.core.workbench import register_panel_source
    from zhongshu.duty.tabs import register_tab

    register_tab(TAB, "值班记录", "duty:log", order=20, allowed=_tab_allowed)
    register_todo_source("duty.handover", handovers.handover_todos)
    register_panel_source("duty.shift_log", handovers.shift_panel)
    register_panel_source("duty.handover", handovers.handover_panel)
