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
    # Set by a password reset of an account that had a second factor: the reset voids the old device, and
    # the next sign-in enrols a new one (the holder of the reset code sets it up, not an administrator).
    must_enrol_second_factor = models.BooleanField("须重新绑定身份验证器", default=False)

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


class PasswordHistory(models.Model):
    """The hash of a password an account used before, so that it cannot simply switch back to it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField("密码哈希", max_length=128)
    changed_at = models.DateTimeField("停用时间", default=timezone.now)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"历史密码（账号 {self.user_id}）"


class PasswordReset(models.Model):
    """A password reset in two halves (see `zhongshu.accounts.resets`): one shown once to the system
    administrator, the other shown once to a leader of the person's own unit. Only hashes are kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_resets")
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField("签发时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间")
    admin_half = models.CharField("前半段哈希", max_length=128)
    leader_half = models.CharField("后半段哈希", max_length=128, blank=True)
    leader = models.ForeignKey(
        User,
        verbose_name="领取后半段的领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_shown_at = models.DateTimeField("后半段显示时间", null=True, blank=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("作废时间", null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField("错误次数", default=0)

    class Meta:
        verbose_name = "密码重置"
        verbose_name_plural = "密码重置"
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return f"密码重置（账号 {self.user_id}）"

    def is_open(self, now: datetime | None = None) -> bool:
        return (
            self.used_at is None and self.cancelled_at is None and self.expires_at > (now or timezone.now())
        )


class SigninFailure(models.Model):
    """One failed sign-in step, kept for the throttle (`zhongshu.accounts.signin`): by the name typed
    (lower-cased, whether or not such an account exists) and the source address."""

    username = models.CharField("用户名", max_length=150)
    address = models.CharField("来源地址", max_length=64)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"
        indexes = [
            models.Index(fields=["username", "address", "at"], name="signin_failure_pair"),
            models.Index(fields=["address", "at"], name="signin_failure_address"),
            models.Index(fields=["username", "at"], name="signin_failure_name"),
        ]

    def __str__(self) -> str:
        return f"登录失败 {self.username}@{self.address}"
