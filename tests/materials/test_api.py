"""The API: upload, detail with removals and similar passages, batches, key sentences, problems, errors."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.materials.conftest import sample_files


def _upload(client, path, **fields):
    return client.post(
        "/api/materials/items", {"file": SimpleUploadedFile(path.name, path.read_bytes()), **fields}
    )


def test_upload_and_detail(signed_in):
    first, second = sample_files()[1], sample_files()[3]
    assert _upload(signed_in, first).status_code == 201
    response = _upload(signed_in, second, material_type="speech", tags="讲话")
    assert response.status_code == 201
    body = response.json()
    assert body["material_type"] == "speech" and body["tags"] == ["讲话"]
    assert {r["kind"] for r in body["removals"]} == {"watermark"}
    assert any("守正创新" in p["here"] and p["there_paragraph"] == 19 for p in body["similar"])
    detail = signed_in.get(f"/api/materials/items/{body['id']}").json()
    assert detail["similar"] == body["similar"] and detail["key_sentences"]
    listed = signed_in.get("/api/materials/items?type=speech").json()
    assert [m["id"] for m in listed] == [body["id"]]
    sentences = signed_in.get("/api/materials/key-sentences?type=speech").json()
    assert sentences and all(s["material_id"] == body["id"] for s in sentences)


def test_errors_are_codes(signed_in):
    response = signed_in.post("/api/materials/items", {"file": SimpleUploadedFile("a.txt", b"")})
    assert response.status_code == 400
    assert response.json() == {"code": "file_empty", "message": "文件为空"}
    path = sample_files()[0]
    _upload(signed_in, path)
    response = _upload(signed_in, path)
    assert response.status_code == 409 and response.json()["code"] == "duplicate"
    gbk = signed_in.post(
        "/api/materials/items", {"file": SimpleUploadedFile("g.txt", "中文正文。".encode("gbk"))}
    )
    assert gbk.status_code == 201
    assert signed_in.get("/api/materials/items/999999").json()["code"] == "not_found"


def test_batch_status_and_problems(signed_in, clerk_user):
    from zhongshu.materials.models import IngestBatch, IngestRow

    batch = IngestBatch.objects.create(material_type="other", created_by=clerk_user)
    IngestRow.objects.create(batch=batch, seq=1, name="a.txt", status="error", message="文件为空")
    body = signed_in.get(f"/api/materials/batches/{batch.pk}").json()
    assert body["finished"] is True and body["errors"] == 1 and body["rows"][0]["message"] == "文件为空"
    assert signed_in.get("/api/materials/problems").json() == []


def test_schema_lists_the_routes(signed_in):
    paths = signed_in.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/materials/items",
        "/api/materials/items/{pk}",
        "/api/materials/batches/{pk}",
        "/api/materials/key-sentences",
        "/api/materials/problems",
    ):
        assert path in paths
