"""The shell's own pages and pieces (issue 15, build 7): the styled 403 and 404 in production, a refusal logged
as one line, the favicon, 消息's unread badge, the pager that keeps a list's filters, and forms whose labels
carry no colon."""

from __future__ import annotations

import importlib
import inspect
import logging
import pkgutil
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

import zhongshu
from zhongshu.base.roles import Role
from zhongshu.notifications.models import Notice
from zhongshu.notifications.services import deliver_outbox, notice_mark_read, notify
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def liaison():
    return make_person("刘联络", unit=make_unit("示例县教育局"), roles=[Role.LIAISON])


@pytest.fixture
def clerk():
    return make_person("王文书", unit=make_unit("县委办公室"), roles=[Role.CLERK])


def _notices(user, count: int) -> None:
    for n in range(count):
        notify(recipient=user, about=None, kind="test", title=f"请阅第{n + 1}件")
    deliver_outbox()


# --- 403 and 404 ----------------------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_a_liaison_refused_the_archives_gets_the_styled_page_with_its_reason(client, liaison):
    response = sign_in(client, liaison.user).get("/archives/")

    assert response.status_code == 403
    page = response.content.decode()
    assert '<section class="error-page" data-testid="error-403">' in page
    assert '<p class="reason" data-testid="error-reason">原因：无权使用档案</p>' in page
    assert '<a class="button" href="/">返回工作台</a>' in page
    assert "web/shell.css" in page and 'aria-label="主导航"' in page  # the whole shell, not a bare page
    assert "Traceback" not in page and "Forbidden" not in page


