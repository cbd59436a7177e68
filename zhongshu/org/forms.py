"""Forms of the system administrator's organisation pages. They only parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from zhongshu.core.forms import BoundedModelMultipleChoiceField
from zhongshu.org.models import Department, Post, Unit, UnitKind
from zhongshu.org.pickers import UnitPicker, bind_pickers


class UnitForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    short_name = forms.CharField(label="简称", max_length=40, required=False)
    code = forms.CharField(label="单位代码", max_length=32)
    agency_code = forms.CharField(label="机关代字", max_length=20, required=False)
    kind = forms.ChoiceField(label="类别", choices=UnitKind.choices)
    parent = forms.ModelChoiceField(
        label="上级单位",
        queryset=Unit.objects.all(),
        required=False,
        widget=UnitPicker(placeholder="（无，顶层单位）"),
    )
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)
    duties = forms.CharField(label="职责", widget=forms.Textarea, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    address = forms.CharField(label="地址", max_length=200, required=False)
    is_active = forms.BooleanField(label="在用", required=False, initial=True)

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, viewer)


class DepartmentForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    code = forms.CharField(label="代码", max_length=32)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)
    duties = forms.CharField(label="职责", widget=forms.Textarea, required=False)
    phone = forms.CharField(label="联系电话", max_length=40, required=False)
    is_active = forms.BooleanField(label="在用", required=False, initial=True)


class PersonForm(forms.Form):
    """The system administrator's edit of a person: unit, department and leader standing are not here
    (they decide what the person may see: the security administrator's placement page)."""

    name = forms.CharField(label="姓名", max_length=40)
    title = forms.CharField(label="职务", max_length=60, required=False)
    phone = forms.CharField(label="手机", max_length=40, required=False)
    office_phone = forms.CharField(label="办公电话", max_length=40, required=False)
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)


class PersonCreateForm(PersonForm):
    username = forms.CharField(
        label="账号（用户名）", max_length=150, help_text="账号由系统管理员在账号管理中先行创建"
    )
    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.all(),
        empty_label=None,
        widget=UnitPicker(placeholder="请选择单位"),
    )
    department = forms.ModelChoiceField(
        label="处室", queryset=Department.objects.select_related("unit"), required=False
    )

    field_order = ["username", "name", "unit", "department"]

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, viewer)


class PlacementForm(forms.Form):
    """The security administrator's placement of a person (单位、处室、领导身份), with the reason."""

    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.all(),
        empty_label=None,
        widget=UnitPicker(placeholder="请选择单位"),
    )
    department = forms.ModelChoiceField(
        label="处室", queryset=Department.objects.select_related("unit"), required=False
    )
    is_leader = forms.BooleanField(label="领导", required=False)
    leader_rank = forms.IntegerField(label="领导排序", min_value=1, max_value=100000, required=False)
    reason = forms.CharField(label="调整理由", max_length=200)

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, viewer)


class PostsForm(forms.Form):
    """The posts a person holds, chosen among those of the person's unit."""

    posts = BoundedModelMultipleChoiceField(
        label="岗位", queryset=Post.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, unit: Unit, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["posts"].queryset = Post.objects.filter(unit=unit).order_by("name")  # type: ignore[attr-defined]
