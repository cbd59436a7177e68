"""The demo's scoring part (run after the publications part's demo): the office's rule table in two versions —
last year's (from 1 January last year) and this year's (from 1 January, slightly higher points for the higher
levels and the penalties) — and ONE item adopted by the city (市委办公室《每日要情》): the first town item in a
distributed issue (failing that, the first adopted item of a town or of any unit), so its unit leads this
month's ranking on the 采用计分 page. Everything through the part's services, as the 信息科 would do it; run
again, it adds nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.roles import Role
from zhongshu.information import adoptions, rule_tables
from zhongshu.information.actions_scoring import ADOPTABLE_STATES
from zhongshu.information.models import (
    AdoptionLevel,
    InfoReport,
    IssueEntry,
    IssueState,
    ItemState,
    ScoreRuleTable,
    ScoringMode,
    UpwardAdoption,
)
from zhongshu.org.models import Person, UnitKind
from zhongshu.org.offices import office_unit_ids

EDITOR = "xwb_xxk_1"
CITY_PUBLICATION = "市委办公室《每日要情》"
LEVELS = ("county", "city", "province", "state_council", "central")
# (version name suffix, adoption points by level, instruction points by level, false, missed, yearly quota)
VERSIONS = {
    "last": ((10, 20, 30, 40, 50), (5, 8, 10, 15, 20), 10, 5, (12, 1)),
    "this": ((10, 25, 40, 60, 80), (6, 10, 15, 20, 30), 15, 8, (12, 1)),
}


def _editor() -> User | None:
    found = User.objects.filter(username=EDITOR, is_active=True).first()
    if found is not None:
        return found
    person = (
        Person.objects.filter(
            user__is_active=True, user__groups__name=Role.INFO_OFFICER.value, unit_id__in=office_unit_ids()
        )
        .select_related("user")
        .order_by("sort_order", "id")
        .first()
    )
    return person.user if person is not None else None


def _version(result: Any, editor: User, year: int, which: str) -> None:
    valid_from = date(year, 1, 1)
    if ScoreRuleTable.objects.filter(valid_from=valid_from).exists():
        return
    adoption, instruction, false_penalty, missed_penalty, (items, per_missing) = VERSIONS[which]
    rules = [
        rule_tables.RuleSpec("adoption", level, Decimal(p)) for level, p in zip(LEVELS, adoption, strict=True)
    ]
    rules += [
        rule_tables.RuleSpec("instruction", level, Decimal(p))
        for level, p in zip(LEVELS, instruction, strict=True)
    ]
    rule_tables.table_create(
        name=f"{year}年度信息采用计分办法",
        valid_from=valid_from,
        mode=ScoringMode.CUMULATIVE,
        false_item_penalty=Decimal(false_penalty),
        missed_commission_penalty=Decimal(missed_penalty),
        rules=rules,
        quotas=[rule_tables.QuotaSpec("year", items, Decimal(per_missing))],
        note="县委办信息科制定，经办公室主任同意施行",
        by=editor,
    )
    result.count("score_rule_tables")


def _city_item() -> tuple[InfoReport, date] | None:
    """The item the city adopted: a town's item in a distributed issue, else an adopted item."""
    entries = (
        IssueEntry.objects.filter(
            issue__state=IssueState.DISTRIBUTED,
            issue__published_on__isnull=False,
            item__state__in=ADOPTABLE_STATES,
        )
        .select_related("item", "item__unit", "issue")
        .order_by("issue__published_on", "id")
    )
    entry = entries.filter(item__unit__kind=UnitKind.TOWN).first() or entries.first()
    if entry is not None and entry.issue.published_on is not None:
        return entry.item, entry.issue.published_on
    item = (
        InfoReport.objects.filter(state=ItemState.ADOPTED).order_by("-unit__kind", "adopted_at", "id").first()
    )
    if item is None:
        return None
    adopted = timezone.localdate(item.adopted_at) if item.adopted_at else timezone.localdate()
    return item, adopted


def _city_adoption(result: Any, editor: User) -> None:
    if UpwardAdoption.objects.filter(publication_name=CITY_PUBLICATION).exists():
        return
    found = _city_item()
    if found is None:
        return
    item, county_on = found
    today = timezone.localdate()
    adopted_on = min(today, county_on + timedelta(days=1))
    adoptions.adoption_record(
        item=item,
        level=AdoptionLevel.CITY,
        publication_name=CITY_PUBLICATION,
        issue_label=f"{adopted_on.year}年第{adopted_on.timetuple().tm_yday}期",
        adopted_on=adopted_on,
        by=editor,
    )
    result.count("upward_adoptions")


def build_demo_scoring(result: Any) -> None:
    editor = _editor()
    if editor is None:
        return
    year = timezone.localdate().year
    # This year's first: last year's, made second, starts before it and so cuts nothing already scored.
    _version(result, editor, year, "this")
    _version(result, editor, year - 1, "last")
    _city_adoption(result, editor)
