"""Forms of the calendar pages. They only read input; `schedule_input` parses and the service decides."""

from __future__ import annotations

from django import forms

from zhongshu.workdays.schedule_input import FIRST_YEAR, LAST_YEAR

YEAR_FIELD = {"label": "年度", "min_value": FIRST_YEAR, "max_value": LAST_YEAR}


class ScheduleTextForm(forms.Form):
    year = forms.IntegerField(**YEAR_FIELD)  # type: ignore[arg-type]
    lines = forms.CharField(
        label="节假日安排",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
        help_text="每行一天：日期 类型 名称。类型为“休”（放假）或“班”（调休上班），如“2027-01-01 休 元旦”、“2027-02-07 班 春节调休”。"
        "请录入国务院办公厅通知中的全部放假日（含周末）和全部调休上班日。",
    )
    note = forms.CharField(label="说明（如通知文号）", max_length=200, required=False)


class ScheduleFileForm(forms.Form):
    year = forms.IntegerField(**YEAR_FIELD)  # type: ignore[arg-type]
    file = forms.FileField(
        label="文件（.xlsx或.csv）",
        help_text="第一行为表头：日期、类型、名称；此后每行一天，类型为“休”或“班”。",
    )
    note = forms.CharField(label="说明（如通知文号）", max_length=200, required=False)
