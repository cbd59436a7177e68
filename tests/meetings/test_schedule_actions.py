"""Engagements' actions (修改, 删除) for every kind of person: what ENGAGEMENT_RULES offer is what the services
accept (rolled back) and what the engagement's page shows (`data-action`)."""

from __future__ import annotations

from tests.actions.helpers import walk
from tests.meetings.test_schedule import add
from zhongshu.meetings import engagements
from zhongshu.meetings.actions import ENGAGEMENT_RULES
from zhongshu.meetings.engagements import EngagementFields
from zhongshu.meetings.models import Engagement


def test_what_is_offered_is_accepted_and_shown(county):
    engagement = add(county, county.leaders[0])

    def fresh() -> Engagement:
        return Engagement.objects.select_related("leader").get(pk=engagement.pk)

    def edit(record, user):
        fields = EngagementFields(
            leader=record.leader,
            kind=record.kind,
            title="改后的活动",
            place=record.place,
            starts_at=record.starts_at,
            ends_at=record.ends_at,
        )
        return engagements.engagement_edit(engagement=record, by=user, fields=fields)

    people = {
        "文书": county.clerk.user,
        "办公室主任": county.director.user,
        "县委书记": county.leaders[0].user,
        "县长": county.leaders[1].user,
        "局长": county.bureau_head.user,
        "联络员": county.bureau_liaison.user,
    }
    found = walk(
        ENGAGEMENT_RULES,
        fresh,
        people,
        {
            "edit": edit,
            "delete": lambda record, user: engagements.engagement_delete(engagement=record, by=user),
        },
        f"/meetings/engagements/{engagement.pk}/",
    )
    assert not found.wrong, found.wrong
    assert found.offered_somewhere == {"edit", "delete"}
