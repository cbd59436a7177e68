"""Ingesting materials: the five sample documents cleaned, indexed and their shared passages found."""

import pytest

from tests.materials.conftest import sample_files
from tests.materials.helpers import Upload, docx_bytes, upload_of
from zhongshu.attachments.models import StoredFile
from zhongshu.attachments.services import open_file
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.materials import services
from zhongshu.materials.models import Fingerprint, KeySentence, Material, MaterialParagraph, SimilarPassage


def _ingest(user, path, **kwargs):
    return services.material_ingest(uploaded=upload_of(path), name=path.name, by=user, **kwargs)


@pytest.fixture
def samples(clerk_user):
    return {path.name[:3]: _ingest(clerk_user, path, material_type="reflection") for path in sample_files()}


def test_the_five_files_ingest_clean_with_removals_listed(samples):
    assert Material.objects.count() == 5
    for material in samples.values():
        assert "##paid" not in material.text and "青禾" not in material.text and "笔耕" not in material.text
        assert material.removals, material.title
        assert material.original_file is not None
    kinds = {r["kind"] for m in samples.values() for r in m.removals}
    assert kinds == {"paywall_marker", "advertisement", "watermark"}
    assert samples["000"].title == "对新时代办公室工作重要要求的学习体会"
    assert MaterialParagraph.objects.filter(material=samples["004"]).count() == len(
        samples["004"].paragraphs_list()
    )
    assert Fingerprint.objects.exists()


def _pairs():
    return {
        (p.a_material.original_name[:3], p.a.seq, p.b_material.original_name[:3], p.b.seq, p.passage_in("a"))
        for p in SimilarPassage.objects.select_related("a", "b", "a_material", "b_material")
    }


FIVE = "坚持对党忠诚的政治本色、坚持服务大局的全局意识、坚持精益求精的工作标准、坚持甘于奉献的职业操守、坚持守口如瓶的保密纪律"


def test_shared_passages_across_the_samples_are_found(samples):
    pairs = _pairs()
    texts = {text for *_, text in pairs}
    # The 五个坚持 passage is shared by 001, 002 and 003; 002 and 003 arrived after 001.
    assert ("002", 6, "001", 19, FIVE) in pairs
    assert ("003", 4, "001", 19, FIVE) in pairs
    assert ("003", 4, "002", 6, FIVE) in pairs
    # Two more passages 003 quotes from 001's paragraph 19, each found on its own.
    assert (
        "003",
        4,
        "001",
        19,
        "严谨细致、精益求精、守正创新、敢于担当、廉洁自律、低调务实、团结协作",
    ) in pairs
    assert ("003", 4, "001", 19, "闻令而动、马上就办、一抓到底、办就办好、善作善成、久久为功") in pairs
    # The advertisements 000 and 002 share were removed before indexing: they are not "similar passages".
    assert not any("青禾" in text or "qh2026" in text for text in texts)
    assert {(a, b) for a, _, b, _, _ in pairs} == {("002", "001"), ("003", "001"), ("003", "002")}


def test_key_sentences_are_extracted(samples):
    assert KeySentence.objects.filter(material=samples["003"]).count() >= 3


def test_an_exact_duplicate_is_refused_showing_the_match(samples, clerk_user):
    path = sample_files()[2]
    with pytest.raises(ServiceError) as error:
        _ingest(clerk_user, path)
    assert error.value.code == "duplicate"
    assert (
        error.value.message
        == f"素材库中已有相同内容的素材：《{samples['002'].title}》（编号{samples['002'].pk}）"
    )


def test_the_same_text_in_a_docx_is_the_same_material(clerk_user):
    text = "第一段。要坚持学思用贯通、知信行统一。\n第二段，文经我手无差错，事交我办请放心。"
    services.material_ingest(uploaded=Upload(text.encode(), "a.txt"), name="a.txt", by=clerk_user)
    with pytest.raises(ServiceError) as error:
        services.material_ingest(
            uploaded=Upload(docx_bytes(text.split("\n")), "a.docx"), name="a.docx", by=clerk_user
        )
    assert error.value.code == "duplicate"


def test_gbk_text_is_ingested_and_its_original_kept_readable(clerk_user):
    text = "关于调研工作的体会\n要坚持问题导向，聚焦基层实际。"
    material = services.material_ingest(
        uploaded=Upload(text.encode("gbk"), "调研.txt"), name="调研.txt", by=clerk_user
    )
    assert material.text == text
    assert open_file(material.original_file).decode("utf-8") == text


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.txt", "file_empty"),
        (b"PK\x03\x04broken", "a.docx", "corrupt_docx"),
        (b"%PDF-1.7\n1 0 obj", "a.pdf", "corrupt_pdf"),
        (
            "##paidbegin##\n【哒哒素材库】——每天更新，欢迎加入会员，请联系客服：cwk\n##paidend##".encode(),
            "ad.txt",
            "no_text",
        ),
    ],
)
def test_bad_files_leave_nothing_behind(clerk_user, data, name, code):
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as error:
        services.material_ingest(uploaded=Upload(data, name), name=name, by=clerk_user)
    assert error.value.code == code
    assert Material.objects.count() == 0 and StoredFile.objects.count() == 0
    assert MaterialParagraph.objects.count() == 0 and AuditEvent.objects.count() == events


def test_size_limit_comes_from_settings(clerk_user, settings):
    settings.ZHONGSHU_MAX_UPLOAD_MB = 1
    with pytest.raises(ServiceError) as error:
        services.material_ingest(
            uploaded=Upload(b"a" * (1024 * 1024 + 1), "a.txt"), name="a.txt", by=clerk_user
        )
    assert error.value.code == "file_too_large"


def test_a_liaison_may_not_use_the_library(db, unit):
    from zhongshu.base.roles import Role
    from zhongshu.testing import factories

    liaison = factories.make_person(unit=unit, roles=(Role.LIAISON,)).user
    with pytest.raises(ServiceError) as error:
        services.material_ingest(uploaded=Upload("正文。".encode(), "a.txt"), name="a.txt", by=liaison)
    assert error.value.code == "not_allowed"


def test_ingest_is_audited_last(clerk_user):
    material = services.material_ingest(
        uploaded=Upload("正文第一句。".encode(), "a.txt"), name="a.txt", by=clerk_user
    )
    event = AuditEvent.objects.order_by("-id").first()
    assert (event.action, event.object_id) == ("material.ingest", str(material.pk))
