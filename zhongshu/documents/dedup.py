"""Near-duplicate check (杜绝重复发文): 64-bit SimHash over jieba tokens, compared by Hamming distance.

Stored as a signed 64-bit integer so every database keeps it in a BIGINT.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from zhongshu.proofreader.resources import jieba_segmenter

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_BITS = 64


def tokens(text: str) -> list[str]:
    return [token for token in jieba_segmenter().lcut(text) if _KEEP.search(token)]


def _token_hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "big")


def simhash(text: str) -> int:
    weights = [0] * _BITS
    counts: dict[str, int] = {}
    for token in tokens(text):
        counts[token] = counts.get(token, 0) + 1
    for token, count in counts.items():
        value = _token_hash(token)
        for bit in range(_BITS):
            weights[bit] += count if value >> bit & 1 else -count
    unsigned = sum(1 << bit for bit in range(_BITS) if weights[bit] > 0)
    return unsigned - (1 << _BITS) if unsigned >= 1 << (_BITS - 1) else unsigned


def similarity(a: int, b: int) -> float:
    """1.0 for identical fingerprints, about 0.5 for unrelated texts."""
    distance = ((a ^ b) & ((1 << _BITS) - 1)).bit_count()
    return 1 - distance / _BITS


@dataclass(frozen=True)
class Similar:
    document: Any
    similarity: float


def most_similar(
    document: Any, *, user: Any, years: int = 3, limit: int = 5, threshold: float = 0.75
) -> list[Similar]:
    """The earlier documents (of the last `years`) the viewer may see, most similar first."""
    from zhongshu.access.policy import visible
    from zhongshu.documents.models import Direction, OfficialDocument

    fingerprint = (
        document.simhash if document.simhash is not None else simhash(document.title + "\n" + document.body)
    )
    since = timezone.now() - timedelta(days=365 * years)
    candidates = (
        visible(OfficialDocument.objects.all(), user)
        .filter(direction=Direction.OUTGOING, simhash__isnull=False, created_at__gte=since)
        .exclude(pk=document.pk)
        .only("id", "title", "doc_number", "simhash", "state")
        .order_by("-id")[:5000]
    )
    scored = [Similar(other, similarity(fingerprint, other.simhash or 0)) for other in candidates]
    scored = [item for item in scored if item.similarity >= threshold]
    scored.sort(key=lambda item: (-item.similarity, -item.document.pk))
    return scored[:limit]
