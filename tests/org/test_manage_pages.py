"""The system administrator's organisation pages (/org/manage/)."""

import pytest
from django.test import Client

from zhongshu.audit.models import AuditEvent
from zhongshu.org.models import Department, Person, Unit
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_user


@pytest.fixture
def admin_client(system_admin):
    return sign_in(Client(), system_admin)


@pytest.mark.parametrize("who", ["security_admin", "auditor"])
def test_only_the_system_admin_manages_the_organisation(request, who, unit):
    client = sign_in(Client(), request.getfixturevalue(who))
    for url in (
        "/org/manage/",
        "/org/manage/units/new/",
        f"/org/manage/units/{unit.pk}/",
        "/org/manage/people/new/",
    ):
        assert client.get(url).status_code == 403


def test_a_business_person_is_refused(person):
    assert sign_in(Client(), person.user).get("/org/manage/").status_code == 403


def test_creating_a_unit_then_a_department(admin_client):
    response = admin_client.post(
        "/org/manage/units/new/",
        {
            "name": "示例县审计局",
            "short_name": "审计局",
            "code": "SJ",
            "agency_code": "县审发",
            "kind": "bureau",
            "sort_order": 5,
            "duties": "负责审计监督",
        },
    )
    unit = Unit.objects.get(code="SJ")
    assert response.status_code == 302 and response["Location"] == f"/org/manage/units/{unit.pk}/"
    assert unit.name_initials == "slxsjj sjj"

    admin_client.post(
        f"/org/manage/units/{unit.pk}/departments/new/",
        {"name": "办公室", "code": "BGS", "sort_order": 1, "duties": "负责文电", "phone": "0799-1"},
    )
    assert Department.objects.get(unit=unit).name == "办公室"
    page = admin_client.get(f"/org/manage/units/{unit.pk}/").content.decode()
    assert "办公室" in page and "县审发" in page


def test_a_duplicate_code_shows_the_service_message_on_the_field(admin_client, unit):
    response = admin_client.post(
        "/org/manage/units/new/", {"name": "新单位", "code": unit.code, "kind": "bureau", "sort_order": 0}
    )
    assert response.status_code == 200
    assert f"单位代码“{unit.code}”已存在" in response.content.decode()


def test_assigning_a_person_to_an_existing_account_by_username(admin_client, unit):
    account = make_user("lisi")
    response = admin_client.post(
        "/org/manage/people/new/",
        {"username": "lisi", "name": "李四", "unit": unit.pk, "title": "科员", "sort_order": 0},
    )

    assert response.status_code == 302
    person = Person.objects.get(user=account)
    assert (person.name, person.unit, person.clearance) == ("李四", unit, 0)
    assert AuditEvent.objects.filter(action="person.create", actor_name="sysadmin").exists()


def test_the_person_form_has_no_clearance_field(admin_client, person):
    page = admin_client.get(f"/org/manage/people/{person.pk}/").content.decode()
    assert 'name="title"' in page and "clearance" not in page and "涉密等级" not in page


def test_editing_a_person(admin_client, person):
    other = Unit.objects.create(name="别的局", code="BDJ")
    page = admin_client.get(f"/org/manage/people/{person.pk}/").content.decode()
    # Unit, department and leader standing decide what a person may see: not on the system admin's form.
    assert 'name="unit"' not in page and 'name="is_leader"' not in page
    admin_client.post(
        f"/org/manage/people/{person.pk}/",
        {
            "name": "张三",
            "unit": other.pk,
            "title": "副科长",
            "sort_order": 0,
            "is_leader": "on",
            "leader_rank": 9,
        },
    )
    person.refresh_from_db()
    assert (person.title, person.unit_id, person.is_leader, person.leader_rank) == (
        "副科长",
        Unit.objects.get(name="测试局").pk,
        False,
        None,
    )


def test_finding_people(admin_client, person):
    assert "张三" in admin_client.get("/org/manage/people/", {"q": "zs"}).content.decode()
