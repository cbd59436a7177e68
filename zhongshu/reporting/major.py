"""三重一大 filings: a unit files its major decisions, important appointments, major projects and large fund uses
(重大决策, 重要干部任免, 重大项目安排, 大额资金使用) before the meeting that decides them.

A filing dated after its meeting is refused. One filed fewer than ZHONGSHU_MAJOR_DECISION_LEAD_DAYS working
days before the meeting is accepted but marked 迟报 (`late`): its deadline is the N-th working day before the
meeting (zhongshu.workdays), so a filing on that day leaves the office N working days, the filing day
included. After the meeting the unit records the outcome (已决策) or withdraws the filing (已撤回).

The filing is Classified: held by the filing unit and its filer; the county office's units join need-to-know so
the office sees every filing (a 秘密 one only its cleared people). The compliance view counts filings and late
ones per unit with `counts_by_unit`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, clearance_covers
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.org.offices import office_unit_ids
from zhongshu.reporting.models import MajorCategory, MajorDecisionFiling, MajorFilingState
from zhongshu.reporting.roles import files_for_unit, keeps_checklists
from zhongshu.workdays.calendar import add_workdays, workdays_between

# How far ahead a deciding meeting may be filed: beyond a year is a typing mistake, not a plan.
MOST_DAYS_AHEAD = 366
# The largest amount the register takes (万元): max_digits 14, two decimals.
MOST_AMOUNT = Decimal("999999999999.99")
NEEDS_AMOUNT = (MajorCategory.FUND_USE, MajorCategory.PROJECT)
LEVELS = (
    Classification.INTERNAL,
    Classification.CONFIDENTIAL,
    Classification.SECRET,
    Classification.TOP_SECRET,
)


@dataclass(frozen=True)
class MajorCounts:
    filed: int
    late: int  # filed fewer than ZHONGSHU_MAJOR_DECISION_LEAD_DAYS working days before the meeting


def lead_days() -> int:
    return int(settings.ZHONGSHU_MAJOR_DECISION_LEAD_DAYS)


def due_by(meeting_on: date) -> date:
    """The last day a filing is on time: the N-th working day before the meeting."""
    return add_workdays(meeting_on, -lead_days())


def working_days_before(filed_on: date, meeting_on: date) -> int:
    """Working days from the filing day (included) up to the meeting (not included)."""
    return workdays_between(filed_on - timedelta(days=1), meeting_on - timedelta(days=1))


def is_late(filed_on: date, meeting_on: date) -> bool:
    return filed_on > due_by(meeting_on)


def counts_by_unit(unit_ids: list[int], start: date, end: date) -> dict[int, MajorCounts]:
    """Per unit, its 三重一大 filings whose meeting fell in [start, end] (withdrawn ones not counted): one
    aggregate query. Units without a filing are left out."""
    rows = (
        MajorDecisionFiling.objects.filter(
            unit_id__in=list(unit_ids), meeting_on__gte=start, meeting_on__lte=end
        )
        .exclude(state=MajorFilingState.WITHDRAWN)
        .order_by()
        .values("unit_id")
        .annotate(filed=Count("id"), late=Count("id", filter=Q(late=True)))
    )
    return {row["unit_id"]: MajorCounts(filed=row["filed"], late=row["late"]) for row in rows}


# --- who ----------------------------------------------------------------------------------------------------


def may_file(user: Any) -> bool:
    """A unit's liaison, 文书, leaders and 信息员 file their unit's matters."""
    person = getattr(user, "person_or_none", None)
    return person is not None and person.unit_id is not None and files_for_unit(user)


def files_for(user: Any, filing: MajorDecisionFiling) -> bool:
    person = getattr(user, "person_or_none", None)
    return may_file(user) and person is not None and person.unit_id == filing.unit_id


def sees_every_unit(user: Any) -> bool:
    """The county office's keepers read the register of every unit (their filter offers the units)."""
    return keeps_checklists(user)


def visible_filings(user: Any) -> QuerySet[MajorDecisionFiling]:
    return visible(MajorDecisionFiling.objects.select_related("unit", "filed_by"), user)


def filing_url(filing: MajorDecisionFiling) -> str:
    return reverse("reporting:major", args=[filing.pk])


# --- checks -------------------------------------------------------------------------------------------------


