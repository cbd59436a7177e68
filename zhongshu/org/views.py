"""The directory (通讯录): the unit tree, each unit's departments and people, search, a person's card."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from zhongshu.access.policy import can_see_field, get_for, viewer_of
from zhongshu.core.htmx import vary, wants_fragment
from zhongshu.core.request_context import current_source_address
from zhongshu.org.models import Person, Unit
from zhongshu.org.pickers import people_options, unit_options
from zhongshu.org.scopes import may_read_directory
from zhongshu.org.selectors import directory_search, unit_directory, unit_tree

View = Callable[..., HttpResponse]


def directory_reader(view: View) -> View:
    """Signed in and allowed to read the directory; the auditor is refused (403)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_read_directory(viewer_of(request.user)):
            raise PermissionDenied("无权查看通讯录")
        return view(request, *args, **kwargs)

    return wrapper


@directory_reader
def directory(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = directory_search(query, request.user) if query.strip() else None
    if wants_fragment(request):
        return vary(render(request, "org/_results.html", {"results": results, "query": query}))
    context = {"tree": unit_tree(request.user), "results": results, "query": query}
    return vary(render(request, "org/directory.html", context))


@directory_reader
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_for(request.user, Unit, pk, source_address=current_source_address.get())
    departments, unassigned = unit_directory(request.user, unit)
    return render(
        request,
        "org/unit.html",
        {"unit": unit, "departments": departments, "unassigned": unassigned, "tree": unit_tree(request.user)},
    )


@directory_reader
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_for(
        request.user,
        Person.objects.select_related("unit", "department"),
        pk,
        source_address=current_source_address.get(),
    )
    return render(
        request,
        "org/person.html",
        {
            "person": person,
            "show_clearance": can_see_field(request.user, person, "clearance"),
            "posts": list(person.posts.all()),
        },
    )


@login_required
def my_card(request: HttpRequest) -> HttpResponse:
    person_id = viewer_of(request.user).person_id
    if person_id is None:
        return render(request, "org/no_person.html", status=404)
    return redirect("org:person", pk=person_id)


@directory_reader
def picker_people(request: HttpRequest) -> HttpResponse:
    """The people picker's choices as the person types (`?q=`, `&leaders=1` for leaders only)."""
    choices = people_options(
        request.user, request.GET.get("q", ""), leaders_only=request.GET.get("leaders") == "1"
    )
    return JsonResponse(choices)


@directory_reader
def picker_units(request: HttpRequest) -> HttpResponse:
    """The unit picker's choices (`?q=`, `&groups=1` for the common groups 各乡镇, 县直各单位)."""
    choices = unit_options(
        request.user, request.GET.get("q", ""), with_groups=request.GET.get("groups") == "1"
    )
    return JsonResponse(choices)
