"""The 纪要 format (GB/T 9704-2012 10.3), opened with python-docx: the red 纪要标志, the organ and date above the
red line, the 出席/请假/列席 lists (黑体 label, 仿宋 names, wrapped lines under the first name), no seal, no
署名 block; and its PDF where LibreOffice is present."""

from __future__ import annotations

import dataclasses
import io
import re

import docx
import pytest
from django.core.management import call_command
from docx.oxml.ns import qn

from tests.documents.rendering.test_docx_layout import find, ppr, runs
from tests.documents.rendering.test_pdf import page_pixels, pdf_text, red_line_rows, to_mm
from zhongshu.documents.rendering import geometry as g
from zhongshu.documents.rendering.demo import demo_minutes_layout
from zhongshu.documents.rendering.docx_writer import red_line_position_mm, render_docx
from zhongshu.documents.rendering.pdf import render_pdf

PRESENT = (
    "李明、王强、张伟、刘芳、陈静、杨帆、赵磊、黄晓燕、周建国、吴海涛、县水利局局长徐立新、"
    "县住房和城乡建设局局长孙志刚"
)


@pytest.fixture(scope="module")
def minutes_document():
    return docx.Document(io.BytesIO(render_docx(demo_minutes_layout())))


def texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_flag_is_the_minutes_mark_in_red_xiaobiaosong_centred(minutes_document):
    flag = find(minutes_document, "示例县人民政府常务会议纪要")
    ((text, font, size, color),) = runs(flag)
    assert (font, color) == ("方正小标宋简体", "FF3333")
    assert ppr(flag, "w:jc", "w:val") == "center"
    # nothing above it: its top 35 mm below the text block's (less the glyph's inset), as a 文件's flag
    assert minutes_document.paragraphs[0].text == "示例县人民政府常务会议纪要"
    top_mm = int(ppr(flag, "w:spacing", "w:before")) / g.TWIPS_PER_MM
    assert 33 <= top_mm <= 35
    assert size * len(text) * 25.4 / 72 <= g.TEXT_WIDTH_MM


def test_number_then_organ_and_date_above_the_red_line(minutes_document):
    number = find(minutes_document, "〔2026〕3号")
    assert ppr(number, "w:jc", "w:val") == "center"
    assert number._p.find(qn("w:pPr")).find(qn("w:pBdr")) is None
    dateline = find(minutes_document, "\u3000示例县人民政府办公室\t2026年3月6日")
    bottom = dateline._p.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (bottom.get(qn("w:val")), bottom.get(qn("w:color"))) == ("single", "FF3333")
    tab = dateline._p.find(qn("w:pPr")).find(qn("w:tabs")).find(qn("w:tab"))
    assert (tab.get(qn("w:val")), int(tab.get(qn("w:pos")))) == ("right", g.TEXT_WIDTH - g.CHAR)
    # the line is full width (the rule is its border): the indents are a full-width space and the tab
    assert ppr(dateline, "w:ind", "w:left") is None and ppr(dateline, "w:ind", "w:right") is None


def test_lists_after_one_blank_line_label_heiti_names_fangsong_hanging(minutes_document):
    all_texts = texts(minutes_document)
    present = find(minutes_document, f"出席：{PRESENT}")
    index = all_texts.index(present.text)
    assert all_texts[index - 1] == ""  # one empty line below the body
    assert all_texts[index - 2].startswith("会议原则同意")
    assert all_texts[index + 1 : index + 3] == [
        "请假：马丽（出差）",
        "列席：县委办公室副主任朱红、县财政局局长胡斌、县应急管理局局长郭亮",
    ]
    for text in all_texts[index : index + 3]:
        paragraph = find(minutes_document, text)
        label, names = runs(paragraph)
        assert label[:3] == (text[:3], "黑体", 16)
        assert names[:3] == (text[3:], "仿宋_GB2312", 16)
        # two characters in; wrapped lines under the first character after the colon (3 characters on)
        left, hanging = int(ppr(paragraph, "w:ind", "w:left")), int(ppr(paragraph, "w:ind", "w:hanging"))
        assert (left - hanging, left) == (2 * g.CHAR, 5 * g.CHAR)


