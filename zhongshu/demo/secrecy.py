"""The sample county's secrecy office (机要保密, issue 20), built part by part in the order each needs the one
before: the classification officer and decisions (a 机密 document among them), the carriers ledger (that document's
copy borrowed, overdue), an inventory that finds one carrier missing and the copy requests, the cleared posts and
people (a holder below his post's level, one in cooling-off), the secondees (one mid-way), the part-time secrecy
administrators, meetings and tests, the 公开审查 (a notice waiting), and the self-inspection (two findings in 整改)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhongshu.demo.secrecy_carriers import build_demo_carriers
from zhongshu.demo.secrecy_classification import build_demo_classification
from zhongshu.demo.secrecy_duties import build_demo_duties
from zhongshu.demo.secrecy_inspection import build_demo_inspection
from zhongshu.demo.secrecy_inventory import build_demo_inventory
from zhongshu.demo.secrecy_personnel import build_demo_personnel
from zhongshu.demo.secrecy_publication import build_demo_publication
from zhongshu.demo.secrecy_secondees import build_demo_secondees

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult


def build_demo_secrecy(result: DemoResult) -> None:
    for build in (
        build_demo_classification,
        build_demo_carriers,
        build_demo_inventory,
        build_demo_personnel,
        build_demo_secondees,
        build_demo_duties,
        build_demo_publication,
        build_demo_inspection,
    ):
        build(result)
