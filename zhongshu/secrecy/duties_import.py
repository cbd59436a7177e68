"""Excel import of questions into a bank (试题导入): preview first — every bad cell reported by row and column,
nothing written — then, once the 保密办 confirms, every valid row written in one transaction (core.spreadsheets).

Columns (any order): 题型 (单选题 / 多选题 / 判断题), 知识点, 题目, 选项A … 选项F, 正确答案 (letters such as “A” or
“ACD”, “A、C”; a true/false question “正确” or “错误”, or A / B), 解析, 分值 (blank: 1). Each row is judged by the
same rule as a question typed in (`duties._checked_question`): no right answer, a right answer that is not an
option, a single-choice question with two, and so on are refused by name.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.spreadsheets import (
    CellError,
    ImportPreview,
    cell_text,
    claim_pending_import,
    records,
    sheet_rows,
)
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import Question, QuestionBank, QuestionImport, QuestionKind
from zhongshu.secrecy.roles import keeps_ledger

OPTION_COLUMNS = tuple(f"选项{letter}" for letter in duties.OPTION_LETTERS[:6])
COLUMNS = ("题型", "知识点", "题目", *OPTION_COLUMNS, "正确答案", "解析", "分值")
REQUIRED = ("题型", "知识点", "题目", "正确答案")
KINDS = {label: value for value, label in QuestionKind.choices} | {
    "单选": "single",
    "多选": "multiple",
    "判断": "true_false",
}
TRUE_WORDS = {"正确": 0, "对": 0, "是": 0, "√": 0, "错误": 1, "错": 1, "否": 1, "×": 1}
_LETTERS = re.compile(r"^[A-Fa-f](?:[、,，\s]*[A-Fa-f])*$")


def _answer(kind: str, raw: str) -> list[int] | None:
    text = raw.strip()
    if kind == QuestionKind.TRUE_FALSE and text in TRUE_WORDS:
        return [TRUE_WORDS[text]]
    if not _LETTERS.match(text):
        return None
    return sorted({ord(letter) - ord("A") for letter in text.upper() if letter.isalpha()})


def _row(number: int, cells: dict[str, Any]) -> tuple[dict[str, Any], list[CellError]]:
    errors: list[CellError] = []
    kind = KINDS.get(cell_text(cells.get("题型")))
    if kind is None:
        errors.append(CellError(number, "题型", "题型应为单选题、多选题或判断题"))
        return {}, errors
    answer = _answer(kind, cell_text(cells.get("正确答案")))
    if answer is None:
        errors.append(
            CellError(number, "正确答案", "正确答案应为选项字母（如 A 或 ACD），判断题为“正确”或“错误”")
        )
        return {}, errors
    raw_points = cell_text(cells.get("分值"))
    points: int | None = None
    if raw_points:
        try:
            points = int(float(raw_points))
        except ValueError:
            errors.append(CellError(number, "分值", f"分值应为整数：{raw_points[:20]}"))
            return {}, errors
    options = [cell_text(cells.get(column)) for column in OPTION_COLUMNS]
    try:
        topic, text, clean_options, right, worth = duties._checked_question(
            kind=kind,
            topic=cell_text(cells.get("知识点"))[:40],
            text=cell_text(cells.get("题目")),
            options=options,
            answer=answer,
            points=points,
        )
    except ServiceError as refusal:
        column = {
            "options": "选项A",
            "answer": "正确答案",
            "points": "分值",
            "topic": "知识点",
            "text": "题目",
        }
        errors.append(CellError(number, column.get(refusal.field or "", "题目"), refusal.message))
        return {}, errors
    if len(text) > 500:
        errors.append(CellError(number, "题目", "题目不能超过500字"))
        return {}, errors
    explanation = cell_text(cells.get("解析"))[:500]
    return {
        "row": number,
        "kind": kind,
        "topic": topic,
        "text": text,
        "options": clean_options,
        "answer": right,
        "explanation": explanation,
        "points": worth,
    }, errors


def questions_import_preview(*, by: Actor, bank: QuestionBank, data: bytes) -> ImportPreview:
    """Check every row; keep the valid ones under a token. Writes no question."""
    if not keeps_ledger(by):
        raise Forbidden("只有保密办可以导入试题", code="not_allowed")
    preview = ImportPreview(token=uuid.uuid4().hex, total=0)
    known = set(Question.objects.filter(bank=bank).values_list("text", flat=True))
    for number, cells in records(sheet_rows(data, what="试题表"), COLUMNS, required=REQUIRED):
        preview.total += 1
        parsed, errors = _row(number, cells)
        if not errors and parsed["text"] in known:
            errors.append(CellError(number, "题目", "题库中已有相同的题目"))
        preview.errors.extend(errors)
        if not errors:
            known.add(parsed["text"])
            preview.valid.append(parsed)
    QuestionImport.objects.create(token=preview.token, created_by=by, bank=bank, rows=preview.valid)
    return preview


def questions_import_confirm(*, by: Actor, bank: QuestionBank, token: str) -> int:
    """Write the rows kept under `token`, once, all or none."""
    if not keeps_ledger(by):
        raise Forbidden("只有保密办可以导入试题", code="not_allowed")
    with transaction.atomic():
        batch = claim_pending_import(QuestionImport, token=token, by=by)
        if batch.bank_id != bank.pk:
            raise ServiceError("导入批次不属于该题库，请重新上传", code="unknown_import")
        now = timezone.now()
        Question.objects.bulk_create(
            Question(
                bank=bank,
                kind=row["kind"],
                topic=row["topic"],
                text=row["text"],
                options=row["options"],
                answer=row["answer"],
                explanation=row["explanation"],
                points=row["points"],
                created_at=now,
            )
            for row in batch.rows
        )
        batch.used_at = now
        batch.save(update_fields=["used_at"])
        audit_record(
            actor=by, action="secrecy.duties.question.import", target=bank, details={"count": len(batch.rows)}
        )
    return len(batch.rows)
