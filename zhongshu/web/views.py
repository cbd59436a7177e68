"""The shell's pages: 工作台 (the signed-in person's to-dos and done items)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails

from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.todos import done_for, shown_records, todos_for


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@login_required
def workbench(request: HtmxHttpRequest) -> HttpResponse:
    user = request.user
    if user.admin_role:  # type: ignore[union-attr]
        # The three administrators have no business work: their workbench is their console.
        return render(request, "web/admin_workbench.html", {})
    panel = bool(request.htmx and request.GET.get("panel"))
    todos = todos_for(user)
    done = [] if panel else done_for(user)  # the panel shows the 待办 only
    # The titles shown are records' titles: one event per request names the state secrets among them.
    # The panel refreshes itself every minute: its events say so by their route.
    route = "workbench.panel" if panel else "workbench"
    audit_shown(user, shown_records([*todos, *done]), route=route, ref=lambda item: item.record)
    context = {
        "todos": todos,
        "overdue_count": sum(1 for item in todos if item.overdue),
        "done": done,
    }
    template = "web/_todo_panel.html" if panel else "web/workbench.html"
    return render(request, template, context)
