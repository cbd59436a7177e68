"""The page of GB/T 9704-2012 in numbers: A4, the text block (版心) 156 × 225 mm, 22 lines of 28 characters.

Lengths are in twips (1/20 pt), the unit of WordprocessingML, unless the name says otherwise.
"""

from __future__ import annotations

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    return round(value * TWIPS_PER_MM)


PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37, 35, 28, 26
TEXT_WIDTH_MM = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM  # 156
TEXT_HEIGHT_MM = PAGE_HEIGHT_MM - TOP_MM - BOTTOM_MM  # 225

PAGE_WIDTH, PAGE_HEIGHT = mm(PAGE_WIDTH_MM), mm(PAGE_HEIGHT_MM)
TOP, BOTTOM, LEFT, RIGHT = mm(TOP_MM), mm(BOTTOM_MM), mm(LEFT_MM), mm(RIGHT_MM)
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
TEXT_HEIGHT = PAGE_HEIGHT - TOP - BOTTOM

LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
# Rounded down so that 22 lines surely fit the 225 mm: 579 twips = 28.95 pt, the 固定值 of Word templates.
LINE = TEXT_HEIGHT // LINES_PER_PAGE
# Body text: 3号 = 16 pt. Word's character grid is the default size plus charSpace/4096 pt; -849 gives a
# pitch of 15.79 pt, so 28 characters fill the 156 mm line.
BODY_PT = 16
CHAR_SPACE = -849
CHAR = round(TEXT_WIDTH / CHARS_PER_LINE)  # one character of the grid, for indents

# Font sizes of the standard, in points.
SIZE_2HAO, SIZE_3HAO, SIZE_4HAO = 22, 16, 14

FLAG_TOP_MM = 35  # 发文机关标志: its top 35 mm below the top of the text block
RED_LINE_BELOW_NUMBER_MM = 4  # the red separator line, 4 mm below the 发文字号
PAGE_NUMBER_BELOW_TEXT_MM = 7  # the page number's dashes, 7 mm below the text block

# Y80 M80 of the standard as RGB.
RED = "FF3333"
RED_LINE_EIGHTHS_PT = 12  # 1.5 pt
IMPRINT_OUTER_EIGHTHS_PT = 8  # 1 pt ≈ 0.35 mm: the first and last lines of the 版记
IMPRINT_INNER_EIGHTHS_PT = 6  # 0.75 pt ≈ 0.25 mm: the lines between
