"""`zhongshu proofread FILE|-`: the proofreader's command line, with no Django.

Exit status: 0 when no error-severity finding, 1 when there is one, 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from zhongshu.proofreader.engine import MAX_CHARS, check
from zhongshu.proofreader.findings import Finding
from zhongshu.proofreader.inputs import BadInput, decode, read_text

COLOURS = {"error": "\033[31m", "warning": "\033[33m"}
RESET = "\033[0m"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhongshu proofread",
        description=(
            "Proofread Chinese official-document text (typo, punctuation, number, format, formulation); "
            "rule findings and, unless --rules-only, the statistical layer's suggestions."
        ),
    )
    parser.add_argument("file", nargs="?", help="a UTF-8 text file, a .docx file, or - for standard input")
    parser.add_argument("--format", choices=("text", "json", "jsonl"), default=None, help="output format")
    parser.add_argument(
        "--batch", metavar="FILE.jsonl", help='read lines {"id": ..., "text": ...}; needs --format jsonl'
    )
    parser.add_argument(
        "--rules-only",
        action="store_true",
        help="leave out the statistical layer's suggestions (warnings with a confidence): rules only",
    )
    # The statistical layer used to be opt-in; scripts that still ask for it get what is now the default.
    parser.add_argument("--statistical", action="store_true", help=argparse.SUPPRESS)
    return parser


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in code points) of `offset`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def print_readable(text: str, findings: list[Finding], out: TextIO, *, name: str) -> None:
    colour = out.isatty()
    for finding in findings:
        line, column = line_column(text, finding.start)
        flagged = text[finding.start : finding.end].replace("\n", "\\n")
        label = f"{finding.severity} {finding.category}"
        if colour:
            label = f"{COLOURS[finding.severity]}{label}{RESET}"
        suggestion = "" if finding.suggestion is None else f" -> 「{finding.suggestion}」"
        sureness = "" if finding.confidence is None else f" (confidence {finding.confidence:.2f})"
        out.write(
            f"{name}:{line}:{column}: {label} [{finding.rule_id}] 「{flagged}」 {finding.message}"
            f"{suggestion}{sureness}\n"
        )
    errors = sum(f.severity == "error" for f in findings)
    out.write(f"{len(findings)} findings ({errors} errors) in {len(text)} characters\n")


def run_batch(path: str, out: TextIO, *, statistical: bool) -> int:
    try:
        with open(path, "rb") as handle:
            raw_lines = handle.read().split(b"\n")
    except OSError as error:
        raise BadInput(f"cannot read {path}: {error.strerror or error}") from None
    records = []
    for number, raw in enumerate(raw_lines, start=1):
        line = decode(raw, f"{path} line {number}")
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BadInput(f"{path} line {number}: bad JSON ({error.msg})") from None
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
            raise BadInput(f'{path} line {number}: expected an object {{"id": ..., "text": "..."}}')
        if len(record["text"]) > MAX_CHARS:
            raise BadInput(f"{path} line {number}: text longer than {MAX_CHARS} characters")
        records.append(record)
    status = 0
    for record in records:
        findings = check(record["text"], statistical=statistical)
        if any(f.severity == "error" for f in findings):
            status = 1
        out.write(
            json.dumps({"id": record["id"], "findings": [f.to_dict() for f in findings]}, ensure_ascii=False)
        )
        out.write("\n")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:
        return int(exit_.code or 0) and 2
    out = sys.stdout
    try:
        if args.rules_only and args.statistical:
            raise BadInput("--rules-only leaves out the statistical layer: do not also give --statistical")
        if args.batch:
            if args.format not in (None, "jsonl") or args.file:
                raise BadInput("--batch reads its own file and writes jsonl: give --format jsonl and no FILE")
            return run_batch(args.batch, out, statistical=not args.rules_only)
        if args.format == "jsonl":
            raise BadInput("--format jsonl needs --batch FILE.jsonl")
        if not args.file:
            raise BadInput("give a FILE to check, or - for standard input")
        text = read_text(args.file)
        if len(text) > MAX_CHARS:
            raise BadInput(f"{args.file}: {len(text)} characters is more than the limit of {MAX_CHARS}")
    except BadInput as error:
        print(f"zhongshu proofread: {error}", file=sys.stderr)
        return 2
    findings = check(text, statistical=not args.rules_only)
    if args.format == "json":
        json.dump({"chars": len(text), "findings": [f.to_dict() for f in findings]}, out, ensure_ascii=False)
        out.write("\n")
    else:
        print_readable(text, findings, out, name="<stdin>" if args.file == "-" else args.file)
    return 1 if any(f.severity == "error" for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
