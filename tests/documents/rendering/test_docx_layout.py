"""The DOCX opened with python-docx: page set-up, grid, and every element's font, size, place and colour."""

import dataclasses
import io

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from zhongshu.documents.rendering import geometry as g
from zhongshu.documents.rendering.demo import demo_layout
from zhongshu.documents.rendering.docx_writer import render_docx
from zhongshu.documents.rendering.fonts import FANGSONG, SONGTI, coverage, face_file

from .conftest import need

ONE_MM = Mm(1)


def runs(paragraph):
    """(text, east-Asian font, size in pt, colour) of each text run; every run must name its fonts."""
    out = []
    for r in paragraph._p.iter(qn("w:r")):
        text = "".join(t.text or "" for t in r.iter(qn("w:t")))
        rpr = r.find(qn("w:rPr"))
        fonts = rpr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi"))
        color = rpr.find(qn("w:color"))
        size = int(rpr.find(qn("w:sz")).get(qn("w:val"))) / 2
        if text:
            out.append(
                (text, fonts.get(qn("w:eastAsia")), size, color.get(qn("w:val")) if color is not None else "")
            )
    return out


def find(document, text):
    for paragraph in document.paragraphs:
        if paragraph.text == text:
            return paragraph
    raise AssertionError(f"no paragraph {text!r} in {[p.text for p in document.paragraphs]}")


def ppr(paragraph, tag, attr):
    element = paragraph._p.find(qn("w:pPr")).find(qn(tag))
    return None if element is None else element.get(qn(attr))


def test_page_is_a4_with_the_standard_margins(demo_document):
    for section in demo_document.sections:
        assert abs(section.page_width - Mm(210)) < ONE_MM / 10
        assert abs(section.page_height - Mm(297)) < ONE_MM / 10
        assert abs(section.top_margin - Mm(37)) < ONE_MM / 10
        assert abs(section.bottom_margin - Mm(35)) < ONE_MM / 10
        assert abs(section.left_margin - Mm(28)) < ONE_MM / 10
        assert abs(section.right_margin - Mm(26)) < ONE_MM / 10
        text_width = section.page_width - section.left_margin - section.right_margin
        text_height = section.page_height - section.top_margin - section.bottom_margin
        assert abs(text_width - Mm(156)) < ONE_MM / 10 and abs(text_height - Mm(225)) < ONE_MM / 10


def test_grid_is_22_lines_of_28_characters(demo_document):
    grid = demo_document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    assert 22 * pitch <= g.TEXT_HEIGHT < 23 * pitch
    # Word's character pitch: the default 16 pt plus charSpace/4096 pt.
    char_pitch_twips = (16 + int(grid.get(qn("w:charSpace"))) / 4096) * 20
    assert 28 * char_pitch_twips <= g.TEXT_WIDTH < 29 * char_pitch_twips
    defaults = (
        demo_document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    )
    assert defaults.find(qn("w:sz")).get(qn("w:val")) == "32"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_header_elements_top_left_in_order(demo_document):
    first = demo_document.paragraphs[:3]
    assert [p.text for p in first] == ["000123", "秘密★1年", "特急"]
    assert runs(first[0]) == [("000123", "仿宋_GB2312", 16, "")]
    assert runs(first[1]) == [("秘密★1年", "黑体", 16, "")]
    assert runs(first[2]) == [("特急", "黑体", 16, "")]
    assert all(ppr(p, "w:ind", "w:left") is None and ppr(p, "w:jc", "w:val") is None for p in first)


def test_flag_is_red_xiaobiaosong_centred_35_mm_below_the_text_top(demo_document):
    flag = find(demo_document, "中共示例县委办公室文件")
    ((text, font, size, color),) = runs(flag)
    assert (font, color) == ("方正小标宋简体", "FF3333")
    assert size * 11 * 25.4 / 72 <= 156
    assert ppr(flag, "w:jc", "w:val") == "center"
    line = int(ppr(flag, "w:spacing", "w:line"))
    before = int(ppr(flag, "w:spacing", "w:before"))
    # three lines of 份号/密级/紧急 above it, then space up to 35 mm (less the glyph's inset)
    top_mm = (3 * g.LINE + before) / g.TWIPS_PER_MM
    assert 33 <= top_mm <= 35
    assert line > size * 20