def test_a_refusal_is_one_warning_line_without_a_traceback(client, liaison, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = sign_in(client, liaison.user).get("/archives/")

    assert response.status_code == 403
    records = [record for record in caplog.records if record.name == "django.request"]
    assert [(record.levelname, record.getMessage()) for record in records] == [
        ("WARNING", "Forbidden (Permission denied): /archives/ (无权使用档案)")
    ]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text


@override_settings(DEBUG=False)
def test_a_missing_page_is_the_styled_404(client, clerk):
    response = sign_in(client, clerk.user).get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert '<section class="error-page" data-testid="error-404">' in page
    assert "<h1>页面不存在</h1>" in page and '<a class="button" href="/">返回工作台</a>' in page


# --- favicon ---------------------------------------------------------------------------------------------


def test_the_favicon_is_linked_and_favicon_ico_finds_it(client, clerk):
    page = sign_in(client, clerk.user).get("/accounts/me/").content.decode()
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in page

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/web/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"<svg" in b"".join(icon.streaming_content)


# --- 消息's unread badge -------------------------------------------------------------------------------------


def _badge(page: str) -> str | None:
    found = re.search(r'<span class="nav-badge" data-testid="unread-badge"[^>]*>([^<]*)</span>', page)
    return found.group(1) if found else None


def test_the_unread_badge_counts_unread_notices_and_hides_at_none(client, clerk):
    signed_in = sign_in(client, clerk.user)
    assert _badge(signed_in.get("/accounts/me/").content.decode()) is None

    _notices(clerk.user, 3)
    notice_mark_read(user=clerk.user, notice=Notice.objects.filter(recipient=clerk.user).first())
    _notices(make_person("别人").user, 2)  # someone else's notices do not count
    assert _badge(signed_in.get("/accounts/me/").content.decode()) == "2"

    Notice.objects.filter(recipient=clerk.user).update(read_at=Notice.objects.first().created_at)
    page = signed_in.get("/accounts/me/").content.decode()
    assert _badge(page) is None and re.search(r'>消息<span id="nav-unread"></span>\s*</a>', page)


def test_marking_a_notice_read_in_place_updates_the_badge(client, clerk):
    _notices(clerk.user, 2)
    notice = Notice.objects.filter(recipient=clerk.user).first()

    response = sign_in(client, clerk.user).post(f"/notices/{notice.pk}/read/", headers={"HX-Request": "true"})

    page = response.content.decode()
    assert f'id="notice-{notice.pk}"' in page
    badge = re.search(r'<span id="nav-unread" hx-swap-oob="true">(.*?)</span>\s*$', page, re.S)
    assert badge and _badge(badge.group(1) + "</span>") == "1"


def test_the_badge_costs_one_count_and_a_partial_none(client, clerk):
    _notices(clerk.user, 1)
    signed_in = sign_in(client, clerk.user)
    with CaptureQueriesContext(connection) as full:
        signed_in.get("/accounts/me/")
    counted = [q["sql"] for q in full.captured_queries if "notifications_notice" in q["sql"]]
    assert len(counted) == 1 and "COUNT(" in counted[0].upper()

    with CaptureQueriesContext(connection) as partial:
        signed_in.get("/?panel=1", headers={"HX-Request": "true"})
    assert not [q for q in partial.captured_queries if "notifications_notice" in q["sql"]]


# --- the pager -----------------------------------------------------------------------------------------------


def _links(page: str) -> dict[str, dict[str, list[str]]]:
    nav = re.search(r'<nav class="pager".*?</nav>', page, re.S)
    assert nav, "no pager on the page"
    return {
        text: parse_qs(urlsplit(href.replace("&amp;", "&")).query)
        for href, text in re.findall(
            r'<a class="button secondary" href="([^"]*)"[^>]*>([^<]*)</a>', nav.group(0)
        )
    }


def test_the_pager_keeps_the_filters_of_a_numbered_list(client, clerk):
    _notices(clerk.user, 51)
    signed_in = sign_in(client, clerk.user)

    first = _links(signed_in.get("/notices/", {"unread": "1"}).content.decode())
    assert first == {"下一页": {"unread": ["1"], "page": ["2"]}}
    second_page = signed_in.get("/notices/", {"unread": "1", "page": "2"}).content.decode()
    assert "第2/2页，共51条" in second_page
    assert _links(second_page) == {"上一页": {"unread": ["1"], "page": ["1"]}}


def test_the_pager_keeps_the_filters_of_a_cursor_list():
    class CursorPage:
        next_cursor = 40

    request = RequestFactory().get("/supervision/", {"state": "in_progress", "unit": "7", "after": "90"})
    page = Template("{% load shell %}{% pager page %}").render(
        Context({"request": request, "page": CursorPage()})
    )
    assert _links(page) == {
        "第一页": {"state": ["in_progress"], "unit": ["7"]},
        "下一页": {"state": ["in_progress"], "unit": ["7"], "after": ["40"]},
    }


def test_a_single_page_shows_no_pager():
    request = RequestFactory().get("/notices/", {"unread": "1"})
    page = Paginator(range(3), 50).get_page(1)
    assert (
        Template("{% load shell %}{% pager page %}")
        .render(Context({"request": request, "page": page}))
        .strip()
        == ""
    )


# --- forms without colons ------------------------------------------------------------------------------------


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(zhongshu.__path__, "zhongshu."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "views") or ".forms" in module.name:
            importlib.import_module(module.name)
    found, todo = [], [forms.Form, forms.ModelForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("zhongshu.") and not inspect.isabstract(sub):
                found.append(sub)
    return found


def test_no_form_of_the_project_renders_a_label_with_a_colon():
    rendered = 0
    for form_class in _project_forms():
        try:
            form = form_class()
        except TypeError:
            continue  # needs its caller's arguments: the pages below cover those
        html = str(form) + "".join(str(field.label_tag()) for field in form)
        assert not re.search(r"[:：]\s*</(label|legend)>", html), f"{form_class.__qualname__}: {html[:400]}"
        rendered += 1
    assert rendered >= 5


def test_a_form_page_follows_the_field_contract(client, security_admin):
    page = sign_in(client, security_admin).get("/org/security/grants/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", page)
    assert labels and not [label for label in labels if label.rstrip().endswith((":", "："))]
    assert '<div class="field required' in page


# --- 机构 by name -------------------------------------------------------------------------------------------


def test_the_filing_stamp_names_the_organisation_an_imported_row_gave_by_code(clerk):
    from tests.archives.helpers import make_item
    from zhongshu.archives.models import Fonds
    from zhongshu.archives.stamp import filing_stamp
    from zhongshu.testing.factories import make_department

    office = make_unit("中共示例县委办公室")
    Fonds.objects.create(unit=office, code="Z109")
    make_department(office, "秘书科", code="MSK")
    make_department(make_unit("别的单位"), "别的科", code="DCS")

    assert filing_stamp(make_item(by=clerk.user, org_code="MSK")).organisation == "秘书科"
    assert filing_stamp(make_item(by=clerk.user, org_code="MSK", org_name="秘书科（档案）")).organisation == (
        "秘书科（档案）"
    )
    # A code the archiving unit does not know stays as it is rather than borrowing another unit's name.
    assert filing_stamp(make_item(by=clerk.user, org_code="DCS")).organisation == "DCS"


def test_one_navigation_entry_is_current(client, security_admin):
    page = sign_in(client, security_admin).get("/org/security/policy/").content.decode()
    assert re.findall(r'<a href="([^"]*)" aria-current="page">', page) == ["/org/security/"]


@override_settings(DEBUG=False)
def test_a_form_sent_without_its_csrf_token_gets_the_styled_page(clerk):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(clerk.user)
    response = client.post("/notices/read-all/")

    assert response.status_code == 403
    page = response.content.decode()
    assert (
        '<section class="error-page" data-testid="error-403-csrf">' in page and "<h1>页面已过期</h1>" in page
    )
    assert "CSRF verification failed" not in page and "Forbidden" not in page
