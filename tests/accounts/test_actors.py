"""The acting person as services receive them (accounts.actors): the account with its person, unit and roles
read once and kept on the object, and a view's way to it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from zhongshu.accounts.actors import actor_of
from zhongshu.base.roles import AdminRole, Role
from zhongshu.org.selectors import person_of_user
from zhongshu.testing import factories

pytestmark = pytest.mark.django_db


def test_the_person_unit_and_roles_are_read_once(unit, django_assert_num_queries):
    person = factories.make_person("王文书", unit=unit, roles=(Role.CLERK,))
    account = type(person.user).objects.get(pk=person.user.pk)  # a fresh account, as a request has it
    with django_assert_num_queries(2):  # the person once, the roles once
        for _ in range(3):
            assert account.person_or_none == person and account.unit_id == unit.pk
            assert person_of_user(account) == person
            assert account.has_role(Role.CLERK) and not account.has_role(Role.LEADER)


def test_an_administrator_has_no_person():
    admin = factories.make_admin(AdminRole.SECURITY_ADMIN)
    assert admin.person_or_none is None and admin.unit_id is None and person_of_user(admin) is None
    assert person_of_user(AnonymousUser()) is None and person_of_user(None) is None


def test_a_view_gets_the_signed_in_account_or_a_refusal(person):
    request = RequestFactory().get("/")
    request.user = person.user
    assert actor_of(request) is person.user
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        actor_of(request)
