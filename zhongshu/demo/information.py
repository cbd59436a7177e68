"""The sample county's information reporting (信息报送, issue 18), built part by part in the order each needs
the one before: a month of submissions from the towns and bureaus (two of them near-duplicates, one urgent, one
awaiting its town leader), the editors' screening (most adopted, one returned, one edited, the pair left flagged),
three distributed issues of the office's publications, the commissions (one missed) and a leader's 批示 on an issue
turned into a supervision item, and the rule tables with one item adopted by the city."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhongshu.demo.information_commissions import build_demo_commissions
from zhongshu.demo.information_publications import build_demo_publications
from zhongshu.demo.information_scoring import build_demo_scoring
from zhongshu.demo.information_screening import build_demo_screening
from zhongshu.demo.information_submissions import build_demo_submissions

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult


def build_demo_information(result: DemoResult) -> None:
    for build in (
        build_demo_submissions,
        build_demo_screening,
        build_demo_publications,
        build_demo_commissions,
        build_demo_scoring,
    ):
        build(result)
