"""The bench's figures on held-out clean sentences (`zhongshu bench proofread --heldout PATH`): the default
run's false alarms, rules only and the statistical layer apart, and the 的/地/得 set generated from them."""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from zhongshu.proofreader.bench import clean_sentences, fragments_left_out, heldout_figures

SENTENCES = Path(__file__).parent / "fixtures" / "heldout" / "sentences.txt"


def test_each_non_empty_whole_line_is_one_sentence_and_a_fragment_is_left_out_and_counted():
    sentences = clean_sentences([SENTENCES])
    assert len(sentences) == 6
    assert sentences[0] == "会议研究部署下一步工作。"
    assert not any("抓紧" in sentence for sentence in sentences)
    assert fragments_left_out([SENTENCES]) == 1


def test_rates_count_the_default_run_and_its_parts():
    figures = heldout_figures(clean_sentences([SENTENCES]))
    assert figures["heldout_sentences"] == 6
    # 布署 is a rule's error, 载 the statistical layer's warning: two of six flagged by default, one an error.
    assert figures["heldout_clean_any_finding_rate"] == round(2 / 6, 4)
    assert figures["heldout_clean_error_rate"] == round(1 / 6, 4)
    assert figures["heldout_rules_only_any_finding_rate"] == round(1 / 6, 4)
    assert figures["heldout_rules_only_error_rate"] == round(1 / 6, 4)
    assert figures["heldout_statistical_finding_rate"] == round(1 / 6, 4)
    assert sorted(figures["heldout_flagged_by_rule"]) == ["typo.statistical 1", "typo.wrong_word 1"]


def _bench(capsys, *args):
    out = StringIO()
    call_command("bench", "proofread", "--json", "--no-peer", "--runs", "1", *args, stdout=out)
    return json.loads(out.getvalue()), capsys.readouterr().err


def test_the_bench_prints_speed_memory_and_the_heldout_figures_only_when_named(capsys):
    figures, err = _bench(capsys, "--heldout", str(SENTENCES))
    assert figures["statistical_ms_10k_p50"] > 0
    assert figures["default_ms_10k_p50"] >= figures["rules_ms_10k_p50"]
    assert 20 < figures["rss_mb"] < 2000
    assert figures["heldout_sources"] == str(SENTENCES)
    assert figures["heldout_fragments_left_out"] == 1
    assert figures["heldout_clean_any_finding_rate"] == round(2 / 6, 4)
    assert figures["heldout_clean_error_rate"] == round(1 / 6, 4)
    # Two sentences hold a 地/得 or a 的 to swap: the generated set is small but scored.
    assert figures["de_di_de_cases"] >= 1
    assert 0 <= figures["de_di_de_correction_f1"] <= 1
    assert 0 <= figures["de_di_de_clean_fp_rate"] <= 1
    assert "--ecspell PATH not given: no ecspell_* figures" in err
    assert "--heldout PATH not given" not in err

    figures, err = _bench(capsys)
    assert not any(key.startswith(("heldout_", "de_di_de_", "ecspell_")) for key in figures)
    assert "--heldout PATH not given: no heldout_* or de_di_de_* figures" in err
