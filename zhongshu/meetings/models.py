"""会议: meetings from application to minutes, the rooms they use and the leaders' other engagements.

A `Meeting` is `Classified`: a 涉密会议 is read only by those cleared for its level and within its 知悉范围
(the attendees are added to it as they are invited). Everything else hangs off a meeting and is read through
it. State that can be derived (late arrival, absence, merge candidates, quota use) is computed, not stored.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.base.roles import Role
from zhongshu.meetings.states import MeetingState


class MeetingType(models.TextChoices):
    STANDING_COMMITTEE = "standing_committee", "常委会"
    EXECUTIVE = "executive", "政府常务会"
    DIRECTORS_JOINT = "directors_joint", "办公室主任联席会议"
    DISPATCH = "dispatch", "重点工作调度会"
    TOPIC = "topic", "专题会"
    VIDEO = "video", "视频会议"
    OTHER = "other", "其他会议"


class Room(models.Model):
    """会议室: where a meeting is held; only a room cleared for it takes a 涉密会议."""

    name = models.CharField("名称", max_length=60, unique=True)
    place = models.CharField("位置", max_length=100, blank=True)
    capacity = models.PositiveIntegerField("容纳人数")
    equipment = models.CharField(
        "设备", max_length=200, blank=True, help_text="如：视频会议终端、投影、同声传译"
    )
    has_video = models.BooleanField("可开视频会议", default=False)
    cleared_for_classified = models.BooleanField("可召开涉密会议", default=False)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "会议室"
        verbose_name_plural = "会议室"

    def __str__(self) -> str:
        return self.name


class Meeting(Classified):
    # 工作秘密: a 内部 meeting is known to the applying unit, its attendees (its 知悉范围) and the office's
    # meeting staff; 秘密 and above to owners, 知悉范围 and grants only.
    work_secret_remit = frozenset({Role.OFFICE_DIRECTOR.value, Role.CLERK.value})

    title = models.CharField("会议名称", max_length=100)
    meeting_type = models.CharField("会议类型", max_length=24, choices=MeetingType.choices)
    purpose = models.TextField("会议事由", blank=True)
    state = models.CharField("状态", max_length=16, choices=MeetingState.choices, default=MeetingState.DRAFT)
    applicant_unit = models.ForeignKey(
        "org.Unit", verbose_name="申请单位", on_delete=models.PROTECT, related_name="+"
    )
    chair = models.ForeignKey(
        "org.Person", verbose_name="主持人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    room = models.ForeignKey(
        Room, verbose_name="会议室", null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    is_video = models.BooleanField("视频会议", default=False)
    video_venue = models.CharField("视频会场", max_length=200, blank=True)
    towns_must_attend = models.BooleanField("乡镇须参会", default=False)
    expected_count = models.PositiveIntegerField("预计人数", null=True, blank=True)
    reply_deadline = models.DateTimeField("回执截止时间", null=True, blank=True)
    materials_due = models.DateField("材料报送截止", null=True, blank=True)
    # The 会议通知's own words (notices.py): kept so that a changed meeting's notice goes out again with them.
    notice_requirements = models.TextField("会议要求", blank=True)
    notice_contact = models.CharField("联系人及电话", max_length=100, blank=True)
    # A merged application points at the meeting that absorbed it.
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    decision_reason = models.CharField("审批意见", max_length=500, blank=True)
    # The approval chain of the last 报批 (workflow app); an earlier, returned chain stays in the workflow's history.
    workflow = models.ForeignKey(
        "workflow.Workflow", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A booking that overlaps another one for the same room or leader, kept by the office with a reason.
    conflict_override = models.CharField("冲突说明", max_length=500, blank=True)
    # 签到码: shown in the room; an attendee signs in with it before it expires.
    sign_in_code = models.CharField("签到码", max_length=12, blank=True)
    sign_in_expires_at = models.DateTimeField("签到码有效期至", null=True, blank=True)
    # The 会议纪要, once drafted: an ordinary document of the documents module from then on.
    minutes_document = models.ForeignKey(
        "documents.OfficialDocument",
        verbose_name="会议纪要",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("结束时间（实际）", null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = "会议"
        verbose_name_plural = "会议"
        indexes = [
            # Conflict checks and the week's schedule: meetings overlapping a time window.
            models.Index(fields=["starts_at", "ends_at"], name="meeting_time"),
            models.Index(fields=["room", "starts_at"], name="meeting_room_time"),
            models.Index(fields=["state", "-starts_at"], name="meeting_state_time"),
            models.Index(fields=["applicant_unit", "meeting_type", "starts_at"], name="meeting_unit_type"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at


class AttendeeRole(models.TextChoices):
    CHAIR = "chair", "主持"
    ATTEND = "attend", "出席"
    SIT_IN = "sit_in", "列席"
    STAFF = "staff", "工作人员"


class ReplyState(models.TextChoices):
    NONE = "", "未回复"
    ATTENDING = "attending", "参加"
    SUBSTITUTE = "substitute", "委派代参"
    ABSENT = "absent", "请假"


class Attendee(models.Model):
    """One invitation: a person by name, or a unit that must send someone (then `person` is whom it sends,
    named in its reply). The attendance list, the seating and the sign-in read these rows."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    person = models.ForeignKey(
        "org.Person", verbose_name="参会人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="参会单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("身份", max_length=10, choices=AttendeeRole.choices, default=AttendeeRole.ATTEND)
    reply = models.CharField("回执", max_length=12, choices=ReplyState.choices, blank=True, default="")
    substitute = models.ForeignKey(
        "org.Person", verbose_name="代参人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_reason = models.CharField("请假或代参事由", max_length=300, blank=True)
    replied_at = models.DateTimeField("回执时间", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField("通知时间", null=True, blank=True)
    signed_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    # Who recorded the sign-in: the attendee with the code, or the meeting's secretary.
    signed_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Wrong sign-in codes given for this invitation since sign-in was (re)opened: past a few, the code is
    # refused and the secretary signs the person in (meetings.signin).
    sign_in_failures = models.PositiveSmallIntegerField("签到码错误次数", default=0)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = "参会人员"
        verbose_name_plural = "参会人员"
        indexes = [
            # Conflict checks: the meetings a person is invited to, joined to the meeting's time.
            models.Index(fields=["person", "meeting"], name="attendee_person"),
            models.Index(fields=["substitute", "meeting"], name="attendee_substitute"),
            # Conflict checks (scheduling): a window's meetings probed for whom they take, from the index alone.
            models.Index(fields=["meeting", "person", "substitute", "reply"], name="attendee_meeting_takes"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(unit__isnull=False), name="attendee_person_or_unit"
            ),
        ]

    def __str__(self) -> str:
        who = self.present_person
        return who.name if who is not None else str(self.unit)

    @property
    def present_person(self) -> Any:
        """Who is expected in the room: the substitute when one was sent, else the invited person."""
        return self.substitute if self.reply == ReplyState.SUBSTITUTE and self.substitute_id else self.person


class Seat(models.Model):
    """座次: one seat of the 主席台 (row 0) or of a row in front; made by the convention, editable by hand."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="seats")
    row = models.PositiveSmallIntegerField("排")  # 0 = 主席台
    position = models.PositiveSmallIntegerField("座号")  # from the left as the audience sees it, 1-based
    by_hand = models.BooleanField("手工调整", default=False)

    class Meta:
        ordering = ["row", "position"]
        verbose_name = "座次"
        verbose_name_plural = "座次"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "row", "position"], name="seat_place_once"),
            models.UniqueConstraint(fields=["meeting", "attendee"], name="seat_attendee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.row}排{self.position}号"


class Topic(models.Model):
    """议题: one item of the agenda, with who presents it and by when its materials are due."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="topics")
    order = models.PositiveSmallIntegerField("顺序")
    title = models.CharField("议题", max_length=200)
    presenter = models.ForeignKey(
        "org.Person", verbose_name="汇报人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    presenter_unit = models.ForeignKey(
        "org.Unit", verbose_name="汇报单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    minutes_planned = models.PositiveSmallIntegerField("计划时长（分钟）", null=True, blank=True)
    materials_due = models.DateField("材料报送截止", null=True, blank=True)
    materials_submitted_at = models.DateTimeField("材料报送时间", null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "议题"
        verbose_name_plural = "议题"
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="topic_order_once")]

    def __str__(self) -> str:
        return self.title


class MaterialCopy(models.Model):
    """One numbered copy of a classified meeting material, handed to a person and collected back."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="material_copies")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="copies")
    material = models.CharField("材料名称", max_length=200)
    copy_number = models.PositiveIntegerField("份号")
    holder = models.ForeignKey(
        "org.Person", verbose_name="领取人", on_delete=models.PROTECT, related_name="+"
    )
    handed_out_at = models.DateTimeField("发放时间", default=timezone.now)
    handed_out_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField("收回时间", null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["material", "copy_number"]
        verbose_name = "会议材料份号"
        verbose_name_plural = "会议材料份号"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "material", "copy_number"], name="material_copy_once")
        ]

    def __str__(self) -> str:
        return f"{self.material}第{self.copy_number}份"


class SecrecyCheck(models.TextChoices):
    VENUE_INSPECTED = "venue_inspected", "会场保密检查"
    DEVICES_COLLECTED = "devices_collected", "手机等无线设备已收存"
    RECORDING_FORBIDDEN = "recording_forbidden", "已宣布禁止录音录像"
    MATERIALS_RECOVERED = "materials_recovered", "涉密材料已全部收回"


class SecrecyCheckEntry(models.Model):
    """One item of a 涉密会议's checklist, recorded with who checked it and when."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="secrecy_checks")
    item = models.CharField("检查项目", max_length=24, choices=SecrecyCheck.choices)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField("检查时间", default=timezone.now)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        ordering = ["checked_at", "id"]
        verbose_name = "涉密会议检查"
        verbose_name_plural = "涉密会议检查"
        constraints = [models.UniqueConstraint(fields=["meeting", "item"], name="secrecy_check_once")]

    def __str__(self) -> str:
        return self.get_item_display()


class MeetingDecision(models.Model):
    """议定事项: what the meeting decided, with who leads it and by when; it may become a supervision item
    (whose source is this decision: access.links shows the pair both ways)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField("序号")
    text = models.CharField("议定事项", max_length=300)
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name="牵头单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name="责任领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateField("完成时限", null=True, blank=True)
    supervised_at = models.DateTimeField("转督办时间", null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = "会议议定事项"
        verbose_name_plural = "会议议定事项"
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="decision_order_once")]

    def __str__(self) -> str:
        return self.text


class MeetingEvent(models.Model):
    """The meeting's history as its page shows it: who did what, when (the audit log keeps the rest)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=40)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "会议记录"
        verbose_name_plural = "会议记录"

    def __str__(self) -> str:
        return self.action


class EngagementKind(models.TextChoices):
    RESEARCH = "research", "调研"
    RECEPTION = "reception", "接待"
    TRIP = "trip", "外出"
    VISIT = "visit", "会见"
    OTHER = "other", "其他"


class Engagement(Classified):
    """领导活动安排: a leader's engagement besides meetings, entered by the office. A classified one shows as
    另有安排 to whoever may not see it (page, printed table and calendar feed alike)."""

    work_secret_remit = frozenset({Role.OFFICE_DIRECTOR.value, Role.CLERK.value, Role.LEADER.value})

    leader = models.ForeignKey("org.Person", verbose_name="领导", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=12, choices=EngagementKind.choices)
    title = models.CharField("活动内容", max_length=100)
    place = models.CharField("地点", max_length=100, blank=True)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    note = models.CharField("备注", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Bumped by every edit: a form drawn before someone else's change is refused (engagement_changed).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = "领导活动"
        verbose_name_plural = "领导活动"
        indexes = [
            models.Index(fields=["leader", "starts_at"], name="engagement_leader_time"),
            # Conflict checks (scheduling): a leader's engagements before a time, their ends read from the index.
            models.Index(fields=["leader", "starts_at", "ends_at"], name="engagement_leader_span"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="engagement_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class FeedToken(models.Model):
    """A leader's calendar feed: a secret URL token (only its hash is kept), revocable."""

    person = models.ForeignKey("org.Person", verbose_name="领导", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("生成时间", default=timezone.now)
    revoked_at = models.DateTimeField("作废时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "日程订阅"
        verbose_name_plural = "日程订阅"

    def __str__(self) -> str:
        return f"日程订阅（{self.person_id}）"
