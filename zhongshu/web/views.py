"""The shell's pages: 工作台 (the signed-in person's to-dos and done items)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from zhongshu.core.todos import done_for, todos_for


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@login_required
def workbench(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    if user.admin_role:  # type: ignore[union-attr]
        # The three administrators have no business work: their workbench is their console.
        return render(request, "web/admin_workbench.html", {})
    todos = todos_for(user)
    context = {
        "todos": todos,
        "overdue_count": sum(1 for item in todos if item.overdue),
        "done": done_for(user),
    }
    template = "web/workbench.html"
    if request.htmx and request.GET.get("panel"):
        template = "web/_todo_panel.html"
    return render(request, template, context)
