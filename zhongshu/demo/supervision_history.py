"""The sample county's supervision history: items assigned weeks ago and worked through the supervision
services as 督查员 and the units' liaisons would — closed on time, closed late, overdue now, awaiting 销号 —
so that 挂图督查 (items by state, the 8-week overdue trend, the units' 按期办结率) and the workbenches' 督办逾期
show real figures. An item whose title exists already is left as it is.

The services stamp today (交办 refuses a deadline in the past), and the product cannot travel in time: each
item goes through the real calls today, then one `.update()` per item moves its own date fields (立项, 交办,
时限, 签收, 反馈, 申请办结, 销号) to the days of its story, with the figures 销号 derives from them (按期办结,
办理工作日, 回头看日期) recomputed by the service's own rule. The history rows (办理记录, 进展反馈, audit events)
are append-only and keep the time the demo was built.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.org.models import Person, Unit
from zhongshu.supervision.models import (
    Category,
    CloseOutConfirmation,
    ConfirmerRole,
    Source,
    SupervisionItem,
)
from zhongshu.supervision.services import (
    close_out_figures,
    progress_report_submit,
    supervision_item_assign,
    supervision_item_close_out,
    supervision_item_confirm,
    supervision_item_open,
    supervision_item_receive,
    supervision_item_request_completion,
    unit_head,
)

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult


@dataclass(frozen=True)
class Story:
    """One item's life, in days before today: assigned, due, and (if it got that far) signed for, reported,
    completion requested, closed. A negative `due` is a deadline still ahead."""

    title: str
    unit: str  # lead unit code
    liaison: str  # username of the lead unit's 联络员
    leader: str  # username of the 督办领导
    source: str
    category: str
    body: str
    assigned: int
    due: int
    received: int | None = None
    report: str = ""
    reported: int | None = None
    evidence: str = ""
    requested: int | None = None
    closed: int | None = None


STORIES = (
    Story(
        "完成城区中小学校舍安全隐患排查",
        "JYJ",
        "liaison_jyj",
        "leader1",
        Source.MEETING_DECISION,
        Category.LIVELIHOOD,
        "县委常委会议定：开学前完成城区中小学校舍、围墙、消防设施安全隐患全面排查，建立问题清单并限期整改。",
        assigned=54,
        due=31,
        received=53,
        report="已完成城区12所中小学校舍排查，发现隐患17处，已整改11处。",
        reported=43,
        evidence="城区中小学校舍安全隐患17处全部整改到位，附排查台账和整改验收单。",
        requested=34,
        closed=32,
    ),
    Story(
        "清理规范县直单位结余结转资金",
        "CZJ",
        "czj_llr",
        "leader5",
        Source.DIRECTIVE,
        Category.DECISION,
        "对县直单位两年以上结余结转资金全面清理，按规定收回统筹使用。",
        assigned=46,
        due=20,
        received=45,
        report="已对48个县直单位结余结转资金完成摸底，拟收回资金清单已报县政府。",
        reported=35,
        evidence="清理收回结余结转资金并统筹用于民生项目，附清理明细表和县政府批复。",
        requested=22,
        closed=19,
    ),
    Story(
        "推进老旧小区改造项目开工",
        "ZJJ",
        "zjj_llr",
        "leader2",
        Source.MEETING_DECISION,
        Category.LIVELIHOOD,
        "县政府常务会议定：今年列入计划的9个老旧小区改造项目须按期全部开工。",
        assigned=56,
        due=35,
        received=55,
        report="9个项目中已开工6个，其余3个因管线迁改滞后，正在协调供电、燃气部门。",
        reported=38,
        evidence="9个老旧小区改造项目已全部开工，管线迁改滞后问题已协调解决，附开工报告。",
        requested=21,
        closed=18,
    ),
    Story(
        "整治城区建筑工地扬尘污染",
        "ZJJ",
        "zjj_llr",
        "leader6",
        Source.PUBLIC_REPORT,
        Category.SPECIAL,
        "对城区在建工地落实围挡、覆盖、冲洗、湿法作业等扬尘防治措施开展专项整治。",
        assigned=40,
        due=12,
        received=39,
        report="已检查城区在建工地23个，责令整改8个。",
        reported=27,
        evidence="23个在建工地扬尘防治措施全部落实，附检查记录和整改前后照片说明。",
        requested=14,
        closed=10,
    ),
    Story(
        "完成青石镇村庄清洁行动",
        "T02",
        "t02_llr",
        "leader2",
        Source.MEETING_DECISION,
        Category.LIVELIHOOD,
        "县委农村工作会议部署：各乡镇完成村庄清洁行动，清理农村生活垃圾、沟塘淤泥和乱堆乱放。",
        assigned=60,
        due=45,
        received=58,
        report="已完成8个行政村的集中清理，剩余4个村因雨季推迟。",
        reported=44,
        evidence="12个行政村村庄清洁行动全部完成，附各村验收表。",
        requested=26,
        closed=24,
    ),
    Story(
        "化解青石镇信访积案",
        "T02",
        "t02_llr",
        "leader3",
        Source.MEETING_DECISION,
        Category.DECISION,
        "县委常委会议定：青石镇3件信访积案由镇党委书记包案，限期化解。",
        assigned=50,
        due=24,
        received=49,
        report="3件积案中已化解1件，另2件涉及土地补偿，正在会同自然资源局核实。",
        reported=30,
    ),
    Story(
        "推进保障性租赁住房项目建设",
        "ZJJ",
        "zjj_llr",
        "leader5",
        Source.MEETING_DECISION,
        Category.DECISION,
        "县政府常务会议定：城东保障性租赁住房项目主体工程按期封顶。",
        assigned=30,
        due=4,
        received=29,
        report="主体结构已施工至第9层，距封顶尚差3层。",
        reported=9,
    ),
    Story(
        "落实义务教育课后服务全覆盖",
        "JYJ",
        "liaison_jyj",
        "leader1",
        Source.MEETING_DECISION,
        Category.LIVELIHOOD,
        "县委常委会议定：全县义务教育学校课后服务实现全覆盖，有需求的学生应参尽参。",
        assigned=35,
        due=-5,
        received=34,
        report="已有41所学校开展课后服务，另6所乡村小学正在落实师资。",
        reported=20,
        evidence="全县47所义务教育学校课后服务全覆盖，参与学生占有需求学生的100%，附各校实施方案。",
        requested=2,
    ),
    Story(
        "兑现稳岗就业惠企资金",
        "CZJ",
        "czj_llr",
        "leader7",
        Source.DIRECTIVE,
        Category.LIVELIHOOD,
        "按上级部署，年内将稳岗返还、就业补贴等惠企资金足额拨付到企业。",
        assigned=33,
        due=8,
        received=32,
        report="已拨付稳岗返还资金1260万元，惠及企业312家，其余资金正在审核。",
        reported=18,
        evidence="惠企资金1860万元已全部拨付到位，附拨付明细和企业签收单。",
        requested=11,
        closed=8,
    ),
)


def _person(username: str) -> Person:
    return Person.objects.select_related("user", "unit").get(user__username=username)


def _weekday(day: date) -> date:
    """The story's day, moved back off a weekend: offices assign, report and close on working days."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _build(story: Story, officer: Person, today: date) -> None:
    def day(before: int) -> date:
        return _weekday(today - timedelta(days=before))

    leader = _person(story.leader)
    liaison = _person(story.liaison)
    unit = Unit.objects.get(code=story.unit)
    item = supervision_item_open(
        by=officer.user,
        title=story.title,
        source=story.source,
        category=story.category,
        body=story.body,
        leader=leader,
    )
    # 交办 takes a deadline from today on; the story's own deadline is set below.
    item = supervision_item_assign(
        item=item, by=officer.user, lead_unit=unit, deadline=today + timedelta(days=30), leader=leader
    )
    assigned_on, deadline = day(story.assigned), day(story.due)
    dates: dict[str, object] = {
        "created_at": _at(assigned_on, 9),
        "assigned_on": assigned_on,
        "deadline": deadline,
        "deadline_start": None,
        "deadline_workdays": None,
        "deadline_provisional": False,
    }
    if story.received is not None:
        item = supervision_item_receive(item=item, by=liaison.user)
        dates["received_at"] = _at(day(story.received), 10)
    if story.report and story.reported is not None:
        progress_report_submit(item=item, by=liaison.user, text=story.report)
        dates["last_report_at"] = _at(day(story.reported), 16)
    if story.requested is not None:
        supervision_item_request_completion(item=item, by=liaison.user, evidence=story.evidence)
        requested = day(story.requested)
        dates["completion_requested_at"] = dates["last_report_at"] = _at(requested, 15)
        if story.closed is not None:
            head = unit_head(unit)
            assert head is not None  # noqa: S101 - every demo unit has its leaders
            for role, confirmer in ((ConfirmerRole.UNIT_HEAD, head), (ConfirmerRole.LEADER, leader)):
                supervision_item_confirm(
                    item=item, by=officer.user, role=role, confirmer=confirmer, opinion="情况属实，同意销号"
                )
            item.refresh_from_db()
            supervision_item_close_out(item=item, by=officer.user)
            closed_on = day(story.closed)
            CloseOutConfirmation.objects.filter(item=item).update(at=_at(closed_on, 9))
            # 销号's own rule, on the story's days.
            item.assigned_on, item.deadline = assigned_on, deadline
            item.completion_requested_at = _at(requested, 15)
            dates |= close_out_figures(item, closed_on).fields()
    SupervisionItem.objects.filter(pk=item.pk).update(**dates)


def build_demo_supervision_history(result: DemoResult) -> None:
    officer = _person("duchayuan")
    today = timezone.localdate()
    existing = set(
        SupervisionItem.objects.filter(title__in=[s.title for s in STORIES]).values_list("title", flat=True)
    )
    for story in STORIES:
        if story.title not in existing:
            _build(story, officer, today)
            result.count("supervision_items")
