"""The second tier passes over title hits with `title_hit`: it must answer as the title index does."""

import pytest
from django.db import connection

from zhongshu.search.backends import FTS, FTS_TITLE, backend, index_rows
from zhongshu.search.query import parse
from zhongshu.search.selectors import title_hit

TITLES = [
    "关于做好防汛抗旱工作的通知",
    "县委办公室关于OA系统2026年升级的通知",
    "防汛",
    "汛期值班安排（第二批）",
    "oa2026 升级说明",
    "关于印发《督查工作规则》的通知",
    "党委",
    "委员会工作报告",
    "boat 2026 road",  # "oa" is inside a word here, not a word: no hit
]
QUERIES = [
    "防汛",
    "防",
    "汛",
    "知",
    "防汛 通知",
    "抗旱工作",
    "oa",
    "OA 升级",
    "oa2026",
    "oa*",
    "20*",
    '"督查工作"',
    "委",
    "党委 委员",
    "员会",
    "工作 -通知",
    "值班 第二",
]


def title_index_hits(titles, query):
    """Which titles the real title index matches (and whose text holds each verified phrase): the
    definition `title_hit` must agree with."""
    sqlite = connection.vendor == "sqlite"
    sql, params = backend().match(query, title_only=True)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TITLE if sqlite else FTS} WHERE {sql}", params)
        matched = {rank for (rank,) in cursor.fetchall()}
    return {
        title
        for rank, title in enumerate(titles, start=1)
        if rank in matched
        and all(
            term.verify is None or term.verify in (title.lower() if term.needs_lower else title)
            for term in query.positive
        )
    }


@pytest.mark.django_db
def test_title_hit_answers_as_the_title_index_for_every_title_and_query():
    with connection.cursor() as cursor:
        backend().insert(
            cursor, index_rows((rank, title, "", "", "", "") for rank, title in enumerate(TITLES, 1))
        )
    answers = set()
    for raw in QUERIES:
        query = parse(raw)
        found = title_index_hits(TITLES, query)
        for title in TITLES:
            assert title_hit(title, query) is (title in found), (title, raw)
            answers.add(title in found)
    assert answers == {True, False}  # the sample holds both answers
