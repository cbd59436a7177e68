"""The bulk tokeniser (`index_text`) yields exactly the token set of `tokenize`, which the query side uses."""

import random

import pytest

from zhongshu.search.backends import index_rows
from zhongshu.search.tokens import index_text, normalise, tokenize

# Ideographs at the edges of each range the tokeniser counts (extension A, unified, compatibility), the
# characters just outside them, punctuation, Latin that lower-cases to two characters (İ), underscores,
# full-width forms, an astral ideograph and an emoji (neither counted), line breaks.
ALPHABET = (
    "城市建设规划党政防汛抗旱，。、；“”（） \t\n abcXYZ_019-ＡＢ１İß"
    "\u3400\u4dbf\u4dc0\u33ff\u4e00\u9fff\ua000\uf900\ufaff\ufb00\U00020000😀"
)


def tokens(text):
    return set(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "",
        "党",
        "城市建设",
        "防汛，抗旱",
        "Hello, WORLD 2026年",
        "，。！",
        "abc",
        "年2026年",
        "a城b市c",
        "城 市",
    ],
)
def test_the_same_tokens_as_tokenize_on_the_documented_cases(text):
    assert tokens(index_text(text)) == tokens(tokenize(text))


def test_the_same_tokens_as_tokenize_on_random_text_over_every_edge():
    rng = random.Random(2026)
    for _ in range(20_000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
        assert tokens(index_text(text)) == tokens(tokenize(text)), text


def test_a_chinese_run_yields_its_bigrams_and_last_character_and_nothing_across_punctuation():
    assert tokens(index_text("城市建设，防汛")) == {"城市", "市建", "建设", "设", "防汛", "汛"}
    assert tokens(index_text(normalise("ＯＡ系统"))) == {"oa", "系统", "统"}


def test_index_rows_keep_title_tokens_apart_and_no_bigram_spans_title_and_body():
    ((rank, title, everything),) = index_rows([(7, "防汛通知", "抗旱", "", "", "")])
    assert rank == 7
    assert title == tokenize("防汛通知")
    assert tokens(everything) == tokens(tokenize("防汛通知")) | tokens(tokenize("抗旱"))
    assert "知抗" not in tokens(everything)


def test_index_rows_put_the_access_keys_in_both_parts_marked_apart_from_any_word():
    ((_, title, everything),) = index_rows([(7, "防汛通知", "open p12 抗旱", "u3 g40t9", "", "")])
    assert {"§u3", "§g40t9"} <= tokens(title)
    assert {"§u3", "§g40t9"} <= tokens(everything)
    # The body's own "p12" and "open" stay words, never keys.
    assert {"p12", "open"} <= tokens(everything)
    assert not {"§p12", "§open"} & tokens(everything)
