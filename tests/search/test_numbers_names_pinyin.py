"""Search finds what users type: a 文号 in any bracket, whole or in part, a 档号, the people and units on a
document, and a title's pinyin and initials — all inside the one query, under the one access policy."""

from datetime import date

import pytest
from django.utils import timezone

from tests.archives.helpers import make_item
from zhongshu.base.levels import Classification, Clearance
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.search.indexing import reconcile
from zhongshu.search.models import ENTRY_FORMAT, SearchEntry
from zhongshu.search.selectors import search
from zhongshu.testing import factories

pytestmark = pytest.mark.django_db


def _found(person, raw):
    return [hit.entry.source_id for hit in search(person.user, raw).hits]


@pytest.fixture
def numbered(make_document):
    """Three documents whose numbers differ in one part each: serial, year."""
    return {
        "mine": make_document(title="关于做好防汛工作的通知", doc_number="县委办发〔2026〕7号"),
        "serial": make_document(title="关于开展安全检查的通知", doc_number="县委办发〔2026〕17号"),
        "year": make_document(title="关于春季植树的通知", doc_number="县委办发〔2025〕7号"),
    }


@pytest.mark.parametrize(
    "typed",
    [
        "县委办发〔2026〕7号",
        "县委办发[2026]7号",
        "县委办发【2026】7号",
        "县委办发(2026)7号",
        "县委办发（2026）第7号",
        "县委办发〔2026〕7",
        "县委办发［2026］第7号",
        '"县委办发〔2026〕7号"',
    ],
)
def test_a_whole_number_in_any_bracket_finds_exactly_its_document(numbered, clerk, typed):
    assert _found(clerk, typed) == [numbered["mine"].pk]


def test_part_of_a_number_finds_every_document_bearing_it(numbered, clerk):
    everything = {document.pk for document in numbered.values()}
    assert set(_found(clerk, "县委办发")) == everything
    assert set(_found(clerk, "县委办发〔2026〕")) == {numbered["mine"].pk, numbered["serial"].pk}
    assert set(_found(clerk, "县委办发[2025]")) == {numbered["year"].pk}


def test_a_received_documents_source_number_finds_it(clerk, office):
    received = OfficialDocument.objects.create(
        direction=Direction.INCOMING,
        state=DocState.RECEIVED,
        title="关于做好汛期值班的通知",
        source_unit_name="市防汛抗旱指挥部办公室",
        source_doc_number="市防指办〔2026〕8号",
        incoming_number="收文〔2026〕12号",
        received_on=timezone.localdate(),
        owner_unit=office,
        owner_person=clerk,
        classification=Classification.INTERNAL,
    )
    assert _found(clerk, "市防指办〔2026〕8号") == [received.pk]
    assert _found(clerk, "市防指办[2026]8号") == [received.pk]
    assert _found(clerk, "市防指办") == [received.pk]
    assert _found(clerk, "收文（2026）12号") == [received.pk]
    # The sending unit's name, which the text itself never states.
    assert _found(clerk, "市防汛抗旱指挥部办公室") == [received.pk]


def test_the_drafter_and_the_issuing_unit_find_a_document(make_document, clerk, office):
    drafter = factories.make_person("欧阳明", unit=office, clearance=Clearance.ORDINARY)
    document = make_document(
        title="关于调整值班安排的通知", body="各科室：现将值班安排通知如下。", drafter=drafter
    )
    other = make_document(title="关于春季植树的通知", body="各科室：植树。")
    assert _found(clerk, "欧阳明") == [document.pk]
    assert _found(clerk, "欧阳明 值班") == [document.pk]
    assert set(_found(clerk, "县委办公室")) == {document.pk, other.pk}


def test_an_archive_item_is_found_by_its_reference_code_whole_and_in_part(clerk, office):
    item = make_item(
        by=clerk.user, owner_unit=office, title="关于做好年度工作的通知", doc_number="县委办发〔2024〕3号"
    )
    assert item.reference_code.startswith("Z109-WS·2024-")
    assert _found(clerk, item.reference_code) == [item.pk]
    assert _found(clerk, item.reference_code.split("-", 3)[-1]) == [item.pk]  # "MSK-0001" and the like
    assert _found(clerk, "县委办发[2024]3号") == [item.pk]


