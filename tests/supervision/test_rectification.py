"""整改: problem lists on the item machinery — created from lines with every error by line and nothing saved
on any error, each problem an item with its own page, state, escalation and 销号, the list's progress, the
liaison's narrower view, and the API."""

import json

import time_machine

from zhongshu.audit.models import AuditEvent
from zhongshu.supervision import services
from zhongshu.supervision.models import (
    Category,
    ConfirmerRole,
    ItemKind,
    ProblemList,
    Reminder,
    SupervisionItem,
)
from zhongshu.supervision.reminders import escalation_tick
from zhongshu.supervision.states import ItemState
from zhongshu.testing.access import sign_in

FROZEN = "2026-03-02 09:00:00+08:00"  # a Monday after the Spring Festival

GOOD_LINES = "\n".join(
    [
        "校舍安全隐患排查不彻底｜限期完成全面排查并建立台账｜县教育局｜2026-03-06",
        "",
        "专项资金拨付滞后\t按季度足额拨付\tCZJ\t10个工作日",
    ]
)


def post_list(client, user, **fields):
    sign_in(client, user)
    data = {
        "title": "2026年第一轮专项督查反馈问题",
        "origin": "2026年第一轮专项督查",
        "category": Category.SPECIAL,
        "problems": GOOD_LINES,
        **fields,
    }
    return client.post("/supervision/problem-lists/new/", data)


def made_list(county):
    return services.problem_list_submit(
        by=county.supervisor.user,
        title="巡察反馈问题清单",
        origin="县委第二巡察组",
        problems=[
            {
                "problem": "校舍安全隐患排查不彻底",
                "measure": "全面排查",
                "unit": county.bureau,
                "deadline_workdays": 3,
                "leader": county.leader,
            },
            {
                "problem": "专项资金拨付滞后",
                "measure": "足额拨付",
                "unit": county.co_unit,
                "deadline_workdays": 10,
                "leader": county.leader,
            },
        ],
    )


@time_machine.travel(FROZEN, tick=False)
def test_a_list_from_lines_assigns_each_problem_as_a_rectification_item(county, client):
    response = post_list(client, county.supervisor.user, leader=county.leader.pk)
    problem_list = ProblemList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/supervision/problem-lists/{problem_list.pk}/"
    assert problem_list.origin == "2026年第一轮专项督查"
    school, funds = problem_list.problems.order_by("id")
    assert (school.kind, school.state, school.lead_unit, school.measure) == (
        ItemKind.RECTIFICATION,
        ItemState.ASSIGNED,
        county.bureau,
        "限期完成全面排查并建立台账",
    )
    assert str(school.deadline) == "2026-03-06" and school.leader == county.leader
    assert school.category == Category.SPECIAL
    # A unit named by its code; 10 working days from Monday 2 March.
    assert funds.lead_unit == county.co_unit and str(funds.deadline) == "2026-03-16"
    assert funds.deadline_workdays == 10
    assert AuditEvent.objects.filter(action="supervision.problem_list.create").count() == 1

    body = client.get(response["Location"]).content.decode()
    assert "已销号0/2（0%）" in body
    assert f'href="/supervision/items/{school.pk}/"' in body
    assert f'href="/supervision/items/{funds.pk}/"' in body
    # Each problem's own item page leads back to its list.
    item_page = client.get(f"/supervision/items/{school.pk}/").content.decode()
    assert f'href="/supervision/problem-lists/{problem_list.pk}/"' in item_page


