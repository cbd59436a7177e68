"""素材库 (library): materials with their cleaned text, what cleaning removed, their paragraphs indexed for
shared passages, their key sentences (金句); bulk ingest batches; and the 问题库 (problem_bank)'s own
problems, those found by research (problems found by supervision stay where they are and are read live).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified
from zhongshu.access.policy import EVERYONE
from zhongshu.materials.states import MaterialState

if TYPE_CHECKING:
    from zhongshu.access.policy import Action, Viewer


class MaterialType(models.TextChoices):
    SPEECH = "speech", "讲话"
    REFLECTION = "reflection", "心得体会"
    EXPERIENCE = "experience", "经验交流"
    RESEARCH_REPORT = "research_report", "调研报告"
    CASE = "case", "典型案例"
    POLICY = "policy", "政策文件"
    OTHER = "other", "其他"


class Tag(models.Model):
    name = models.CharField("标签", max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "标签"
        verbose_name_plural = "标签"

    def __str__(self) -> str:
        return self.name


class InLibrary(models.Manager["Material"]):
    """The library: materials not withdrawn, nor still being ingested. Every list, lookup and duplicate check
    goes through this."""

    def get_queryset(self) -> models.QuerySet[Material]:
        return super().get_queryset().filter(withdrawn_at__isnull=True, ingesting=False)


class Material(Classified):
    # The library is the office's shared drafting material: a 内部 material is open to every business person.
    work_secret_remit = EVERYONE

    title = models.CharField("标题", max_length=200)
    material_type = models.CharField("类型", max_length=20, choices=MaterialType.choices)
    source = models.CharField("来源", max_length=200, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="materials")
    text = models.TextField("正文（已清理）")
    removals = models.JSONField("清理记录", default=list, blank=True)
    original_file = models.ForeignKey(
        "attachments.StoredFile",
        verbose_name="原文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_name = models.CharField("原文件名", max_length=255, blank=True)
    # SHA-256 of the normalised cleaned text: the same material in another file format is the same material.
    # Unique among the materials in the library only, so a withdrawn material may be uploaded again.
    content_hash = models.CharField(max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("入库时间", default=timezone.now)
    # Raised by every edit: a save that names an older version lost the race and is refused.
    version = models.PositiveIntegerField("版本", default=1)
    # Withdrawing (删除) keeps the row for the audit trail; its paragraphs, fingerprints, shared passages and
    # 金句 go, and it leaves the library, the search index and every page.
    withdrawn_at = models.DateTimeField("删除时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.CharField("删除理由", max_length=200, blank=True)
    # True while the file is still being written in short transactions (materials.ingest): out of the
    # library until the last part is in, and deleted again if the file fails.
    ingesting = models.BooleanField(default=False)

    objects = InLibrary()
    with_withdrawn = models.Manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "素材"
        verbose_name_plural = "素材"
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=Q(withdrawn_at__isnull=True),
                name="materials_hash_in_library",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def access_scope(cls, viewer: Viewer, action: Action) -> Q | None:
        """Only the uploader, or an office director of the unit holding it, may change a material (the
        policy's own rule already keeps changes inside the owning unit)."""
        from zhongshu.access.policy import Action
        from zhongshu.materials.roles import is_office_director

        if action != Action.CHANGE or is_office_director(viewer):
            return Q()
        return Q(owner_person_id=viewer.person_id or 0)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def state(self) -> MaterialState:
        """Derived from `withdrawn_at`, the one record of a withdrawal (see materials.states)."""
        return MaterialState.WITHDRAWN if self.is_withdrawn else MaterialState.IN_LIBRARY

    def paragraphs_list(self) -> list[str]:
        return [line for line in self.text.split("\n") if line.strip()]


class MaterialParagraph(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="paragraphs")
    seq = models.PositiveIntegerField("段号")  # 1-based
    text = models.TextField()

    class Meta:
        ordering = ["material", "seq"]
        constraints = [models.UniqueConstraint(fields=["material", "seq"], name="materials_paragraph_seq")]

    def __str__(self) -> str:
        return f"{self.material_id}#{self.seq}"


class Fingerprint(models.Model):
    """One winnowed fingerprint of a paragraph: the index that finds shared passages in one query."""

    paragraph = models.ForeignKey(MaterialParagraph, on_delete=models.CASCADE, related_name="fingerprints")
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="+")
    hash = models.BigIntegerField()
    offset = models.PositiveIntegerField()

    class Meta:
        # (hash, paragraph): a new material's passages are looked for among the paragraphs older than its own.
        indexes = [models.Index(fields=["hash", "paragraph"], name="materials_fp_hash_paragraph")]

    def __str__(self) -> str:
        return f"{self.paragraph_id}@{self.offset}"


