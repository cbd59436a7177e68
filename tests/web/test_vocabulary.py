"""Issue 15, build point 1 (one vocabulary): every page of every demo role speaks Chinese, never a code.

The demo county is built once for the module. For each of the nine demo sign-ins the test walks, breadth
first, every same-site page reachable from the workbench and the navigation (GET links only, downloads and
sign-out skipped, at most a few pages per route and query shape so a ledger's hundred rows do not become a
hundred requests), strips tags, scripts, styles and attribute values (all but the shown ones: title,
placeholder, aria-label, alt, a button's caption) from each page and looks for code-like tokens in the text: snake_case words, dotted actions (review.approve) and the English codes the
platform stores (every TextChoices value and every action, event and state code the apps write), matched as
whole words. One failure lists every offending page and token at once.

Upper-case names (DOCX, PDF, Excel, API, OFD, TOTP) are never codes, so they need no allowance. The
allow-list is short on purpose: lower-case names of file formats, and the usernames of the demo accounts,
which the administrators' consoles show as 用户名 (a username is not a code, whatever its underscores).
The audit log shows each event's details as 名称：值 in Chinese, which is checked; the raw JSON an auditor may
need verbatim sits folded under 原始记录, marked `data-raw-record`, and is skipped.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import Resolver404, get_resolver, resolve

from tests.budgets.helpers import signed_in
from zhongshu.accounts.models import User
from zhongshu.demo.build import build_demo
from zhongshu.demo.data import SIGN_INS
from zhongshu.proofreader.findings import CATEGORY_LABELS

PAGES_PER_ROLE = 400
PAGES_PER_SHAPE = 6  # pages of one route with one set of query keys: /documents/7/ and /documents/9/ alike
SKIPPED_PREFIXES = ("/accounts/logout", "/api/", "/static/", "/files/", "/media/")
SKIPPED_PARTS = ("export", "download", ".docx", ".xlsx", ".pdf", ".csv", "/pdf", "/docx")
# Names of file formats, which a page may write in lower case too ("上传 docx 或 txt 文件"); the stored file
# types use the same words, so without this they would count as codes.
ALLOWED = frozenset({"docx", "doc", "pdf", "ofd", "txt", "xlsx", "xls", "csv", "wps", "html", "json"})
SNAKE = re.compile(r"(?<![A-Za-z0-9_.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![A-Za-z0-9_@/-])")
DOTTED = re.compile(r"(?<![A-Za-z0-9_.@/-])[a-z][a-z_]*(?:\.[a-z][a-z_]*)+(?![A-Za-z0-9_.@/-])")
WORD = re.compile(r"(?<![A-Za-z0-9_.@/-])[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_@/-])")
CODE_FIELDS = {"action", "event", "kind", "verb", "state", "status", "outcome", "type", "event_type"}


class VisibleText(HTMLParser):
    """The text a reader sees: no tags, scripts, styles or raw audit records, and of the attributes only
    those shown (title, placeholder, aria-label, alt, a button's value)."""

    SKIP = {"script", "style", "template"}
    SHOWN = ("title", "placeholder", "aria-label", "alt")
    VOID = frozenset(
        ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        if not self._skipping:
            # Attribute values a reader does see: tooltips, placeholders, labels read aloud, button captions.
            self.parts += [attributes[name] or "" for name in self.SHOWN if attributes.get(name)]
            if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
                self.parts.append(attributes.get("value") or "")
        if tag in self.VOID:
            return
        if self._skipping or tag in self.SKIP or "data-raw-record" in attributes:
            self._skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and tag in self._skipping:
            while self._skipping and self._skipping.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def stored_codes() -> set[str]:
    """Every English code the platform stores: TextChoices values, and the distinct values of each model's
    action/event/kind/state columns in the demo (audit actions, workflow and document events...)."""
    codes: set[str] = set()

    def walk(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    for choices in walk(models.TextChoices):
        codes.update(str(value) for value in choices.values)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField):
                continue
            if field.choices:
                codes.update(str(value) for value, _label in field.flatchoices)
            if field.name in CODE_FIELDS or field.name.endswith("_state") or field.name.endswith("_action"):
                values = model._default_manager.values_list(field.name, flat=True).distinct()[:500]
                codes.update(value for value in values if value)
    codes.update(CATEGORY_LABELS)  # the proofreader's finding categories (typo, punctuation, ...)
    return {code for code in codes if code.isascii() and re.fullmatch(r"[a-z][a-z0-9_.]*", code)}


def offending_tokens(text: str, codes: set[str], usernames: set[str]) -> set[str]:
    found = set(SNAKE.findall(text)) | set(DOTTED.findall(text))
    found |= {word for word in WORD.findall(text) if word in codes}
    return {token for token in found if token not in ALLOWED and token not in usernames}


def codes_on_pages(pages: dict[str, list[str]], signed_in: Any) -> dict[tuple[str, str], list[str]]:
    """A part's own check, on its test county: each username's pages (every one must answer 200) and the codes
    their visible text shows, by (username, url); empty when all speak Chinese."""
    codes = stored_codes()
    wrong = {}
    for username, urls in pages.items():
        client = signed_in(username)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)
            parser = VisibleText()
            parser.feed(response.content.decode())
            found = offending_tokens(parser.text, codes, set(pages))
            if found:
                wrong[(username, url)] = sorted(found)
    return wrong


def unnamed_details(action_prefix: str) -> list[tuple[str, str]]:
    """The (action, detail key) pairs of the audit events of `action_prefix` whose key has no Chinese name or whose
    value shows a code (as "key=value"), and the actions with no Chinese label (key "")."""
    from zhongshu.audit.models import AuditEvent
    from zhongshu.audit.vocabulary import action_labels, detail_items

    cjk = re.compile(r"[\u4e00-\u9fff]")
    labels = action_labels()
    codes = stored_codes()
    missing: list[tuple[str, str]] = []
    for event in AuditEvent.objects.filter(action__startswith=action_prefix):
        if event.action not in labels:
            missing.append((event.action, ""))
        for name, value in detail_items(event.object_type, event.details or {}):
            if not cjk.search(name):
                missing.append((event.action, name))
            elif offending_tokens(value, codes, set()):
                missing.append((event.action, f"{name}={value}"))
    return missing


def _shape(url: str) -> tuple[str, tuple[str, ...]] | None:
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        return None
    return route, tuple(sorted({key for key, _ in parse_qsl(parts.query)}))


def _same_site(href: str, here: str) -> str | None:
    href = href.split("#", 1)[0].strip()
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "//")):
        return None
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.netloc != "testserver":
            return None
        href = parts.path + (f"?{parts.query}" if parts.query else "")
    elif not href.startswith("/"):
        if href.startswith("?"):
            href = urlsplit(here).path + href
        else:
            return None
    if href.startswith(SKIPPED_PREFIXES) or any(part in href.lower() for part in SKIPPED_PARTS):
        return None
    return href


