"""Filing supervision items once closed out (销号). An item has no formal title, so the archivist's title is
self-made and printed in [ ]; the item holds the units' reports' files (progress and completion evidence)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.archives.filing import FilingData, FilingFile, FilingSource, register_filing_source
from zhongshu.archives.models import Retention
from zhongshu.supervision.models import ProgressReport, SupervisionItem
from zhongshu.supervision.services import item_filed
from zhongshu.supervision.states import ItemState


def is_fileable(item: SupervisionItem) -> str | None:
    if item.state != ItemState.CLOSED:
        return f"督查事项尚未销号（当前状态：{item.get_state_display()}），不能归档"
    return None


def pending(queryset: QuerySet[SupervisionItem]) -> QuerySet[SupervisionItem]:
    return queryset.filter(state=ItemState.CLOSED)


def _org(item: SupervisionItem) -> tuple[str, str]:
    department = item.supervisor.department if item.supervisor is not None else None
    if department is not None:
        return department.code, department.name
    unit = item.owner_unit
    return (unit.code, unit.name) if unit is not None else ("QT", "其他")


def describe(item: SupervisionItem) -> FilingData:
    from zhongshu.attachments.services import attachments_of

    day = item.closed_on or timezone.localdate()
    org_code, org_name = _org(item)
    reports = list(ProgressReport.objects.filter(item=item).order_by("at", "id"))
    files = [
        FilingFile(name=attachment.file.original_name, stored=attachment.file)
        for report in reports
        for attachment in attachments_of(report)
    ]
    text = "\n".join([item.title, item.body, *(report.text for report in reports)])
    return FilingData(
        title=f"{item.title}督查办理情况",
        self_made_title=True,
        year=day.year,
        date=day,
        org_code=org_code,
        org_name=org_name,
        responsible=item.lead_unit.name if item.lead_unit else "",
        retention=Retention.Y30,
        pages=max(1, len(reports) + len(files)),
        body_text=text,
        files=files,
        classification=item.classification,
        secrecy_term_years=item.secrecy_term_years,
        owner_person_id=item.owner_person_id,
        owner_unit_id=item.owner_unit_id,
        need_to_know_people=list(item.need_to_know_people.values_list("pk", flat=True)),
        need_to_know_units=list(item.need_to_know_units.values_list("pk", flat=True)),
    )


def register() -> None:
    """Called from `SupervisionConfig.ready()`: archives keeps only the interface, supervision says how it files."""
    register_filing_source(
        FilingSource(
            model=SupervisionItem,
            kind="supervision_item",
            label="督查事项",
            is_fileable=is_fileable,
            describe=describe,
            pending=pending,
            url=lambda item: reverse("supervision:item", args=[item.pk]),
            on_filed=lambda item, user, code: item_filed(item=item, by=user, reference_code=code),
        )
    )
