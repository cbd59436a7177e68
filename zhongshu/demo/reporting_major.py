"""The demo's 三重一大 part: filings from four units over the last two months, through the part's services as
the units' liaisons would make them — a fund use decided, a reform decided, a housing project filed one working
day before its meeting (迟报, its outcome still to record: the bureau's to-do), and a town's appointments
pending their meeting next week. Run again, it adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.org.models import Person
from zhongshu.reporting import major
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.workdays.calendar import add_workdays

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult


@dataclass(frozen=True)
class DemoFiling:
    username: str
    category: str
    title: str
    summary: str
    amount: Decimal | None
    meeting_name: str
    meeting_on: date
    filed_on: date
    outcome: str = ""


def _filings(today: date) -> list[DemoFiling]:
    fund_meeting = add_workdays(today, -35)
    reform_meeting = add_workdays(today, -18)
    housing_meeting = add_workdays(today, -8)
    next_week = today + timedelta(days=7 - today.weekday() + 1)  # next week's Tuesday
    return [
        DemoFiling(
            "czj_llr",
            "fund_use",
            "冬季农村公路防滑保通物资采购资金使用",
            "拟从县级预备费中安排资金，采购融雪剂、防滑砂及警示标志，保障冬季农村公路安全通行。",
            Decimal("128.60"),
            "局党组会议",
            fund_meeting,
            add_workdays(fund_meeting, -7),
            "会议研究同意，按政府采购程序办理",
        ),
        DemoFiling(
            "jtj_llr",
            "decision",
            "县乡公路养护管理体制改革实施方案",
            "明确县乡村三级公路养护责任，推行“路长制”，养护经费纳入县级财政预算。",
            None,
            "局党组会议",
            reform_meeting,
            add_workdays(reform_meeting, -5),
            "会议原则同意，修改完善后报县政府审定",
        ),
        DemoFiling(
            "zjj_llr",
            "project",
            "城北片区保障性住房二期项目建设方案",
            "新建保障性租赁住房480套，总投资约4650万元，拟申请中央预算内投资补助。",
            Decimal("4650.00"),
            "局党组会议",
            housing_meeting,
            add_workdays(housing_meeting, -1),
        ),
        DemoFiling(
            "t01_llr",
            "appointment",
            "镇属事业单位中层干部调整",
            "拟调整镇农业综合服务中心、社会事务服务中心中层干部共4名。",
            None,
            "镇党委会议",
            next_week,
            add_workdays(today, -2),
        ),
    ]


def build_demo_major(result: DemoResult) -> None:
    today = timezone.localdate()
    for spec in _filings(today):
        person = Person.objects.filter(user__username=spec.username).select_related("user").first()
        if person is None or person.unit_id is None:
            continue
        if MajorDecisionFiling.objects.filter(unit_id=person.unit_id, title=spec.title).exists():
            continue
        made = major.file_major(
            by=person.user,
            category=spec.category,
            title=spec.title,
            summary=spec.summary,
            amount=spec.amount,
            meeting_name=spec.meeting_name,
            meeting_on=spec.meeting_on,
            now=timezone.make_aware(datetime.combine(spec.filed_on, time(9, 30))),
        )
        result.count("major_filings")
        if spec.outcome:
            major.record_outcome(
                by=person.user,
                filing=made,
                version=made.version,
                decided_on=spec.meeting_on,
                outcome=spec.outcome,
            )
