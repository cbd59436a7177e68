from tests.proofreader.conftest import only, spans
from zhongshu.proofreader import check


def test_half_width_marks_in_chinese_text():
    assert spans("会议强调,要抓好落实;确保实效.") == [
        (",", "punctuation", "punctuation.half_width", "，"),
        (";", "punctuation", "punctuation.half_width", "；"),
        (".", "punctuation", "punctuation.half_width", "。"),
    ]
    assert check("全县GDP达到1,000亿元，会议于10:30开始。") == []


def test_half_width_quotes_alternate():
    assert [s[3] for s in spans('要树立"一盘棋"思想。')] == ["“", "”"]


def test_unpaired_quote_and_book_title():
    finding = only("县委印发了《关于进一步加强基层治理的意见。")
    assert (finding.rule_id, finding.message, finding.suggestion) == (
        "punctuation.unpaired",
        "「《」后面缺少与之配对的「》」",
        None,
    )
    assert only("推进放管服”改革。").message == "「”」前面缺少与之配对的「“」"


def test_doubled_marks():
    assert spans("要认真做好各项工作，，确保取得实效。") == [
        ("，，", "punctuation", "punctuation.doubled", "，")
    ]
    assert spans("各项工作取得新进展，。") == [("，。", "punctuation", "punctuation.doubled", "。")]


def test_comma_between_approximate_numbers():
    assert spans("全县有三、四个乡镇尚未完成任务。") == [
        ("、", "punctuation", "punctuation.approximate_number_comma", "")
    ]
    assert check("全县有三四个乡镇尚未完成任务。") == []


def test_comma_between_book_titles_is_a_warning():
    finding = only("认真学习《党章》、《准则》等党内法规。")
    assert (finding.rule_id, finding.severity, finding.suggestion) == (
        "punctuation.series_comma",
        "warning",
        "",
    )


def test_ellipsis_and_dash_forms():
    assert spans("要抓好防汛、抗旱...各项工作。") == [("...", "punctuation", "punctuation.ellipsis", "……")]
    assert spans("会议研究了项目建设、招商引资……等工作。") == [
        ("等", "punctuation", "punctuation.ellipsis_etc", "")
    ]
    assert spans("一切为了人民--这是我们党的初心。") == [("--", "punctuation", "punctuation.dash", "——")]
    assert check("建立厅保密委员会—厅保密办—各处室三级责任体系，规划期为2021—2025年。") == []
