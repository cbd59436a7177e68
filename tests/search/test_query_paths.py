"""The query's fast paths give what the plain rule gives: the viewer's rule compiled once into SQL, the
rule applied before the text is read, the count from the same walk or from the index alone, the page's
rows read by plain SQL. Each is checked against `policy.visible()` and the stored text, in Python."""

import pytest
from django.contrib.contenttypes.models import ContentType

from zhongshu.access import policy
from zhongshu.access.models import NeedToKnowGrant
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.search import selectors
from zhongshu.search.models import SearchEntry
from zhongshu.search.query import parse
from zhongshu.search.selectors import search, search_entries
from zhongshu.supervision.models import SupervisionItem
from zhongshu.testing import factories

pytestmark = pytest.mark.django_db

PHRASE = "防汛值班"
# Holds every bigram of the phrase (防汛 汛值 值班) but not the phrase: a candidate the index cannot rule out.
SCATTERED = "防汛，汛值得一提，值班"


@pytest.fixture
def viewer(db):
    """Another unit's office director: knows every 内部 document office-wide (its role key in the index), and
    of the state secrets only the one shared with their unit."""
    unit = factories.make_unit("财政局")
    return factories.make_person(
        "查阅人", unit=unit, clearance=Clearance.ORDINARY, roles=[Role.OFFICE_DIRECTOR]
    )


@pytest.fixture
def corpus(make_document, office, viewer):
    """Visible and hidden documents, with the phrase, with only its bigrams, and with an excluded word."""
    made = []
    for i in range(6):
        for classification in (Classification.INTERNAL, Classification.CONFIDENTIAL):
            made.append(
                make_document(title=f"通知{i}", body=f"要求{PHRASE}。", classification=classification)
            )
            made.append(make_document(title=f"安排{i}", body=SCATTERED, classification=classification))
    made.append(make_document(title=f"{PHRASE}方案", body="正文", classification=Classification.INTERNAL))
    made.append(
        make_document(title="汛期通知", body=f"{PHRASE}，暂停", classification=Classification.INTERNAL)
    )
    shared = make_document(title="共享", body=f"{PHRASE}。", classification=Classification.CONFIDENTIAL)
    shared.need_to_know_units.add(viewer.unit)
    return made


def _expected(user, phrase, *, without=""):
    """What the search must find, straight from the policy and the text."""
    rows = policy.visible(SearchEntry.objects.all(), user)
    return {
        entry.pk
        for entry in rows
        if (phrase in entry.title or phrase in entry.body)
        and not (without and (without in entry.title or without in entry.body))
    }


def _all_pages(user, raw):
    found, page = [], 1
    while True:
        result = search(user, raw, page=page)
        found += [hit.entry for hit in result.hits]
        if not result.has_next:
            return result, found
        page += 1


