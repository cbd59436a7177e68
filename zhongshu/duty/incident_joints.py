"""Where an incident meets the rest of the platform: a leader's 批示 on it (IncidentInstruction), which the
supervisor turns into a supervision item through `core.instructions` (duty never imports supervision), linked
both ways through `access.links` — the item names the instruction as its source (registered here with
`register_linked`), and the incident's section lists the items made from each instruction, with their state,
under the viewer's own access."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import RecordLink, made_from_each, register_linked
from zhongshu.access.policy import Action, Viewer, register_scope, scope_filter
from zhongshu.accounts.actors import Actor
from zhongshu.archives.filing import FilingData, FilingFile, FilingSource, register_filing_source
from zhongshu.archives.models import FileRole, Retention
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.instructions import Instruction, instruction_follow_up, supervise_once
from zhongshu.duty.models import Incident, IncidentInstruction, IncidentState
from zhongshu.duty.roles import is_duty_room, is_leader, may_use_duty
from zhongshu.org.models import Person
from zhongshu.search.registry import SearchSource, SearchText, register_source

TEXT_MAX = 2000
ITEM_TITLE_MAX = 100


def instruction_scope(viewer: Viewer, action: Action) -> Q | None:
    """An instruction is read with its incident: whoever may see the incident sees its instructions."""
    rule = scope_filter(Incident, viewer, action)
    if rule is None:
        return None
    return Q(incident__in=Incident.objects.filter(rule).values("pk"))


def instruction_url(instruction: IncidentInstruction) -> str:
    return reverse("duty:incident", args=[instruction.incident_id]) + f"#instruction-{instruction.pk}"


def register() -> None:
    """From the plans part's register(): the instructions' access scope and their name as an item's source."""
    register_scope(IncidentInstruction, instruction_scope)
    register_linked(
        IncidentInstruction,
        noun="突发事件领导批示",
        title=lambda instruction: f"{instruction.incident.title}：{instruction.text[:40]}",
        url=instruction_url,
    )


def may_record_instruction(user: Any) -> bool:
    """A leader writes his own 批示; the duty room enters one given by telephone."""
    return may_use_duty(user) and (is_duty_room(user) or is_leader(user))


def instruction_record(
    *,
    by: Actor,
    incident: Incident,
    leader: Person | None,
    text: str,
    given_at: datetime | None,
    now: datetime | None = None,
) -> IncidentInstruction:
    """记录领导批示: by the leader himself, or by the duty room for the leader who gave it by telephone. Its
    time is not before the office learned of the incident and not in the future."""
    now = now or timezone.now()
    if not may_record_instruction(by):
        raise Forbidden("只有领导本人或值班室人员可以记录领导批示", code="not_allowed")
    if leader is None:
        raise ServiceError("请选择批示领导", code="leader_required", field="leader")
    if not leader.is_leader:
        raise ServiceError(f"{leader.name}不是领导，不能作批示", code="not_a_leader", field="leader")
    if not is_duty_room(by) and (by.person_or_none is None or by.person_or_none.pk != leader.pk):
        raise ServiceError("领导只能记录本人的批示", code="not_own_instruction", field="leader")
    text = text.strip()
    if not text:
        raise ServiceError("请填写批示内容", code="text_required", field="text")
    if len(text) > TEXT_MAX:
        raise ServiceError(f"批示内容不能超过{TEXT_MAX}字", code="text_too_long", field="text")
    if given_at is None:
        raise ServiceError("请填写批示时间", code="given_at_required", field="given_at")
    if given_at > now:
        raise ServiceError("批示时间不能晚于现在", code="given_in_future", field="given_at")
    if given_at < incident.learned_at:
        raise ServiceError("批示时间不能早于获知事件的时间", code="given_before_learned", field="given_at")
    with transaction.atomic():
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if (
            incident.state == IncidentState.CLOSED
            and incident.closed_at is not None
            and given_at > incident.closed_at
        ):
            raise ServiceError(
                "事件已终报，只能补录终报前的批示", code="given_after_closed", field="given_at"
            )
        instruction = IncidentInstruction.objects.create(
            incident=incident, leader=leader, text=text, given_at=given_at, recorded_by=by, recorded_at=now
        )
        incident.version += 1
        incident.save(update_fields=["version"])
        audit_record(
            actor=by,
            action="duty.incident.instruction",
            target=incident,
            details={"instruction": instruction.pk},
        )
    return instruction


def may_supervise(user: Any) -> bool:
    follow_up = instruction_follow_up("supervision")
    return follow_up is not None and may_use_duty(user) and bool(follow_up.allowed(user))


def _instruction(instruction: IncidentInstruction) -> Instruction:
    incident = instruction.incident
    title = f"落实{instruction.leader.name}对“{incident.title}”的批示"
    if len(title) > ITEM_TITLE_MAX:
        title = f"落实{instruction.leader.name}对突发事件的批示"
    return Instruction(
        title=title[:ITEM_TITLE_MAX],
        text=instruction.text,
        source_record=instruction,
        source_note=f"{instruction.leader.name}批示：{incident.title}"[:300],
        classification=incident.classification,
        secrecy_term_years=getattr(incident, "secrecy_term_years", None),
        leader=instruction.leader,
        origin="instruction",
    )


