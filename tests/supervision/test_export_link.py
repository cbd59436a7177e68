"""The ledger's 导出Excel link carries the filter on screen, so the workbook holds the rows the reader sees.

The link was built with Django's `urlencode` filter on a dict, which quotes the dict's text
(`?%7B%27source%27...`): every filtered export came out unfiltered.
"""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.supervision.conftest import County
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


def _export_link(page: str) -> str:
    match = re.search(r'href="([^"]*export\.xlsx[^"]*)"', page)
    assert match, "the ledger offers no 导出Excel link"
    return unescape(match.group(1))


def _titles(data: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    return {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}


def test_the_export_link_keeps_the_ledgers_filter(county: County):
    county.assigned("推进义务教育学校改扩建")
    county.open("尚未交办的事项")
    client = sign_in(Client(), county.supervisor.user)

    page = client.get("/supervision/", {"state": "assigned"}).content.decode()
    link = _export_link(page)
    assert link.endswith("?state=assigned"), link

    titles = _titles(client.get(link).content)
    assert "推进义务教育学校改扩建" in titles
    assert "尚未交办的事项" not in titles


def test_an_unfiltered_ledger_exports_everything(county: County):
    county.assigned("推进义务教育学校改扩建")
    client = sign_in(Client(), county.supervisor.user)
    link = _export_link(client.get("/supervision/").content.decode())
    assert link.endswith("export.xlsx?"), link
