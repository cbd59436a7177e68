"""Cross-cutting request middleware: security headers, the client's address, and the size of a request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

from zhongshu.core.request_context import current_source_address


class ContentSecurityPolicyMiddleware:
    """Sends a strict Content-Security-Policy: no inline script or style, nothing from other origins."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def client_address(request: HttpRequest) -> str:
    """The source address recorded in the audit log.

    Behind the office's reverse proxy (ZHONGSHU_BEHIND_PROXY) the first X-Forwarded-For hop is the client;
    otherwise the header is ignored, since anyone could send it.
    """
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[0].strip()[:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request)
        request.client_address = address  # type: ignore[attr-defined]
        token = current_source_address.set(address)
        try:
            return self.get_response(request)
        finally:
            current_source_address.reset(token)


def _too_large(request: HttpRequest) -> HttpResponse:
    limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    message = f"请求内容过大（除上传的文件外，不能超过{limit_mb}MB）"
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "request_too_large", "message": message}, status=413)
    page = render_to_string("413.html", {"message": message}, request=request)
    return HttpResponse(page, status=413)


class RequestSizeMiddleware:
    """A body larger than Django reads into memory (DATA_UPLOAD_MAX_MEMORY_SIZE; uploaded files are streamed
    to disk and checked by their own limits) answers 413 with the error body, not the 400 or 500 that
    RequestDataTooBig gave from wherever the body was first read.

    A declared Content-Length over the limit is refused before anything reads the body (multipart bodies
    excepted: their files do not count); one found too big while a view reads it is refused the same way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _declared_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE and not str(
            request.META.get("CONTENT_TYPE", "")
        ).startswith("multipart/"):
            return _too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return _too_large(request) if isinstance(exception, RequestDataTooBig) else None


def _declared_length(request: HttpRequest) -> int:
    raw = str(request.META.get("CONTENT_LENGTH") or "")
    return int(raw) if raw.isascii() and raw.isdigit() else 0
