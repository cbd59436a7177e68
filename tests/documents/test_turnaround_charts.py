"""办文时效: the stages in the order a document moves through them, and the page's charts with their table
view drawn from the same figures."""

from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.test import Client

from tests.documents.test_outgoing_flow import signed
from zhongshu.documents.selectors import turnaround
from zhongshu.documents.services import document_dispatch, document_recheck, document_register
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


def _through_dispatch(county):
    with time_machine.travel("2026-03-02 09:00 +0800") as clock:
        document = signed(county)
        clock.shift(3600)
        document = document_recheck(document=document, by=county.clerk.user)
        clock.shift(3600)
        document = document_register(document=document, by=county.clerk.user, copies=2)
        clock.shift(3600)
        document_dispatch(document=document, by=county.clerk.user)
    return document


def test_the_stages_come_in_workflow_order_not_in_the_order_of_their_names(county):
    _through_dispatch(county)
    stats = turnaround(county.clerk.user, year=2026)
    # Sorted by name they would read 审核中, 已复核, 已登记, 已签发, 拟稿.
    assert list(stats.step_hours) == ["拟稿", "审核中", "已签发", "已复核", "已登记"]
    assert stats.step_hours["已复核"] == 1.0


def test_the_stats_page_draws_its_charts_from_the_figures_of_its_table_view(county):
    _through_dispatch(county)
    page = sign_in(Client(), county.clerk.user).get("/documents/stats/?year=2026").content.decode()
    island = re.search(r'<script id="chart-step-hours-data" type="application/json">(.*?)</script>', page)
    assert island is not None
    data = json.loads(island.group(1))
    assert data["categories"] == ["拟稿", "审核中", "已签发", "已复核", "已登记"]
    figure = page[
        page.index('id="chart-step-hours"') : page.index("</figure>", page.index('id="chart-step-hours"'))
    ]
    assert "<summary>表格视图</summary>" in figure
    cells = re.findall(r'<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td></tr>', figure)
    assert cells == [
        (name, f"{value:g}小时")
        for name, value in zip(data["categories"], data["series"][0]["values"], strict=True)
    ]
