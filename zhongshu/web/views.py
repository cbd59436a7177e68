"""The shell's pages: 工作台 (the signed-in person's to-dos and done items)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_htmx.middleware import HtmxDetails

from zhongshu.audit.disclosure import audit_shown
from zhongshu.core.todos import Shown, done_for, shown_records, todos_for
from zhongshu.core.workbench import workbench_for


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
    # A leader's panels (待我签发, his 督办事项 and 批示), the office's figures of the day and the week's
    # schedule: each module fills them through `core.workbench`, reading through the access policy.
    today = timezone.localdate()
    bench = None if panel else workbench_for(user, today)
    # The titles shown are records' titles: one event per request names the state secrets among them.
    # The panel refreshes itself every minute: its events say so by their route.
    route = "workbench.panel" if panel else "workbench"
    rows: list[Shown] = [*todos, *done, *(bench.shown_rows() if bench else [])]
    audit_shown(user, shown_records(rows), route=route, ref=lambda item: item.record)
    context = {
        "todos": todos,
        "overdue_count": sum(1 for item in todos if item.overdue),
        "done": done,
        "panels": bench.panels if bench else [],
        "figures": bench.figures if bench else [],
        "schedule": bench.schedule if bench else None,
        "today": today,
    }
    template = "web/_todo_panel.html" if panel else "web/workbench.html"
    return render(request, template, context)
