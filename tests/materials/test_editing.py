"""Correcting a material's description (uploader or office director, with a version check) and withdrawing
it (删除): gone from the library, its fingerprints, shared passages, 金句 and the search index; audited."""

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.materials.conftest import sample_files
from tests.materials.helpers import upload_of
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.materials import services
from zhongshu.materials.models import (
    Fingerprint,
    KeySentence,
    Material,
    MaterialParagraph,
    SimilarPassage,
)
from zhongshu.search.models import SearchEntry
from zhongshu.testing import factories


def _ingest(user, path, **kwargs):
    return services.material_ingest(uploaded=upload_of(path), name=path.name, by=user, **kwargs)


def _edit(material, by, **changes):
    values = {
        "version": material.version,
        "title": material.title,
        "material_type": material.material_type,
        "source": material.source,
        "date_of": material.date,
        "tags": list(material.tags.values_list("name", flat=True)),
        "classification": material.classification,
    }
    values.update(changes)
    return services.material_update(material=material, by=by, **values)


def _entry(material):
    return SearchEntry.objects.filter(
        source_type=ContentType.objects.get_for_model(Material), source_id=material.pk
    ).first()


@pytest.fixture
def material(clerk_user):
    return _ingest(clerk_user, sample_files()[1], material_type="reflection")


@pytest.fixture
def colleague(unit):
    """A clerk of the same unit: may read the material, may not change it."""
    return factories.make_person("文书乙", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY).user


@pytest.fixture
def director(unit):
    return factories.make_person(
        "主任", unit=unit, roles=(Role.OFFICE_DIRECTOR,), clearance=Clearance.IMPORTANT
    ).user


def test_the_uploader_corrects_every_field_and_the_version_rises(material, clerk_user):
    from datetime import date

    saved = _edit(
        material,
        clerk_user,
        title="学习贯彻重要指示精神心得（二篇）",
        material_type="speech",
        source="县委办公室",
        date_of=date(2025, 6, 30),
        tags="学习 办公厅",
        classification=Classification.CONFIDENTIAL,
    )
    fresh = Material.objects.get(pk=material.pk)
    assert (fresh.title, fresh.material_type, fresh.source, fresh.date, fresh.classification) == (
        "学习贯彻重要指示精神心得（二篇）",
        "speech",
        "县委办公室",
        date(2025, 6, 30),
        Classification.CONFIDENTIAL,
    )
    assert sorted(fresh.tags.values_list("name", flat=True)) == ["办公厅", "学习"]
    assert saved.version == fresh.version == 2
    event = AuditEvent.objects.filter(action="material.update").get()
    assert event.object_id == str(material.pk)
    assert event.details["fields"] == ["title", "material_type", "source", "date", "classification", "tags"]
    assert event.details["after"]["date"] == "2025-06-30"
    # The log names the record by id: no title, which may now be a secret's.
    assert "学习贯彻" not in str(event.details)
    # The search entry follows the new title and classification.
    entry = _entry(material)
    assert "学习贯彻重要指示精神心得" in entry.title.replace(" ", "")
    assert entry.classification == Classification.CONFIDENTIAL


def test_saving_without_a_change_writes_nothing(material, clerk_user):
    _edit(material, clerk_user)
    assert Material.objects.get(pk=material.pk).version == 1
    assert not AuditEvent.objects.filter(action="material.update").exists()


def test_a_stale_save_is_refused_and_changes_nothing(material, clerk_user, director):
    first_read = Material.objects.get(pk=material.pk)
    second_read = Material.objects.get(pk=material.pk)
    _edit(first_read, clerk_user, title="主任改的标题")
    with pytest.raises(Conflict) as refused:
        _edit(second_read, director, title="文书改的标题")
    assert refused.value.code == "stale" and refused.value.status == 409
    assert refused.value.message == services.STALE
    fresh = Material.objects.get(pk=material.pk)
    assert fresh.title == "主任改的标题" and fresh.version == 2
    assert AuditEvent.objects.filter(action="material.update").count() == 1


def test_a_colleague_may_not_edit_or_withdraw_but_the_office_director_may(material, colleague, director):
    with pytest.raises(Forbidden) as refused:
        _edit(material, colleague, title="同事改的标题")
    assert refused.value.code == "not_owner"
    with pytest.raises(Forbidden):
        services.material_withdraw(material=material, by=colleague)
    assert Material.objects.get(pk=material.pk).title != "同事改的标题"
    _edit(material, director, title="主任改的标题")
    assert Material.objects.get(pk=material.pk).title == "主任改的标题"


def test_a_director_of_another_unit_may_not_edit(material):
    elsewhere = factories.make_person(
        roles=(Role.OFFICE_DIRECTOR,), clearance=Clearance.IMPORTANT, unit=factories.make_unit("县政府办公室")
    ).user
    with pytest.raises(Forbidden):
        _edit(material, elsewhere, title="别的单位改的")


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        ({"title": "  "}, "required", "请填写标题"),
        ({"title": "长" * 201}, "too_long", "标题过长（最多200字）"),
        ({"material_type": "poem"}, "bad_type", "素材类型不正确：poem"),
        ({"classification": 9}, "bad_classification", "密级不正确：9"),
        # A clerk cleared 一般 may know up to 秘密: marking it 机密 would hide it from themselves.
        (
            {"classification": Classification.SECRET},
            "classification_too_high",
            "密级不能高于本人可知悉的最高密级",
        ),
        ({"tags": "一" * 31}, "bad_tag", "标签过长（最多30字）：" + "一" * 30 + "…"),
    ],
)
def test_bad_corrections_are_refused_with_a_chinese_message(material, clerk_user, changes, code, message):
    with pytest.raises(ServiceError) as refused:
        _edit(material, clerk_user, **changes)
    assert (refused.value.code, refused.value.message) == (code, message)
    assert Material.objects.get(pk=material.pk).version == 1


