"""Migration 0005: the fingerprints stored before it (BLAKE2b window hashes) are recomputed as the CRC-32 ones
`similarity.fingerprints` makes now, so a material filed before the change and one filed after still share
their passages."""

import importlib

from django.apps import apps

from tests.materials.conftest import sample_files
from tests.materials.helpers import upload_of
from zhongshu.core import similarity
from zhongshu.materials import services
from zhongshu.materials.models import Fingerprint, Material, MaterialParagraph, SimilarPassage

migration = importlib.import_module("zhongshu.materials.migrations.0005_fingerprints_crc32")


def _ingest(user, prefix: str) -> Material:
    path = next(path for path in sample_files() if path.name.startswith(prefix))
    return services.material_ingest(uploaded=upload_of(path), name=path.name, by=user)


def _stored(material: Material) -> list[tuple[int, int, int]]:
    return sorted(Fingerprint.objects.filter(material=material).values_list("paragraph_id", "hash", "offset"))


def _computed(material: Material) -> list[tuple[int, int, int]]:
    return sorted(
        (paragraph.pk, fp.hash, fp.offset)
        for paragraph in MaterialParagraph.objects.filter(material=material)
        for fp in similarity.fingerprints(paragraph.text)
    )


def test_fingerprints_from_before_are_recomputed_and_old_and_new_materials_share_passages(clerk_user):
    old = _ingest(clerk_user, "001")
    migration.to_blake2b(apps, None)  # the fingerprints as a material filed before 0005 has them
    assert _stored(old) and _stored(old) != _computed(old)

    migration.to_crc32(apps, None)
    assert _stored(old) == _computed(old)
    migration.to_crc32(apps, None)  # a second run changes nothing
    assert _stored(old) == _computed(old)

    new = _ingest(clerk_user, "002")
    passages = SimilarPassage.objects.filter(a_material=new, b_material=old)
    assert any("坚持对党忠诚的政治本色" in passage.passage_in("a") for passage in passages)


def test_without_the_migration_an_old_material_shares_nothing_with_a_new_one(clerk_user):
    old = _ingest(clerk_user, "001")
    migration.to_blake2b(apps, None)
    new = _ingest(clerk_user, "002")
    assert not SimilarPassage.objects.filter(a_material=new, b_material=old).exists()
