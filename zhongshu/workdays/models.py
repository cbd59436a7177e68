"""The working-day calendar as the office's own data, and the fields every deadline in working days uses.

`CalendarDay` keeps every day of a year's official schedule (节假日安排) as published: all holidays, including
those that fall on a weekend, and all make-up working days (调休上班). A day not listed follows the Mon–Fri
rule, so a year without a `HolidaySchedule` is counted by weekends only — and deadlines that cross it are
provisional (see `zhongshu.workdays.calendar`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from zhongshu.workdays.calendar import WorkdayDeadline


class ScheduleSource(models.TextChoices):
    PACKAGE = "package", "软件包预置"
    MANUAL = "manual", "手工录入"
    IMPORT = "import", "文件导入"


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休"
    WORKDAY = "workday", "班"


class HolidaySchedule(models.Model):
    """One year's official holiday schedule (节假日安排), as the State Council's office publishes it."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    source = models.CharField("来源", max_length=10, choices=ScheduleSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class CalendarDay(models.Model):
    """A holiday (休) or a make-up working day (调休上班, 班) of one year's schedule."""

    schedule = models.ForeignKey(HolidaySchedule, on_delete=models.CASCADE, related_name="days")
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("名称", max_length=40)

    class Meta:
        verbose_name = "节假日安排日"
        verbose_name_plural = "节假日安排日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"


class CalendarRevision(models.Model):
    """A single counter row, bumped whenever any schedule changes.

    Every process caches the whole calendar; reading this one row (at most once a second) tells it whether
    another process has entered a schedule since.
    """

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "工作日历版本"
        verbose_name_plural = "工作日历版本"

    def __str__(self) -> str:
        return f"工作日历第{self.number}版"


class WorkdayDeadlineFields(models.Model):
    """Fields for a record with a deadline (期限), set either as a date or as working days from a start.

    A deadline in working days that crosses a year without a schedule is provisional and is recounted by
    `zhongshu.workdays.recount` when that year's schedule is entered; a deadline set as a date never moves.
    Models inheriting this register with `zhongshu.workdays.recount.register_workday_deadlines`.
    """

    deadline = models.DateField("期限", null=True, blank=True)
    deadline_start = models.DateField("期限起算日", null=True, blank=True)
    deadline_workdays = models.PositiveIntegerField("期限（工作日）", null=True, blank=True)
    deadline_provisional = models.BooleanField("期限暂定", default=False)

    class Meta:
        abstract = True

    def set_deadline_in_workdays(self, start: date, n: int) -> WorkdayDeadline:
        """Set the deadline `n` working days after `start` (not saved). Returns the counted deadline."""
        from zhongshu.workdays.calendar import deadline_in_workdays

        if n < 0:
            raise ValueError("a deadline counts a non-negative number of working days")
        counted = deadline_in_workdays(start, n)
        self.deadline = counted.date
        self.deadline_start = start
        self.deadline_workdays = n
        self.deadline_provisional = counted.provisional
        return counted

    def set_deadline_date(self, d: date | None) -> None:
        """Set a fixed date (or none): it is never recounted."""
        self.deadline = d
        self.deadline_start = None
        self.deadline_workdays = None
        self.deadline_provisional = False

    @property
    def deadline_counted(self) -> WorkdayDeadline | None:
        """The deadline with its provisional note, for display (`deadline_badge` takes this record too)."""
        from zhongshu.workdays.calendar import WorkdayDeadline, missing_years

        if self.deadline is None:
            return None
        if not self.deadline_provisional or self.deadline_start is None:
            return WorkdayDeadline(self.deadline, False, ())
        missing = missing_years(self.deadline_start, self.deadline)
        return WorkdayDeadline(self.deadline, bool(missing), missing)
