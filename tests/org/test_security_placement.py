"""The security administrator's person page: placement (unit, department, leader standing) and posts."""

import pytest
from django.test import Client

from zhongshu.audit.models import AuditEvent
from zhongshu.org import services
from zhongshu.org.models import Person
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_department, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def secadmin_client(security_admin):
    return sign_in(Client(), security_admin)


def test_the_page_shows_the_three_forms(secadmin_client, person):
    page = secadmin_client.get(f"/org/security/people/{person.pk}/").content.decode()
    assert 'data-action="placement"' in page and 'data-action="posts"' in page
    assert "单位、处室和领导身份" in page and "涉密等级" in page


def test_moving_a_person_needs_a_reason_and_is_audited(secadmin_client, person):
    other = make_unit("别的局")
    department = make_department(other, "综合科")
    url = f"/org/security/people/{person.pk}/placement/"
    response = secadmin_client.post(url, {"unit": other.pk, "department": department.pk, "reason": ""})
    assert response.status_code == 400 and "这个字段是必填项" in response.content.decode()
    assert Person.objects.get(pk=person.pk).unit_id != other.pk
    response = secadmin_client.post(
        url, {"unit": person.unit_id, "department": department.pk, "reason": "调整"}
    )
    assert response.status_code == 400 and "处室不属于所选单位" in response.content.decode()
    response = secadmin_client.post(
        url,
        {
            "unit": other.pk,
            "department": department.pk,
            "is_leader": "on",
            "leader_rank": 2,
            "reason": "调任",
        },
    )
    assert response.status_code == 302
    moved = Person.objects.get(pk=person.pk)
    assert (moved.unit, moved.department, moved.is_leader, moved.leader_rank) == (other, department, True, 2)
    assert AuditEvent.objects.get(action="person.placement").details["reason"] == "调任"


def test_posts_are_set_from_the_units_posts(secadmin_client, system_admin, person):
    keeper = services.post_create(by=system_admin, unit=person.unit, name="机要员", required_clearance=2)
    typist = services.post_create(by=system_admin, unit=person.unit, name="打字员")
    url = f"/org/security/people/{person.pk}/posts/"
    assert secadmin_client.post(url, {"posts": [keeper.pk, typist.pk]}).status_code == 302
    assert set(person.posts.all()) == {keeper, typist}
    assert secadmin_client.post(url, {"posts": [typist.pk]}).status_code == 302
    assert list(person.posts.all()) == [typist]
    elsewhere = services.post_create(by=system_admin, unit=make_unit(), name="外单位岗位")
    assert secadmin_client.post(url, {"posts": [elsewhere.pk]}).status_code == 400


@pytest.mark.parametrize("who", ["system_admin", "auditor", "person"])
def test_only_the_security_admin_places_people(request, who, person):
    user = request.getfixturevalue(who)
    user = user.user if who == "person" else user
    client = sign_in(Client(), user)
    other = make_unit("别的局")
    response = client.post(f"/org/security/people/{person.pk}/placement/", {"unit": other.pk, "reason": "x"})
    assert response.status_code == 403
    assert Person.objects.get(pk=person.pk).unit_id != other.pk
