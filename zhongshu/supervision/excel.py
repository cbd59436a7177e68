"""The ledger as Excel: export in the columns offices use, and import of an existing ledger.

Import is two steps: `import_preview` checks every row and reports each bad cell by row and column (bad
date, unknown unit, missing field), keeping the valid rows under a token; nothing is written to the ledger
until `import_confirm` is called with that token.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from zhongshu.accounts.actors import Actor
from zhongshu.audit.disclosure import Shown
from zhongshu.audit.services import audit_record
from zhongshu.core.errors import ServiceError
from zhongshu.core.spreadsheets import (
    CellError,
    ImportPreview,
    append_row,
    cell_text,
    claim_pending_import,
    records,
    sheet_rows,
)
from zhongshu.org.models import Person, Unit
from zhongshu.supervision.models import (
    ItemEvent,
    ItemUnit,
    LedgerImport,
    Source,
    SupervisionItem,
    UnitRole,
)
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.selectors import LedgerFilter, ledger_rows
from zhongshu.supervision.services import SUPERVISING_ONLY, person_of, title_problem
from zhongshu.supervision.states import ItemState

COLUMNS = ["序号", "事项", "来源", "牵头单位", "配合单位", "责任领导", "时限", "进展", "状态"]
UNIT_SEPARATORS = re.compile(r"[、，,;；\s]+")


def export_ledger(user: Any, flt: LedgerFilter) -> bytes:
    """The visible ledger, newest first, as an .xlsx workbook."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("督查台账")
    sheet.append(COLUMNS)
    shown = Shown()
    for number, row in enumerate(ledger_rows(user, flt), start=1):
        item = row.item
        shown.add(item)
        append_row(
            sheet,
            [
                number,
                item.title,
                item.get_source_display(),
                item.lead_unit.name if item.lead_unit else "",
                "、".join(row.co_units),
                item.leader.name if item.leader else "",
                item.deadline,
                item.progress,
                item.get_state_display(),
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    shown.record(user, action="supervision.ledger.export", route="supervision.export.xlsx", always=True)
    return buffer.getvalue()


def ledger_table(data: bytes) -> list[list[Any]]:
    """The cells of an exported ledger as plain values (for comparing two ledgers)."""
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [[_plain(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    return value


# --- Import --------------------------------------------------------------------------------------------


_SOURCE_BY_LABEL = {label: value for value, label in Source.choices} | {v: v for v in Source.values}
_STATE_BY_LABEL = {label: value for value, label in ItemState.choices} | {v: v for v in ItemState.values}
_DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_TEXT.match(cell_text(value))
    if not match:
        raise ValueError
    return date(int(match[1]), int(match[2]), int(match[3]))


class _Lookup:
    """Units by name or short name and leaders by name, loaded once per import."""

    def __init__(self) -> None:
        self.units: dict[str, list[int]] = {}
        for pk, name, short in Unit.objects.filter(is_active=True).values_list("id", "name", "short_name"):
            for key in {name, short} - {""}:
                self.units.setdefault(key, []).append(pk)
        self.leaders: dict[str, list[int]] = {}
        for pk, name in Person.objects.filter(Q(is_leader=True)).values_list("id", "name"):
            self.leaders.setdefault(name, []).append(pk)

    def unit(self, name: str) -> int | None:
        found = self.units.get(name, [])
        return found[0] if len(found) == 1 else None


def import_preview(*, by: Actor, data: bytes) -> ImportPreview:
    """Check every row; keep the valid ones under a token. Writes nothing to the ledger."""
    if not is_supervising(by):
        raise ServiceError(SUPERVISING_ONLY, code="not_supervisor")
    lookup = _Lookup()
    preview = ImportPreview(token=uuid.uuid4().hex, total=0)
    for number, cells in records(sheet_rows(data, what="台账"), COLUMNS, required=COLUMNS[1:]):
        preview.total += 1
        parsed, errors = _check_row(number, cells, lookup)
        preview.errors.extend(errors)
        if not errors:
            preview.valid.append(parsed)
    LedgerImport.objects.create(token=preview.token, created_by=by, rows=preview.valid)
    return preview


def _check_row(number: int, cells: dict[str, Any], lookup: _Lookup) -> tuple[dict[str, Any], list[CellError]]:
    errors: list[CellError] = []

    def fail(column: str, message: str) -> None:
        errors.append(CellError(number, column, message))

    title = cell_text(cells.get("事项"))
    if not title:
        fail("事项", "缺少事项名称")
    elif (problem := title_problem(title)) is not None:
        fail("事项", problem)
    source_label = cell_text(cells.get("来源"))
    source = _SOURCE_BY_LABEL.get(source_label)
    if not source_label:
        fail("来源", "缺少来源")
    elif source is None:
        fail("来源", f"未知的来源：{source_label}")
    state_label = cell_text(cells.get("状态")) or ItemState.ASSIGNED.label
    state = _STATE_BY_LABEL.get(state_label)
    if state is None:
        fail("状态", f"未知的状态：{state_label}")
    elif state == ItemState.WITHDRAWN:
        fail("状态", "已作废的事项不导入")
    lead_name = cell_text(cells.get("牵头单位"))
    lead = lookup.unit(lead_name) if lead_name else None
    if not lead_name:
        if state != ItemState.DRAFT:
            fail("牵头单位", "缺少牵头单位")
    elif lead is None:
        fail("牵头单位", f"未知的单位：{lead_name}")
    co: list[int] = []
    for name in (n for n in UNIT_SEPARATORS.split(cell_text(cells.get("配合单位"))) if n):
        found = lookup.unit(name)
        if found is None:
            fail("配合单位", f"未知的单位：{name}")
        else:
            co.append(found)
    leader_name = cell_text(cells.get("责任领导"))
    leader = None
    if leader_name:
        matches = lookup.leaders.get(leader_name, [])
        if len(matches) != 1:
            fail("责任领导", f"未知的领导：{leader_name}" if not matches else f"领导重名：{leader_name}")
        else:
            leader = matches[0]
    raw_deadline = cells.get("时限")
    deadline = None
    if cell_text(raw_deadline):
        try:
            deadline = _parse_date(raw_deadline)
        except ValueError:
            fail("时限", f"日期无法识别：{cell_text(raw_deadline)}（应为 YYYY-MM-DD）")
    elif state not in (None, ItemState.DRAFT):
        fail("时限", "缺少办理时限")
    parsed = {
        "row": number,
        "title": title,
        "source": source,
        "state": state,
        "lead": lead,
        "co": co,
        "leader": leader,
        "deadline": deadline.isoformat() if deadline else None,
        "progress": cell_text(cells.get("进展"))[:500],
    }
    return parsed, errors


def import_confirm(*, by: Actor, token: str) -> int:
    """Write the valid rows kept under `token` (once). The first row of the sheet becomes the newest item."""
    if not is_supervising(by):
        raise ServiceError(SUPERVISING_ONLY, code="not_supervisor")
    opener = person_of(by)
    with transaction.atomic():
        batch = claim_pending_import(LedgerImport, token=token, by=by)
        today = timezone.localdate()
        created = 0
        for row in reversed(batch.rows):
            item = SupervisionItem(
                title=row["title"],
                source=row["source"],
                state=row["state"],
                lead_unit_id=row["lead"],
                leader_id=row["leader"],
                progress=row["progress"],
                supervisor=opener,
                owner_person=opener,
                owner_unit=opener.unit if opener else None,
                created_by=by,
                assigned_on=today if row["state"] != ItemState.DRAFT else None,
                source_note=f"台账导入第{row['row']}行",
            )
            item.set_deadline_date(date.fromisoformat(row["deadline"]) if row["deadline"] else None)
            if row["state"] == ItemState.CLOSED:
                item.closed_on = today
                item.closed_on_time = item.deadline is None or today <= item.deadline
            item.save()
            links = [ItemUnit(item=item, unit_id=row["lead"], role=UnitRole.LEAD)] if row["lead"] else []
            links += [
                ItemUnit(item=item, unit_id=u, role=UnitRole.CO)
                for u in dict.fromkeys(row["co"])
                if u != row["lead"]
            ]
            ItemUnit.objects.bulk_create(links)
            if links:
                item.need_to_know_units.add(*[link.unit_id for link in links])
            ItemEvent.objects.create(
                item=item,
                action="import",
                state_after=item.state,
                by=by,
                by_name=opener.name if opener else by.get_username(),
                note=f"台账导入第{row['row']}行",
            )
            created += 1
        batch.used_at = timezone.now()
        batch.save(update_fields=["used_at"])
        audit_record(
            actor=by,
            action="supervision.import",
            object_type="supervision.ledgerimport",
            object_id=batch.pk,
            details={"items": created},
        )
    return created