@pytest.mark.parametrize("raw, without", [(f'"{PHRASE}"', ""), (f'"{PHRASE}" -暂停', "暂停")])
def test_verified_terms_under_a_rule_find_and_count_exactly_what_the_policy_allows(
    corpus, viewer, clerk, monkeypatch, raw, without
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    for person in (viewer, clerk):
        expected = _expected(person.user, PHRASE, without=without)
        result, found = _all_pages(person.user, raw)
        assert [entry.pk for entry in found if entry.pk in expected] == [entry.pk for entry in found]
        assert sorted(entry.pk for entry in found) == sorted(expected)
        assert result.count == len(expected)
    # The viewer sees the internal ones and the one shared with their unit, never a scattered match.
    assert len(_expected(viewer.user, PHRASE)) == 6 + 2 + 1


def test_each_tier_comes_newest_first_through_the_rule(corpus, viewer, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 4)
    _, found = _all_pages(viewer.user, f'"{PHRASE}"')
    titled = [entry.rank for entry in found if PHRASE in entry.title]
    rest = [entry.rank for entry in found if PHRASE not in entry.title]
    assert [entry.rank for entry in found] == titled + rest
    assert titled == sorted(titled, reverse=True) and rest == sorted(rest, reverse=True)


def test_the_capped_count_holds_under_a_rule_with_verification(corpus, viewer, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    result = search(viewer.user, f'"{PHRASE}"')
    assert (result.count, result.capped) == (4, True)
    monkeypatch.setattr(selectors, "COUNT_CAP", 9)
    result = search(viewer.user, f'"{PHRASE}"')
    assert (result.count, result.capped) == (9, False)


def test_the_count_from_the_index_alone_equals_the_joined_count(corpus):
    everything = SearchEntry.objects.all()
    for raw in ("防汛", "值班", "通知", "汛值"):
        page = search_entries(everything, parse(raw))
        joined = sum(1 for entry in everything if raw in entry.title or raw in entry.body)
        assert page.count == joined, raw


def test_a_filter_that_matches_nothing_answers_an_empty_page(corpus, clerk):
    nobody = search_entries(SearchEntry.objects.none(), parse("防汛"))
    assert (nobody.count, nobody.hits) == (0, [])
    other = search(clerk.user, "防汛", selectors.SearchFilters(kind="nothing_like_this"))
    assert (other.count, other.hits) == (0, [])


def test_the_page_rows_read_by_plain_sql_equal_the_orm(corpus):
    pks = list(SearchEntry.objects.values_list("pk", flat=True)[:5])
    fast = selectors._entries(pks)
    slow = SearchEntry.objects.select_related("unit").in_bulk(pks)
    fields = [field.attname for field in SearchEntry._meta.concrete_fields]
    for pk in pks:
        assert [getattr(fast[pk], f) for f in fields] == [getattr(slow[pk], f) for f in fields]
        assert fast[pk].unit.name == slow[pk].unit.name
    assert selectors._entries([]) == {}


def test_a_grant_naming_another_type_with_the_documents_id_opens_nothing(
    make_document, viewer, security_admin
):
    secret = make_document(title="机要文件", classification=Classification.CONFIDENTIAL)
    NeedToKnowGrant.objects.create(
        person=viewer,
        content_type=ContentType.objects.get_for_model(SupervisionItem),
        object_id=secret.pk,
        reason="另一类记录",
        granted_by=security_admin,
    )
    assert search(viewer.user, "机要").count == 0
    assert not policy.visible(type(secret).objects.filter(pk=secret.pk), viewer.user).exists()


def _bodies(made: list, n: int, body: str, make_document) -> None:
    for _ in range(n):
        made.append(make_document(title=f"材料{len(made)}", body=body))


def test_a_phrase_whose_sampled_candidates_all_match_is_counted_by_its_candidates(make_document, monkeypatch):
    monkeypatch.setattr(selectors, "VERIFY_SAMPLE", 3)
    made: list = []
    _bodies(made, 2, SCATTERED, make_document)  # older: candidates that do not match
    _bodies(made, 5, f"要求{PHRASE}。", make_document)  # newest: the sample sees only matches
    page = search_entries(SearchEntry.objects.all(), parse(f'"{PHRASE}"'))
    assert (page.count, page.count_is) == (7, selectors.ABOUT)
    # The rows shown are verified all the same.
    assert {hit.entry.source_id for hit in page.hits} == {d.pk for d in made[2:]}


def test_a_phrase_with_a_failing_sample_is_verified_up_to_the_budget_then_counted_at_least(
    make_document, monkeypatch
):
    monkeypatch.setattr(selectors, "VERIFY_SAMPLE", 3)
    monkeypatch.setattr(selectors, "VERIFY_BUDGET", 6)
    made: list = []
    _bodies(made, 2, f"要求{PHRASE}。", make_document)  # oldest: beyond the budget
    _bodies(made, 3, f"要求{PHRASE}。", make_document)
    _bodies(made, 4, SCATTERED, make_document)  # newest: the sample holds non-matches
    page = search_entries(SearchEntry.objects.all(), parse(f'"{PHRASE}"'))
    # The 7 newest candidates were read (4 scattered, 3 matches); the 2 older matches were not.
    assert (page.count, page.count_is) == (3, selectors.AT_LEAST)
    assert [hit.entry.source_id for hit in page.hits] == [made[4].pk, made[3].pk, made[2].pk]
    assert not page.has_next


def test_a_phrase_with_few_candidates_is_counted_exactly(make_document, monkeypatch):
    monkeypatch.setattr(selectors, "VERIFY_SAMPLE", 3)
    monkeypatch.setattr(selectors, "VERIFY_BUDGET", 20)
    made: list = []
    _bodies(made, 3, f"要求{PHRASE}。", make_document)
    _bodies(made, 4, SCATTERED, make_document)
    page = search_entries(SearchEntry.objects.all(), parse(f'"{PHRASE}"'))
    assert (page.count, page.count_is) == (3, selectors.EXACT)
    assert {hit.entry.source_id for hit in page.hits} == {d.pk for d in made[:3]}
