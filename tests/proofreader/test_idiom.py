"""Near-idioms: a span one same-sound or similar-shape character from an idiom of jieba's dictionary."""

from tests.proofreader.conftest import spans
from zhongshu.proofreader import check


def test_same_sound_slip_outside_the_typo_list():
    assert spans("这些都是老生长谈的问题。") == [("老生长谈", "typo", "typo.idiom_near", "老生常谈")]


def test_misspelling_that_jieba_lists_as_a_rare_word():
    assert ("迫不急待", "typo", "typo.idiom", "迫不及待") in spans("要有一股迫不急待的劲头。")
    assert spans("大家墨守成归。") == [("墨守成归", "typo", "typo.idiom_near", "墨守成规")]


def test_a_function_word_inside_the_span_is_the_slip_itself():
    assert spans("个别干部无所是从。") == [("无所是从", "typo", "typo.idiom_near", "无所适从")]
    assert check("海外研发机构和科学家与本市创新主体合作。") == []


def test_set_phrases_count_too():
    (finding,) = check("建立部门联席会义制度。")
    assert (finding.rule_id, finding.suggestion) == ("typo.idiom_near", "联席会议")
    assert finding.message == "固定短语写法疑误：“联席会义”应为“联席会议”"


def test_the_typo_list_speaks_first():
    assert [rule for _, _, rule, _ in spans("大家一愁莫展。")] == ["typo.idiom"]


def test_ordinary_prose_near_an_idiom_is_clean():
    for text in (
        "这对于统一全党的思想和行动具有重要意义。",
        "任何单位不得拒绝接收。",
        "促进科技与经济有机结合。",
        "建设三门峡的水力枢纽工程。",
        "报纸共出了二十八期。",
        "大家勠力同心，共克时艰。",
        "办公厅办公自动化技术中心一级主任科员。",
    ):
        assert check(text) == [], text


def test_traditional_characters_are_not_slips():
    assert check("還不能在短時期內滿足工業和基本建設的需要") == []
