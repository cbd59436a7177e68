"""The 检索 JSON API: GET /api/search/?q=&kind=&year=&unit=&classification=&page=.

Errors answer {"code", "message"}: `empty_query`, `query_too_long`, `invalid_filter`, `page_out_of_range`
(400); the three administrators get `forbidden` (403), as they see no business record.
"""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhongshu.access.policy import is_business_person
from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.errors import Forbidden
from zhongshu.search.forms import filters_from, page_from
from zhongshu.search.selectors import NOT_A_SEARCHER, search

router = Router()


class SearchParams(Schema):
    q: str = ""
    kind: str = ""
    year: str = ""
    unit: str = ""
    classification: str = ""
    page: str = ""


class HitOut(Schema):
    kind: str
    kind_label: str
    title: str
    title_html: str
    url: str
    reference: str
    date: date | None
    unit: str | None
    classification: int
    snippet_html: str
    title_hit: bool
    # A 机密 or 绝密 record's text is shown only by opening it (an audited reading): no snippet.
    text_withheld: bool
    # The copy of this document the viewer's unit holds (its 收文), or "" when none.
    held_copy_url: str
    # The result is the viewer's unit's own copy of a dispatched document.
    own_copy: bool


class SearchOut(Schema):
    count: int
    capped: bool
    # "exact"; "about": the candidates' count, nearly all of which match (a word with many hits); "at_least":
    # the matches found among the candidates verified so far (a rare phrase of common characters).
    count_is: str
    page: int
    has_next: bool
    results: list[HitOut]


class ErrorOut(Schema):
    code: str
    message: str


@router.get("/", response={200: SearchOut, 400: ErrorOut, 403: ErrorOut}, summary="检索")
def search_api(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    if not is_business_person(request.user):
        raise Forbidden(NOT_A_SEARCHER)
    values = params.dict()
    page = search(request.user, params.q, filters_from(values), page=page_from(values))
    audit_shown(
        request.user,
        [hit.entry for hit in page.hits],
        route="api.search",
        action="record.search",
        ref=lambda entry: (entry.kind, entry.source_id),
    )
    return SearchOut(
        count=page.count,
        capped=page.capped,
        count_is=page.count_is,
        page=page.page,
        has_next=page.has_next,
        results=[
            HitOut(
                kind=hit.entry.kind,
                kind_label=hit.kind_label,
                title=hit.entry.title,
                title_html=hit.title_html,
                url=hit.entry.url,
                reference=hit.entry.reference,
                date=hit.entry.date,
                unit=hit.entry.unit.name if hit.entry.unit else None,
                classification=hit.entry.classification,
                snippet_html=hit.snippet_html,
                title_hit=hit.title_hit,
                text_withheld=hit.text_withheld,
                held_copy_url=hit.held_copy_url,
                own_copy=hit.own_copy,
            )
            for hit in page.hits
        ],
    )
