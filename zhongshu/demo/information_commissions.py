"""The demo's commissions and instructions parts: a 约稿 to three towns issued about two weeks ago — two towns
answered it through the submissions service before the deadline, the third missed it (the reminder tick ran
the day before the deadline and the day after, so the town was reminded and the editors told); an open 约稿
due next week; and county Party secretary leader1's 批示 on a distributed issue of the office's publications,
turned into a supervision item by the supervisor `duchayuan`. Everything through the parts' services, as the
people would do it; run again, it adds nothing.

The 批示 needs a distributed issue (the publications part's demo): `build_demo_instructions` does that step
alone, so it may run after the publications demo; `build_demo_commissions` tries it too."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.information import commissions, instructions, submissions
from zhongshu.information.models import (
    Commission,
    CommissionTarget,
    InfoInstruction,
    IssueState,
    PublicationIssue,
)
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.org.offices import office_unit_ids
from zhongshu.workdays.calendar import add_workdays, is_workday

EDITOR = "xwb_xxk_kz"  # the demo's 信息科 科长; elsewhere the office's first 信息员
LEADER = "leader1"  # the county Party secretary; elsewhere the first-ranked county leader
SUPERVISOR = "duchayuan"  # elsewhere the office's first 督查员
PAST_TOPIC = "今冬明春农田水利建设进展"
PAST_DETAIL = "请报送本乡镇农田水利建设项目进度、投入和群众参与情况，400字以内，附1至2个典型做法。"
OPEN_TOPIC = "岁末年初安全生产大检查开展情况"
OPEN_DETAIL = "请报送本单位安全生产大检查的组织、发现的隐患及整改情况。"
INSTRUCTION = "这期信息反映的做法很好，请县委督查室跟踪落实，推动各乡镇学习借鉴，一个月后报告进展。"
ANSWERS = [
    (
        "冬修水利掀热潮 农田灌溉有保障",
        "入冬以来，本镇统筹整合涉农资金三百二十万元，新建提灌站两座，清淤整治山塘十二口、渠道八公里，"
        "发动群众投工投劳四千余个，预计新增和改善灌溉面积一千八百亩。做法：一是项目清单化，镇村干部分片包干；"
        "二是群众唱主角，村民理事会全程参与质量监督。",
    ),
    (
        "以工代赈修渠道 群众家门口增收",
        "本乡把今冬农田水利建设与以工代赈结合起来，五个行政村的十一条灌溉渠道维修全部由本村群众承建，"
        "已发放劳务报酬四十六万元，带动二百三十户群众务工增收。渠道修复后可保障一千二百亩水田春灌用水。",
    ),
]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _office_person(role: Role) -> User | None:
    person = (
        Person.objects.filter(
            unit_id__in=office_unit_ids(), user__is_active=True, user__groups__name=role.value
        )
        .select_related("user")
        .order_by("sort_order", "id")
        .first()
    )
    return person.user if person is not None else None


def _county_leader() -> User | None:
    for person in (
        Person.objects.filter(is_leader=True, user__is_active=True)
        .select_related("user")
        .order_by("leader_rank", "sort_order", "id")
    ):
        if instructions.is_county_leader(person.user):
            return person.user
    return None


def _towns() -> list[Unit]:
    """The towns by code (the demo's T01, T02…), bureaus after them where there are few towns."""
    towns = list(Unit.objects.filter(kind=UnitKind.TOWN).order_by("code")[:5])
    if len(towns) < 3:
        towns += list(Unit.objects.filter(kind=UnitKind.BUREAU).order_by("code")[: 3 - len(towns)])
    return towns


def _writer(unit: Unit) -> User | None:
    person = commissions.writers_of([unit.pk])
    return person[0].user if person else None


def _past(result: Any, editor: User, today: date) -> None:
    if Commission.objects.filter(topic=PAST_TOPIC).exists():
        return
    units = _towns()[:3]  # the first two answer, the third misses it
    if len(units) < 3:
        return
    issued = today - timedelta(days=14)
    while not is_workday(issued):
        issued -= timedelta(days=1)
    commission = commissions.commission_issue(
        by=editor,
        topic=PAST_TOPIC,
        detail=PAST_DETAIL,
        units=units,
        working_days=3,
        today=issued,
        now=_at(issued, 9),
    )
    result.count("information_commissions")
    answer_day = add_workdays(issued, 2)
    for unit, answer in zip(units[:2], ANSWERS, strict=True):
        writer = _writer(unit)
        if writer is None:
            continue
        target = CommissionTarget.objects.get(commission=commission, unit=unit)
        moment = _at(answer_day, 10, 30)
        item = submissions.item_draft(
            by=writer, title=answer[0], body=answer[1], commission_target=target, now=moment
        )
        submissions.item_submit(item=item, by=writer, now=moment + timedelta(minutes=5))
        result.count("information_commission_answers")
    # The reminder tick as it ran: the working day before the deadline, and the day after it.
    before = add_workdays(commission.deadline, -commissions.remind_days())
    commissions.commission_reminders_tick(now=_at(before, 17))
    commissions.commission_reminders_tick(now=_at(commission.deadline + timedelta(days=1), 9))


def _open(result: Any, editor: User, today: date) -> None:
    if Commission.objects.filter(topic=OPEN_TOPIC).exists():
        return
    towns = _towns()
    units = [towns[0], *towns[3:5]] if towns else []
    if not units:
        return
    next_week = (today + timedelta(days=7)).isocalendar()[:2]
    days = next(
        (n for n in range(1, 11) if add_workdays(today, n).isocalendar()[:2] == next_week),
        5,
    )
    commissions.commission_issue(
        by=editor, topic=OPEN_TOPIC, detail=OPEN_DETAIL, units=units, working_days=days, today=today
    )
    result.count("information_commissions")


def build_demo_instructions(result: Any) -> None:
    """leader1's 批示 on the newest distributed issue he reads, turned into a supervision item by duchayuan."""
    leader = _user(LEADER) or _county_leader()
    supervisor = _user(SUPERVISOR) or _office_person(Role.SUPERVISOR)
    if leader is None or supervisor is None or leader.person_or_none is None:
        return
    if InfoInstruction.objects.filter(leader=leader.person_or_none).exists():
        return
    issue = (
        PublicationIssue.objects.filter(state=IssueState.DISTRIBUTED, distributed_at__isnull=False)
        .filter(need_to_know_people=leader.person_or_none)
        .order_by("-distributed_at", "-id")
        .first()
    )
    if issue is None:
        return
    try:
        instruction = instructions.instruction_record(
            by=leader,
            issue=issue,
            text=INSTRUCTION,
            given_on=max(timezone.localdate(issue.distributed_at), timezone.localdate() - timedelta(days=1)),
        )
    except ServiceError:
        return
    result.count("information_instructions")
    if instructions.may_supervise(supervisor):
        instructions.instruction_supervise(by=supervisor, instruction=instruction)
        result.count("information_instruction_supervision_items")


def build_demo_commissions(result: Any) -> None:
    editor = _user(EDITOR) or _office_person(Role.INFO_OFFICER)
    if editor is None:
        return
    today = timezone.localdate()
    _past(result, editor, today)
    _open(result, editor, today)
    build_demo_instructions(result)