@pytest.mark.parametrize(
    "typed", ["fangxun", "FangXun", "fangxungongzuo", "fx", "fxgz", "gongzuodetongzhi", "gzdtz", "tz"]
)
def test_a_titles_pinyin_and_initials_find_it(make_document, clerk, typed):
    flood = make_document(title="关于做好防汛工作的通知")
    make_document(title="关于春季植树造林的意见")
    assert _found(clerk, typed) == [flood.pk]


def test_pinyin_reads_common_phrases_right(make_document, clerk):
    bank = make_document(title="县长调研银行工作")
    assert _found(clerk, "xianzhang") == [bank.pk]
    assert _found(clerk, "yinhang") == [bank.pk]
    assert _found(clerk, "xzdy") == [bank.pk]


def test_pinyin_and_a_latin_word_still_find_english_text(make_document, clerk):
    document = make_document(title="OA系统升级的通知", body="办公自动化系统 upgrade 安排")
    assert _found(clerk, "upgrade") == [document.pk]
    assert _found(clerk, "xitong") == [document.pk]


def test_a_number_does_not_reach_a_document_outside_the_viewers_scope(make_document, office):
    outsider_unit = factories.make_unit("县财政局")
    outsider = factories.make_person("外单位人", unit=outsider_unit, clearance=Clearance.IMPORTANT)
    colleague = factories.make_person("同事", unit=office, clearance=Clearance.IMPORTANT)
    owner = factories.make_person("经办人", unit=office, clearance=Clearance.IMPORTANT)
    internal = make_document(title="内部通知", doc_number="县委办发〔2026〕41号")
    secret = make_document(
        title="秘密通知",
        doc_number="县委办发〔2026〕42号",
        classification=Classification.SECRET,
        owner_person=owner,
    )
    for typed in ("县委办发〔2026〕41号", "县委办发〔2026〕42号", "县委办发", "neibu", "mimi"):
        assert _found(outsider, typed) == []
        assert search(outsider.user, typed).count == 0
    assert _found(colleague, "县委办发〔2026〕41号") == [internal.pk]
    assert _found(owner, "县委办发〔2026〕42号") == [secret.pk]
    assert _found(owner, "mimi") == [secret.pk]


def test_entries_of_the_old_format_are_rewritten_by_the_tick(numbered, clerk):
    """After the upgrade's migration every existing entry has format 1 and none of the new tokens."""
    from django.db import connection

    from zhongshu.search.backends import backend, index_rows
    from zhongshu.search.indexing import _row

    for entry in SearchEntry.objects.all():
        with connection.cursor() as cursor:
            backend().delete(cursor, index_rows([_row(entry)]))
        entry.terms, entry.marked, entry.format = "", "", 1
        entry.save()
        with connection.cursor() as cursor:
            backend().insert(cursor, index_rows([_row(entry)]))
    assert _found(clerk, "县委办发〔2026〕7号") == []
    assert reconcile() >= 3
    assert set(SearchEntry.objects.values_list("format", flat=True)) == {ENTRY_FORMAT}
    assert _found(clerk, "县委办发〔2026〕7号") == [numbered["mine"].pk]
    assert reconcile() == 0


def test_the_date_of_an_old_number_does_not_matter(make_document, clerk):
    old = make_document(title="旧文", doc_number="县委办发〔2019〕1号", date_of_writing=date(2019, 1, 2))
    assert _found(clerk, "县委办发 2019") == [old.pk]


def test_a_number_excluded_with_other_brackets_is_excluded(make_document, clerk):
    """`-县委办发[2026]2号` excludes the record numbered 县委办发〔2026〕2号 (by its canonical token), not 21号."""
    second = make_document(title="关于防汛值守的通知", doc_number="县委办发〔2026〕2号")
    other = make_document(title="关于防汛物资的通知", doc_number="县委办发〔2026〕21号")
    assert set(_found(clerk, "防汛")) == {second.pk, other.pk}
    for typed in ("防汛 -县委办发[2026]2号", "防汛 -县委办发（2026）第2号", "防汛 -县委办发〔2026〕2号"):
        assert _found(clerk, typed) == [other.pk], typed
        assert search(clerk.user, typed).count == 1, typed
    # Excluding the year's numbers excludes both.
    assert _found(clerk, "防汛 -县委办发[2026]") == []