def test_number_centred_with_the_red_line_as_its_border(demo_document):
    number = find(demo_document, "县委办发〔2026〕12号")
    assert runs(number) == [("县委办发〔2026〕12号", "仿宋_GB2312", 16, "")]
    assert ppr(number, "w:jc", "w:val") == "center"
    bottom = number._p.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF3333" and bottom.get(qn("w:val")) == "single"
    assert ppr(number, "w:ind", "w:left") is None and ppr(number, "w:ind", "w:right") is None  # full width


def test_upward_document_shows_signers_in_kaiti_on_the_right():
    layout = dataclasses.replace(demo_layout(), signers=("张三", "李四"))
    document = docx.Document(io.BytesIO(render_docx(layout)))
    line = find(document, "\u3000县委办发〔2026〕12号\t签发人：张三\u3000李四")
    assert runs(line) == [
        ("\u3000县委办发〔2026〕12号", "仿宋_GB2312", 16, ""),
        ("签发人：", "仿宋_GB2312", 16, ""),
        ("张三\u3000李四", "楷体_GB2312", 16, ""),
    ]
    tab = line._p.find(qn("w:pPr")).find(qn("w:tabs")).find(qn("w:tab"))
    assert (tab.get(qn("w:val")), int(tab.get(qn("w:pos")))) == ("right", g.TEXT_WIDTH - g.CHAR)


def test_title_2hao_xiaobiaosong_centred_and_broken_between_words(demo_document):
    title = demo_document.paragraphs[7]
    assert title.text == "中共示例县委办公室关于进一步规范\n公文处理工作提高办文质量的通知"
    assert {(font, size) for _, font, size, _ in runs(title)} == {("方正小标宋简体", 22)}
    assert ppr(title, "w:jc", "w:val") == "center"
    assert int(ppr(title, "w:spacing", "w:before")) == 2 * g.LINE


def test_recipients_flush_left_ending_with_a_full_width_colon(demo_document):
    recipients = find(demo_document, "各乡镇党委，县委各部委，县直各单位党组（党委）：")
    assert ppr(recipients, "w:ind", "w:firstLine") is None
    assert runs(recipients)[0][1:3] == ("仿宋_GB2312", 16)


@pytest.mark.parametrize(
    ("text", "heading_font"),
    [
        ("一、总体要求", "黑体"),
        ("（一）严格文件报审。", "楷体_GB2312"),
        ("1.格式要素齐全。", "仿宋_GB2312"),
        (
            "（1）发文字号由发文机关代字、年份、发文顺序号组成，年份、发文顺序号用阿拉伯数字标注。",
            "仿宋_GB2312",
        ),
    ],
)
def test_body_headings_by_level(demo_document, text, heading_font):
    paragraph = next(p for p in demo_document.paragraphs if p.text.startswith(text))
    assert runs(paragraph)[0][:3] == (text, heading_font, 16)
    assert int(ppr(paragraph, "w:ind", "w:firstLine")) == 2 * g.CHAR


def test_body_paragraph_3hao_fangsong_indented_two_characters(demo_document):
    paragraph = next(p for p in demo_document.paragraphs if p.text.startswith("为深入贯彻落实"))
    assert {(font, size) for _, font, size, _ in runs(paragraph)} == {("仿宋_GB2312", 16)}
    assert int(ppr(paragraph, "w:ind", "w:firstLine")) == 2 * g.CHAR
    assert ppr(paragraph, "w:jc", "w:val") == "both"
    assert (ppr(paragraph, "w:spacing", "w:line"), ppr(paragraph, "w:spacing", "w:lineRule")) == (
        str(g.LINE),
        "exact",
    )


def test_attachment_note_signature_date_and_note(demo_document):
    first = find(demo_document, "附件：1.示例县公文处理常见差错清单")
    second = find(demo_document, "2.示例县公文格式检查表")
    assert int(ppr(first, "w:ind", "w:left")) - int(ppr(first, "w:ind", "w:hanging")) == 2 * g.CHAR
    assert int(ppr(second, "w:ind", "w:left")) - int(ppr(second, "w:ind", "w:hanging")) == 5 * g.CHAR
    date_paragraph = find(demo_document, "2026年1月5日")
    assert ppr(date_paragraph, "w:jc", "w:val") == "right"
    assert int(ppr(date_paragraph, "w:ind", "w:right")) == 4 * g.CHAR  # with a seal: four characters in
    signature = find(demo_document, "中共示例县委办公室")
    # centred over the date: 9 characters over 6 (the digits are half width)
    assert int(ppr(signature, "w:ind", "w:right")) == round((4 + (6 - 9) / 2) * g.CHAR)
    assert find(demo_document, "（此件发至乡镇党委）")


