"""三重一大 filings: refused after the meeting, 迟报 counted in working days across a weekend and a public
holiday (hand-computed from the 2025 calendar), the amount rules, the office in need-to-know, outcome and
withdrawal with their version check, and counts_by_unit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.reporting.conftest import County
from tests.reporting.major_helpers import filing
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.reporting import major
from zhongshu.reporting.major import MajorCounts, counts_by_unit
from zhongshu.reporting.models import MajorDecisionFiling, MajorFilingState


def test_a_filing_dated_after_its_meeting_is_refused_and_nothing_is_saved(county: County) -> None:
    with pytest.raises(ServiceError) as refused:
        filing(county.liaisons[0], meeting_on=date(2025, 11, 10), filed_on=date(2025, 11, 11))
    assert refused.value.code == "filed_after_meeting"
    assert "会议已于2025年11月10日召开" in refused.value.message
    assert not MajorDecisionFiling.objects.exists()
    assert not AuditEvent.objects.filter(action="reporting.major.file").exists()


def test_filed_on_the_meeting_day_is_accepted_but_late(county: County) -> None:
    made = filing(county.liaisons[0], meeting_on=date(2025, 11, 12), filed_on=date(2025, 11, 12))
    assert made.late


def test_late_across_a_weekend(county: County, settings: object) -> None:
    """Meeting Wed 2025-11-12, 3 working days: the deadline is Fri 11-07 (Tue 11, Mon 10, Fri 7). Filed Friday
    the office has Fri, Mon, Tue: on time; filed Saturday it has Mon and Tue: late."""
    assert major.lead_days() == 3
    meeting = date(2025, 11, 12)
    assert major.due_by(meeting) == date(2025, 11, 7)
    friday = filing(county.liaisons[0], meeting_on=meeting, filed_on=date(2025, 11, 7))
    saturday = filing(county.liaisons[1], meeting_on=meeting, filed_on=date(2025, 11, 8))
    monday = filing(county.liaisons[2], meeting_on=meeting, filed_on=date(2025, 11, 10))
    assert (friday.late, saturday.late, monday.late) == (False, True, True)
    assert major.working_days_before(date(2025, 11, 7), meeting) == 3
    assert major.working_days_before(date(2025, 11, 8), meeting) == 2
    assert major.working_days_before(date(2025, 11, 10), meeting) == 2


def test_late_across_the_national_day_holiday(county: County) -> None:
    """Meeting Thu 2025-10-09: Oct 1-8 are the 国庆节/中秋节 holiday, Sun Sep 28 a make-up working day. Going
    back three working days: Tue Sep 30, Mon Sep 29, Sun Sep 28 — so filing on Sunday the 28th is on time,
    on Monday the 29th (two working days, Sep 29 and 30, before the meeting) late, and on the holiday's
    Saturday Oct 4 (no working day left) late."""
    meeting = date(2025, 10, 9)
    assert major.due_by(meeting) == date(2025, 9, 28)
    on_sunday = filing(county.liaisons[0], meeting_on=meeting, filed_on=date(2025, 9, 28))
    on_monday = filing(county.liaisons[1], meeting_on=meeting, filed_on=date(2025, 9, 29))
    in_holiday = filing(county.liaisons[2], meeting_on=meeting, filed_on=date(2025, 10, 4))
    assert (on_sunday.late, on_monday.late, in_holiday.late) == (False, True, True)
    assert major.working_days_before(date(2025, 9, 29), meeting) == 2
    assert major.working_days_before(date(2025, 10, 4), meeting) == 0
    # Friday the 26th leaves Fri 26, Sun 28 (make-up day), Mon 29 and Tue 30: four.
    assert major.working_days_before(date(2025, 9, 26), meeting) == 4


def test_amounts_meeting_dates_and_clearance_are_checked(county: County) -> None:
    liaison = county.liaisons[0]
    meeting = date(2025, 11, 20)
    cases = [
        ({"amount": Decimal("-1")}, "negative_amount"),
        ({"amount": None}, "amount_required"),  # 大额资金使用 needs its amount
        ({"amount": None, "category": "project"}, "amount_required"),
        ({"meeting_on": date(2026, 11, 20)}, "meeting_too_far"),
        ({"classification": Classification.CONFIDENTIAL}, "above_clearance"),
        ({"title": "  "}, "required"),
    ]
    for change, code in cases:
        kwargs = {"meeting_on": meeting, "filed_on": date(2025, 11, 3), **change}
        with pytest.raises(ServiceError) as refused:
            filing(liaison, **kwargs)  # type: ignore[arg-type]
        assert refused.value.code == code, change
    assert not MajorDecisionFiling.objects.exists()
    # An appointment needs no amount; a decision neither.
    made = filing(
        liaison, meeting_on=meeting, filed_on=date(2025, 11, 3), category="appointment", amount=None
    )
    assert made.amount is None and not made.late


def test_a_filing_is_held_by_its_unit_and_known_to_the_office(county: County) -> None:
    made = filing(county.liaisons[0], meeting_on=date(2025, 11, 20), filed_on=date(2025, 11, 3))
    assert made.owner_unit == county.units[0] and made.unit == county.units[0]
    assert made.owner_person == county.liaisons[0] and made.filed_by == county.liaisons[0].user
    assert list(made.need_to_know_units.all()) == [county.office]
    assert made.classification == Classification.INTERNAL
    assert AuditEvent.objects.filter(action="reporting.major.file", object_id=str(made.pk)).exists()
    # The office's keeper reads it; another unit's liaison does not.
    assert major.visible_filings(county.keeper.user).filter(pk=made.pk).exists()
    assert not major.visible_filings(county.liaisons[1].user).filter(pk=made.pk).exists()


def test_only_a_units_filers_file(county: County) -> None:
    with pytest.raises(Forbidden):
        filing(county.supervisor, meeting_on=date(2025, 11, 20), filed_on=date(2025, 11, 3))


def test_outcome_after_the_meeting_with_a_version_check(county: County) -> None:
    today = timezone.localdate()
    made = filing(county.liaisons[0], meeting_on=today, filed_on=today - timedelta(days=10))
    other_unit = county.liaisons[1].user
    with pytest.raises(Forbidden):
        major.record_outcome(by=other_unit, filing=made, version=1, decided_on=today, outcome="同意")
    with pytest.raises(ServiceError) as before:
        major.record_outcome(
            by=county.clerks[0].user,
            filing=made,
            version=1,
            decided_on=today - timedelta(days=1),
            outcome="同意",
        )
    assert before.value.code == "decided_before_meeting"
    with pytest.raises(Conflict):
        major.record_outcome(
            by=county.clerks[0].user, filing=made, version=7, decided_on=today, outcome="同意"
        )
    decided = major.record_outcome(
        by=county.clerks[0].user, filing=made, version=1, decided_on=today, outcome="会议研究同意"
    )
    assert decided.state == MajorFilingState.DECIDED and decided.version == 2
    with pytest.raises(InvalidTransition):
        major.withdraw_major(by=county.liaisons[0].user, filing=decided, version=2)


def test_outcome_waits_for_the_meeting(county: County) -> None:
    today = timezone.localdate()
    made = filing(county.liaisons[0], meeting_on=today + timedelta(days=20))
    with pytest.raises(InvalidTransition) as early:
        major.record_outcome(
            by=county.liaisons[0].user, filing=made, version=1, decided_on=today, outcome="同意"
        )
    assert early.value.code == "meeting_not_held"


def test_editing_the_meeting_date_judges_lateness_again(county: County) -> None:
    today = timezone.localdate()
    made = filing(county.liaisons[0], meeting_on=today + timedelta(days=30))
    assert not made.late
    changed = major.edit_major(
        by=county.liaisons[0].user,
        filing=made,
        version=1,
        category=made.category,
        title=made.title,
        summary=made.summary,
        amount=made.amount,
        meeting_name=made.meeting_name,
        meeting_on=today,
        classification=made.classification,
    )
    assert changed.late and changed.version == 2
    with pytest.raises(Conflict):
        major.edit_major(
            by=county.liaisons[0].user,
            filing=made,
            version=1,
            category=made.category,
            title="另一个名称",
            summary="",
            amount=made.amount,
            meeting_name=made.meeting_name,
            meeting_on=today,
            classification=made.classification,
        )
    assert MajorDecisionFiling.objects.get(pk=made.pk).title == made.title


def test_counts_by_unit(county: County, django_assert_num_queries: object) -> None:
    finance, education, town = county.units
    meeting = date(2025, 11, 12)
    filing(county.liaisons[0], meeting_on=meeting, filed_on=date(2025, 11, 3))  # on time
    filing(county.liaisons[0], meeting_on=meeting, filed_on=date(2025, 11, 10))  # late
    withdrawn = filing(county.liaisons[0], meeting_on=meeting, filed_on=date(2025, 11, 11))  # late
    major.withdraw_major(by=county.liaisons[0].user, filing=withdrawn, version=1)
    filing(county.liaisons[1], meeting_on=meeting, filed_on=date(2025, 11, 11))  # late
    filing(county.liaisons[1], meeting_on=date(2025, 12, 3), filed_on=date(2025, 11, 11))  # outside
    filing(county.liaisons[2], meeting_on=date(2025, 10, 31), filed_on=date(2025, 10, 20))  # outside
    with django_assert_num_queries(1):  # type: ignore[operator]
        counts = counts_by_unit([finance.pk, education.pk, town.pk], date(2025, 11, 1), date(2025, 11, 30))
    assert counts == {
        finance.pk: MajorCounts(filed=2, late=1),
        education.pk: MajorCounts(filed=1, late=1),
    }
    assert counts_by_unit([town.pk], date(2025, 10, 1), date(2025, 10, 31)) == {
        town.pk: MajorCounts(filed=1, late=0)
    }
    assert counts_by_unit([], date(2025, 10, 1), date(2025, 12, 31)) == {}
