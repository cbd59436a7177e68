"""Official documents (公文) with the 18 elements of the 2012 regulations, and what their lifecycle leaves.

An `OfficialDocument` is either outgoing (this office issues it) or incoming (this office received it:
from an internal dispatch, which creates the incoming copy, or a paper document registered by hand). Every
transition leaves a `DocumentEvent` (append-only), which the turnaround statistics read.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.base.roles import Role
from zhongshu.core.models import AppendOnlyModel
from zhongshu.documents.states import DocState
from zhongshu.documents.vocabulary import event_label, finding_category_label, state_label
from zhongshu.workdays.models import WorkdayDeadlineFields


class DocType(models.TextChoices):
    RESOLUTION = "resolution", "决议"
    DECISION = "decision", "决定"
    ORDER = "order", "命令（令）"
    COMMUNIQUE = "communique", "公报"
    ANNOUNCEMENT = "announcement", "公告"
    PUBLIC_NOTICE = "public_notice", "通告"
    OPINION = "opinion", "意见"
    NOTICE = "notice", "通知"
    BULLETIN = "bulletin", "通报"
    REPORT = "report", "报告"
    REQUEST = "request", "请示"
    REPLY = "reply", "批复"
    MOTION = "motion", "议案"
    LETTER = "letter", "函"
    MINUTES = "minutes", "纪要"


# 上行文: documents sent up to a superior organ.
UPWARD_TYPES = frozenset({DocType.REPORT, DocType.REQUEST})


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "发文"
    INCOMING = "incoming", "收文"


class Urgency(models.TextChoices):
    NONE = "", "无"
    URGENT = "urgent", "加急"
    EXTRA_URGENT = "extra_urgent", "特急"


class LengthClass(models.TextChoices):
    """The 2024 burden-reduction length rules: 5,000 in general, 4,000 for a specific task."""

    GENERAL = "general", "一般性公文（不超过5000字）"
    SPECIFIC = "specific", "具体工作公文（不超过4000字）"
    COMPREHENSIVE = "comprehensive", "综合性公文（不限）"


class Publicity(models.TextChoices):
    """公开属性, chosen when drafting: a 主动公开 document is published only after its secrecy review (公开审查)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    NOT_PUBLIC = "not_public", "不予公开"


class ArchiveState(models.TextChoices):
    NONE = "", "未移交"
    HANDED_OVER = "handed_over", "已移交档案"
    FILED = "filed", "已归档入库"


