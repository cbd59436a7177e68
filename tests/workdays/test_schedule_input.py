"""Reading schedules from text, CSV and XLSX, with line-numbered problems in Chinese and English."""

import io
from datetime import date

import pytest
from openpyxl import Workbook

from zhongshu.workdays.schedule_input import UnreadableFile, parse_csv, parse_file, parse_text, parse_xlsx

from .sample import SAMPLE_2027, SAMPLE_2027_TEXT


def test_text_lines_skip_blanks_and_comments_and_keep_spaces_in_names():
    parsed = parse_text(SAMPLE_2027_TEXT, 2027)
    assert parsed.ok and parsed.entries() == SAMPLE_2027
    named = parse_text("2027-09-15\u3000休\u3000中秋节 国庆节", 2027)
    assert named.entries() == [(date(2027, 9, 15), "holiday", "中秋节 国庆节")]


def test_each_problem_names_its_line_in_both_languages():
    parsed = parse_text("2027-01-01 休 元旦\n\n2027-01-01 休 元旦\n20270102 休 元旦", 2027)
    assert [e.message for e in parsed.errors] == [
        "第3行：日期2027-01-01与第1行重复",
        "第4行：日期格式应为YYYY-MM-DD",
    ]
    assert [e.message_en for e in parsed.errors] == [
        "line 3: the date 2027-01-01 repeats line 1",
        "line 4: the date must be written YYYY-MM-DD",
    ]
    assert parsed.days == []


def test_a_make_up_day_must_fall_on_a_weekend_and_a_name_is_needed():
    parsed = parse_text("2027-02-08 班 春节调休\n2027-02-20 班  ", 2027)
    assert [e.message for e in parsed.errors] == [
        "第1行：2027-02-08是星期一，本就是工作日；调休上班日应在周六或周日",
        "第2行：应为“日期 类型 名称”三项，如“2027-01-01 休 元旦”",
    ]


def test_an_empty_text_or_a_bad_year_is_one_problem():
    assert [e.message for e in parse_text("# nothing\n", 2027).errors] == ["没有录入任何日期"]
    assert [e.message_en for e in parse_text("2027-01-01 休 元旦", 3000).errors] == [
        "the year must be a whole number from 2000 to 2100"
    ]


def test_csv_columns_in_any_order_and_gb18030_from_excel():
    data = "名称,日期,类型\n元旦,2027-01-01,休\n春节调休,2027-02-20,班\n".encode("gb18030")
    assert parse_csv(data, 2027).entries() == [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2027, 2, 20), "workday", "春节调休"),
    ]


def test_xlsx_rows_are_numbered_as_excel_shows_them():
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([date(2027, 1, 1), "休", "元旦"])
    sheet.append([None, None, None])
    sheet.append(["2027-13-01", "休", "元旦"])
    data = io.BytesIO()
    book.save(data)
    parsed = parse_xlsx(data.getvalue(), 2027)
    assert [e.message for e in parsed.errors] == ["第4行：日期2027-13-01不存在"]


def test_files_are_chosen_by_extension():
    with pytest.raises(UnreadableFile) as error:
        parse_file("a.pdf", b"", 2027)
    assert error.value.zh == "只支持.xlsx或.csv文件"
    with pytest.raises(UnreadableFile) as error:
        parse_file("a.csv", b"", 2027)
    assert error.value.zh == "文件为空，应有表头：日期、类型、名称"
    assert parse_file("a.TXT", "2027-01-01 休 元旦".encode(), 2027).ok
