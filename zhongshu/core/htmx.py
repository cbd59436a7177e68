"""Pages that htmx also asks for in part: one rule for choosing the fragment or the whole page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def wants_fragment(request: HttpRequest) -> bool:
    """Whether htmx asked for this page's fragment. A history restore (the back button after htmx pushed an
    address, HX-History-Restore-Request) is an htmx request that needs the whole page."""
    details = getattr(request, "htmx", None)
    return bool(details) and not details.history_restore_request  # type: ignore[union-attr]


def render_page_or_fragment(
    request: HttpRequest, page: str, fragment: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """`fragment` for an htmx request, else `page`; Vary: HX-Request, so no cache serves one for the other."""
    response = render(request, fragment if wants_fragment(request) else page, context, status=status)
    vary(response)
    return response


def vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ("HX-Request",))
    return response
