"""The pages: upload with clear errors, a 200 MB upload refused unread, bulk import with its progress bar."""

import io
import zipfile

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials.conftest import sample_files
from zhongshu.materials.models import IngestRow, Material, RowStatus


def _post_file(client, name, data, **fields):
    return client.post(
        "/materials/upload/", {"file": SimpleUploadedFile(name, data), "material_type": "speech", **fields}
    )


def test_upload_redirects_to_the_material_page_with_removals_and_passages(signed_in):
    first, second = sample_files()[1], sample_files()[2]
    _post_file(signed_in, first.name, first.read_bytes())
    response = _post_file(signed_in, second.name, second.read_bytes(), tags="学习 体会")
    material = Material.objects.get(original_name=second.name)
    assert response.status_code == 302 and response["Location"] == f"/materials/{material.pk}/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "付费标记" in page and "##paidend##" in page and "【青禾素材网】" in page
    assert "本文第6段与《" in page and "第19段相似" in page
    assert sorted(material.tags.values_list("name", flat=True)) == ["体会", "学习"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.txt", b"", "文件为空"),
        ("a.docx", b"PK\x03\x04xx", "Word 文档已损坏或不是 .docx 格式，无法读取"),
        ("a.pdf", b"%PDF-1.4\n", "PDF 文件不完整（可能在传输中被截断），无法读取"),
    ],
)
def test_bad_uploads_show_a_chinese_message(signed_in, name, data, message):
    response = _post_file(signed_in, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Material.objects.count() == 0


class _SparseMultipart(io.RawIOBase):
    """A multipart body around a sparse 200 MB file, produced on demand: the test never holds it in memory."""

    def __init__(self, boundary, path):
        self.parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n".encode(),
            path,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
        self.read_bytes = 0

    def read(self, size=-1):
        raise AssertionError(f"the view read the body (after {self.read_bytes} bytes)")

    def length(self):
        return len(self.parts[0]) + self.parts[1].stat().st_size + len(self.parts[2])


def test_a_200mb_upload_is_refused_before_the_body_is_read(signed_in, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    body = _SparseMultipart("BOUNDARY", path)
    response = signed_in.generic(
        "POST",
        "/materials/upload/",
        b"",
        content_type="multipart/form-data; boundary=BOUNDARY",
        # The test client sets no CONTENT_TYPE for an empty `data`: it is given here, as a browser sends it.
        **{
            "wsgi.input": body,
            "CONTENT_LENGTH": str(body.length()),
            "CONTENT_TYPE": "multipart/form-data; boundary=BOUNDARY",
        },
    )
    assert response.status_code == 413
    assert "文件过大：超过50MB上限" in response.content.decode()


def test_an_upload_over_a_lowered_limit_is_parsed_then_refused(signed_in, settings):
    settings.ZHONGSHU_MAX_UPLOAD_MB = 1
    response = _post_file(signed_in, "big.txt", "正文。".encode() * 200_000)
    assert response.status_code == 400
    assert "超过1MB上限" in response.content.decode()
    assert Material.objects.count() == 0


def test_an_upload_over_the_memory_limit_goes_through_the_sealed_file(
    signed_in, django_capture_on_commit_callbacks
):
    # Django would keep it in a plain temporary file; attachments.uploads keeps it sealed. So large a file is
    # ingested by the background job (immediate in tests), and the upload answers with its progress page.
    text = sample_files()[1].read_text(encoding="utf-8")
    data = (text * (django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE // len(text.encode()) + 2)).encode()
    assert len(data) > django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            "/materials/upload/", {"file": SimpleUploadedFile("长文.txt", data), "material_type": "speech"}
        )
    row = IngestRow.objects.get(name="长文.txt")
    assert response.status_code == 302 and response["Location"] == f"/materials/batches/{row.batch_id}/"
    assert row.status == RowStatus.OK and row.progress == 100
    material = Material.objects.get(pk=row.material_id)
    assert material.original_name == "长文.txt" and material.material_type == "speech"
    assert material.paragraphs.count() > 0


def _zip(files):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_bulk_import_with_one_bad_file(signed_in, django_capture_on_commit_callbacks):
    good = {path.name: path.read_bytes() for path in sample_files()[:3]}
    bad = SimpleUploadedFile("坏文件.docx", b"PK\x03\x04 truncated")
    archive = SimpleUploadedFile(
        "more.zip", _zip({"内/甲.txt": "第一段正文。要坚持问题导向。".encode("gbk")})
    )
    uploads = [SimpleUploadedFile(name, data) for name, data in good.items()] + [bad, archive]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            "/materials/bulk/", {"files": uploads, "material_type": "experience", "tags": "汇编"}
        )
    assert response.status_code == 302
    batch_url = response["Location"]
    rows = {row.name: row for row in IngestRow.objects.all()}
    assert {name: row.status for name, row in rows.items()} == {
        **{name: RowStatus.OK for name in good},
        "坏文件.docx": RowStatus.ERROR,
        "甲.txt": RowStatus.OK,
    }
    assert rows["坏文件.docx"].message == "Word 文档已损坏或不是 .docx 格式，无法读取"
    assert Material.objects.count() == 4
    assert set(Material.objects.values_list("material_type", flat=True)) == {"experience"}
    assert all(not row.staged_path for row in rows.values())
    page = signed_in.get(batch_url).content.decode()
    assert "成功 4，失败 1，已完成" in page and 'hx-trigger="every 1s"' not in page


def test_progress_partial_polls_until_done(signed_in, clerk_user):
    from zhongshu.materials.models import IngestBatch

    batch = IngestBatch.objects.create(material_type="other", created_by=clerk_user)
    row = IngestRow.objects.create(batch=batch, seq=1, name="a.txt", staged_path="none")
    IngestRow.objects.create(batch=batch, seq=2, name="b.txt", status=RowStatus.OK)
    partial = signed_in.get(f"/materials/batches/{batch.pk}/", HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert "HX-Request" in partial["Vary"]
    assert "<html" not in html and 'hx-trigger="every 1s"' in html and 'value="1"' in html and "50%" in html
    row.status = RowStatus.ERROR
    row.save()
    html = signed_in.get(f"/materials/batches/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' not in html and "已完成" in html


def test_someone_elses_batch_is_not_found(signed_in, db, unit):
    from zhongshu.base.roles import Role
    from zhongshu.materials.models import IngestBatch
    from zhongshu.testing import factories

    other = factories.make_person(unit=unit, roles=(Role.CLERK,)).user
    batch = IngestBatch.objects.create(material_type="other", created_by=other)
    assert signed_in.get(f"/materials/batches/{batch.pk}/").status_code == 404


def test_tick_finishes_rows_a_lost_job_left(clerk_user, tmp_path, settings):
    from zhongshu.materials import batches

    staged = batches.stage_uploads([SimpleUploadedFile("a.txt", "正文第一段。".encode())])
    from zhongshu.materials.models import IngestBatch

    batch = IngestBatch.objects.create(material_type="other", created_by=clerk_user)
    IngestRow.objects.create(batch=batch, seq=1, name="a.txt", staged_path=staged[0].path)
    assert batches.ingest_tick() == 1
    assert IngestRow.objects.get().status == RowStatus.OK
    assert batches.ingest_tick() == 0


def test_library_filters_and_key_sentence_pin(signed_in, clerk_user):
    for path in sample_files()[3:]:
        _post_file(signed_in, path.name, path.read_bytes(), tags="讲话稿")
    page = signed_in.get("/materials/?tag=讲话稿&type=speech").content.decode()
    assert page.count('data-material="') == 2
    assert signed_in.get("/materials/?type=case").content.decode().count('data-material="') == 0
    from zhongshu.materials.models import KeySentence

    sentence = KeySentence.objects.first()
    response = signed_in.post(
        f"/materials/key-sentences/{sentence.pk}/pin/", {"pinned": "1"}, HTTP_HX_REQUEST="true"
    )
    assert "取消收藏" in response.content.decode()
    pinned = signed_in.get("/materials/key-sentences/?pinned=1").content.decode()
    assert sentence.text in pinned and pinned.count('data-copy="') == 1