class OfficialDocument(Classified):
    # 工作秘密: a 内部 document is known to its unit and its 知悉范围 — the services add the reviewers and
    # signer at submission, the recipients at dispatch, the leader asked to instruct, the handling units and the
    # readers of a circulation — and, office-wide, to the office director.
    work_secret_remit = frozenset({Role.OFFICE_DIRECTOR.value})

    direction = models.CharField("方向", max_length=10, choices=Direction.choices, default=Direction.OUTGOING)
    doc_type = models.CharField("文种", max_length=20, choices=DocType.choices, default=DocType.NOTICE)
    state = models.CharField("状态", max_length=24, choices=DocState.choices, default=DocState.DRAFT)
    length_class = models.CharField(
        "篇幅类别", max_length=20, choices=LengthClass.choices, default=LengthClass.GENERAL
    )
    # The 18 elements (页码 belongs to the rendering).
    copy_number = models.CharField("份号", max_length=6, blank=True)
    urgency = models.CharField("紧急程度", max_length=20, choices=Urgency.choices, blank=True, default="")
    issuer_mark = models.CharField("发文机关标志", max_length=60, blank=True)
    agency_code = models.CharField("机关代字", max_length=20, blank=True)
    doc_year = models.PositiveSmallIntegerField("发文年度", null=True, blank=True)
    doc_serial = models.PositiveIntegerField("发文顺序号", null=True, blank=True)
    doc_number = models.CharField("发文字号", max_length=60, blank=True, db_index=True)
    signers = models.CharField("签发人", max_length=100, blank=True)
    title = models.CharField("标题", max_length=200)
    primary_recipients = models.CharField("主送机关", max_length=500, blank=True)
    body = models.TextField("正文", blank=True)
    attachment_note = models.TextField("附件说明", blank=True, help_text="每行一个附件名称")
    signature = models.CharField("发文机关署名", max_length=200, blank=True)
    date_of_writing = models.DateField("成文日期", null=True, blank=True)
    seal = models.BooleanField("加盖印章", default=True)
    note = models.CharField("附注", max_length=200, blank=True)
    cc_recipients = models.CharField("抄送机关", max_length=500, blank=True)
    printing_office = models.CharField("印发机关", max_length=100, blank=True)
    print_date = models.DateField("印发日期", null=True, blank=True)
    copies = models.PositiveIntegerField("印发份数", default=0)
    # 纪要 (GB/T 9704-2012 10.3): who attended, was excused, sat in; units and names, one a line or 、-separated.
    minutes_present = models.TextField("出席", blank=True)
    minutes_absent = models.TextField("请假", blank=True)
    minutes_attending = models.TextField("列席", blank=True)
    # Distribution inside 中枢: the units that receive the dispatch.
    primary_units = models.ManyToManyField("org.Unit", verbose_name="主送单位", blank=True, related_name="+")
    cc_units = models.ManyToManyField("org.Unit", verbose_name="抄送单位", blank=True, related_name="+")
    # Outgoing flow.
    drafter = models.ForeignKey(
        "org.Person", verbose_name="拟稿人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workflow = models.ForeignKey(
        "workflow.Workflow",
        verbose_name="当前流程",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer = models.ForeignKey(
        "org.Person",
        verbose_name="签发领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    signed_text_digest = models.CharField(max_length=64, blank=True, editable=False)
    registered_at = models.DateTimeField("登记时间", null=True, blank=True)
    dispatched_at = models.DateTimeField("分发时间", null=True, blank=True)
    archive_state = models.CharField(
        "归档", max_length=20, choices=ArchiveState.choices, blank=True, default=ArchiveState.NONE
    )
    publicity = models.CharField(
        "公开属性", max_length=20, choices=Publicity.choices, default=Publicity.NOT_PUBLIC
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    quota_override = models.BooleanField("超出发文额度经领导同意", default=False)
    # 2024 burden-reduction rule: a unit's yearly count rising over last year's needs a written explanation,
    # given at the registration that takes it over.
    count_explanation = models.TextField("发文数量超过上年的书面说明", blank=True)
    simhash = models.BigIntegerField(null=True, blank=True, editable=False)
    # Incoming.
    source_unit_name = models.CharField("来文单位", max_length=100, blank=True)
    source_doc_number = models.CharField("来文字号", max_length=60, blank=True)
    received_on = models.DateField("收文日期", null=True, blank=True)
    incoming_year = models.PositiveSmallIntegerField(null=True, blank=True)
    incoming_serial = models.PositiveIntegerField(null=True, blank=True)
    incoming_number = models.CharField("收文编号", max_length=40, blank=True)
    origin = models.ForeignKey(
        "self",
        verbose_name="来文原件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies_sent",
    )
    screen_note = models.CharField("初审意见", max_length=500, blank=True)
    proposal = models.TextField("拟办意见", blank=True)
    proposal_by = models.ForeignKey(
        "org.Person", verbose_name="拟办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    instruction_leader = models.ForeignKey(
        "org.Person",
        verbose_name="批示领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    instruction = models.TextField("领导批示", blank=True)
    instruction_at = models.DateTimeField("批示时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "公文"
        verbose_name_plural = "公文"
        indexes = [
            # The inbox and the registers are keyset-paged on id within a unit and a direction.
            models.Index(fields=["owner_unit", "direction", "id"], name="doc_unit_dir_id"),
            models.Index(fields=["direction", "state"], name="doc_dir_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code", "doc_year", "doc_serial"],
                condition=Q(doc_serial__isnull=False, direction="outgoing"),
                name="doc_number_unique",
            ),
            models.UniqueConstraint(
                fields=["owner_unit", "incoming_year", "incoming_serial"],
                condition=Q(incoming_serial__isnull=False),
                name="incoming_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.doc_number or self.incoming_number or f"公文#{self.pk}"

    @property
    def is_outgoing(self) -> bool:
        return self.direction == Direction.OUTGOING

    @property
    def is_upward(self) -> bool:
        return self.doc_type in UPWARD_TYPES

    @property
    def is_minutes(self) -> bool:
        return self.doc_type == DocType.MINUTES

    @property
    def attachment_names(self) -> list[str]:
        return [line.strip() for line in self.attachment_note.splitlines() if line.strip()]


MINUTES_SEPARATORS = re.compile(r"[\r\n、]+")


def minutes_names(text: str) -> list[str]:
    """The entries of a 纪要 list as typed: one a line or separated by 、."""
    return [name.strip() for name in MINUTES_SEPARATORS.split(text) if name.strip()]


class NumberCounter(models.Model):
    """The last serial given out per scope (a 机关代字, or a unit's 收文) and year; locked to allocate."""

    scope = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "year"], name="number_counter_scope_year")]

    def __str__(self) -> str:
        return f"{self.scope}〔{self.year}〕{self.last_serial}"


class VoidedNumber(models.Model):
    """A 发文字号 given out and then voided: the serial stays used (never reissued) and the reason is kept."""

    agency_code = models.CharField("机关代字", max_length=20)
    year = models.PositiveSmallIntegerField("年度")
    serial = models.PositiveIntegerField("顺序号")
    doc_number = models.CharField("发文字号", max_length=60)
    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="voided_numbers")
    reason = models.CharField("作废理由", max_length=300)
    voided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    voided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "作废文号"
        verbose_name_plural = "作废文号"
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "year", "serial"], name="voided_number_unique")
        ]

    def __str__(self) -> str:
        return self.doc_number


