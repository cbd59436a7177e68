from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from zhongshu.accounts import services
from zhongshu.accounts.models import User
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import AdminRole, Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.testing.factories import make_admin, make_person

pytestmark = pytest.mark.django_db


def last_event(action):
    return AuditEvent.objects.filter(action=action).order_by("-seq").first()


def test_the_system_admin_creates_an_account_without_a_usable_password(system_admin):
    user = services.account_create(by=system_admin, username="lisi")
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert user.must_change_password
    assert user.admin_role == ""
    assert not hasattr(user, "initial_password")
    event = last_event("account.created")
    assert event.actor_id == system_admin.pk and event.object_id == str(user.pk)


@pytest.mark.parametrize(
    ("username", "code", "message"),
    [
        ("", "username_required", "请填写用户名。"),
        ("bad name", "username_invalid", "用户名只能包含字母、数字和 @ . + - _ 字符。"),
    ],
)
def test_account_create_refuses_bad_input(system_admin, username, code, message):
    with pytest.raises(ServiceError) as caught:
        services.account_create(by=system_admin, username=username)
    assert (caught.value.code, caught.value.message) == (code, message)
    assert not User.objects.exclude(username__in=["sysadmin"]).exists()


def test_usernames_are_unique_ignoring_case(system_admin):
    services.account_create(by=system_admin, username="Lisi")
    with pytest.raises(Conflict) as caught:
        services.account_create(by=system_admin, username="lisi")
    assert caught.value.message == "用户名已存在。"


@pytest.mark.parametrize("role", [AdminRole.SECURITY_ADMIN, AdminRole.AUDITOR])
def test_only_the_system_admin_creates_accounts(role):
    other = make_admin(role)
    with pytest.raises(Forbidden) as caught:
        services.account_create(by=other, username="lisi")
    assert caught.value.message == "只有系统管理员可以管理账号。"


def test_a_business_person_cannot_create_accounts(person):
    with pytest.raises(Forbidden):
        services.account_create(by=person.user, username="lisi")


def test_roles_are_set_as_groups_and_audited_with_before_and_after(security_admin, person):
    services.account_set_roles(by=security_admin, user=person.user, roles=[Role.CLERK])
    services.account_set_roles(by=security_admin, user=person.user, roles=[Role.SUPERVISOR, "leader"])
    assert sorted(person.user.groups.values_list("name", flat=True)) == ["leader", "supervisor"]
    event = last_event("account.roles_changed")
    assert event.details == {"before": ["clerk"], "after": ["leader", "supervisor"]}
    assert AuditEvent.objects.filter(action="account.roles_changed").count() == 2


def test_unchanged_roles_write_no_event(security_admin, person):
    services.account_set_roles(by=security_admin, user=person.user, roles=[])
    assert not AuditEvent.objects.filter(action="account.roles_changed").exists()


def test_an_unknown_role_is_refused(security_admin, person):
    with pytest.raises(ServiceError) as caught:
        services.account_set_roles(by=security_admin, user=person.user, roles=["king"])
    assert caught.value.message == "业务角色无效。"


def test_the_system_admin_cannot_set_business_roles(system_admin, person):
    with pytest.raises(Forbidden) as caught:
        services.account_set_roles(by=system_admin, user=person.user, roles=[Role.OFFICE_DIRECTOR])
    assert caught.value.code == "not_security_admin"
    assert not person.user.groups.exists()


def test_the_business_role_groups_exist_after_migrating():
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_disable_and_enable_are_audited(system_admin, person):
    services.account_disable(by=system_admin, user=person.user)
    assert not User.objects.get(pk=person.user.pk).is_active
    services.account_enable(by=system_admin, user=person.user)
    assert User.objects.get(pk=person.user.pk).is_active
    assert [e.action for e in AuditEvent.objects.order_by("seq")][-2:] == [
        "account.disabled",
        "account.enabled",
    ]


def test_reset_password_voids_the_password_and_returns_only_the_first_half(system_admin, person):
    from zhongshu.testing.factories import make_person as another

    another("领导", unit=person.unit, is_leader=True, leader_rank=1)
    user = person.user
    issued = services.account_reset_password(by=system_admin, user=user)
    user.refresh_from_db()
    assert user.must_change_password and not user.has_usable_password()
    assert not user.check_password("Test!Pass2026") and not user.check_password(issued.admin_half)
    assert issued.reset.leader_half == "" and issued.admin_half not in issued.reset.admin_half
    assert last_event("account.password_reset").object_id == str(user.pk)


def test_unlock_lifts_a_lockout(system_admin, person):
    user = person.user
    user.locked_until = timezone.now() + timedelta(minutes=20)
    user.failed_login_count = 3
    user.save()
    services.account_unlock(by=system_admin, user=user)
    user.refresh_from_db()
    assert (user.locked_until, user.failed_login_count) == (None, 0)
    assert last_event("account.unlocked").actor_id == system_admin.pk


def test_own_password_change(person):
    user = person.user
    user.must_change_password = True
    user.save()
    with pytest.raises(ServiceError) as caught:
        services.account_password_change(user=user, old_password="wrong", new_password="Neu!Pass2027")
    assert caught.value.message == "原密码不正确。"
    with pytest.raises(ServiceError) as caught:
        services.account_password_change(
            user=user, old_password="Test!Pass2026", new_password="Test!Pass2026"
        )
    assert caught.value.message == "新密码不能与原密码相同。"
    with pytest.raises(ServiceError) as caught:
        services.account_password_change(user=user, old_password="Test!Pass2026", new_password="simple")
    assert caught.value.message.startswith("密码至少 8 位。")
    services.account_password_change(user=user, old_password="Test!Pass2026", new_password="Neu!Pass2027")
    user.refresh_from_db()
    assert user.check_password("Neu!Pass2027") and not user.must_change_password
    assert last_event("account.password_changed").actor_id == user.pk


def test_business_roles_come_from_groups_via_the_factory():
    p = make_person(roles=[Role.ARCHIVIST])
    assert p.user.has_role(Role.ARCHIVIST) and not p.user.has_role(Role.CLERK)
