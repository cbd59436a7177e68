"""/api/quotas: the office director sets a unit's yearly quota of one kind (the page's contract and service)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from zhongshu.accounts.actors import actor_of
from zhongshu.core.inputs import Input, request_body
from zhongshu.quotas import schemas

router = Router()


class QuotaOut(Schema):
    kind: str
    unit: int
    year: int
    limit: int | None


def set_quota(request: HttpRequest, kind: str | None = None) -> dict[str, Any]:
    """The one handler behind /api/quotas and documents' /api/documents/quotas (kind fixed to 发文)."""
    quota = schemas.QuotaIn.parse(Input.of(request), request.user, kind=kind)
    year = quota.year or timezone.localdate().year
    quota.apply(by=actor_of(request), year=year)
    return {"kind": quota.kind.code, "unit": quota.unit.pk, "year": year, "limit": quota.limit}


@router.post("", response=QuotaOut, summary="设定额度", openapi_extra=request_body(schemas.QuotaIn))
def set_any_quota(request: HttpRequest) -> dict[str, Any]:
    return set_quota(request)
