"""One result per document: the copies a dispatch makes for each receiving unit fold into their original.

The documents go through the real flow (drafted, reviewed, signed, registered, dispatched to 县教育局 and
县卫健局), so each has its original and two incoming copies in the index.
"""

import pytest
from django.test import Client

from tests.archives.conftest import county, dispatched  # noqa: F401 - the county fixture
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.search.models import SearchEntry
from zhongshu.search.selectors import search
from zhongshu.testing import factories
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(county):  # noqa: F811 - the imported fixture
    document = dispatched(county)
    copies = list(OfficialDocument.objects.filter(origin=document).order_by("pk"))
    assert {copy.owner_unit_id for copy in copies} == {county.education.pk, county.health.pk}
    # Three entries in the index: the original and each unit's copy.
    assert (
        SearchEntry.objects.filter(
            kind="document", source_id__in=[document.pk] + [c.pk for c in copies]
        ).count()
        == 3
    )
    return document, {copy.owner_unit_id: copy for copy in copies}


QUERIES = ["关于做好2026年度工作的通知", "年度工作"]


@pytest.mark.parametrize("typed", QUERIES)
def test_the_sender_sees_one_row(county, notice, typed):  # noqa: F811
    document, _ = notice
    result = search(county.clerk.user, typed)
    assert [hit.entry.source_id for hit in result.hits] == [document.pk]
    assert result.count == 1


def test_someone_who_may_see_every_copy_sees_the_original_once(county, notice):  # noqa: F811
    document, copies = notice
    director = factories.make_person(
        "办公室主任", unit=county.office, roles=[Role.OFFICE_DIRECTOR], clearance=Clearance.IMPORTANT
    )
    for typed in [*QUERIES, document.doc_number]:
        result = search(director.user, typed)
        assert [hit.entry.source_id for hit in result.hits] == [document.pk], typed
        assert result.count == 1


@pytest.mark.parametrize("typed", QUERIES)
def test_a_recipient_sees_one_row_with_their_units_copy_linked(county, notice, typed):  # noqa: F811
    document, copies = notice
    result = search(county.edu_secretary.user, typed)
    assert result.count == 1
    (hit,) = result.hits
    assert hit.entry.source_id == document.pk
    assert hit.held_copy_url == f"/documents/{copies[county.education.pk].pk}/"


def test_a_recipient_who_may_see_only_their_copy_finds_that_copy(county, notice):  # noqa: F811
    document, copies = notice
    document.need_to_know_units.remove(county.education)  # the original no longer known to 县教育局
    mine = copies[county.education.pk]
    for typed in [*QUERIES, document.doc_number]:
        result = search(county.edu_secretary.user, typed)
        assert [hit.entry.source_id for hit in result.hits] == [mine.pk], typed
        assert result.count == 1
        assert result.hits[0].own_copy
        assert result.hits[0].entry.url == f"/documents/{mine.pk}/"


def test_the_results_page_links_the_units_copy(county, notice):  # noqa: F811
    document, copies = notice
    client = sign_in(Client(raise_request_exception=False), county.edu_secretary.user)
    page = client.get("/search/results/", {"q": "年度工作"}).content.decode()
    assert page.count('class="search-hit"') == 1
    assert f'href="/documents/{copies[county.education.pk].pk}/" data-testid="held-copy">本单位收文' in page
    answer = client.get("/api/search/", {"q": "年度工作"}).json()
    assert [(r["url"], r["held_copy_url"]) for r in answer["results"]] == [
        (f"/documents/{document.pk}/", f"/documents/{copies[county.education.pk].pk}/")
    ]


def test_a_recipient_finds_their_copy_by_what_only_the_copy_holds(county, notice):  # noqa: F811
    """Folding hides a copy only when its original also answers the query: the 收文编号 and the 批示 are the
    copy's alone, so searching them finds the copy (one row), while words both hold still give one row."""
    document, copies = notice
    mine = copies[county.education.pk]
    mine.incoming_number = "收文〔2026〕37号"
    mine.instruction = "请防汛值班科牵头落实"
    mine.save()
    for typed in ["收文〔2026〕37号", "收文[2026]37号", "防汛值班科", "防汛值班科 年度工作"]:
        result = search(county.edu_secretary.user, typed)
        assert [hit.entry.source_id for hit in result.hits] == [mine.pk], typed
        assert result.count == 1, typed
        assert result.hits[0].own_copy, typed
    # Words the original holds too: still one row, the original, with the unit's copy linked.
    result = search(county.edu_secretary.user, "年度工作")
    assert [hit.entry.source_id for hit in result.hits] == [document.pk]
    assert result.count == 1
    assert result.hits[0].held_copy_url == f"/documents/{mine.pk}/"
    # The other recipient's copy holds none of it: they find nothing by it.
    assert search(county.health_secretary.user, "防汛值班科").count == 0
