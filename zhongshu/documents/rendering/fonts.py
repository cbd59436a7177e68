"""Font names as GB/T 9704-2012 names them, and the faces that stand in for them in the PDF.

The DOCX names the standard's fonts (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312, 宋体), so Word on an office
machine uses the real ones. LibreOffice on Debian has none of them: `fontconfig/fonts.conf` maps each name to
a free face (Fandol, Noto CJK). Where the stand-in for 仿宋 or 楷体 lacks a character, the DOCX gives that
character the Song face at build time, so the PDF never shows a missing glyph or a sans-serif fallback.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# The face a character falls back to when the stand-in for its font lacks it: a serif, like the text around.
FALLBACK = {FANGSONG: SONGTI, KAITI: SONGTI}

FONTCONFIG_FILE = Path(__file__).resolve().parent / "fontconfig" / "fonts.conf"


def fontconfig_env() -> dict[str, str]:
    """The environment under which fontconfig resolves the standard's names as the PDF will."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE)}


@functools.cache
def face_file(name: str) -> tuple[str, int] | None:
    """The font file (and index inside a collection) that stands in for `name` in the PDF, or None when
    fontconfig is absent."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    result = subprocess.run(
        [fc_match, "-f", "%{file}\n%{index}", name],
        env=fontconfig_env(),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    lines = result.stdout.splitlines()
    if result.returncode != 0 or len(lines) < 2 or not lines[0]:
        return None
    return lines[0], int(lines[1] or 0)


@functools.cache
def face_family(name: str) -> str:
    """The family fontconfig resolves `name` to (e.g. "FandolFang"), "" when unknown."""
    found = face_file(name)
    if found is None:
        return ""
    from fontTools.ttLib import TTFont

    font = TTFont(found[0], fontNumber=found[1], lazy=True)
    return str(font["name"].getDebugName(1) or "")


@functools.cache
def coverage(name: str) -> frozenset[int] | None:
    """The code points the stand-in for `name` has glyphs for; None when it cannot be known here (no
    fontconfig or no font file), in which case nothing is split off."""
    found = face_file(name)
    if found is None:
        return None
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(found[0], fontNumber=found[1], lazy=True)
        return frozenset(font.getBestCmap())
    except Exception:  # an unreadable font file must not stop a rendering: the PDF then shows what it can
        return None


def split_by_coverage(text: str, name: str) -> Iterator[tuple[str, str]]:
    """Split `text` into (segment, font name) runs: characters the stand-in for `name` lacks get the
    fallback face. Whitespace stays with the run it is in."""
    fallback = FALLBACK.get(name)
    have = coverage(name) if fallback else None
    if fallback is None or have is None:
        yield text, name
        return
    start = 0
    current = name
    for i, char in enumerate(text):
        wanted = name if ord(char) in have or char.isspace() else fallback
        if wanted != current:
            if i > start:
                yield text[start:i], current
            start, current = i, wanted
    if start < len(text):
        yield text[start:], current


def gb2312_characters() -> list[str]:
    """The 6,763 hanzi of GB 2312, from its code table: rows 0xB0-0xF7, cells 0xA1-0xFE, less the five
    empty cells at the end of row 0xD7."""
    chars = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            if row == 0xD7 and cell >= 0xFA:
                continue
            chars.append(bytes((row, cell)).decode("gb2312"))
    return chars


def missing_in(name: str, chars: list[str]) -> list[str]:
    """The characters of `chars` that would show no glyph for `name` in the PDF, after the Song fallback.
    Unknown coverage counts every character as missing: a claim of full coverage must be measured."""
    have = coverage(name)
    if have is None:
        return list(chars)
    fallback = FALLBACK.get(name)
    also = coverage(fallback) if fallback else None
    return [c for c in chars if ord(c) not in have and (also is None or ord(c) not in also)]
