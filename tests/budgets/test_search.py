"""Query budget of the 检索 page: a term matching 10 and 20 records of three kinds (incoming documents,
supervision items, materials) — the page shows 20 hits, so 10 and 20 both fit on it."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.materials.helpers import Upload
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.incoming import incoming_register_paper
from zhongshu.materials.services import material_ingest
from zhongshu.supervision.services import supervision_item_open
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db

N = 10
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def searcher(db, unit):
    """A 文书 of the office who also keeps its supervision ledger: they register, open and file what is found."""
    return make_person(
        "检索人", unit=unit, roles=[Role.CLERK, Role.SUPERVISOR], clearance=Clearance.IMPORTANT
    )


def records(searcher, count: int) -> None:
    for _ in range(count):
        n = next(_serial)
        kind = n % 3
        if kind == 0:
            incoming_register_paper(
                by=searcher.user,
                title=f"关于预算检索第{n}号事项的函",
                source_unit_name="市委办公室",
                source_doc_number=f"市委办函〔2026〕{n}号",
                received_on=timezone.localdate(),
                copies=1,
            )
        elif kind == 1:
            supervision_item_open(by=searcher.user, title=f"落实预算检索第{n}项任务", source="instruction")
        else:
            text = f"预算检索第{n}篇体会\n认真学习第{n}号文件精神，抓好贯彻落实。"
            material_ingest(
                uploaded=Upload(text.encode(), f"体会{n}.txt"),
                name=f"体会{n}.txt",
                by=searcher.user,
                title=f"预算检索第{n}篇体会",
            )


def test_a_search_costs_the_same_for_10_and_20_hits(searcher):
    records(searcher, N)
    assert_flat(
        signed_in(searcher.user),
        "/search/?q=预算检索",
        grow=lambda: records(searcher, N),
        rows=counter('<li class="search-hit">'),
        ceiling=17,  # measured 15 (10 hits) and 14 (20 hits) on SQLite and PostgreSQL
    )
