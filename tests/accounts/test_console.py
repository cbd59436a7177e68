"""The system administrator's account console (/accounts/manage/)."""

import pytest
from django.test import Client
from django.urls import reverse

from zhongshu.accounts.models import SigninFailure, User
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.testing.factories import TEST_PASSWORD, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(signed_in, system_admin):
    return signed_in(system_admin)


def test_the_list_finds_accounts_by_username_or_name(console):
    make_person("李四", username="lisi", roles=[Role.CLERK])
    make_person("王五", username="wangwu")
    page = console.get(reverse("accounts:manage"), {"q": "李"}).content.decode()
    assert "lisi" in page and "文书" in page and "wangwu" not in page
    page = console.get(reverse("accounts:manage"), {"q": "wang"}).content.decode()
    assert "wangwu" in page and "lisi" not in page


def test_the_console_never_shows_clearances(console):
    person = make_person("赵六", username="zhaoliu", clearance=Clearance.CORE)
    pages = [
        console.get(reverse("accounts:manage")).content.decode(),
        console.get(reverse("accounts:manage_detail", args=[person.user.pk])).content.decode(),
    ]
    for page in pages:
        assert "zhaoliu" in page
        assert "涉密" not in page and "核心" not in page


def test_creating_an_account_shows_no_password_and_sets_none(console):
    response = console.post(reverse("accounts:manage_create"), {"username": "sunqi"}, follow=True)
    assert response.status_code == 200
    assert "账号已创建，尚无密码" in response.content.decode()
    user = User.objects.get(username="sunqi")
    assert not user.has_usable_password() and user.must_change_password
    assert "签发首次登录码" in response.content.decode()


def test_creating_an_account_with_a_bad_name_shows_the_rule(console):
    response = console.post(reverse("accounts:manage_create"), {"username": "bad name"})
    assert response.status_code == 400
    assert "用户名只能包含字母、数字和 @ . + - _ 字符。" in response.content.decode()
    assert not User.objects.filter(username="bad name").exists()


def test_disable_enable_reset_and_unlock(console):
    person = make_person(username="zhouba")
    user = person.user
    detail = reverse("accounts:manage_detail", args=[user.pk])
    # Roles decide what a person may see: the security administrator's page, not this console's.
    assert console.post(reverse("accounts:roles", args=[user.pk]), {"roles": ["clerk"]}).status_code == 403
    assert not user.groups.exists()

    console.post(reverse("accounts:manage_disable", args=[user.pk]))
    assert "停用" in console.get(detail).content.decode()
    assert not User.objects.get(pk=user.pk).is_active
    console.post(reverse("accounts:manage_enable", args=[user.pk]))
    assert User.objects.get(pk=user.pk).is_active

    assert "锁定" not in console.get(detail).content.decode()
    stranger = Client(REMOTE_ADDR="10.6.6.6")
    for _ in range(5):
        stranger.post(reverse("accounts:login"), {"username": "zhouba", "password": "Wrong!Guess1"})
    assert "锁定" in console.get(detail).content.decode()
    console.post(reverse("accounts:manage_unlock", args=[user.pk]))
    assert "锁定" not in console.get(detail).content.decode()
    assert not SigninFailure.objects.filter(username="zhouba").exists()

    # No leader in the person's unit: nobody could receive the second half, so no reset is issued.
    response = console.post(reverse("accounts:manage_reset_password", args=[user.pk]), follow=True)
    assert "没有可接收重置码后半段的领导" in response.content.decode()
    assert User.objects.get(pk=user.pk).check_password(TEST_PASSWORD)
    make_person("单位领导", unit=person.unit, is_leader=True, leader_rank=1)
    response = console.post(reverse("accounts:manage_reset_password", args=[user.pk]))
    assert response["Cache-Control"] == "no-store"
    first_half = response.context["issued"].admin_half
    assert f'data-testid="reset-first-half">{first_half}<' in response.content.decode()
    assert "单位领导" in response.content.decode()
    user = User.objects.get(pk=user.pk)
    assert not user.has_usable_password() and user.must_change_password
    assert first_half not in console.get(detail).content.decode()


def test_actions_are_post_only(console, person):
    assert console.get(reverse("accounts:manage_disable", args=[person.user.pk])).status_code == 405


def test_the_nav_shows_account_management_to_the_system_admin_only(
    console, signed_in, security_admin, person
):
    assert "账号管理" in console.get(reverse("accounts:manage")).content.decode()
    assert "账号管理" not in signed_in(person.user).get(reverse("accounts:me")).content.decode()


def test_business_people_and_anonymous_visitors_are_kept_out(signed_in, person):
    assert signed_in(person.user).get(reverse("accounts:manage")).status_code == 403
    anonymous = Client().get(reverse("accounts:manage"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))


def test_the_security_admin_sets_business_roles(signed_in, security_admin):
    person = make_person("周八", username="zhouba")
    client = signed_in(security_admin)
    page = client.get(reverse("accounts:roles", args=[person.user.pk])).content.decode()
    assert 'data-action="roles"' in page and "周八" in page
    client.post(reverse("accounts:roles", args=[person.user.pk]), {"roles": ["clerk", "leader"]})
    assert sorted(person.user.groups.values_list("name", flat=True)) == ["clerk", "leader"]
    security_page = client.get(reverse("org:security_person", args=[person.pk])).content.decode()
    assert reverse("accounts:roles", args=[person.user.pk]) in security_page
