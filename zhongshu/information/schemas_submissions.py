"""One input contract per action of the submissions part (拟写, 修改, 报送, 签发, 退回), read the same way by the
pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input
from zhongshu.information import submissions
from zhongshu.information.models import InfoReport, InfoType

MAX_ID = 2**31 - 1


def _version(data: Input) -> int | None:
    return data.integer("version", label="版本号", low=1, high=MAX_ID)


@dataclass(frozen=True)
class ItemIn:
    title: str
    body: str
    info_type: str
    classification: int | None
    commission_target: int | None

    @classmethod
    def parse(cls, data: Input) -> ItemIn:
        return cls(
            title=data.text("title", label="标题", max_length=submissions.TITLE_MAX),
            body=data.text("body", label="正文", max_length=submissions.BODY_MAX),
            info_type=data.choice(
                "info_type", list(submissions.TYPE_LABELS), label="信息类别", default=InfoType.NEWS
            ),
            classification=data.integer("classification", label="密级", low=0, high=9),
            commission_target=data.integer("commission_target", label="所答约稿", low=1, high=MAX_ID),
        )

    def create(self, *, by: Actor) -> InfoReport:
        return submissions.item_draft(
            by=by,
            title=self.title,
            body=self.body,
            info_type=self.info_type,
            classification=self.classification,
            commission_target=self.commission_target,
        )

    def update(self, *, item: InfoReport, by: Actor, version: int | None) -> InfoReport:
        return submissions.item_update(
            item=item,
            by=by,
            title=self.title,
            body=self.body,
            info_type=self.info_type,
            classification=self.classification,
            commission_target=self.commission_target,
            version=version,
        )


def parse_version(data: Input) -> int | None:
    return _version(data)


@dataclass(frozen=True)
class ItemActIn:
    action: str
    reason: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, action: str) -> ItemActIn:
        return cls(action=action, reason=data.text("reason", label="退回理由"), version=_version(data))

    def apply(self, *, item: InfoReport, by: Actor) -> InfoReport:
        if self.action == "submit":
            return submissions.item_submit(item=item, by=by, version=self.version)
        if self.action == "sign_off":
            return submissions.item_sign_off(item=item, by=by, version=self.version)
        if self.action == "send_back":
            return submissions.item_send_back(item=item, by=by, reason=self.reason, version=self.version)
        raise ServiceError("未知的操作", code="unknown_action")


ITEM_DONE = {
    "submit": "已报送",
    "sign_off": "已签发并报送县委办",
    "send_back": "已退回修改",
}


def done_message(item: InfoReport, action: str) -> str:
    if action == "submit" and item.state == "awaiting_sign_off":
        return "已送单位领导签发"
    return ITEM_DONE.get(action, "已办理")


def viewer_person(viewer: Any) -> Any:
    return getattr(viewer, "person_or_none", None)