def test_no_seal_no_signature_block_no_recipients(minutes_document):
    all_texts = texts(minutes_document)
    # the organ appears once above the red line and in the 版记's 印发 line, never as a 署名 under the text
    assert "示例县人民政府办公室" not in all_texts
    assert "2026年3月6日" not in all_texts
    # no title and no 主送机关: one blank line below the red line, then the text
    dateline = all_texts.index("\u3000示例县人民政府办公室\t2026年3月6日")
    assert all_texts[dateline + 1] == "" and all_texts[dateline + 2].startswith("2026年3月5日，县长李明主持")
    (table,) = minutes_document.tables
    assert table.rows[-1].cells[0].paragraphs[0].text == "示例县人民政府办公室\t2026年3月6日印发"
    # the lists close the text: nothing after 列席 but the 版记's spacer and section break
    last_list = all_texts.index("列席：县委办公室副主任朱红、县财政局局长胡斌、县应急管理局局长郭亮")
    assert all(text == "" for text in all_texts[last_list + 1 :])


def test_lists_keep_with_the_last_body_paragraph(minutes_document):
    all_texts = texts(minutes_document)
    start = next(i for i, text in enumerate(all_texts) if text.startswith("会议原则同意"))
    for text in all_texts[start : start + 4]:
        paragraph = minutes_document.paragraphs[all_texts.index(text, start)]
        assert paragraph._p.find(qn("w:pPr")).find(qn("w:keepNext")) is not None, text


def test_a_title_other_than_the_flag_stands_under_the_red_line():
    layout = dataclasses.replace(demo_minutes_layout(), title="关于防汛抗旱准备工作的会议纪要")
    document = docx.Document(io.BytesIO(render_docx(layout)))
    title = find(document, "关于防汛抗旱准备工作的会议纪要")
    assert runs(title)[0][1:3] == ("方正小标宋简体", 22)


def test_only_the_lists_given_are_set():
    layout = dataclasses.replace(demo_minutes_layout(), minutes_absent=(), minutes_attending=())
    all_texts = texts(docx.Document(io.BytesIO(render_docx(layout))))
    assert any(text.startswith("出席：") for text in all_texts)
    assert not any(text.startswith(("请假：", "列席：")) for text in all_texts)


def test_a_notice_never_shows_lists_even_when_given():
    layout = dataclasses.replace(demo_minutes_layout(), minutes=False)
    all_texts = texts(docx.Document(io.BytesIO(render_docx(layout))))
    assert not any(text.startswith("出席：") for text in all_texts)


def test_command_renders_the_demo_minutes(tmp_path):
    out = tmp_path / "minutes.docx"
    stdout = io.StringIO()
    call_command("document", "render", "--demo", "--type", "minutes", "--out", str(out), stdout=stdout)
    assert stdout.getvalue() == f"wrote {out} ({out.stat().st_size} bytes)\n"
    all_texts = texts(docx.Document(str(out)))
    assert "示例县人民政府常务会议纪要" in all_texts and f"出席：{PRESENT}" in all_texts


def test_minutes_pdf_red_line_and_lists(need_libreoffice):
    layout = demo_minutes_layout()
    (pdf,) = render_pdf([render_docx(layout)])
    width, height, pixels = page_pixels(pdf, 1)
    rows = red_line_rows(width, height, pixels)
    assert rows, "no red line on page 1"
    centre = to_mm((rows[0][0] + rows[-1][0]) / 2)
    assert abs(centre - red_line_position_mm(layout)) <= 1.0
    text = re.sub(r"\s", "", pdf_text(pdf))
    assert text.startswith("示例县人民政府常务会议纪要〔2026〕3号示例县人民政府办公室2026年3月6日")
    assert f"出席：{PRESENT}请假：马丽（出差）列席：" in text
    # wrapped 出席 lines start under the first name, not under the label
    first_page_layout = pdf_text(pdf).split("\f")
    listing = next(page for page in first_page_layout if "出席：" in page)
    lines = listing.splitlines()
    at = next(i for i, line in enumerate(lines) if "出席：" in line)
    label_column = lines[at].index("出席：")
    first_name_column = label_column + len("出席：")
    wrapped = lines[at + 1]
    assert len(wrapped) - len(wrapped.lstrip()) >= first_name_column - 1
