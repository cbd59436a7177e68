"""The directory (通讯录): who may read it, search by name and pinyin, leader order, htmx partials."""

import pytest
from django.test import Client

from zhongshu.base.levels import Clearance
from zhongshu.org.models import UnitKind
from zhongshu.org.selectors import directory_search, unit_tree
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_department, make_person, make_unit


@pytest.fixture
def county(db):
    party = make_unit("中共示例县委员会", kind=UnitKind.PARTY_COMMITTEE, short_name="县委", sort_order=1)
    office = make_unit("中共示例县委办公室", parent=party, short_name="县委办", sort_order=2)
    bureau = make_unit("示例县信访局", short_name="信访局", sort_order=3, duties="负责受理群众来信来访")
    inspection = make_department(office, "督查室")
    inspection.duties = "负责督查督办"
    inspection.phone = "0799-6200101"
    inspection.save()
    make_person("张三", unit=office, department=inspection, title="科员", office_phone="0799-6200102")
    make_person("李四", unit=office, is_leader=True, leader_rank=2, title="副主任")
    make_person("王五", unit=office, is_leader=True, leader_rank=1, title="主任")
    make_person("赵六", unit=office, title="科员")
    return {"party": party, "office": office, "bureau": bureau}


def test_search_by_initials_full_pinyin_and_characters(county, system_admin):
    assert [p.name for p in directory_search("zs", system_admin).people] == ["张三"]
    assert [u.name for u in directory_search("xfj", system_admin).units] == ["示例县信访局"]
    assert [p.name for p in directory_search("zhangsan", system_admin).people] == ["张三"]
    assert [d.name for d in directory_search("督查", system_admin).departments] == ["督查室"]
    assert directory_search("  ", system_admin).empty


def test_the_unit_tree_nests_children(county, system_admin):
    roots = unit_tree(system_admin)
    party = next(node for node in roots if node.unit == county["party"])
    assert [child.unit for child in party.children] == [county["office"]]


def test_business_people_and_two_administrators_read_the_directory_but_not_the_auditor(
    county, system_admin, security_admin, auditor
):
    reader = make_person("孙七", unit=county["bureau"])
    for user in (reader.user, system_admin, security_admin):
        assert sign_in(Client(), user).get("/org/").status_code == 200
    assert sign_in(Client(), auditor).get("/org/").status_code == 403
    assert sign_in(Client(), auditor).get(f"/org/units/{county['office'].pk}/").status_code == 403
    assert Client().get("/org/").status_code == 302


def test_the_unit_page_lists_duties_phones_and_leaders_in_rank_order(county):
    reader = make_person("孙七", unit=county["bureau"])
    page = sign_in(Client(), reader.user).get(f"/org/units/{county['office'].pk}/").content.decode()

    assert "负责督查督办" in page and "0799-6200101" in page and "0799-6200102" in page
    assert page.index("王五") < page.index("李四") < page.index("赵六")


def test_a_search_without_htmx_renders_the_whole_page_and_with_htmx_only_the_results(county):
    client = sign_in(Client(), make_person("孙七", unit=county["bureau"]).user)

    full = client.get("/org/", {"q": "zs"})
    partial = client.get("/org/", {"q": "zs"}, headers={"HX-Request": "true"})

    assert "<html" in full.content.decode() and "张三" in full.content.decode()
    body = partial.content.decode()
    assert "<html" not in body and body.lstrip().startswith('<div id="directory-results"') and "张三" in body
    assert "HX-Request" in partial["Vary"]


def test_the_search_box_asks_for_live_results(county):
    page = sign_in(Client(), make_person("孙七", unit=county["bureau"]).user).get("/org/").content.decode()
    assert 'hx-get="/org/"' in page and 'hx-trigger="keyup changed delay:300ms, search"' in page
    assert 'method="get" action="/org/"' in page


def test_nothing_matches_says_so(county):
    client = sign_in(Client(), make_person("孙七", unit=county["bureau"]).user)
    assert "没有找到与“qqq”相关的单位、处室或人员。" in client.get("/org/", {"q": "qqq"}).content.decode()


def test_a_person_sees_their_own_clearance_on_their_card(county):
    me = make_person("周八", unit=county["bureau"], clearance=Clearance.ORDINARY)
    client = sign_in(Client(), me.user)

    response = client.get("/org/me/")
    assert response.status_code == 302 and response["Location"] == f"/org/people/{me.pk}/"
    assert '<dd data-field="clearance">一般</dd>' in client.get(f"/org/people/{me.pk}/").content.decode()


def test_an_administrator_has_no_card(system_admin):
    response = sign_in(Client(), system_admin).get("/org/me/")
    assert response.status_code == 404 and "本账号未对应人员" in response.content.decode()


def test_a_retired_unit_is_hidden_from_business_people_but_not_from_the_system_admin(county, system_admin):
    county["bureau"].is_active = False
    county["bureau"].save()
    reader = make_person("孙七", unit=county["party"])

    assert sign_in(Client(), reader.user).get(f"/org/units/{county['bureau'].pk}/").status_code == 404
    assert sign_in(Client(), system_admin).get(f"/org/units/{county['bureau'].pk}/").status_code == 200


def test_the_navigation_offers_the_directory_to_readers_only(county, auditor, system_admin, security_admin):
    reader = make_person("孙七", unit=county["bureau"])
    assert '<a href="/org/"' in sign_in(Client(), reader.user).get("/org/").content.decode()
    sysadmin_page = sign_in(Client(), system_admin).get("/org/").content.decode()
    assert '<a href="/org/manage/"' in sysadmin_page and '<a href="/org/security/"' not in sysadmin_page
    secadmin_page = sign_in(Client(), security_admin).get("/org/").content.decode()
    assert '<a href="/org/security/"' in secadmin_page and '<a href="/org/manage/"' not in secadmin_page
    # The auditor's own pages carry the shell too; whatever page it is, the directory is not offered.
    assert '<a href="/org/"' not in sign_in(Client(), auditor).get("/", follow=True).content.decode()
