"""The second tier passes over title hits with `title_hit`: it must answer as the title index does."""

import itertools

from zhongshu.search.query import parse
from zhongshu.search.selectors import title_hit
from zhongshu.search.tokens import tokenize

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


def index_answer(title, query):
    """The title index's test, token set by token set, plus the verification: the definition."""
    tokens = set(tokenize(title).split())
    lowered = title.lower()
    for term in query.positive:
        for token in term.tokens:
            if token.prefix:
                if not any(have.startswith(token.text) for have in tokens):
                    return False
            elif token.text not in tokens:
                return False
        if term.verify is not None and term.verify not in (lowered if term.needs_lower else title):
            return False
    return True


def test_title_hit_answers_as_the_index_for_every_title_and_query():
    answers = set()
    for title, raw in itertools.product(TITLES, QUERIES):
        query = parse(raw)
        expected = index_answer(title, query)
        assert title_hit(title, query) is expected, (title, raw)
        answers.add(expected)
    assert answers == {True, False}  # the sample holds both answers
