import io

import docx
import pytest
from django.core.management import CommandError, call_command

from zhongshu.documents.rendering.bench import measure_render


def test_render_demo_writes_a_docx_with_every_element(tmp_path):
    out = tmp_path / "demo.docx"
    stdout = io.StringIO()
    call_command("document", "render", "--demo", "--out", str(out), stdout=stdout)
    assert stdout.getvalue() == f"wrote {out} ({out.stat().st_size} bytes)\n"
    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    for element in (
        "000123",
        "秘密★1年",
        "特急",
        "中共示例县委办公室文件",
        "县委办发〔2026〕12号",
        "2026年1月5日",
    ):
        assert element in texts


def test_render_needs_demo(tmp_path):
    with pytest.raises(CommandError, match="only --demo is supported"):
        call_command("document", "render", "--out", str(tmp_path / "x.docx"))


def test_bench_reports_the_figures():
    figures = measure_render(docx_rounds=3, pdf_batch=1)
    assert set(figures) == {"render_docx_ms_p50", "gb2312_missing_glyphs", "pdf_ms_per_doc_batch20"}
    assert figures["gb2312_missing_glyphs"] == 0
