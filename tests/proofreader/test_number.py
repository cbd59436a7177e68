from tests.proofreader.conftest import only, spans
from zhongshu.proofreader import check


def test_hao_for_ri():
    assert spans("会议定于10月12号上午9时召开。") == [("号", "number", "number.date_hao", "日")]
    assert check("按照国发〔2023〕5号文件要求，会议定于10月12日召开。") == []


def test_impossible_dates():
    assert only("会议定于2023年2月29日召开。").message == "日期有误：2023年2月没有29日"
    assert check("会议定于2024年2月29日召开。") == []
    assert only("要在2023年13月底前完成。").message == "日期有误：不存在13月"


def test_doubled_approximation():
    assert spans("全县共有约100余个项目开工建设。") == [("余", "number", "number.double_approximation", "")]
    assert spans("会议持续约两个小时左右。") == [("左右", "number", "number.double_approximation", "")]
    assert check("全市厉行节约100多万元，最近3天多次召开会议。") == []


def test_percentages():
    assert spans("今年粮食产量预计增长5-8%。") == [("5-8%", "number", "number.percent_range", "5%～8%")]
    assert spans("城镇化率提高了百分之2.5。") == [("百分之2.5", "number", "number.percent_mixed", "2.5%")]
    assert check("今年粮食产量预计增长5%～8%。") == []


def test_mixed_numerals():
    assert spans("全县新增就业3千人。") == [("3千", "number", "number.mixed_numerals", "3000")]
    assert check("新建道路5千米，全县新增就业3000人，共投入3.2亿元。") == []


def test_short_year():
    assert spans("会议于22年10月召开。") == [("22", "number", "number.short_year", None)]
