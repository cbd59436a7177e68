"""The 检索 page: one box, filters, results; htmx swaps the results alone on submit."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from zhongshu.access.policy import is_business_person
from zhongshu.audit.disclosure import audit_shown
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.core.htmx import vary
from zhongshu.search import selectors
from zhongshu.search.forms import filters_from, page_from
from zhongshu.search.registry import sources
from zhongshu.search.selectors import COUNT_CAP, search


def _context(request: HttpRequest) -> tuple[dict[str, Any], int]:
    if not is_business_person(request.user):
        raise PermissionDenied(selectors.NOT_A_SEARCHER)
    params = request.GET
    raw = params.get("q", "")
    context: dict[str, Any] = {
        "q": raw,
        "params": params,
        "cap": COUNT_CAP,
        "verify_budget": selectors.VERIFY_BUDGET,
    }
    if not raw.strip():
        return context, 200
    try:
        filters = filters_from(params)
        result = search(request.user, raw, filters, page=page_from(params))
    except ServiceError as error:
        context["error"] = error.message
        return context, 400
    context["result"] = result
    audit_shown(
        request.user,
        [hit.entry for hit in result.hits],
        route="search",
        action="record.search",
        ref=lambda entry: (entry.kind, entry.source_id),
    )
    context["previous_query"] = _with_page(params, result.page - 1)
    context["next_query"] = _with_page(params, result.page + 1)
    return context, 200


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The whole page: the box (holding what was typed), the filters and the results."""
    context, status = _context(request)
    context.update(
        kinds=[(source.kind, source.label) for source in sources()],
        classifications=Classification.choices,
    )
    return vary(render(request, "search/search.html", context, status=status))


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """The results alone, which htmx swaps in on submit and paging (the address bar shows the page's URL).

    An error answers 200 here: htmx swaps only successful answers, and the message must show.
    """
    context, _ = _context(request)
    response = render(request, "search/_results.html", context)
    # The address bar shows the whole page's address, so a reload or a shared link gives the full page.
    query = request.GET.urlencode()
    response["HX-Push-Url"] = reverse("search:home") + (f"?{query}" if query else "")
    return response


def _with_page(params: Any, page: int) -> str:
    query = params.copy()
    query["page"] = str(page)
    return str(query.urlencode())
