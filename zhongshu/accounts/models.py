"""Login accounts. The person behind an account lives in `org.Person`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils import timezone

from zhongshu.base.roles import AdminRole, Power, Role, powers_of

if TYPE_CHECKING:
    from zhongshu.org.models import Person


class User(AbstractUser):
    """An account. `is_superuser` and `is_staff` are never set: no account holds every power."""

    admin_role = models.CharField(
        "管理员角色", max_length=20, choices=AdminRole.choices, blank=True, default=""
    )
    password_changed_at = models.DateTimeField("密码修改时间", default=timezone.now)
    must_change_password = models.BooleanField("首次登录须改密", default=False)
    failed_login_count = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = "账号"
        verbose_name_plural = "账号"
        constraints = [
            models.CheckConstraint(condition=models.Q(is_superuser=False), name="no_superuser_accounts"),
            # One administrative role at most, and only a known one: the field cannot hold a combination.
            models.CheckConstraint(
                condition=models.Q(admin_role__in=["", *AdminRole.values]),
                name="admin_role_is_one_known_role",
            ),
        ]

    @property
    def is_administrator(self) -> bool:
        return bool(self.admin_role)

    def has_power(self, power: Power) -> bool:
        return self.is_active and power in powers_of(self.admin_role)

    def role_names(self) -> frozenset[str]:
        """The business roles' code names, read once per instance (a request's user); none for an inactive
        account or one of the three administrators."""
        if not self.is_active or self.admin_role:
            return frozenset()
        cache = getattr(self, "_role_cache", None)
        if cache is None:
            cache = frozenset(self.groups.values_list("name", flat=True))
            self._role_cache = cache
        return cache

    def has_role(self, role: Role) -> bool:
        return role.value in self.role_names()

    @property
    def person_or_none(self) -> Person | None:
        """The person behind the account (None for the three administrators), read once per instance:
        Django keeps the one-to-one row on the user object, so a request looks it up once."""
        try:
            return self.person
        except ObjectDoesNotExist:
            return None

    @property
    def unit_id(self) -> int | None:
        person = self.person_or_none
        return person.unit_id if person is not None else None

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())
