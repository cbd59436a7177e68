"""Spreadsheets in and out: the one rule that keeps an export's cells from running as formulas, and the checks
every Excel import shares, before any row is judged.

Export: every Excel and CSV export writes its rows through `safe_row` (or a cell through `safe_cell`). A text
cell that begins with =, +, -, @, a tab or a carriage return is a formula to Excel, LibreOffice and WPS (a
liaison's progress report `=HYPERLINK("http://…","点此查看附件")` would be a live link in the ledger); a leading
apostrophe keeps it text, as the office's own hand-typed cells do. Numbers, dates and empty cells pass as they
are, so a real negative number stays a number. `tests/security/test_export_formulas.py` walks every export, and
refuses a module that builds a workbook or a CSV writer without this helper.

Import: an import previews first (every bad cell reported by row and column, nothing written) and writes only
when the user confirms; `CellError` and `ImportPreview` are that preview's shape. `sheet_rows` reads the first
sheet with the limits an upload needs, and `records` turns its rows into {column name: value} by the header
row. `cell_text` takes the apostrophe an export added off again, so an exported ledger imports as it was.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from openpyxl import load_workbook

from zhongshu.core.errors import ServiceError

if TYPE_CHECKING:
    from zhongshu.core.models import PendingImport

MAX_IMPORT_ROWS = 20000
MAX_IMPORT_BYTES = 20 * 1024 * 1024


@dataclass
class CellError:
    row: int
    column: str
    message: str


@dataclass
class ImportPreview:
    token: str
    total: int
    valid: list[dict[str, Any]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


# What makes a spreadsheet program read a typed cell as a formula (OWASP's list: a tab or carriage return
# first can hide the sign behind it).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value` as an export writes it: text that would start a formula gets a leading apostrophe; anything
    that is not text (a number, a date, None) is left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row of cells for `sheet.append` or `csv.writer.writerow`, each through `safe_cell`."""
    return [safe_cell(value) for value in values]


def append_row(sheet: Any, values: Iterable[Any]) -> None:
    """Append a row to an openpyxl sheet (a write-only one too), each cell through `safe_cell`."""
    sheet.append(safe_row(values))


def cell_text(value: Any) -> str:
    """An imported cell as text, stripped; the apostrophe `safe_cell` put before a formula sign is dropped."""
    text = "" if value is None else str(value).strip()
    if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:].strip()
    return text


def sheet_rows(data: bytes, *, what: str) -> list[tuple[Any, ...]]:
    """The first sheet's rows, header included. `what` names the expected file in messages (台账, 归档文件目录)."""
    unreadable = f"无法读取 Excel 文件，请上传 .xlsx 格式的{what}"
    if not data:
        raise ServiceError("上传的文件是空的", code="empty_file")
    if len(data) > MAX_IMPORT_BYTES:
        raise ServiceError(f"文件超过{MAX_IMPORT_BYTES // (1024 * 1024)}MB上限", code="file_too_large")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ServiceError(unreadable, code="bad_workbook")
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        rows: list[tuple[Any, ...]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(row)
            if len(rows) > MAX_IMPORT_ROWS + 1:
                raise ServiceError(f"一次最多导入{MAX_IMPORT_ROWS}行", code="too_many_rows")
    except ServiceError:
        raise
    except Exception:  # noqa: BLE001 - any unreadable upload is the same answer to the user
        raise ServiceError(unreadable, code="bad_workbook") from None
    if not rows:
        raise ServiceError("Excel 文件是空的", code="empty_file")
    return rows


def records(
    rows: Sequence[tuple[Any, ...]], columns: Sequence[str], *, required: Sequence[str]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(sheet row number, {column: value}) for each row below the header that is not blank in `required`.

    Raises `bad_columns` when the header lacks a required column; columns may stand in any order.
    """
    header = [cell_text(cell) for cell in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise ServiceError(f"缺少列：{'、'.join(missing)}", code="bad_columns")
    position = {name: header.index(name) for name in columns if name in header}
    for number, raw in enumerate(rows[1:], start=2):
        cells = {name: raw[index] if index < len(raw) else None for name, index in position.items()}
        if all(cell_text(cells.get(name)) == "" for name in required):
            continue
        yield number, cells


P = TypeVar("P", bound="PendingImport")


def claim_pending_import(model: type[P], *, token: str, by: Any) -> P:
    """Lock and return `by`'s unused upload kept under `token`; call inside the confirming transaction and set
    `used_at` there, so two confirmations of one upload never both write."""
    batch = model._default_manager.select_for_update().filter(token=token or "", created_by=by).first()
    if batch is None:
        raise ServiceError("导入批次不存在，请重新上传", code="unknown_import")
    if batch.used_at is not None:
        raise ServiceError("此批数据已导入", code="import_used")
    return batch
