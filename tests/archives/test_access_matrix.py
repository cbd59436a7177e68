"""The access matrix for archive items: every clearance × scope × classification on every route, and the
catalogue export, figures and use requests that must not betray a hidden item."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.archives.helpers import make_item
from zhongshu.archives.models import ArchiveItem
from zhongshu.base.levels import Classification
from zhongshu.testing.access import Population, Route, check_records

pytestmark = pytest.mark.django_db


def test_archive_items_leak_nothing(county):
    population = Population()
    archivist = county.archivist.user

    def make(spec):
        item = make_item(by=archivist, title=spec.title, body_text=f"正文 {spec.marker}", **spec.fields())
        return spec.apply_need_to_know(item)

    report = check_records(
        model=ArchiveItem,
        make=make,
        population=population,
        routes=[
            Route("detail", "/archives/items/{pk}/"),
            Route("api detail", "/api/archives/items/{pk}"),
            # Lists without a query (the search box echoes its query, which would look like a leak).
            Route("catalogue", "/archives/"),
            Route("api catalogue", "/api/archives/items"),
        ],
    )
    assert report.requests > 100


def test_export_and_figures_count_only_what_the_reader_may_see(county, client):
    from zhongshu.testing.access import sign_in

    visible = make_item(by=county.archivist.user, title="可见件", owner_unit=county.office)
    make_item(
        by=county.archivist.user,
        title="隐藏件",
        classification=Classification.SECRET,
        owner_unit=county.health,
    )
    sign_in(client, county.colleague.user)
    data = client.get("/archives/catalogue.xlsx").content
    rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == [visible.title]
    page = client.get("/archives/stats/?period=month").content.decode()
    assert "移交1件" in page