def _check(
    *,
    by: Actor,
    category: str,
    title: str,
    amount: Decimal | None,
    meeting_name: str,
    meeting_on: date | None,
    classification: int,
    filed_on: date,
) -> date:
    if category not in MajorCategory.values:
        raise ServiceError("请选择事项类别", code="bad_category", field="category")
    if not title.strip():
        raise ServiceError("请填写事项名称", code="required", field="title")
    if amount is not None and amount < 0:
        raise ServiceError("涉及金额不能为负数", code="negative_amount", field="amount")
    if amount is not None and amount > MOST_AMOUNT:
        raise ServiceError("涉及金额过大，请以万元为单位填写", code="amount_too_large", field="amount")
    if category in NEEDS_AMOUNT and amount is None:
        raise ServiceError(
            f"{MajorCategory(category).label}须填写涉及金额（万元）", code="amount_required", field="amount"
        )
    if not meeting_name.strip():
        raise ServiceError("请填写决策会议名称", code="required", field="meeting_name")
    if meeting_on is None:
        raise ServiceError("请填写会议日期", code="required", field="meeting_on")
    if meeting_on < filed_on:
        raise ServiceError(
            f"三重一大事项须在决策前报备：会议已于{meeting_on:%Y年%m月%d日}召开，"
            f"不能在{filed_on:%Y年%m月%d日}补报",
            code="filed_after_meeting",
            field="meeting_on",
        )
    if meeting_on > filed_on + timedelta(days=MOST_DAYS_AHEAD):
        raise ServiceError("会议日期超过一年以后，请核对", code="meeting_too_far", field="meeting_on")
    if classification not in LEVELS:
        raise ServiceError("请选择密级", code="bad_classification", field="classification")
    person = by.person_or_none
    clearance = person.clearance if person is not None else 0
    if not clearance_covers(clearance, classification):
        raise ServiceError(
            f"您的涉密等级不能报备{Classification(classification).label}事项",
            code="above_clearance",
            field="classification",
        )
    return meeting_on


def file_major(
    *,
    by: Actor,
    category: str,
    title: str,
    summary: str = "",
    amount: Decimal | None = None,
    meeting_name: str,
    meeting_on: date | None,
    classification: int = Classification.INTERNAL,
    now: datetime | None = None,
) -> MajorDecisionFiling:
    """报备三重一大事项 for the filer's own unit, before its meeting; late ones are accepted and marked."""
    now = now or timezone.now()
    person = by.person_or_none
    if not may_file(by) or person is None:
        raise Forbidden("只有单位的联络员、文书或负责人可以报备三重一大事项", code="not_allowed")
    filed_on = timezone.localdate(now)
    meeting = _check(
        by=by,
        category=category,
        title=title,
        amount=amount,
        meeting_name=meeting_name,
        meeting_on=meeting_on,
        classification=classification,
        filed_on=filed_on,
    )
    late = is_late(filed_on, meeting)
    with transaction.atomic():
        filing = MajorDecisionFiling.objects.create(
            unit_id=person.unit_id,
            category=category,
            title=title.strip(),
            summary=summary.strip(),
            amount=amount,
            meeting_name=meeting_name.strip(),
            meeting_on=meeting,
            filed_at=now,
            filed_by=by,
            late=late,
            classification=classification,
            owner_unit_id=person.unit_id,
            owner_person=person,
        )
        filing.need_to_know_units.set(sorted(office_unit_ids()))
        audit_record(
            actor=by,
            action="reporting.major.file",
            target=filing,
            details={"category": category, "late": late},
        )
    return filing


def _locked(filing: MajorDecisionFiling, version: int | None) -> MajorDecisionFiling:
    return lock_at_version(
        MajorDecisionFiling.objects.all(), filing.pk, version, changed="该报备已被他人修改，请刷新后重试"
    )


def edit_major(
    *,
    by: Actor,
    filing: MajorDecisionFiling,
    version: int | None,
    category: str,
    title: str,
    summary: str,
    amount: Decimal | None,
    meeting_name: str,
    meeting_on: date | None,
    classification: int,
) -> MajorDecisionFiling:
    """修改报备 while it waits for its meeting; a changed meeting date is judged against the filing day."""
    from zhongshu.reporting.actions_major import RULES

    with transaction.atomic():
        filing = _locked(filing, version)
        RULES.require("edit", by, filing)
        filed_on = timezone.localdate(filing.filed_at)
        meeting = _check(
            by=by,
            category=category,
            title=title,
            amount=amount,
            meeting_name=meeting_name,
            meeting_on=meeting_on,
            classification=classification,
            filed_on=filed_on,
        )
        new = {
            "category": category,
            "title": title.strip(),
            "summary": summary.strip(),
            "amount": amount,
            "meeting_name": meeting_name.strip(),
            "meeting_on": meeting,
            "classification": classification,
            "late": is_late(filed_on, meeting),
        }
        changed = [
            str(getattr(MajorDecisionFiling._meta.get_field(name), "verbose_name", name))
            for name, value in new.items()
            if getattr(filing, name) != value
        ]
        for name, value in new.items():
            setattr(filing, name, value)
        filing.version += 1
        filing.save(update_fields=[*new, "version"])
        audit_record(actor=by, action="reporting.major.edit", target=filing, details={"changed": changed})
    return filing


