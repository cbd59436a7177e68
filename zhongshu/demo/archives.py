"""Archives of the sample county, made through the archives services as 县委办公室档案室 would make them: the
office's fonds (全宗号 Z109), the dispatched notice filed, arranged and shelved today (so the same-day figures
show it), and an older catalogue imported from Excel, one of whose 2014 items is now due for appraisal.
Whatever exists already is left as it is.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook

from zhongshu.archives import excel
from zhongshu.archives.filing import file_record
from zhongshu.archives.models import ArchiveItem, Fonds
from zhongshu.archives.services import archive_item_arrange, archive_item_shelve
from zhongshu.demo.documents import DISPATCHED_TITLE
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.org.models import Person, Unit

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

OFFICE = "XWB"
FONDS = "Z109"
# An older paper catalogue the archives room keeps in Excel: (档号, 文号, 责任者, 题名, 日期, 页数, 密级, 备注).
OLD_CATALOGUE = [
    (
        "Z109-WS·2014-D10-MSK-0001",
        "县委办发〔2014〕3号",
        "中共示例县委办公室",
        "关于做好2014年春节期间值班工作的通知",
        "20140120",
        2,
        "内部",
        "",
    ),
    (
        "Z109-WS·2014-Y-MSK-0001",
        "县委办发〔2014〕9号",
        "中共示例县委办公室",
        "关于印发《县委办公室工作规则》的通知",
        "20140305",
        6,
        "内部",
        "",
    ),
    (
        "Z109-WS·2015-D30-DCS-0001",
        "",
        "县委督查室",
        "[全县重点项目推进情况督查报告]",
        "20151110",
        11,
        "内部",
        "自拟题名",
    ),
]


def _archivist() -> Person:
    return Person.objects.select_related("user", "unit").get(user__username="xwb_das_1")


def build_demo_archives(result: DemoResult) -> None:
    office = Unit.objects.get(code=OFFICE)
    archivist = _archivist()
    if not Fonds.objects.filter(unit=office).exists():
        Fonds.objects.create(unit=office, code=FONDS)
        result.count("archive_fonds")
    notice = OfficialDocument.objects.filter(
        owner_unit=office, title=DISPATCHED_TITLE, direction=Direction.OUTGOING
    ).first()
    if (
        notice is not None
        and not ArchiveItem.objects.filter(source_id=notice.pk, source_kind="document").exists()
    ):
        item = file_record(archivist.user, notice)
        item = archive_item_arrange(item=item, by=archivist.user)
        archive_item_shelve(item=item, by=archivist.user)
        result.count("archive_items")
    if not ArchiveItem.objects.filter(reference_code=OLD_CATALOGUE[0][0]).exists():
        preview = excel.import_preview(by=archivist.user, data=_old_catalogue())
        created = excel.import_confirm(by=archivist.user, token=preview.token)
        for _ in range(created):
            result.count("archive_items")


def _old_catalogue() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(excel.COLUMNS)
    for number, row in enumerate(OLD_CATALOGUE, start=1):
        sheet.append([number, *row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
