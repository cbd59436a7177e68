"""The meetings list and the meeting page read through the one access policy."""

from __future__ import annotations

from tests.meetings.conftest import signed_in
from zhongshu.base.levels import Classification


def test_an_invited_leader_sees_the_meeting_in_the_list_and_on_its_page(county):
    meeting = county.make_meeting()
    client = signed_in("leader2")
    listing = client.get("/meetings/?scope=all")
    assert listing.status_code == 200
    assert meeting.title in listing.content.decode()
    page = client.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert "调度会" in page.content.decode()


def test_someone_not_invited_neither_lists_nor_opens_it(county):
    meeting = county.make_meeting(classification=Classification.SECRET)
    client = signed_in("lyj_llr")
    assert meeting.title not in client.get("/meetings/?scope=all").content.decode()
    assert client.get(f"/meetings/{meeting.pk}/").status_code == 404


def test_the_three_administrators_have_no_meetings_page(county):
    from zhongshu.base.roles import AdminRole
    from zhongshu.testing.factories import make_admin

    make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin")
    assert signed_in("sysadmin").get("/meetings/").status_code == 403
