"""The statistical layer's word-level check: characters inside a jieba word are questioned too, each
suggestion carries a confidence, and clean official sentences stay silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zhongshu.proofreader import check, cli
from zhongshu.proofreader.statistical.confusion import near_sound_key
from zhongshu.proofreader.statistical.detector import _forms_word, confusions
from zhongshu.proofreader.statistical.words import WordIndex, window_proposals


def statistical(text: str) -> list[tuple[str, str | None, float | None]]:
    return [
        (text[f.start : f.end], f.suggestion, f.confidence)
        for f in check(text, statistical=True)
        if f.rule_id == "typo.statistical"
    ]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("要进一步完善体制机智，推进改革。", "智", "制"),  # 机智 is a word; the context asks for 机制
        ("总休上看，经济运行稳中向好。", "休", "体"),
    ],
)
def test_a_typo_inside_a_word_is_corrected(text: str, wrong: str, right: str) -> None:
    found = statistical(text)
    assert [(w, s) for w, s, _ in found] == [(wrong, right)]


@pytest.mark.parametrize(
    "text",
    [
        "要进一步完善体制机制，推进改革。",
        "总体上看，经济运行稳中向好。",
        "开展专项巡察，压实管党治党政治责任。",
        "他处理突发情况十分机智。",
    ],
)
def test_clean_sentences_stay_silent(text: str) -> None:
    assert statistical(text) == []


def test_every_statistical_suggestion_carries_a_confidence_and_rules_do_not() -> None:
    findings = check("要进一步完善体制机智，推进改革，坚持实是求是。", statistical=True)
    mine = [f for f in findings if f.rule_id == "typo.statistical"]
    rules = [f for f in findings if f.rule_id != "typo.statistical"]
    assert mine and rules
    assert all(f.confidence is not None and 0.0 <= f.confidence <= 1.0 for f in mine)
    assert all(f.confidence is None and "confidence" not in f.to_dict() for f in rules)
    assert all("confidence" in f.to_dict() for f in mine)


def test_near_sounds_merge_the_confused_initials_and_finals() -> None:
    assert near_sound_key("zhang1") == near_sound_key("zan4") == "zan"
    assert near_sound_key("ling2") == near_sound_key("nin3")
    assert near_sound_key("shi4") == near_sound_key("si3") == "si"
    assert "制" in confusions().confusable("智")


def test_a_window_one_character_from_a_frequent_word_proposes_it_unless_the_window_is_as_common() -> None:
    index = WordIndex({"机制": 5000, "机智": 3, "制度": 4000, "制定": 3000}, frequent=40)
    kinds = {"智": {"制": "sound"}, "定": {"度": "sound"}}

    def kind(char: str, word: str, position: int) -> str | None:
        return kinds.get(char, {}).get(word[position])

    def possible(char: str) -> frozenset[str]:
        return frozenset(kinds.get(char, {}))

    assert window_proposals("机智", index, possible, kind, ratio=10.0) == ((1, "制", "sound", True),)
    # 制定 is itself frequent: 制度 is not ten times as common, so nothing is proposed.
    assert window_proposals("制定", index, possible, kind, ratio=10.0) == ()


def test_a_candidate_counts_by_the_reading_it_has_in_the_word() -> None:
    sets = confusions()
    assert sets.kind_in_word("条", "协调", 1) == "sound"  # 调 reads tiao2 here, though diao4 comes first
    assert sets.kind_in_word("县", "我省", 1) is None  # 省's rare reading xian3 is not its reading here


def test_the_cli_json_carries_confidence_for_statistical_findings_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "draft.txt"
    source.write_text("要进一步完善体制机智，推进改革，坚持实是求是。", encoding="utf-8")
    cli.main(["--format", "json", str(source)])
    findings = json.loads(capsys.readouterr().out)["findings"]
    statistical_records = [f for f in findings if f["rule_id"] == "typo.statistical"]
    rule_records = [f for f in findings if f["rule_id"] != "typo.statistical"]
    assert statistical_records and rule_records
    assert all(0.0 <= f["confidence"] <= 1.0 for f in statistical_records)
    assert all("confidence" not in f for f in rule_records)


def test_a_very_common_character_is_questioned_inside_a_word_with_a_higher_margin() -> None:
    # 还 stands alone in jieba's segmentation and is never questioned as a lone character; the word
    # check sees 环境.
    assert [(w, s) for w, s, _ in statistical("持续优化营商还境。")] == [("还", "环")]
    assert statistical("持续优化营商环境，还要加大力度。") == []


def test_a_lone_characters_candidate_must_make_a_word_unless_it_is_a_common_word_itself() -> None:
    assert _forms_word("加强组织令导", 4, "领")  # 领导
    assert not _forms_word("加强组织令导", 4, "岭")
    assert _forms_word("培训载县委", 2, "在")  # 在 is a word by itself
