"""The ledger of classified carriers (涉密载体台账): every paper document, disk or USB stick holding state secrets,
where it is kept (专柜), who holds it, and every movement it has made (领取, 传递, 借阅, 归还, 清退, 销毁, 复制),
each an event with two parties and a time; the inventory counts (清点) and the copying approvals (复制审批).

A carrier's current state — who holds it, where it is, whether it is out on loan and until when — follows from
its events. The carrier row keeps a snapshot of it (`state`, `holder`, `cabinet`, `due_on`), written in the same
transaction as each event under a version check, so a list or a count needs no replay; `carriers.replay`
derives the same from the events alone, and the tests hold the two equal.

A carrier is a `Classified` record at its own level: its title is as secret as what it holds. `owner_unit` is
the unit whose ledger it is on; `owner_person` its custodian of record (保管人); the people who hold or have held
it join its 知悉范围 as they take it. The secrecy office sees the whole ledger within its clearance
(`Carrier.access_scope`, in carriers.py); anyone else sees only carriers they hold or held.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from zhongshu.access.models import Classified


class Cabinet(models.Model):
    """A secrecy cabinet (专柜): where carriers are kept, with its keeper."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=60)  # 机要室1号专柜
    location = models.CharField("位置", max_length=100, blank=True)
    keeper = models.ForeignKey(
        "org.Person", verbose_name="保管人", on_delete=models.PROTECT, related_name="+"
    )
    retired = models.BooleanField("已停用", default=False)

    class Meta:
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="secrecy_cabinet_unique")]
        verbose_name = "专柜"
        verbose_name_plural = "专柜"

    def __str__(self) -> str:
        return self.name


class CarrierKind(models.TextChoices):
    PAPER = "paper", "纸质文件"
    DISK = "disk", "光盘"
    USB = "usb", "U盘"
    OTHER = "other", "其他"


class CarrierState(models.TextChoices):
    IN_CABINET = "in_cabinet", "在柜"
    HELD = "held", "领用中"  # collected or handed over to a named person, not a loan
    LENT = "lent", "借出"  # borrowed, with a due date
    RETURNED_TO_ISSUER = "returned_to_issuer", "已清退"
    DESTROYED = "destroyed", "已销毁"


# States a carrier leaves the ledger by: nothing further may happen to it.
GONE_STATES = (CarrierState.RETURNED_TO_ISSUER, CarrierState.DESTROYED)


