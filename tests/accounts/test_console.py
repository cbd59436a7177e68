"""The system administrator's account console (/accounts/manage/)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.testing.factories import make_person

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


def test_creating_an_account_shows_the_initial_password_once(console):
    response = console.post(reverse("accounts:manage_create"), {"username": "sunqi", "password": ""})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    password = response.context["password"]
    assert f'data-testid="initial-password">{password}<' in response.content.decode()
    user = User.objects.get(username="sunqi")
    assert user.check_password(password) and user.must_change_password
    detail = console.get(reverse("accounts:manage_detail", args=[user.pk])).content.decode()
    assert password not in detail


def test_creating_an_account_with_a_weak_password_shows_the_rule(console):
    response = console.post(reverse("accounts:manage_create"), {"username": "sunqi", "password": "abc"})
    assert response.status_code == 400
    assert "密码至少 8 位。" in response.content.decode()
    assert not User.objects.filter(username="sunqi").exists()


def test_roles_disable_enable_reset_and_unlock(console):
    person = make_person(username="zhouba")
    user = person.user
    detail = reverse("accounts:manage_detail", args=[user.pk])
    console.post(reverse("accounts:manage_roles", args=[user.pk]), {"roles": ["clerk", "leader"]})
    assert sorted(user.groups.values_list("name", flat=True)) == ["clerk", "leader"]

    console.post(reverse("accounts:manage_disable", args=[user.pk]))
    assert "停用" in console.get(detail).content.decode()
    assert not User.objects.get(pk=user.pk).is_active
    console.post(reverse("accounts:manage_enable", args=[user.pk]))
    assert User.objects.get(pk=user.pk).is_active

    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() + timedelta(minutes=20))
    assert "锁定" in console.get(detail).content.decode()
    console.post(reverse("accounts:manage_unlock", args=[user.pk]))
    assert User.objects.get(pk=user.pk).locked_until is None

    response = console.post(reverse("accounts:manage_reset_password", args=[user.pk]))
    assert User.objects.get(pk=user.pk).check_password(response.context["password"])
    assert User.objects.get(pk=user.pk).must_change_password


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
