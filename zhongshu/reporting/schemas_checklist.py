"""One input contract per action of the checklist and filings parts, read the same way by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.documents.models import OfficialDocument
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Unit
from zhongshu.reporting import checklist, filings
from zhongshu.reporting.checklist import LineFields
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine, Cycle, MatterKind, Timing


def line_fields(data: Input) -> LineFields:
    return LineFields(
        kind=data.text("kind", label="类别").strip(),
        timing=data.text("timing", label="时机").strip(),
        matter=data.text("matter", label="请示报告事项"),
        basis=data.text("basis", label="依据"),
        cycle=data.text("cycle", label="周期").strip(),
        due_working_days=data.integer("due_working_days", label="期满后第几个工作日前报送", low=0, high=999),
        due_on=data.date("due_on", label="指定报送日期"),
        starts_on=data.date("starts_on", label="起始日期"),
        ends_on=data.date("ends_on", label="停止日期"),
        sort_order=data.integer("sort_order", label="排序", low=0, high=9999) or 0,
    )


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


@dataclass(frozen=True)
class LineAddIn:
    units: list[Unit]
    fields: LineFields

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> LineAddIn:
        return cls(units=org_inputs.units(data, "units", viewer, label="单位"), fields=line_fields(data))

    def apply(self, *, by: Actor) -> list[ChecklistLine]:
        return checklist.line_add(units=self.units, fields=self.fields, by=by)


@dataclass(frozen=True)
class LineEditIn:
    fields: LineFields
    version: int | None

    @classmethod
    def parse(cls, data: Input) -> LineEditIn:
        return cls(fields=line_fields(data), version=_version(data))

    def apply(self, *, line: ChecklistLine, by: Actor) -> ChecklistLine:
        return checklist.line_edit(line=line, fields=self.fields, version=self.version, by=by)


@dataclass(frozen=True)
class LineRetireIn:
    ends_on: date | None
    version: int | None

    @classmethod
    def parse(cls, data: Input) -> LineRetireIn:
        return cls(ends_on=data.date("ends_on", label="停止日期"), version=_version(data))

    def apply(self, *, line: ChecklistLine, by: Actor) -> ChecklistLine:
        return checklist.line_retire(line=line, ends_on=self.ends_on, version=self.version, by=by)


@dataclass(frozen=True)
class FilingIn:
    """报送: the line, its period, and either a received document or a title with the report attached."""

    line: ChecklistLine
    period_start: date | None
    document: OfficialDocument | None
    title: str
    uploads: list[Any]
    note: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> FilingIn:
        line = data.record("line", checklist.visible_lines(viewer), label="清单事项", code="unknown_line")
        if line is None:
            raise ServiceError("请选择清单事项", code="line_required", field="line")
        document = data.record(
            "document", filings.received_from(viewer, line), label="收到的公文", code="unknown_document"
        )
        return cls(
            line=line,
            period_start=data.date("period_start", label="所属期间"),
            document=document,
            title=data.text("title", label="报送标题"),
            uploads=data.uploads("file", label="报告附件"),
            note=data.text("note", label="备注"),
        )

    def apply(self, *, by: Actor) -> ChecklistFiling:
        if self.document is not None:
            return filings.file_from_document(
                line=self.line, period_start=self.period_start, document=self.document, by=by, note=self.note
            )
        if checklist.may_keep(by) and checklist.own_unit_id(by) != self.line.unit_id:
            raise ServiceError("请选择收到的该单位请示或报告", code="document_required", field="document")
        return filings.file_lightly(
            line=self.line,
            period_start=self.period_start,
            title=self.title,
            uploads=self.uploads,
            by=by,
            note=self.note,
        )


KIND_CHOICES = MatterKind.choices
TIMING_CHOICES = Timing.choices
CYCLE_CHOICES = Cycle.choices
