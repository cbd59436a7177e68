"""The filing catalogue (归档文件目录) as Excel, and import of an existing catalogue.

Export: exactly the catalogue columns of DA/T 22-2015, 日期 as YYYYMMDD, self-made titles in [ ], destroyed
items kept and marked in 备注. Import is two steps, as for the supervision ledger: `import_preview` checks
every row and reports each bad cell by row and column, keeping the valid rows under a token; nothing is
written until `import_confirm`, which writes them all or, if any became invalid meanwhile, none.
"""

from __future__ import annotations

import io
import re
import uuid
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from zhongshu.access.policy import Action, visible
from zhongshu.accounts.actors import Actor
from zhongshu.archives.models import CATEGORY_WS, RETENTION_CODE, ArchiveItem, CatalogueImport, ItemState
from zhongshu.archives.numbering import parse_reference_code, reserve_item_number
from zhongshu.archives.roles import ARCHIVIST_ONLY, is_archivist
from zhongshu.archives.selectors import CatalogueFilter, catalogue_items
from zhongshu.audit.disclosure import Shown
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.spreadsheets import (
    CellError,
    ImportPreview,
    append_row,
    cell_text,
    claim_pending_import,
    records,
    sheet_rows,
)

COLUMNS = ["序号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "备注"]
REQUIRED = ["档号", "题名", "日期"]
_CLASSIFICATION_BY_LABEL = {label: value for value, label in Classification.choices}
# Looks like a 档号 apart from its retention code, to say "unknown retention" rather than "bad format".
_LOOSE_CODE = re.compile(
    r"^[A-Za-z0-9]{1,20}-[A-Z]{2}·\d{4}-(?P<retention>[A-Za-z0-9]+)-[A-Za-z0-9]{1,32}-\d{4,}$"
)
_SELF_MADE = re.compile(r"^\[(?P<title>.+)\]$")


def catalogue_date(day: date | None) -> str:
    return day.strftime("%Y%m%d") if day else ""


def catalogue_row(number: int, item: ArchiveItem) -> list[Any]:
    remarks = item.remarks
    if item.is_destroyed and "销毁" not in remarks:
        remarks = f"{remarks}；已销毁" if remarks else "已销毁"
    return [
        number,
        item.reference_code,
        item.doc_number,
        item.responsible,
        item.display_title,
        catalogue_date(item.date),
        item.pages,
        item.get_classification_display(),
        remarks,
    ]


def export_catalogue(user: Any, flt: CatalogueFilter) -> bytes:
    """The visible catalogue in filing order as .xlsx; the export is audited."""
    items = visible(catalogue_items(user, flt), user, Action.EXPORT).order_by(
        "fonds", "year", "retention", "org_code", "item_number"
    )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("归档文件目录")
    sheet.append(COLUMNS)
    shown = Shown()
    for count, item in enumerate(shown.each(items.iterator()), start=1):
        append_row(sheet, catalogue_row(count, item))
    buffer = io.BytesIO()
    workbook.save(buffer)
    # The event names the highest level exported and the counts per level (it used to say 0 whatever it held).
    shown.record(
        user,
        action="archives.catalogue.export",
        route="archives.catalogue.xlsx",
        always=True,
        object_type="archives.archiveitem",
        details={"filter": flt.as_params()},
    )
    return buffer.getvalue()


# --- Import --------------------------------------------------------------------------------------------


def _catalogue_day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    if isinstance(value, (int, float)) and float(value).is_integer():
        text = str(int(value))
    if not re.fullmatch(r"\d{8}", text):
        raise ValueError
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


def import_preview(*, by: Actor, data: bytes) -> ImportPreview:
    """Check every row; keep the valid ones under a token. Writes no archive item."""
    if not is_archivist(by):
        raise Forbidden(ARCHIVIST_ONLY, code="not_archivist")
    preview = ImportPreview(token=uuid.uuid4().hex, total=0)
    seen: dict[str, int] = {}
    candidates: list[tuple[dict[str, Any], list[CellError]]] = []
    rows = sheet_rows(data, what="归档文件目录")
    for number, cells in records(rows, COLUMNS, required=COLUMNS[1:]):
        preview.total += 1
        parsed, errors = _check_row(number, cells, seen)
        candidates.append((parsed, errors))
    codes = [parsed["reference_code"] for parsed, _ in candidates if parsed.get("reference_code")]
    taken = set(ArchiveItem.objects.filter(reference_code__in=codes).values_list("reference_code", flat=True))
    for parsed, errors in candidates:
        if parsed.get("reference_code") in taken:
            errors.append(CellError(parsed["row"], "档号", f"档号已存在：{parsed['reference_code']}"))
        preview.errors.extend(errors)
        if not errors:
            preview.valid.append(parsed)
    CatalogueImport.objects.create(token=preview.token, created_by=by, rows=preview.valid)
    return preview


def _check_row(
    number: int, cells: dict[str, Any], seen: dict[str, int]
) -> tuple[dict[str, Any], list[CellError]]:
    errors: list[CellError] = []

    def fail(column: str, message: str) -> None:
        errors.append(CellError(number, column, message))

    raw_code = cell_text(cells.get("档号"))
    code = parse_reference_code(raw_code)
    if not raw_code:
        fail("档号", "缺少档号")
    elif code is None:
        loose = _LOOSE_CODE.match(raw_code.replace("・", "·"))
        if loose and loose["retention"] not in RETENTION_CODE.values():
            fail("档号", f"未知的保管期限：{loose['retention']}（应为 Y、D30 或 D10）")
        else:
            fail("档号", f"档号格式有误：{raw_code}（应如 Z109-WS·2024-Y-BGS-0001）")
    elif code.category != CATEGORY_WS:
        fail("档号", f"门类代码应为 WS：{raw_code}")
    elif str(code) in seen:
        fail("档号", f"档号与第{seen[str(code)]}行重复：{code}")
    else:
        seen[str(code)] = number
    title = cell_text(cells.get("题名"))
    self_made = False
    if (match := _SELF_MADE.match(title)) is not None:
        title, self_made = match["title"].strip(), True
    if not title:
        fail("题名", "缺少题名")
    elif len(title) > 300:
        fail("题名", "题名超过300字")
    day = None
    raw_day = cells.get("日期")
    if not cell_text(raw_day):
        fail("日期", "缺少日期")
    else:
        try:
            day = _catalogue_day(raw_day)
        except ValueError:
            fail("日期", f"日期无法识别：{cell_text(raw_day)}（应为 YYYYMMDD，如 20240105）")
    pages = 0
    raw_pages = cells.get("页数")
    if cell_text(raw_pages):
        text = cell_text(raw_pages)
        if isinstance(raw_pages, float) and raw_pages.is_integer():
            text = str(int(raw_pages))
        if not (text.isascii() and text.isdigit()) or int(text) > 100000:
            fail("页数", f"页数应为非负整数：{text}")
        else:
            pages = int(text)
    level_label = cell_text(cells.get("密级")) or Classification.INTERNAL.label
    classification = _CLASSIFICATION_BY_LABEL.get(level_label)
    if classification is None:
        fail("密级", f"未知的密级：{level_label}（应为公开、内部、秘密、机密或绝密）")
    parsed = {
        "row": number,
        "reference_code": str(code) if code else "",
        "fonds": code.fonds if code else "",
        "year": code.year if code else 0,
        "retention": code.retention if code else "",
        "org_code": code.org_code if code else "",
        "item_number": code.item_number if code else 0,
        "doc_number": cell_text(cells.get("文号"))[:80],
        "responsible": cell_text(cells.get("责任者"))[:200],
        "title": title,
        "self_made_title": self_made,
        "date": day.isoformat() if day else None,
        "pages": pages,
        "classification": classification,
        "remarks": cell_text(cells.get("备注"))[:300],
    }
    return parsed, errors


def import_confirm(*, by: Actor, token: str) -> int:
    """Write the rows kept under `token`, once, all or none."""
    from zhongshu.archives.services import person_of

    if not is_archivist(by):
        raise Forbidden(ARCHIVIST_ONLY, code="not_archivist")
    person = person_of(by)
    with transaction.atomic():
        batch = claim_pending_import(CatalogueImport, token=token, by=by)
        codes = [row["reference_code"] for row in batch.rows]
        clash = list(
            ArchiveItem.objects.filter(reference_code__in=codes).values_list("reference_code", flat=True)[:5]
        )
        if clash:
            raise ServiceError(
                f"以下档号已被占用，请重新上传检查：{'、'.join(clash)}", code="duplicate_reference_code"
            )
        now = timezone.now()
        created = 0
        for row in batch.rows:
            reserve_item_number(
                row["fonds"], row["year"], row["retention"], row["org_code"], row["item_number"]
            )
            # One save per item (not bulk_create), so the search index hears of each through its signals.
            ArchiveItem(
                fonds=row["fonds"],
                category=CATEGORY_WS,
                year=row["year"],
                retention=row["retention"],
                org_code=row["org_code"],
                item_number=row["item_number"],
                reference_code=row["reference_code"],
                doc_number=row["doc_number"],
                responsible=row["responsible"],
                title=row["title"],
                self_made_title=row["self_made_title"],
                date=date.fromisoformat(row["date"]) if row["date"] else None,
                pages=row["pages"],
                classification=row["classification"],
                remarks=row["remarks"],
                body_text=row["title"],
                source_kind="import",
                owner_person=person,
                owner_unit=person.unit if person else None,
                archiving_unit=person.unit if person else None,
                state=ItemState.SHELVED,
                handed_over_at=now,
                arranged_at=now,
                shelved_at=now,
                imported_at=now,
                filed_by=by,
            ).save()
            created += 1
        batch.used_at = now
        batch.save(update_fields=["used_at"])
        audit_record(
            actor=by,
            action="archives.import",
            object_type="archives.catalogueimport",
            object_id=batch.pk,
            details={"items": created},
        )
    return created