class Carrier(Classified):
    """One classified carrier on the ledger (涉密载体)."""

    number = models.CharField("载体编号", max_length=40, unique=True)  # XWB-2026-000123
    copy_number = models.CharField("份号", max_length=6, blank=True)
    kind = models.CharField("载体类型", max_length=10, choices=CarrierKind.choices, default=CarrierKind.PAPER)
    title = models.CharField("题名", max_length=200)
    source = models.CharField("来源", max_length=100, blank=True)  # 市委办公室, 本机关印制
    # The record the carrier was printed from or received as (an OfficialDocument), by type and id, so the
    # record's page shows its copies on the ledger (access.links) without either module importing the other.
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    copy_of = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.PROTECT, related_name="copies"
    )
    # The approval that made a copy (复制审批), so the request shows exactly its copies.
    copy_request = models.ForeignKey(
        "CopyRequest",
        verbose_name="复制审批",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="copies_made",
    )
    registered_at = models.DateTimeField("登记时间", default=timezone.now)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The snapshot of the current state (see the module's docstring): written only by carriers.record_event.
    state = models.CharField(
        "状态", max_length=20, choices=CarrierState.choices, default=CarrierState.IN_CABINET
    )
    holder = models.ForeignKey(
        "org.Person",
        verbose_name="当前持有人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cabinet = models.ForeignKey(
        Cabinet,
        verbose_name="存放专柜",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carriers",
    )
    due_on = models.DateField("应还日期", null=True, blank=True)  # set while lent
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-registered_at", "-id"]
        indexes = [
            models.Index(fields=["cabinet", "state"], name="secrecy_carrier_cabinet"),
            models.Index(fields=["holder", "state"], name="secrecy_carrier_holder"),
            models.Index(
                fields=["due_on"], name="secrecy_carrier_lent_due", condition=Q(state=CarrierState.LENT)
            ),
            models.Index(fields=["source_type", "source_id"], name="secrecy_carrier_source"),
        ]
        verbose_name = "涉密载体"
        verbose_name_plural = "涉密载体"

    def __str__(self) -> str:
        # A carrier is named by its number: its title is as secret as its contents.
        return self.number


class EventKind(models.TextChoices):
    REGISTER = "register", "登记"
    COLLECT = "collect", "领取"
    TRANSFER = "transfer", "传递"
    BORROW = "borrow", "借阅"
    RETURN = "return", "归还"
    STORE = "store", "入柜"
    RETURN_TO_ISSUER = "return_to_issuer", "清退"
    DESTROY = "destroy", "销毁"
    COPY = "copy", "复制"


class CarrierEvent(models.Model):
    """One movement of a carrier: from whom to whom (or into which cabinet), when, recorded by whom. A 绝密
    carrier's movement and any destruction name a second person (`second_person`), who was there."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=EventKind.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    from_person = models.ForeignKey(
        "org.Person", verbose_name="交出人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.ForeignKey(
        "org.Person", verbose_name="接收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    second_person = models.ForeignKey(
        "org.Person", verbose_name="第二人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cabinet = models.ForeignKey(
        Cabinet, verbose_name="专柜", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("应还日期", null=True, blank=True)  # a borrowing's
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["carrier", "at", "id"]
        indexes = [models.Index(fields=["carrier", "-at", "-id"], name="secrecy_event_latest")]
        verbose_name = "涉密载体流转记录"
        verbose_name_plural = "涉密载体流转记录"

    def __str__(self) -> str:
        return f"{self.carrier_id}:{self.kind}"


class Inventory(models.Model):
    """An inventory count (清点): the numbers found in a cabinet (or the whole ledger of a unit), compared with
    what the ledger says should be there; the discrepancies are stored when the count is closed."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    cabinet = models.ForeignKey(
        Cabinet, verbose_name="专柜", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    counted_on = models.DateField("清点日期")
    counted_by = models.ForeignKey(
        "org.Person", verbose_name="清点人", on_delete=models.PROTECT, related_name="+"
    )
    second_person = models.ForeignKey(
        "org.Person", verbose_name="监点人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    found_numbers = models.TextField("清点到的载体编号", blank=True)  # one per line, as entered or scanned
    expected_count = models.PositiveIntegerField("应在数", default=0)
    found_count = models.PositiveIntegerField("实点数", default=0)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-counted_on", "-id"]
        verbose_name = "涉密载体清点"
        verbose_name_plural = "涉密载体清点"

    def __str__(self) -> str:
        return f"清点 {self.counted_on}"


class DiscrepancyKind(models.TextChoices):
    MISSING = "missing", "应在未见"  # the ledger says it is here; it was not found
    MISPLACED = (
        "misplaced",
        "位置不符",
    )  # found here, but the ledger puts it elsewhere (another cabinet, a holder)
    GONE = "gone", "已注销仍在"  # found, but the ledger says it was destroyed or returned to its issuer


class InventoryDiscrepancy(models.Model):
    inventory = models.ForeignKey(Inventory, on_delete=models.CASCADE, related_name="discrepancies")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("差异", max_length=12, choices=DiscrepancyKind.choices)
    ledger_says = models.CharField("台账记载", max_length=200, blank=True)
    resolved_note = models.CharField("处理情况", max_length=200, blank=True)

    class Meta:
        ordering = ["inventory", "kind", "carrier"]
        verbose_name = "清点差异"
        verbose_name_plural = "清点差异"

    def __str__(self) -> str:
        return f"{self.inventory_id}:{self.carrier_id}:{self.kind}"


class CopyState(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class CopyRequest(models.Model):
    """A request to copy a carrier (复制审批): copies are made only after approval and are carriers of their own,
    marked as copies (`Carrier.copy_of`), at the original's level and term. A 绝密 carrier is copied only with
    its originator's consent, recorded here."""

    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, related_name="copy_requests")
    copies = models.PositiveSmallIntegerField("份数", default=1)
    reason = models.CharField("事由", max_length=200)
    requested_by = models.ForeignKey(
        "org.Person", verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    originator_consent = models.CharField("原定密机关同意情况", max_length=200, blank=True)
    state = models.CharField("状态", max_length=10, choices=CopyState.choices, default=CopyState.PENDING)
    decided_by = models.ForeignKey(
        "org.Person", verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    opinion = models.CharField("审批意见", max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "涉密载体复制审批"
        verbose_name_plural = "涉密载体复制审批"

    def __str__(self) -> str:
        return f"复制申请 {self.pk}"


# The carriers part's number sequence and reminder log live beside the ledger (imported here so models.py finds them).
from zhongshu.secrecy.models_carrier_reminders import CarrierNumberSequence  # noqa: E402,F401
