"""Query budgets of 档案's pages: the catalogue (档案目录) with 20 and 40 filed documents, and an item's page
whose item holds 20 and 40 files."""

from __future__ import annotations

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.archives import conftest as archives_fixtures
from tests.archives.conftest import dispatched
from tests.budgets.helpers import assert_flat, counter, signed_in
from zhongshu.archives.filing import file_record
from zhongshu.archives.models import ArchiveItem
from zhongshu.archives.services import archive_item_arrange
from zhongshu.attachments.services import attach_file, store_file

pytestmark = pytest.mark.django_db
county = archives_fixtures.county  # the archives' county: a 县委办公室 with its 档案室

N = 20
_serial = itertools.count(1)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def filed(county, count: int, *, attachments: int = 0, batch: str = "") -> list[ArchiveItem]:
    """Documents through the whole outgoing flow, each with its attachments, filed by the archivist; every
    other item arranged (整理) too."""
    items = []
    for _ in range(count):
        n = next(_serial)
        document = dispatched(county, title=f"关于预算档案第{n}号事项的通知")
        for a in range(attachments):
            stored = store_file(
                uploaded=SimpleUploadedFile(f"{batch}批附件{a + 1}.pdf", PDF), by=county.clerk.user
            )
            attach_file(owner=document, stored=stored, by=county.clerk.user)
        item = file_record(county.archivist.user, document)
        if n % 2:
            item = archive_item_arrange(item=item, by=county.archivist.user, pages=4)
        items.append(item)
    return items


def test_the_catalogue_costs_the_same_for_20_and_40_items(county):
    filed(county, N)
    assert_flat(
        signed_in(county.archivist.user),
        "/archives/",
        grow=lambda: filed(county, N),
        rows=counter("预算档案"),
        ceiling=13,  # measured 11 on SQLite and PostgreSQL
    )


def test_an_items_page_costs_the_same_for_20_and_40_files(county):
    [small] = filed(county, 1, attachments=N, batch="甲")
    batch = ["甲"]

    def grow() -> str:
        batch[0] = "乙"
        [large] = filed(county, 1, attachments=2 * N, batch="乙")
        return f"/archives/items/{large.pk}/"

    assert_flat(
        signed_in(county.archivist.user),
        f"/archives/items/{small.pk}/",
        grow=grow,
        rows=lambda page: page.count(f"{batch[0]}批附件"),
        ceiling=17,  # measured 15 on SQLite and PostgreSQL
    )
