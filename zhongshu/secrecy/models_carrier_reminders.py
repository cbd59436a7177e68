"""The carriers part's own bookkeeping beside the ledger (models_carriers.py): the running number of each unit's
ledger per year (载体编号 `<unit code>-<year>-<6 digits>`, allocated under a row lock so two registrations never
take the same number)."""

from __future__ import annotations

from django.db import models


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