def test_lowering_a_state_secret_is_the_directors_not_the_uploaders(clerk_user, director):
    secret = _ingest(clerk_user, sample_files()[1], classification=Classification.CONFIDENTIAL)
    for lower in (Classification.INTERNAL, Classification.PUBLIC):
        with pytest.raises(Forbidden) as refused:
            _edit(secret, clerk_user, classification=lower)
        assert (refused.value.code, refused.value.field) == ("lowering_needs_authority", "classification")
        assert refused.value.message == "降低涉密素材的密级须由办公室主任或保密员办理"
    kept = Material.objects.get(pk=secret.pk)
    assert (kept.classification, kept.version) == (Classification.CONFIDENTIAL, 1)
    assert not AuditEvent.objects.filter(action="material.update").exists()
    # The uploader still corrects everything else of it.
    assert _edit(secret, clerk_user, source="内部学习资料").version == 2
    # The office director lowers it, and the log keeps both levels.
    lowered = _edit(Material.objects.get(pk=secret.pk), director, classification=Classification.INTERNAL)
    assert lowered.classification == Classification.INTERNAL
    event = AuditEvent.objects.filter(action="material.update").latest("id")
    assert event.details["before"]["classification"] == Classification.CONFIDENTIAL
    assert event.details["after"]["classification"] == Classification.INTERNAL


def test_the_uploader_lowers_a_non_secret_material_and_raises_any(material, clerk_user):
    # 内部 to 公开 is not a state secret's change; raising (within the editor's clearance) never opens it up.
    public = _edit(material, clerk_user, classification=Classification.PUBLIC)
    assert public.classification == Classification.PUBLIC
    raised = _edit(public, clerk_user, classification=Classification.CONFIDENTIAL)
    assert raised.classification == Classification.CONFIDENTIAL


@pytest.fixture
def shared(clerk_user):
    """Two sample documents sharing the 五个坚持 passage, the second pinned by its uploader."""
    first = _ingest(clerk_user, sample_files()[1])
    second = _ingest(clerk_user, sample_files()[2])
    assert SimilarPassage.objects.filter(a_material=second, b_material=first).exists()
    KeySentence.objects.filter(material=second).first().pinned_by.add(clerk_user)
    return first, second


def test_withdrawing_removes_the_material_and_everything_derived_from_it(shared, clerk_user):
    first, second = shared
    assert _entry(second) is not None
    counts = {
        "paragraphs": MaterialParagraph.objects.filter(material=second).count(),
        "fingerprints": Fingerprint.objects.filter(material=second).count(),
        "key_sentences": KeySentence.objects.filter(material=second).count(),
    }
    services.material_withdraw(material=second, by=clerk_user, reason="重复收录")
    assert not Material.objects.filter(pk=second.pk).exists()
    kept = Material.with_withdrawn.get(pk=second.pk)
    assert kept.is_withdrawn and kept.withdrawn_by == clerk_user and kept.withdrawal_reason == "重复收录"
    assert not MaterialParagraph.objects.filter(material=second).exists()
    assert not Fingerprint.objects.filter(material=second).exists()
    assert not KeySentence.objects.filter(material=second).exists()
    assert not SimilarPassage.objects.filter(a_material=second).exists()
    assert not SimilarPassage.objects.filter(b_material=second).exists()
    assert _entry(second) is None and _entry(first) is not None
    # The other material keeps its own index.
    assert Fingerprint.objects.filter(material=first).exists()
    event = AuditEvent.objects.filter(action="material.withdraw").get()
    assert event.object_id == str(second.pk)
    assert event.details == {
        "reason": "重复收录",
        **counts,
        "shared_passages": event.details["shared_passages"],
    }
    assert event.details["shared_passages"] >= 1


def test_a_withdrawn_material_may_be_uploaded_again_and_finds_its_passages(shared, clerk_user):
    first, second = shared
    services.material_withdraw(material=second, by=clerk_user)
    again = _ingest(clerk_user, sample_files()[2])
    assert again.pk != second.pk
    assert SimilarPassage.objects.filter(a_material=again, b_material=first).exists()
    # While a material is in the library, the same text is still refused.
    with pytest.raises(Conflict) as duplicate:
        _ingest(clerk_user, sample_files()[2])
    assert duplicate.value.code == "duplicate"


def test_withdrawing_twice_or_from_a_stale_page_is_refused(material, clerk_user):
    stale = Material.objects.get(pk=material.pk)
    _edit(material, clerk_user, source="人民网")
    with pytest.raises(Conflict) as refused:
        services.material_withdraw(material=stale, by=clerk_user, version=stale.version)
    assert refused.value.code == "stale"
    fresh = Material.objects.get(pk=material.pk)
    services.material_withdraw(material=fresh, by=clerk_user)
    with pytest.raises(Conflict) as again:
        services.material_withdraw(material=fresh, by=clerk_user)
    assert (again.value.code, again.value.message) == ("withdrawn", "这篇素材已被删除")
    assert AuditEvent.objects.filter(action="material.withdraw").count() == 1


def test_a_search_rebuild_leaves_withdrawn_materials_out(shared, clerk_user):
    from zhongshu.search.indexing import reindex

    first, second = shared
    services.material_withdraw(material=second, by=clerk_user)
    reindex("material")
    assert _entry(second) is None and _entry(first) is not None