def seed_pages() -> list[str]:
    """Pages no link may lead to (a menu behind a button, a page reached by a form): every page route of the
    site with no parameter, and each route whose only parameters are numbers with 1 and 2 in them. A page
    the role may not see answers 403 or 404 and is passed over; a POST-only route answers 405."""
    pages: list[str] = []

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, route)
            elif not re.search(r"<(?!int:)", route):
                for n in ("1", "2") if "<int:" in route else ("",):
                    pages.append("/" + re.sub(r"<int:\w+>", n, route))

    walk(get_resolver().url_patterns, "")
    return [page for page in dict.fromkeys(pages) if _same_site(page, "/")]


def crawl(
    client: Client, codes: set[str], usernames: set[str], start: str = "/"
) -> tuple[dict[str, set[str]], list[str], int]:
    """Walk from `start` and the seed pages; return the offending tokens by page, the pages that failed and
    how many pages were read."""
    queue: deque[str] = deque(dict.fromkeys([start, *seed_pages()]))
    seen: set[str] = set(queue)
    per_shape: dict[tuple[str, tuple[str, ...]], int] = {}
    offenders: dict[str, set[str]] = {}
    broken: list[str] = []
    read = 0
    while queue and read < PAGES_PER_ROLE:
        url = queue.popleft()
        try:
            response = client.get(url)
        except Exception as error:  # a 500: the page, not the vocabulary, is wrong; say so
            broken.append(f"{url}: {type(error).__name__}: {error}")
            continue
        if response.status_code in (301, 302, 303):
            target = _same_site(response["Location"], url)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        read += 1
        if os.environ.get("VOCABULARY_TRACE"):
            print("READ", url)
        parser = VisibleText()
        parser.feed(response.content.decode())
        tokens = offending_tokens(parser.text, codes, usernames)
        if tokens:
            offenders[url] = tokens
        for href in parser.links:
            target = _same_site(href, url)
            if target is None or target in seen:
                continue
            shape = _shape(target)
            if shape is None or per_shape.get(shape, 0) >= PAGES_PER_SHAPE:
                continue
            per_shape[shape] = per_shape.get(shape, 0) + 1
            seen.add(target)
            queue.append(target)
    return offenders, broken, read


def _confirm_a_review_error() -> None:
    """The demo confirms no proofreading error in review; record one as the review step does
    (documents.services._record_errors), so the 差错汇编 has a row whose category is a code."""
    from zhongshu.documents.models import ErrorBookEntry, OfficialDocument

    document = (
        OfficialDocument.objects.filter(direction="outgoing").exclude(drafter=None).order_by("pk").first()
    )
    assert document is not None
    ErrorBookEntry.objects.create(
        document=document,
        drafter=document.drafter,
        unit=document.owner_unit,
        category="typo",
        rule_id="typo.confusion",
        wrong_text="帐户",
        correction="账户",
        confirmed_by=User.objects.get(username="zhuren"),
    )