class DocumentEvent(AppendOnlyModel):
    """One transition of a document, with the person and the full time; never changed nor deleted."""

    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="events")
    action = models.CharField("动作", max_length=30)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField("办理人", max_length=40, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "公文办理记录"
        verbose_name_plural = "公文办理记录"

    def __str__(self) -> str:
        return f"{self.action}@{self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def action_label(self) -> str:
        return event_label(self.action)

    @property
    def to_state_label(self) -> str:
        return state_label(self.to_state)


class Dispatch(models.Model):
    """One outgoing document sent to one unit inside 中枢: its incoming copy, read receipt and recall."""

    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="dispatches")
    recipient_unit = models.ForeignKey(
        "org.Unit", verbose_name="接收单位", on_delete=models.PROTECT, related_name="+"
    )
    as_cc = models.BooleanField("抄送", default=False)
    incoming = models.OneToOneField(
        OfficialDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="dispatch_received"
    )
    sent_at = models.DateTimeField("分发时间", default=timezone.now)
    read_at = models.DateTimeField("签收时间", null=True, blank=True)
    read_by = models.ForeignKey(
        "org.Person", verbose_name="签收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recalled_at = models.DateTimeField("撤回时间", null=True, blank=True)
    recall_reason = models.CharField("撤回理由", max_length=300, blank=True)

    class Meta:
        verbose_name = "分发"
        verbose_name_plural = "分发"
        constraints = [
            models.UniqueConstraint(fields=["document", "recipient_unit"], name="dispatch_once_per_unit")
        ]

    def __str__(self) -> str:
        return f"分发{self.document_id}→{self.recipient_unit_id}"


class Handling(WorkdayDeadlineFields):
    """承办: one unit handles an incoming document by a deadline in working days."""

    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="handlings")
    unit = models.ForeignKey("org.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    is_lead = models.BooleanField("牵头", default=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    reminders = models.PositiveSmallIntegerField("催办次数", default=0)
    result = models.TextField("办理结果", blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "承办"
        verbose_name_plural = "承办"

    def __str__(self) -> str:
        return f"承办{self.document_id}@{self.unit_id}"


class CirculationSlip(models.Model):
    """传阅: one named leader's turn to read, in `leader_rank` order; each marks it read."""

    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="circulation")
    reader = models.ForeignKey(
        "org.Person", verbose_name="传阅人", on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField("顺序")
    read_at = models.DateTimeField("阅毕时间", null=True, blank=True)
    remark = models.CharField("阅示", max_length=300, blank=True)

    class Meta:
        ordering = ["document", "position"]
        verbose_name = "传阅"
        verbose_name_plural = "传阅"

    def __str__(self) -> str:
        return f"传阅{self.document_id}#{self.position}"


class PrintedCopy(models.Model):
    """Every printed or downloaded copy of a classified document carries its own 份号."""

    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="printed_copies")
    copy_number = models.CharField("份号", max_length=6)
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "copy_number"], name="printed_copy_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.document_id}-{self.copy_number}"


class ErrorBookEntry(models.Model):
    """错题本: an error confirmed in review, by drafter and unit, with its correction (correction_book)."""

    document = models.ForeignKey(OfficialDocument, on_delete=models.PROTECT, related_name="error_book")
    drafter = models.ForeignKey(
        "org.Person", verbose_name="拟稿人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name="单位", null=True, on_delete=models.PROTECT, related_name="+"
    )
    category = models.CharField("类别", max_length=20)
    rule_id = models.CharField("规则", max_length=60, blank=True)
    wrong_text = models.CharField("原文", max_length=200)
    correction = models.CharField("更正", max_length=200, blank=True)
    explanation = models.CharField("说明", max_length=300, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-confirmed_at", "-id"]
        verbose_name = "差错记录"
        verbose_name_plural = "差错记录"

    def __str__(self) -> str:
        return f"{self.wrong_text}→{self.correction}"

    @property
    def category_label(self) -> str:
        return finding_category_label(self.category)
