"""The personnel part's demo on a small county office under the demo's usernames: the 核心 post with a holder
below its level (in the security administrator's queue), a person who left it a year ago in his cooling-off
period with the checklist done and the access removed, the 保密办's and 机要科's vettings, pledges and training
(one re-vetting due); built twice, it adds nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.secrecy.personnel_helpers import system_admin
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.demo.build import DemoResult
from zhongshu.demo.secrecy_personnel import build_demo_personnel
from zhongshu.org.models import Person, Post
from zhongshu.org.services import post_assign, post_create
from zhongshu.secrecy import personnel
from zhongshu.secrecy.models_personnel import Departure
from zhongshu.testing.factories import make_admin, make_department, make_person, make_unit


def _office(db: Any) -> None:
    office = make_unit("县委办公室", code="XWB")
    departments = {
        code: make_department(office, name, code)
        for code, name in (("BMB", "保密办"), ("JYK", "机要科"), ("ZHK", "综合科"))
    }
    make_person(
        "曾志强", unit=office, roles=[Role.OFFICE_DIRECTOR], clearance=Clearance.IMPORTANT, username="zhuren"
    )
    security_admin = make_admin(AdminRole.SECURITY_ADMIN, "secadmin")
    posts = {
        code: post_create(
            by=system_admin(),
            unit=office,
            name=name,
            department=departments[code],
            required_clearance=Clearance.IMPORTANT,
        )
        for code, name in (("BMB", "保密员"), ("JYK", "机要员"))
    }
    for code in ("BMB", "JYK"):
        for suffix in ("kz", "1", "2"):
            person = make_person(
                f"{code}{suffix}",
                unit=office,
                department=departments[code],
                roles=[Role.SECRECY_OFFICER] if code == "BMB" else [Role.CLERK],
                clearance=Clearance.IMPORTANT,
                username=f"xwb_{code.lower()}_{suffix}",
            )
            post_assign(by=security_admin, post=posts[code], person=person)
    make_person(
        "综合科员", unit=office, department=departments["ZHK"], roles=[Role.CLERK], username="xwb_zhk_1"
    )


def test_the_demo_builds_the_personnel_facts_once(db: Any) -> None:
    _office(db)
    first = DemoResult()
    build_demo_personnel(first)
    assert first.created == {
        "personnel_posts": 1,
        "vettings": 14,
        "pledges": 7,
        "trainings": 12,
        "departures": 1,
    }
    today = timezone.localdate()
    core = Post.objects.get(name="机要密码员")
    assert core.required_clearance == Clearance.CORE
    # A post whose holder lacks the clearance, waiting in the security administrator's queue.
    assert [(post.name, person.user.username) for post, person in personnel.below_level_holders()] == [
        ("机要密码员", "xwb_jyk_2")
    ]
    (queued,) = personnel.clearance_queue()
    assert (queued.person.user.username, queued.target) == ("xwb_jyk_2", Clearance.CORE)
    # The former holder left a year ago: in cooling-off for three years, checklist done, access removed.
    former = Person.objects.get(user__username="xwb_zhk_1")
    departure = Departure.objects.get(person=former)
    assert departure.left_on == today - timedelta(days=365) and departure.completed_at is not None
    assert personnel.cooling_off_end(departure) == personnel.add_years(departure.left_on, 3)
    assert former.clearance == Clearance.NONE and not former.posts.exists()
    assert personnel.checklist(departure).access_removed
    row = personnel.ledger(today, personnel.ledger_people().filter(pk=former.pk))[0]
    assert (row.status, row.cooling_off_until) == ("脱密期", personnel.cooling_off_end(departure))
    # One re-vetting due: the 保密办's to-do.
    head = Person.objects.get(user__username="xwb_bmb_kz")
    assert [item.title for item in personnel.revetting_todos(head.user)] == [
        f"涉密人员复审：{Person.objects.get(user__username='xwb_jyk_1').name}"
    ]
    again = DemoResult()
    build_demo_personnel(again)
    assert not again.changed and Departure.objects.count() == 1
