"""The demo's 值班抽查: built on the demo county (after the earlier duty parts' demos where they exist, in the
lead's order), through the services: one round last week over towns and bureaus, every call recorded — one
by someone else, one not answered, the rest by the officer on duty — and the month's 通报 names the two;
built twice, it adds nothing."""

from __future__ import annotations

import importlib
import io

from django.utils import timezone
from docx import Document

from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.duty_spotchecks import TITLE, build_demo_spotchecks
from zhongshu.duty import spotchecks
from zhongshu.duty.models import CheckResult, SpotCheckRound
from zhongshu.duty.spotcheck_docx import period_bulletin
from zhongshu.org.models import UnitKind

EARLIER = ("rosters", "swaps", "logbook")


def _earlier_parts(result: DemoResult) -> None:
    for part in EARLIER:
        try:
            module = importlib.import_module(f"zhongshu.demo.duty_{part}")
        except ModuleNotFoundError:
            continue  # that part has not landed yet
        getattr(module, f"build_demo_{part}")(result)


def test_the_demo_round_of_spot_checks(db):
    result = build_demo()
    _earlier_parts(result)
    build_demo_spotchecks(result)
    round_ = SpotCheckRound.objects.get(title=TITLE)
    checks = list(round_.checks.select_related("unit"))
    assert result.created["spot_checks"] == len(checks) >= 3
    today = timezone.localdate()
    monday = today - timezone.timedelta(days=today.weekday())
    assert monday - timezone.timedelta(days=7) <= timezone.localtime(round_.window_starts_at).date() < monday
    assert any(check.unit.kind in (UnitKind.TOWN, UnitKind.BUREAU) for check in checks)
    outcomes = [check.result for check in checks]
    assert outcomes.count(CheckResult.SOMEONE_ELSE) == 1 and outcomes.count(CheckResult.NO_ANSWER) == 1
    assert outcomes.count(CheckResult.ON_ROSTER) == len(checks) - 2
    assert all(check.answered_by for check in checks if check.result != CheckResult.NO_ANSWER)
    assert all(check.phone for check in checks)

    by = round_.drawn_by
    for check in checks:
        if check.result == CheckResult.ON_ROSTER:
            continue
        data, _ = period_bulletin(period=spotchecks.Period.month_of(check.planned_at), by=by)
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert check.unit.name in text
        assert check.result == CheckResult.NO_ANSWER or "门卫刘师傅" in text

    again = DemoResult()
    build_demo_spotchecks(again)
    assert "spot_check_rounds" not in again.created and SpotCheckRound.objects.count() == 1
