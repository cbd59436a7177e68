"""机要保密 · duties: the part-time secrecy administrators (兼职保密管理员), the secrecy meetings (保密工作会议 and
保密教育) and the secrecy knowledge tests (question banks, timed tests, attempts and their scores).

None of these records is classified: they are protected by scopes registered in duties.py (the 保密办 keeps them;
everyone sees the administrators; a person sees his own tests and attempts; a unit's administrator sees his
unit's scores). A question's right answer is read only by the 保密办 and by the scorer, never sent to a person
taking a test before he hands in his sheet.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhongshu.core.models import PendingImport

__all__ = [
    "KnowledgeTest",
    "Question",
    "QuestionBank",
    "QuestionImport",
    "QuestionKind",
    "SecrecyAdministrator",
    "SecrecyMeeting",
    "SecrecyMeetingKind",
    "TestAttempt",
    "TestQuestion",
]


class SecrecyAdministrator(models.Model):
    """One appointment of a part-time secrecy administrator: a unit's (department empty) or a department's.
    An appointment ends rather than being deleted, so the history stays; at most one is current per unit and
    department."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department",
        verbose_name="科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "org.Person", verbose_name="兼职保密管理员", on_delete=models.PROTECT, related_name="+"
    )
    appointed_on = models.DateField("任命日期")
    ended_on = models.DateField("免去日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本号", default=1)

    class Meta:
        ordering = ["unit", "department", "-appointed_on"]
        verbose_name = "兼职保密管理员"
        verbose_name_plural = "兼职保密管理员"
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "department"],
                condition=Q(ended_on__isnull=True, department__isnull=False),
                name="secrecy_admin_one_current_per_department",
            ),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(ended_on__isnull=True, department__isnull=True),
                name="secrecy_admin_one_current_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"兼职保密管理员 {self.pk}"


class SecrecyMeetingKind(models.TextChoices):
    MEETING = "meeting", "保密工作会议"
    EDUCATION = "education", "保密教育"


