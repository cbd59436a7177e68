"""Cleared posts and people (涉密岗位、涉密人员): the 保密办's personnel ledger.

The posts themselves, their level (`org.Post.required_clearance`), who holds them (`Person.posts`) and each
person's clearance (`Person.clearance`) live in the organisation directory and change only by the security
administrator's services. Here the 保密办 records what happens around them: the vetting before a post and the
periodic re-vetting (`Vetting`), the signed pledges (`Pledge`), training (`TrainingRecord`) and a person's
leaving of a post with its checklist and cooling-off period (`Departure`).

None of these is `Classified`: they are personal data of the secrecy office, guarded by the scope
`personnel.register_scopes` gives the access policy (the 保密办 and the office director see all; a person
his own).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from zhongshu.base.levels import Clearance


class VettingKind(models.TextChoices):
    ONBOARD = "onboard", "上岗审查"
    PERIODIC = "periodic", "复审"


class VettingResult(models.TextChoices):
    PASSED = "passed", "通过"
    FAILED = "failed", "未通过"


class Vetting(models.Model):
    """One vetting of a person for a post: before taking it (上岗审查) or periodically (复审)."""

    person = models.ForeignKey(
        "org.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="secrecy_vettings"
    )
    post = models.ForeignKey("org.Post", verbose_name="岗位", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("审查类别", max_length=10, choices=VettingKind.choices)
    result = models.CharField("审查结论", max_length=10, choices=VettingResult.choices)
    vetted_on = models.DateField("审查日期")
    vetted_by = models.ForeignKey(
        "org.Person", verbose_name="审查人", on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("审查意见", max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        ordering = ["-vetted_on", "-id"]
        indexes = [models.Index(fields=["person", "-vetted_on"], name="secrecy_vetting_person")]
        verbose_name = "涉密人员审查"
        verbose_name_plural = "涉密人员审查"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.vetted_on}"


class PledgeKind(models.TextChoices):
    ON_POST = "on_post", "在岗保密承诺书"
    LEAVING = "leaving", "离岗保密承诺书"


class Pledge(models.Model):
    """A signed 保密承诺书: on taking or holding a post, or on leaving one (then tied to the departure). The
    scanned copy, if any, is an attachment (`zhongshu.attachments`, purpose "pledge")."""

    person = models.ForeignKey(
        "org.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="secrecy_pledges"
    )
    kind = models.CharField("承诺书类别", max_length=10, choices=PledgeKind.choices)
    signed_on = models.DateField("签订日期")
    departure = models.ForeignKey(
        "secrecy.Departure",
        verbose_name="离岗事项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "保密承诺书"
        verbose_name_plural = "保密承诺书"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.signed_on}"


class TrainingRecord(models.Model):
    """One secrecy training a person attended (保密教育培训), with its hours."""

    person = models.ForeignKey(
        "org.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="secrecy_trainings"
    )
    title = models.CharField("培训名称", max_length=100)
    trained_on = models.DateField("培训日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    class Meta:
        ordering = ["-trained_on", "-id"]
        indexes = [models.Index(fields=["person", "trained_on"], name="secrecy_training_person")]
        verbose_name = "保密培训记录"
        verbose_name_plural = "保密培训记录"

    def __str__(self) -> str:
        return self.title


class Departure(models.Model):
    """A person leaving a cleared post (离岗): the checklist and the cooling-off period (脱密期).

    The post's level is kept as it was on leaving (`level`): the cooling-off range follows it even if the post
    is later regraded. The cooling-off end is derived (`personnel.cooling_off_end`), never stored. Of the
    checklist, the reminder talk and the leaving pledge are recorded here; "carriers returned" and "access
    removed" are derived from the carriers ledger and the directory when read."""

    person = models.ForeignKey(
        "org.Person", verbose_name="人员", on_delete=models.PROTECT, related_name="secrecy_departures"
    )
    post = models.ForeignKey("org.Post", verbose_name="岗位", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField("岗位涉密等级", choices=Clearance.choices)
    left_on = models.DateField("离岗日期")
    cooling_off_years = models.PositiveSmallIntegerField("脱密期（年）")
    talk_on = models.DateField("提醒谈话日期", null=True, blank=True)
    talk_by = models.ForeignKey(
        "org.Person", verbose_name="谈话人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-left_on", "-id"]
        indexes = [models.Index(fields=["person", "-left_on"], name="secrecy_departure_person")]
        verbose_name = "涉密人员离岗"
        verbose_name_plural = "涉密人员离岗"

    def __str__(self) -> str:
        return f"离岗 {self.left_on}"
