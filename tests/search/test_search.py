"""Finding: short queries, phrases, ranking, filters and snippets, on real documents through the signals."""

from datetime import UTC, datetime

import pytest

from zhongshu.base.levels import Classification, Clearance
from zhongshu.search.selectors import SearchFilters, highlight, search, snippet

pytestmark = pytest.mark.django_db


def titles(user, raw, **filters):
    return [hit.entry.title for hit in search(user, raw, SearchFilters(**filters)).hits]


def test_one_and_two_character_queries_are_never_wrongly_empty(make_document, clerk):
    body = "县委召开常委会议，研究部署防汛抗旱、安全生产和乡村振兴工作。"
    make_document(title="会议纪要", body=body)
    runs = ["县委召开常委会议", "研究部署防汛抗旱", "安全生产和乡村振兴工作"]
    probes = {ch for run in runs for ch in run} | {
        run[i : i + 2] for run in runs for i in range(len(run) - 1)
    }
    empty = [probe for probe in sorted(probes) if search(clerk.user, probe).count == 0]
    assert empty == []


def test_text_that_does_not_occur_finds_nothing(make_document, clerk):
    make_document(title="会议纪要", body="研究部署防汛抗旱工作。")
    assert search(clerk.user, "汛抗旱工作安").count == 0
    assert search(clerk.user, "鑫").count == 0


def test_a_phrase_needs_adjacency_not_just_its_bigrams(make_document, clerk):
    # Every bigram of 城市建设 occurs in the second body, but never the phrase itself.
    make_document(title="甲", body="推进城市建设。")
    make_document(title="乙", body="城市里，市建部门搞建设。")
    assert titles(clerk.user, '"城市建设"') == ["甲"]


def test_unquoted_words_must_all_occur_anywhere(make_document, clerk):
    make_document(title="甲", body="城市管理和乡村建设。")
    make_document(title="乙", body="城市管理。")
    assert titles(clerk.user, "城市建设") == ["甲"]


def test_exclusion(make_document, clerk):
    make_document(title="甲", body="防汛工作，农村地区。")
    make_document(title="乙", body="防汛工作，城区。")
    assert titles(clerk.user, "防汛 -农村") == ["乙"]


def test_latin_words_and_full_width_input(make_document, clerk):
    make_document(title="关于启用OA系统的通知", body="请登录 Zhongshu 平台。")
    assert titles(clerk.user, "ｏａ") == ["关于启用OA系统的通知"]
    assert titles(clerk.user, "zhong*") == ["关于启用OA系统的通知"]
    assert titles(clerk.user, "zhong") == []


def test_title_hits_come_before_body_hits_and_newer_before_older(make_document, clerk):
    def at(year, month):
        return datetime(year, month, 1, 9, tzinfo=UTC)

    make_document(title="正文提到（新）", body="防汛抗旱", registered_at=at(2026, 5))
    make_document(title="防汛通知（旧）", body="无", registered_at=at(2024, 3))
    make_document(title="防汛通知（新）", body="无", registered_at=at(2026, 4))
    make_document(title="正文提到（旧）", body="防汛", registered_at=at(2023, 1))
    assert titles(clerk.user, "防汛") == [
        "防汛通知（新）",
        "防汛通知（旧）",
        "正文提到（新）",
        "正文提到（旧）",
    ]


def test_paging_crosses_from_title_hits_to_body_hits(make_document, clerk):
    for i in range(25):
        make_document(title=f"防汛通知{i}", body="无")
    for i in range(10):
        make_document(title=f"其他{i}", body="防汛")
    first = search(clerk.user, "防汛", page=1)
    second = search(clerk.user, "防汛", page=2)
    assert first.count == 35 and first.has_next and not second.has_next
    assert all(hit.title_hit for hit in first.hits)
    assert [hit.title_hit for hit in second.hits] == [True] * 5 + [False] * 10
    seen = [hit.entry.pk for hit in first.hits + second.hits]
    assert len(set(seen)) == 35


def test_filters_by_kind_year_unit_and_classification(make_document, clerk, office):
    from zhongshu.testing.factories import make_unit

    other = make_unit("教育局")
    make_document(title="防汛甲", registered_at=datetime(2025, 6, 1, tzinfo=UTC))
    make_document(title="防汛乙", owner_unit=other, classification=Classification.PUBLIC)
    assert titles(clerk.user, "防汛", year=2025) == ["防汛甲"]
    assert titles(clerk.user, "防汛", unit_id=other.pk) == ["防汛乙"]
    assert titles(clerk.user, "防汛", classification=Classification.PUBLIC) == ["防汛乙"]
    assert titles(clerk.user, "防汛", kind="supervision_item") == []
    assert len(titles(clerk.user, "防汛", kind="document")) == 2


def test_count_is_capped(make_document, clerk, monkeypatch):
    from zhongshu.search import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for i in range(5):
        make_document(title=f"防汛{i}")
    page = search(clerk.user, "防汛")
    assert (page.count, page.capped) == (3, True)


def test_snippets_mark_hits_and_escape_html():
    assert highlight("<b>防汛</b>", ["防汛"]) == "&lt;b&gt;<mark>防汛</mark>&lt;/b&gt;"
    text = "开头" + "无关内容" * 30 + "做好防汛工作" + "其他" * 40
    cut = snippet(text, ["防汛"])
    assert "<mark>防汛</mark>" in cut and cut.startswith("…") and cut.endswith("…")


def test_drafts_are_not_indexed(make_document, clerk):
    from zhongshu.documents.states import DocState

    make_document(title="防汛草稿", state=DocState.DRAFT)
    assert search(clerk.user, "防汛").count == 0


def test_secret_and_above_show_no_snippet_until_opened(make_document, clerk):
    from zhongshu.testing.factories import make_person

    reader = make_person("重要人员", unit=clerk.unit, clearance=Clearance.IMPORTANT)
    make_document(title="防汛方案", body="秘密内容：防汛值班", classification=Classification.CONFIDENTIAL)
    make_document(title="防汛预案", body="机密内容：防汛物资", classification=Classification.SECRET)
    hits = {hit.entry.title: hit for hit in search(reader.user, "防汛").hits}
    assert "<mark>防汛</mark>" in hits["防汛方案"].snippet_html
    assert hits["防汛预案"].snippet_html == "" and "<mark>防汛</mark>" in hits["防汛预案"].title_html
