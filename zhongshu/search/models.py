"""One index entry per searchable record, a `Classified` mirror of its source so the one policy filters it."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from zhongshu.access.models import Classified
from zhongshu.access.policy import Action, Viewer

# The rank key orders entries newest first inside the full-text index itself (it is the FTS rowid), so the
# first page of a common term reads a few index entries instead of sorting every match. It is the record's
# day (days since 1900-01-01) shifted left 16 bits, plus a slot within the day allocated in order: keys of
# one day stay close together, which keeps the index's delta-encoded row lists small (a key spread over
# 63 bits made the index 1.8x the text; this one keeps it well under 1x).
_EPOCH = date(1900, 1, 1).toordinal()
# The format of what an entry puts into the index. 2: numbers and names (`terms`), the canonical 文号 and the
# title's pinyin (`marked`). An entry of an older format is rewritten by the tick (indexing.reconcile) or by
# `zhongshu search reindex`; until then it is found as before.
ENTRY_FORMAT = 2
SLOT_BITS = 16


def day_number(day: date | None) -> int:
    return max(1, day.toordinal() - _EPOCH) if day else 0


class RankAllocator:
    """Hands out rank keys day by day: the next free slot of the record's day (an older day's when full)."""

    def __init__(self, *, empty: bool = False) -> None:
        """`empty`: the index holds no entry yet (a bulk build), so no day's range need be looked up."""
        self._next: dict[int, int] = {}
        self._empty = empty

    def allocate(self, day: date | None) -> int:
        number = day_number(day)
        while True:
            if number not in self._next:
                low = number << SLOT_BITS
                top = (
                    None
                    if self._empty
                    else (
                        SearchEntry.objects.filter(rank__gte=low, rank__lt=low + (1 << SLOT_BITS))
                        .order_by("-rank")
                        .values_list("rank", flat=True)
                        .first()
                    )
                )
                self._next[number] = low if top is None else top + 1
            rank = self._next[number]
            if rank < (number + 1) << SLOT_BITS:
                self._next[number] = rank + 1
                return rank
            number = max(0, number - 1)  # 65,536 records on one day: borrow the day before's range


class SearchEntry(Classified):
    # Need-to-know grants name the source record, not the entry (see access.policy._classified_filter).
    grant_subject = ("source_type", "source_id")

    # No index of its own: the unique (source_type, source_id) constraint's index leads with it.
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    source_id = models.PositiveBigIntegerField()
    kind = models.CharField("类型", max_length=40)
    rank = models.BigIntegerField(unique=True)
    reference = models.CharField("编号", max_length=100, blank=True)
    url = models.CharField(max_length=300)
    date = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    unit = models.ForeignKey(
        "org.Unit", verbose_name="单位", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The access keys the index holds for this entry (access.policy.record_access_keys, space-separated):
    # kept so the row can be taken out of a contentless index with exactly the tokens it went in with.
    access_keys = models.TextField(blank=True, default="")
    # Numbers (文号, 来文字号, 档号) and names (拟稿人, units) the record is found by, one a line: indexed and
    # checked like the text, never shown.
    terms = models.TextField("检索词", blank=True, default="")
    # Index tokens that are not words of the text (tokens.reference_tokens, tokens.pinyin_tokens), kept as
    # written so the row can be taken out of a contentless index exactly.
    marked = models.TextField(blank=True, default="")
    # The source record this one folds into (a recipient's copy names its original; see SearchText).
    fold_into = models.PositiveBigIntegerField(null=True, blank=True)
    format = models.PositiveSmallIntegerField(default=ENTRY_FORMAT)
    title = models.CharField("标题", max_length=500)
    # Last: SQLite reads a row's leading columns without touching the overflow pages a long body spills to.
    body = models.TextField("正文", blank=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        constraints = [
            models.UniqueConstraint(fields=["source_type", "source_id"], name="search_entry_source")
        ]
        indexes = [
            # The search walks the index newest first and checks each candidate's access fields here,
            # without reading the row (a body's pages, mostly not in memory at a million entries); the
            # second tier reads each candidate's title here too, to pass over the first tier's.
            models.Index(
                fields=[
                    "rank",
                    "classification",
                    "owner_unit",
                    "owner_person",
                    "kind",
                    "year",
                    "unit",
                    "source_type",
                    "source_id",
                    # Whether the entry folds into another (selectors.unfolded) is read here too: the
                    # column itself lies after the body, whose overflow pages a row read would fetch.
                    "fold_into",
                    "title",
                ],
                name="search_entry_walk",
            ),
            models.Index(fields=["kind", "source_id"], name="search_entry_kind"),
            models.Index(fields=["classification"], name="search_entry_class"),
            models.Index(
                fields=["source_type", "fold_into", "source_id"],
                name="search_entry_fold",
                condition=Q(fold_into__isnull=False),
            ),
            models.Index(fields=["format"], name="search_entry_format", condition=Q(format__lt=ENTRY_FORMAT)),
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.source_id}"

    @classmethod
    def work_secret_filter(cls, viewer: Viewer) -> Q | None:
        """The 内部 entries the viewer's office-wide roles let them know: those of the kinds whose model's
        `work_secret_remit` covers the viewer (the rest of the rule runs on the mirrored 知悉范围)."""
        from zhongshu.access.policy import remit_covers, work_secret_remit
        from zhongshu.search.registry import sources

        kinds = [s.kind for s in sources() if remit_covers(work_secret_remit(s.model), viewer)]
        return Q(kind__in=kinds) if kinds else None

    @classmethod
    def access_scope(cls, viewer: Viewer, action: Action) -> Q | None:
        """Apply each source model's own narrowing (a liaison sees only their unit's supervision items).

        The classification rule runs on the mirrored fields; a source whose model narrows further adds its
        rule as a subquery on that kind only, still inside the one query.
        """
        from zhongshu.search.registry import sources

        rule = Q()
        for source in sources():
            narrow = getattr(source.model, "access_scope", None)
            if narrow is None:
                continue
            narrowed = narrow(viewer, action)
            content_type = ContentType.objects.get_for_model(source.model)
            if narrowed is None:
                rule &= ~Q(source_type_id=content_type.pk)
            elif narrowed != Q():
                allowed = source.model._default_manager.filter(narrowed).values("pk")
                rule &= ~Q(source_type_id=content_type.pk) | Q(source_id__in=allowed)
        return rule
