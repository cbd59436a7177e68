"""The sample county's requests and reports (请示报告, issue 18): the reporting checklists of three units with
their filings (one line late), and the 三重一大 filings of four units (one late, one decided, one pending)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhongshu.demo.reporting_checklist import build_demo_checklist
from zhongshu.demo.reporting_major import build_demo_major

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult


def build_demo_reporting(result: DemoResult) -> None:
    build_demo_checklist(result)
    build_demo_major(result)
