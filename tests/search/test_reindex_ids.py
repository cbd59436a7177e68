"""The tick rewrites records loaded as their source loads them: a document's drafter and unit come with it
(the source's select_related), not one query each per document."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhongshu.documents.models import OfficialDocument
from zhongshu.org.models import Person, Unit
from zhongshu.search.indexing import _upgrade_format
from zhongshu.search.models import ENTRY_FORMAT, SearchEntry
from zhongshu.search.registry import source_for_kind

pytestmark = pytest.mark.django_db


def test_the_format_upgrade_reads_no_drafter_or_unit_per_document(make_document, clerk):
    documents = [make_document(title=f"关于第{n}项工作的通知", drafter=clerk) for n in range(4)]
    SearchEntry.objects.filter(kind="document").update(format=1)
    source = source_for_kind("document")
    assert source is not None
    type_id = ContentType.objects.get_for_model(OfficialDocument).pk
    with CaptureQueriesContext(connection) as captured:
        assert _upgrade_format(source, type_id, 100) == len(documents)
    assert set(SearchEntry.objects.filter(kind="document").values_list("format", flat=True)) == {ENTRY_FORMAT}
    alone = [
        query["sql"]
        for query in captured.captured_queries
        for table in (Person._meta.db_table, Unit._meta.db_table)
        if query["sql"].startswith("SELECT") and f'FROM "{table}" WHERE "{table}"."id" =' in query["sql"]
    ]
    assert alone == []
