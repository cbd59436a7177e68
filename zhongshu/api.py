"""The JSON API (django-ninja, OpenAPI at /api/docs): one router per app, errors as {"code", "message"}."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth

from zhongshu.access.policy import RecordNotFound
from zhongshu.core.errors import ServiceError

api = NinjaAPI(
    title="中枢 Zhongshu API",
    version="1",
    description="Every module's records, through the same access policy as the pages.",
    auth=django_auth,
    urls_namespace="api",
)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, **extra: object
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, **extra}, status=status)


@api.exception_handler(ServiceError)
def _service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    extra = {"field": exc.field} if exc.field else {}
    return error_response(request, exc.status, exc.code, exc.message, **extra)


@api.exception_handler(RecordNotFound)
def _not_found(request: HttpRequest, exc: RecordNotFound) -> HttpResponse:
    return error_response(request, 404, "not_found", RecordNotFound.message)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error_response(request, 422, "invalid_input", "输入有误", errors=exc.errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "请先登录")


def _mount_routers() -> None:
    from zhongshu.accounts.api import router as accounts_router
    from zhongshu.archives.api import router as archives_router
    from zhongshu.audit.api import router as audit_router
    from zhongshu.documents.api import router as documents_router
    from zhongshu.duty.api import router as duty_router
    from zhongshu.information.api import router as information_router
    from zhongshu.materials.api import router as materials_router
    from zhongshu.meetings.api import router as meetings_router
    from zhongshu.notifications.api import router as notifications_router
    from zhongshu.org.api import router as org_router
    from zhongshu.proofreading.api import router as proofreading_router
    from zhongshu.quotas.api import router as quotas_router
    from zhongshu.reporting.api import router as reporting_router
    from zhongshu.search.api import router as search_router
    from zhongshu.secrecy.api import router as secrecy_router
    from zhongshu.supervision.api import router as supervision_router
    from zhongshu.web.api import router as web_router
    from zhongshu.workdays.api import router as workdays_router
    from zhongshu.workflow.api import router as workflow_router

    api.add_router("/accounts", accounts_router, tags=["accounts"])
    api.add_router("/org", org_router, tags=["org"])
    api.add_router("/audit", audit_router, tags=["audit"])
    api.add_router("/workdays", workdays_router, tags=["workdays"])
    api.add_router("/workflow", workflow_router, tags=["workflow"])
    api.add_router("/notifications", notifications_router, tags=["notifications"])
    api.add_router("/me", web_router, tags=["workbench"])
    api.add_router("/quotas", quotas_router, tags=["quotas"])
    api.add_router("/documents", documents_router, tags=["documents"])
    api.add_router("/supervision", supervision_router, tags=["supervision"])
    api.add_router("/proofread", proofreading_router, tags=["proofread"])
    api.add_router("/search", search_router, tags=["search"])
    api.add_router("/archives", archives_router, tags=["archives"])
    api.add_router("/materials", materials_router, tags=["materials"])
    api.add_router("/meetings", meetings_router, tags=["meetings"])
    api.add_router("/duty", duty_router, tags=["duty"])
    api.add_router("/information", information_router, tags=["information"])
    api.add_router("/reporting", reporting_router, tags=["reporting"])
    api.add_router("/secrecy", secrecy_router, tags=["secrecy"])


_mount_routers()
