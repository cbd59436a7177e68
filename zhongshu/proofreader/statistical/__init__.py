"""The statistical layer: character typos that no list names, found by a character n-gram language model
the project trains itself. Its findings are warnings (suggestions), never fixes; it is tuned so that clean
official text stays almost free of them. Off unless `check(text, statistical=True)`; the model loads on
first use."""

from __future__ import annotations

from zhongshu.proofreader.findings import Finding


def find(text: str) -> list[Finding]:
    from zhongshu.proofreader.statistical.detector import find as detect

    return detect(text)


__all__ = ["find"]
