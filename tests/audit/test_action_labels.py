"""Every audit action the code writes has a Chinese label (issue 15, one vocabulary).

The crawler (tests/web/test_vocabulary.py) sees only the actions the demo happens to record; this reads the
source for the rest: each literal action given to `audit_record`, and to the apps' own helpers that prefix
it (`documents.services.audit`, `meetings.services.audit`, the `_audit` of supervision, archives and workflow).
"""

from __future__ import annotations

import re
from pathlib import Path

import zhongshu
from zhongshu.audit.vocabulary import action_label, object_types

ROOT = Path(zhongshu.__file__).parent
LITERAL = r'"([a-z][a-z_.]*)"(?:\s+if\s+[^"]+?\s+else\s+"([a-z][a-z_.]*)")?'
CALLS = [
    # (files, call pattern with the action literal, prefix the helper adds)
    ("**/*.py", r"audit_record\((?:[^()]|\([^()]*\))*?\baction=" + LITERAL, ""),
    ("documents/**/*.py", r"\baudit\((?:[^()]|\([^()]*\))*?\baction=" + LITERAL, "documents."),
    ("supervision/**/*.py", r"\b_audit\(\s*\w+,\s*" + LITERAL, "supervision."),
    ("archives/**/*.py", r"\b_audit\(\s*\w+,\s*" + LITERAL, "archives."),
    ("workflow/**/*.py", r"\b_audit\((?:[^()]|\([^()]*\))*?\baction=" + LITERAL, "workflow."),
    ("meetings/**/*.py", r"\baudit\((?:[^()]|\([^()]*\))*?\baction=" + LITERAL, "meetings."),
]


def written_actions() -> set[str]:
    actions: set[str] = set()
    for pattern, call, prefix in CALLS:
        for path in ROOT.glob(pattern):
            if "migrations" in path.parts:
                continue
            for match in re.finditer(call, path.read_text(encoding="utf-8"), re.S):
                actions.update(prefix + code for code in match.groups() if code)
    return actions


def test_the_source_writes_actions_the_scan_finds():
    actions = written_actions()
    assert {
        "auth.login",
        "documents.submit",
        "supervision.open",
        "archives.arrange",
        "workflow.start",
        "meetings.copy_hand_out",
    } <= actions


def composed_actions() -> set[str]:
    """The actions the code composes from a code (f"step.{action}", f"appraise.{decision}", ...)."""
    from zhongshu.access.policy import READ_ACTIONS, Action
    from zhongshu.archives.models import Decision
    from zhongshu.duty.models import ReportKind
    from zhongshu.workflow.states import StepAction, StepKind

    return {
        *(f"documents.{kind}.{outcome}" for kind in StepKind.values for outcome in ("approve", "return")),
        *(f"workflow.step.{action}" for action in StepAction.values),
        *(f"archives.appraise.{decision}" for decision in Decision.values),
        *(f"access.denied.{action.value}" for action in Action),
        *(f"record.{action.value}" for action in READ_ACTIONS),
        *(f"duty.incident.report.{kind}" for kind in ReportKind.values),
        *(f"duty.swap.{action}" for action in ("request", "approve", "refuse", "withdraw")),
        *(f"duty.absence.{action}" for action in ("file", "approve", "refuse", "withdraw", "close")),
        "record.list",
        "record.search",
        "documents.register_export.outgoing",
        "documents.register_export.incoming",
    }


def test_every_action_the_code_writes_has_a_chinese_label():
    actions = written_actions() | composed_actions()
    unnamed = sorted(action for action in actions if action_label(action) == action)
    assert not unnamed, f"audit actions without a label in any app's vocabulary.py: {unnamed}"


def test_every_object_type_the_filter_suggests_has_a_chinese_name():
    types = dict(object_types())
    assert types["documents.officialdocument"] == "公文"
    unnamed = sorted(code for code, label in types.items() if not re.search(r"[\u4e00-\u9fff]", label))
    assert not unnamed, f"object types without a Chinese name (add them to OBJECT_TYPE_LABELS): {unnamed}"
