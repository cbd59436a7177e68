"""The demo's cleared posts and people (涉密岗位、涉密人员), made through the part's services and the directory's
own, as the 保密办 (xwb_bmb_kz), the system administrator and the security administrator would:

- a 核心 post in the county office's 机要科, 机要密码员, beside the office's 重要 posts (保密员, 机要员);
- the 保密办 head is a 核心 cleared person (the security administrator sets it: he vets the 核心 post);
- vettings, on-post pledges and this year's training for the 保密办 and 机要科 people; one 机要科 member's
  re-vetting is due (the 保密办's to-do);
- a 综合科 member who held 机要密码员 and left it a year ago: talk, leaving pledge, checklist completed, post
  and clearance taken away by the security administrator — in his 3-year cooling-off period;
- the post's new holder, a 机要科 member vetted ten days ago and given the post, whose clearance (重要) is still
  below the post's (核心): listed as such, and waiting in the security administrator's queue.

Run again, it adds nothing: the 核心 post is the mark that the part was built (all of it is one transaction).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole
from zhongshu.org.models import Department, Person, Post, Unit
from zhongshu.secrecy import personnel

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

CORE_POST = "机要密码员"
OFFICE = "XWB"
FORMER_HOLDER = "xwb_zhk_1"
NEW_HOLDER = "xwb_jyk_2"
DUE_FOR_REVETTING = "xwb_jyk_1"
KEEPERS = ("xwb_bmb_kz", "xwb_bmb_1", "xwb_bmb_2", "xwb_jyk_kz", "xwb_jyk_1", "xwb_jyk_2")


def _people(*usernames: str) -> dict[str, Person] | None:
    found = {
        person.user.username: person
        for person in Person.objects.filter(user__username__in=usernames).select_related("user", "unit")
    }
    return found if len(found) == len(usernames) else None


def _admin(role: AdminRole) -> User | None:
    return User.objects.filter(admin_role=role, is_active=True).order_by("pk").first()


def _this_year(today: date, month: int, day: int) -> date:
    """A day earlier this year (last year's when it has not come yet)."""
    candidate = date(today.year, month, day)
    return candidate if candidate <= today else date(today.year - 1, month, day)


def build_demo_personnel(result: DemoResult) -> None:
    from zhongshu.access.services import clearance_set
    from zhongshu.org.services import post_assign, post_create

    office = Unit.objects.filter(code=OFFICE).first()
    system_admin, security_admin = _admin(AdminRole.SYSTEM_ADMIN), _admin(AdminRole.SECURITY_ADMIN)
    people = _people(*KEEPERS, FORMER_HOLDER, "zhuren")
    department = Department.objects.filter(unit=office, code="JYK").first()
    if (
        office is None
        or system_admin is None
        or security_admin is None
        or people is None
        or department is None
    ):
        return
    if Post.objects.filter(unit=office, name=CORE_POST).exists():
        return
    today = timezone.localdate()
    head, director = people["xwb_bmb_kz"], people["zhuren"]
    by = head.user
    with transaction.atomic():
        core = post_create(
            by=system_admin,
            unit=office,
            name=CORE_POST,
            department=department,
            required_clearance=Clearance.CORE,
            duties="密码电报的收发、译电和密码设备的管理。",
        )
        result.count("personnel_posts")
        head = clearance_set(
            by=security_admin, person=head, clearance=Clearance.CORE, reason="保密办负责人，核心涉密人员"
        )
        people["xwb_bmb_kz"] = head

        # The office's 重要 posts: each holder vetted and pledged three years ago, re-vetted last autumn (one is
        # due again), trained this year.
        for username in KEEPERS:
            person = people[username]
            vetter = director if username == "xwb_bmb_kz" else head
            for post in person.posts.filter(required_clearance__gt=Clearance.NONE):
                personnel.vetting_record(
                    by=by,
                    person=person,
                    post=post,
                    kind="onboard",
                    result="passed",
                    vetted_on=today - timedelta(days=3 * 365),
                    vetted_by=vetter,
                    note="政治审查、保密知识测试合格",
                    today=today,
                )
                result.count("vettings")
                last = today - timedelta(days=400 if username == DUE_FOR_REVETTING else 200)
                personnel.vetting_record(
                    by=by,
                    person=person,
                    post=post,
                    kind="periodic",
                    result="passed",
                    vetted_on=last,
                    vetted_by=vetter,
                    note="年度复审合格",
                    today=today,
                )
                result.count("vettings")
            personnel.pledge_record(
                by=by,
                person=person,
                kind="on_post",
                signed_on=today - timedelta(days=3 * 365 - 2),
                today=today,
            )
            result.count("pledges")
            for title, day, hours in (
                ("全县涉密人员保密教育培训班", _this_year(today, 3, 12), Decimal("6")),
                ("新修订保密法实施条例专题学习", _this_year(today, 5, 20), Decimal("2")),
            ):
                personnel.training_record(
                    by=by, person=person, title=title, trained_on=day, hours=hours, today=today
                )
                result.count("trainings")

        # The former holder: vetted four years ago, given the post and 核心 by the security administrator, left
        # it a year ago; the checklist done, the post and the clearance taken away.
        former = people[FORMER_HOLDER]
        personnel.vetting_record(
            by=by,
            person=former,
            post=core,
            kind="onboard",
            result="passed",
            vetted_on=today - timedelta(days=4 * 365),
            vetted_by=head,
            note="政治审查合格",
            today=today,
        )
        result.count("vettings")
        personnel.clearance_adjust(by=security_admin, person=former, today=today)
        left_on = today - timedelta(days=365)
        departure = personnel.departure_record(
            by=by, person=former, post=core, left_on=left_on, note="调综合科工作", today=today
        )
        result.count("departures")
        departure = personnel.departure_talk(
            by=by, departure=departure, version=departure.version, talk_on=left_on, talk_by=head, today=today
        )
        personnel.pledge_record(
            by=by, person=former, kind="leaving", signed_on=left_on, departure=departure, today=today
        )
        result.count("pledges")
        personnel.departure_complete(by=by, departure=departure, version=departure.version)
        personnel.clearance_adjust(by=security_admin, person=former, today=today)

        # The new holder: vetted ten days ago and given the post; his clearance (重要) still to be raised.
        newcomer = people[NEW_HOLDER]
        personnel.vetting_record(
            by=by,
            person=newcomer,
            post=core,
            kind="onboard",
            result="passed",
            vetted_on=today - timedelta(days=10),
            vetted_by=head,
            note="政治审查、保密知识测试合格，拟任机要密码员",
            today=today,
        )
        result.count("vettings")
        post_assign(by=security_admin, post=core, person=newcomer)