@pytest.fixture(scope="module")
def demo_county(django_db_setup, django_db_blocker) -> Iterator[None]:
    """The demo built once for the module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            build_demo(io.StringIO())
            _confirm_a_review_error()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("username", SIGN_INS)
def test_every_page_of_a_demo_role_shows_no_code(demo_county, db, username):
    usernames = set(User.objects.values_list("username", flat=True))
    codes = stored_codes() - usernames
    client = signed_in(User.objects.get(username=username))
    offenders, broken, read = crawl(client, codes, usernames)
    assert read > 1, f"{username} reached no page beyond the workbench"
    report = [f"  {url}: {', '.join(sorted(tokens))}" for url, tokens in sorted(offenders.items())]
    report += [f"  {line} (the page failed)" for line in broken]
    assert not report, f"{username}: {len(report)} of {read} pages show codes:\n" + "\n".join(report)


def test_the_pages_before_sign_in_show_no_code(demo_county, db):
    usernames = set(User.objects.values_list("username", flat=True))
    offenders, broken, read = crawl(Client(), stored_codes() - usernames, usernames, start="/accounts/login/")
    assert read > 1
    assert not offenders and not broken, f"{offenders} {broken}"


def _cells(data: bytes) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("duchayuan", "/supervision/export.xlsx"),
        ("dangan", "/archives/catalogue.xlsx"),
        ("wenshu", "/documents/registers/outgoing/?format=xlsx"),
        ("wenshu", "/documents/registers/incoming/?format=xlsx"),
    ],
)
def test_excel_exports_show_no_code(demo_county, db, username, url):
    usernames = set(User.objects.values_list("username", flat=True))
    codes = stored_codes() - usernames
    response = signed_in(User.objects.get(username=username)).get(url)
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    text = _cells(response.content)
    assert re.search(r"[\u4e00-\u9fff]", text), f"{url}: the workbook holds no Chinese at all"
    assert not offending_tokens(text, codes, usernames), (
        f"{url} shows codes: {offending_tokens(text, codes, usernames)}"
    )


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join([paragraph.text for paragraph in document.paragraphs] + cells)


def test_docx_printouts_and_the_audit_csv_show_no_code(demo_county, db):
    """The 督查通报 and a dispatched document's DOCX (as the office prints them), and the auditor's CSV
    (its action and object columns; the details column is the raw record, as on the page)."""
    from zhongshu.documents.models import OfficialDocument

    usernames = set(User.objects.values_list("username", flat=True))
    codes = stored_codes() - usernames
    texts: dict[str, str] = {}
    office = signed_in(User.objects.get(username="zhuren"))
    for url in ["/supervision/bulletin.docx", "/supervision/bulletin.docx?period=week"]:
        response = office.get(url)
        assert response.status_code == 200, url
        texts[url] = _docx_text(response.content)
    numbered = OfficialDocument.objects.filter(direction="outgoing").exclude(doc_number="").order_by("pk")
    for document in numbered[:2]:
        url = f"/documents/{document.pk}/docx/"
        response = office.get(url)
        if response.status_code == 200:
            texts[url] = _docx_text(response.content)
    assert any(url.startswith("/documents/") for url in texts), "no document's DOCX was read"
    response = signed_in(User.objects.get(username="auditor")).get("/audit/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    texts["/audit/export.csv"] = " ".join(" ".join(row[4:6]) for row in rows)
    found = {
        url: tokens for url, text in texts.items() if (tokens := offending_tokens(text, codes, usernames))
    }
    assert not found, f"printouts show codes: {found}"


def test_notices_show_no_code(demo_county, db):
    """The notices the demo's work queued (交办, 催办, 送审, ...): their titles and bodies, as the
    in-app list and any other channel show them."""
    from zhongshu.notifications.models import OutboxMessage

    usernames = set(User.objects.values_list("username", flat=True))
    codes = stored_codes() - usernames
    notices = list(OutboxMessage.objects.values_list("pk", "title", "body"))
    assert notices, "the demo queued no notice"
    found = {
        pk: tokens
        for pk, title, body in notices
        if (tokens := offending_tokens(f"{title} {body}", codes, usernames))
    }
    assert not found, f"notices show codes: {found}"


def test_every_detail_of_the_demo_audit_log_is_named_in_chinese(demo_county, db):
    """The audit page shows each event's details as 名称：值 (audit.vocabulary.detail_items); every key the
    demo's events hold has a Chinese name (the raw JSON stays behind 原始记录)."""
    from zhongshu.audit.models import AuditEvent
    from zhongshu.audit.vocabulary import detail_items

    cjk = re.compile(r"[\u4e00-\u9fff]")
    events = list(AuditEvent.objects.exclude(details=None).values_list("action", "object_type", "details"))
    assert events
    unnamed = {
        (action, name)
        for action, object_type, details in events
        for name, _value in detail_items(object_type, details)
        if not cjk.search(name)
    }
    assert not unnamed, f"details named by their code: {sorted(unnamed)}"
