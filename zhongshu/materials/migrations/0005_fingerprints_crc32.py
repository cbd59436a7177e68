"""Fingerprints are CRC-32 window hashes now (core.similarity.window_hashes), no longer BLAKE2b: the
winnowing picks other positions and the values differ, so every stored fingerprint is recomputed from its
paragraph, or an old material and a new one would never share a fingerprint. Reversible: backwards, the
BLAKE2b fingerprints are recomputed the same way."""

import hashlib
from collections.abc import Callable

from django.db import migrations

BATCH = 500


def _blake2b_fingerprints(text: str) -> list[tuple[int, int]]:
    """The fingerprints as 0001-0004 computed them (frozen here: the module has moved on)."""
    from zhongshu.core.similarity import K, W, normalised_text

    norm = normalised_text(text)
    if len(norm) < K:
        return []
    hashes = [
        int.from_bytes(hashlib.blake2b(norm[i : i + K].encode(), digest_size=8).digest(), "big") >> 1
        for i in range(len(norm) - K + 1)
    ]
    if len(hashes) <= W:
        offset = min(range(len(hashes)), key=lambda i: (hashes[i], -i))
        return [(hashes[offset], offset)]
    chosen: dict[int, int] = {}
    at = -1
    for start in range(len(hashes) - W + 1):
        end = start + W - 1
        if at < start:
            at = start
            for i in range(start + 1, end + 1):
                if hashes[i] <= hashes[at]:
                    at = i
        elif hashes[end] <= hashes[at]:
            at = end
        chosen[at] = hashes[at]
    return sorted((value, offset) for offset, value in chosen.items())


def _current_fingerprints(text: str) -> list[tuple[int, int]]:
    from zhongshu.core.similarity import fingerprints

    return [(fp.hash, fp.offset) for fp in fingerprints(text)]


def _recompute(apps, compute: Callable[[str], list[tuple[int, int]]]) -> int:
    """Every paragraph's fingerprints replaced by `compute`'s, BATCH paragraphs at a time. Returns how many
    paragraphs."""
    paragraph_model = apps.get_model("materials", "MaterialParagraph")
    fingerprint_model = apps.get_model("materials", "Fingerprint")
    done, after = 0, 0
    while True:
        batch = list(
            paragraph_model.objects.filter(pk__gt=after)
            .order_by("pk")
            .values_list("pk", "material_id", "text")[:BATCH]
        )
        if not batch:
            return done
        ids = [pk for pk, _, _ in batch]
        fingerprint_model.objects.filter(paragraph_id__in=ids).delete()
        fingerprint_model.objects.bulk_create(
            [
                fingerprint_model(paragraph_id=pk, material_id=material_id, hash=value, offset=offset)
                for pk, material_id, text in batch
                for value, offset in compute(text)
            ],
            batch_size=BATCH,
        )
        done += len(batch)
        after = ids[-1]


def to_crc32(apps, schema_editor) -> None:
    _recompute(apps, _current_fingerprints)


def to_blake2b(apps, schema_editor) -> None:
    _recompute(apps, _blake2b_fingerprints)


class Migration(migrations.Migration):
    dependencies = [
        ("materials", "0004_fingerprint_hash_paragraph_index"),
    ]

    operations = [migrations.RunPython(to_crc32, to_blake2b)]
