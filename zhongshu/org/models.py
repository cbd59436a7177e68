"""The organisation: units in a tree, their departments, the people in them, and posts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhongshu.base.levels import Clearance
from zhongshu.org.pinyin import pinyin_keys


def _fill_pinyin(record: models.Model, *names: str, person: bool = False) -> None:
    full, initials = pinyin_keys(*names, person=person)
    record.name_pinyin = full[:400]  # type: ignore[attr-defined]
    record.name_initials = initials[: 40 if person else 100]  # type: ignore[attr-defined]


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", "党委"
    GOVERNMENT = "government", "政府"
    OFFICE = "office", "办公室"
    BUREAU = "bureau", "部门"
    TOWN = "town", "乡镇"
    OTHER = "other", "其他"


class Unit(models.Model):
    """An organ (单位): 县委, 县政府, a bureau or a town. Units form a tree."""

    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=40, blank=True)
    code = models.CharField("单位代码", max_length=32, unique=True)
    agency_code = models.CharField(
        "机关代字", max_length=20, blank=True, help_text="发文字号中的机关代字，如 县委办发"
    )
    kind = models.CharField("类别", max_length=20, choices=UnitKind.choices, default=UnitKind.BUREAU)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    duties = models.TextField("职责", blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    name_pinyin = models.CharField(max_length=400, blank=True, editable=False)
    name_initials = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "单位"
        verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        _fill_pinyin(self, self.name, self.short_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Department(models.Model):
    """An internal division (处室/科室) of a unit, e.g. 督查室, 机要科."""

    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("名称", max_length=100)
    code = models.CharField("代码", max_length=32, help_text="档号中的机构代码，如 BGS")
    sort_order = models.PositiveIntegerField("排序", default=0)
    duties = models.TextField("职责", blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    name_pinyin = models.CharField(max_length=400, blank=True, editable=False)
    name_initials = models.CharField(max_length=100, blank=True, editable=False, db_index=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["unit__sort_order", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="department_code_unique_in_unit"),
            models.UniqueConstraint(fields=["unit", "name"], name="department_name_unique_in_unit"),
        ]
        verbose_name = "处室"
        verbose_name_plural = "处室"

    def __str__(self) -> str:
        return f"{self.unit.short_name or self.unit.name}{self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        _fill_pinyin(self, self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)


class Person(models.Model):
    """A member of staff (人员), one-to-one with a login account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.PROTECT, related_name="person"
    )
    name = models.CharField("姓名", max_length=40)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="people")
    department = models.ForeignKey(
        Department,
        verbose_name="处室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("手机", max_length=40, blank=True)
    office_phone = models.CharField("办公电话", max_length=40, blank=True)
    is_leader = models.BooleanField("领导", default=False)
    leader_rank = models.PositiveIntegerField(
        "领导排序", null=True, blank=True, help_text="数字越小越靠前；传阅、通讯录按此排序"
    )
    clearance = models.PositiveSmallIntegerField(
        "涉密等级", choices=Clearance.choices, default=Clearance.NONE
    )
    posts: models.ManyToManyField[Post, Any] = models.ManyToManyField(
        "Post", verbose_name="岗位", blank=True, related_name="holders"
    )
    name_pinyin = models.CharField(max_length=400, blank=True, editable=False)
    name_initials = models.CharField(max_length=40, blank=True, editable=False, db_index=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        ordering = ["unit__sort_order", "leader_rank", "sort_order", "id"]
        verbose_name = "人员"
        verbose_name_plural = "人员"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_leader=True) | models.Q(leader_rank__isnull=True),
                name="leader_rank_only_for_leaders",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        _fill_pinyin(self, self.name, person=True)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)


class Post(models.Model):
    """A job (岗位); a 涉密岗位 requires a clearance of its holders."""

    name = models.CharField("名称", max_length=100)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="posts")
    department = models.ForeignKey(
        Department, verbose_name="处室", null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    required_clearance = models.PositiveSmallIntegerField(
        "岗位涉密等级", choices=Clearance.choices, default=Clearance.NONE
    )
    duties = models.TextField("岗位职责", blank=True)

    class Meta:
        ordering = ["unit__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="post_name_unique_in_unit")]
        verbose_name = "岗位"
        verbose_name_plural = "岗位"

    def __str__(self) -> str:
        return self.name

    @property
    def is_classified(self) -> bool:
        return self.required_clearance > Clearance.NONE
