"""Database-level guards of 三员分立 that hold whoever writes: an administrator has no Person, no business role.

The single `admin_role` field already keeps an account from holding two administrative roles, and a check
constraint forbids superusers; these signal receivers cover the links that live in other tables.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, pre_save

from zhongshu.accounts.models import User
from zhongshu.core.errors import ServiceError
from zhongshu.org.models import Person

ADMIN_NO_PERSON = "三员账号不能关联人员。"
ADMIN_NO_ROLE = "三员账号不能担任业务角色。"
BUSINESS_NOT_ADMIN = "已有人员或业务角色的账号不能成为三员账号。"


def _refuse_person_for_admin(sender: Any, instance: Any, **kwargs: Any) -> None:
    if instance.user_id is None:
        return
    if User.objects.filter(pk=instance.user_id).exclude(admin_role="").exists():
        raise ServiceError(ADMIN_NO_PERSON, code="admin_has_no_person")


def _refuse_groups_for_admin(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        # group.user_set.add(...): `pk_set` holds user ids.
        if User.objects.filter(pk__in=pk_set).exclude(admin_role="").exists():
            raise ServiceError(ADMIN_NO_ROLE, code="admin_has_no_business_role")
    elif getattr(instance, "admin_role", ""):
        raise ServiceError(ADMIN_NO_ROLE, code="admin_has_no_business_role")


def _refuse_admin_role_for_business_account(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not instance.admin_role or instance.pk is None:
        return
    if instance.groups.exists() or Person.objects.filter(user_id=instance.pk).exists():
        raise ServiceError(BUSINESS_NOT_ADMIN, code="business_account_not_admin")


def connect() -> None:
    pre_save.connect(_refuse_person_for_admin, sender=Person, dispatch_uid="accounts.guard.person")
    m2m_changed.connect(
        _refuse_groups_for_admin, sender=User.groups.through, dispatch_uid="accounts.guard.groups"
    )
    pre_save.connect(
        _refuse_admin_role_for_business_account, sender=User, dispatch_uid="accounts.guard.admin_role"
    )
