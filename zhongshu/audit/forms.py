"""The auditor's filter form. Bad input shows an error beside the field; it never reaches the query."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from zhongshu.audit.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label="操作人（账号）", required=False, max_length=150)
    action = forms.CharField(
        label="操作", required=False, max_length=64, help_text="以 * 结尾按前缀匹配，如 auth.*"
    )
    object_type = forms.CharField(
        label="对象类型",
        required=False,
        max_length=64,
        # Suggestions name each type in Chinese beside the code the log stores (audit.vocabulary).
        widget=forms.TextInput(attrs={"list": "audit-object-types"}),
    )
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    date_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError("起始日期不能晚于截止日期")
        return data

    def to_filter(self) -> AuditFilter:
        """The valid filters; an invalid form filters nothing out but shows its errors."""
        if not self.is_valid():
            return AuditFilter()
        data = self.cleaned_data
        return AuditFilter(
            actor=data["actor"].strip(),
            action=data["action"].strip(),
            object_type=data["object_type"].strip(),
            object_id=data["object_id"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
