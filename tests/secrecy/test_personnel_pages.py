"""A 核心 post holder leaves, through the pages: the 保密办 records the departure (the cooling-off end shown), the
reminder talk and the leaving pledge (its scan downloadable by the keepers and the person alone), completes it;
the security administrator applies the change from his queue — and a 绝密 record the person could open is now
`RecordNotFound` for him. The posts page marks a holder below the post's level."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.secrecy.conftest import County, signed_in
from tests.secrecy.personnel_helpers import cleared_post, fresh
from zhongshu.access.policy import RecordNotFound, get_for
from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification, Clearance
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.secrecy import personnel
from zhongshu.secrecy.models_personnel import Departure, Pledge


def _top_secret_for(county: County) -> MajorDecisionFiling:
    clerk = county.confidential_clerk
    return MajorDecisionFiling.objects.create(
        unit=county.office,
        category="decision",
        title="某绝密事项",
        meeting_name="常委会议",
        meeting_on=date(2026, 1, 5),
        filed_at=timezone.make_aware(datetime.combine(date(2026, 1, 2), time(9))),
        filed_by=clerk.user,
        classification=Classification.TOP_SECRET,
        owner_unit=county.office,
        owner_person=clerk,
    )


def test_a_core_holder_leaves_and_loses_access(county: County) -> None:
    clerk = county.confidential_clerk
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(clerk,))
    secret = _top_secret_for(county)
    assert get_for(User.objects.get(pk=clerk.user_id), MajorDecisionFiling, secret.pk) == secret
    keeper = signed_in("baomi")
    today = timezone.localdate()

    made = keeper.post(
        f"/secrecy/personnel/people/{clerk.pk}/departures/",
        {"post": str(core.pk), "left_on": today.isoformat(), "note": "调任"},
    )
    departure = Departure.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/secrecy/personnel/departures/{departure.pk}/"
    end = personnel.add_years(today, 3)
    page = keeper.get(made["Location"]).content.decode()
    assert f'data-cooling-off-end="{end:%Y-%m-%d}"' in page and "脱密期内" in page

    refused = keeper.post(
        f"/secrecy/personnel/departures/{departure.pk}/complete/", {"version": "1"}, follow=True
    )
    assert "尚未进行提醒谈话" in refused.content.decode()
    keeper.post(
        f"/secrecy/personnel/departures/{departure.pk}/talk/",
        {"version": "1", "talk_on": today.isoformat(), "talk_by": str(county.secrecy_head.pk)},
    )
    scan = SimpleUploadedFile("离岗保密承诺书.txt", "本人承诺离岗后继续履行保密义务。".encode(), "text/plain")
    keeper.post(
        f"/secrecy/personnel/departures/{departure.pk}/pledge/",
        {"signed_on": today.isoformat(), "file": scan},
    )
    pledge = Pledge.objects.get()
    attachment = personnel_attachment(pledge)
    file_url = f"/secrecy/personnel/pledges/{pledge.pk}/files/{attachment}/"
    assert keeper.get(file_url).status_code == 200
    assert signed_in("jiyao").get(file_url).status_code == 200  # his own pledge
    assert signed_in("wenshu").get(file_url).status_code == 404
    done = keeper.post(f"/secrecy/personnel/departures/{departure.pk}/complete/", {"version": "2"})
    assert done.status_code == 302 and Departure.objects.get().completed_at is not None

    admin = signed_in("secadmin")
    queue = admin.get("/secrecy/personnel/clearance-queue/").content.decode()
    assert "李机要" in queue and "免去机要密码员（核心）" in queue
    assert admin.post(f"/secrecy/personnel/clearance-queue/{clerk.pk}/apply/").status_code == 302
    after = fresh(clerk)
    assert after.clearance == Clearance.NONE and not after.posts.exists()
    with pytest.raises(RecordNotFound):
        get_for(User.objects.get(pk=clerk.user_id), MajorDecisionFiling, secret.pk)
    checklist = keeper.get(f"/secrecy/personnel/departures/{departure.pk}/").content.decode()
    assert "已免去岗位" in checklist
    assert "暂无待调整的人员" in admin.get("/secrecy/personnel/clearance-queue/").content.decode()


def personnel_attachment(pledge: Pledge) -> int:
    from zhongshu.attachments.services import attachments_of

    return attachments_of(pledge, "pledge").get().pk


def test_the_posts_page_marks_a_holder_below_the_level(county: County) -> None:
    cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.secrecy_officer,))
    page = signed_in("baomi").get("/secrecy/personnel/posts/").content.decode()
    assert "孙保密" in page and 'data-below="1"' in page and "有1名在岗人员的涉密等级低于岗位等级" in page
    ledger = signed_in("baomi").get("/secrecy/personnel/?view=below_level").content.decode()
    assert "孙保密" in ledger and "李机要" not in ledger


def test_a_refused_form_keeps_the_page_and_says_why(county: County) -> None:
    clerk = county.confidential_clerk
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(clerk,))
    answer = signed_in("baomi").post(
        f"/secrecy/personnel/people/{clerk.pk}/departures/",
        {"post": str(core.pk), "left_on": timezone.localdate().isoformat(), "cooling_off_years": "9"},
    )
    assert answer.status_code == 400
    assert "核心涉密岗位的脱密期应为3至5年，不能定为9年" in answer.content.decode()
    assert not Departure.objects.exists()
