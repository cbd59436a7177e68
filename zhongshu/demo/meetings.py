"""The sample county's meetings (办会, issue 16): the office's rooms; a 防汛 dispatch meeting held last week with
its sign-ins, minutes and two decisions already in supervision; the coming days' 政府常务会议 (notified, with
replies — one leader sends a substitute, one asks for leave — and its seating chart), a classified 县委常委会
会议 in the cleared room, an 办公室主任联席会议 awaiting the director's approval and a bureau's draft 专题会; and
the leaders' engagements of the week (one classified). A meeting whose title exists already is left as it is.

Everything goes through the meetings services as the office's staff, the leaders and the units would. The
services stamp the present (a notice's reply deadline must lie ahead, sign-in happens now), so last week's
meeting is held through the real calls at a time still ahead, then one `.update()` moves its own times (and
its sign-ins') to last week, as the supervision history does; its history rows keep the build's time.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification
from zhongshu.meetings.agenda import topic_add
from zhongshu.meetings.application import MeetingPlan, meeting_apply, meeting_submit
from zhongshu.meetings.approval import meeting_approve
from zhongshu.meetings.closing import meeting_close
from zhongshu.meetings.decisions import meeting_decision_add, meeting_decision_supervise
from zhongshu.meetings.engagements import EngagementFields, engagement_add
from zhongshu.meetings.minutes import minutes_draft
from zhongshu.meetings.models import (
    Attendee,
    Engagement,
    EngagementKind,
    Meeting,
    MeetingType,
    ReplyState,
    Room,
)
from zhongshu.meetings.notices import meeting_notify
from zhongshu.meetings.replies import attendee_reply
from zhongshu.meetings.rooms import room_create
from zhongshu.meetings.seating import seating_arrange
from zhongshu.meetings.signin import sign_in_mark
from zhongshu.org.models import Person, Unit
from zhongshu.workdays.calendar import add_workdays

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

ROOMS = (
    # name, place, capacity, equipment, video, cleared for 涉密会议
    ("第一会议室", "县委大楼三楼", 60, "视频会议终端、投影、扩声", True, False),
    ("第二会议室", "县委大楼四楼", 30, "投影、扩声", False, False),
    ("常委会议室", "县委大楼二楼", 24, "有线扩声（无无线设备）", False, True),
    ("县政府常务会议室", "县政府大楼三楼", 40, "视频会议终端、投影", True, False),
)

DISPATCH_TITLE = "全县防汛抗旱工作调度会"
EXECUTIVE_TITLE = "县政府第十八次常务会议"
STANDING_TITLE = "县委常委会第二十二次会议"
JOINT_TITLE = "全县办公室主任联席会议"
TOPIC_TITLE = "全县义务教育优质均衡发展专题会"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _person(username: str) -> Person:
    return Person.objects.select_related("user").get(user__username=username)


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _rooms(result: DemoResult) -> dict[str, Room]:
    director = _user("zhuren")
    for order, (name, place, capacity, equipment, video, cleared) in enumerate(ROOMS, start=1):
        if not Room.objects.filter(name=name).exists():
            room_create(
                by=director,
                name=name,
                place=place,
                capacity=capacity,
                equipment=equipment,
                has_video=video,
                cleared_for_classified=cleared,
                sort_order=order * 10,
            )
            result.count("meeting_rooms")
    return {room.name: room for room in Room.objects.all()}


def _applied(plan: MeetingPlan, *, applicant: str, result: DemoResult) -> Meeting:
    meeting = meeting_apply(by=_user(applicant), plan=plan)
    result.count("meetings")
    return meeting


def _approved(meeting: Meeting, *, applicant: str) -> Meeting:
    meeting = meeting_submit(meeting=meeting, by=_user(applicant), approver=_person("zhuren"))
    return meeting_approve(meeting=meeting, by=_user("zhuren"), opinion="同意召开")


def _notified(meeting: Meeting, *, by: str, deadline: datetime) -> Meeting:
    return meeting_notify(
        meeting=meeting,
        by=_user(by),
        reply_deadline=deadline,
        requirements="请参会人员提前10分钟到达会场，会场内手机调至静音。",
        contact="县委办公室秘书科 张三，电话 0799-6200001",
    )


def _reply(meeting: Meeting, username: str, reply: str, *, substitute: str = "", reason: str = "") -> None:
    person = _person(username)
    attendee = Attendee.objects.get(meeting=meeting, person=person)
    attendee_reply(
        attendee=attendee,
        by=person.user,
        reply=reply,
        substitute=_person(substitute) if substitute else None,
        reason=reason,
    )


def _held_last_week(rooms: dict[str, Room], today: date, result: DemoResult) -> None:
    """The dispatch meeting: applied, approved, notified and held through the services at a time ahead, its
    sign-ins and decisions recorded, closed, the two decisions assigned as supervision items and the minutes
    drafted; then moved to last Thursday."""
    start = _at(today + timedelta(days=2), 9)
    plan = MeetingPlan(
        title=DISPATCH_TITLE,
        meeting_type=MeetingType.DISPATCH,
        starts_at=start,
        ends_at=start + timedelta(hours=2, minutes=30),
        purpose="分析研判汛期形势，调度各乡镇、各部门防汛抗旱准备工作。",
        room=rooms["第一会议室"],
        chair=_person("leader5"),
        people=[_person(name) for name in ("leader5", "leader6", "slj_jz", "yjj_jz", "zrj_jz")],
        topics=["水利局汇报汛前准备和水毁工程修复情况", "应急管理局汇报防汛物资储备和抢险队伍建设情况"],
    )
    meeting = _applied(plan, applicant="wenshu", result=result)
    meeting = _approved(meeting, applicant="wenshu")
    meeting = _notified(meeting, by="wenshu", deadline=start - timedelta(hours=2))
    for username in ("leader5", "leader6", "slj_jz", "zrj_jz"):
        _reply(meeting, username, ReplyState.ATTENDING)
    _reply(meeting, "yjj_jz", ReplyState.SUBSTITUTE, substitute="yjj_fjz", reason="参加市应急管理局专题培训")
    clerk = _user("wenshu")
    for attendee in Attendee.objects.filter(meeting=meeting).select_related("person", "substitute"):
        if attendee.present_person is not None:
            sign_in_mark(meeting=meeting, by=clerk, attendee=attendee)
    decisions = [
        meeting_decision_add(
            meeting=meeting,
            by=clerk,
            text="全面排查全县小型水库和山塘除险加固情况，建立隐患清单并逐项整改",
            lead_unit=_unit("SLJ"),
            leader=_person("leader6"),
            deadline=add_workdays(today, 15),
        ),
        meeting_decision_add(
            meeting=meeting,
            by=clerk,
            text="补齐乡镇防汛物资储备，组织开展防汛抢险应急演练",
            lead_unit=_unit("YJJ"),
            leader=_person("leader5"),
            deadline=add_workdays(today, 20),
        ),
    ]
    meeting_close(meeting=Meeting.objects.get(pk=meeting.pk), by=clerk)
    for decision in decisions:
        meeting_decision_supervise(decision=decision, by=_user("duchayuan"))
    minutes_draft(meeting=Meeting.objects.get(pk=meeting.pk), by=clerk)
    # Last Thursday, 09:00–11:30; sign-ins a few minutes before the start.
    last_thursday = today - timedelta(days=today.weekday()) - timedelta(days=4)
    shift = _at(last_thursday, 9) - start
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=start + shift,
        ends_at=meeting.ends_at + shift,
        reply_deadline=start - timedelta(hours=2) + shift,
        closed_at=start + shift + timedelta(hours=2, minutes=40),
        created_at=start + shift - timedelta(days=5),
    )
    for order, attendee in enumerate(Attendee.objects.filter(meeting=meeting, signed_in_at__isnull=False)):
        Attendee.objects.filter(pk=attendee.pk).update(
            signed_in_at=start + shift - timedelta(minutes=12 - order),
            replied_at=start + shift - timedelta(days=1, hours=order),
            notified_at=start + shift - timedelta(days=2),
        )


def _coming(rooms: dict[str, Room], today: date, result: DemoResult) -> None:
    """The coming working days: the executive meeting with replies and seating, the classified standing
    committee meeting, the joint meeting awaiting approval and a bureau's draft."""
    first = add_workdays(today, 1)
    second = add_workdays(today, 2)
    third = add_workdays(today, 3)

    start = _at(first, 9)
    executive = _applied(
        MeetingPlan(
            title=EXECUTIVE_TITLE,
            meeting_type=MeetingType.EXECUTIVE,
            starts_at=start,
            ends_at=start + timedelta(hours=3),
            purpose="研究全县重点项目建设、财政预算执行和安全生产工作。",
            room=rooms["县政府常务会议室"],
            chair=_person("leader2"),
            people=[
                _person(name) for name in ("leader2", "leader5", "leader6", "leader7", "fgj_jz", "czj_jz")
            ],
            topics=["县发展改革局汇报一季度重点项目推进情况", "县财政局汇报预算执行情况"],
        ),
        applicant="wenshu",
        result=result,
    )
    executive = _approved(executive, applicant="wenshu")
    executive = _notified(executive, by="wenshu", deadline=start - timedelta(hours=18))
    for username in ("leader2", "leader5", "fgj_jz"):
        _reply(executive, username, ReplyState.ATTENDING)
    _reply(executive, "leader7", ReplyState.ABSENT, reason="带队赴省里对接项目")
    _reply(
        executive, "czj_jz", ReplyState.SUBSTITUTE, substitute="czj_fjz", reason="参加市财政局年中预算会议"
    )
    seating_arrange(meeting=Meeting.objects.get(pk=executive.pk), by=_user("wenshu"))

    start = _at(first, 15)
    standing = _applied(
        MeetingPlan(
            title=STANDING_TITLE,
            meeting_type=MeetingType.STANDING_COMMITTEE,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            purpose="传达学习上级有关会议精神，研究干部工作事项。",
            room=rooms["常委会议室"],
            chair=_person("leader1"),
            people=[_person(f"leader{n}") for n in range(1, 6)],
            classification=Classification.CONFIDENTIAL,
        ),
        applicant="zhuren",
        result=result,
    )
    topic_add(meeting=standing, by=_user("zhuren"), title="研究干部工作事项", presenter=_person("leader4"))
    standing = _approved(standing, applicant="zhuren")
    _notified(standing, by="zhuren", deadline=start - timedelta(hours=20))

    start = _at(second, 9)
    joint = _applied(
        MeetingPlan(
            title=JOINT_TITLE,
            meeting_type=MeetingType.DIRECTORS_JOINT,
            starts_at=start,
            ends_at=start + timedelta(hours=1, minutes=30),
            purpose="通报近期办文办会办事情况，部署信息报送和值班工作。",
            room=rooms["第二会议室"],
            chair=_person("zhuren"),
            people=[_person(name) for name in ("zhuren", "xzfb_zr", "xwb_fzr1")],
            units=[_unit(code) for code in ("FGJ", "JYJ", "CZJ", "SLJ", "YJJ")],
        ),
        applicant="wenshu",
        result=result,
    )
    meeting_submit(meeting=joint, by=_user("wenshu"), approver=_person("zhuren"))

    start = _at(third, 14, 30)
    _applied(
        MeetingPlan(
            title=TOPIC_TITLE,
            meeting_type=MeetingType.TOPIC,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            purpose="研究推进义务教育优质均衡发展县创建工作。",
            room=rooms["第二会议室"],
            chair=_person("leader7"),
            people=[_person(name) for name in ("leader7", "jyj_jz", "czj_fjz")],
            towns_must_attend=True,
            units=list(Unit.objects.filter(code__in=("T01", "T02", "T03"))),
        ),
        applicant="liaison_jyj",
        result=result,
    )