def test_signature_without_seal_two_characters_in():
    layout = dataclasses.replace(demo_layout(), seal=False)
    document = docx.Document(io.BytesIO(render_docx(layout)))
    signature = find(document, "中共示例县委办公室")
    date_paragraph = find(document, "2026年1月5日")
    assert int(ppr(signature, "w:ind", "w:right")) == 2 * g.CHAR
    # the date starts two characters right of where the signature starts
    assert int(ppr(date_paragraph, "w:ind", "w:right")) == round((2 + 9 - 2 - 6) * g.CHAR)


def test_attachments_start_on_a_new_page(demo_document):
    label = find(demo_document, "附件1")
    assert runs(label) == [("附件1", "黑体", 16, "")]
    assert label._p.find(qn("w:pPr")).find(qn("w:pageBreakBefore")) is not None
    title = find(demo_document, "示例县公文处理常见差错清单")
    assert runs(title)[0][1:3] == ("方正小标宋简体", 22)


def test_imprint_rules_and_text(demo_document):
    (table,) = demo_document.tables
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    sizes = {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "insideH", "bottom")}
    assert sizes == {"top": "8", "insideH": "6", "bottom": "8"}  # 1 pt ≈ 0.35 mm, 0.75 pt ≈ 0.25 mm
    assert int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == g.TEXT_WIDTH
    cc, printed = (row.cells[0].paragraphs[0] for row in table.rows)
    assert cc.text == "抄送：县人大常委会办公室，县政府办公室，县政协办公室，县纪委监委机关。"
    assert {(font, size) for _, font, size, _ in runs(cc)} == {("仿宋_GB2312", 14)}
    assert int(ppr(cc, "w:ind", "w:left")) - int(ppr(cc, "w:ind", "w:hanging")) == 14 * 20
    assert printed.text == "中共示例县委办公室\t2026年1月6日印发"


def _footer_text(footer):
    p = footer._element.find(qn("w:p"))
    pieces = []
    for r in p.iter(qn("w:r")):
        pieces += [t.text for t in r.iter(qn("w:t"))] + [
            f"{{{i.text.strip()}}}" for i in r.iter(qn("w:instrText"))
        ]
    return "".join(pieces), p


def test_page_numbers_4hao_at_the_outer_corners(demo_document):
    settings = demo_document.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    body = demo_document.sections[0]
    odd_text, odd = _footer_text(body.footer)
    even_text, even = _footer_text(body.even_page_footer)
    # the field's cached result "1" sits between the code and the end
    assert odd_text == even_text == "— {PAGE}1 —"
    assert odd.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "right"
    assert even.find(qn("w:pPr")).find(qn("w:jc")).get(qn("w:val")) == "left"
    sizes = {r.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) for r in odd.iter(qn("w:r"))}
    assert sizes == {"28"}
    fonts = {r.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in odd.iter(qn("w:r"))}
    assert fonts == {"宋体"}


def test_imprint_page_is_even_and_unnumbered(demo_document):
    last = demo_document.sections[-1]
    assert len(demo_document.sections) == 2
    assert last._sectPr.find(qn("w:type")).get(qn("w:val")) == "evenPage"
    assert _footer_text(last.footer)[0] == "" and _footer_text(last.even_page_footer)[0] == ""


def test_character_the_fangsong_face_lacks_falls_back_to_song():
    need(face_file(FANGSONG) is not None, "fontconfig cannot resolve 仿宋_GB2312 (no fc-match)")
    have = coverage(FANGSONG)
    song = coverage(SONGTI)
    assert have is not None and song is not None
    lacking = next(chr(c) for c in sorted(song) if 0x4E00 <= c <= 0x9FFF and c not in have)
    layout = dataclasses.replace(demo_layout(), body=f"张{lacking}同志", attachments=())
    document = docx.Document(io.BytesIO(render_docx(layout)))
    paragraph = find(document, f"张{lacking}同志")
    assert [(text, font) for text, font, _, _ in runs(paragraph)] == [
        ("张", "仿宋_GB2312"),
        (lacking, "宋体"),
        ("同志", "仿宋_GB2312"),
    ]
