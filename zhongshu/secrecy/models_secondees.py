"""Secondees (跟班学习人员): people from a town or bureau who work in the county office for a while.

A `Secondment` names the person (an `org.Person` of the sending unit), the sending unit, the host department in
the office, the dates, the host department's secrecy liaison and what the work needs to reach. Its steps are
rows of `SecondmentStep`, each with its date and who: before — the sending unit's vetting, secrecy training, the
pledge; during — the liaison named (again when changed); on leaving — the reminder talk and the hand-over of
the cooling-off management to the sending unit (with the cooling-off end date). Where a secondment stands
(待审查 … 已移交脱密管理) is derived from its steps and the dates, never stored (secondees.stage_of).

Access while seconded comes only from `SecondmentAccess`: each is one time-limited `access.NeedToKnowGrant` on
one named record, made by the secrecy office or the host liaison, expiring at the end of the secondment's last
day, so the access policy itself stops it then, whatever a job does; a hand-over before the end revokes what
is left.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Secondment(models.Model):
    """One secondment (跟班学习) of one person to a department of the county office."""

    person = models.ForeignKey(
        "org.Person", verbose_name="跟班学习人员", on_delete=models.PROTECT, related_name="+"
    )
    sending_unit = models.ForeignKey(
        "org.Unit", verbose_name="派出单位", on_delete=models.PROTECT, related_name="+"
    )
    host_department = models.ForeignKey(
        "org.Department", verbose_name="跟班处室", on_delete=models.PROTECT, related_name="+"
    )
    liaison = models.ForeignKey(
        "org.Person", verbose_name="保密联络员", on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    needs = models.TextField("工作所需接触范围", blank=True)
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["person", "ends_on"], name="secrecy_secondment_person"),
            models.Index(fields=["liaison", "ends_on"], name="secrecy_secondment_liaison"),
        ]
        verbose_name = "跟班学习"
        verbose_name_plural = "跟班学习"

    def __str__(self) -> str:
        return f"跟班学习 {self.pk}"


class StepKind(models.TextChoices):
    VETTING = "vetting", "派出单位审查"
    TRAINING = "training", "保密教育培训"
    PLEDGE = "pledge", "签订保密承诺书"
    LIAISON = "liaison", "明确保密联络员"
    REMINDER_TALK = "reminder_talk", "离岗提醒谈话"
    HANDOVER = "handover", "脱密期委托管理手续"


# The steps done once each (a liaison may be named again).
ONCE = (StepKind.VETTING, StepKind.TRAINING, StepKind.PLEDGE, StepKind.REMINDER_TALK, StepKind.HANDOVER)


class SecondmentStep(models.Model):
    """One step of a secondment, with its date, who did it (the vetting's reviewer, the trainer, whoever held
    the talk) and who recorded it. The hand-over names the sending unit's person who takes the cooling-off
    management over and the end date of the cooling-off period."""

    secondment = models.ForeignKey(Secondment, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField("事项", max_length=20, choices=StepKind.choices)
    done_on = models.DateField("办理日期")
    done_by = models.ForeignKey(
        "org.Person", verbose_name="经办人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField("说明", max_length=200, blank=True)
    # The liaison named by this step (kind liaison).
    liaison = models.ForeignKey(
        "org.Person",
        verbose_name="保密联络员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The hand-over (kind handover): who takes the cooling-off management over, and until when.
    taken_over_by = models.ForeignKey(
        "org.Person", verbose_name="接收人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clearance = models.PositiveSmallIntegerField("涉密等级", null=True, blank=True)
    cooling_off_years = models.PositiveSmallIntegerField("脱密期（年）", null=True, blank=True)
    cooling_off_ends_on = models.DateField("脱密期至", null=True, blank=True)
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["secondment", "done_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["secondment", "kind"],
                condition=~Q(kind="liaison"),
                name="secrecy_secondment_step_once",
            )
        ]
        verbose_name = "跟班学习手续"
        verbose_name_plural = "跟班学习手续"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.done_on}"


class SecondmentAccess(models.Model):
    """One record the secondee may know for the secondment: the need-to-know grant made for it (which names the
    record by type and id and expires at the end of the secondment)."""

    secondment = models.ForeignKey(Secondment, on_delete=models.PROTECT, related_name="accesses")
    grant = models.OneToOneField(
        "access.NeedToKnowGrant", verbose_name="知悉范围授权", on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField("开通时间", default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["secondment", "added_at", "id"]
        verbose_name = "跟班学习知悉范围"
        verbose_name_plural = "跟班学习知悉范围"

    def __str__(self) -> str:
        return f"跟班学习知悉范围 {self.pk}"
