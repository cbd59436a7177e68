"""One input contract per action of the publications part (刊物设置, 新建一期, 编入稿件, 修改稿件, 送审), read the
same way by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhongshu.access.policy import visible
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import publications
from zhongshu.information.models import (
    AdoptionLevel,
    InfoReport,
    ItemState,
    Publication,
    PublicationKind,
)
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person


def version_of(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


def classification_of(data: Input, name: str = "classification") -> int | None:
    raw = data.value(name)
    if raw in (None, ""):
        return None
    value = data.integer(name, label="密级", low=0, high=4)
    if value not in publications.ISSUE_CLASSIFICATIONS:
        raise ServiceError("密级只能是公开、内部或秘密", code="unknown_classification", field=name)
    return value


def _or_internal(value: int | None) -> int:
    return 1 if value is None else value


def publication_in(data: Input, viewer: Any) -> publications.PublicationData:
    """刊物设置's fields; readers chosen with the one picker (units and people)."""
    return publications.PublicationData(
        name=data.text("name", label="刊物名称", max_length=40),
        kind=data.choice("kind", PublicationKind.values, label="刊物类别"),
        level=data.choice("level", AdoptionLevel.values, label="刊物层级", default=AdoptionLevel.COUNTY),
        classification=_or_internal(classification_of(data)),
        editing_unit=data.text("editing_unit", label="编印单位", max_length=60),
        report_to=data.text("report_to", label="报", max_length=200),
        send_to=data.text("send_to", label="送", max_length=200),
        issue_to=data.text("issue_to", label="发", max_length=200),
        active=data.flag("active", label="启用", default=not data.is_form),
        sort_order=data.integer("sort_order", label="排序", low=0, high=999) or 0,
        reader_units=tuple(org_inputs.units(data, "reader_units", viewer, label="阅读单位")),
        reader_people=tuple(org_inputs.people(data, "reader_people", viewer, label="阅读人员")),
    )


def publication_choices() -> Any:
    return Publication.objects.filter(active=True).order_by("sort_order", "id")


@dataclass(frozen=True)
class IssueOpenIn:
    publication: Publication
    title: str
    classification: int | None

    @classmethod
    def parse(cls, data: Input) -> IssueOpenIn:
        publication = data.record(
            "publication", publication_choices(), label="刊物", code="unknown_publication"
        )
        if publication is None:
            raise ServiceError("请选择刊物", code="publication_required", field="publication")
        return cls(
            publication=publication,
            title=data.text("title", label="本期标题", max_length=120),
            classification=classification_of(data),
        )


def adoptable_items(viewer: Any) -> Any:
    """The adopted items the editor may see, newest first: what an issue is assembled from."""
    return visible(InfoReport.objects.filter(state=ItemState.ADOPTED), viewer).select_related("unit")


@dataclass(frozen=True)
class EntryAddIn:
    item: InfoReport
    headline: str
    body: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> EntryAddIn:
        item = data.record(
            "item", visible(InfoReport.objects.all(), viewer), label="信息", code="unknown_item"
        )
        if item is None:
            raise ServiceError("请选择要编入的信息", code="item_required", field="item")
        return cls(
            item=item,
            headline=data.text("headline", label="标题", max_length=publications.HEADLINE_MAX),
            body=data.text("body", label="正文", max_length=publications.BODY_MAX),
            version=version_of(data),
        )


@dataclass(frozen=True)
class EntryEditIn:
    headline: str
    body: str

    @classmethod
    def parse(cls, data: Input) -> EntryEditIn:
        return cls(
            headline=data.text("headline", label="标题", max_length=publications.HEADLINE_MAX),
            body=data.text("body", label="正文", max_length=publications.BODY_MAX),
        )


@dataclass(frozen=True)
class SendIn:
    signer: Person | None
    reviewer: Person | None
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> SendIn:
        return cls(
            signer=data.record("signer", publications.signers(), label="签发人", code="unknown_signer"),
            reviewer=org_inputs.person(data, "reviewer", viewer, label="核稿人"),
            version=version_of(data),
        )
