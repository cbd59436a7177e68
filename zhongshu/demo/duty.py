"""The sample county's duty and emergencies (值班应急, issue 17), built part by part in the order each needs
the one before: rosters through the New Year holiday, swaps and the units' 报备, last night's duty log and this
morning's handover, a spot-check round, the incident opened from the night's urgent call with its reports, the
plans, a drill and the leader's instruction on the incident, and the leaders' leave and travel this week."""

from __future__ import annotations

from typing import TYPE_CHECKING

from zhongshu.demo.duty_incidents import build_demo_incidents
from zhongshu.demo.duty_logbook import build_demo_logbook
from zhongshu.demo.duty_plans import build_demo_plans
from zhongshu.demo.duty_rosters import build_demo_rosters
from zhongshu.demo.duty_spotchecks import build_demo_spotchecks
from zhongshu.demo.duty_swaps import build_demo_swaps
from zhongshu.demo.duty_whereabouts import build_demo_whereabouts

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult


def build_demo_duty(result: DemoResult) -> None:
    # Leave and travel come last: they are this week's, and the rosters before them skip whoever is away,
    # so the whereabouts part files around the rostered days rather than the rosters around the leave.
    for build in (
        build_demo_rosters,
        build_demo_swaps,
        build_demo_logbook,
        build_demo_spotchecks,
        build_demo_incidents,
        build_demo_plans,
        build_demo_whereabouts,
    ):
        build(result)
