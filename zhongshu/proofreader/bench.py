"""The proofreader's bench: precision and recall per category on the dev set, false alarms on clean
sentences, speed, import time, and the peer pycorrector's rule-based parts side by side.

`run_bench(devset_path)` is a plain function; `zhongshu bench proofread` prints what it returns.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from zhongshu.proofreader.findings import CATEGORIES

DEFAULT_DEVSET = Path(__file__).resolve().parent / "data" / "devset.jsonl"
DOC_CHARS = 10_000

Span = tuple[int, int, str, str | None]  # start, end, category, suggestion


def load_devset(path: str | Path = DEFAULT_DEVSET) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(cases: list[dict[str, Any]], predict: Callable[[str], Iterable[Span]]) -> dict[str, Any]:
    """Overlap matching: a finding counts when it overlaps an expected finding of its category."""
    true_pos = dict.fromkeys(CATEGORIES, 0)
    predicted = dict.fromkeys(CATEGORIES, 0)
    expected_n = dict.fromkeys(CATEGORIES, 0)
    found = dict.fromkeys(CATEGORIES, 0)
    exact_suggestions = 0
    clean = clean_flagged = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    for case in cases:
        spans = list(predict(case["text"]))
        expected = case["expected"]
        if not expected:
            clean += 1
            clean_flagged += bool(spans)
        for start, end, category, _ in spans:
            predicted.setdefault(category, 0)
            true_pos.setdefault(category, 0)
            predicted[category] += 1
            if any(e["category"] == category and start < e["end"] and e["start"] < end for e in expected):
                true_pos[category] += 1
            else:
                false_alarms.append(f"{case['id']} {category} {case['text'][start:end]!r}")
        for e in expected:
            expected_n[e["category"]] += 1
            hits = [s for s in spans if s[2] == e["category"] and s[0] < e["end"] and e["start"] < s[1]]
            if hits:
                found[e["category"]] += 1
                exact_suggestions += any(s[3] == e["suggestion"] for s in hits)
            else:
                misses.append(f"{case['id']} {e['category']} {case['text'][e['start'] : e['end']]!r}")
    result: dict[str, Any] = {}
    for category in CATEGORIES:
        result[f"{category}_precision"] = (
            round(true_pos[category] / predicted[category], 4) if predicted[category] else None
        )
        result[f"{category}_recall"] = (
            round(found[category] / expected_n[category], 4) if expected_n[category] else None
        )
    total_found = sum(found.values())
    result["suggestion_accuracy"] = round(exact_suggestions / total_found, 4) if total_found else None
    result["clean_sentences"] = clean
    result["clean_sentence_fp_rate"] = round(clean_flagged / clean, 4) if clean else None
    result["misses"] = misses
    result["false_alarms"] = false_alarms
    return result


def _document(cases: list[dict[str, Any]]) -> str:
    text = "\n".join(case["text"] for case in cases)
    while len(text) < DOC_CHARS:
        text += "\n" + text
    return text[:DOC_CHARS]


def _median_ms(function: Callable[[str], object], text: str, runs: int) -> float:
    function(text)  # dictionaries and jieba load on the first call
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function(text)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def measure_import_s() -> float:
    code = "import time; t = time.perf_counter(); import zhongshu.proofreader; print(time.perf_counter() - t)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return round(float(output.stdout.strip()), 4)


# VmHWM, the peak of this process's own memory: ru_maxrss would also count the parent's size, which a child
# forked from a bench that holds ECSpell and the model inherits across exec on Linux.
RSS_SCRIPT = r"""
import resource, sys
from zhongshu.proofreader import check
check(sys.stdin.read(), statistical=True)
try:
    with open("/proc/self/status") as status:
        print(next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
except OSError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure_rss_mb(document: str) -> float:
    """Peak resident memory of a fresh process that imports the proofreader and checks `document` with
    the statistical layer (so with the model loaded): what a CLI run or a web worker's proofreader costs."""
    output = subprocess.run(
        [sys.executable, "-c", RSS_SCRIPT], input=document, capture_output=True, text=True, check=True
    )
    return round(int(output.stdout.strip()) / 1024, 1)  # both in KiB


PAIRED_MARKS = ("“”", "‘’", "《》", "（）", "【】", "「」")


def is_whole(sentence: str) -> bool:
    """Every paired mark closes as often as it opens. The corpus cuts its text at 。！？； even inside a
    quotation or a title, so some of its lines are fragments, which the rules rightly call unpaired: they are
    not clean sentences, and the bench leaves them out and counts them."""
    return all(sentence.count(pair[0]) == sentence.count(pair[1]) for pair in PAIRED_MARKS)


def clean_sentences(paths: Iterable[str | Path]) -> list[str]:
    """Non-empty lines of the given files that are whole sentences (`is_whole`), each taken as clean."""
    return [line for line in _lines(paths) if is_whole(line)]


def fragments_left_out(paths: Iterable[str | Path]) -> int:
    return sum(not is_whole(line) for line in _lines(paths))


def _lines(paths: Iterable[str | Path]) -> list[str]:
    lines: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            lines.extend(line.strip() for line in handle if line.strip())
    return lines


def heldout_figures(sentences: Sequence[str]) -> dict[str, Any]:
    """Clean sentences the model never saw, checked as the default CLI checks (rules and the statistical
    layer): the share with any finding and with an error-severity one, and the same for rules only and
    for the statistical layer alone. The lists name the rule ids behind the flagged sentences."""
    from zhongshu.proofreader.engine import check

    flagged = errors = rules_flagged = rules_errors = statistical_flagged = 0
    by_rule: dict[str, int] = {}
    for sentence in sentences:
        findings = check(sentence, statistical=True)
        rule_findings = [f for f in findings if f.rule_id != "typo.statistical"]
        flagged += bool(findings)
        errors += any(f.severity == "error" for f in findings)
        rules_flagged += bool(rule_findings)
        rules_errors += any(f.severity == "error" for f in rule_findings)
        statistical_flagged += len(rule_findings) < len(findings)
        for rule_id in {f.rule_id for f in findings}:
            by_rule[rule_id] = by_rule.get(rule_id, 0) + 1
    total = len(sentences)

    def rate(count: int) -> float | None:
        return round(count / total, 4) if total else None

    return {
        "heldout_sentences": total,
        "heldout_clean_any_finding_rate": rate(flagged),
        "heldout_clean_error_rate": rate(errors),
        "heldout_rules_only_any_finding_rate": rate(rules_flagged),
        "heldout_rules_only_error_rate": rate(rules_errors),
        "heldout_statistical_finding_rate": rate(statistical_flagged),
        "heldout_flagged_by_rule": [
            f"{rule} {n}" for rule, n in sorted(by_rule.items(), key=lambda kv: -kv[1])
        ],
    }


def rule_cases(cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cases the rule layers answer for: all but those written for the statistical layer (typos no
    list names), which measure that layer alone."""
    return [case for case in cases if case.get("layer") != "statistical"]


def run_bench(
    devset_path: str | Path = DEFAULT_DEVSET,
    *,
    runs: int = 7,
    peer: bool = True,
    ecspell: str | Path | None = None,
    heldout: Sequence[str | Path] = (),
) -> dict[str, Any]:
    """`ecspell`: an ECSpell file (say shared/eval/ecspell-odw-train.tsv) to score `check(text,
    statistical=True)` on as well; `heldout`: files of clean sentences, one a line, held out of the
    model's training (say the corpus's */heldout.txt), for the default run's false alarms and a 的/地/得
    set generated from them. A clone of the project has neither, so their paths are named."""
    from zhongshu.proofreader.engine import check

    cases = load_devset(devset_path)
    result = score(
        rule_cases(cases), lambda text: ((f.start, f.end, f.category, f.suggestion) for f in check(text))
    )
    result["cases"] = len(cases)
    document = _document(cases)
    milliseconds = _median_ms(check, document, runs)
    result["rules_ms_10k_p50"] = round(milliseconds, 2)
    result["chars_per_s"] = round(len(document) / (milliseconds / 1000))
    result["import_s"] = measure_import_s()
    result.update(statistical_figures(cases, document, runs=runs))
    result["default_ms_10k_p50"] = round(
        _median_ms(lambda text: check(text, statistical=True), document, runs), 2
    )
    result["rss_mb"] = measure_rss_mb(document)
    if ecspell is not None:
        result.update(ecspell_figures(ecspell))
    if heldout:
        sentences = clean_sentences(heldout)
        result["heldout_sources"] = [str(path) for path in heldout]
        result["heldout_fragments_left_out"] = fragments_left_out(heldout)
        result.update(heldout_figures(sentences))
        result.update(de_di_de_figures(sentences))
    if peer:
        result.update(run_peer(devset_path, runs=runs))
    return result


def statistical_figures(cases: list[dict[str, Any]], document: str, *, runs: int = 7) -> dict[str, Any]:
    """The statistical layer on its own: its false alarms on clean sentences, precision over all its
    findings, recall on the cases written for it, and its own time (rules excluded) on the document."""
    from zhongshu.proofreader import statistical
    from zhongshu.proofreader.engine import check

    layer_cases = [case for case in cases if case.get("layer") == "statistical"]
    clean = [case for case in cases if not case["expected"]]
    flagged_clean = found = findings = true_findings = exact = 0
    false_alarms: list[str] = []
    for case in cases:
        mine = [f for f in check(case["text"], statistical=True) if f.rule_id == "typo.statistical"]
        expected = case["expected"]
        flagged_clean += bool(mine) and not expected
        for f in mine:
            findings += 1
            if any(e["category"] == "typo" and f.start < e["end"] and e["start"] < f.end for e in expected):
                true_findings += 1
            else:
                false_alarms.append(f"{case['id']} {case['text'][f.start : f.end]!r}→{f.suggestion!r}")
        if case.get("layer") == "statistical":
            hits = [f for f in mine if any(f.start < e["end"] and e["start"] < f.end for e in expected)]
            found += bool(hits)
            exact += any(f.suggestion == e["suggestion"] for f in hits for e in expected)
    return {
        "statistical_clean_sentence_fp_rate": round(flagged_clean / len(clean), 4) if clean else None,
        "statistical_precision": round(true_findings / findings, 4) if findings else None,
        "statistical_recall": round(found / len(layer_cases), 4) if layer_cases else None,
        "statistical_suggestion_accuracy": round(exact / found, 4) if found else None,
        "statistical_cases": len(layer_cases),
        "statistical_false_alarms": false_alarms,
        "statistical_ms_10k_p50": round(_median_ms(statistical.find, document, runs), 2),
    }


PEER_SCRIPT = r"""
import importlib.util, json, statistics, sys, time, types
# pycorrector's package __init__ imports its torch models; its rule-based modules do not need them.
spec = importlib.util.find_spec("pycorrector")
package = types.ModuleType("pycorrector")
package.__path__ = list(spec.submodule_search_locations)
sys.modules["pycorrector"] = package
from loguru import logger
logger.remove()
from pycorrector.proper_corrector import ProperCorrector
corrector = ProperCorrector()
texts = json.load(sys.stdin)
out = []
for text in texts["cases"]:
    errors = corrector.correct(text)["errors"] if text else []
    out.append([[pos, pos + len(wrong), "typo", right] for wrong, right, pos in errors])
corrector.correct(texts["document"])
timings = []
for _ in range(texts["runs"]):
    t = time.perf_counter(); corrector.correct(texts["document"]); timings.append((time.perf_counter() - t) * 1000)
print(json.dumps({"spans": out, "ms": statistics.median(timings)}))
"""

PEER_NOT_RUN = [
    "Corrector/Detector (kenlm language model: needs the kenlm package and a 2.8 GB model fetched at run time)",
    "ConfusionCorrector (ships no confusion set; it only applies a user-supplied list)",
    "MacBert/T5/ERNIE-CSC/ConvSeq2Seq/DeepContext/GPT correctors (need torch and downloaded model weights)",
]


def run_peer(devset_path: str | Path = DEFAULT_DEVSET, *, runs: int = 3) -> dict[str, Any]:
    """pycorrector's ProperCorrector (proper nouns and idioms) on the same cases, in a subprocess."""
    if importlib_util_find("pycorrector") is None:
        return {
            "pycorrector_available": False,
            "pycorrector_parts_not_run": ["all: pycorrector is not installed"],
        }
    cases = load_devset(devset_path)
    payload = json.dumps(
        {"cases": [c["text"] for c in cases], "document": _document(cases), "runs": max(1, runs // 2)}
    )
    completed = subprocess.run(
        [sys.executable, "-c", PEER_SCRIPT], input=payload, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        last = (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return {
            "pycorrector_available": False,
            "pycorrector_error": last,
            "pycorrector_parts_not_run": PEER_NOT_RUN,
        }
    answer = json.loads(completed.stdout)
    by_text = {c["text"]: spans for c, spans in zip(cases, answer["spans"], strict=True)}
    scored = score(cases, lambda text: (tuple(span) for span in by_text[text]))
    any_found = sum(
        1
        for case, spans in zip(cases, answer["spans"], strict=True)
        for e in case["expected"]
        if any(s[0] < e["end"] and e["start"] < s[1] for s in spans)
    )
    expected_total = sum(len(c["expected"]) for c in cases)
    return {
        "pycorrector_available": True,
        "pycorrector_parts_run": ["ProperCorrector (proper nouns and idioms, pinyin and stroke similarity)"],
        "pycorrector_parts_not_run": PEER_NOT_RUN,
        "pycorrector_typo_precision": scored["typo_precision"],
        "pycorrector_typo_recall": scored["typo_recall"],
        "pycorrector_any_category_recall": round(any_found / expected_total, 4) if expected_total else None,
        "pycorrector_clean_sentence_fp_rate": scored["clean_sentence_fp_rate"],
        "pycorrector_ms_10k_p50": round(answer["ms"], 2),
    }


# ECSpell (Lv et al. 2023) --------------------------------------------------------------------------------


def load_ecspell(path: str | Path) -> list[tuple[str, str]]:
    """(source, target) pairs of an ECSpell file: tab-separated n_wrong, source, target; equal lengths."""
    pairs = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3 and len(fields[1]) == len(fields[2]):
                pairs.append((fields[1], fields[2]))
    return pairs


def corrected(text: str, *, statistical: bool = True) -> str:
    """`text` with every same-length suggestion of `check` applied (a substitution benchmark scores
    only those; findings without a same-length suggestion change nothing)."""
    from zhongshu.proofreader.engine import check

    chars = list(text)
    for finding in check(text, statistical=statistical):
        suggestion = finding.suggestion
        if suggestion is not None and len(suggestion) == finding.end - finding.start:
            chars[finding.start : finding.end] = suggestion
    return "".join(chars)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def ecspell_figures(
    path: str | Path, *, statistical: bool = True, fix: Callable[[str], str] | None = None
) -> dict[str, Any]:
    """Sentence- and character-level correction P/R/F1 on an ECSpell file, as the CSC literature counts
    them: a sentence is corrected when the output equals the target exactly; precision is over the
    sentences (characters) the proofreader changed, recall over those that needed a change."""
    fixer = fix or (lambda text: corrected(text, statistical=statistical))
    pairs = load_ecspell(path)
    changed = wrong = right = 0
    char_changed = char_wrong = char_right = 0
    for source, target in pairs:
        output = fixer(source)
        if len(output) != len(source):
            output = source
        changed += output != source
        wrong += target != source
        right += output != source and output == target
        for s, t, o in zip(source, target, output, strict=True):
            char_changed += o != s
            char_wrong += t != s
            char_right += o != s and o == t
    sentence_p = right / changed if changed else 0.0
    sentence_r = right / wrong if wrong else 0.0
    char_p = char_right / char_changed if char_changed else 0.0
    char_r = char_right / char_wrong if char_wrong else 0.0
    return {
        "ecspell_sentences": len(pairs),
        "ecspell_sentence_correction_precision": round(sentence_p, 4),
        "ecspell_sentence_correction_recall": round(sentence_r, 4),
        "ecspell_sentence_correction_f1": round(_f1(sentence_p, sentence_r), 4),
        "ecspell_char_correction_precision": round(char_p, 4),
        "ecspell_char_correction_recall": round(char_r, 4),
        "ecspell_char_correction_f1": round(_f1(char_p, char_r), 4),
    }


def flat_figures(result: dict[str, Any]) -> dict[str, int | float | str]:
    """`run_bench`'s result as the flat figures `zhongshu bench` prints: lists joined, None as 'n/a'."""
    flat: dict[str, int | float | str] = {}
    for key, value in result.items():
        if isinstance(value, list):
            flat[f"{key}_count"] = len(value)
            flat[key] = "; ".join(str(item) for item in value)
        elif value is None:
            flat[key] = "n/a"
        elif isinstance(value, bool):
            flat[key] = str(value).lower()
        else:
            flat[key] = value
    return flat


def importlib_util_find(name: str) -> object:
    import importlib.util

    return importlib.util.find_spec(name)


# 的/地/得 ---------------------------------------------------------------------------------------------------


def _harmonic(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


def de_di_de_figures(sentences: Iterable[str], *, seed: int = 19) -> dict[str, Any]:
    """Sentence-level detection and correction P/R/F1 on 的/地/得 cases generated from `sentences`
    (evalsets.particle_cases), and false alarms on the same sentences unaltered. Only the 的/地/得 rules'
    findings count. A sentence is detected when the flagged positions are exactly the swapped one, and
    corrected when applying the suggestions gives back the original; precision is over every sentence,
    wrong or clean, that got a 的/地/得 finding."""
    from zhongshu.proofreader.engine import check
    from zhongshu.proofreader.evalsets import particle_cases
    from zhongshu.proofreader.rules.particles import RULE_IDS

    def particle_findings(text: str) -> list[Any]:
        return [f for f in check(text) if f.rule_id in RULE_IDS]

    cases = particle_cases(sentences, seed=seed)
    flagged = detected = corrected_n = 0
    misses: list[str] = []
    for case in cases:
        findings = particle_findings(case.text)
        flagged += bool(findings)
        if {f.start for f in findings} == {case.position}:
            detected += 1
            chars = list(case.text)
            for f in findings:
                chars[f.start] = f.suggestion or chars[f.start]
            corrected_n += "".join(chars) == case.answer
        else:
            misses.append(
                f"{case.text[max(0, case.position - 6) : case.position + 6]!r} {case.wrong}→{case.right}"
            )
    clean_flagged = clean_errors = 0
    false_alarms: list[str] = []
    for case in cases:
        findings = particle_findings(case.answer)
        clean_flagged += bool(findings)
        clean_errors += any(f.severity == "error" for f in findings)
        for f in findings:
            false_alarms.append(
                f"{case.answer[max(0, f.start - 6) : f.start + 6]!r} {case.answer[f.start]}→{f.suggestion}"
            )
    predicted = flagged + clean_flagged
    result: dict[str, Any] = {"de_di_de_cases": len(cases)}
    for name, hits in (("detection", detected), ("correction", corrected_n)):
        precision = round(hits / predicted, 4) if predicted else 0.0
        recall = round(hits / len(cases), 4) if cases else 0.0
        result[f"de_di_de_{name}_precision"] = precision
        result[f"de_di_de_{name}_recall"] = recall
        result[f"de_di_de_{name}_f1"] = _harmonic(precision, recall)
    result["de_di_de_clean_fp_rate"] = round(clean_flagged / len(cases), 4) if cases else None
    result["de_di_de_clean_error_rate"] = round(clean_errors / len(cases), 4) if cases else None
    result["de_di_de_misses"] = misses
    result["de_di_de_false_alarms"] = false_alarms
    return result


def sentences_of(paths: Iterable[str | Path]) -> list[str]:
    """The sentences of plain-text files: each line cut after 。！？；, pieces of six characters or more."""
    import re

    sentences: list[str] = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            sentences.extend(s for s in re.split(r"(?<=[。！？；])", line.strip()) if len(s) >= 6)
    return sentences


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["de-di-de"]:
        # python -m zhongshu.proofreader.bench de-di-de FILE...: the 的/地/得 figures on those sentences.
        figures = de_di_de_figures(sentences_of(args[1:]))
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    result = run_bench(args[0] if args else DEFAULT_DEVSET)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
