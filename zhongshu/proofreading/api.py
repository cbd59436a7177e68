"""POST /api/proofread {"text": ...} → {"chars", "findings"}: the CLI's JSON, for business people.

The body is read here rather than by a ninja schema so that every bad body (not JSON, not an object, no
string `text`, too large) answers 422 with a code, as the contract says; ninja would answer 400 to some.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import SerializerFunctionWrapHandler, model_serializer

from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.proofreading.access import may_proofread
from zhongshu.proofreading.checking import proofread_text

router = Router()


class InvalidInput(ServiceError):
    code = "invalid_input"
    status = 422


BAD_BODY = '输入有误：请求体应为 JSON 对象 {"text": 字符串}，可选 "statistical": 布尔值'


class FindingOut(Schema):
    start: int
    end: int
    category: str
    rule_id: str
    message: str
    suggestion: str | None
    severity: str
    confidence: float | None = None  # the statistical layer's suggestions only

    @model_serializer(mode="wrap")
    def _confidence_only_where_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # As the CLI's JSON: a rule finding has no confidence key at all, not a null one.
        record: dict[str, Any] = handler(self)
        if record.get("confidence") is None:
            record.pop("confidence", None)
        return record


class ProofreadOut(Schema):
    chars: int
    findings: list[FindingOut]


REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string"},
                    "statistical": {"type": "boolean", "default": True},
                },
            }
        }
    },
}


def _payload(request: HttpRequest) -> tuple[str, bool]:
    try:
        payload = json.loads(request.body)
    except RequestDataTooBig:
        raise InvalidInput("提交的内容过大，请分段校对", code="request_too_big") from None
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(BAD_BODY) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
        raise InvalidInput(BAD_BODY)
    # As in the CLI's default run; false is its --rules-only.
    statistical = payload.get("statistical", True)
    if not isinstance(statistical, bool):
        raise InvalidInput(BAD_BODY)
    return payload["text"], statistical


@router.post(
    "", response=ProofreadOut, summary="Proofread a text", openapi_extra={"requestBody": REQUEST_BODY}
)
def proofread(request: HttpRequest) -> dict[str, Any]:
    if not may_proofread(request.user):
        raise Forbidden("校对仅供业务人员使用")
    text, statistical = _payload(request)
    result = proofread_text(text=text, statistical=statistical)
    return {"chars": len(result.text), "findings": [finding.to_dict() for finding in result.findings]}
