"""Excel exports of the 发文登记簿 and 收文登记簿 (openpyxl), audited as exports."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook

from zhongshu.audit.disclosure import Shown
from zhongshu.core.spreadsheets import append_row
from zhongshu.documents.models import OfficialDocument

OUTGOING_COLUMNS = (
    "发文字号",
    "标题",
    "文种",
    "密级",
    "拟稿单位",
    "拟稿人",
    "签发人",
    "签发日期",
    "印发份数",
    "登记日期",
    "状态",
)
INCOMING_COLUMNS = (
    "收文编号",
    "来文单位",
    "来文字号",
    "标题",
    "文种",
    "密级",
    "紧急程度",
    "收文日期",
    "份数",
    "状态",
)


def _outgoing_row(d: OfficialDocument) -> list[Any]:
    return [
        d.doc_number,
        d.title,
        d.get_doc_type_display(),
        d.get_classification_display(),
        d.owner_unit.name if d.owner_unit else "",
        d.drafter.name if d.drafter else "",
        d.signers,
        d.signed_at.date().isoformat() if d.signed_at else "",
        d.copies,
        d.registered_at.date().isoformat() if d.registered_at else "",
        d.get_state_display(),
    ]


def _incoming_row(d: OfficialDocument) -> list[Any]:
    return [
        d.incoming_number,
        d.source_unit_name,
        d.source_doc_number,
        d.title,
        d.get_doc_type_display(),
        d.get_classification_display(),
        d.get_urgency_display() if d.urgency else "",
        d.received_on.isoformat() if d.received_on else "",
        d.copies,
        d.get_state_display(),
    ]


def register_workbook(kind: str, rows: Iterable[OfficialDocument], *, actor: Any) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has its sheet
    if kind == "outgoing":
        sheet.title = "发文登记簿"
        sheet.append(list(OUTGOING_COLUMNS))
        make = _outgoing_row
    else:
        sheet.title = "收文登记簿"
        sheet.append(list(INCOMING_COLUMNS))
        make = _incoming_row
    shown = Shown()
    for document in shown.each(rows):
        append_row(sheet, make(document))
    shown.record(
        actor,
        action=f"documents.register_export.{kind}",
        route=f"documents.register_{kind}.xlsx",
        always=True,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
