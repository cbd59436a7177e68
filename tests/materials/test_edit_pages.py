"""The edit and withdraw pages and the API's PATCH and DELETE: clear Chinese messages on the page, English
codes in the API (409 `stale`, 403 `not_owner`), nothing half-saved."""

import pytest

from tests.materials.conftest import sample_files
from tests.materials.helpers import upload_of
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.materials import services
from zhongshu.materials.models import Material
from zhongshu.testing import factories


@pytest.fixture
def material(clerk_user):
    path = sample_files()[1]
    return services.material_ingest(
        uploaded=upload_of(path), name=path.name, by=clerk_user, material_type="reflection", tags="学习"
    )


@pytest.fixture
def colleague(unit):
    return factories.make_person("文书乙", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY).user


def _form(material, **changes):
    data = {
        "version": material.version,
        "title": material.title,
        "material_type": material.material_type,
        "source": material.source,
        "date": "",
        "tags": "学习",
        "classification": material.classification,
    }
    data.update(changes)
    return data


def test_the_edit_page_shows_the_stored_values_and_saves(signed_in, material):
    page = signed_in.get(f"/materials/{material.pk}/edit/").content.decode()
    assert f'value="{material.title}"' in page and 'name="version" value="1"' in page
    assert "素材库</a> › <a" in page  # the breadcrumb back to the library and the material
    response = signed_in.post(
        f"/materials/{material.pk}/edit/",
        _form(material, title="新标题", date="2025-07-01", tags="学习 体会"),
    )
    assert response.status_code == 302 and response["Location"] == f"/materials/{material.pk}/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "素材信息已保存" in page and "<h1>新标题</h1>" in page and "2025-07-01" in page
    assert Material.objects.get(pk=material.pk).version == 2


