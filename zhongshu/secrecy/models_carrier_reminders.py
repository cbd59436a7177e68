"""The carriers part's own bookkeeping beside the ledger (models_carriers.py): the running number of each unit's
ledger per year (载体编号 `<unit code>-<year>-<6 digits>`, allocated under a row lock so two registrations never
take the same number), and the overdue-borrowing reminders sent, one per borrowing per day, so the tick may run
again (or twice at once) and tell nobody twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CarrierNumberSequence(models.Model):
    """The last number given on one unit's ledger in one year."""

    unit = models.ForeignKey("org.Unit", verbose_name="单位", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="secrecy_carrier_number_sequence_unique")
        ]
        verbose_name = "涉密载体编号序列"
        verbose_name_plural = "涉密载体编号序列"

    def __str__(self) -> str:
        return f"{self.unit_id}-{self.year}:{self.last}"


class CarrierReminder(models.Model):
    """One overdue reminder sent for one borrowing (its 借阅 event) on one day."""

    borrowing = models.ForeignKey(
        "secrecy.CarrierEvent", verbose_name="借阅记录", on_delete=models.PROTECT, related_name="+"
    )
    day = models.DateField("提醒日期")
    sent_at = models.DateTimeField("发送时间", default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["borrowing", "day"], name="secrecy_carrier_reminder_once_a_day")
        ]
        verbose_name = "涉密载体逾期提醒"
        verbose_name_plural = "涉密载体逾期提醒"

    def __str__(self) -> str:
        return f"{self.borrowing_id}@{self.day}"
