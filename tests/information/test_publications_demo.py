"""The publications part's demo on the county of the tests, after the submissions and screening parts' demos: the
fourth publication (每日要情) made beside the county's three, three issues distributed this month from the adopted
items, numbered, with receipts and some read; built twice, it adds nothing."""

from __future__ import annotations

from django.utils import timezone

from tests.information.conftest import County
from zhongshu.demo.build import DemoResult
from zhongshu.demo.information_publications import build_demo_publications
from zhongshu.demo.information_screening import build_demo_screening
from zhongshu.demo.information_submissions import build_demo_submissions
from zhongshu.information.models import IssueEntry, IssueReceipt, IssueState, Publication, PublicationIssue


def test_the_demo_publishes_three_issues_this_month_with_receipts(county: County) -> None:
    build_demo_submissions(DemoResult())
    build_demo_screening(DemoResult())
    result = DemoResult()
    build_demo_publications(result)
    assert Publication.objects.filter(name="每日要情").exists()
    assert result.created == {"publications": 1, "publication_issues": 3}
    today = timezone.localdate()
    issues = list(PublicationIssue.objects.order_by("id"))
    assert len(issues) == 3
    assert all(i.state == IssueState.DISTRIBUTED for i in issues)
    assert all((i.published_on.year, i.published_on.month) == (today.year, today.month) for i in issues)
    assert [i.publication.name for i in issues] == ["快报", "信息简报", "专报"]
    assert all(i.number == 1 for i in issues)
    assert IssueEntry.objects.count() == 5
    assert IssueReceipt.objects.filter(read_at__isnull=False).count() >= 3
    assert IssueReceipt.objects.filter(read_at__isnull=True).exists()
    again = DemoResult()
    build_demo_publications(again)
    assert not again.changed
    assert PublicationIssue.objects.count() == 3