def test_a_stale_edit_shows_the_latest_values_and_what_the_editor_typed(signed_in, material, clerk_user):
    services.material_set_tags(material=material, tags="学习 第二人", by=clerk_user)
    response = signed_in.post(f"/materials/{material.pk}/edit/", _form(material, title="我的新标题"))
    assert response.status_code == 409
    page = response.content.decode()
    assert services.STALE in page
    assert 'name="version" value="2"' in page and f'value="{material.title}"' in page
    assert "您刚才填写的内容（未保存）" in page and "我的新标题" in page
    assert Material.objects.get(pk=material.pk).title == material.title


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "请填写标题"),
        ({"date": "2025-02-30"}, "日期格式应为 YYYY-MM-DD"),
        ({"classification": "3"}, "密级不能高于本人可知悉的最高密级"),
        ({"tags": " ".join(f"标签{i}" for i in range(11))}, "标签最多10个"),
    ],
)
def test_bad_input_on_the_edit_page_is_a_chinese_message(signed_in, material, changes, message):
    response = signed_in.post(f"/materials/{material.pk}/edit/", _form(material, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Material.objects.get(pk=material.pk).version == 1


def test_a_colleague_sees_no_edit_links_and_is_refused_in_chinese(client, material, colleague):
    client.force_login(colleague)
    page = client.get(f"/materials/{material.pk}/").content.decode()
    assert "修改素材信息" not in page and f"/materials/{material.pk}/withdraw/" not in page
    for url in (f"/materials/{material.pk}/edit/", f"/materials/{material.pk}/withdraw/"):
        response = client.get(url)
        assert response.status_code == 403
        assert services.NOT_OWNER in response.content.decode()
    response = client.post(f"/materials/{material.pk}/edit/", _form(material, title="同事改的"))
    assert response.status_code == 403 and Material.objects.get(pk=material.pk).title != "同事改的"
    response = client.post(f"/materials/{material.pk}/tags/", {"tags": "同事", "version": 1}, follow=True)
    assert services.NOT_OWNER in response.content.decode()


def test_withdrawing_from_the_page(signed_in, material):
    page = signed_in.get(f"/materials/{material.pk}/").content.decode()
    assert f"/materials/{material.pk}/withdraw/" in page
    confirm = signed_in.get(f"/materials/{material.pk}/withdraw/").content.decode()
    assert f"确定从素材库删除《{material.title}》吗？" in confirm
    response = signed_in.post(f"/materials/{material.pk}/withdraw/", {"version": 1, "reason": "收录有误"})
    assert response.status_code == 302 and response["Location"] == "/materials/"
    library = signed_in.get("/materials/").content.decode()
    assert f"已删除素材《{material.title}》" in library and 'data-material="' not in library
    gone = signed_in.get(f"/materials/{material.pk}/")
    assert gone.status_code == 404 and "记录不存在或无权访问" in gone.content.decode()
    assert signed_in.get("/materials/key-sentences/").content.decode().count('data-copy="') == 0


def test_a_stale_withdrawal_is_refused_on_the_page(signed_in, material, clerk_user):
    services.material_set_tags(material=material, tags="改过", by=clerk_user)
    response = signed_in.post(f"/materials/{material.pk}/withdraw/", {"version": 1})
    assert response.status_code == 409 and services.STALE in response.content.decode()
    assert Material.objects.filter(pk=material.pk).exists()


def test_the_batch_page_marks_a_withdrawn_material(signed_in, material, clerk_user):
    from zhongshu.materials.models import IngestBatch, IngestRow

    batch = IngestBatch.objects.create(material_type="other", created_by=clerk_user)
    IngestRow.objects.create(
        batch=batch, seq=1, name="a.txt", status="ok", message="已入库", material=material
    )
    services.material_withdraw(material=material, by=clerk_user)
    page = signed_in.get(f"/materials/batches/{batch.pk}/").content.decode()
    assert "已入库，后已删除" in page and f"/materials/{material.pk}/" not in page


# --- the API ------------------------------------------------------------------------------------------


def _patch(client, material, **payload):
    return client.patch(f"/api/materials/items/{material.pk}", payload, content_type="application/json")


def test_api_patch_changes_only_what_is_sent(signed_in, material):
    response = _patch(signed_in, material, version=1, source="县委办", date="2025-05-04", tags=["甲", "乙"])
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2 and body["source"] == "县委办" and body["date"] == "2025-05-04"
    assert sorted(body["tags"]) == ["乙", "甲"]
    assert body["title"] == material.title and body["material_type"] == "reflection"
    cleared = _patch(signed_in, material, version=2, date=None).json()
    assert cleared["date"] is None and cleared["source"] == "县委办" and cleared["version"] == 3


def test_api_errors_are_codes(signed_in, client, material, colleague):
    assert _patch(signed_in, material, version=1, title="一").status_code == 200
    stale = _patch(signed_in, material, version=1, title="二")
    assert stale.status_code == 409 and stale.json() == {"code": "stale", "message": services.STALE}
    # The edit page's form judges the API's edit too (materials.schemas.EditIn): its first error, by field.
    bad = _patch(signed_in, material, version=2, material_type="poem")
    assert bad.status_code == 400
    assert (bad.json()["code"], bad.json()["field"]) == ("invalid_input", "material_type")
    missing = _patch(signed_in, material, title="没有版本")
    assert missing.status_code == 400
    assert (missing.json()["code"], missing.json()["field"]) == ("version_required", "version")
    client.force_login(colleague)
    refused = _patch(client, material, version=2, title="同事")
    assert refused.status_code == 403 and refused.json()["code"] == "not_owner"
    assert client.delete(f"/api/materials/items/{material.pk}").json()["code"] == "not_owner"
    assert Material.objects.get(pk=material.pk).title == "一"


def test_api_delete_withdraws(signed_in, material):
    stale = signed_in.delete(f"/api/materials/items/{material.pk}?version=7")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    response = signed_in.delete(f"/api/materials/items/{material.pk}?version=1&reason=重复")
    assert response.status_code == 204
    assert signed_in.get(f"/api/materials/items/{material.pk}").json()["code"] == "not_found"
    assert signed_in.get("/api/materials/items").json() == []
    assert signed_in.delete(f"/api/materials/items/{material.pk}").status_code == 404


def test_the_quick_tag_form_is_version_checked_too(signed_in, material, clerk_user):
    services.material_set_tags(material=material, tags="别人先改", by=clerk_user)
    response = signed_in.post(
        f"/materials/{material.pk}/tags/", {"tags": "我后改", "version": 1}, follow=True
    )
    assert services.STALE in response.content.decode()
    assert list(Material.objects.get(pk=material.pk).tags.values_list("name", flat=True)) == ["别人先改"]


def _without_token(response):
    import re

    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_someone_who_may_not_see_a_secret_material_finds_its_edit_page_missing(client, clerk_user, unit):
    from zhongshu.base.levels import Classification

    path = sample_files()[0]
    secret = services.material_ingest(
        uploaded=upload_of(path),
        name=path.name,
        by=clerk_user,
        title="秘密素材标题",
        classification=Classification.CONFIDENTIAL,
    )
    outsider = factories.make_person(roles=(Role.CLERK,), clearance=Clearance.ORDINARY)
    client.force_login(outsider.user)
    missing = client.get("/materials/999999/edit/")
    for url in (f"/materials/{secret.pk}/edit/", f"/materials/{secret.pk}/withdraw/"):
        response = client.get(url)
        assert response.status_code == missing.status_code == 404
        assert _without_token(response) == _without_token(missing)
        assert "秘密素材标题" not in response.content.decode()
    api = client.patch(
        f"/api/materials/items/{secret.pk}", {"version": 1, "title": "x"}, content_type="application/json"
    )
    assert api.status_code == 404 and api.json()["code"] == "not_found"


def test_a_stale_edit_of_a_material_raised_meanwhile_above_the_editors_clearance_shows_nothing_of_it(
    signed_in, material, monkeypatch
):
    from django.db.models import F

    from zhongshu.base.levels import Classification

    real_update = services.material_update

    def raised_in_between(**arguments):
        # Between the page's read and the save, someone cleared for it raised it to 机密 (一般 here).
        Material.objects.filter(pk=material.pk).update(
            classification=Classification.SECRET, title="已升密的标题", version=F("version") + 1
        )
        return real_update(**arguments)

    monkeypatch.setattr(services, "material_update", raised_in_between)
    response = signed_in.post(f"/materials/{material.pk}/edit/", _form(material, title="我的新标题"))
    # The service refuses the change before it looks at the version; the page shows nothing of the new state.
    assert response.status_code == 403 and "已升密的标题" not in response.content.decode()
    assert Material.objects.get(pk=material.pk).title == "已升密的标题"