class SecrecyMeeting(models.Model):
    """A secrecy work meeting or a secrecy education session, with who attended and its minutes."""

    held_on = models.DateField("日期")
    title = models.CharField("名称", max_length=200)
    kind = models.CharField(
        "类型", max_length=12, choices=SecrecyMeetingKind.choices, default=SecrecyMeetingKind.MEETING
    )
    place = models.CharField("地点", max_length=100, blank=True)
    attendees = models.ManyToManyField("org.Person", verbose_name="参加人员", related_name="+")
    minutes = models.TextField("会议纪要", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")
    version = models.PositiveIntegerField("版本号", default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = "保密会议"
        verbose_name_plural = "保密会议"

    def __str__(self) -> str:
        return f"保密会议 {self.pk}"


class QuestionBank(models.Model):
    """A bank of secrecy knowledge questions (题库)."""

    name = models.CharField("题库名称", max_length=100, unique=True)
    description = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="建立人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("建立时间")

    class Meta:
        ordering = ["name"]
        verbose_name = "保密知识题库"
        verbose_name_plural = "保密知识题库"

    def __str__(self) -> str:
        return self.name


class QuestionKind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    TRUE_FALSE = "true_false", "判断题"


class Question(models.Model):
    """One question: its options (a true/false question's are 正确 and 错误), the right one(s) by position, and
    why. A question used by a test is not changed (it is retired and a new one written), so a score never
    moves after the test."""

    bank = models.ForeignKey(
        QuestionBank, verbose_name="题库", on_delete=models.PROTECT, related_name="questions"
    )
    topic = models.CharField("知识点", max_length=40)
    kind = models.CharField("题型", max_length=12, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=500)
    options = models.JSONField("选项", default=list)  # ["国家秘密", "工作秘密", ...]
    answer = models.JSONField("正确答案", default=list)  # positions in options, ascending: [0, 2]
    explanation = models.CharField("解析", max_length=500, blank=True)
    points = models.PositiveSmallIntegerField("分值", default=1)
    retired = models.BooleanField("已停用", default=False)
    created_at = models.DateTimeField("录入时间")

    class Meta:
        ordering = ["bank", "topic", "pk"]
        verbose_name = "保密知识试题"
        verbose_name_plural = "保密知识试题"

    def __str__(self) -> str:
        return f"试题 {self.pk}"


class KnowledgeTest(models.Model):
    """A timed secrecy knowledge test: its questions (chosen or drawn from a bank), the time limit, when it is
    open, and who must take it (units and people)."""

    title = models.CharField("测试名称", max_length=100)
    bank = models.ForeignKey(
        QuestionBank, verbose_name="题库", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    questions: models.ManyToManyField[Question, Any] = models.ManyToManyField(
        Question, verbose_name="试题", through="TestQuestion", related_name="+"
    )
    time_limit_minutes = models.PositiveSmallIntegerField("限时（分钟）")
    opens_at = models.DateTimeField("开始时间")
    closes_at = models.DateTimeField("截止时间")
    units = models.ManyToManyField("org.Unit", verbose_name="参加单位", blank=True, related_name="+")
    people = models.ManyToManyField("org.Person", verbose_name="参加人员", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="组织人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("建立时间")

    class Meta:
        ordering = ["-opens_at", "-pk"]
        verbose_name = "保密知识测试"
        verbose_name_plural = "保密知识测试"

    def __str__(self) -> str:
        return f"保密知识测试 {self.pk}"


class TestQuestion(models.Model):
    """A question of a test, in its place on the sheet."""

    __test__ = False  # not a pytest test class

    test = models.ForeignKey(KnowledgeTest, verbose_name="测试", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, verbose_name="试题", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("题号")

    class Meta:
        ordering = ["test", "position"]
        verbose_name = "测试试题"
        verbose_name_plural = "测试试题"
        constraints = [
            models.UniqueConstraint(fields=["test", "question"], name="secrecy_test_question_once"),
            models.UniqueConstraint(fields=["test", "position"], name="secrecy_test_question_position"),
        ]

    def __str__(self) -> str:
        return f"测试试题 {self.pk}"


class TestAttempt(models.Model):
    """One person's sitting of a test: started, handed in (or not, when the time ran out), the answers and the
    score. One per person and test, unless the 保密办 allowed a retake on the last one (`retake_allowed`)."""

    __test__ = False

    test = models.ForeignKey(
        KnowledgeTest, verbose_name="测试", on_delete=models.PROTECT, related_name="attempts"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name="考试人", on_delete=models.PROTECT, related_name="+"
    )
    number = models.PositiveSmallIntegerField("第几次", default=1)
    started_at = models.DateTimeField("开始时间")
    # started_at + the test's limit, kept on the row so a deadline never moves if the test's limit is changed.
    deadline = models.DateTimeField("交卷期限")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    answers = models.JSONField("作答", default=dict)  # {"<question id>": [positions]}
    score = models.PositiveIntegerField("得分", null=True, blank=True)
    full_marks = models.PositiveIntegerField("满分", default=0)
    retake_allowed = models.BooleanField("允许重考", default=False)
    retake_allowed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="批准重考人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["test", "person", "number"]
        verbose_name = "测试答卷"
        verbose_name_plural = "测试答卷"
        constraints = [
            models.UniqueConstraint(fields=["test", "person", "number"], name="secrecy_attempt_once"),
        ]

    def __str__(self) -> str:
        return f"测试答卷 {self.pk}"

    def expired(self, now: datetime, grace: timedelta) -> bool:
        """Not handed in, and the time (with its grace) has run out: it counts as handed in empty."""
        return self.submitted_at is None and now > self.deadline + grace


class QuestionImport(PendingImport):
    """A checked Excel upload of questions for a bank, kept until the 保密办 confirms it once."""

    bank = models.ForeignKey(QuestionBank, verbose_name="题库", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "试题导入批次"
        verbose_name_plural = "试题导入批次"
