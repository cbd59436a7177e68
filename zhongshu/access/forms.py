"""Forms of the security administrator's console."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib.contenttypes.models import ContentType

from zhongshu.access.models import ClassificationPolicy
from zhongshu.base.levels import Clearance


class ClearanceForm(forms.Form):
    clearance = forms.TypedChoiceField(label="涉密等级", choices=Clearance.choices, coerce=int)
    reason = forms.CharField(label="依据（审查结论、任免文件等）", max_length=200, required=False)


# django-stubs makes these classes generic; Django's own classes cannot be subscripted at run time.
if TYPE_CHECKING:
    _ContentTypeChoice = forms.ModelChoiceField[ContentType]
    _PolicyModelForm = forms.ModelForm[ClassificationPolicy]
else:
    _ContentTypeChoice = forms.ModelChoiceField
    _PolicyModelForm = forms.ModelForm


class RecordTypeField(_ContentTypeChoice):
    def label_from_instance(self, obj: ContentType) -> str:
        model = obj.model_class()
        return str(model._meta.verbose_name) if model is not None else obj.model


class GrantForm(forms.Form):
    username = forms.CharField(label="被授权人员账号", max_length=150)
    content_type = RecordTypeField(label="记录类型", queryset=ContentType.objects.none())
    object_id = forms.IntegerField(label="记录编号", min_value=1)
    reason = forms.CharField(label="理由", max_length=200)
    expires_at = forms.DateTimeField(label="有效期至（可空）", required=False)

    def __init__(self, *args: object, content_types: list[ContentType], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["content_type"]
        field.queryset = ContentType.objects.filter(pk__in=[ct.pk for ct in content_types])  # type: ignore[attr-defined]


class PolicyForm(_PolicyModelForm):
    class Meta:
        model = ClassificationPolicy
        fields = ["confidential_term_years", "secret_term_years", "top_secret_term_years"]