def _engagements(today: date, result: DemoResult) -> None:
    """At least three leaders' engagements this week besides meetings, one of them classified."""
    monday = today - timedelta(days=today.weekday())
    office = _user("zhuren")
    entries = (
        ("leader1", EngagementKind.RESEARCH, "赴青石镇调研乡村振兴工作", "青石镇", 1, (8, 30), (11, 30), 0),
        ("leader1", EngagementKind.VISIT, "会见市委巡察组", "县委小会议室", 3, (16, 0), (17, 0), 1),
        (
            "leader2",
            EngagementKind.RECEPTION,
            "接待省发展改革委调研组",
            "县政府接待室",
            2,
            (10, 0),
            (12, 0),
            0,
        ),
        ("leader2", EngagementKind.TRIP, "赴市里参加全市经济运行分析会", "市政府", 4, (8, 30), (17, 30), 0),
        ("leader5", EngagementKind.RESEARCH, "检查城区防汛工程建设", "城关镇", 0, (15, 0), (17, 30), 0),
        ("leader6", EngagementKind.TRIP, "带队赴外地考察招商项目", "外地", 3, (8, 0), (18, 0), 0),
    )
    for username, kind, title, place, weekday, begin, end, secret in entries:
        if Engagement.objects.filter(title=title).exists():
            continue
        day = monday + timedelta(days=weekday)
        engagement_add(
            by=office,
            fields=EngagementFields(
                leader=_person(username),
                kind=kind,
                title=title,
                place=place,
                starts_at=_at(day, *begin),
                ends_at=_at(day, *end),
                classification=Classification.SECRET if secret else Classification.INTERNAL,
                secrecy_term_years=10 if secret else None,
            ),
        )
        result.count("engagements")


def build_demo_meetings(result: DemoResult) -> None:
    today = timezone.localdate()
    rooms = _rooms(result)
    if not Meeting.objects.filter(title=DISPATCH_TITLE).exists():
        _held_last_week(rooms, today, result)
    if not Meeting.objects.filter(title=EXECUTIVE_TITLE).exists():
        _coming(rooms, today, result)
    _engagements(today, result)
