"""The edit form of a material: turns what the page posts into what `services.material_update` takes.
Format errors (a date that is no date) are reported here; the rules themselves are the service's."""

from __future__ import annotations

from typing import Any

from django import forms

from zhongshu.base.levels import Classification
from zhongshu.materials.models import Material, MaterialType

REQUIRED = "请填写{label}"


def classification_choices() -> list[tuple[int, str]]:
    # The library holds materials up to 机密; 绝密 material does not belong in a shared drafting library.
    return [(c.value, c.label) for c in Classification if c <= Classification.SECRET]


class MaterialEditForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(
        label="标题", max_length=200, error_messages={"required": REQUIRED.format(label="标题")}
    )
    material_type = forms.ChoiceField(label="类型", choices=MaterialType.choices)
    source = forms.CharField(label="来源", max_length=200, required=False)
    date = forms.DateField(
        label="日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "日期格式应为 YYYY-MM-DD"},
    )
    tags = forms.CharField(label="标签（空格或逗号分隔）", max_length=400, required=False)
    classification = forms.TypedChoiceField(label="密级", coerce=int, choices=classification_choices)

    @classmethod
    def of(cls, material: Material, **kwargs: Any) -> MaterialEditForm:
        """The form filled with the material as it is stored now (its current version)."""
        return cls(
            initial={
                "version": material.version,
                "title": material.title,
                "material_type": material.material_type,
                "source": material.source,
                "date": material.date,
                "tags": " ".join(tag.name for tag in material.tags.all()),
                "classification": material.classification,
            },
            **kwargs,
        )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "title": data["title"],
            "material_type": data["material_type"],
            "source": data["source"],
            "date_of": data["date"],
            "tags": data["tags"],
            "classification": data["classification"],
        }
