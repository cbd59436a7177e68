"""The filing stamp (归档章) printed at the top right of an item's first page: 全宗号, 年度, 保管期限, 件号 always,
机构（问题） and 页数 where known (DA/T 22-2015)."""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.archives.models import ArchiveItem


@dataclass(frozen=True)
class FilingStamp:
    fonds: str
    year: int
    retention: str
    item_number: str
    organisation: str
    pages: str

    def cells(self) -> list[tuple[str, str]]:
        """Two rows of three cells, as the stamp is drawn."""
        return [
            ("全宗号", self.fonds),
            ("年度", str(self.year)),
            ("件号", self.item_number),
            ("机构（问题）", self.organisation),
            ("保管期限", self.retention),
            ("页数", self.pages),
        ]


def filing_stamp(item: ArchiveItem) -> FilingStamp:
    return FilingStamp(
        fonds=item.fonds,
        year=item.year,
        retention=item.get_retention_display(),
        item_number=f"{item.item_number:04d}",
        organisation=item.org_name or item.org_code,
        pages=str(item.pages) if item.pages else "",
    )
