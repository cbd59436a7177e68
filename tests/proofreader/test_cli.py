"""The CLI contract other tools rely on: output shapes, exit codes, .docx input, bad input."""

import json
import re
import subprocess
import sys

import docx
import pytest

from zhongshu.proofreader.cli import main

ERRORFUL = "各乡镇要精心布署，确保各项任务按时完成。"
CLEAN = "各乡镇要精心部署，确保各项任务按时完成。"


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_readable_output_and_exit_1_on_an_error(tmp_path, capsys):
    path = write(tmp_path, "a.txt", "第一行没有问题。\n" + ERRORFUL)
    assert main([path]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{path}:2:7: error typo [typo.wrong_word] 「布署」 词语写法有误：“布署”应为“部署” -> 「部署」",
        "1 findings (1 errors) in 29 characters",
    ]
    assert "\033[" not in "".join(out)  # no colour when stdout is not a terminal


def test_exit_0_with_only_warnings(tmp_path, capsys):
    path = write(tmp_path, "w.txt", "牢记习总书记的殷切嘱托。")
    assert main([path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"][0]["severity"] == "warning"


def test_json_shape(tmp_path, capsys):
    path = write(tmp_path, "a.txt", ERRORFUL)
    assert main([path, "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == {
        "chars": 20,
        "findings": [
            {
                "start": 6,
                "end": 8,
                "category": "typo",
                "rule_id": "typo.wrong_word",
                "message": "词语写法有误：“布署”应为“部署”",
                "suggestion": "部署",
                "severity": "error",
            }
        ],
    }


def test_jsonl_batch(tmp_path, capsys):
    lines = [json.dumps({"id": 1, "text": ERRORFUL}), "", json.dumps({"id": "b", "text": CLEAN})]
    path = write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")
    assert main(["--format", "jsonl", "--batch", path]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [record["id"] for record in out] == [1, "b"]
    assert [f["rule_id"] for f in out[0]["findings"]] == ["typo.wrong_word"]
    assert out[1] == {"id": "b", "findings": []}


def test_jsonl_batch_bad_json_is_exit_2(tmp_path, capsys):
    path = write(tmp_path, "in.jsonl", json.dumps({"id": 1, "text": CLEAN}) + "\n{not json\n")
    assert main(["--format", "jsonl", "--batch", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert (
        captured.err
        == f"zhongshu proofread: {path} line 2: bad JSON (Expecting property name enclosed in double quotes)\n"
    )


def test_jsonl_batch_record_without_text_is_exit_2(tmp_path, capsys):
    path = write(tmp_path, "in.jsonl", json.dumps({"id": 1}) + "\n")
    assert main(["--format", "jsonl", "--batch", path]) == 2
    assert 'line 1: expected an object {"id": ..., "text": "..."}' in capsys.readouterr().err


def test_docx_is_read_paragraph_by_paragraph(tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph("关于做好安全生产工作的通知")
    document.add_paragraph(ERRORFUL)
    path = str(tmp_path / "notice.docx")
    document.save(path)
    assert main([path]) == 1
    assert capsys.readouterr().out.startswith(f"{path}:2:7: error typo [typo.wrong_word] 「布署」")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.txt", b"\xe4\xbc\x9a\xff", "bad.txt is not valid UTF-8 (byte 0xff at offset 3)"),
        ("corrupt.docx", b"PK\x03\x04 not really a zip", "corrupt.docx is not a readable .docx file"),
    ],
)
def test_bad_input_is_exit_2_with_a_clear_message(tmp_path, capsys, name, content, message):
    path = write(tmp_path, name, content)
    assert main([path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"zhongshu proofread: {str(tmp_path)}/{message}\n"


def test_missing_file_is_exit_2(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 2
    assert (
        capsys.readouterr().err
        == f"zhongshu proofread: cannot read {tmp_path}/nope.txt: No such file or directory\n"
    )


def test_ten_megabyte_file_is_refused_clearly(tmp_path, capsys):
    path = write(tmp_path, "big.txt", "会议" * 1_750_000)  # 10.5 MB of UTF-8
    assert main([path]) == 2
    assert capsys.readouterr().err == (
        f"zhongshu proofread: {path}: 3500000 characters is more than the limit of 1000000\n"
    )


def test_empty_file_is_clean(tmp_path, capsys):
    path = write(tmp_path, "empty.txt", b"")
    assert main([path, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"chars": 0, "findings": []}


def test_usage_errors_are_exit_2(capsys):
    assert main([]) == 2
    assert main(["--format", "jsonl", "x.txt"]) == 2
    assert main(["--format", "xml", "x.txt"]) == 2
    assert "give a FILE to check" in capsys.readouterr().err


def test_stdin_through_python_dash_m():
    completed = subprocess.run(
        [sys.executable, "-m", "zhongshu.proofreader", "-", "--format", "json"],
        input=ERRORFUL.encode(),
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 1
    assert json.loads(completed.stdout)["chars"] == 20


# The statistical layer's suggestion in a sentence the rules find clean: 载 where 在 belongs.
STATISTICAL_ONLY = "本次培训载县委党校举行，为期三天。"
RULE_KEYS = {"start", "end", "category", "rule_id", "message", "suggestion", "severity"}


def test_the_default_run_includes_the_statistical_layer_with_a_confidence(tmp_path, capsys):
    path = write(tmp_path, "s.txt", STATISTICAL_ONLY)
    assert main([path, "--format", "json"]) == 0  # a suggestion is a warning, never an error
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["start"], finding["end"], finding["rule_id"]) == (4, 5, "typo.statistical")
    assert (finding["severity"], finding["suggestion"]) == ("warning", "在")
    assert set(finding) == RULE_KEYS | {"confidence"}
    assert 0.0 <= finding["confidence"] <= 1.0


def test_rules_only_leaves_the_statistical_layer_out(tmp_path, capsys):
    path = write(tmp_path, "s.txt", STATISTICAL_ONLY)
    assert main([path, "--format", "json", "--rules-only"]) == 0
    assert json.loads(capsys.readouterr().out)["findings"] == []
    lines = [json.dumps({"id": 1, "text": STATISTICAL_ONLY})]
    batch = write(tmp_path, "in.jsonl", "\n".join(lines) + "\n")
    assert main(["--format", "jsonl", "--batch", batch, "--rules-only"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": 1, "findings": []}
    assert main(["--format", "jsonl", "--batch", batch]) == 0
    assert [f["rule_id"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["typo.statistical"]


def test_statistical_is_still_accepted_and_means_the_default(tmp_path, capsys):
    path = write(tmp_path, "s.txt", STATISTICAL_ONLY)
    assert main([path, "--format", "json", "--statistical"]) == 0
    assert [f["rule_id"] for f in json.loads(capsys.readouterr().out)["findings"]] == ["typo.statistical"]
    assert main([path, "--statistical", "--rules-only"]) == 2
    assert "--rules-only leaves out the statistical layer" in capsys.readouterr().err


def test_rule_findings_carry_no_confidence_key(tmp_path, capsys):
    path = write(tmp_path, "a.txt", ERRORFUL + STATISTICAL_ONLY)
    assert main([path, "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)["findings"]
    assert [f["rule_id"] for f in findings] == ["typo.wrong_word", "typo.statistical"]
    assert set(findings[0]) == RULE_KEYS


def test_readable_output_gives_a_suggestions_confidence(tmp_path, capsys):
    path = write(tmp_path, "s.txt", STATISTICAL_ONLY)
    assert main([path]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"{path}:1:5: warning typo [typo.statistical] 「载」 ")
    assert re.search(r" -> 「在」 \(confidence [01]\.\d\d\)$", line)
