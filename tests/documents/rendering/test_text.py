from datetime import date

from zhongshu.documents.rendering.text import body_paragraphs, chinese_date, heading_level, title_lines


def test_heading_levels_of_the_standard():
    assert [
        heading_level(s) for s in ["一、总体要求", "（二）规范格式", "3.格式齐全", "（4）细化", "正文"]
    ] == [1, 2, 3, 4, 0]
    assert heading_level("1.5万元已拨付") == 0


def test_heading_runs_to_its_first_full_stop_when_text_follows():
    (para,) = body_paragraphs("（一）加强领导。各单位要高度重视。")
    assert (para.level, para.heading, para.rest) == (2, "（一）加强领导。", "各单位要高度重视。")


def test_blank_lines_are_dropped():
    assert len(body_paragraphs("第一段。\n\n\u3000\u3000第二段。\n")) == 2


def test_date_in_arabic_numerals_without_leading_zeros():
    assert chinese_date(date(2024, 1, 5)) == "2024年1月5日"


def test_long_title_breaks_between_words_into_balanced_lines():
    lines = title_lines("关于进一步做好2026年春节期间安全生产和值班值守工作的通知", 20)
    assert lines == ["关于进一步做好2026年春节期间", "安全生产和值班值守工作的通知"]


def test_short_title_stays_on_one_line():
    assert title_lines("关于开展专项督查的通知", 20) == ["关于开展专项督查的通知"]
