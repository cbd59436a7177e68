"""Ingesting one file into the 素材库 in pieces, so that no file, however large, stops the office.

A file is read as a stream of lines twice (`extraction.TextSource`): the first pass learns what the cleaner
needs to know of the whole text (its watermark and the portal's names), the second cleans line by line.
The cleaned text is cut into parts of at most PART_CHARS characters at paragraph ends; a text longer than
one part becomes several materials, 《标题》（1/3）, 《标题》（2/3）…, each with its own paragraphs, shared
passages and 金句. So memory holds one part at a time, whatever the size of the file.

The writes come in short transactions (a part's row, then its paragraphs WRITE_ROWS at a time, then its
fingerprints sorted by hash FINGERPRINT_ROWS at a time), because SQLite has one writer: one long transaction made every other user wait for
minutes and then fail with "database is locked". The parts stay out of the library (`Material.ingesting`)
until the last one is written; the original file is stored, and each part enters the library (and the
search index) with its audit event, only then. A refused or failed file has its parts deleted again, so it
leaves nothing behind; a process that died in the middle leaves parts that the tick deletes
(`purge_stale`).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
from typing import Any, BinaryIO

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.audit.services import audit_record
from zhongshu.core import similarity
from zhongshu.core.errors import Conflict, ServiceError
from zhongshu.materials import extraction, keysentences
from zhongshu.materials.cleaning import Cleaner, Removal
from zhongshu.materials.models import (
    Fingerprint,
    KeySentence,
    Material,
    MaterialParagraph,
    SimilarPassage,
    Tag,
)

PART_CHARS = 300_000
# Paragraphs written a transaction at a time, and looked for in the library together.
WRITE_ROWS = 250
# Fingerprints a transaction (sorted by hash, see `_write_fingerprints`).
FINGERPRINT_ROWS = 5000
# Hashes looked up in the library by one query (under the 999 parameters SQLite may be built with).
LOOKUP = 900
# Seconds between two consecutive write transactions (see `_write_fingerprints`).
GAP_S = 0.005
# Removals kept with one part: a file that is mostly advertisement would otherwise make the record huge.
MAX_REMOVALS = 2000
# Paragraphs of the library sharing one fingerprint beyond which it counts as boilerplate (see below).
COMMON = 100
# Parts a dead process left behind are deleted once they are this old (a live ingest is far quicker).
STALE_AFTER = timedelta(hours=1)

Progress = Callable[[float], None]


@dataclass
class Description:
    """What the uploader said of the file: the same for every part."""

    material_type: str
    title: str = ""
    source: str = ""
    date_of: date | None = None
    tags: list[str] = field(default_factory=list)
    classification: int = 1


@dataclass
class _Part:
    text: str
    removals: list[Removal]
    removed: int


@dataclass
class _Written:
    material: Material
    paragraphs: int = 0
    passages: int = 0
    sentences: int = 0
    removed: int = 0


def ingest_file(
    handle: BinaryIO,
    *,
    name: str,
    by: Actor,
    description: Description,
    max_bytes: int,
    store_original: Callable[[extraction.TextSource], Any],
    refuse_duplicate: Callable[[str], None],
    progress: Progress | None = None,
) -> list[Material]:
    """Read, clean and file one upload; the materials it became (one, or the parts of a long text)."""
    source = extraction.text_source(handle, name=name, max_bytes=max_bytes)
    report = _Reporter(source, progress)
    cleaner = Cleaner()
    has_text = False
    for line in source.lines():
        cleaner.learn(line)
        has_text = has_text or bool(line.strip())
        report.tick(0.0, 0.3)
    if not has_text:
        raise extraction.ExtractionError("文件中没有文字内容", code="no_text")
    cleaner.learned()
    # Passages are looked for in the library as it stood when this file began: not in the file's own
    # parts, so a text that repeats itself costs no more than one that does not.
    library_end = MaterialParagraph.objects.aggregate(end=Max("pk"))["end"] or 0
    written: list[_Written] = []
    try:
        with _writing_pragmas():
            for part in _parts(source, cleaner):
                digest = content_hash(part.text)
                refuse_duplicate(digest)
                written.append(_write_part(part, digest, by, description, name, library_end))
                report.tick(0.3, 1.0)
        if not written:
            raise ServiceError("清理广告和标记后没有剩下正文", code="no_text")
        stored = store_original(source)
        _publish(written, stored, source, description, name, by)
    except IntegrityError:
        purge([w.material.pk for w in written])
        # Two uploads of the same text raced past the duplicate check: the unique hash decided.
        raise Conflict("素材库中已有相同内容的素材", code="duplicate") from None
    except BaseException:
        purge([w.material.pk for w in written])
        raise
    return [w.material for w in written]


# While a file is written, on SQLite: a page cache that holds the fingerprint index's pages being filled
# (64 MB, whatever the file's size), and a checkpoint every WAL_PAGES pages instead of every 1,000. Each
# checkpoint copies the WAL's pages into the database and syncs it; every transaction of fingerprints
# wrote more than 1,000 pages, so every commit was followed by one, and an index page written by ten
# transactions was copied ten times. Both are the connection's own settings and are put back after.
CACHE_KIB = 65536
WAL_PAGES = 10000


@contextmanager
def _writing_pragmas() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA wal_autocheckpoint")
        checkpoint = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_PAGES}")
    try:
        yield
    finally:
        # On the driver's connection, as core.bulk does: after a failure Django refuses statements until
        # the caller's atomic block has rolled back, and a PRAGMA is no part of a transaction anyway.
        connection.connection.execute(f"PRAGMA cache_size={cache}")
        connection.connection.execute(f"PRAGMA wal_autocheckpoint={checkpoint}")


class _Reporter:
    """Calls `progress` with the share of the work done, at most once a second."""

    def __init__(self, source: extraction.TextSource, progress: Progress | None) -> None:
        self.source = source
        self.progress = progress
        self.last = 0.0

    def tick(self, start: float, end: float) -> None:
        if self.progress is None or time.monotonic() - self.last < 1.0:
            return
        self.last = time.monotonic()
        share = self.source.position() / self.source.size if self.source.size else 0.0
        self.progress(start + (end - start) * min(share, 1.0))


def content_hash(text: str) -> str:
    """SHA-256 of the normalised cleaned text: the same material in another format is the same material."""
    return hashlib.sha256(similarity.normalised_text(text).encode()).hexdigest()


def _parts(source: extraction.TextSource, cleaner: Cleaner) -> Iterator[_Part]:
    lines: list[str] = []
    removals: list[Removal] = []
    removed = 0
    length = 0
    for number, raw in enumerate(source.lines(), start=1):
        before = len(removals)
        line = cleaner.clean(raw, number, removals)
        removed += len(removals) - before
        del removals[MAX_REMOVALS:]
        if not line:
            continue
        if lines and length + len(line) > PART_CHARS:
            yield _Part("\n".join(lines), removals, removed)
            lines, removals, removed, length = [], [], 0, 0
        lines.append(line)
        length += len(line) + 1
    if lines:
        yield _Part("\n".join(lines), removals, removed)


def _title_from(text: str, name: str) -> str:
    first = next((line.strip() for line in text.split("\n", 20) if line.strip()), "")
    if 4 <= len(first) <= 60 and first[-1] not in "。；，":
        return first
    stem = name.rpartition(".")[0] or name
    return stem[:200] or "未命名素材"


def _write_part(
    part: _Part, digest: str, by: Actor, description: Description, name: str, library_end: int
) -> _Written:
    from zhongshu.org.selectors import person_of_user

    person = person_of_user(by)
    with transaction.atomic():
        material = Material.with_withdrawn.create(
            title=(description.title.strip() or _title_from(part.text, name))[:200],
            material_type=description.material_type,
            source=description.source.strip()[:200],
            date=description.date_of,
            text=part.text,
            removals=[removal.as_dict() for removal in part.removals],
            original_name=name[:255],
            content_hash=digest,
            created_by=by,
            classification=description.classification,
            owner_person=person,
            owner_unit=person.unit if person else None,
            ingesting=True,
        )
    written = _Written(material, removed=part.removed)
    paragraphs = [line for line in part.text.split("\n") if line.strip()]
    pending: list[tuple[int, int, int]] = []  # (hash, paragraph id, offset): the part's fingerprints
    for start in range(0, len(paragraphs), WRITE_ROWS):
        texts = paragraphs[start : start + WRITE_ROWS]
        ids = _write_paragraphs(material, texts, start + 1)
        mine: list[tuple[int, int, int]] = []
        for pk, text in zip(ids, texts, strict=True):
            mine += [(value, pk, offset) for offset, value in similarity.winnowed(text)]
        written.passages += _find_shared_passages(
            material, dict(zip(ids, texts, strict=True)), mine, library_end
        )
        pending += mine
    _write_fingerprints(material, pending)
    written.paragraphs = len(paragraphs)
    best = keysentences.BestSentences()
    for paragraph in paragraphs:
        best.feed(paragraph)
    found = best.result()
    with transaction.atomic():
        KeySentence.objects.bulk_create(
            KeySentence(material=material, text=item.text[:300], score=item.score) for item in found
        )
    written.sentences = len(found)
    return written


def _write_paragraphs(material: Material, texts: list[str], first_seq: int) -> list[int]:
    """One short transaction: a run of paragraphs (by executemany: model instances cost more than the
    insert). Returns their ids, in order."""
    table = connection.ops.quote_name(MaterialParagraph._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in ("material_id", "seq", "text"))
    last_seq = first_seq + len(texts) - 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s)",  # noqa: S608 - names quoted, values bound
            [(material.pk, seq, text) for seq, text in enumerate(texts, start=first_seq)],
        )
        ids = list(
            material.paragraphs.filter(seq__gte=first_seq, seq__lte=last_seq)
            .order_by("seq")
            .values_list("pk", flat=True)
        )
    return ids


def _write_fingerprints(material: Material, rows: list[tuple[int, int, int]]) -> None:
    """A part's fingerprints, sorted by hash and written FINGERPRINT_ROWS at a time, each run a short
    transaction.

    The index on (hash, paragraph) is what costs: a fingerprint lands at a random place in it, so a run of
    paragraphs' fingerprints in text order touched a page of the index for nearly every row, and every
    such page was written again (to the WAL, then to the database) at each commit. Sorted by hash over a
    whole part, each run fills a narrow range of the index: a page is written once for several rows.
    Measured on SQLite, a million fingerprints: 15 us a row before, 5 after."""
    rows.sort(key=itemgetter(0))
    table = connection.ops.quote_name(Fingerprint._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(column) for column in ("hash", "paragraph_id", "offset", "material_id")
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, {int(material.pk)})"  # noqa: S608 - as above
    for start in range(0, len(rows), FINGERPRINT_ROWS):
        if start:
            # A moment between two writes, for whoever waits for the lock: without it the next
            # transaction began at once and a waiting writer (retrying every few ms) met one long hold.
            time.sleep(GAP_S)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows[start : start + FINGERPRINT_ROWS])


def _find_shared_passages(
    material: Material, paragraphs: dict[int, str], mine: list[tuple[int, int, int]], library_end: int
) -> int:
    """Compare a run of new paragraphs with the library through the fingerprint index (a read, outside any
    write transaction), then write what was found in a short one.

    A hash that more than COMMON paragraphs of the library share is boilerplate, not evidence of a shared
    passage: it is left out, so that a common phrase cannot make the comparison quadratic in time and memory.
    """
    if not paragraphs:
        return 0
    # The run's hashes from memory (its fingerprints are written later, sorted, for the whole part), in
    # order, LOOKUP at a time; the index on (hash, paragraph_id) reads only the library's older paragraphs.
    candidates: dict[int, list[tuple[int, int]]] = defaultdict(list)
    common: set[int] = set()
    hashes = sorted({value for value, _, _ in mine})
    table = connection.ops.quote_name(Fingerprint._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in ("paragraph_id", "hash", "offset"))
    for start in range(0, len(hashes), LOOKUP):
        chunk = hashes[start : start + LOOKUP]
        # Raw SQL: the ORM prepared each of the hundreds of thousands of values one by one.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE "  # noqa: S608 - names quoted, values bound
                f"{connection.ops.quote_name('paragraph_id')} <= %s AND "
                f"{connection.ops.quote_name('hash')} IN ({', '.join(['%s'] * len(chunk))})",
                [library_end, *chunk],
            )
            while rows := cursor.fetchmany(5000):
                for other_id, value, other_offset in rows:
                    if value in common:
                        continue
                    found_for = candidates[value]
                    found_for.append((other_id, other_offset))
                    if len(found_for) > COMMON:
                        common.add(value)
                        del candidates[value]
    seeds: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    if candidates:
        for value, my_id, my_offset in mine:
            for other_id, other_offset in candidates.get(value, ()):
                seeds[(my_id, other_id)].append((my_offset, other_offset))
    if not seeds:
        return 0
    others = MaterialParagraph.objects.in_bulk({other for _, other in seeds})
    found = []
    for (my_id, other_id), pair_seeds in seeds.items():
        there = others.get(other_id)
        if there is None:  # withdrawn or purged since the read
            continue
        for match in similarity.shared_passages(paragraphs[my_id], there.text, pair_seeds):
            found.append(
                SimilarPassage(
                    a_id=my_id,
                    b=there,
                    a_material=material,
                    b_material_id=there.material_id,
                    a_start=match.a_start,
                    a_end=match.a_end,
                    b_start=match.b_start,
                    b_end=match.b_end,
                    length=match.length,
                )
            )
    with transaction.atomic():
        # Only paragraphs still there: a material withdrawn meanwhile took its paragraphs with it.
        alive = set(
            MaterialParagraph.objects.filter(pk__in={p.b_id for p in found}).values_list("pk", flat=True)
        )
        SimilarPassage.objects.bulk_create([p for p in found if p.b_id in alive], batch_size=WRITE_ROWS)
    return len(found)


def _publish(
    written: list[_Written],
    stored: Any,
    source: extraction.TextSource,
    description: Description,
    name: str,
    by: Actor,
) -> None:
    """The parts enter the library, each in its own short transaction (saving one indexes it for search)."""
    count = len(written)
    tags = [Tag.objects.get_or_create(name=tag)[0] for tag in description.tags]
    for number, part in enumerate(written, start=1):
        material = part.material
        with transaction.atomic():
            if count > 1:
                suffix = f"（{number}/{count}）"
                material.title = material.title[: 200 - len(suffix)] + suffix
            material.ingesting = False
            material.original_file = stored
            material.save(update_fields=["title", "ingesting", "original_file"])
            material.tags.set(tags)
            audit_record(
                actor=by,
                action="material.ingest",
                target=material,
                details={
                    "file": stored.pk,
                    "kind": source.kind,
                    "removed": part.removed,
                    "paragraphs": part.paragraphs,
                    "shared_passages": part.passages,
                    "key_sentences": part.sentences,
                    **({"part": number, "parts": count} if count > 1 else {}),
                },
            )


def purge(material_ids: list[int]) -> int:
    """Delete materials that never entered the library, with all that was written for them, a step at a
    time (each a short transaction). Returns how many."""
    for pk in material_ids:
        with transaction.atomic():
            SimilarPassage.objects.filter(Q(a_material_id=pk) | Q(b_material_id=pk)).delete()
            KeySentence.objects.filter(material_id=pk).delete()
        while True:
            with transaction.atomic():
                ids = list(
                    MaterialParagraph.objects.filter(material_id=pk).values_list("pk", flat=True)[:WRITE_ROWS]
                )
                if not ids:
                    break
                Fingerprint.objects.filter(paragraph_id__in=ids).delete()
                MaterialParagraph.objects.filter(pk__in=ids).delete()
        with transaction.atomic():
            Material.with_withdrawn.filter(pk=pk, ingesting=True).delete()
    return len(material_ids)


def stale() -> QuerySet[Material]:
    return Material.with_withdrawn.filter(ingesting=True, created_at__lt=timezone.now() - STALE_AFTER)


def purge_stale() -> int:
    """The tick: parts left by an ingest whose process died."""
    return purge(list(stale().values_list("pk", flat=True)))
