"""The supervision section's tabs: 督查台账 · 挂图督查 · 整改问题清单 (· 督办阈值 for the office director) on each
of its pages, so the problem lists are one click away wherever one is in the section."""

import re

import pytest

from zhongshu.supervision import services
from zhongshu.testing.access import sign_in

TABS = re.compile(r'<nav class="section-tabs" aria-label="督查督办栏目">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)" data-tab="([a-z]+)"( aria-current="page")?>([^<]+)</a>')


def tabs_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    found = TABS.findall(response.content.decode())
    assert len(found) == 1, f"{url}: {len(found)} tab bars"
    return [(href, label, bool(current)) for href, _key, current, label in LINK.findall(found[0])]


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/supervision/", "督查台账"),
        ("/supervision/wall/", "挂图督查"),
        ("/supervision/problem-lists/", "整改问题清单"),
        ("/supervision/problem-lists/new/", "整改问题清单"),
        ("/supervision/thresholds/", "督办阈值"),
    ],
)
def test_every_section_page_shows_the_tabs_with_its_own_marked(county, client, url, current):
    sign_in(client, county.director.user)
    tabs = tabs_of(client, url)
    assert tabs == [
        ("/supervision/", "督查台账", current == "督查台账"),
        ("/supervision/wall/", "挂图督查", current == "挂图督查"),
        ("/supervision/problem-lists/", "整改问题清单", current == "整改问题清单"),
        ("/supervision/thresholds/", "督办阈值", current == "督办阈值"),
    ]


def test_a_liaison_reaches_the_problem_lists_from_the_tabs_but_not_the_thresholds(county, client):
    problem_list = services.problem_list_submit(
        by=county.supervisor.user,
        title="专项督查反馈问题",
        problems=[
            {
                "problem": "校舍隐患排查不彻底",
                "measure": "全面复查",
                "unit": county.bureau,
                "deadline_workdays": 10,
            }
        ],
    )
    sign_in(client, county.liaison.user)
    tabs = tabs_of(client, "/supervision/")
    assert [label for _, label, _ in tabs] == ["督查台账", "挂图督查", "整改问题清单"]
    href = dict((label, href) for href, label, _ in tabs)["整改问题清单"]
    listing = client.get(href).content.decode()
    assert f'href="/supervision/problem-lists/{problem_list.pk}/"' in listing
    assert tabs_of(client, f"/supervision/problem-lists/{problem_list.pk}/")[2] == (
        href,
        "整改问题清单",
        True,
    )


def test_no_tabs_for_who_may_not_use_supervision(county, client):
    from zhongshu.testing.factories import make_person

    clerk = make_person("文书", unit=county.office)
    sign_in(client, clerk.user)
    assert client.get("/supervision/problem-lists/").status_code == 403
