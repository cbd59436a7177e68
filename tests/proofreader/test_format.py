from tests.proofreader.conftest import only, spans
from zhongshu.proofreader import check


def test_document_number_brackets_zeros_and_di():
    finding = only("县委发（2023）第012号")
    assert (finding.category, finding.rule_id, finding.suggestion) == (
        "format",
        "format.doc_number",
        "〔2023〕12号",
    )
    assert (
        finding.message
        == "发文字号“县委发…”格式有误：年份用六角括号“〔〕”，序号前不加“第”，序号不编虚位（不加“0”）"
    )
    assert check("国办发〔2023〕5号") == []


def test_secrecy_mark_star():
    assert spans("秘密*1年") == [("*", "format", "format.secrecy_mark", "★")]
    assert check("秘密★1年") == []


def test_signing_date_in_arabic_numerals_without_padding():
    assert spans("二〇二三年十月八日") == [
        ("二〇二三年十月八日", "format", "format.signing_date_numerals", "2023年10月8日")
    ]
    assert spans("2023年03月05日") == [
        ("2023年03月05日", "format", "format.signing_date_padding", "2023年3月5日")
    ]
    assert check("2023年10月8日") == []


def test_heading_marks_per_level():
    text = "一.提高政治站位\n(一)明确目标任务\n1、细化任务分工\n（1）、按时报送进度"
    assert spans(text) == [
        ("一.", "format", "format.heading_mark", "一、"),
        ("(一)", "format", "format.heading_mark", "（一）"),
        ("1、", "format", "format.heading_mark", "1."),
        ("（1）、", "format", "format.heading_mark", "（1）"),
    ]
    assert (
        check(
            "一、总体要求\n（一）指导思想\n1.摸清底数\n（1）自查自纠\n（2）重点检查\n2.建立台账\n二、主要任务"
        )
        == []
    )


def test_heading_numbers_in_order():
    finding = only("一、总体要求\n二、主要任务\n四、保障措施")
    assert (finding.rule_id, finding.message) == ("format.heading_order", "标题序号不连续：此处应为第3项")
    # 一是、二是 are prose, not headings
    assert check("一是加强领导。\n三是强化考核。") == []


def test_colons_after_fujian_and_chaosong():
    assert spans("附件:1.工作方案") == [("附件:", "format", "format.label_colon", "附件：")]
    assert spans("抄送 各乡镇党委、政府。") == [("抄送 ", "format", "format.label_colon", "抄送：")]
    assert check("附件：1.工作方案\n抄送：县委各部门。\n附件1") == []