class SimilarPassage(models.Model):
    """A passage two materials share (a is the later material), as character spans of their paragraphs."""

    a = models.ForeignKey(MaterialParagraph, on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey(MaterialParagraph, on_delete=models.CASCADE, related_name="+")
    a_material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="similar_as_a")
    b_material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="similar_as_b")
    a_start = models.PositiveIntegerField()
    a_end = models.PositiveIntegerField()
    b_start = models.PositiveIntegerField()
    b_end = models.PositiveIntegerField()
    length = models.PositiveIntegerField("相同字数")

    class Meta:
        ordering = ["-length", "id"]
        indexes = [models.Index(fields=["b_material"], name="materials_sim_b")]

    def __str__(self) -> str:
        return f"{self.a_id}~{self.b_id}"

    def passage_in(self, side: str) -> str:
        if side == "a":
            return self.a.text[self.a_start : self.a_end]
        return self.b.text[self.b_start : self.b_end]


class KeySentence(models.Model):
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="key_sentences")
    text = models.CharField("金句", max_length=300)
    score = models.FloatField("得分")
    pinned_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = "金句"
        verbose_name_plural = "金句"

    def __str__(self) -> str:
        return self.text


class BatchState(models.TextChoices):
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"


class RowStatus(models.TextChoices):
    PENDING = "pending", "等待处理"
    OK = "ok", "已入库"
    ERROR = "error", "失败"


class IngestBatch(models.Model):
    """A bulk upload: each file a row, processed one by one in its own transaction by a background job."""

    material_type = models.CharField("类型", max_length=20, choices=MaterialType.choices)
    source = models.CharField("来源", max_length=200, blank=True)
    tags = models.CharField("标签", max_length=300, blank=True)
    classification = models.PositiveSmallIntegerField("密级", default=1)
    # A single large upload goes through a batch of one file: its title and date come along.
    title = models.CharField("标题", max_length=200, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "批量导入"
        verbose_name_plural = "批量导入"

    def __str__(self) -> str:
        return f"批量导入 {self.pk}"

    def counts(self) -> dict[str, Any]:
        progress = list(self.rows.values_list("status", "progress"))
        rows = [status for status, _ in progress]
        total = len(rows)
        done = sum(1 for status in rows if status != RowStatus.PENDING)
        # A large file in the works counts with the share of it read so far.
        working = sum(share for status, share in progress if status == RowStatus.PENDING)
        return {
            "total": total,
            "done": done,
            "ok": sum(1 for status in rows if status == RowStatus.OK),
            "errors": sum(1 for status in rows if status == RowStatus.ERROR),
            "percent": min(round((100 * done + working) / total), 100) if total else 100,
            "finished": done == total,
        }


class IngestRow(models.Model):
    batch = models.ForeignKey(IngestBatch, on_delete=models.CASCADE, related_name="rows")
    seq = models.PositiveIntegerField()
    name = models.CharField("文件名", max_length=255)
    # Where the upload waits until it is processed (under MEDIA_ROOT), "" once processed or refused.
    staged_path = models.CharField(max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=RowStatus.choices, default=RowStatus.PENDING)
    message = models.CharField("说明", max_length=300, blank=True)
    material = models.ForeignKey(Material, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Per cent of the file read while it is being ingested (a large file takes a while).
    progress = models.PositiveSmallIntegerField("进度", default=0)

    class Meta:
        ordering = ["batch", "seq"]

    def __str__(self) -> str:
        return self.name


class ProblemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFYING = "rectifying", "整改中"
    RESOLVED = "resolved", "已解决"


class Problem(Classified):
    """A problem found by research (调研) or otherwise entered by hand into the 问题库."""

    # The 问题库 is drafting material like the library beside it: a 内部 problem is open to every business person.
    work_secret_remit = EVERYONE

    SOURCE_RESEARCH = "调研"

    problem = models.TextField("问题")
    source = models.CharField("来源", max_length=20, default=SOURCE_RESEARCH)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="涉及单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    found_on = models.DateField("发现日期")
    tags = models.ManyToManyField(Tag, verbose_name="标签", blank=True, related_name="problems")
    status = models.CharField(
        "状态", max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = "问题"
        verbose_name_plural = "问题库"

    def __str__(self) -> str:
        return self.problem[:40]
