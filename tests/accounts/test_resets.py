"""Password resets in two halves (zhongshu.accounts.resets): the system administrator is shown one half,
a leader of the person's unit the other, each once; only the person with both sets a password."""

import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zhongshu.accounts import resets, services
from zhongshu.accounts.models import PasswordReset, User
from zhongshu.accounts.signin import account_needs_second_factor
from zhongshu.accounts.totp import current_totp_code, totp_confirmed_device, totp_device_create
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.testing.factories import TEST_PASSWORD, make_person, make_unit

pytestmark = pytest.mark.django_db

NEW = "Mq8#vTz2Lwpe"


@pytest.fixture
def bureau():
    unit = make_unit("测试局")
    member = make_person("张三", unit=unit, username="zhangsan")
    leader = make_person("李局长", unit=unit, username="lijuzhang", is_leader=True, leader_rank=1)
    return unit, member, leader


def redeem(first, second, password=NEW, username="zhangsan", address="10.0.0.1"):
    return resets.password_reset_redeem(
        username=username, first_half=first, second_half=second, new_password=password, address=address
    )


def test_the_whole_reset_through_the_pages(bureau, signed_in, system_admin):
    _unit, member, leader = bureau
    console = signed_in(system_admin)
    page = console.post(reverse("accounts:manage_reset_password", args=[member.user.pk])).content.decode()
    first = re.search(r'data-testid="reset-first-half">([A-Z0-9]+)<', page).group(1)
    assert "李局长" in page

    leader_client = signed_in(leader.user)
    [todo] = [item for item in todos_for(leader.user) if item.kind == "password_reset"]
    assert "张三" in todo.title and todo.url == reverse("accounts:resets")
    listing = leader_client.get(reverse("accounts:resets")).content.decode()
    reset = PasswordReset.objects.get(user=member.user)
    assert reverse("accounts:reset_reveal", args=[reset.pk]) in listing
    shown = leader_client.post(reverse("accounts:reset_reveal", args=[reset.pk]))
    assert shown["Cache-Control"] == "no-store"
    second = re.search(r'data-testid="reset-second-half">([A-Z0-9]+)<', shown.content.decode()).group(1)
    # Once only, and gone from the to-do list.
    assert leader_client.post(reverse("accounts:reset_reveal", args=[reset.pk])).status_code == 404
    assert not [item for item in todos_for(leader.user) if item.kind == "password_reset"]

    person_client = Client()
    response = person_client.post(
        reverse("accounts:reset_redeem"),
        {
            "username": "zhangsan",
            "first_half": first.lower(),
            "second_half": f" {second} ",
            "new_password": NEW,
            "new_password_again": NEW,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    response = person_client.post(reverse("accounts:login"), {"username": "zhangsan", "password": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("web:workbench")
    assert person_client.get(reverse("accounts:me")).status_code == 200
    actions = list(
        AuditEvent.objects.filter(action__startswith="account.password_reset")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "account.password_reset",
        "account.password_reset_half_shown",
        "account.password_reset_redeemed",
    ]


def test_either_half_alone_and_any_wrong_detail_answer_alike(bureau, system_admin):
    _unit, member, leader = bureau
    issued = services.account_reset_password(by=system_admin, user=member.user)
    with pytest.raises(ServiceError) as caught:
        redeem(issued.admin_half, "")
    assert caught.value.code == "invalid_reset_code"  # the leader has not been shown the second half yet
    second = resets.password_reset_reveal(by=leader.user, reset=issued.reset)
    for first_try, second_try, username in [
        (issued.admin_half, issued.admin_half, "zhangsan"),
        (second, second, "zhangsan"),
        (issued.admin_half, second, "nobody"),
    ]:
        with pytest.raises(ServiceError) as caught:
            redeem(first_try, second_try, username=username, address="10.0.0.2")
        assert caught.value.message == resets.INVALID_CODE
    assert redeem(issued.admin_half, second, address="10.0.0.3").check_password(NEW)
    with pytest.raises(ServiceError):
        redeem(issued.admin_half, second, password="Nq9#vTz2Lwpe", address="10.0.0.4")  # used up


def test_a_weak_new_password_is_refused_and_nothing_is_used_up(bureau, system_admin):
    _unit, member, leader = bureau
    issued = services.account_reset_password(by=system_admin, user=member.user)
    second = resets.password_reset_reveal(by=leader.user, reset=issued.reset)
    with pytest.raises(ServiceError) as caught:
        redeem(issued.admin_half, second, password="Password1")
    assert caught.value.code == "weak_password"
    assert PasswordReset.objects.get(pk=issued.reset.pk).used_at is None
    assert not User.objects.get(pk=member.user.pk).has_usable_password()
    redeem(issued.admin_half, second)


def test_five_wrong_tries_void_the_reset_and_it_expires_after_a_day(bureau, system_admin):
    _unit, member, leader = bureau
    issued = services.account_reset_password(by=system_admin, user=member.user)
    second = resets.password_reset_reveal(by=leader.user, reset=issued.reset)
    for n in range(5):
        with pytest.raises(ServiceError):
            redeem("AAAAAAAA", second, address=f"10.0.1.{n}")
    with pytest.raises(ServiceError):
        redeem(issued.admin_half, second, address="10.0.2.1")
    issued = services.account_reset_password(by=system_admin, user=member.user)
    second = resets.password_reset_reveal(by=leader.user, reset=issued.reset)
    with time_machine.travel(issued.reset.expires_at, tick=False), pytest.raises(ServiceError):
        redeem(issued.admin_half, second, address="10.0.2.2")


def test_only_a_leader_of_the_persons_unit_is_shown_the_second_half(bureau, system_admin):
    _unit, member, _leader = bureau
    stranger_leader = make_person("别局局长", unit=make_unit(), is_leader=True, leader_rank=1)
    colleague = make_person("同事", unit=member.unit)
    issued = services.account_reset_password(by=system_admin, user=member.user)
    for someone in (stranger_leader.user, colleague.user, system_admin, member.user):
        assert resets.password_resets_awaiting(someone) == []
        with pytest.raises(Forbidden):
            resets.password_reset_reveal(by=someone, reset=issued.reset)


def test_a_unit_without_another_leader_sends_the_half_to_the_parent_units_leaders(system_admin):
    parent = make_unit("上级")
    boss = make_person("上级领导", unit=parent, is_leader=True, leader_rank=1)
    unit = make_unit("下级", parent=parent)
    head = make_person("下级唯一领导", unit=unit, is_leader=True, leader_rank=1)
    assert resets.password_reset_leaders(head.user) == [boss]
    orphan = make_person("无领导者", unit=make_unit("孤立单位"))
    with pytest.raises(ServiceError) as caught:
        services.account_reset_password(by=system_admin, user=orphan.user)
    assert caught.value.code == "no_unit_leader"


def test_a_reset_voids_the_authenticator_and_the_next_sign_in_enrols_a_new_one(system_admin):
    from zhongshu.base.levels import Clearance

    unit = make_unit()
    make_person("领导", unit=unit, is_leader=True, leader_rank=1, username="boss")
    member = make_person("持证人", unit=unit, clearance=Clearance.ORDINARY, username="holder")
    old_device = totp_device_create(user=member.user)
    issued = services.account_reset_password(by=system_admin, user=member.user)
    second = resets.password_reset_reveal(by=User.objects.get(username="boss"), reset=issued.reset)
    redeem(issued.admin_half, second, username="holder")
    user = User.objects.get(pk=member.user.pk)
    assert totp_confirmed_device(user) is None and user.must_enrol_second_factor
    assert account_needs_second_factor(user)
    assert not type(old_device).objects.filter(pk=old_device.pk).exists()
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "holder", "password": NEW})
    assert response["Location"] == reverse("accounts:otp")
    page = client.get(reverse("accounts:otp"))
    assert page.context["enrolling"]
    from zhongshu.accounts.totp import totp_enrolment_device

    device = totp_enrolment_device(user)
    device.confirmed = True  # read the code the new authenticator app would show
    device.save()
    code = current_totp_code(user)
    device.confirmed = False
    device.save()
    response = client.post(reverse("accounts:otp"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("web:workbench")
    assert not User.objects.get(pk=user.pk).must_enrol_second_factor


def test_the_old_password_stops_working_when_a_reset_is_issued(bureau, system_admin):
    _unit, member, _leader = bureau
    services.account_reset_password(by=system_admin, user=member.user)
    response = Client().post(reverse("accounts:login"), {"username": "zhangsan", "password": TEST_PASSWORD})
    assert response.status_code == 400