def instruction_supervise(*, by: Actor, instruction: IncidentInstruction) -> Any:
    """转为督办事项: the supervision item (source 领导批示, this instruction its source record), once."""
    with transaction.atomic():
        instruction, item = supervise_once(
            by=by,
            rows=IncidentInstruction.objects.select_related("incident", "leader"),
            pk=instruction.pk,
            allowed=may_supervise(by),
            instruction_of=_instruction,
        )
        audit_record(
            actor=by,
            action="duty.incident.instruction_supervise",
            target=instruction.incident,
            details={"instruction": instruction.pk, "item": item.pk},
        )
    return item


def instruction_rows(
    incident: Incident, viewer: Any
) -> list[tuple[IncidentInstruction, list[RecordLink], bool]]:
    """The incident's instructions for its page and the API: each with the supervision items made from it
    that the viewer may see (their state included) and whether the viewer may supervise it now."""
    instructions = list(incident.instructions.select_related("leader", "recorded_by"))
    for instruction in instructions:
        instruction.incident = incident
    links = made_from_each(instructions, viewer)
    supervising = may_supervise(viewer)
    return [
        (instruction, links.get(instruction.pk, []), supervising and instruction.supervised_at is None)
        for instruction in instructions
    ]


# --- 归档: a closed incident files to the archives as one item --------------------------------------------


def is_fileable(incident: Incident) -> str | None:
    if incident.state != IncidentState.CLOSED:
        return f"突发事件尚未终报（当前状态：{incident.get_state_display()}），不能归档"
    return None


def pending(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.filter(state=IncidentState.CLOSED)


def describe(incident: Incident) -> FilingData:
    """The item holds every report's DOCX and the timeline's DOCX; its text is the reports' and the timeline's."""
    from zhongshu.duty.incident_docx import report_docx, timeline_docx
    from zhongshu.duty.incident_reports import report_title, reports_of
    from zhongshu.duty.incidents import incident_timeline

    day = timezone.localdate(incident.closed_at or incident.learned_at)
    reports = reports_of(incident)
    events = incident_timeline(incident)
    files = [
        FilingFile(
            name=f"{report_title(report)}.docx",
            role=FileRole.ATTACHMENT,
            render=(lambda report=report: report_docx(report)),  # type: ignore[misc]
        )
        for report in reports
    ]
    files.append(
        FilingFile(
            name=f"{incident.title}处置时间线.docx",
            role=FileRole.ATTACHMENT,
            render=lambda: timeline_docx(incident, events),
        )
    )
    text = "\n".join(
        [
            incident.title,
            incident.place,
            incident.summary,
            *(report_title(report) + "：" + (report.body or report.nature) for report in reports),
            *(f"{timezone.localtime(event.at):%Y-%m-%d %H:%M} {event.text}" for event in events),
        ]
    )
    unit = incident.unit
    return FilingData(
        title=f"{incident.title}处置情况",
        self_made_title=True,
        year=day.year,
        date=day,
        org_code=unit.code or "QT",
        org_name=unit.name,
        responsible=unit.name,
        retention=Retention.Y30,
        pages=max(1, len(files)),
        body_text=text,
        files=files,
        classification=incident.classification,
        secrecy_term_years=incident.secrecy_term_years,
        owner_person_id=incident.owner_person_id,
        owner_unit_id=incident.owner_unit_id,
        need_to_know_people=list(incident.need_to_know_people.values_list("pk", flat=True)),
        need_to_know_units=list(incident.need_to_know_units.values_list("pk", flat=True)),
    )


# --- 搜索: incidents as a search source, under the incident's own access -----------------------------------


def incident_text(incident: Incident) -> SearchText | None:
    instructions = [instruction.text for instruction in incident.instructions.all()]
    parts = [
        incident.summary,
        incident.place,
        incident.subtype,
        incident.get_category_display(),
        *instructions,
    ]
    return SearchText(
        title=incident.title,
        body="\n".join(part for part in parts if part),
        url=reverse("duty:incident", args=[incident.pk]),
        date=timezone.localdate(incident.learned_at),
        unit_id=incident.unit_id,
        names=(incident.unit.name,),
    )


def incidents_to_index() -> QuerySet[Incident]:
    return Incident.objects.select_related("unit").prefetch_related("instructions")


def register_joints() -> None:
    """From the plans part's register(): the incidents' filing source and search source."""
    register_filing_source(
        FilingSource(
            model=Incident,
            kind="duty_incident",
            label="突发事件",
            is_fileable=is_fileable,
            describe=describe,
            pending=pending,
            url=lambda incident: reverse("duty:incident", args=[incident.pk]),
        )
    )
    register_source(
        SearchSource(
            kind="duty_incident",
            label="突发事件",
            model=Incident,
            to_text=incident_text,
            queryset=incidents_to_index,
        )
    )
