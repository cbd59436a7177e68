"""Issue 14, finding 6: classified files lay in clear on disk (only archive copies were encrypted).

Each test reads the bytes under MEDIA_ROOT and looks for a plaintext marker the file carries: the store keeps
every file encrypted whichever module stored it; a record raised to 秘密 has its files (kept in clear before
this rule) encrypted; `zhongshu files encrypt` encrypts the rest of the store and says what it did; downloads
still give back the very bytes that were uploaded.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.attachments.legacy import legacy_clear_file
from zhongshu.attachments.models import Attachment, StoredFile
from zhongshu.attachments.services import open_file
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.materials import services as materials
from zhongshu.supervision import services as supervision
from zhongshu.testing import factories

MARKER = "县委常委会研究干部调整事项（绝不外传）".encode()
TEXT = "关于推进重点工作的情况汇报\n".encode() * 40 + MARKER + "\n后续安排如下。\n".encode() * 40


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path / "var"
    return Path(settings.MEDIA_ROOT)


def clear_on_disk(root: Path) -> list[Path]:
    """Every file under MEDIA_ROOT whose bytes hold the marker as it was written."""
    return [path for path in root.rglob("*") if path.is_file() and MARKER in path.read_bytes()]


@pytest.fixture
def clerk(db):
    unit = factories.make_unit("县委办公室", code="XWB")
    return factories.make_person("文书甲", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY)


def secret_material(clerk):
    return materials.material_ingest(
        uploaded=SimpleUploadedFile("汇报.txt", TEXT),
        name="汇报.txt",
        by=clerk.user,
        title="干部调整情况汇报",
        classification=Classification.CONFIDENTIAL,
    )


def test_a_secret_materials_original_is_not_in_clear_on_disk(clerk, media_root, client):
    material = secret_material(clerk)

    assert material.original_file.cipher == "sm4-gcm"
    assert list(media_root.rglob("*.bin")), "the original is stored"
    assert clear_on_disk(media_root) == []
    # The owner downloads the very bytes uploaded.
    client.force_login(clerk.user)
    response = client.get(f"/materials/{material.pk}/original/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == TEXT


def test_a_secret_supervision_items_attachment_is_not_in_clear_and_downloads_whole(db, media_root, client):
    from tests.supervision.conftest import make_county

    county = make_county()
    for person in (county.supervisor, county.liaison):
        person.clearance = Clearance.ORDINARY
        person.save(update_fields=["clearance"])
    item = county.assigned("干部调整督办", classification=Classification.CONFIDENTIAL, co=False)
    item = supervision.supervision_item_receive(item=item, by=county.liaison.user)
    report = supervision.progress_report_submit(
        item=item,
        by=county.liaison.user,
        text="已完成调研",
        files=[SimpleUploadedFile("调研报告.txt", TEXT)],
    )
    attachment = Attachment.objects.get(object_id=report.pk)

    assert attachment.file.cipher == "sm4-gcm"
    assert clear_on_disk(media_root) == []
    client.force_login(county.liaison.user)
    response = client.get(f"/supervision/files/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TEXT
    # The 秘密 item's evidence went out: that is recorded against the item, with its level.
    event = AuditEvent.objects.get(action="attachment.download")
    assert (event.object_id, event.classification) == (str(item.pk), Classification.CONFIDENTIAL)
    assert event.details["attachment"] == attachment.pk


def test_raising_a_material_to_secret_encrypts_its_original_kept_in_clear(
    clerk, media_root, django_capture_on_commit_callbacks
):
    material = materials.material_ingest(
        uploaded=SimpleUploadedFile("汇报.txt", TEXT), name="汇报.txt", by=clerk.user, title="情况汇报"
    )
    # A material stored before every file was encrypted: its original lies in clear.
    legacy = legacy_clear_file(clerk.user, "汇报.txt", TEXT)
    type(material).objects.filter(pk=material.pk).update(original_file=legacy)
    material.refresh_from_db()
    assert media_root / legacy.path in clear_on_disk(media_root)

    # The clear file goes when the raise commits (the test's own transaction never does).
    with django_capture_on_commit_callbacks(execute=True):
        materials.material_update(
            material=material,
            by=clerk.user,
            version=material.version,
            title=material.title,
            material_type=material.material_type,
            source=material.source,
            date_of=None,
            tags="",
            classification=Classification.CONFIDENTIAL,
        )

    legacy.refresh_from_db()
    assert legacy.cipher == "sm4-gcm"
    assert clear_on_disk(media_root) == []
    assert open_file(legacy) == TEXT
    event = AuditEvent.objects.get(action="file.encrypt")
    assert event.details["files"] == [legacy.pk]


def test_raising_a_draft_document_to_secret_encrypts_its_attachments_kept_in_clear(
    db, media_root, django_capture_on_commit_callbacks
):
    from django.contrib.contenttypes.models import ContentType

    from zhongshu.documents.services import document_draft_create, document_draft_update

    unit = factories.make_unit("县委办公室", code="XWB", agency_code="县委办发")
    drafter = factories.make_person("拟稿人", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY)
    document = document_draft_create(
        by=drafter.user, doc_type="notice", title="关于干部调整的通知", body="正文"
    )
    legacy = legacy_clear_file(drafter.user, "附件.txt", TEXT)
    Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(document),
        object_id=document.pk,
        file=legacy,
        purpose="附件",
        attached_by=drafter.user,
    )

    with django_capture_on_commit_callbacks(execute=True):
        document_draft_update(document=document, by=drafter.user, classification=Classification.CONFIDENTIAL)

    legacy.refresh_from_db()
    assert legacy.cipher == "sm4-gcm"
    assert clear_on_disk(media_root) == []
    assert open_file(legacy) == TEXT


def test_the_encrypt_command_encrypts_a_clear_file_reports_it_and_then_does_nothing(
    clerk, media_root, django_capture_on_commit_callbacks
):
    legacy = legacy_clear_file(clerk.user, "汇报.txt", TEXT)
    encrypted_already = materials.material_ingest(
        uploaded=SimpleUploadedFile("另一份.txt", "另一份材料\n".encode() * 10),
        name="另一份.txt",
        by=clerk.user,
    ).original_file
    assert encrypted_already.cipher == "sm4-gcm"
    clear_path = media_root / legacy.path

    out = io.StringIO()
    # Outside a test each file's row commits at once and its clear file goes; here the test's transaction holds.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("files", "encrypt", stdout=out)

    assert out.getvalue() == "encrypted: 1, already encrypted: 1, missing: 0, damaged: 0\n"
    legacy.refresh_from_db()
    assert legacy.cipher == "sm4-gcm" and legacy.path != clear_path.relative_to(media_root).as_posix()
    assert not clear_path.exists()
    assert clear_on_disk(media_root) == []
    assert open_file(legacy) == TEXT
    event = AuditEvent.objects.get(action="file.encrypt_store")
    assert event.details["encrypted"] == 1 and event.details["files"] == [legacy.pk]

    out = io.StringIO()
    call_command("files", "encrypt", stdout=out)
    assert out.getvalue() == "encrypted: 0, already encrypted: 2, missing: 0, damaged: 0\n"
    assert AuditEvent.objects.filter(action="file.encrypt_store").count() == 1
    assert StoredFile.objects.filter(cipher="").count() == 0
