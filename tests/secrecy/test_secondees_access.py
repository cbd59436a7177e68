"""Who sees a secondment (the 保密办, the office director, the host liaison, the secondee and the sending unit's
leaders; nobody else, and no administrator), every page and API route of the part asked by each, and the access a
secondment opens: only named records, only while in post, only to a cleared secondee, ending at the end of the
last day by the grant's own expiry (no job needed) or at an early hand-over."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType

from tests.secrecy.conftest import County
from tests.secrecy.secondees_helpers import in_post, make_secondee, make_town_leader, moment, register
from zhongshu.access.models import NeedToKnowGrant
from zhongshu.access.policy import can, visible
from zhongshu.accounts.models import User
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import ServiceError
from zhongshu.org.models import Unit
from zhongshu.reporting.models import MajorDecisionFiling
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_secondees import Secondment, SecondmentAccess
from zhongshu.testing.access import (
    ask_every_api_route,
    not_refused_in_json,
    route_clients,
    route_statuses,
    wrong_get_answers,
    wrong_post_answers,
)

TODAY = date(2026, 11, 10)
KIND = "reporting.majordecisionfiling"


def _filing(
    county: County, *, title: str, classification: int = Classification.INTERNAL
) -> MajorDecisionFiling:
    """A record of the county office's that the secondee's own unit does not hold: a bureau's filing the office
    knows (need-to-know of the office's unit)."""
    filing = MajorDecisionFiling.objects.create(
        unit=county.units[0],
        category="decision",
        title=title,
        meeting_name="局党组会议",
        meeting_on=TODAY + timedelta(days=20),
        filed_at=moment(TODAY - timedelta(days=5)),
        filed_by=county.unit_heads[0].user,
        classification=classification,
        owner_unit=county.units[0],
        owner_person=county.unit_heads[0],
    )
    filing.need_to_know_units.set([county.office])
    return filing


def _sees(user: User, record: Any) -> bool:
    fresh = User.objects.get(pk=user.pk)  # a new request: no viewer kept from before
    return can(fresh, record) and visible(type(record).objects.all(), fresh).filter(pk=record.pk).exists()


def test_the_access_opened_ends_at_the_end_of_the_last_day_without_any_job(county: County) -> None:
    person = make_secondee(county)
    with time_machine.travel(moment(TODAY), tick=False):
        secondment = in_post(county, TODAY, person=person, days_left=10)  # ends 20 November
        filing = _filing(county, title="城区供热管网改造资金使用")
        other = _filing(county, title="县乡公路养护体制改革")
        assert not _sees(person.user, filing)
        access = secondees.secondment_open_access(
            by=county.office_clerk.user,  # the host liaison
            secondment=secondment,
            record_kind=KIND,
            record_id=filing.pk,
            reason="起草综合材料需参考",
        )
        assert access.grant.expires_at == moment(date(2026, 11, 21), 0)
        assert _sees(person.user, filing) and not _sees(person.user, other)
        assert AuditEvent.objects.filter(action="secrecy.secondment.open_access", outcome="success").exists()
    with time_machine.travel(moment(date(2026, 11, 20), 23), tick=False):
        assert _sees(person.user, filing)
    with time_machine.travel(moment(date(2026, 11, 21), 0) + timedelta(minutes=1), tick=False):
        # Nothing ran in between: the grant's own expiry ends it.
        assert NeedToKnowGrant.objects.get(pk=access.grant_id).revoked_at is None
        assert not _sees(person.user, filing)


def test_an_early_hand_over_ends_the_access_at_once(county: County) -> None:
    person = make_secondee(county)
    with time_machine.travel(moment(TODAY), tick=False):
        secondment = in_post(county, TODAY, person=person, days_left=10)
        filing = _filing(county, title="城区供热管网改造资金使用")
        secondees.secondment_open_access(
            by=county.secrecy_head.user,
            secondment=secondment,
            record_kind=KIND,
            record_id=filing.pk,
            reason="工作需要",
        )
        assert _sees(person.user, filing)
        by = county.secrecy_head.user
        secondees.secondment_record_step(by=by, secondment=secondment, kind="reminder_talk", done_on=TODAY)
        secondees.secondment_hand_over(
            by=by, secondment=secondment, done_on=TODAY, taken_over_by=county.unit_heads[1]
        )
        assert not _sees(person.user, filing)
        event = AuditEvent.objects.get(action="secrecy.secondment.handover")
        assert event.details["revoked"] == 1


@time_machine.travel(moment(TODAY), tick=False)
def test_access_only_in_post_within_clearance_to_what_the_opener_sees(county: County) -> None:
    person = make_secondee(county)  # 一般: up to 秘密
    filing = _filing(county, title="城区供热管网改造资金使用")
    secret = _filing(county, title="拟任免科级干部", classification=Classification.SECRET)
    waiting = register(county, person, starts_on=TODAY, ends_on=TODAY + timedelta(days=30))

    def attempt(secondment: Secondment, record: Any, by: User | None = None) -> str:
        with pytest.raises(ServiceError) as refused:
            secondees.secondment_open_access(
                by=by or county.secrecy_head.user,
                secondment=secondment,
                record_kind=KIND,
                record_id=record.pk,
                reason="工作需要",
            )
        return str(refused.value.code)

    assert attempt(waiting, filing) == "not_started"
    started = in_post(county, TODAY, person=make_secondee(county, username="cgz_gb2"))
    assert attempt(started, secret) == "above_clearance"
    # The office's 文书 (一般) is the liaison but cannot see a 机密 record himself: it reads as missing.
    assert attempt(started, secret, by=county.office_clerk.user) == "no_such_record"
    # Nor may anyone else (not the office, not the liaison) open access.
    assert attempt(started, filing, by=county.unit_heads[1].user) == "not_allowed"
    assert not SecondmentAccess.objects.exists() and not NeedToKnowGrant.objects.exists()
    codes = sorted(
        AuditEvent.objects.filter(action="secrecy.secondment.open_access", outcome="denied").values_list(
            "details__code", flat=True
        )
    )
    assert codes == ["above_clearance", "no_such_record", "not_allowed", "not_started"]


VIEWERS = ["baomi", "jiyao", "zhuren", "wenshu", "cgz_gb", "cgz_sj", "cgz_zr", "czj_kz", "leader1"]
SEE = ["baomi", "jiyao", "zhuren", "wenshu", "cgz_gb", "cgz_sj"]
KEEPERS = ["baomi", "jiyao", "zhuren"]


@time_machine.travel(moment(TODAY), tick=False)
def test_every_route_answers_each_viewer_as_it_should(county: County) -> None:
    person = make_secondee(county)
    make_town_leader(county)
    secondment = in_post(county, TODAY, person=person)
    filing = _filing(county, title="城区供热管网改造资金使用")
    access = secondees.secondment_open_access(
        by=county.secrecy_head.user,
        secondment=secondment,
        record_kind=KIND,
        record_id=filing.pk,
        reason="工作需要",
    )
    clients = route_clients(VIEWERS, admin_username="sysadmin_secondees")
    pk = secondment.pk
    page = f"/secrecy/secondees/{pk}/"
    api = f"/api/secrecy/secondees/{pk}"
    gets = {
        page: route_statuses(200, SEE, 404, everyone=VIEWERS),
        api: route_statuses(200, SEE, 404, everyone=VIEWERS, anon=401),
        "/secrecy/secondees/new/": route_statuses(200, KEEPERS, 403, everyone=VIEWERS),
        "/secrecy/secondees/": route_statuses(200, VIEWERS, 200, everyone=VIEWERS),
        "/api/secrecy/secondees": route_statuses(200, VIEWERS, 200, everyone=VIEWERS, anon=401),
    }
    assert wrong_get_answers(clients, gets) == []
    # Lists: the secondee's name only to who may see the secondment.
    for name in VIEWERS:
        for url in ("/secrecy/secondees/", "/api/secrecy/secondees"):
            response = clients[name].get(url)
            text = (
                json.dumps(response.json(), ensure_ascii=False)
                if "/api/" in url
                else response.content.decode()
            )
            shown = "城关跟班" in text
            assert shown == (name in SEE), (name, url)
    # The record opened is named on the page only to who may see it (the 综合科's 文书 may; the town leader not).
    assert "城区供热管网改造资金使用" in clients["wenshu"].get(page).content.decode()
    assert "城区供热管网改造资金使用" not in clients["cgz_sj"].get(page).content.decode()
    # Acting: the steps are the office's; the access the office's and the liaison's. Outsiders read "not found".
    keepers_act = route_statuses(302, KEEPERS, 403, everyone=SEE)
    keepers_act.update({name: 404 for name in VIEWERS if name not in SEE})
    keepers_act_api = {**route_statuses(400, KEEPERS, 403, everyone=VIEWERS, anon=401)}
    keepers_act_api.update({name: 404 for name in VIEWERS if name not in SEE})
    access_act = route_statuses(302, [*KEEPERS, "wenshu"], 403, everyone=SEE)
    access_act.update({name: 404 for name in VIEWERS if name not in SEE})
    access_act_api = route_statuses(400, [*KEEPERS, "wenshu"], 403, everyone=VIEWERS, anon=401)
    access_act_api.update({name: 404 for name in VIEWERS if name not in SEE})
    posts = {
        f"{page}step/": keepers_act,
        f"{page}liaison/": keepers_act,
        f"{page}handover/": keepers_act,
        f"{page}access/": access_act,
        f"{api}/steps": keepers_act_api,
        f"{api}/liaison": keepers_act_api,
        # The hand-over waits for the reminder talk: past the access check, the state refuses it.
        f"{api}/handover": {**keepers_act_api, **dict.fromkeys(KEEPERS, 409)},
        f"{api}/access": access_act_api,
    }
    assert wrong_post_answers(clients, posts) == []
    assert Secondment.objects.get(pk=pk).steps.count() == 4  # nothing was recorded by the empty posts
    # Ending one access: the liaison may, once; the secondee may not.
    end = f"{page}access/{access.pk}/end/"
    assert clients["cgz_gb"].post(end).status_code == 403
    assert clients["czj_kz"].post(end).status_code == 404
    assert clients["wenshu"].post(end).status_code == 302
    assert NeedToKnowGrant.objects.get(pk=access.grant_id).revoked_at is not None


def test_administrators_are_refused_in_json_on_every_api_route(county: County) -> None:
    clients = route_clients([], admin_username="sysadmin_secondees")
    answers = ask_every_api_route(clients["admin"], "/api/secrecy/secondees")
    assert len(answers) == 8
    assert not_refused_in_json(answers, statuses=(403,)) == []
    assert Unit.objects.exists() and ContentType.objects.exists()
