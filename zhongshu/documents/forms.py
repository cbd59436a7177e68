"""Forms of the document pages: they parse input; every rule lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms

from zhongshu.base.levels import Classification
from zhongshu.core.forms import BoundedModelMultipleChoiceField
from zhongshu.documents.models import DocType, LengthClass, Publicity, Urgency
from zhongshu.documents.rules import TITLE_MAX
from zhongshu.org.models import Person, Unit
from zhongshu.org.pickers import PersonPicker, UnitPicker, bind_pickers

UNIT_HINT = "输入单位名称、拼音或首字母查找，可选“各乡镇”“县直各单位”一次选入"
PERSON_HINT = "输入姓名、拼音或首字母查找（如 zzq），可多选"
MINUTES_HINT = "每行一人或用顿号分隔，可写单位和职务，如“县水利局局长徐立新”"


class DraftForm(forms.Form):
    """The draft's fields; `viewer` scopes the unit pickers (what may be chosen and shown back)."""

    doc_type = forms.ChoiceField(label="文种", choices=DocType.choices, initial=DocType.NOTICE)
    title = forms.CharField(
        label="标题",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "wide"}),
        help_text=f"由发文机关、事由和文种组成，如“关于做好年度重点工作的通知”，不超过{TITLE_MAX}字",
    )
    primary_units = BoundedModelMultipleChoiceField(
        label="主送单位",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=UnitPicker(multiple=True, groups=True, placeholder="选择主送单位"),
        help_text=UNIT_HINT,
    )
    primary_recipients = forms.CharField(
        label="主送机关（文字）",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "wide"}),
        help_text="不在单位列表中的主送机关，如“各乡镇党委、政府”",
    )
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 18}), required=False)
    attachment_note = forms.CharField(
        label="附件说明（每行一个）",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="只写附件名称，不加书名号，序号由系统编排",
    )
    cc_units = BoundedModelMultipleChoiceField(
        label="抄送单位",
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        widget=UnitPicker(multiple=True, groups=True, placeholder="选择抄送单位"),
        help_text=UNIT_HINT,
    )
    cc_recipients = forms.CharField(
        label="抄送机关（文字）",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "wide"}),
        help_text="不在单位列表中的抄送机关，如“县人大常委会办公室”",
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
    classification = forms.TypedChoiceField(
        label="密级", choices=Classification.choices, coerce=int, initial=Classification.INTERNAL
    )
    secrecy_term_years = forms.IntegerField(label="保密期限（年）", required=False, min_value=1, max_value=30)
    publicity = forms.ChoiceField(
        label="公开属性",
        choices=Publicity.choices,
        initial=Publicity.NOT_PUBLIC,
        required=False,
        help_text="主动公开的公文须经起草单位和保密办公开审查通过后方可发布；涉密公文不能主动公开",
    )
    length_class = forms.ChoiceField(
        label="篇幅类别", choices=LengthClass.choices, initial=LengthClass.GENERAL
    )
    date_of_writing = forms.DateField(
        label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    seal = forms.BooleanField(label="加盖印章", required=False, initial=True)
    note = forms.CharField(label="附注", max_length=200, required=False)
    signature = forms.CharField(label="发文机关署名", max_length=200, required=False)
    issuer_mark = forms.CharField(
        label="发文机关标志",
        max_length=60,
        required=False,
        help_text="纪要填纪要标志，如“示例县人民政府常务会议纪要”",
    )
    # 纪要 only (the page shows them when 文种 is 纪要).
    minutes_present = forms.CharField(
        label="出席", widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=MINUTES_HINT
    )
    minutes_absent = forms.CharField(
        label="请假", widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=MINUTES_HINT
    )
    minutes_attending = forms.CharField(
        label="列席", widget=forms.Textarea(attrs={"rows": 2}), required=False, help_text=MINUTES_HINT
    )

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, viewer)


class SubmitForm(forms.Form):
    reviewers = BoundedModelMultipleChoiceField(
        label="核稿人（可多选，并联审核）",
        queryset=Person.objects.all(),
        widget=PersonPicker(multiple=True, placeholder="选择核稿人"),
        help_text=PERSON_HINT,
    )
    countersigners = BoundedModelMultipleChoiceField(
        label="会签人（可选）",
        queryset=Person.objects.all(),
        required=False,
        widget=PersonPicker(multiple=True, placeholder="选择会签人"),
    )
    signer = forms.ModelChoiceField(
        label="签发领导",
        queryset=Person.objects.filter(is_leader=True),
        empty_label=None,
        widget=PersonPicker(leaders_only=True, placeholder="请选择签发领导"),
    )
    review_workdays = forms.IntegerField(label="核稿时限（工作日）", min_value=1, max_value=30, initial=2)

    def __init__(self, *args: Any, viewer: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bind_pickers(self, viewer)


class PaperIncomingForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    doc_type = forms.ChoiceField(label="文种", choices=DocType.choices, initial=DocType.NOTICE)
    source_unit_name = forms.CharField(label="来文单位", max_length=100)
    source_doc_number = forms.CharField(label="来文字号", max_length=60, required=False)
    received_on = forms.DateField(
        label="收文日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    copies = forms.IntegerField(label="份数", min_value=1, initial=1)
    classification = forms.TypedChoiceField(
        label="密级", choices=Classification.choices, coerce=int, initial=Classification.INTERNAL
    )
    urgency = forms.ChoiceField(label="紧急程度", choices=Urgency.choices, required=False)
