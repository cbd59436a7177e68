"""The bulk rebuild: the same searchable index as row-by-row indexing, with its structures restored."""

import pytest
from django.db import connection, transaction

from zhongshu.core.bulk import BULK_CACHE_SIZE
from zhongshu.search.backends import ENTRY, FTS, FTS_TITLE, backend, index_rows
from zhongshu.search.indexing import FTS5_DEFAULTS, bulk_build, reindex
from zhongshu.search.models import SearchEntry
from zhongshu.search.selectors import search
from zhongshu.search.tokens import tokenize


def entry_indexes():
    """(name, definition) of the entry and index tables' indexes; the unique ones' definition is None."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s ORDER BY name",
                [ENTRY],
            )
        else:
            cursor.execute(
                "SELECT indexname, CASE WHEN indexdef LIKE 'CREATE UNIQUE%%' THEN NULL ELSE indexdef END "
                "FROM pg_indexes WHERE tablename IN (%s, %s) ORDER BY indexname",
                [ENTRY, FTS],
            )
        return cursor.fetchall()


def fts5_settings():
    """The merge and buffer settings of both FTS5 tables in effect (FTS5's default where none is stored)."""
    found = {}
    with connection.cursor() as cursor:
        for table in (FTS, FTS_TITLE):
            cursor.execute(f"SELECT k, v FROM {table}_config")
            stored = dict(cursor.fetchall())
            found[table] = {key: stored.get(key, default) for key, default in FTS5_DEFAULTS.items()}
    return found


def page_cache(set_to=None):
    with connection.cursor() as cursor:
        if set_to is not None:
            cursor.execute(f"PRAGMA cache_size={int(set_to)}")
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def matches(table, token):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH %s", [f'"{token}"'])
        else:
            cursor.execute(f"SELECT count(*) FROM {FTS} WHERE tokens @@ %s::tsquery", [f"'{token}'"])
        return cursor.fetchone()[0]


def test_reindex_restores_the_indexes_and_fts5_settings_and_finds_everything(make_document, clerk):
    for i in range(30):
        make_document(title=f"防汛抗旱通知{i}", body="各乡镇要做好防汛工作。OA系统2026年升级。")
    before = entry_indexes()
    assert len([name for name, sql in before if sql]) >= 3  # the walk, kind and classification ones at least
    settings = fts5_settings() if connection.vendor == "sqlite" else None
    cache = page_cache(set_to=-4000) if connection.vendor == "sqlite" else None
    assert reindex()["document"] == 30
    assert entry_indexes() == before
    if settings is not None:
        assert fts5_settings() == settings
        assert page_cache() == cache
        assert settings[FTS]["hashsize"] == 16 * 1024 * 1024  # the migration's, not the build's
    assert search(clerk.user, "防汛").count == 30
    assert search(clerk.user, "oa 升级").count == 30
    assert search(clerk.user, "通知7").count == 1


def test_a_failed_bulk_build_rolls_back_to_the_old_index_whole(make_document, clerk):
    make_document(title="防汛通知", body="正文")
    before = entry_indexes()
    sqlite = connection.vendor == "sqlite"
    settings = fts5_settings() if sqlite else None
    cache = page_cache(set_to=-4000) if sqlite else None  # the connection's own, whatever ran before
    with pytest.raises(RuntimeError), transaction.atomic():
        with connection.cursor() as cursor:
            backend().clear(cursor)
        SearchEntry.objects.all().delete()
        with bulk_build():
            if sqlite:
                # Kept and filled row by row; the connection builds with a large page cache.
                assert entry_indexes() == before
                assert page_cache() == BULK_CACHE_SIZE != cache
            else:
                # Dropped while filling, to be built once at the end.
                assert [name for name, sql in entry_indexes() if sql] == []
            raise RuntimeError("the build stops half-way")
    assert entry_indexes() == before
    if sqlite:
        assert fts5_settings() == settings
        # The page cache is the connection's own again (a large one slows its searches while it fills).
        assert page_cache() == cache
    assert search(clerk.user, "防汛").count == 1


def test_bulk_build_refuses_an_index_that_is_not_empty(make_document):
    make_document()
    with pytest.raises(ValueError), bulk_build():
        pass


@pytest.mark.django_db
def test_a_row_indexed_by_the_old_tokeniser_is_deleted_by_the_new_one():
    # Indexes built before `index_text` hold each token once, in tokenize's order; the 'delete' command
    # must remove exactly those (a contentless FTS5 table trusts the tokens it is given).
    title, body = "防汛抗旱通知", "各乡镇要做好防汛抗旱工作，OA系统升级。"
    old = " ".join(dict.fromkeys(f"{tokenize(title)} {tokenize(body)}".split()))
    with connection.cursor() as cursor:
        backend().insert(cursor, [(42, tokenize(title), old)])
        assert matches(FTS, "抗旱") == 1
        backend().delete(cursor, index_rows([(42, title, body, "", "", "")]))
    for token in set(old.split()):
        assert matches(FTS, token) == 0, token
    assert matches(FTS_TITLE, "防汛") == 0


@pytest.mark.django_db
def test_rows_of_either_token_form_insert_and_delete_cleanly_in_one_transaction():
    # The test's transaction keeps each row in FTS5's pending data, where a 'delete' that repeats tokens
    # the insert did not is refused as corruption: the backend's delete drops repeats.
    title, body = "防汛抗旱通知", "防汛抗旱，防汛抗旱。OA系统OA。"
    old = " ".join(dict.fromkeys(f"{tokenize(title)} {tokenize(body)}".split()))
    ((_, _, new),) = index_rows([(0, title, body, "", "", "")])
    assert len(new.split()) > len(set(new.split()))  # the new form repeats
    with connection.cursor() as cursor:
        for rank, inserted in ((1, old), (2, new)):
            backend().insert(cursor, [(rank, tokenize(title), inserted)])
            assert matches(FTS, "抗旱") == 1
            backend().delete(cursor, index_rows([(rank, title, body, "", "", "")]))
            assert matches(FTS, "抗旱") == 0
            assert matches(FTS, "oa") == 0


@pytest.mark.django_db
def test_the_entry_table_indexes_its_source_once_through_the_unique_constraint():
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.documents.models import OfficialDocument

    names = [name for name, _ in entry_indexes()]
    assert not [name for name in names if name.startswith("search_searchentry_source_type_id")]
    if connection.vendor != "sqlite":
        assert "search_entry_source" in names
        return  # PostgreSQL's plan for a near-empty table is a sequential scan whatever the indexes
    # Looking entries up by their source, or by their type alone, still searches an index: the constraint's
    # (SQLite names it after the table).
    type_id = ContentType.objects.get_for_model(OfficialDocument).pk
    for lookup in ({"source_type_id": type_id, "source_id": 1}, {"source_type_id": type_id}):
        plan = SearchEntry.objects.filter(**lookup).explain()
        assert (
            "SEARCH search_searchentry USING" in plan and "INDEX sqlite_autoindex_search_searchentry" in plan
        ), plan
