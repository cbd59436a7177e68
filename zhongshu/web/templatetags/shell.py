"""Template tags of the shell: `{% pager page %}`, one pager for every paginated list, and `{{ mapping|query }}`.

The links keep every other GET parameter of the request (the list's filters), replacing only the page's own
parameter. `page` is any of the three kinds of page the lists use:

- Django's `Page` (numbered: `?page=N`);
- a cursor page with `next_cursor` (the ledgers and the archives catalogue: `?after=ID`);
- a cursor page with `next_before` (the documents lists: `?before=ID`).

A cursor pager also links back to the first page once the reader has left it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.http import QueryDict
from django.utils.http import urlencode

register = template.Library()


def _link(query: QueryDict, param: str, value: object | None) -> str:
    changed = query.copy()
    if value is None:
        changed.pop(param, None)
    else:
        changed[param] = str(value)
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def query(params: dict[str, Any]) -> str:
    """A filter's parameters as a query string, empty ones left out: `export.xlsx?{{ params|query }}`.

    Django's own `urlencode` filter quotes the text of the dict (`%7B%27state%27...`), which no view can read.
    """
    return urlencode({name: value for name, value in params.items() if value not in ("", None)})


@register.inclusion_tag("web/_pager.html", takes_context=True)
def pager(context: template.Context, page: Any, unit: str = "条", param: str | None = None) -> dict[str, Any]:
    request = context.get("request")
    query: QueryDict = request.GET if request is not None else QueryDict()
    if page is None:
        return {"shown": False}
    if hasattr(page, "has_other_pages"):  # Django's Page
        param = param or "page"
        return {
            "shown": page.has_other_pages(),
            "numbered": True,
            "page": page,
            "unit": unit,
            "previous": _link(query, param, page.previous_page_number()) if page.has_previous() else None,
            "next": _link(query, param, page.next_page_number()) if page.has_next() else None,
        }
    if hasattr(page, "next_before"):
        param, cursor = param or "before", page.next_before
    else:
        param, cursor = param or "after", getattr(page, "next_cursor", None)
    on_later_page = bool(query.get(param))
    return {
        "shown": bool(cursor) or on_later_page,
        "numbered": False,
        "first": _link(query, param, None) if on_later_page else None,
        "next": _link(query, param, cursor) if cursor else None,
    }
