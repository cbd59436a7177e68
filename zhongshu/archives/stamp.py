"""The filing stamp (归档章) printed at the top right of an item's first page: 全宗号, 年度, 保管期限, 件号 always,
机构（问题） and 页数 where known (DA/T 22-2015)."""

from __future__ import annotations

from dataclasses import dataclass

from zhongshu.archives.models import ArchiveItem, Fonds
from zhongshu.org.models import Department, Unit


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
        organisation=organisation_name(item),
        pages=str(item.pages) if item.pages else "",
    )


def organisation_name(item: ArchiveItem) -> str:
    """机构（问题） by its name: the name filed with the item, else the name of the 机构代码 (a department of the
    fonds' unit, then a unit), else the code itself. Rows imported from an old catalogue carry the code only,
    and a column of names with codes among them read as two kinds of thing."""
    if item.org_name:
        return item.org_name
    # The archiving unit: the item's, else the fonds' (its 全宗 row, or the unit whose code is the fonds).
    fonds_unit = item.archiving_unit_id
    if fonds_unit is None:
        fonds_unit = Fonds.objects.filter(code=item.fonds).values_list("unit_id", flat=True).first()
    if fonds_unit is None:
        fonds_unit = Unit.objects.filter(code=item.fonds).values_list("pk", flat=True).first()
    departments = Department.objects.filter(code=item.org_code)
    if fonds_unit is not None:
        departments = departments.filter(unit_id=fonds_unit)
    name = departments.order_by("-is_active", "pk").values_list("name", flat=True).first()
    if name is None:
        name = Unit.objects.filter(code=item.org_code).values_list("name", flat=True).first()
    return name or item.org_code
