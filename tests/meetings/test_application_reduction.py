"""精文减会 for meetings: a quota kind per meeting type on the one quotas app (the documents' mechanism, not a
copy), the warning at 80 %, approval beyond the quota refused until a leader's consent is recorded, the
yearly figures against last year's (with the chart's table equal to them) and the merge candidates."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from tests.meetings.conftest import signed_in
from tests.meetings.test_application import at, plan
from zhongshu.core.errors import ServiceError
from zhongshu.meetings import application, approval, reduction
from zhongshu.meetings.actions import RULES
from zhongshu.meetings.models import Meeting, MeetingType
from zhongshu.meetings.states import MeetingState
from zhongshu.quotas.models import QuotaOverride
from zhongshu.quotas.registry import quota_kind
from zhongshu.quotas.services import quota_set, quota_status
from zhongshu.workflow.models import Step
from zhongshu.workflow.services import step_approve
from zhongshu.workflow.states import StepState


def test_each_meeting_type_is_a_kind_of_the_one_quotas_app():
    for meeting_type in MeetingType:
        kind = quota_kind(f"meetings.{meeting_type.value}")
        assert kind.label == meeting_type.label and kind.noun == "次"
    assert quota_kind("documents").label == "发文"  # the same registry documents use


def _held(county, n: int, *, meeting_type=MeetingType.TOPIC, unit=None, year_offset=0, towns=False):
    unit = unit or county.bureau
    for i in range(n):
        start = timezone.make_aware(datetime(timezone.localdate().year + year_offset, 3, 2 + i, 9))
        county.make_meeting(
            f"已开专题会{year_offset}{i}",
            state=MeetingState.CLOSED,
            meeting_type=meeting_type,
            applicant_unit=unit,
            starts_at=start,
            room=None,
            is_video=True,
            towns_must_attend=towns,
        )


def _pending(county) -> Meeting:
    meeting = application.meeting_apply(by=county.bureau_liaison.user, plan=plan(county))
    return application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user)


def test_the_count_is_the_units_approved_or_held_meetings_of_the_type_in_the_year(county):
    _held(county, 2)
    _held(county, 1, meeting_type=MeetingType.EXECUTIVE)
    _held(county, 1, year_offset=-1)
    _held(county, 1, unit=county.second_bureau)
    county.make_meeting(
        "草稿", state=MeetingState.DRAFT, meeting_type=MeetingType.TOPIC, applicant_unit=county.bureau
    )
    year = timezone.localdate().year
    status = quota_status(kind="meetings.topic", unit_id=county.bureau.pk, year=year)
    assert (status.used, status.last_year) == (2, 1)
    counts = quota_kind("meetings.topic").counts_for(year)
    assert counts[county.bureau.pk] == 2 and counts[county.second_bureau.pk] == 1


def test_the_page_warns_at_80_percent(county):
    year = at(10).year
    quota_set(by=county.director.user, kind="meetings.topic", unit=county.bureau, year=year, limit=5)
    _held(county, 4)
    meeting = _pending(county)
    html = signed_in("zhuren").get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-testid="quota-warning"' in html
    assert "已用额度的80%（4/5）" in html
    assert "approve" in RULES.available(county.director.user, meeting)


def test_approval_beyond_the_quota_waits_for_a_leaders_recorded_consent(county):
    year = at(10).year
    quota_set(by=county.director.user, kind="meetings.topic", unit=county.bureau, year=year, limit=2)
    _held(county, 2)
    meeting = _pending(county)
    director = county.director.user
    assert "approve" not in RULES.available(director, meeting)
    assert "quota_override" in RULES.available(director, meeting)
    refusal = RULES.check("approve", director, meeting)
    assert refusal is not None and refusal.code == "quota_exhausted"
    # Nor can the generic step page approve it: the hook refuses and the step stays open.
    step = Step.objects.get(workflow_id=meeting.workflow_id, state=StepState.OPEN)
    with pytest.raises(ServiceError) as refused:
        step_approve(step=step, by=director)
    assert refused.value.code == "quota_exhausted"
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PENDING
    # The director records the consent of a named leader, with the reason.
    with pytest.raises(ServiceError) as refused:
        approval.meeting_quota_override(meeting=meeting, by=director, reason="")
    assert refused.value.code == "reason_required"
    with pytest.raises(ServiceError) as refused:
        approval.meeting_quota_override(meeting=meeting, by=director, reason="防汛紧急")
    assert refused.value.code == "leader_required"
    approval.meeting_quota_override(meeting=meeting, by=director, reason="防汛紧急", leader=county.leaders[1])
    override = QuotaOverride.objects.get()
    assert (override.kind, override.leader, override.reason) == (
        "meetings.topic",
        county.leaders[1],
        "防汛紧急",
    )
    meeting.refresh_from_db()
    assert "quota_override" not in RULES.available(director, meeting)
    approval.meeting_approve(meeting=meeting, by=director, opinion="同意")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.APPROVED


def test_a_leader_records_their_own_consent_on_the_page(county):
    year = at(10).year
    quota_set(by=county.director.user, kind="meetings.topic", unit=county.bureau, year=year, limit=1)
    _held(county, 1)
    meeting = application.meeting_apply(by=county.bureau_liaison.user, plan=plan(county))
    application.meeting_submit(meeting=meeting, by=county.bureau_liaison.user, leader=county.leaders[0])
    leader = signed_in("leader1")
    html = leader.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'data-action="quota_override"' in html
    response = leader.post(f"/meetings/{meeting.pk}/application/quota_override/", {"reason": "书记同意"})
    assert response.status_code == 302
    assert QuotaOverride.objects.get().leader == county.leaders[0]
    # A leader cannot record another leader's consent.
    other = application.meeting_apply(
        by=county.bureau_liaison.user, plan=plan(county, starts_at=at(12), ends_at=at(12, 11))
    )
    application.meeting_submit(meeting=other, by=county.bureau_liaison.user, leader=county.leaders[0])
    with pytest.raises(ServiceError) as refused:
        approval.meeting_quota_override(
            meeting=other, by=county.leaders[0].user, reason="代签", leader=county.leaders[1]
        )
    assert refused.value.code == "not_own_consent"


def test_yearly_figures_against_last_year_and_the_chart_table_says_the_same(county):
    _held(county, 3, towns=True)
    _held(county, 1, meeting_type=MeetingType.EXECUTIVE)
    _held(county, 2, year_offset=-1)
    figures = reduction.yearly_figures(county.clerk.user, timezone.localdate().year)
    topic = next(row for row in figures.rows if row.label == "专题会")
    assert (topic.this_year.count, topic.this_year.hours, topic.this_year.towns) == (3, 6.0, 3)
    assert (topic.last_year.count, topic.change) == (2, 1)
    assert (figures.total.this_year.count, figures.total.last_year.count) == (4, 2)
    count_chart = reduction.reduction_charts(figures)[0]
    rows = dict(count_chart.rows)
    assert rows["专题会"] == ["3次", "2次"]
    assert rows["政府常务会"] == ["1次", "0次"]
    page = signed_in("wenshu").get("/meetings/reduction/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="figures"' in html and 'class="chart"' in html


def test_the_figures_count_only_what_the_viewer_may_see(county):
    _held(county, 2)
    outsider = reduction.yearly_figures(county.outsider.user, timezone.localdate().year)
    assert outsider.total.this_year.count == 0


def _approved_pair(county, *, shared: int):
    """Two approved meetings in one week: the first with the bureau head and three leaders, the second with
    `shared` of them and others."""
    first_people = [county.bureau_head, *county.leaders[1:4]]
    others = [county.second_head, county.leaders[0], county.clerk, county.director]
    second_people = first_people[:shared] + others[: 4 - shared]
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    start = timezone.make_aware(datetime.combine(monday, datetime.min.time()).replace(hour=9))
    first = county.make_meeting("第一次调度会", starts_at=start, attendees=first_people, room="first")
    second = county.make_meeting(
        "第二次调度会", starts_at=start + timedelta(days=2), attendees=second_people, room="first"
    )
    return first, second


def test_merge_candidates_are_approved_meetings_in_one_week_overlapping_by_more_than_the_share(
    county, settings
):
    first, second = _approved_pair(county, shared=3)  # 3 of 4 = 75 %
    found = reduction.merge_candidates(county.clerk.user)
    assert [(c.first, c.second, c.shared_attendees, c.percent) for c in found] == [(first, second, 3, 75)]
    settings.ZHONGSHU_MEETING_MERGE_SHARE = 0.8
    assert reduction.merge_candidates(county.clerk.user) == []
    settings.ZHONGSHU_MEETING_MERGE_SHARE = 0.5
    # Shown on both meetings' pages and on the statistics page.
    clerk = signed_in("wenshu")
    for one, other in ((first, second), (second, first)):
        html = clerk.get(f"/meetings/{one.pk}/").content.decode()
        assert 'data-testid="merge-candidates"' in html and other.title in html
    assert second.title in clerk.get("/meetings/reduction/").content.decode()


def test_half_is_not_more_than_half(county):
    _approved_pair(county, shared=2)  # exactly 50 %: not a candidate at the default share
    assert reduction.merge_candidates(county.clerk.user) == []


def test_candidates_leave_out_meetings_the_viewer_may_not_see(county):
    _approved_pair(county, shared=4)
    assert reduction.merge_candidates(county.outsider.user) == []
    assert "第二次调度会" not in signed_in("lyj_llr").get("/meetings/reduction/").content.decode()


def test_the_api_gives_the_same_figures_and_candidates(county):
    _held(county, 3, towns=True)
    _held(county, 2, year_offset=-1)
    first, second = _approved_pair(county, shared=3)
    data = signed_in("wenshu").get("/api/meetings/reduction").json()
    topic = next(row for row in data["rows"] if row["label"] == "专题会")
    assert (topic["this_year"]["count"], topic["last_year"]["count"], topic["this_year"]["towns"]) == (
        3,
        2,
        3,
    )
    assert [[pair[0]["id"], pair[1]["id"]] for pair in data["candidates"]] == [[first.pk, second.pk]]
    assert data["share"] == 0.5