@time_machine.travel(FROZEN, tick=False)
def test_every_bad_line_is_reported_and_nothing_is_saved(county, client):
    lines = "\n".join(
        [
            "校舍安全隐患｜限期加固｜县教育局｜2026-04-30",
            "",
            "缺少列｜只有两项",
            "食堂卫生不达标｜整改｜县水利局｜20",
            "台账缺失｜补齐台账｜县教育局｜下月底",
            "｜无问题｜县财政局｜10",
            "期限已过｜措施｜JYJ｜2026-02-27",
            "零天｜措施｜县财政局｜0",
            "没有时限｜措施｜县财政局｜",
            "没有措施｜｜县财政局｜5",
        ]
    )
    response = post_list(client, county.supervisor.user, title=" ", problems=lines)
    assert response.status_code == 400
    assert response.context["errors"] == [
        "请填写清单名称",
        "第3行：应有4项（问题｜整改措施｜责任单位｜整改时限），实有2项",
        "第4行：责任单位不存在：县水利局",
        "第5行：整改时限应为日期（YYYY-MM-DD）或工作日天数：下月底",
        "第6行：请填写问题",
        "第7行：整改时限2026-02-27早于今天2026-03-02",
        "第8行：整改时限至少为1个工作日",
        "第9行：请填写整改时限",
        "第10行：请填写整改措施",
    ]
    assert "第4行：责任单位不存在：县水利局" in response.content.decode()
    assert ProblemList.objects.count() == 0
    assert SupervisionItem.objects.count() == 0
    assert AuditEvent.objects.filter(action__startswith="supervision.").count() == 0
    # What was typed comes back to be corrected.
    assert "缺少列｜只有两项" in response.content.decode()


@time_machine.travel(FROZEN, tick=False)
def test_a_list_without_problems_is_refused(county, client):
    response = post_list(client, county.supervisor.user, problems="\n  \n")
    assert response.status_code == 400
    assert response.context["errors"] == ["请至少填写一个问题"]
    response = post_list(client, county.supervisor.user, problems="只有一项")
    assert response.context["errors"] == ["第1行：应有4项（问题｜整改措施｜责任单位｜整改时限），实有1项"]
    assert ProblemList.objects.count() == 0


def test_only_the_supervising_office_creates_lists(county, client):
    for person in (county.liaison, county.leader):
        assert post_list(client, person.user).status_code == 403, person.name
        assert client.get("/supervision/problem-lists/new/").status_code == 403
    assert ProblemList.objects.count() == 0


@time_machine.travel(FROZEN, tick=False)
def test_a_liaison_sees_only_their_units_problems(county, client):
    problem_list = made_list(county)
    school, funds = problem_list.problems.order_by("id")
    sign_in(client, county.liaison.user)
    body = client.get(f"/supervision/problem-lists/{problem_list.pk}/").content.decode()
    assert "校舍安全隐患排查不彻底" in body and "专项资金拨付滞后" not in body
    assert "已销号0/1（0%）" in body
    index = client.get("/supervision/problem-lists/").content.decode()
    assert "巡察反馈问题清单" in index and "已销号0/1" in index
    assert client.get(f"/supervision/items/{funds.pk}/").status_code == 404
    # A liaison whose unit has no problem in the list does not see it at all.
    sign_in(client, county.other_liaison.user)
    assert client.get(f"/supervision/problem-lists/{problem_list.pk}/").status_code == 404
    assert "巡察反馈问题清单" not in client.get("/supervision/problem-lists/").content.decode()
    assert client.get("/supervision/problem-lists/999999/").status_code == 404
    sign_in(client, county.supervisor.user)
    body = client.get(f"/supervision/problem-lists/{problem_list.pk}/").content.decode()
    assert "校舍安全隐患排查不彻底" in body and "专项资金拨付滞后" in body and "已销号0/2（0%）" in body


