"""What an office's staff expect of the section's pages: tabs with the current one marked, pages that keep
their filters, empty lists that say what to do, refusals in Chinese."""

import re

import pytest

from zhongshu.base.roles import Role
from zhongshu.materials.models import KeySentence, Material, Problem
from zhongshu.testing import factories

TABS = re.compile(r'<nav class="toolbar materials-nav" aria-label="素材库栏目">(.*?)</nav>', re.S)


def _material(clerk, n, **fields):
    return Material.objects.create(
        title=f"素材{n:03d}",
        material_type=fields.pop("material_type", "speech"),
        text=f"第{n}篇正文。",
        content_hash=f"hash-{n}",
        created_by=clerk.user,
        owner_person=clerk,
        owner_unit=clerk.unit,
        **fields,
    )


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/materials/", "资料库"),
        ("/materials/upload/", "上传素材"),
        ("/materials/bulk/", "批量导入"),
        ("/materials/key-sentences/", "金句"),
        ("/materials/problems/", "问题库"),
    ],
)
def test_every_page_shows_the_tabs_with_its_own_marked(signed_in, url, current):
    tabs = TABS.findall(signed_in.get(url).content.decode())
    assert len(tabs) == 1
    marked = re.findall(r'aria-current="page">([^<]+)</a>', tabs[0])
    assert marked == [current]
    assert "/search/?kind=material" in tabs[0]


def test_the_library_pages_keep_their_filters(signed_in, clerk):
    from zhongshu.materials.models import Tag

    tag = Tag.objects.create(name="讲话稿")
    for n in range(51):
        _material(clerk, n).tags.add(tag)
    _material(clerk, 99, material_type="case")
    page = signed_in.get("/materials/?type=speech&tag=讲话稿").content.decode()
    assert page.count('data-material="') == 50
    assert "第1/2页，共51篇" in page
    assert 'href="?type=speech&amp;tag=%E8%AE%B2%E8%AF%9D%E7%A8%BF&amp;page=2"' in page
    second = signed_in.get("/materials/?type=speech&tag=讲话稿&page=2").content.decode()
    assert second.count('data-material="') == 1 and "素材099" not in second


def test_the_key_sentences_page_is_paged(signed_in, clerk):
    material = _material(clerk, 1)
    KeySentence.objects.bulk_create(
        KeySentence(material=material, text=f"第{n}句金句，要抓落实。", score=3 - n / 1000)
        for n in range(101)
    )
    page = signed_in.get("/materials/key-sentences/?type=speech").content.decode()
    assert page.count('data-copy="') == 100 and "第1/2页，共101句" in page
    assert 'href="?type=speech&amp;page=2"' in page
    assert (
        signed_in.get("/materials/key-sentences/?type=speech&page=2").content.decode().count('data-copy="')
        == 1
    )


def test_the_problem_bank_pages_each_list_and_offers_a_status_change_only_where_allowed(
    signed_in, clerk, unit
):
    other = factories.make_person(unit=factories.make_unit("县政府办公室"), roles=(Role.CLERK,))
    for n in range(50):
        Problem.objects.create(
            problem=f"问题{n}", found_on="2026-01-05", created_by=clerk.user, owner_person=clerk
        )
    theirs = Problem.objects.create(
        problem="别的单位的问题", found_on="2026-01-06", created_by=other.user, owner_person=other
    )
    page = signed_in.get("/materials/problems/").content.decode()
    assert "第1/2页，共51项" in page and 'href="?rpage=2"' in page
    assert "别的单位的问题" in page
    assert f"/materials/problems/{theirs.pk}/status/" not in page
    assert page.count('name="status"') == 49  # the other unit's row shows its status as text
    second = signed_in.get("/materials/problems/?rpage=2").content.decode()
    assert "<td>问题0</td>" in second and "<td>问题1</td>" not in second


def test_empty_lists_say_what_to_do(signed_in):
    library = signed_in.get("/materials/").content.decode()
    assert "素材库中还没有素材。可以" in library and 'href="/materials/bulk/"' in library
    filtered = signed_in.get("/materials/?type=case").content.decode()
    assert "没有符合筛选条件的素材" in filtered and "清除筛选" in filtered
    sentences = signed_in.get("/materials/key-sentences/").content.decode()
    assert "还没有金句" in sentences
    assert "您还没有收藏金句" in signed_in.get("/materials/key-sentences/?pinned=1").content.decode()


def test_refusals_and_missing_records_are_chinese_pages(client, signed_in, unit):
    missing = signed_in.get("/materials/999999/")
    assert missing.status_code == 404 and "记录不存在或无权访问" in missing.content.decode()
    assert "<h1>Not Found</h1>" not in missing.content.decode()
    liaison = factories.make_person(unit=unit, roles=(Role.LIAISON,))
    client.force_login(liaison.user)
    refused = client.get("/materials/key-sentences/")
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "无权使用素材库" in body and "403 Forbidden" not in body and 'href="/"' in body
