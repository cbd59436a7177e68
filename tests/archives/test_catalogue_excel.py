"""The catalogue exported to Excel (opened and checked cell by cell), and the import of an existing catalogue:
bad cells reported by row and column, nothing saved until the archivist confirms, all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from tests.archives.helpers import make_item
from zhongshu.archives import excel
from zhongshu.archives.filing import file_record
from zhongshu.archives.models import ArchiveItem, ItemState, Retention
from zhongshu.archives.selectors import CatalogueFilter
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.spreadsheets import MAX_IMPORT_BYTES

pytestmark = pytest.mark.django_db


def _rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


def test_export_has_exactly_the_catalogue_columns_in_filing_order(county):
    by = county.archivist.user
    make_item(
        by=by,
        year=2024,
        title="第二件",
        doc_number="县委办发〔2024〕2号",
        responsible="县委办公室",
        owner_unit=county.office,
    )
    make_item(
        by=by,
        year=2023,
        title="督查办理情况",
        self_made_title=True,
        pages=7,
        date=date(2023, 1, 5),
        owner_unit=county.office,
        remarks="原件",
    )
    make_item(
        by=by, year=2024, title="秘密件", classification=Classification.SECRET, owner_unit=county.health
    )
    rows = _rows(excel.export_catalogue(by, CatalogueFilter()))
    assert rows[0] == ("序号", "档号", "文号", "责任者", "题名", "日期", "页数", "密级", "备注")
    assert len(rows) == 3  # the 机密 item of another unit is not the archivist's to see
    first = rows[1]
    assert first[0] == 1 and first[1].startswith("Z109-WS·2023-D30-MSK-")
    assert (first[4], first[5], first[6], first[7], first[8]) == (
        "[督查办理情况]",
        "20230105",
        7,
        "内部",
        "原件",
    )
    assert rows[2][2:6] == ("县委办发〔2024〕2号", "县委办公室", "第二件", "20240305")
    assert AuditEvent.objects.filter(action="archives.catalogue.export").count() == 1


def test_export_of_a_filed_document_and_the_year_filter(county):
    from tests.archives.conftest import dispatched

    item = file_record(county.archivist.user, dispatched(county))
    make_item(by=county.archivist.user, year=2001, owner_unit=county.office)
    rows = _rows(excel.export_catalogue(county.archivist.user, CatalogueFilter(year=item.year)))
    assert len(rows) == 2
    assert rows[1][1] == item.reference_code and rows[1][4] == item.title
    assert rows[1][5] == item.date.strftime("%Y%m%d")


def _workbook(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(excel.COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    1,
    "Z109-WS·2019-Y-BGS-0001",
    "县委办发〔2019〕1号",
    "县委办公室",
    "关于印发工作要点的通知",
    "20190105",
    5,
    "内部",
    "",
]


def test_import_reports_each_bad_cell_and_saves_nothing_until_confirmed(county):
    make_item(by=county.archivist.user, year=2018, retention=Retention.PERMANENT, org_code="BGS")
    taken = ArchiveItem.objects.get().reference_code
    data = _workbook(
        [
            GOOD,
            [2, "Z109-WS·2019-Y-BGS-0002", "", "县委办公室", "[会议记录]", date(2019, 2, 1), "", "", ""],
            [3, "Z109-WS·2019-Y-BGS-0003", "", "", "标题", "2019-13-45", 1, "内部", ""],
            [4, "Z109-2019-BGS-3", "", "", "标题", "20190301", 1, "内部", ""],
            [5, "Z109-WS·2019-Y-BGS-0001", "", "", "标题", "20190301", 1, "内部", ""],
            [6, taken, "", "", "标题", "20180301", 1, "内部", ""],
            [7, "Z109-WS·2019-D20-BGS-0007", "", "", "标题", "20190301", 1, "内部", ""],
            [8, "Z109-WS·2019-Y-BGS-0008", "", "", "", "20190301", 1, "内部", ""],
            [9, "Z109-WS·2019-Y-BGS-0009", "", "", "标题", "20190301", 1, "很密", ""],
            [None, None, None, None, None, None, None, None, None],
        ]
    )
    preview = excel.import_preview(by=county.archivist.user, data=data)
    assert preview.total == 9
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (4, "日期", "日期无法识别：2019-13-45（应为 YYYYMMDD，如 20240105）"),
        (5, "档号", "档号格式有误：Z109-2019-BGS-3（应如 Z109-WS·2024-Y-BGS-0001）"),
        (6, "档号", "档号与第2行重复：Z109-WS·2019-Y-BGS-0001"),
        (7, "档号", f"档号已存在：{taken}"),
        (8, "档号", "未知的保管期限：D20（应为 Y、D30 或 D10）"),
        (9, "题名", "缺少题名"),
        (10, "密级", "未知的密级：很密（应为公开、内部、秘密、机密或绝密）"),
    ]
    assert [row["row"] for row in preview.valid] == [2, 3]
    assert ArchiveItem.objects.count() == 1  # nothing imported yet

    assert excel.import_confirm(by=county.archivist.user, token=preview.token) == 2
    imported = ArchiveItem.objects.get(reference_code="Z109-WS·2019-Y-BGS-0002")
    assert imported.self_made_title and imported.title == "会议记录"
    assert imported.state == ItemState.SHELVED and imported.imported_at is not None
    assert imported.date == date(2019, 2, 1)
    with pytest.raises(ServiceError) as caught:
        excel.import_confirm(by=county.archivist.user, token=preview.token)
    assert caught.value.message == "此批数据已导入"
    # Filing continues after the imported numbers, never reusing one.
    from django.db import transaction

    from zhongshu.archives.numbering import allocate_item_number

    with transaction.atomic():
        assert allocate_item_number("Z109", 2019, Retention.PERMANENT, "BGS") == 3


def test_confirm_writes_all_or_nothing(county):
    second = [2, "Z109-WS·2019-Y-BGS-0002", "", "县委办公室", "第二件", "20190201", 1, "内部", ""]
    preview = excel.import_preview(by=county.archivist.user, data=_workbook([GOOD, second]))
    assert len(preview.valid) == 2
    # Meanwhile someone files 0001 by hand: the batch must write neither row.
    make_item(
        by=county.archivist.user, year=2019, retention=Retention.PERMANENT, org_code="BGS", item_number=1
    )
    assert ArchiveItem.objects.get().reference_code == "Z109-WS·2019-Y-BGS-0001"
    with pytest.raises(ServiceError) as caught:
        excel.import_confirm(by=county.archivist.user, token=preview.token)
    assert caught.value.code == "duplicate_reference_code"
    assert ArchiveItem.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "上传的文件是空的"),
        (b"PK\x03\x04 not really a workbook", "无法读取 Excel 文件，请上传 .xlsx 格式的归档文件目录"),
        ("序号,档号\n1,2\n".encode("gbk"), "无法读取 Excel 文件，请上传 .xlsx 格式的归档文件目录"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "文件超过20MB上限"),
    ],
)
def test_bad_files_get_a_clear_message(county, data, message):
    with pytest.raises(ServiceError) as caught:
        excel.import_preview(by=county.archivist.user, data=data)
    assert caught.value.message == message


def test_a_sheet_without_the_columns_is_refused(county):
    workbook = Workbook()
    workbook.active.append(["序号", "题名"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(ServiceError) as caught:
        excel.import_preview(by=county.archivist.user, data=buffer.getvalue())
    assert caught.value.message == "缺少列：档号、文号、责任者、日期、页数、密级、备注"


def test_only_archivists_import(county):
    with pytest.raises(ServiceError) as caught:
        excel.import_preview(by=county.clerk.user, data=_workbook([GOOD]))
    assert caught.value.code == "not_archivist"
