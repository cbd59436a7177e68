"""The organisation API (/api/org)."""

import pytest
from django.test import Client

from zhongshu.base.levels import Clearance
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_department, make_person, make_unit


@pytest.fixture
def office(db):
    parent = make_unit("县委", sort_order=1)
    office = make_unit("县委办", parent=parent, sort_order=2, agency_code="县委办发")
    department = make_department(office, "机要科", "JYK")
    make_person("单田芳", unit=office, department=department, title="科长", clearance=Clearance.IMPORTANT)
    return office


def test_the_unit_tree(office, system_admin):
    data = sign_in(Client(), system_admin).get("/api/org/units").json()
    root = next(node for node in data if node["name"] == "县委")
    assert [(child["name"], child["agency_code"]) for child in root["children"]] == [("县委办", "县委办发")]


def test_a_unit_with_departments_and_people_without_clearance(office, person):
    data = sign_in(Client(), person.user).get(f"/api/org/units/{office.pk}").json()
    assert [d["name"] for d in data["departments"]] == ["机要科"]
    assert [(p["name"], p["title"]) for p in data["people"]] == [("单田芳", "科长")]
    assert "clearance" not in data["people"][0]


def test_search_by_initials_shows_clearance_to_the_security_admin_only(office, person, security_admin):
    ordinary = sign_in(Client(), person.user).get("/api/org/people", {"q": "stf"}).json()
    security = sign_in(Client(), security_admin).get("/api/org/people", {"q": "stf"}).json()

    assert [p["name"] for p in ordinary] == ["单田芳"] and "clearance" not in ordinary[0]
    assert (security[0]["clearance"], security[0]["clearance_label"]) == (2, "重要")


def test_me_shows_my_own_clearance(person):
    data = sign_in(Client(), person.user).get("/api/org/me").json()
    assert (data["name"], data["clearance_label"]) == ("张三", "非涉密")


def test_me_for_an_administrator_is_not_found(system_admin):
    response = sign_in(Client(), system_admin).get("/api/org/me")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "记录不存在或无权访问"}


def test_the_auditor_is_refused_and_the_anonymous_must_sign_in(office, auditor):
    refused = sign_in(Client(), auditor).get("/api/org/units")
    assert (refused.status_code, refused.json()) == (403, {"code": "forbidden", "message": "无权查看通讯录"})
    assert Client().get("/api/org/units").status_code == 401


def test_a_missing_person_is_not_found(person):
    response = sign_in(Client(), person.user).get("/api/org/people/999999")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
