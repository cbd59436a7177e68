"""Cross-module links (来源 / 由此产生): a record made from another shows its source, the source shows what was
made from it.

A module whose model records the record it was made from (a content-type field and an id field, as
`SupervisionItem.source_type` / `source_id`) declares it with `register_derived` from its `AppConfig.ready()`;
a module whose records can be a source (documents) says how to name and link them with `register_linked`.
Neither imports the other. Both readings go through the one access policy:

- `made_from(record, viewer)`: the derived records of every registered model whose source pair names `record`
  and that the viewer may see (`policy.visible`), newest first; one query per registered derived model,
  whatever their number.
- `source_of(record, viewer)`: the record `record` was made from, or a hidden link ("来源记录（无权查看）", no
  title, kind, id nor address) when the viewer may not see it; missing and forbidden read alike, as in
  `policy.get_for`.

Listing a title the viewer may see is a list read, not an opening: nothing is audited here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from zhongshu.access.policy import visible

HIDDEN_SOURCE = "来源记录（无权查看）"


@dataclass(frozen=True)
class LinkedKind:
    """How to name and link the records of one model, and, for a derived model, where it keeps its source."""

    model: type[models.Model]
    noun: str  # what users call the record: 公文, 督查事项
    title: Callable[[Any], str]  # the record's title; must not query
    url: Callable[[Any], str]  # its page; must not query
    # A derived model's source pair: (the content type field's column attribute, the object id field).
    source: tuple[str, str] | None = None
    newest: str = "created_at"  # the field that orders "newest first" (ties by id)
    # A derived record's state as its source's page shows it (a supervision item's 办理中); must not query.
    state: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class RecordLink:
    """One linked record as a page or the API shows it."""

    noun: str = ""
    title: str = ""
    url: str = ""
    kind: str = ""  # app_label.model
    id: int | None = None
    at: datetime | None = None
    visible: bool = True
    state: str = ""  # the derived record's state label, where its model says how to read it

    @property
    def text(self) -> str:
        return f"{self.noun}《{self.title}》" if self.visible else HIDDEN_SOURCE

    def as_dict(self) -> dict[str, Any]:
        """The API's form: a hidden source names nothing but that it exists."""
        return {
            "kind": self.kind or None,
            "id": self.id,
            "noun": self.noun,
            "title": self.title,
            "url": self.url or None,
            "visible": self.visible,
            "text": self.text,
            "state": self.state,
        }


HIDDEN = RecordLink(visible=False)

_KINDS: dict[type[models.Model], LinkedKind] = {}


def register_linked(
    model: type[models.Model], *, noun: str, title: Callable[[Any], str], url: Callable[[Any], str]
) -> None:
    """Say how a record of `model` is named and linked when it is another record's source (registering again
    replaces it: apps may be set up twice)."""
    _KINDS[model] = LinkedKind(model=model, noun=noun, title=title, url=url)


def register_derived(
    model: type[models.Model],
    *,
    type_field: str,
    id_field: str,
    noun: str,
    title: Callable[[Any], str],
    url: Callable[[Any], str],
    newest: str = "created_at",
    state: Callable[[Any], str] | None = None,
) -> None:
    """Declare that `model` records the record it was made from in (`type_field`, a ForeignKey to ContentType,
    `id_field`), and how it is named and linked (and, with `state`, how its state reads on the source's
    page)."""
    type_key = model._meta.get_field(type_field)
    if not isinstance(type_key, models.ForeignKey) or type_key.related_model is not ContentType:
        raise TypeError(f"{model.__name__}.{type_field} is not a ForeignKey to ContentType")
    model._meta.get_field(id_field)  # fail at start-up on a misspelt field
    _KINDS[model] = LinkedKind(
        model=model,
        noun=noun,
        title=title,
        url=url,
        source=(type_key.attname, id_field),
        newest=newest,
        state=state,
    )


def linked_kinds() -> list[LinkedKind]:
    """Every model registered here, as registered (secrecy's 定密 offers the `Classified` ones as records to
    classify, named by their noun and title)."""
    return list(_KINDS.values())


def _link(kind: LinkedKind | None, record: models.Model) -> RecordLink:
    meta = record._meta
    if kind is None:  # a source nobody described: its name, no address
        return RecordLink(noun=str(meta.verbose_name), title=str(record), kind=meta.label_lower, id=record.pk)
    at = getattr(record, kind.newest, None)
    return RecordLink(
        noun=kind.noun,
        title=kind.title(record),
        url=kind.url(record),
        kind=meta.label_lower,
        id=record.pk,
        at=at if isinstance(at, datetime) else None,
        state=kind.state(record) if kind.state is not None else "",
    )


def made_from(record: models.Model, viewer: Any) -> list[RecordLink]:
    """What was made from `record` that `viewer` (a user or a `policy.Viewer`) may see, newest first."""
    if record.pk is None:
        return []
    content_type = ContentType.objects.get_for_model(record)
    found: list[RecordLink] = []
    for kind in list(_KINDS.values()):
        if kind.source is None:
            continue
        type_attname, id_field = kind.source
        rows = kind.model._default_manager.filter(**{type_attname: content_type.pk, id_field: record.pk})
        found += [_link(kind, row) for row in visible(rows, viewer).order_by(f"-{kind.newest}", "-pk")]
    # Each model's rows come newest first; across models by the time they were made, then by id.
    found.sort(key=lambda link: (link.at.timestamp() if link.at else 0.0, link.id or 0), reverse=True)
    return found


def made_from_each(records: Sequence[models.Model], viewer: Any) -> dict[Any, list[RecordLink]]:
    """`made_from` for several records of one model at once (a meeting's decisions), by the record's pk: one
    query per registered derived model, whatever the number of records."""
    pks = [record.pk for record in records if record.pk is not None]
    found: dict[Any, list[RecordLink]] = {pk: [] for pk in pks}
    if not pks:
        return found
    content_type = ContentType.objects.get_for_model(records[0])
    for kind in list(_KINDS.values()):
        if kind.source is None:
            continue
        type_attname, id_field = kind.source
        rows = kind.model._default_manager.filter(**{type_attname: content_type.pk, f"{id_field}__in": pks})
        for row in visible(rows, viewer).order_by(f"-{kind.newest}", "-pk"):
            found[getattr(row, id_field)].append(_link(kind, row))
    for links in found.values():
        links.sort(key=lambda link: (link.at.timestamp() if link.at else 0.0, link.id or 0), reverse=True)
    return found


def source_of(record: models.Model, viewer: Any) -> RecordLink | None:
    """The record `record` was made from as `viewer` may see it: its link, `HIDDEN` when they may not see it
    (or it is gone), None when `record` names no source or its model is not registered as derived."""
    kind = _KINDS.get(type(record))
    if kind is None or kind.source is None:
        return None
    type_attname, id_field = kind.source
    type_id = getattr(record, type_attname)
    object_id = getattr(record, id_field)
    if type_id is None or object_id is None:
        return None
    model = ContentType.objects.get_for_id(type_id).model_class()
    if model is None:
        return HIDDEN
    source = visible(model._default_manager.filter(pk=object_id), viewer).first()
    if source is None:
        return HIDDEN
    return _link(_KINDS.get(model), source)
