"""The dev set's targets, asserted: precision ≥ 0.95 and recall ≥ 0.90 per category, ≤ 1 % of clean
sentences with any finding."""

from zhongshu.proofreader import CATEGORIES, check
from zhongshu.proofreader.bench import DEFAULT_DEVSET, load_devset, rule_cases, score


def test_devset_size():
    cases = load_devset(DEFAULT_DEVSET)
    with_errors = [c for c in cases if c["expected"]]
    assert len(with_errors) >= 300
    assert len(cases) - len(with_errors) >= 100
    assert {e["category"] for c in with_errors for e in c["expected"]} == set(CATEGORIES)
    assert any(c["origin"].startswith("corpus:") for c in cases)


def test_devset_targets():
    result = score(
        rule_cases(load_devset(DEFAULT_DEVSET)),
        lambda text: ((f.start, f.end, f.category, f.suggestion) for f in check(text)),
    )
    for category in CATEGORIES:
        assert result[f"{category}_precision"] >= 0.95, (category, result["false_alarms"])
        assert result[f"{category}_recall"] >= 0.90, (category, result["misses"])
    assert result["clean_sentence_fp_rate"] <= 0.01, result["false_alarms"]


def test_score_counts_a_miss_and_a_false_alarm():
    cases = [
        {
            "id": "a",
            "text": "精心布署",
            "expected": [{"start": 2, "end": 4, "category": "typo", "suggestion": "部署"}],
        },
        {"id": "b", "text": "一切正常", "expected": []},
    ]
    result = score(cases, lambda text: [(0, 1, "typo", None)] if text == "一切正常" else [])
    assert (result["typo_precision"], result["typo_recall"], result["clean_sentence_fp_rate"]) == (
        0.0,
        0.0,
        1.0,
    )
