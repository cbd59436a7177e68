"""The proofreader is a plain library: importing it pulls in no Django, and the bench runs."""

import subprocess
import sys

from zhongshu.proofreader.bench import run_bench


def test_import_pulls_in_no_django():
    code = "import zhongshu.proofreader, sys; assert 'django' not in sys.modules, 'django imported'"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_import_does_not_load_jieba():
    code = "import zhongshu.proofreader, sys; assert 'jieba' not in sys.modules, 'jieba loaded on import'"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_run_bench_reports_every_figure():
    result = run_bench(runs=1, peer=False)
    for category in ("typo", "punctuation", "number", "format", "formulation"):
        assert 0 <= result[f"{category}_precision"] <= 1
        assert 0 <= result[f"{category}_recall"] <= 1
    for key in (
        "clean_sentence_fp_rate",
        "rules_ms_10k_p50",
        "chars_per_s",
        "import_s",
        "statistical_ms_10k_p50",
    ):
        assert result[key] >= 0
    for key in ("statistical_clean_sentence_fp_rate", "statistical_precision", "statistical_recall"):
        assert 0 <= result[key] <= 1


def test_flat_figures_for_zhongshu_bench():
    from zhongshu.proofreader.bench import flat_figures

    assert flat_figures({"a_recall": None, "misses": ["x", "y"], "ok": True, "ms": 1.5}) == {
        "a_recall": "n/a",
        "misses_count": 2,
        "misses": "x; y",
        "ok": "true",
        "ms": 1.5,
    }
