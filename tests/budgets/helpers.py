"""Query budgets for pages: a page's count must not grow with its rows, and must stay under a ceiling.

`assert_flat` asks a page once to warm the process-wide caches (content types, the working-day calendar),
measures it with the rows a test made, lets the test add as many again, and measures it once more. The two
counts must be equal (or within `slack`, for a page that reads one more thing when it has more of it), and the
larger must be within the page's ceiling, which may differ by database vendor. A failure prints the queries the
second request ran more often than the first, so an N+1 names itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

Ceiling = int | dict[str, int]


@dataclass(frozen=True)
class Measured:
    url: str
    small: int
    large: int
    large_queries: list[str]

    def __str__(self) -> str:
        return f"{self.url}: {self.small} queries with N rows, {self.large} with 2N ({connection.vendor})"


def _shape(sql: str) -> str:
    """A query with its literal values blanked, so the same query for another row counts as the same."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\d+", "?", sql)
    return re.sub(r"\?(?:\s*,\s*\?)+", "?…", sql)


def run_page(client: Client, url: str, *, status: int = 200) -> tuple[list[str], str]:
    """One GET of `url`: the SQL it ran and the page it answered."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    return [query["sql"] for query in captured.captured_queries], response.content.decode()


def _grown(small: list[str], large: list[str]) -> str:
    before, after = Counter(map(_shape, small)), Counter(map(_shape, large))
    lines = [
        f"  {after[shape] - before[shape]:+d} × {shape[:300]}"
        for shape in after
        if after[shape] > before[shape]
    ]
    return "\n".join(lines) or "  (no query shape ran more often; other shapes were added)"


def signed_in(user) -> Client:
    """A client signed in as `user`, second factor verified (people cleared for 重要/核心 and the three
    administrators must give one), so the page, not the sign-in policy, answers."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="预算", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def ceiling_for(ceiling: Ceiling) -> int:
    return ceiling if isinstance(ceiling, int) else ceiling[connection.vendor]


def assert_flat(
    client: Client,
    url: str,
    *,
    grow: Callable[[], object],
    ceiling: Ceiling,
    rows: Callable[[str], int] | None = None,
    slack: int = 0,
    status: int = 200,
) -> Measured:
    """Measure `url` with the rows the test made and again after `grow()` doubled them.

    `grow` adds the rows; when it returns a string, that is the address to measure the second time (a record's
    page: a record with N parts, then another with 2N).

    `rows(page)` counts the rows the page shows: it must double too, or the measurement proved nothing (a page
    that shows nobody's rows costs the same for any number of them).
    """
    run_page(client, url, status=status)  # warm the process-wide caches
    small, small_page = run_page(client, url, status=status)
    shown_small = rows(small_page) if rows is not None else 0
    grown = grow()
    url = grown if isinstance(grown, str) else url
    large, large_page = run_page(client, url, status=status)
    measured = Measured(url, len(small), len(large), large)
    if rows is not None:
        shown_large = rows(large_page)
        assert shown_small > 0 and shown_large == 2 * shown_small, (
            f"{url} shows {shown_small} rows, then {shown_large}: the page does not show the rows it is "
            "measured with"
        )
    assert len(large) - len(small) <= slack, (
        f"{measured}: the count grows with the rows. Queries run more often with 2N rows:\n"
        + _grown(small, large)
    )
    limit = ceiling_for(ceiling)
    assert len(large) <= limit, f"{measured}: over the budget of {limit}. Queries:\n" + "\n".join(
        q[:300] for q in large
    )
    print(measured)  # shown with -rP or -s: the counts the ceilings were set from
    return measured


def counter(marker: str) -> Callable[[str], int]:
    """`rows` for `assert_flat`: how often `marker` appears in the page."""
    return lambda page: page.count(marker)
