"""What makes a record classifiable, and need-to-know grants made by the security administrator."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhongshu.base.levels import Classification, secrecy_marking


class Classified(models.Model):
    """Mixin for every record that can carry a classification (密级), a secrecy term and need-to-know.

    A model that inherits this is read only through `zhongshu.access.policy`. `owner_person` and
    `owner_unit` are the record's owners (who drafted it, which unit holds it); need-to-know (知悉范围)
    lists further people and units.
    """

    classification = models.PositiveSmallIntegerField(
        "密级", choices=Classification.choices, default=Classification.INTERNAL
    )
    secrecy_term_years = models.PositiveSmallIntegerField("保密期限（年）", null=True, blank=True)
    owner_person = models.ForeignKey(
        "org.Person",
        verbose_name="责任人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    need_to_know_people = models.ManyToManyField(
        "org.Person", verbose_name="知悉范围（人员）", blank=True, related_name="+"
    )
    need_to_know_units = models.ManyToManyField(
        "org.Unit", verbose_name="知悉范围（单位）", blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def secrecy_marking(self) -> str:
        return secrecy_marking(self.classification, self.secrecy_term_years)

    @property
    def is_state_secret(self) -> bool:
        return self.classification >= Classification.CONFIDENTIAL


class NeedToKnowGrant(models.Model):
    """The security administrator's override: one person may know one record outside its need-to-know."""

    person = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="need_to_know_grants")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    reason = models.CharField("理由", max_length=200)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "person", "object_id"])]
        verbose_name = "知悉范围授权"
        verbose_name_plural = "知悉范围授权"

    def __str__(self) -> str:
        # Records are named by type and id only: a grant never carries a classified title.
        return f"知悉范围授权 {self.person_id} → {self.content_type_id}#{self.object_id}"


class ClassificationPolicy(models.Model):
    """The office's classification policy (定密策略): the default secrecy term of each level.

    One row (pk 1). The statutory maxima (保守国家秘密法实施条例: 秘密 10, 机密 20, 绝密 30 years) are the
    defaults and the upper bounds; an office may set shorter defaults.
    """

    confidential_term_years = models.PositiveSmallIntegerField("秘密默认保密期限（年）", default=10)
    secret_term_years = models.PositiveSmallIntegerField("机密默认保密期限（年）", default=20)
    top_secret_term_years = models.PositiveSmallIntegerField("绝密默认保密期限（年）", default=30)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "定密策略"
        verbose_name_plural = "定密策略"

    def __str__(self) -> str:
        return f"定密策略 秘密{self.confidential_term_years}年 机密{self.secret_term_years}年 绝密{self.top_secret_term_years}年"

    @classmethod
    def current(cls) -> ClassificationPolicy:
        """The saved policy, or the statutory defaults when none was saved (reading never writes)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def term_for(self, classification: int) -> int | None:
        return {
            Classification.CONFIDENTIAL: self.confidential_term_years,
            Classification.SECRET: self.secret_term_years,
            Classification.TOP_SECRET: self.top_secret_term_years,
        }.get(Classification(classification))
