"""Issue 14, finding 5: no export carries a live formula.

A liaison's progress report `=HYPERLINK("http://…","点此查看附件")` became a live link in the supervision ledger
export. Every Excel and CSV export now writes its cells through `core.spreadsheets.safe_row`: text that starts
with =, +, -, @, a tab or a carriage return gets a leading apostrophe, numbers stay numbers. Each export is
downloaded here as the person who may take it, with hostile text in the fields it shows, and every cell is
checked; a last test refuses a module that builds a workbook or a CSV writer without the helper.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.archives.conftest import county as archives_county  # noqa: F401 - a fixture, used by name
from tests.archives.conftest import dispatched
from tests.archives.helpers import make_item
from tests.supervision.conftest import make_county
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import AdminRole
from zhongshu.core.spreadsheets import FORMULA_STARTS, cell_text, safe_cell, safe_row
from zhongshu.documents.incoming import incoming_register_paper
from zhongshu.supervision import services
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://example.invalid/x","点此查看附件")'
HOSTILE = [LINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


def _xlsx_cells(data: bytes) -> list:
    """Every cell of every sheet, as openpyxl reads it (formulas stay formulas: no data_only)."""
    workbook = load_workbook(io.BytesIO(data))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(cells: list, *, expected: list[str]) -> None:
    texts = []
    for cell in cells:
        assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), f"{cell.coordinate}: {cell.value!r}"
            texts.append(cell.value)
    joined = "\n".join(texts)
    for text in expected:
        assert "'" + text in joined, f"{text!r} is not in the export, escaped"


def test_the_helper_escapes_text_and_leaves_numbers_alone():
    assert safe_row([LINK, "-5", -5, 3.5, None, date(2026, 3, 1), "正常文字", "a=b"]) == [
        "'" + LINK,
        "'-5",
        -5,
        3.5,
        None,
        date(2026, 3, 1),
        "正常文字",
        "a=b",
    ]
    for text in HOSTILE:
        assert cell_text(safe_cell(text)) == text.strip()  # an exported ledger imports as it was


def test_the_supervision_ledger_export_carries_no_formula(db):
    county = make_county()
    item = county.assigned("+督办事项", co=False)
    services.supervision_item_receive(item=item, by=county.liaison.user)
    services.progress_report_submit(item=item, by=county.liaison.user, text=LINK)
    client = sign_in(Client(), county.supervisor.user)
    response = client.get("/supervision/export.xlsx")
    assert response.status_code == 200
    cells = _xlsx_cells(response.content)
    _assert_no_formula(cells, expected=[LINK, "+督办事项"])
    # The row number stays a number (a real number is never escaped).
    assert any(cell.data_type == "n" and cell.value == 1 for cell in cells)


def test_the_document_registers_and_the_archives_catalogue_carry_no_formula(archives_county):  # noqa: F811
    county = archives_county
    dispatched(county, title="@发文标题")
    incoming_register_paper(
        by=county.clerk.user,
        title="=来文标题",
        source_unit_name="-来文单位",
        source_doc_number="+来文字号",
        received_on=date(2026, 1, 5),
        copies=2,
    )
    clerk = sign_in(Client(), county.clerk.user)
    outgoing = clerk.get("/documents/registers/outgoing/?format=xlsx&year=" + str(date.today().year))
    assert outgoing.status_code == 200
    _assert_no_formula(_xlsx_cells(outgoing.content), expected=["@发文标题"])
    incoming = clerk.get("/documents/registers/incoming/?format=xlsx&year=2026")
    assert incoming.status_code == 200
    _assert_no_formula(_xlsx_cells(incoming.content), expected=["=来文标题", "-来文单位", "+来文字号"])

    make_item(
        by=county.archivist.user,
        title="=HYPERLINK(1)",
        responsible="@责任者",
        remarks="\t=备注",
        owner_unit=county.office,
    )
    archivist = sign_in(Client(), county.archivist.user)
    for url in ("/archives/catalogue.xlsx", "/api/archives/catalogue.xlsx"):
        response = archivist.get(url)
        assert response.status_code == 200, url
        _assert_no_formula(_xlsx_cells(response.content), expected=["=HYPERLINK(1)", "@责任者", "\t=备注"])


def test_the_audit_csv_export_carries_no_formula(db):
    auditor = make_admin(AdminRole.AUDITOR, "auditor_csv")
    audit_record(
        actor=None, action="=cmd|' /C calc'!A0", object_type="@type", object_id="-1+1", actor_name=LINK
    )
    response = sign_in(Client(), auditor).get("/audit/export.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    for cell in cells:
        assert not cell.startswith(FORMULA_STARTS), cell
    for expected in (LINK, "=cmd|' /C calc'!A0", "@type", "-1+1"):
        assert "'" + expected in cells


# Modules that build a workbook only to read one or to make a sample file for an import, never an export.
NOT_EXPORTS = {
    "zhongshu/demo/archives.py",
    "zhongshu/workdays/schedule_input.py",
    "zhongshu/core/spreadsheets.py",
}


def test_every_module_that_writes_a_spreadsheet_uses_the_one_helper():
    """A new export that builds a workbook or a CSV writer must write its rows through core.spreadsheets."""
    root = Path(__file__).resolve().parents[2]
    writers = re.compile(r"\bWorkbook\(|csv\.writer\(|csv\.DictWriter\(")
    missing = []
    for path in sorted((root / "zhongshu").rglob("*.py")):
        name = path.relative_to(root).as_posix()
        source = path.read_text(encoding="utf-8")
        if name in NOT_EXPORTS or not writers.search(source):
            continue
        if not re.search(
            r"from zhongshu\.core\.spreadsheets import [^\n]*\b(append_row|safe_row|safe_cell)\b|"
            r"from zhongshu\.core\.spreadsheets import \([^)]*\b(append_row|safe_row|safe_cell)\b",
            source,
        ):
            missing.append(name)
    assert missing == []
