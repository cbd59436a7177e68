"""Query budgets of the 工作台: its 待办 and 已办 gathered from every module, for three people whose lists hold 20
and then 40 entries — the office's 文书 (incoming documents to handle, signed documents to recheck and number),
a 核稿人 (review steps open and done) and a bureau's 联络员 (supervision items to receive, 催办 and 督办)."""

from __future__ import annotations

import itertools

import pytest
import time_machine

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.budgets.test_documents import numbered, paper_incoming
from tests.documents import conftest as documents_fixtures
from tests.documents.conftest import NOTICE_BODY
from tests.supervision import conftest as supervision_fixtures
from zhongshu.documents.services import document_draft_create, document_review, document_submit
from zhongshu.supervision import services as supervision
from zhongshu.supervision.reminders import escalation_tick

pytestmark = pytest.mark.django_db

N = 20
_serial = itertools.count(1)
county = documents_fixtures.county
supervision_county = supervision_fixtures.county


def test_a_clerks_workbench_costs_the_same_for_20_and_40_entries(county):
    def documents(count: int) -> None:
        paper_incoming(county, count // 2, marker="预算待办")
        numbered(county, count // 2, marker="预算待办")  # 已登记编号: 分发 is the clerk's next step

    documents(N)
    assert_flat(
        signed_in(county.clerk.user),
        "/",
        grow=lambda: documents(N),
        rows=counter("预算待办"),
        # measured 20 on SQLite and PostgreSQL; +1 with the duty module (本班值班记录: is he on a duty shift now, which
        # anyone on a unit's roster may be), +1 more for a liaison (his unit's open 报备 calls); 26 with reporting (a
        # 文书 files his unit's checklist: the periods due, the 三重一大 matters awaiting an outcome): flat; 36 with
        # secrecy (issue 20: is he a classification officer, his overdue borrowings, secondees he looks after, reviews
        # he gives, his unit's self-inspection as its 文书 while no administrator is named, tests to take): flat
        ceiling=36,
    )


def under_review(county, count: int) -> None:
    """Drafts sent to review: reviewer1 has approved half of them and has the other half open."""
    for n in range(count):
        document = document_draft_create(
            by=county.clerk.user,
            doc_type="notice",
            title=f"关于预算核稿第{next(_serial)}项工作的通知",
            body=NOTICE_BODY,
            primary_units=[county.education],
        )
        document_submit(
            document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
        )
        if n % 2:
            document_review(document=document, by=county.reviewer1.user, approve=True, opinion="同意")


def test_a_reviewers_workbench_costs_the_same_for_20_and_40_steps(county):
    under_review(county, N)
    assert_flat(
        signed_in(county.reviewer1.user),
        "/",
        grow=lambda: under_review(county, N),
        rows=counter("预算核稿"),
        # 23 on SQLite with the meetings module's to-do sources (18 before it); 24 with duty's shift panel; 31 with
        # the secrecy module's to-do sources (one or two queries each, flat)
        ceiling=31,
    )


def overdue_items(county, count: int) -> None:
    """Items assigned to the bureau two weeks ago with five working days: half received (so 催办/督办
    reach the liaison once the tick runs), half still waiting to be received."""
    with time_machine.travel("2026-03-02 09:00:00+08:00", tick=False):
        for n in range(count):
            item = county.assigned(f"预算督办待办第{next(_serial)}项", workdays=5, co=False)
            if n % 2:
                supervision.supervision_item_receive(item=item, by=county.liaison.user)


@time_machine.travel("2026-03-16 09:00:00+08:00", tick=False)
def test_a_liaisons_workbench_costs_the_same_for_20_and_40_entries(supervision_county):
    county = supervision_county

    def grow(count: int) -> None:
        overdue_items(county, count)
        escalation_tick()

    grow(N)
    assert_flat(
        signed_in(county.liaison.user),
        "/",
        grow=lambda: grow(N),
        rows=counter("预算督办待办"),
        # measured 20 on SQLite and PostgreSQL; +1 with the duty module (本班值班记录: is he on a duty shift now, which
        # anyone on a unit's roster may be), +1 more for a liaison (his unit's open 报备 calls); 29 with information
        # and reporting (a liaison writes his unit's items — returned ones, 约稿 to answer — and files its checklist
        # and 三重一大 matters: one query each, flat); 35 with the secrecy module's to-do sources (flat)
        ceiling=35,
    )