def test_problems_escalate_and_close_out_on_the_item_pages(county, client):
    with time_machine.travel(FROZEN, tick=False):
        problem_list = made_list(county)
        school, _ = problem_list.problems.order_by("id")
    url = f"/supervision/problem-lists/{problem_list.pk}/"
    # Three working days from Monday: due Thursday 5 March; the following Monday it is overdue.
    with time_machine.travel("2026-03-09 09:00:00+08:00", tick=False):
        escalation_tick()
        assert Reminder.objects.get(item=school).level == "remind"
        sign_in(client, county.supervisor.user)
        response = client.get(url)
        assert [str(row.level.label) for row in response.context["rows"]] == ["催办", "正常"]
        assert '<span class="badge level-remind">催办</span>' in response.content.decode()
        # The liaison works the problem on its item page, like any item.
        sign_in(client, county.liaison.user)
        client.post(f"/supervision/items/{school.pk}/receive/")
        client.post(f"/supervision/items/{school.pk}/report/", {"text": "已排查12所学校"})
        client.post(
            f"/supervision/items/{school.pk}/request_completion/",
            {"evidence": "排查台账已建立"},
        )
        school.refresh_from_db()
        assert school.state == ItemState.COMPLETION_REQUESTED
        services.supervision_item_confirm(item=school, by=county.head.user, role=ConfirmerRole.UNIT_HEAD)
        sign_in(client, county.supervisor.user)
        client.post(
            f"/supervision/items/{school.pk}/confirm/",
            {"role": ConfirmerRole.LEADER, "confirmer": county.leader.pk, "opinion": "同意"},
        )
        response = client.post(f"/supervision/items/{school.pk}/close_out/")
        assert response.status_code == 302
        response = client.get(url)
    body = response.content.decode()
    assert "已销号1/2（50%）" in body
    assert [row.item.get_state_display() for row in response.context["rows"]] == ["已销号", "待签收"]
    assert response.context["rows"][0].level is None


def call(client, user, method, url, payload=None):
    sign_in(client, user)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, json.dumps(payload or {}), content_type="application/json")
    return response.status_code, response.json()


@time_machine.travel(FROZEN, tick=False)
def test_the_api_creates_and_reads_a_list(county, client):
    status, created = call(
        client,
        county.supervisor.user,
        "post",
        "/api/supervision/problem-lists",
        {
            "title": "调研报告反映问题",
            "origin": "农村饮水安全调研报告",
            "leader": county.leader.pk,
            "problems": [
                {
                    "problem": "部分学校饮水设备老化",
                    "measure": "更换设备",
                    "unit": county.bureau.pk,
                    "deadline": "2026-03-31",
                },
                {
                    "problem": "水费补贴未落实",
                    "measure": "落实补贴",
                    "unit": county.co_unit.pk,
                    "deadline_workdays": 5,
                },
            ],
        },
    )
    assert status == 201
    assert (created["title"], created["origin"], created["closed"], created["total"]) == (
        "调研报告反映问题",
        "农村饮水安全调研报告",
        0,
        2,
    )
    first = created["problems"][0]
    assert (first["problem"], first["measure"], first["unit"], first["deadline"], first["state"]) == (
        "部分学校饮水设备老化",
        "更换设备",
        "县教育局",
        "2026-03-31",
        "assigned",
    )
    assert (first["level"], first["level_label"], first["overdue"]) == ("none", "正常", False)
    assert created["problems"][1]["deadline"] == "2026-03-09"
    status, seen = call(client, county.liaison.user, "get", f"/api/supervision/problem-lists/{created['id']}")
    assert status == 200 and [p["problem"] for p in seen["problems"]] == ["部分学校饮水设备老化"]
    assert (seen["closed"], seen["total"]) == (0, 1)
    status, error = call(
        client, county.other_liaison.user, "get", f"/api/supervision/problem-lists/{created['id']}"
    )
    assert status == 404 and error["code"] == "not_found"


@time_machine.travel(FROZEN, tick=False)
def test_the_api_reports_every_bad_problem_and_saves_nothing(county, client):
    status, error = call(
        client,
        county.supervisor.user,
        "post",
        "/api/supervision/problem-lists",
        {
            "title": "调研报告反映问题",
            "problems": [
                {"problem": "设备老化", "measure": "更换", "unit": 999999, "deadline_workdays": 5},
                {"problem": "补贴未落实", "measure": "", "unit": county.co_unit.pk, "deadline": "2026-02-01"},
            ],
        },
    )
    assert status == 400
    assert error == {
        "code": "problem_list_invalid",
        "message": "第1行：责任单位不存在：999999；第2行：请填写整改措施；第2行：整改时限2026-02-01早于今天2026-03-02",
    }
    assert ProblemList.objects.count() == 0 and SupervisionItem.objects.count() == 0
    status, error = call(
        client,
        county.liaison.user,
        "post",
        "/api/supervision/problem-lists",
        {"title": "联络员不能建清单", "problems": []},
    )
    assert status == 403 and error["message"] == "仅督查员或办公室主任可以办理此操作"
