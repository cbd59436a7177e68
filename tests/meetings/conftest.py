"""A small county for meetings: the office's meeting staff (文书), its director and 保密员, four county
leaders in rank order, two bureaus with their heads and liaisons, two towns, and three rooms (one cleared for
涉密会议). `make_meeting` puts a meeting in any state directly, for tests of the parts that come after the
application; the application's own tests go through its services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.meetings.models import Attendee, AttendeeRole, Meeting, MeetingType, Room
from zhongshu.meetings.states import MeetingState
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.testing.factories import make_person, make_unit


@dataclass
class County:
    office: Unit
    bureau: Unit
    second_bureau: Unit
    towns: list[Unit]
    clerk: Person  # 文书: the meeting staff (会务)
    director: Person  # 办公室主任: approves applications
    secrecy_officer: Person
    leaders: list[Person]  # 县委书记, 县长, 常务副县长, 副县长, by leader_rank
    bureau_head: Person
    bureau_liaison: Person
    second_head: Person
    town_liaisons: list[Person]
    outsider: Person  # a liaison of an unrelated bureau, invited to nothing
    rooms: dict[str, Room] = field(default_factory=dict)

    def make_meeting(
        self,
        title: str = "全县防汛工作调度会",
        *,
        state: str = MeetingState.APPROVED,
        starts_at: datetime | None = None,
        hours: float = 2,
        room: Room | None | str = "first",
        attendees: list[Person] | None = None,
        units: list[Unit] | None = None,
        classification: int = Classification.INTERNAL,
        **fields: Any,
    ) -> Meeting:
        """A meeting in `state`, with `attendees` invited by name and `units` asked to send someone; the
        attendees and units are in its 知悉范围, as the notice puts them."""
        start = starts_at or timezone.make_aware(
            datetime.combine(timezone.localdate() + timedelta(days=3), datetime.min.time()).replace(hour=9)
        )
        meeting = Meeting.objects.create(
            title=title,
            meeting_type=fields.pop("meeting_type", MeetingType.DISPATCH),
            state=state,
            applicant_unit=fields.pop("applicant_unit", self.office),
            chair=fields.pop("chair", self.leaders[1]),
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            room=self.rooms[room] if isinstance(room, str) else room,
            classification=classification,
            owner_unit=self.office,
            owner_person=self.clerk,
            created_by=self.clerk.user,
            **fields,
        )
        people = attendees if attendees is not None else [*self.leaders[1:3], self.bureau_head]
        for order, person in enumerate(people):
            Attendee.objects.create(
                meeting=meeting, person=person, role=AttendeeRole.ATTEND, sort_order=order
            )
        for order, unit in enumerate(units or [], start=len(people)):
            Attendee.objects.create(meeting=meeting, unit=unit, role=AttendeeRole.ATTEND, sort_order=order)
        meeting.need_to_know_people.add(*people)
        if units:
            meeting.need_to_know_units.add(*units)
        return meeting


@pytest.fixture
def county(db: Any) -> County:
    return make_county()


def make_county() -> County:
    office = make_unit("县委办公室", code="XWB")
    bureau = make_unit("县水利局", code="SLJ")
    second = make_unit("县应急管理局", code="YJJ")
    other = make_unit("县林业局", code="LYJ")
    towns = [
        make_unit("城关镇", kind=UnitKind.TOWN, code="CGZ"),
        make_unit("河口乡", kind=UnitKind.TOWN, code="HKX"),
    ]
    leader_names = [
        ("郑书记", "县委书记"),
        ("王县长", "县长"),
        ("陈副县长", "常务副县长"),
        ("林副县长", "副县长"),
    ]
    leaders = [
        make_person(
            name,
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=rank,
            title=title,
            clearance=Clearance.IMPORTANT,
            username=f"leader{rank}",
        )
        for rank, (name, title) in enumerate(leader_names, start=1)
    ]
    county = County(
        office=office,
        bureau=bureau,
        second_bureau=second,
        towns=towns,
        clerk=make_person(
            "刘文书", unit=office, roles=[Role.CLERK], clearance=Clearance.IMPORTANT, username="wenshu"
        ),
        director=make_person(
            "赵主任",
            unit=office,
            roles=[Role.OFFICE_DIRECTOR],
            clearance=Clearance.IMPORTANT,
            username="zhuren",
        ),
        secrecy_officer=make_person(
            "孙保密",
            unit=office,
            roles=[Role.SECRECY_OFFICER],
            clearance=Clearance.IMPORTANT,
            username="baomi",
        ),
        leaders=leaders,
        bureau_head=make_person(
            "钱局长",
            unit=bureau,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=10,
            title="局长",
            clearance=Clearance.ORDINARY,
            username="slj_jz",
        ),
        bureau_liaison=make_person("何联络", unit=bureau, roles=[Role.LIAISON], username="slj_llr"),
        second_head=make_person(
            "周局长",
            unit=second,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=11,
            title="局长",
            username="yjj_jz",
        ),
        town_liaisons=[
            make_person(f"{town.name[:2]}联络", unit=town, roles=[Role.LIAISON], username=f"town{n}")
            for n, town in enumerate(towns)
        ],
        outsider=make_person("吴联络", unit=other, roles=[Role.LIAISON], username="lyj_llr"),
    )
    county.rooms = {
        "first": Room.objects.create(name="第一会议室", place="县委大楼三楼", capacity=40, has_video=True),
        "small": Room.objects.create(name="第三会议室", place="县委大楼五楼", capacity=12),
        "secure": Room.objects.create(
            name="保密会议室", place="县委大楼二楼", capacity=20, cleared_for_classified=True
        ),
    }
    return county


def signed_in(username: str) -> Any:
    """A test client signed in as `username`, second factor included (the policy decides, not sign-in)."""
    from django.test import Client

    from zhongshu.accounts.models import User
    from zhongshu.testing.access import sign_in

    return sign_in(Client(), User.objects.get(username=username))
