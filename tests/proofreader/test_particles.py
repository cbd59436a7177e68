"""的/地/得: each direction flagged, the clean uses silent, and the evaluation set they are measured on."""

from __future__ import annotations

import pytest

from zhongshu.proofreader import check
from zhongshu.proofreader.bench import de_di_de_figures
from zhongshu.proofreader.evalsets import particle_cases, particle_positions
from zhongshu.proofreader.rules.particle_counts import count, rows
from zhongshu.proofreader.rules.particles import RULE_IDS


def particle_findings(text: str) -> list[tuple[str, str | None, str]]:
    """(flagged character, suggestion, severity) of the 的/地/得 findings of the whole engine."""
    return [(text[f.start], f.suggestion, f.severity) for f in check(text) if f.rule_id in RULE_IDS]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 地 where 的 belongs: before a noun, at a clause's end (的字结构).
        ("这里有美丽地风景。", [("地", "的", "error")]),
        ("党地建设是根本保证。", [("地", "的", "warning")]),
        ("弄虚作假地，一律取消资格。", [("地", "的", "warning")]),
        # 得 where 的 belongs: after a pronoun or noun before a noun, at a clause's end.
        ("我们得任务是把工作做实。", [("得", "的", "error")]),
        ("各单位得负责同志参加会议。", [("得", "的", "error")]),
        ("对造成严重后果得，依法追究责任。", [("得", "的", "error")]),
        ("认真研究党中央地决策部署。", [("地", "的", "error")]),
    ],
)
def test_di_or_dei_written_where_de_belongs(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert particle_findings(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各地要不断的推进改革。", [("的", "地", "error")]),
        ("同志们认认真真的完成了任务。", [("的", "地", "error")]),
        ("工作有条不紊的进行。", [("的", "地", "warning")]),
        ("要有针对性的开展调研。", [("的", "地", "warning")]),
        # jieba tags 坚定不移 an idiom; correct prose writes it before 地 nine times in ten.
        ("我们要坚定不移的走中国特色社会主义道路。", [("的", "地", "warning")]),
    ],
)
def test_de_written_where_di_belongs(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert particle_findings(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年的各项工作做的很扎实。", [("的", "得", "error")]),
        ("工作做的扎实。", [("的", "得", "warning")]),
        ("问题研究的还不够深入。", [("的", "得", "warning")]),
        ("关键时刻站的出来。", [("的", "得", "warning")]),
    ],
)
def test_de_written_where_dei_belongs(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert particle_findings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "我们得抓紧时间，把工作做好。",  # the modal děi
        "他的意见很重要。",
        "这是我们的目的地。",
        "的确如此。",
        "地方各级人民政府负责本行政区域的工作。",
        "只有得到群众认可，才算取得实效。",
        "要懂得感恩，值得肯定。",
        "要认真的学习态度。",  # 的 + verb + head noun is a noun phrase
        "要保持坚决的维护定力和能力。",
        "各地区各部门要认真落实。",
        "大力推进耕地地力提升。",  # 地力 is a noun
        "以招标、拍卖、挂牌方式供地。",  # 地 the land
        "一块地。",
        "学得深、悟得透、做得实。",
        "他们要把工作干得更好。",
        "要积极稳妥地推进改革。",
        "相同的是责任，体会最深的有四个字。",
        "牢固树立默默无闻的奉献精神。",
        "形成有分析、有见地、有重要参考价值的报告。",
        "助力企业最大程度地减少损失。",
        # Words jieba tags as nouns that correct prose writes with 地 (the neighbour counts know them).
        "要有计划地开展残疾预防工作。",
        "结果通知办案地公安机关。",
        "不能机械地要求基层报送材料。",
        "革命老区是“解放战争转折地”。",
        "确保各级档案“收得齐”。",
        "顺利地、健康地推进改革。",
    ],
)
def test_right_particles_stay_silent(text: str) -> None:
    assert particle_findings(text) == []


SENTENCES = [
    "各级党组织要认真地学习贯彻全会精神。",
    "这是一项长期的任务。",
    "工作做得扎实，群众满意。",
    "我们的目标是建设美丽的家园。",
    "要把好事办好、实事办实。",
    "他积极地参加了各项活动。",
    "各部门的负责同志出席会议。",
    "经济社会的发展取得了新成效。",
]


def test_evalset_swaps_one_particle_and_keeps_the_original_as_answer() -> None:
    cases = particle_cases(SENTENCES, seed=3)
    assert cases
    for case in cases:
        assert case.answer in SENTENCES
        assert case.text[case.position] == case.wrong != case.right == case.answer[case.position]
        assert case.text[: case.position] + case.right + case.text[case.position + 1 :] == case.answer
        assert case.wrong in "的地得" and case.right in "的地得"


def test_evalset_is_reproducible_and_follows_the_share() -> None:
    assert particle_cases(SENTENCES, seed=3) == particle_cases(list(SENTENCES), seed=3)
    cases = particle_cases(SENTENCES, seed=3)
    from_de = [case for case in cases if case.right == "的"]
    # Four sentences hold only 的, three a 地/得 particle: at a share of 0.75 the four 的 cases bound the
    # set, and one 地/得 case goes with them.
    assert len(from_de) == 4
    assert len(cases) - len(from_de) == 1
    only_from_de = particle_cases(SENTENCES, seed=3, share_from_de=1.0)
    assert only_from_de and all(case.right == "的" for case in only_from_de)


def test_evalset_swaps_only_particles_not_words_holding_them() -> None:
    assert particle_positions("目的地的确定取得了进展。") == [3]


def test_bench_figures_on_the_generated_set() -> None:
    figures = de_di_de_figures(SENTENCES, seed=3)
    assert figures["de_di_de_cases"] == 5
    assert 0.0 <= figures["de_di_de_correction_f1"] <= 1.0
    assert figures["de_di_de_correction_f1"] > 0.5
    assert figures["de_di_de_clean_fp_rate"] == 0.0


def test_neighbour_counts_record_both_sides_of_bare_particles_only() -> None:
    counts = count(["他认真地学习。", "他认真地工作。", "认真的态度。", "这是目的地。"])
    assert counts["before", "认真", "地"] == 2
    assert counts["before", "认真", "的"] == 1
    assert counts["after", "学习", "地"] == 1
    assert not any(word == "目的" for _, word, _ in counts)
    assert ("before", "认真", 1, 2, 0) in rows(counts)
    assert all(word != "学习" for _, word, *_ in rows(counts))  # seen once: below the threshold
