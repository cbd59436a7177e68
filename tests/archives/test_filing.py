"""Filing through the one interface: a closed outgoing document (year = sign-off year, fonds = the archiving
unit's, the final copy and its attachments but no draft), a closed supervision item (self-made title), and
refusals: unclosed records, filing twice, someone who is not an archivist, a record the archivist may not see."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from tests.archives.conftest import dispatched
from tests.documents.test_outgoing_flow import draft
from zhongshu.archives.filing import file_record, filing_source_for
from zhongshu.archives.models import ArchiveFile, ArchiveItem, FileRole, ItemState, Retention
from zhongshu.archives.selectors import pending_records
from zhongshu.attachments.services import attach_file, open_file, store_file
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.documents.models import ArchiveState, OfficialDocument
from zhongshu.documents.services import document_hand_to_archive
from zhongshu.documents.states import DocAction, DocState
from zhongshu.supervision.models import ProgressReport, Source, SupervisionItem
from zhongshu.supervision.states import ItemAction as SupervisionAction
from zhongshu.supervision.states import ItemState as SupervisionState
from zhongshu.testing.access import sign_in

pytestmark = pytest.mark.django_db

BODY_PHRASE = "推动档案工作高质量发展"


def _attach(owner, name: str, data: bytes, by, purpose: str = ""):
    stored = store_file(uploaded=SimpleUploadedFile(name, data), by=by)
    return attach_file(owner=owner, stored=stored, by=by, purpose=purpose)


def test_filing_a_closed_outgoing_document(county):
    document = dispatched(county, body=f"一、总体要求\n{BODY_PHRASE}。\n二、工作措施\n各单位要抓好落实。")
    # The sign-off was last year although the document is dated this year: the year follows the sign-off.
    signed_at = timezone.make_aware(datetime(2025, 12, 30, 16, 0))
    OfficialDocument.objects.filter(pk=document.pk).update(
        signed_at=signed_at, date_of_writing=date(2026, 1, 4)
    )
    document.refresh_from_db()
    _attach(document, "附件1.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", county.clerk.user)
    _attach(document, "初稿.txt", "第一稿".encode(), county.clerk.user, purpose="draft")

    item = file_record(county.archivist.user, document)

    assert item.year == 2025
    assert item.date == date(2025, 12, 30)
    assert item.fonds == "Z109"  # the archiving unit's fonds
    assert (item.retention, item.org_code, item.item_number) == (Retention.Y30, "MSK", 1)
    assert item.reference_code == "Z109-WS·2025-D30-MSK-0001"
    assert item.doc_number == document.doc_number and item.doc_number.startswith("县委办发〔")
    assert item.responsible == "县委办公室"
    assert item.title == document.title and not item.self_made_title
    assert item.state == ItemState.HANDED_OVER and item.pages >= 1
    assert BODY_PHRASE in item.body_text
    assert (item.classification, item.owner_unit_id, item.owner_person_id) == (
        document.classification,
        county.office.pk,
        county.clerk.pk,
    )
    files = list(ArchiveFile.objects.filter(item=item).select_related("stored"))
    assert [(f.role, f.name) for f in files] == [
        (FileRole.EDITABLE, f"{document.doc_number}.docx"),
        (FileRole.ATTACHMENT, "附件1.pdf"),
    ]
    final = Document(io.BytesIO(open_file(files[0].stored)))
    text = "\n".join(p.text for p in final.paragraphs)
    assert BODY_PHRASE in text and document.title in text
    assert AuditEvent.objects.filter(action="archives.file", object_id=str(item.pk)).count() == 1
    # The document shows it: 已归档, filed into the archives, in its own history and log.
    document.refresh_from_db()
    assert (document.state, document.archive_state) == (DocState.ARCHIVED, ArchiveState.FILED)
    assert document.events.get(action=DocAction.ARCHIVE, from_state=DocState.DISPATCHED).note == (
        "归档入库（档号 Z109-WS·2025-D30-MSK-0001）"
    )
    assert AuditEvent.objects.filter(action="documents.filed", object_id=str(document.pk)).count() == 1


def test_a_document_handed_over_by_its_clerk_is_filed_into_the_archives(county, client):
    document = dispatched(county)
    document_hand_to_archive(document=document, by=county.clerk.user)
    document.refresh_from_db()
    assert (document.state, document.archive_state) == (DocState.ARCHIVED, ArchiveState.HANDED_OVER)
    # Handed over is still waiting to be filed.
    assert document in [row.record for row in pending_records(county.archivist.user)]
    file_record(county.archivist.user, document)
    document.refresh_from_db()
    assert (document.state, document.archive_state) == (DocState.ARCHIVED, ArchiveState.FILED)
    assert document.get_archive_state_display() == "已归档入库"
    assert document not in [row.record for row in pending_records(county.archivist.user)]
    # The clerk sees it on the document's page.
    sign_in(client, county.clerk.user)
    response = client.get(f"/documents/{document.pk}/")
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert '<span class="badge" data-testid="doc-archive-state">已归档入库</span>' in page


def test_a_classified_document_files_with_its_classification_and_need_to_know(county):
    document = dispatched(county, classification=Classification.CONFIDENTIAL)
    document.need_to_know_people.add(county.outsider)
    document.need_to_know_units.add(county.health)
    item = file_record(county.archivist.user, document, retention=Retention.PERMANENT)
    assert item.classification == Classification.CONFIDENTIAL
    assert county.outsider in item.need_to_know_people.all()
    assert set(item.need_to_know_people.all()) == set(document.need_to_know_people.all())
    # The document's 知悉范围 goes with it: the unit named, and the unit it was dispatched to.
    assert set(item.need_to_know_units.all()) == set(document.need_to_know_units.all())
    assert county.health in item.need_to_know_units.all()
    assert item.reference_code.endswith("-Y-MSK-0001")
    final = item.files.get(role=FileRole.EDITABLE).stored
    assert final.cipher == "sm4-gcm"  # a state secret's final copy is kept encrypted


def test_an_unclosed_document_is_refused_and_nothing_is_saved(county):
    document = draft(county)
    with pytest.raises(ServiceError) as caught:
        file_record(county.archivist.user, document)
    assert caught.value.code == "not_fileable"
    assert caught.value.message == "公文尚未办结（当前状态：拟稿），不能归档"
    assert ArchiveItem.objects.count() == 0
    document.refresh_from_db()
    assert (document.state, document.archive_state) == (DocState.DRAFT, ArchiveState.NONE)


def test_a_record_files_once(county):
    document = dispatched(county)
    file_record(county.archivist.user, document)
    with pytest.raises(Conflict) as caught:
        file_record(county.archivist.user, document)
    assert caught.value.message == "该记录已归档，不能重复归档"
    assert ArchiveItem.objects.count() == 1


def test_only_an_archivist_who_may_see_the_record_files_it(county):
    document = dispatched(county, classification=Classification.SECRET)
    with pytest.raises(Forbidden) as caught:
        file_record(county.clerk.user, document)
    assert caught.value.message == "只有档案员可以办理归档"
    lower_clearance(county.archivist)  # 一般: may not know a 机密 document
    with pytest.raises(Forbidden):
        file_record(county.archivist.user, document)
    assert ArchiveItem.objects.count() == 0


def lower_clearance(person, level=Clearance.ORDINARY):
    person.clearance = level
    person.save(update_fields=["clearance"])
    person.user.__dict__.pop("_access_viewer", None)  # the policy caches a viewer on the user object


def _closed_item(county, **fields) -> SupervisionItem:
    return SupervisionItem.objects.create(
        title="推进义务教育学校改扩建",
        body="县委书记批示：年底前完成改扩建。",
        source=Source.INSTRUCTION,
        state=SupervisionState.CLOSED,
        closed_on=date(2026, 3, 20),
        lead_unit=county.education,
        owner_unit=county.office,
        created_by=county.clerk.user,
        **fields,
    )


def test_filing_a_closed_supervision_item_with_its_evidence(county):
    item = _closed_item(county)
    report = ProgressReport.objects.create(
        item=item, unit=county.education, text="已完成全部12所学校改扩建。", by=county.colleague.user
    )
    _attach(report, "验收报告.pdf", b"%PDF-1.4\n%%EOF\n", county.colleague.user, purpose="evidence")
    archived = file_record(county.archivist.user, item)
    assert archived.self_made_title and archived.display_title == "[推进义务教育学校改扩建督查办理情况]"
    assert archived.reference_code == "Z109-WS·2026-D30-XWB-0001"  # no supervisor: the owning unit's code
    assert archived.responsible == "县教育局"
    assert "已完成全部12所学校改扩建" in archived.body_text
    assert [f.name for f in archived.files.all()] == ["验收报告.pdf"]
    # The item keeps its state (回头看 still follows) and shows the filing in its own history and log.
    item.refresh_from_db()
    assert item.state == SupervisionState.CLOSED
    event = item.events.get(action=SupervisionAction.FILE)
    assert (event.note, event.by_id) == ("已归档（档号 Z109-WS·2026-D30-XWB-0001）", county.archivist.user.pk)
    assert AuditEvent.objects.filter(action="supervision.filed", object_id=str(item.pk)).count() == 1


def test_the_supervision_item_page_shows_its_filing(county, client):
    item = _closed_item(county, leader=county.leader)  # the responsible leader knows the item
    file_record(county.archivist.user, item)
    sign_in(client, county.leader.user)
    response = client.get(f"/supervision/items/{item.pk}/")
    assert response.status_code == 200, response.status_code
    assert "归档 → 已销号：已归档（档号 Z109-WS·2026-D30-XWB-0001）" in response.content.decode()


def test_a_refused_supervision_filing_leaves_no_mark_on_the_item(county):
    item = _closed_item(county)
    with pytest.raises(Forbidden):
        file_record(county.colleague.user, item)
    assert not item.events.filter(action=SupervisionAction.FILE).exists()


def test_an_open_supervision_item_is_refused(county):
    item = _closed_item(county)
    SupervisionItem.objects.filter(pk=item.pk).update(state=SupervisionState.IN_PROGRESS)
    # 工作秘密 (issue 14): the archivist knows an item only once it is closed out, so an open one is not theirs
    # to see, let alone file; the source's own state check says why to anyone who may see it.
    with pytest.raises(Forbidden):
        file_record(county.archivist.user, SupervisionItem.objects.get(pk=item.pk))
    from zhongshu.supervision.filing import is_fileable

    assert (
        is_fileable(SupervisionItem.objects.get(pk=item.pk))
        == "督查事项尚未销号（当前状态：办理中），不能归档"
    )


def test_pending_lists_closed_unfiled_records_the_archivist_may_see(county):
    closed = dispatched(county)
    secret = dispatched(county, title="关于机密事项的通知", classification=Classification.SECRET)
    draft(county, title="关于尚在起草的通知")
    lower_clearance(county.archivist)
    rows = pending_records(county.archivist.user)
    titles = {row.title for row in rows}
    assert closed.title in titles
    assert secret.title not in titles  # 一般 clearance does not reach 机密
    assert "关于尚在起草的通知" not in titles
    file_record(county.archivist.user, closed)
    assert closed.title not in {row.title for row in pending_records(county.archivist.user)}


def test_the_registry_knows_documents_and_supervision_items():
    assert filing_source_for(OfficialDocument).kind == "document"
    assert filing_source_for(SupervisionItem).label == "督查事项"
    assert ContentType.objects.get_for_model(ArchiveItem).model == "archiveitem"
