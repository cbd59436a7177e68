"""Archive items (件) under DA/T 22-2015, their files, their use and their appraisal.

An `ArchiveItem` is one filed record: the reference code (档号) 全宗号-WS·年度-保管期限-机构代码-件号 is fixed at
filing, item numbers come from `ItemCounter` (one row per lowest class, locked to allocate). An item carries
the classification, owners and need-to-know of the record it was filed from, so the one access policy reads
it as it read its source. Files are links to the stored files (the final copy and its attachments), never
copies of their bytes. Appraisals and destruction records are append-only: a destroyed item keeps its
catalogue row, marked, and its whole history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.archives.states import ItemState as ItemState  # the states live in states.py
from zhongshu.archives.states import UseState as UseState
from zhongshu.base.roles import Role
from zhongshu.core.models import AppendOnlyModel, PendingImport

CATEGORY_WS = "WS"  # 文书档案


class Retention(models.TextChoices):
    PERMANENT = "permanent", "永久"
    Y30 = "y30", "定期30年"
    Y10 = "y10", "定期10年"


# The code printed in the reference code and on the stamp, and the years each retention lasts.
RETENTION_CODE = {Retention.PERMANENT: "Y", Retention.Y30: "D30", Retention.Y10: "D10"}
RETENTION_BY_CODE = {code: value for value, code in RETENTION_CODE.items()}
RETENTION_YEARS: dict[str, int | None] = {Retention.PERMANENT: None, Retention.Y30: 30, Retention.Y10: 10}


class Fonds(models.Model):
    """The 全宗号 of an archiving unit; a unit without a row files under its unit code."""

    unit = models.OneToOneField(
        "org.Unit", verbose_name="立档单位", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField("全宗号", max_length=20, unique=True)

    class Meta:
        verbose_name = "全宗"
        verbose_name_plural = "全宗"

    def __str__(self) -> str:
        return self.code


class ItemCounter(models.Model):
    """The last item number given out in one lowest class (fonds, year, retention, organisation code)."""

    fonds = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    retention = models.CharField(max_length=10, choices=Retention.choices)
    org_code = models.CharField(max_length=32)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fonds", "year", "retention", "org_code"], name="archive_counter_class"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fonds}·{self.year}·{self.retention}·{self.org_code}:{self.last_number}"


class ArchiveItem(Classified):
    # 工作秘密: a 内部 item is known to the unit that filed it, its 知悉范围 (carried over from the filed record),
    # those granted a use by the archives head, and, office-wide, the archives room and the office director.
    work_secret_remit = frozenset({Role.ARCHIVIST.value, Role.OFFICE_DIRECTOR.value})

    fonds = models.CharField("全宗号", max_length=20)
    category = models.CharField("门类", max_length=4, default=CATEGORY_WS)
    year = models.PositiveSmallIntegerField("年度")
    retention = models.CharField("保管期限", max_length=10, choices=Retention.choices)
    org_code = models.CharField("机构代码", max_length=32)
    org_name = models.CharField("机构（问题）", max_length=100, blank=True)
    item_number = models.PositiveIntegerField("件号")
    reference_code = models.CharField("档号", max_length=80, unique=True)
    doc_number = models.CharField("文号", max_length=80, blank=True)
    responsible = models.CharField("责任者", max_length=200, blank=True)
    title = models.CharField("题名", max_length=300)
    self_made_title = models.BooleanField("自拟题名", default=False)
    date = models.DateField("日期", null=True, blank=True)
    pages = models.PositiveIntegerField("页数", default=0)
    remarks = models.CharField("备注", max_length=300, blank=True)
    body_text = models.TextField("全文", blank=True)
    archiving_unit = models.ForeignKey(
        "org.Unit", verbose_name="立档单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The record this item was filed from; a record files once.
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source_kind = models.CharField("来源", max_length=40, blank=True)
    state = models.CharField("状态", max_length=20, choices=ItemState.choices, default=ItemState.HANDED_OVER)
    handed_over_at = models.DateTimeField("移交时间", default=timezone.now)
    arranged_at = models.DateTimeField("整理时间", null=True, blank=True)
    shelved_at = models.DateTimeField("入库时间", null=True, blank=True)
    destroyed_at = models.DateTimeField("销毁时间", null=True, blank=True)
    # Items brought in from an existing catalogue: already shelved, never counted as today's hand-overs.
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    # 鉴定 "keep": look again in this year instead of when the retention period ends.
    review_year = models.PositiveSmallIntegerField("下次鉴定年度", null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="归档人", on_delete=models.PROTECT, related_name="+"
    )
    # The fixed-layout 定稿正本 (PDF) is still to be made from the item's 可编辑稿 (DOCX): LibreOffice was
    # missing or failed at filing. The `archives.fixed_copy` job and tick make it (archives.fixed_copies).
    fixed_copy_pending = models.BooleanField("正本待生成", default=False, db_index=True)
    # Why the 正本 could not be made (a DOCX LibreOffice cannot convert, the stored DOCX missing): final.
    fixed_copy_error = models.CharField("正本生成失败原因", max_length=500, blank=True)

    class Meta:
        verbose_name = "档案"
        verbose_name_plural = "档案"
        ordering = ["fonds", "year", "retention", "org_code", "item_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(source_id__isnull=False),
                name="archive_item_files_once",
            ),
            models.UniqueConstraint(
                fields=["fonds", "year", "retention", "org_code", "item_number"], name="archive_item_number"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "retention", "id"], name="archive_year_ret"),
            models.Index(fields=["handed_over_at"], name="archive_handed_over"),
            models.Index(fields=["classification"], name="archive_classification"),
        ]

    def __str__(self) -> str:
        return self.reference_code

    @property
    def display_title(self) -> str:
        """Self-made titles are shown in [ ] (DA/T 22-2015)."""
        return f"[{self.title}]" if self.self_made_title else self.title

    @property
    def retention_code(self) -> str:
        return RETENTION_CODE[Retention(self.retention)]

    @property
    def is_destroyed(self) -> bool:
        return self.state == ItemState.DESTROYED


class FileRole(models.TextChoices):
    # 定稿正本: the fixed-layout final copy (PDF now, OFD later); 可编辑稿: the same final text as DOCX.
    FINAL = "final", "定稿正本"
    EDITABLE = "editable", "可编辑稿"
    ATTACHMENT = "attachment", "附件"


# How an item's files are listed: the 正本 first, then its 可编辑稿, then the attachments.
FILE_ROLE_ORDER: dict[str, int] = {FileRole.FINAL: 0, FileRole.EDITABLE: 1, FileRole.ATTACHMENT: 2}


class ArchiveFile(models.Model):
    """One file of an item: a link to the stored file, not a copy of its bytes."""

    item = models.ForeignKey(ArchiveItem, on_delete=models.PROTECT, related_name="files")
    stored = models.ForeignKey("attachments.StoredFile", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("类别", max_length=12, choices=FileRole.choices)
    name = models.CharField("文件名", max_length=255)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["item", "sort_order", "id"]
        verbose_name = "档案文件"
        verbose_name_plural = "档案文件"

    def __str__(self) -> str:
        return self.name


class UseKind(models.TextChoices):
    BORROW = "borrow", "借阅"
    CONSULT = "consult", "查阅"


class ArchiveUse(models.Model):
    """A request to borrow or consult an item. `item` is empty when the 档号 asked for matches nothing: the
    requester is answered alike either way, and the archives room rejects it."""

    item = models.ForeignKey(
        ArchiveItem, null=True, blank=True, on_delete=models.PROTECT, related_name="uses"
    )
    requested_code = models.CharField("档号", max_length=80)
    kind = models.CharField("利用方式", max_length=10, choices=UseKind.choices)
    requester = models.ForeignKey(
        "org.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField("利用目的", max_length=300)
    state = models.CharField("状态", max_length=12, choices=UseState.choices, default=UseState.REQUESTED)
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    due_back = models.DateField("应还日期", null=True, blank=True)
    access_until = models.DateTimeField("利用期限", null=True, blank=True)
    decided_by = models.ForeignKey(
        "org.Person", verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=300, blank=True)
    returned_at = models.DateTimeField("归还时间", null=True, blank=True)
    grant = models.ForeignKey(
        "access.NeedToKnowGrant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "档案利用"
        verbose_name_plural = "档案利用"
        indexes = [models.Index(fields=["state", "requested_at"], name="archive_use_state")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}{self.requested_code}"

    @property
    def is_approved(self) -> bool:
        return self.state == UseState.APPROVED


class Decision(models.TextChoices):
    KEEP = "keep", "继续保存"
    EXTEND = "extend", "延长保管期限"
    PROPOSE_DESTROY = "propose_destroy", "拟销毁"
    APPROVE_DESTROY = "approve_destroy", "批准销毁"
    REJECT_DESTROY = "reject_destroy", "不同意销毁"


class Appraisal(AppendOnlyModel):
    """One appraisal decision on an item (鉴定): who, when, what and why. Never changed nor deleted."""

    item = models.ForeignKey(ArchiveItem, on_delete=models.PROTECT, related_name="appraisals")
    decision = models.CharField("鉴定结论", max_length=20, choices=Decision.choices)
    retention_before = models.CharField(max_length=10, choices=Retention.choices)
    retention_after = models.CharField(max_length=10, choices=Retention.choices)
    reason = models.CharField("理由", max_length=500)
    by = models.ForeignKey("org.Person", verbose_name="鉴定人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "鉴定记录"
        verbose_name_plural = "鉴定记录"

    def __str__(self) -> str:
        return f"{self.item_id}:{self.decision}"


class DestructionRecord(AppendOnlyModel):
    """销毁记录: the two people who decided, with the catalogue entry as it stood. Kept for ever."""

    item = models.OneToOneField(ArchiveItem, on_delete=models.PROTECT, related_name="destruction")
    reference_code = models.CharField("档号", max_length=80)
    retention = models.CharField("保管期限", max_length=10, choices=Retention.choices)
    appraiser = models.ForeignKey(
        "org.Person", verbose_name="鉴定人", on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        "org.Person", verbose_name="批准人", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("销毁理由", max_length=500)
    destroyed_at = models.DateTimeField("销毁时间", default=timezone.now)

    class Meta:
        verbose_name = "销毁记录"
        verbose_name_plural = "销毁记录"

    def __str__(self) -> str:
        return f"销毁{self.reference_code}"


class CatalogueImport(PendingImport):
    """The valid rows of one checked catalogue upload, kept until the archivist confirms them (once)."""
