"""The demo's 请示报告清单: the checklists of 县财政局, 县教育局 and the first town (five lines each: monthly reports
due on a working day after the month, a quarterly summary, the year's work points by a date, an ad-hoc 请示 or
报告 事前/事后), kept by the office's 文书, and the units' filings for the months past — all on time except the
财政局's 安全生产月报 of one recent month, filed two working days late. A filing is made from a 报告 the office
received from the unit when the demo holds one, else as the unit's lighter filing with the report attached.
Everything through the parts' services, as the people would do it; run again, it adds nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.documents.models import OfficialDocument
from zhongshu.org.models import Person, Unit
from zhongshu.reporting.checklist import LineFields, line_add
from zhongshu.reporting.filings import file_from_document, file_lightly, period_label, received_from
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine
from zhongshu.reporting.periods import periods_of
from zhongshu.workdays.calendar import add_workdays

BASIS = "《县委办公室关于严格执行请示报告制度的通知》"
SAFETY_BASIS = "《县安全生产委员会关于建立安全生产月报制度的通知》"
# (matter, kind, timing, cycle, due_working_days, due month-day)
COMMON = [
    ("安全生产月报", "report", "after", "monthly", 3, None, SAFETY_BASIS),
    ("季度工作总结", "report", "after", "quarterly", 10, None, BASIS),
    ("年度工作要点", "report", "before", "by_date", None, (1, 31), BASIS),
]
LISTS = {
    "CZJ": [
        ("每月财政收支情况报告", "report", "after", "monthly", 5, None, BASIS),
        *COMMON,
        ("大额资金调度事项请示", "request", "before", "ad_hoc", None, None, "《县委常委会议事规则》"),
    ],
    "JYJ": [
        ("每月教育系统安全稳定情况报告", "report", "after", "monthly", 5, None, BASIS),
        *COMMON,
        ("重大事项请示", "request", "before", "ad_hoc", None, None, "《县委常委会议事规则》"),
    ],
    "T01": [
        ("每月经济运行情况报告", "report", "after", "monthly", 5, None, BASIS),
        *COMMON,
        ("重大突发事件报告", "report", "after", "ad_hoc", None, None, "《县突发事件信息报告办法》"),
    ],
}
LATE = ("CZJ", "安全生产月报")
AD_HOC_FILING = ("CZJ", "大额资金调度事项请示", "关于追加防汛抢险物资资金的请示")


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _filer(unit: Unit) -> User | None:
    person = (
        Person.objects.filter(unit=unit, user__is_active=True, user__groups__name="liaison")
        .select_related("user")
        .order_by("id")
        .first()
    )
    return person.user if person is not None else None


def _report(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.txt", text.encode())


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _lines(result: Any, unit: Unit, keeper: User, starts_on: date) -> list[ChecklistLine]:
    lines = []
    for order, (matter, kind, timing, cycle, due_days, month_day, basis) in enumerate(
        LISTS[unit.code], start=1
    ):
        line = ChecklistLine.objects.filter(unit=unit, matter=matter).first()
        if line is None:
            due_on = date(starts_on.year, *month_day) if month_day else None
            line = line_add(
                units=[unit],
                fields=LineFields(
                    kind=kind,
                    timing=timing,
                    matter=matter,
                    basis=basis,
                    cycle=cycle,
                    due_working_days=due_days,
                    due_on=due_on,
                    starts_on=starts_on,
                    ends_on=None,
                    sort_order=order * 10,
                ),
                by=keeper,
            )[0]
            result.count("checklist_lines")
        lines.append(line)
    return lines


def _received(keeper: User, line: ChecklistLine) -> OfficialDocument | None:
    """A 报告 the office received from the unit, not yet linked to a filing."""
    used = ChecklistFiling.objects.filter(source_id__isnull=False).values_list("source_id", flat=True)
    return received_from(keeper, line).exclude(pk__in=used).first()


def _file_periods(
    result: Any, unit: Unit, line: ChecklistLine, filer: User, keeper: User, today: date
) -> None:
    if line.cycle == "ad_hoc":
        return
    past = list(periods_of(line, line.starts_on, today - timedelta(days=1)))
    late_start = None
    if (unit.code, line.matter) == LATE:
        candidates = [p for p in past if add_workdays(p.due_on, 2) < today]
        late_start = candidates[-1].start if candidates else None
    for period in past:
        if ChecklistFiling.objects.filter(line=line, period_start=period.start).exists():
            continue
        label = period_label(line, period.start)
        title = f"{unit.name}{label}{line.matter}"
        document = _received(keeper, line) if period == past[-1] and late_start != period.start else None
        if (
            document is not None
            and document.received_on is not None
            and document.received_on <= period.due_on
        ):
            file_from_document(line=line, period_start=period.start, document=document, by=keeper)
        else:
            filed_on = (
                add_workdays(period.due_on, 2)
                if period.start == late_start
                else add_workdays(period.due_on, -1)
            )
            file_lightly(
                line=line,
                period_start=period.start,
                title=title,
                uploads=[_report(title, f"{title}：各项工作按计划推进，未发生重大问题。")],
                by=filer,
                now=_at(filed_on, 16 if period.start == late_start else 10),
            )
        result.count("checklist_filings")


def build_demo_checklist(result: Any) -> None:
    keeper = _user("wenshu")
    if keeper is None:
        return
    today = timezone.localdate()
    first = (today - timedelta(days=150)).replace(day=1)
    starts_on = date(
        first.year, (first.month - 1) // 3 * 3 + 1, 1
    )  # a quarter's first day, five months or so back
    for code in LISTS:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            continue
        filer = _filer(unit)
        existing = ChecklistLine.objects.filter(unit=unit).order_by("starts_on").first()
        lines = _lines(result, unit, keeper, existing.starts_on if existing else starts_on)
        if filer is None:
            continue
        for line in lines:
            _file_periods(result, unit, line, filer, keeper, today)
        for unit_code, matter, title in (AD_HOC_FILING,):
            if unit_code != code:
                continue
            line = next(line for line in lines if line.matter == matter)
            if not line.filings.exists():
                file_lightly(
                    line=line,
                    period_start=None,
                    title=title,
                    uploads=[_report(title, f"{title}：拟追加防汛抢险物资资金120万元，妥否，请批示。")],
                    by=filer,
                    now=_at(add_workdays(today, -12), 9),
                )
                result.count("checklist_filings")
