"""Bad input: empty, huge, traditional, mixed scripts, control characters, astral-plane offsets."""

import pytest

from tests.proofreader.conftest import spans
from zhongshu.proofreader import MAX_CHARS, TextTooLong, check


def test_empty_and_whitespace():
    assert check("") == []
    assert check(" \n\t\u3000") == []


def test_offsets_count_code_points_across_astral_characters():
    text = "𠀀𠀁😀各乡镇要精心布署，确保完成。"
    [finding] = check(text)
    assert (finding.start, finding.end) == (9, 11)
    assert text[finding.start : finding.end] == "布署"


def test_astral_characters_inside_formulations_and_dates():
    text = "𪚥会议定于10月12号召开，学习习近平新时代中国特色社会主意思想。"
    assert [(s[0], s[2]) for s in spans(text)] == [
        ("号", "number.date_hao"),
        ("习近平新时代中国特色社会主意思想", "formulation.fuzzy"),
    ]


def test_traditional_characters_and_mixed_scripts_do_not_crash():
    assert check("堅持以習近平新時代中國特色社會主義思想為指導，認真貫徹落實。") == []
    assert check("The meeting 会议 was held in 2023年，参加人数 about 100 人。Привет мир") == []


def test_control_characters_do_not_break_offsets():
    text = "\x00\x07\x1b会议于10月12号召开\x7f"
    assert spans(text) == [("号", "number", "number.date_hao", "日")]


def test_text_over_the_limit_is_refused_clearly():
    with pytest.raises(TextTooLong, match=f"longer than the limit of {MAX_CHARS}"):
        check("会" * (MAX_CHARS + 1))


def test_a_long_document_is_checked_whole():
    paragraph = "各乡镇要精心布署，确保各项任务按时完成。坚持以习近平新时代中国特色社会主义思想为指导。\n"
    findings = check(paragraph * 2000)
    assert len(findings) == 2000
    assert all(f.rule_id == "typo.wrong_word" for f in findings)


def test_non_str_is_a_type_error():
    with pytest.raises(TypeError, match="decode bytes as UTF-8 first"):
        check("会议".encode())  # type: ignore[arg-type]
