"""One input contract per screening action (退回, 合并, 编辑, 采用, 认定虚假信息, 排除疑似重复), read the same way
by the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import screening
from zhongshu.information.models import InfoReport, InfoType, ItemState
from zhongshu.org import inputs as org_inputs

ACTIONS = ("return", "merge", "edit", "adopt", "mark_false")
DONE = {
    "return": "已退回报送单位",
    "merge": "已合并",
    "edit": "已保存修改",
    "adopt": "已采用",
    "mark_false": "已认定为虚假信息",
    "dismiss": "已排除疑似重复",
}


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1)


@dataclass(frozen=True)
class ScreenIn:
    action: str
    version: int | None
    reason: str = ""
    title: str = ""
    body: str = ""
    sources: tuple[InfoReport, ...] = ()

    @classmethod
    def parse(cls, data: Input, viewer: Any, action: str, item: InfoReport) -> ScreenIn:
        if action not in ACTIONS:
            raise ServiceError("未知的操作", code="unknown_action")
        version = _version(data)
        if action in ("return", "mark_false"):
            label = "退回理由" if action == "return" else "虚假情形"
            return cls(
                action, version, reason=data.text("reason", label=label, max_length=screening.REASON_MAX)
            )
        if action in ("edit", "merge"):
            title = data.text("title", label="标题", max_length=screening.TITLE_MAX)
            body = data.text("body", label="正文", max_length=screening.BODY_MAX)
            sources: tuple[InfoReport, ...] = ()
            if action == "merge":
                choices = visible(InfoReport.objects.filter(state=ItemState.SUBMITTED), viewer).exclude(
                    pk=item.pk
                )
                sources = tuple(data.records("sources", choices, label="并入的信息", code="unknown_item"))
            return cls(action, version, title=title, body=body, sources=sources)
        return cls(action, version)

    def apply(self, *, item: InfoReport, by: Actor) -> InfoReport:
        if self.action == "return":
            return screening.screen_return(item=item, reason=self.reason, by=by, version=self.version)
        if self.action == "adopt":
            return screening.screen_adopt(item=item, by=by, version=self.version)
        if self.action == "edit":
            return screening.screen_edit(
                item=item, title=self.title, body=self.body, by=by, version=self.version
            )
        if self.action == "merge":
            return screening.screen_merge(
                target=item,
                sources=self.sources,
                title=self.title,
                body=self.body,
                by=by,
                version=self.version,
            )
        return screening.screen_mark_false(item=item, reason=self.reason, by=by, version=self.version)


@dataclass(frozen=True)
class QueueFilter:
    unit_id: int | None
    info_type: str
    since: date | None
    until: date | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> QueueFilter:
        unit = org_inputs.unit(data, "unit", viewer, label="报送单位")
        info_type = data.choice("type", ["", *(str(v) for v in InfoType.values)], label="信息类别")
        since = data.date("since", label="起始日期")
        until = data.date("until", label="截止日期")
        if since and until and since > until:
            raise ServiceError("起始日期不能晚于截止日期", code="bad_range", field="since")
        return cls(unit.pk if unit else None, info_type, since, until)

    def rows(self, viewer: Any) -> Any:
        return screening.queue(
            viewer, unit_id=self.unit_id, info_type=self.info_type, since=self.since, until=self.until
        )
