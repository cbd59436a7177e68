"""Archive items made directly (for use, appraisal and access tests that need no source record)."""

from __future__ import annotations

import itertools
from datetime import date

from zhongshu.archives.models import ArchiveItem, Retention
from zhongshu.archives.numbering import format_reference_code
from zhongshu.base.levels import Classification

_numbers = itertools.count(1)


def make_item(
    *,
    by,
    year: int = 2024,
    retention: str = Retention.Y30,
    classification: int = Classification.INTERNAL,
    title: str = "关于做好年度工作的通知",
    org_code: str = "MSK",
    **fields,
) -> ArchiveItem:
    number = fields.pop("item_number", None) or next(_numbers)
    return ArchiveItem.objects.create(
        fonds="Z109",
        year=year,
        retention=retention,
        org_code=org_code,
        item_number=number,
        reference_code=format_reference_code("Z109", year, retention, org_code, number),
        title=title,
        date=fields.pop("date", date(year, 3, 5)),
        pages=fields.pop("pages", 3),
        classification=classification,
        filed_by=by,
        **fields,
    )
