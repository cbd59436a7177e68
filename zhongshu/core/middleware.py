"""Cross-cutting request middleware: security headers and the client's address."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
