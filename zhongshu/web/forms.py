"""How every form of 中枢 renders (settings.FORM_RENDERER): the office idiom of the shell's form contract.

A label carries no colon (Django's default label_suffix is an ASCII ":", and its zh-hans translation keeps
it), so every BoundField here defaults the suffix to none, whether a template writes `{{ field.label_tag }}`,
`{{ field.as_field_group }}` or `{{ form }}`; a field that sets its own `label_suffix` keeps it. A field group
renders as `<div class="field[ required]"><label>…</label><div class="control">…</div></div>` (see
web/forms/field.html and shell.css)."""

from __future__ import annotations

from typing import Any

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import SafeString


class OfficeBoundField(BoundField):
    def label_tag(
        self,
        contents: str | None = None,
        attrs: dict[str, Any] | None = None,
        label_suffix: str | None = None,
        tag: str | None = None,
    ) -> SafeString:
        if label_suffix is None and self.field.label_suffix is None:
            label_suffix = ""
        return super().label_tag(contents, attrs, label_suffix, tag)


class OfficeFormRenderer(DjangoTemplates):
    bound_field_class = OfficeBoundField
    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"
