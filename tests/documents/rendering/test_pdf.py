"""The PDF by LibreOffice: the red line where the layout puts it, page numbers, every GB2312 character."""

import dataclasses
import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from zhongshu.documents.rendering import geometry as g
from zhongshu.documents.rendering.demo import demo_layout
from zhongshu.documents.rendering.docx_writer import red_line_position_mm, render_docx
from zhongshu.documents.rendering.fonts import FANGSONG, KAITI, gb2312_characters, missing_in
from zhongshu.documents.rendering.layout import DocumentLayout
from zhongshu.documents.rendering.pdf import PdfUnavailable, render_pdf

DPI = 200


def page_pixels(pdf: bytes, page: int) -> tuple[int, int, bytes]:
    """The page as RGB pixels (pdftoppm's PPM)."""
    with tempfile.TemporaryDirectory() as work:
        source = Path(work) / "d.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), str(source), f"{work}/p"],
            check=True,
        )
        (ppm,) = Path(work).glob("p*.ppm")
        data = ppm.read_bytes()
    magic, size, depth, pixels = data.split(b"\n", 3)
    assert magic == b"P6" and depth == b"255"
    width, height = map(int, size.split())
    return width, height, pixels


def to_mm(pixels: float) -> float:
    return pixels / DPI * 25.4


def red_line_rows(width: int, height: int, pixels: bytes) -> list[tuple[int, int, int]]:
    """(row, first x, last x) of rows whose red pixels span most of the text block."""
    rows = []
    for y in range(height):
        row = pixels[y * width * 3 : (y + 1) * width * 3]
        reds = [x for x in range(width) if row[3 * x] > 180 and row[3 * x + 1] < 130 and row[3 * x + 2] < 130]
        if len(reds) > 0.9 * g.TEXT_WIDTH_MM / 25.4 * DPI:
            rows.append((y, reds[0], reds[-1]))
    return rows


def pdf_text(pdf: bytes, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"] + (["-f", str(page), "-l", str(page)] if page else []) + ["-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def demo_pdf(demo_docx):
    if not os.path.exists("/usr/bin/pdftoppm") or render_pdf_unavailable():
        return None
    return render_pdf([demo_docx])[0]


def render_pdf_unavailable() -> bool:
    from zhongshu.documents.rendering.pdf import soffice_path

    return soffice_path() is None


@pytest.mark.parametrize("signers", [(), ("张三", "李四", "王五")], ids=["downward", "upward"])
def test_red_line_full_width_where_the_layout_puts_it(need_libreoffice, signers):
    layout = dataclasses.replace(demo_layout(), signers=signers, attachments=())
    (pdf,) = render_pdf([render_docx(layout)])
    width, height, pixels = page_pixels(pdf, 1)
    rows = red_line_rows(width, height, pixels)
    assert rows, "no red line on page 1"
    centre = to_mm((rows[0][0] + rows[-1][0]) / 2)
    assert abs(centre - red_line_position_mm(layout)) <= 1.0
    assert abs(to_mm(rows[0][1]) - g.LEFT_MM) <= 1.0
    assert abs(to_mm(rows[0][2]) - (g.LEFT_MM + g.TEXT_WIDTH_MM)) <= 1.0
    # 4 mm below the number's characters: the nearest dark pixels above the line
    top = rows[0][0]
    for y in range(top - 1, 0, -1):
        row = pixels[y * width * 3 : (y + 1) * width * 3]
        if any(row[3 * x] < 110 and row[3 * x + 1] < 110 for x in range(width)):
            break
    assert abs(to_mm(top - y) - g.RED_LINE_BELOW_NUMBER_MM) <= 1.0


def test_page_numbers_and_unnumbered_imprint_page(need_libreoffice, demo_pdf):
    pages = pdf_text(demo_pdf).split("\f")[:-1]
    assert len(pages) % 2 == 0, "the 版记 closes on an even page"
    for number, text in enumerate(pages[:-1], start=1):
        assert re.search(rf"—\s*{number}\s*—\s*$", text.rstrip()), f"page {number}: {text[-80:]!r}"
    last = re.sub(r"\s", "", pages[-1])
    assert "—" not in last and "抄送：" in last and "2026年1月6日印发" in last
    one_char_mm = g.SIZE_4HAO * 25.4 / 72
    for page, (expect_left, expect_right) in (
        (1, (None, g.LEFT_MM + g.TEXT_WIDTH_MM - one_char_mm)),
        (2, (g.LEFT_MM + one_char_mm, None)),
    ):
        width, height, pixels = page_pixels(demo_pdf, page)
        below = round((g.TOP_MM + g.TEXT_HEIGHT_MM) / 25.4 * DPI)
        dark = [
            (x, y)
            for y in range(below + 1, height)
            for x in range(width)
            if pixels[(y * width + x) * 3] < 110 and pixels[(y * width + x) * 3 + 1] < 110
        ]
        xs = [x for x, _ in dark]
        if expect_right is not None:
            assert abs(to_mm(max(xs)) - expect_right) <= 1.5
        else:
            assert abs(to_mm(min(xs)) - expect_left) <= 1.5
        # the dashes: the row with most dark pixels, 7 mm below the text block
        rows: dict[int, int] = {}
        for _, y in dark:
            rows[y] = rows.get(y, 0) + 1
        dash_row = max(rows, key=lambda y: rows[y])
        assert abs(to_mm(dash_row) - (g.TOP_MM + g.TEXT_HEIGHT_MM + g.PAGE_NUMBER_BELOW_TEXT_MM)) <= 1.5


def test_every_gb2312_character_has_a_serif_glyph(need_libreoffice):
    chars = gb2312_characters()
    assert len(chars) == 6763
    assert missing_in(FANGSONG, chars) == [] and missing_in(KAITI, chars) == []
    body = "\n".join("".join(chars[i : i + 26]) for i in range(0, len(chars), 26))
    heading = "（一）" + "".join(chars[:400]) + "。"
    (pdf,) = render_pdf([render_docx(DocumentLayout(body=heading + "\n" + body))])
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:]), fonts  # embedded
    # serif faces only: the 仿宋 and 楷体 stand-ins and the Song fallback, never a sans-serif substitute
    assert all(re.search(r"Fandol(Fang|Kai)|Serif|cwTeX|UKai|Kaiti", name) for name in names), fonts
    text = re.sub(r"\s", "", pdf_text(pdf))
    assert [c for c in chars if c not in text] == []


def test_unavailable_without_libreoffice(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PdfUnavailable) as caught:
        render_pdf([b"not used"])
    assert caught.value.code == "libreoffice_missing"
    assert caught.value.message == (
        "未安装 LibreOffice，无法生成 PDF。请安装 Debian 软件包 libreoffice-writer-nogui"
        "（或运行 scripts/ensure-system-packages.sh）。"
    )
