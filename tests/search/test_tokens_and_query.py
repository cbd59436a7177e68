import pytest

from zhongshu.search.query import MAX_QUERY_CHARS, QueryError, Token, parse
from zhongshu.search.tokens import normalise, tokenize


def test_chinese_runs_become_bigrams_and_the_last_character():
    assert tokenize("城市建设") == "城市 市建 建设 设"
    assert tokenize("党") == "党"


def test_latin_and_digits_are_lower_cased_words_and_punctuation_splits_runs():
    assert tokenize("Hello, WORLD 2026年") == "hello world 2026 年"
    assert tokenize("防汛，抗旱") == "防汛 汛 抗旱 旱"


def test_full_width_forms_fold_to_half_width():
    assert tokenize(normalise("ＡＢＣ１２３")) == "abc123"


def test_two_character_word_is_one_exact_token_without_verification():
    (term,) = parse("防汛").terms
    assert term.tokens == (Token("防汛"),)
    assert term.verify is None


def test_one_character_is_a_prefix_query():
    (term,) = parse("城").terms
    assert term.tokens == (Token("城", prefix=True),)


def test_quoted_phrase_is_its_bigrams_plus_verification():
    (term,) = parse('"城市建设规划"').terms
    assert [token.text for token in term.tokens] == ["城市", "市建", "建设", "设规", "规划"]
    assert term.verify == "城市建设规划"


def test_chinese_quotes_work_like_ascii_quotes():
    (term,) = parse("“城市建设规划”").terms
    assert term.verify == "城市建设规划"


def test_unquoted_chinese_is_segmented_into_words_that_must_all_occur():
    texts = [term.text for term in parse("城市建设规划").terms]
    assert texts == ["城市", "建设", "规划"]


def test_prefix_and_exclusion():
    terms = parse("repo* -农村 防汛").terms
    assert terms[0].tokens == (Token("repo", prefix=True),)
    assert terms[1].negated and terms[1].text == "农村"
    assert not terms[2].negated


@pytest.mark.parametrize("raw", ["，。！？", "   ", "……——", '""', "*", "-"])
def test_punctuation_only_is_a_clear_error(raw):
    with pytest.raises(QueryError) as error:
        parse(raw)
    assert error.value.code == "empty_query"
    assert "请输入" in error.value.message


def test_only_exclusions_is_an_error():
    with pytest.raises(QueryError) as error:
        parse("-防汛")
    assert error.value.code == "empty_query"


@pytest.mark.parametrize("length", [MAX_QUERY_CHARS + 1, 10_000])
def test_too_long_is_a_clear_error(length):
    with pytest.raises(QueryError) as error:
        parse("防" * length)
    assert error.value.code == "query_too_long"
    assert str(length) in error.value.message


def test_two_hundred_characters_are_accepted():
    assert parse("防汛 " * 66 + "抗旱").terms
