"""Facts for the scoring part's tests, written straight to the tables in the state the other parts' services
leave them (an item submitted or adopted, an issue distributed, a 批示 recorded, a 约稿 whose deadline passed),
so these tests do not depend on those parts' services; the scoring part's own services make the rule tables
and upward adoptions."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.information import adoptions, rule_tables
from zhongshu.information.models import (
    Commission,
    CommissionTarget,
    InfoInstruction,
    InfoReport,
    IssueEntry,
    IssueState,
    ItemState,
    Publication,
    PublicationIssue,
    ScoreRuleTable,
    UpwardAdoption,
)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def item(
    county: Any, writer: Any, title: str, *, submitted: date, state: str = ItemState.ADOPTED
) -> InfoReport:
    found = InfoReport.objects.create(
        unit=writer.unit,
        author=writer,
        title=title,
        body=f"{title}。全镇干部群众迅速行动，取得阶段性成效。",
        state=state,
        classification=Classification.INTERNAL,
        owner_unit=writer.unit,
        owner_person=writer,
        submitted_at=at(submitted),
        adopted_at=at(submitted, 15) if state == ItemState.ADOPTED else None,
        created_by=writer.user,
    )
    found.need_to_know_units.add(county.office)
    return found


def distributed(
    county: Any, publication: Publication, published_on: date, *items: InfoReport
) -> PublicationIssue:
    """A distributed issue of `publication` holding `items` (the county's own adoption of each)."""
    number = PublicationIssue.objects.filter(publication=publication, year=published_on.year).count() + 1
    issue = PublicationIssue.objects.create(
        publication=publication,
        year=published_on.year,
        number=number,
        title=items[0].title if items else "",
        state=IssueState.DISTRIBUTED,
        published_on=published_on,
        distributed_at=at(published_on, 16),
        signed_off_by=county.director,
        signed_off_at=at(published_on, 9),
        classification=Classification.INTERNAL,
        owner_unit=county.office,
        created_by=county.editors[0].user,
    )
    for n, it in enumerate(items):
        IssueEntry.objects.create(issue=issue, item=it, position=n, headline=it.title, body=it.body)
    return issue


def upward(county: Any, it: InfoReport, level: str, name: str, label: str, on: date) -> UpwardAdoption:
    return adoptions.adoption_record(
        item=it,
        level=level,
        publication_name=name,
        issue_label=label,
        adopted_on=on,
        by=county.editors[0].user,
    )


def instruction(county: Any, it: InfoReport, level: str, on: date) -> InfoInstruction:
    return InfoInstruction.objects.create(
        item=it,
        leader=county.leaders[0] if level == "county" else None,
        leader_name="" if level == "county" else "市委领导",
        level=level,
        text="请认真总结推广。",
        given_on=on,
        recorded_by=county.editors[0].user,
    )


def mark_false(it: InfoReport, on: date) -> None:
    InfoReport.objects.filter(pk=it.pk).update(false_marked_at=at(on), false_reason="夸大成效")


def missed_commission(county: Any, unit: Any, topic: str, deadline: date) -> CommissionTarget:
    """A 约稿 to `unit` whose deadline passed with no answer (penalised by commissions.missed_targets)."""
    commission = Commission.objects.create(
        topic=topic,
        working_days=3,
        deadline=deadline,
        issued_on=deadline.replace(day=max(1, deadline.day - 5)),
        created_by=county.editors[0].user,
    )
    return CommissionTarget.objects.create(commission=commission, unit=unit)


def table(
    county: Any,
    name: str,
    valid_from: date,
    *,
    mode: str,
    adoption: dict[str, int],
    instruction: dict[str, int] | None = None,
    false_penalty: int = 0,
    missed_penalty: int = 0,
    quotas: list[tuple[str, int, int]] | None = None,
) -> ScoreRuleTable:
    rules = [rule_tables.RuleSpec("adoption", level, Decimal(p)) for level, p in adoption.items()]
    rules += [
        rule_tables.RuleSpec("instruction", level, Decimal(p)) for level, p in (instruction or {}).items()
    ]
    return rule_tables.table_create(
        name=name,
        valid_from=valid_from,
        mode=mode,
        false_item_penalty=Decimal(false_penalty),
        missed_commission_penalty=Decimal(missed_penalty),
        rules=rules,
        quotas=[rule_tables.QuotaSpec(p, n, Decimal(pen)) for p, n, pen in (quotas or [])],
        by=county.editors[0].user,
    )