def record_outcome(
    *,
    by: Actor,
    filing: MajorDecisionFiling,
    version: int | None,
    decided_on: date | None,
    outcome: str,
    now: datetime | None = None,
) -> MajorDecisionFiling:
    """登记决策结果 after the meeting: the day decided (not before the meeting, not in the future) and what."""
    from zhongshu.reporting.actions_major import RULES

    today = timezone.localdate(now or timezone.now())
    with transaction.atomic():
        filing = _locked(filing, version)
        RULES.require("decide", by, filing)
        if decided_on is None:
            raise ServiceError("请填写决策日期", code="required", field="decided_on")
        if decided_on < filing.meeting_on:
            raise ServiceError(
                f"决策日期不能早于会议日期（{filing.meeting_on:%Y年%m月%d日}）",
                code="decided_before_meeting",
                field="decided_on",
            )
        if decided_on > today:
            raise ServiceError("决策日期不能晚于今天", code="decided_in_future", field="decided_on")
        if not outcome.strip():
            raise ServiceError("请填写决策结果", code="required", field="outcome")
        filing.state = MajorFilingState.DECIDED
        filing.decided_on = decided_on
        filing.outcome = outcome.strip()
        filing.version += 1
        filing.save(update_fields=["state", "decided_on", "outcome", "version"])
        audit_record(actor=by, action="reporting.major.decide", target=filing)
    return filing


def withdraw_major(
    *, by: Actor, filing: MajorDecisionFiling, version: int | None, reason: str = ""
) -> MajorDecisionFiling:
    """撤回报备: the matter will not be decided; it no longer counts."""
    from zhongshu.reporting.actions_major import RULES

    with transaction.atomic():
        filing = _locked(filing, version)
        RULES.require("withdraw", by, filing)
        filing.state = MajorFilingState.WITHDRAWN
        filing.version += 1
        filing.save(update_fields=["state", "version"])
        audit_record(
            actor=by, action="reporting.major.withdraw", target=filing, details={"reason": reason.strip()}
        )
    return filing


# --- register, to-dos, search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    unit_id: int | None = None
    category: str = ""
    month: date | None = None  # the first day of the meeting's month
    late_only: bool = False


def filtered(queryset: QuerySet[MajorDecisionFiling], filters: Filters) -> QuerySet[MajorDecisionFiling]:
    if filters.unit_id is not None:
        queryset = queryset.filter(unit_id=filters.unit_id)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.month is not None:
        first = filters.month
        after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        queryset = queryset.filter(meeting_on__gte=first, meeting_on__lt=after)
    if filters.late_only:
        queryset = queryset.filter(late=True)
    return queryset


@dataclass(frozen=True)
class LateUnit:
    unit_id: int
    unit_name: str
    filed: int
    late: int


def late_units(queryset: QuerySet[MajorDecisionFiling]) -> list[LateUnit]:
    """迟报单位: the units among `queryset` with a late filing (withdrawn ones not counted), most late first;
    one aggregate query."""
    rows = (
        queryset.exclude(state=MajorFilingState.WITHDRAWN)
        .order_by()
        .values("unit_id", "unit__name")
        .annotate(filed=Count("id"), late_count=Count("id", filter=Q(late=True)))
        .filter(late_count__gt=0)
        .order_by("-late_count", "unit__name")
    )
    return [LateUnit(row["unit_id"], row["unit__name"], row["filed"], row["late_count"]) for row in rows]


def awaiting_outcome(user: Any, today: date | None = None) -> QuerySet[MajorDecisionFiling]:
    """The user's unit's filings whose meeting has passed with no outcome recorded."""
    today = today or timezone.localdate()
    person = getattr(user, "person_or_none", None)
    if person is None or not may_file(user):
        return MajorDecisionFiling.objects.none()
    return visible_filings(user).filter(
        unit_id=person.unit_id, state=MajorFilingState.FILED, meeting_on__lt=today
    )


def major_todos(user: Any) -> list[Any]:
    from zhongshu.core.todos import TodoItem

    return [
        TodoItem(
            title=f"登记三重一大决策结果：{filing.title}",
            url=filing_url(filing),
            kind="reporting.major_outcome",
            source_label="三重一大",
            due=filing.meeting_on,
            overdue=True,
            note=f"{filing.meeting_name}已于{filing.meeting_on:%m月%d日}召开",
            classification=filing.classification,
            record=(MajorDecisionFiling._meta.label_lower, str(filing.pk)),
        )
        for filing in awaiting_outcome(user)[:50]
    ]


def search_text(filing: MajorDecisionFiling) -> Any:
    from zhongshu.search.registry import SearchText

    amount = f"涉及金额{filing.amount}万元" if filing.amount is not None else ""
    return SearchText(
        title=filing.title,
        body="\n".join(
            part
            for part in (
                filing.get_category_display(),
                filing.summary,
                amount,
                filing.meeting_name,
                filing.outcome,
            )
            if part
        ),
        url=filing_url(filing),
        date=filing.meeting_on,
        unit_id=filing.unit_id,
        names=(filing.unit.name,),
    )


def filings_to_index() -> QuerySet[MajorDecisionFiling]:
    return MajorDecisionFiling.objects.select_related("unit")


def register_search() -> None:
    from zhongshu.search.registry import SearchSource, register_source

    register_source(
        SearchSource(
            kind="major_filing",
            label="三重一大报备",
            model=MajorDecisionFiling,
            to_text=search_text,
            queryset=filings_to_index,
        )
    )
