"""三员分立: each administrator holds exactly the powers of one role, and no account holds two roles."""

import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from zhongshu.access.policy import viewer_of
from zhongshu.accounts import services
from zhongshu.accounts.models import User
from zhongshu.base.roles import POWERS, AdminRole, Power, Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.org.models import Person
from zhongshu.testing.factories import make_admin, make_person, make_unit, make_user

pytestmark = pytest.mark.django_db


def test_no_power_belongs_to_two_administrators():
    for first, second in itertools.combinations(AdminRole, 2):
        assert not POWERS[first] & POWERS[second], (first, second)
    assert set().union(*POWERS.values()) == set(Power)


def test_the_system_admin_cannot_read_the_audit_log_or_set_clearances(system_admin):
    assert system_admin.has_power(Power.MANAGE_ACCOUNTS)
    assert system_admin.has_power(Power.MANAGE_ORGANISATION)
    for power in (
        Power.READ_AUDIT,
        Power.VERIFY_AUDIT,
        Power.SET_CLEARANCE,
        Power.SET_CLASSIFICATION_POLICY,
        Power.GRANT_NEED_TO_KNOW,
    ):
        assert not system_admin.has_power(power), power


def test_the_security_admin_cannot_create_accounts_or_read_the_audit_log(security_admin):
    assert security_admin.has_power(Power.SET_CLEARANCE)
    assert not security_admin.has_power(Power.READ_AUDIT)
    assert not security_admin.has_power(Power.MANAGE_ACCOUNTS)
    with pytest.raises(Forbidden):
        services.account_create(by=security_admin, username="lisi")


def test_the_auditor_reads_and_verifies_the_log_and_nothing_else(auditor, person):
    assert {power for power in Power if auditor.has_power(power)} == {Power.READ_AUDIT, Power.VERIFY_AUDIT}
    with pytest.raises(Forbidden):
        services.account_create(by=auditor, username="lisi")
    with pytest.raises(Forbidden):
        services.account_set_roles(by=auditor, user=person.user, roles=[Role.CLERK])


def test_administrators_are_no_business_persons_and_hold_no_business_role(
    system_admin, security_admin, auditor
):
    for admin in (system_admin, security_admin, auditor):
        assert not viewer_of(admin).is_business_person
        assert not any(admin.has_role(role) for role in Role)


@pytest.mark.parametrize(
    ("role", "status"),
    [(AdminRole.SYSTEM_ADMIN, 403), (AdminRole.SECURITY_ADMIN, 403), (AdminRole.AUDITOR, 200)],
)
def test_only_the_auditor_opens_the_audit_log(signed_in, role, status):
    client = signed_in(make_admin(role))
    assert client.get(reverse("audit:list")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [(AdminRole.SYSTEM_ADMIN, 200), (AdminRole.SECURITY_ADMIN, 403), (AdminRole.AUDITOR, 403)],
)
def test_only_the_system_admin_opens_the_account_console(signed_in, role, status):
    client = signed_in(make_admin(role))
    assert client.get(reverse("accounts:manage")).status_code == status


def test_the_admin_role_field_holds_one_known_role_only():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("twohats", admin_role="system_admin,auditor")


def test_no_account_is_a_superuser():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("root", is_superuser=True)


def test_an_administrator_cannot_be_given_a_person(system_admin):
    with pytest.raises(ServiceError) as caught, transaction.atomic():
        Person.objects.create(user=system_admin, name="王五", unit=make_unit())
    assert caught.value.message == "三员账号不能关联人员。"


def test_an_administrator_cannot_be_given_a_business_role(system_admin, security_admin):
    group = Group.objects.get(name=Role.LEADER.value)
    with pytest.raises(ServiceError) as caught, transaction.atomic():
        system_admin.groups.add(group)
    assert caught.value.message == "三员账号不能担任业务角色。"
    with pytest.raises(ServiceError), transaction.atomic():
        group.user_set.add(security_admin)
    with pytest.raises(Forbidden) as caught:
        services.account_set_roles(by=security_admin, user=system_admin, roles=[Role.LEADER])
    assert caught.value.message == "三员账号只能通过命令行 zhongshu admins 管理。"
    assert not Group.objects.get(name=Role.LEADER.value).user_set.exists()


def test_a_business_account_cannot_become_an_administrator():
    person = make_person(roles=[Role.CLERK])
    person.user.admin_role = AdminRole.AUDITOR.value
    with pytest.raises(ServiceError) as caught, transaction.atomic():
        person.user.save()
    assert caught.value.message == "已有人员或业务角色的账号不能成为三员账号。"
    assert User.objects.get(pk=person.user.pk).admin_role == ""


@pytest.mark.parametrize("action", ["account_disable", "account_enable", "account_reset_password"])
def test_the_system_admin_cannot_take_over_another_administrator(system_admin, auditor, action):
    with pytest.raises(Forbidden):
        getattr(services, action)(by=system_admin, user=auditor)
    auditor.refresh_from_db()
    assert auditor.is_active and not auditor.must_change_password


def test_the_system_admin_never_sets_or_sees_a_usable_password(system_admin, person):
    import inspect

    from zhongshu.accounts import resets

    assert "password" not in inspect.signature(services.account_create).parameters
    assert "password" not in inspect.signature(services.account_reset_password).parameters
    make_person("领导", unit=person.unit, is_leader=True, leader_rank=1)
    issued = services.account_reset_password(by=system_admin, user=person.user)
    user = User.objects.get(pk=person.user.pk)
    assert not user.has_usable_password() and not user.check_password(issued.admin_half)
    # The first half alone opens nothing, not even with a guess at the second.
    with pytest.raises(ServiceError):
        resets.password_reset_redeem(
            username=user.username,
            first_half=issued.admin_half,
            second_half=issued.admin_half,
            new_password="Xq7!mzPw9#Lk",
        )


@pytest.mark.parametrize("who", ["security_admin", "auditor"])
def test_only_the_system_admin_issues_resets_and_no_administrator_receives_a_second_half(
    request, who, person
):
    from zhongshu.accounts import resets

    admin = request.getfixturevalue(who)
    with pytest.raises(Forbidden):
        services.account_reset_password(by=admin, user=person.user)
    assert resets.password_resets_awaiting(admin) == []


def test_placement_and_posts_are_the_security_admins_not_the_system_admins(
    system_admin, security_admin, person
):
    from zhongshu.org import services as org_services

    other = make_unit("别的局")
    with pytest.raises(Forbidden):
        org_services.person_update(by=system_admin, person=person, unit=other)
    with pytest.raises(Forbidden):
        org_services.person_place(by=system_admin, person=person, unit=other, reason="调动")
    org_services.person_place(by=security_admin, person=person, unit=other, reason="调动")
    assert Person.objects.get(pk=person.pk).unit == other
