"""Helpers of the commissions and instructions tests: an item of a unit submitted at a given moment (the
submissions part's service is another part's; the tests here need only the stored facts it leaves)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from tests.information.conftest import County
from zhongshu.information import commissions
from zhongshu.information.models import (
    CommissionTarget,
    InfoReport,
    IssueEntry,
    IssueState,
    ItemState,
    PublicationIssue,
)
from zhongshu.org.models import Person


def at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def submit(
    writer: Person,
    title: str,
    *,
    when: datetime | None,
    target: CommissionTarget | None = None,
    state: str = ItemState.SUBMITTED,
    **fields: Any,
) -> InfoReport:
    item = InfoReport.objects.create(
        unit=writer.unit,
        author=writer,
        title=title,
        body=f"{title}。正文。",
        state=state if when is not None else ItemState.DRAFT,
        submitted_at=when,
        commission_target=target,
        created_by=writer.user,
        owner_unit=writer.unit,
        owner_person=writer,
        **fields,
    )
    return item


def issue(
    county: County, *, today: date, days: int = 2, units: list[Any] | None = None, topic: str = "秋粮收购进展"
):
    return commissions.commission_issue(
        by=county.editors[0].user,
        topic=topic,
        detail="请报送本地秋粮收购进度、价格和存在的问题",
        units=units if units is not None else [*county.towns, county.bureau],
        working_days=days,
        today=today,
        now=at(today, 8),
    )


def target_of(commission: Any, unit: Any) -> CommissionTarget:
    return CommissionTarget.objects.get(commission=commission, unit=unit)


def adopted_item(
    county: County, *, title: str = "城关镇创新“积分制”推动乡村治理", when: datetime | None = None
) -> InfoReport:
    """A town's item, submitted and adopted by the office (its editors in its need-to-know)."""
    when = when or timezone.now() - timedelta(days=3)
    item = submit(county.town_writers[0], title, when=when, state=ItemState.ADOPTED)
    item.adopted_at = when + timedelta(hours=2)
    item.adopted_by = county.editors[0].user
    item.save(update_fields=["adopted_at", "adopted_by"])
    item.need_to_know_people.add(*county.editors, county.director)
    return item


def distributed_issue(county: County, item: InfoReport, *, when: datetime | None = None) -> PublicationIssue:
    """快报 2026年第3期 carrying `item`, signed and distributed to the publication's readers."""
    when = when or timezone.now() - timedelta(days=1)
    publication = county.publications["kuaibao"]
    issue = PublicationIssue.objects.create(
        publication=publication,
        year=when.year,
        number=3,
        title="乡村治理专刊",
        state=IssueState.DISTRIBUTED,
        signed_off_by=county.director,
        signed_off_at=when - timedelta(hours=2),
        published_on=timezone.localdate(when),
        distributed_at=when,
        created_by=county.editors[0].user,
        classification=publication.classification,
        owner_unit=county.office,
        owner_person=county.editors[0],
    )
    IssueEntry.objects.create(issue=issue, item=item, position=1, headline=item.title, body=item.body)
    issue.need_to_know_people.set([*publication.reader_people.all(), *county.editors, county.director])
    issue.need_to_know_units.set(publication.reader_units.all())
    return issue
