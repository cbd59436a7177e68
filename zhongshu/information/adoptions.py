"""上级采用: the editor records that a higher office's publication adopted an item (市级, 省级, 国务院办公厅,
中央办公厅), with the publication's name, its 期号 and the date. The county's own adoptions are not entered:
they are the item's entries in distributed issues of the county's publications (dated the issue's published_on).

Refused with a clear message and nothing saved: an item adopted twice in one issue of one publication, a
county level (derived, never entered), a date in the future, an item not yet with the office (a draft, one
returned to its unit or merged into another — the adoption is recorded on the item it was merged into).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.information.actions_scoring import ADOPTION_RULES, ITEM_RULES
from zhongshu.information.models import (
    AdoptionLevel,
    InfoReport,
    IssueEntry,
    IssueState,
    UpwardAdoption,
)
from zhongshu.information.roles import is_editor, is_leader

UPWARD_LEVELS = [
    (str(value), str(label)) for value, label in AdoptionLevel.choices if value != AdoptionLevel.COUNTY
]


def _text(raw: str, *, label: str, field: str, most: int) -> str:
    value = (raw or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}", code=f"{field}_required", field=field)
    if len(value) > most:
        raise ServiceError(f"{label}不能超过{most}字", code="too_long", field=field)
    return value


def adoption_record(
    *,
    item: InfoReport,
    level: str,
    publication_name: str,
    issue_label: str,
    adopted_on: date | None,
    by: Actor,
    today: date | None = None,
) -> UpwardAdoption:
    """Record an upward adoption of `item` (editors)."""
    ITEM_RULES.require("record_adoption", by, item)
    if level == AdoptionLevel.COUNTY:
        raise ServiceError(
            "县级采用由本县刊物分发后自动计入，无需登记", code="county_level_derived", field="level"
        )
    if level not in dict(UPWARD_LEVELS):
        raise ServiceError("请选择采用层级", code="unknown_level", field="level")
    publication_name = _text(publication_name, label="采用刊物", field="publication_name", most=60)
    issue_label = _text(issue_label, label="期号", field="issue_label", most=30)
    if adopted_on is None:
        raise ServiceError("请填写采用日期", code="adopted_on_required", field="adopted_on")
    if adopted_on > (today or timezone.localdate()):
        raise ServiceError("采用日期不能晚于今天", code="adopted_on_future", field="adopted_on")
    try:
        with transaction.atomic():
            item = InfoReport.objects.select_for_update().get(pk=item.pk)
            ITEM_RULES.require("record_adoption", by, item)
            if UpwardAdoption.objects.filter(
                item=item, publication_name=publication_name, issue_label=issue_label
            ).exists():
                raise ServiceError(
                    f"该信息已登记被《{publication_name.strip('《》')}》{issue_label}采用，同一期不能重复登记",
                    code="adopted_twice",
                    field="issue_label",
                )
            adoption = UpwardAdoption.objects.create(
                item=item,
                level=level,
                publication_name=publication_name,
                issue_label=issue_label,
                adopted_on=adopted_on,
                recorded_by=by,
            )
            _audit(adoption, by=by, action="information.adoption.record")
    except IntegrityError:
        raise Conflict(
            "该信息在这一期的采用已由他人登记，请刷新后查看", code="adopted_twice", field="issue_label"
        ) from None
    return adoption


def adoption_delete(*, adoption: UpwardAdoption, by: Actor) -> None:
    """Strike out an upward adoption entered by mistake (editors); the audit log keeps what it said."""
    ADOPTION_RULES.require("delete", by, adoption)
    with transaction.atomic():
        adoption = UpwardAdoption.objects.select_for_update().get(pk=adoption.pk)
        _audit(adoption, by=by, action="information.adoption.delete")
        adoption.delete()


def _audit(adoption: UpwardAdoption, *, by: Any, action: str) -> None:
    audit_record(
        actor=by,
        action=action,
        target=adoption,
        details={
            "level": adoption.level,
            "publication_name": adoption.publication_name,
            "issue_label": adoption.issue_label,
            "adopted_on": adoption.adopted_on.isoformat(),
            "note": f"信息编号{adoption.item_id}",
        },
    )


@dataclass(frozen=True)
class AdoptionLine:
    """One adoption of an item, the county's own (an issue entry) or upward."""

    kind: str  # "county" or "upward"
    level: str
    level_label: str
    source: str
    on: date
    adoption_id: int | None  # the UpwardAdoption (deletable by editors)


def adoptions_of(item: InfoReport) -> list[AdoptionLine]:
    """Where the item was adopted: its entries in distributed issues, then upward adoptions, by date."""
    labels = dict(AdoptionLevel.choices)
    lines = [
        AdoptionLine(
            "county",
            level or AdoptionLevel.COUNTY,
            str(labels.get(level or AdoptionLevel.COUNTY, level)),
            f"{name}{year}年第{number}期",
            cast(date, on),
            None,
        )
        for level, name, year, number, on in IssueEntry.objects.filter(
            item=item, issue__state=IssueState.DISTRIBUTED, issue__published_on__isnull=False
        ).values_list(
            "issue__publication__level",
            "issue__publication__name",
            "issue__year",
            "issue__number",
            "issue__published_on",
        )
    ]
    lines.extend(
        AdoptionLine(
            "upward",
            a.level,
            a.get_level_display(),
            f"{a.publication_name}{a.issue_label}",
            a.adopted_on,
            a.pk,
        )
        for a in UpwardAdoption.objects.filter(item=item)
    )
    lines.sort(key=lambda line: (line.on, line.kind))
    return lines


def _adoption_scope(viewer: Viewer, action: Action) -> Q | None:
    """Editors and leaders see every upward adoption; anyone else his own unit's items' adoptions. Only
    editors change them."""
    if not viewer.is_business_person:
        return None
    if is_editor(viewer):
        return Q()
    if action != Action.VIEW:
        return None
    if is_leader(viewer):
        return Q()
    unit = viewer.unit_id or 0
    return Q(item__unit_id=unit) | Q(item__merged_into__unit_id=unit)


def register() -> None:
    register_scope(UpwardAdoption, _adoption_scope)
