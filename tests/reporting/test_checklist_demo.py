"""The checklist part's demo on the county of the tests (its town renamed T01, the demo's first town): three
units' lists of five lines each, every period past its due date filed, all on time but one — the 财政局's
安全生产月报 of a recent month; built twice, it adds nothing."""

from __future__ import annotations

from django.utils import timezone

from zhongshu.demo.build import DemoResult
from zhongshu.demo.reporting_checklist import build_demo_checklist
from zhongshu.reporting.filings import due_of, is_late
from zhongshu.reporting.models import ChecklistFiling, ChecklistLine
from zhongshu.reporting.periods import periods_of


def test_the_demo_builds_three_lists_with_one_line_late(county):
    town = county.units[2]
    town.code = "T01"
    town.save(update_fields=["code"])
    result = DemoResult()
    build_demo_checklist(result)
    assert set(ChecklistLine.objects.values_list("unit__code", flat=True)) == {"CZJ", "JYJ", "T01"}
    assert ChecklistLine.objects.count() == 15
    today = timezone.localdate()
    for line in ChecklistLine.objects.exclude(cycle="ad_hoc"):  # nothing past due is missing
        due = {p.start for p in periods_of(line, line.starts_on, today - timezone.timedelta(days=1))}
        assert due <= set(line.filings.values_list("period_start", flat=True)), line.matter
    late = [f for f in ChecklistFiling.objects.select_related("line__unit") if is_late(f, due_of(f))]
    assert [(f.line.unit.code, f.line.matter) for f in late] == [("CZJ", "安全生产月报")]
    assert (today - timezone.localtime(late[0].filed_at).date()).days < 62  # this or last month
    assert ChecklistFiling.objects.filter(line__cycle="ad_hoc").count() == 1
    assert result.created["checklist_lines"] == 15
    assert result.created["checklist_filings"] == ChecklistFiling.objects.count()
    again = DemoResult()
    build_demo_checklist(again)
    assert not again.changed
