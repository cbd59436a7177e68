"""请假、外出报备 through its pages and API: the form and its refusals (a clear message on the form, nothing
saved), the board, the approver's decision, and the access matrix over every route of the part (pages and
API), with the administrators refused in JSON on the API."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client

from tests.duty.conftest import signed_in
from tests.duty.test_whereabouts import MONDAY, approve_all, file
from zhongshu.base.roles import AdminRole
from zhongshu.duty.models import Absence, AbsenceState
from zhongshu.org.models import UnitKind
from zhongshu.testing.access import ask_every_api_route, not_refused_in_json, sign_in
from zhongshu.testing.factories import make_admin, make_person
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepState


@pytest.fixture
def wb(county: Any) -> Any:
    county.office.kind = UnitKind.PARTY_COMMITTEE
    county.office.save(update_fields=["kind"])
    return county


def form(who: Any, **more: Any) -> dict[str, Any]:
    data = {
        "kind": "travel",
        "starts_on": MONDAY.isoformat(),
        "starts_half": "am",
        "ends_on": (MONDAY + timedelta(days=2)).isoformat(),
        "ends_half": "pm",
        "destination": "省城",
        "reason": "参加全省会议",
        "phone": "13900000099",
        "stand_in": str(who.pk),
    }
    data.update(more)
    return data


def test_file_by_the_form_approve_on_the_page_and_see_the_board(wb):
    head = signed_in("yjj_jz")
    assert "请假、外出报备" in head.get("/duty/absences/new/").content.decode()
    response = head.post("/duty/absences/new/", form(wb.emergency_deputy))
    assert response.status_code == 302
    absence = Absence.objects.get()
    page = head.get(response["Location"]).content.decode()
    assert "吴副局长" in page and "待审批" in page and "撤回" in page
    approver = signed_in("zhuren")  # the head's chain: the office director
    page = approver.get(f"/duty/absences/{absence.pk}/").content.decode()
    assert "批准" in page and "不予批准" in page
    approver.post(f"/duty/absences/{absence.pk}/approve/", {"version": absence.version})
    absence.refresh_from_db()
    assert absence.state == AbsenceState.APPROVED
    board = approver.get(f"/duty/away/?day={MONDAY.isoformat()}").content.decode()
    assert "周局长" in board and "吴副局长" in board and "省城" in board
    # The deputy's overlapping leave: a warning on the form, which he confirms.
    deputy = signed_in("yjj_fjz")
    data = form(wb.emergency_officer, kind="leave", reason="病假", destination="")
    response = deputy.post("/duty/absences/new/", data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "同时不在岗" in text and "已知悉上述提示，仍然报备" in text
    assert Absence.objects.count() == 1
    assert deputy.post("/duty/absences/new/", {**data, "confirm_flags": "1"}).status_code == 302
    board = approver.get(f"/duty/away/?day={MONDAY.isoformat()}").content.decode()
    assert "正职周局长与副职吴副局长同时不在岗" in board


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_on": (MONDAY - timedelta(days=1)).isoformat()}, "结束时间早于开始时间"),
        ({"ends_on": MONDAY.isoformat(), "starts_half": "pm", "ends_half": "am"}, "结束时间早于开始时间"),
        ({"reason": ""}, "请填写事由"),
        ({"phone": ""}, "请填写外出期间的联系电话"),
        ({"starts_on": "2026-13-01"}, "开始日期"),
        ({"stand_in": "999999"}, "主持（代理）工作不存在"),
        ({"starts_half": "noon"}, "未知的开始半天"),
    ],
)
def test_bad_input_on_the_form(wb, change, message):
    response = signed_in("yjj_fjz").post("/duty/absences/new/", form(wb.emergency_officer, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Absence.objects.exists()


def test_the_api_does_every_action(wb):
    deputy = signed_in("yjj_fjz")
    response = deputy.post(
        "/api/duty/absences", data=json.dumps(form(wb.emergency_officer)), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "pending" and body["actions"] == ["withdraw"] and body["stand_in"] == "郭值班"
    pk = body["id"]
    bad = deputy.post(
        "/api/duty/absences",
        data=json.dumps(form(wb.emergency_officer, reason="x")),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "overlaps_own_leave"
    head = signed_in("yjj_jz")
    assert head.get(f"/api/duty/absences/{pk}").json()["actions"] == ["approve", "refuse"]
    refused = deputy.post(f"/api/duty/absences/{pk}/approve", data="{}", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_approver"
    done = head.post(
        f"/api/duty/absences/{pk}/approve",
        data=json.dumps({"opinion": "同意"}),
        content_type="application/json",
    )
    assert done.json()["state"] == "approved"
    board = head.get(f"/api/duty/away-board?day={MONDAY.isoformat()}").json()
    [unit] = board["today"]
    assert unit["rows"][0]["stand_in"] == "郭值班" and unit["rows"][0]["destination"] == "省城"
    # A person of the unit (not the duty room, not a leader) sees the board without destinations.
    make_person("应急科员", unit=wb.emergency, username="yjj_ky")
    own = signed_in("yjj_ky").get(f"/api/duty/away-board?day={MONDAY.isoformat()}").json()
    assert own["today"][0]["rows"][0]["destination"] is None
    closed = signed_in("yjj_zb").post(
        f"/api/duty/absences/{pk}/close", data=json.dumps({"version": 1}), content_type="application/json"
    )
    assert closed.status_code == 409 and closed.json()["code"] == "stale_version"
    closed = deputy.post(f"/api/duty/absences/{pk}/close", data="{}", content_type="application/json")
    assert closed.json()["state"] == "returned"
    # Withdraw and refuse.
    second = deputy.post(
        "/api/duty/absences",
        data=json.dumps(form(wb.emergency_officer, starts_on="2026-12-21", ends_on="2026-12-21")),
        content_type="application/json",
    ).json()
    assert (
        deputy.post(
            f"/api/duty/absences/{second['id']}/withdraw", data="{}", content_type="application/json"
        ).json()["state"]
        == "withdrawn"
    )
    third = deputy.post(
        "/api/duty/absences",
        data=json.dumps(form(wb.emergency_officer, starts_on="2026-12-22", ends_on="2026-12-22")),
        content_type="application/json",
    ).json()
    no_reason = head.post(
        f"/api/duty/absences/{third['id']}/refuse", data="{}", content_type="application/json"
    )
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "reason_required"
    refused = head.post(
        f"/api/duty/absences/{third['id']}/refuse",
        data=json.dumps({"reason": "有重要工作"}),
        content_type="application/json",
    )
    assert refused.json()["state"] == "refused"
    assert [a["id"] for a in deputy.get("/api/duty/absences").json()] == [third["id"], second["id"], pk]


def test_every_whereabouts_api_route_refuses_an_administrator_in_json(wb):
    absence = file(wb.water_head, wb.water_liaison)
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_duty_wb"))
    answers = ask_every_api_route(
        admin, "/api/duty/absences", "/api/duty/away-board", path_id=str(absence.pk)
    )
    assert len(answers) == 8
    assert not_refused_in_json(answers) == []
    assert Absence.objects.get().state == AbsenceState.PENDING


def _status(client: Client, method: str, url: str) -> int:
    if method == "get":
        return client.get(url).status_code
    return client.post(url, data=json.dumps({}), content_type="application/json").status_code


def test_the_access_matrix_over_every_route(wb):
    """The water bureau head's absence (approved): who may read it, act on it and see it on the board."""
    absence = approve_all(file(wb.water_head, wb.water_liaison))
    pk = absence.pk
    day = MONDAY.isoformat()
    reads = [f"/duty/absences/{pk}/", f"/api/duty/absences/{pk}"]
    boards = [f"/duty/away/?day={day}", f"/api/duty/away-board?day={day}"]
    lists = ["/duty/absences/", "/api/duty/absences", "/duty/absences/new/"]
    # Who reads the absence: the county office's duty room, the leaders (all units), the bureau's own people;
    # not others — a bureau's own 值班员 (yjj_zb, the emergency bureau's) reads his own unit's only.
    readers = {"zhuren": True, "zhiban1": True, "leader1": True, "yjj_jz": True}
    readers |= {"slj_jz": True, "slj_llr": True}
    outsiders = {"yjj_zb": False, "town0": False, "ducha": False, "siji": False}
    failures = []
    for username, sees in {**readers, **outsiders}.items():
        client = signed_in(username)
        for url in reads:
            status = client.get(url).status_code
            if status != (200 if sees else 404):
                failures.append(f"{username} GET {url}: {status}")
        for url in boards:
            response = client.get(url)
            text = response.content.decode()
            if url.startswith("/api/"):
                text = json.dumps(response.json(), ensure_ascii=False)
            shown = "钱局长" in text
            if shown != sees:
                failures.append(f"{username} board {url}: shown={shown}")
        for url in lists:
            if client.get(url).status_code != 200:
                failures.append(f"{username} GET {url}")
        # 销假 (page and API): the person and his unit only; the others are refused and nothing changes.
        for url in (f"/duty/absences/{pk}/close/", f"/api/duty/absences/{pk}/close"):
            if sees:
                continue
            status = _status(client, "post", url)
            if status != 404:
                failures.append(f"{username} POST {url}: {status}")
        for url in (f"/api/duty/absences/{pk}/approve", f"/api/duty/absences/{pk}/refuse"):
            status = _status(client, "post", url)
            expected = {404} if not sees else {403, 409}
            if status not in expected:
                failures.append(f"{username} POST {url}: {status}")
        if username not in ("slj_jz", "slj_llr"):
            for url in (f"/api/duty/absences/{pk}/close", f"/api/duty/absences/{pk}/withdraw"):
                status = _status(client, "post", url)
                if status not in ({404} if not sees else {403, 409}):
                    failures.append(f"{username} POST {url}: {status}")
    assert failures == []
    absence.refresh_from_db()
    assert absence.state == AbsenceState.APPROVED
    # The bureau's liaison closes it through the page.
    signed_in("slj_llr").post(f"/duty/absences/{pk}/close/", {"version": absence.version})
    absence.refresh_from_db()
    assert absence.state == AbsenceState.RETURNED
    # Anonymous: sent to sign in on pages, 401 on the API; administrators: 403 on pages.
    anonymous = Client()
    for url in [*reads[:1], *boards[:1], *lists[:1], "/duty/absences/new/"]:
        assert anonymous.get(url).status_code == 302
    for url in [reads[1], boards[1], lists[1]]:
        assert anonymous.get(url).status_code == 401
    admin = sign_in(Client(), make_admin(AdminRole.SECURITY_ADMIN, "secadmin_duty_wb"))
    for url in [reads[0], boards[0], lists[0], "/duty/absences/new/"]:
        assert admin.get(url).status_code == 403
    assert admin.post(f"/duty/absences/{pk}/close/").status_code == 403
    assert admin.post("/duty/absences/new/", form(wb.water_liaison)).status_code == 403
    assert Absence.objects.count() == 1
    # The absence page's and the workflow's step links are only the approver's: no step here any more.
    assert not Step.objects.filter(state=StepState.OPEN).exists()


def test_the_tab_is_registered_at_60(wb):
    page = signed_in("slj_llr").get("/duty/away/").content.decode()
    assert "领导去向" in page
    assert date.today()  # the page answers for today without a day
