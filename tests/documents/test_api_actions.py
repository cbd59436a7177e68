"""Every page action of 办文 through the API: the same contract and service as the page, errors as
{"code", "message"} with their status, never a server error."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from tests.documents.conftest import NOTICE_BODY
from zhongshu.base.roles import Role
from zhongshu.documents.models import CirculationSlip, Dispatch, ErrorBookEntry, Handling, OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, county):
        self.county = county
        self.client = Client()

    def post(self, person, path, payload=None, *, raw=None):
        sign_in(self.client, person.user)
        body = raw if raw is not None else json.dumps(payload or {})
        response = self.client.post(f"/api/documents{path}", body, content_type="application/json")
        return response.status_code, response.json()


@pytest.fixture
def api(county):
    return Api(county)


def _draft(api):
    county = api.county
    status, document = api.post(
        county.clerk,
        "/",
        {
            "doc_type": "notice",
            "title": "关于做好2026年度工作的通知",
            "body": NOTICE_BODY,
            "primary_units": [county.education.pk, county.health.pk],
        },
    )
    assert status == 201, document
    return document["id"]


def _signed(api):
    county = api.county
    pk = _draft(api)
    status, body = api.post(
        county.clerk, f"/{pk}/submit", {"reviewers": [county.reviewer1.pk], "signer": county.leader.pk}
    )
    assert status == 200 and body["state"] == DocState.IN_REVIEW, body
    assert api.post(county.reviewer1, f"/{pk}/approve", {"opinion": "同意"})[0] == 200
    status, body = api.post(county.leader, f"/{pk}/sign-off", {"opinion": "同意印发"})
    assert (status, body["state"]) == (200, DocState.SIGNED), body
    return pk


def test_the_outgoing_flow_through_the_api(api):
    county = api.county
    pk = _draft(api)
    status, body = api.post(county.clerk, f"/{pk}/edit", {"title": "关于切实做好2026年度工作的通知"})
    assert (status, body["title"], body["body"]) == (200, "关于切实做好2026年度工作的通知", NOTICE_BODY)
    status, body = api.post(
        county.clerk,
        f"/{pk}/submit",
        {"reviewers": [county.reviewer1.pk], "signer": county.leader.pk, "review_workdays": 3},
    )
    assert (status, body["state"]) == (200, DocState.IN_REVIEW)
    status, body = api.post(
        county.reviewer1,
        f"/{pk}/return",
        {
            "opinion": "标题有误",
            "confirmed_errors": [{"wrong_text": "做好", "correction": "切实做好", "category": "formulation"}],
        },
    )
    assert status == 200, body
    assert ErrorBookEntry.objects.get().correction == "切实做好"
    assert api.post(county.clerk, f"/{pk}/resubmit")[0] == 200
    assert api.post(county.reviewer1, f"/{pk}/approve", {"opinion": "同意"})[0] == 200
    status, body = api.post(county.leader, f"/{pk}/sign-off", {"opinion": "同意印发"})
    assert body["state"] == DocState.SIGNED
    status, body = api.post(county.clerk, f"/{pk}/recheck", {"note": "已复核"})
    assert (status, body["state"]) == (200, DocState.RECHECKED)
    status, body = api.post(county.clerk, f"/{pk}/register", {"copies": 10})
    assert (status, body["doc_number"]) == (200, f"县委办发〔{timezone.localdate().year}〕1号")
    status, body = api.post(county.clerk, f"/{pk}/dispatch")
    assert status == 200, body
    dispatch = Dispatch.objects.get(document_id=pk, recipient_unit=county.health)
    status, body = api.post(county.clerk, f"/{pk}/recall", {"dispatch": dispatch.pk, "reason": "发现错字"})
    assert status == 200, body
    dispatch.refresh_from_db()
    assert dispatch.recalled_at is not None
    status, body = api.post(county.clerk, f"/{pk}/archive")
    assert (status, body["state"]) == (200, DocState.ARCHIVED), body


def test_voiding_a_number_through_the_api(api):
    county = api.county
    pk = _signed(api)
    api.post(county.clerk, f"/{pk}/recheck")
    api.post(county.clerk, f"/{pk}/register", {"copies": 2})
    status, body = api.post(county.clerk, f"/{pk}/void-number", {"reason": " "})
    assert (status, body["code"]) == (400, "reason_required")
    status, body = api.post(county.clerk, f"/{pk}/void-number", {"reason": "标题有误重新登记"})
    assert status == 200, body


def test_quotas_and_their_override_through_the_api(api):
    county = api.county
    director = make_person("主任", unit=county.office, roles=[Role.OFFICE_DIRECTOR])
    year = timezone.localdate().year
    status, body = api.post(county.clerk, "/quotas", {"unit": county.office.pk, "year": year, "limit": 0})
    assert status == 403, body
    status, body = api.post(director, "/quotas", {"unit": county.office.pk, "year": year, "limit": "x"})
    assert (status, body["code"]) == (400, "invalid_limit")
    status, body = api.post(director, "/quotas", {"unit": county.office.pk, "year": year, "limit": 0})
    assert (status, body) == (200, {"unit": county.office.pk, "year": year, "limit": 0})
    pk = _draft(api)
    status, body = api.post(county.clerk, f"/{pk}/quota-override", {"reason": "急需"})
    assert status == 403, body
    status, body = api.post(county.leader, f"/{pk}/quota-override", {"reason": "防汛急需发文"})
    assert status == 200, body
    status, body = api.post(
        county.clerk, f"/{pk}/submit", {"reviewers": [county.reviewer1.pk], "signer": county.leader.pk}
    )
    assert status == 200, body
    api.post(county.reviewer1, f"/{pk}/approve")
    api.post(county.leader, f"/{pk}/sign-off")
    api.post(county.clerk, f"/{pk}/recheck")
    status, body = api.post(county.clerk, f"/{pk}/register", {"copies": 2, "explanation": "防汛急需"})
    assert status == 200 and body["doc_number"], body


def _paper(api, **extra):
    county = api.county
    values = {
        "title": "关于开展安全检查的通知",
        "source_unit_name": "市政府办公室",
        "source_doc_number": "市政办发〔2026〕3号",
        "received_on": timezone.localdate().isoformat(),
        "copies": 2,
    } | extra
    return api.post(county.clerk, "/incoming", values)


def test_the_incoming_flow_through_the_api(api):
    county = api.county
    status, body = _paper(api)
    assert (status, body["state"]) == (201, DocState.REGISTERED), body
    pk = body["id"]
    assert api.post(county.clerk, f"/{pk}/screen", {"passed": True})[1]["state"] == DocState.SCREENED
    status, body = api.post(
        county.clerk, f"/{pk}/propose", {"proposal": "拟请教育局牵头", "leader": county.leader.pk}
    )
    assert status == 200, body
    status, body = api.post(county.deputy, f"/{pk}/instruct", {"instruction": "同意"})
    assert (status, body["message"]) == (403, "只有拟办时指定的领导才能批示")
    assert api.post(county.leader, f"/{pk}/instruct", {"instruction": "请教育局抓紧落实"})[0] == 200
    status, body = api.post(county.clerk, f"/{pk}/assign", {"units": [county.education.pk], "workdays": 5})
    assert status == 200, body
    handling = Handling.objects.get(document_id=pk)
    assert api.post(county.clerk, f"/{pk}/remind", {"handling": handling.pk})[0] == 200
    status, body = api.post(county.clerk, f"/{pk}/circulate", {"readers": [county.leader.pk]})
    assert status == 200, body
    slip = CirculationSlip.objects.get(document_id=pk)
    assert api.post(county.leader, f"/{pk}/read", {"slip": slip.pk, "remark": "阅"})[0] == 200
    status, body = api.post(county.clerk, f"/{pk}/complete")
    assert (status, body["code"], body["message"]) == (409, "handling_open", "尚有承办单位未办结：县教育局")
    status, body = api.post(
        county.edu_clerk, f"/{pk}/handled", {"handling": handling.pk, "result": "已完成检查"}
    )
    assert status == 200, body
    assert api.post(county.clerk, f"/{pk}/complete")[0] == 200
    status, body = api.post(county.clerk, f"/{pk}/archive")
    assert (status, body["state"]) == (200, DocState.ARCHIVED), body


def test_a_dispatched_copy_is_signed_for_through_the_api(api):
    county = api.county
    pk = _signed(api)
    api.post(county.clerk, f"/{pk}/recheck")
    api.post(county.clerk, f"/{pk}/register", {"copies": 2})
    api.post(county.clerk, f"/{pk}/dispatch")
    incoming = OfficialDocument.objects.get(origin_id=pk, owner_unit=county.education)
    status, body = api.post(county.health_clerk, f"/{incoming.pk}/in-register")
    # 工作秘密 (issue 14): another unit's clerk cannot even see the education bureau's incoming copy.
    assert (status, body["message"]) == (404, "记录不存在或无权访问")
    status, body = api.post(county.edu_clerk, f"/{incoming.pk}/in-register")
    assert (status, body["state"]) == (200, DocState.REGISTERED), body


def test_supervise_needs_an_instruction(api):
    status, body = _paper(api)
    status, body = api.post(api.county.clerk, f"/{body['id']}/supervise")
    assert (status, body["code"]) == (409, "instruction_required"), body  # the rule: no 批示 yet


# Refusals: (who, action path, payload, status, code) on a fresh draft.
DRAFT_CASES = [
    ("outsider", "edit", {"title": "改"}, 404, "not_found"),
    ("clerk", "submit", {"reviewers": [], "signer": "{leader}"}, 400, "reviewers_required"),
    ("clerk", "submit", {"reviewers": ["{reviewer1}"]}, 400, "signer_required"),
    ("clerk", "submit", {"reviewers": ["{reviewer1}"], "signer": "{reviewer2}"}, 400, "unknown_person"),
    ("clerk", "submit", {"reviewers": ["x"], "signer": "{leader}"}, 400, "unknown_person"),
    (
        "clerk",
        "submit",
        {"reviewers": ["{reviewer1}"], "signer": "{leader}", "review_workdays": 99},
        400,
        "out_of_range",
    ),
    ("clerk", "approve", {"opinion": "同意"}, 409, None),
    ("clerk", "return", {"confirmed_errors": "做好"}, 400, "bad_rows"),
    ("clerk", "resubmit", {}, 409, None),
    ("leader", "sign-off", {"opinion": ["a", "b"]}, 400, "bad_value"),
    ("clerk", "recheck", {"note": 3}, 400, "bad_text"),
    ("clerk", "register", {"copies": "十"}, 400, "bad_int"),
    ("clerk", "register", {"copies": 2}, 409, None),
    ("clerk", "void-number", {"reason": "x"}, 409, None),
    ("clerk", "quota-override", {"reason": "x"}, 403, None),
    ("clerk", "dispatch", {}, 409, None),
    ("clerk", "recall", {"reason": "x"}, 400, "dispatch_required"),
    ("clerk", "recall", {"dispatch": 999999, "reason": "x"}, 400, "unknown_dispatch"),
    ("clerk", "archive", {}, 409, None),
    ("clerk", "in-register", {}, 409, None),
    ("clerk", "screen", {"passed": "maybe"}, 400, "bad_flag"),
    ("clerk", "screen", {"passed": True}, 409, None),
    ("clerk", "propose", {"proposal": "拟办"}, 400, "leader_required"),
    ("clerk", "propose", {"proposal": "拟办", "leader": "{reviewer1}"}, 400, "unknown_person"),
    ("clerk", "instruct", {"instruction": "同意"}, 403, None),
    ("clerk", "assign", {"units": [999999], "workdays": 5}, 400, "unknown_unit"),
    ("clerk", "assign", {"units": ["{education}"], "workdays": 5}, 409, None),
    ("clerk", "circulate", {"readers": ["{leader}"]}, 409, None),
    ("clerk", "read", {"slip": "abc"}, 400, "unknown_slip"),
    ("clerk", "remind", {}, 400, "handling_required"),
    ("clerk", "handled", {"handling": 999999, "result": "完成"}, 400, "unknown_handling"),
    ("clerk", "complete", {}, 409, None),
    ("clerk", "supervise", {}, None, None),
]


@pytest.mark.parametrize(("who", "path", "payload", "status", "code"), DRAFT_CASES)
def test_refusals_come_back_with_their_code(api, who, path, payload, status, code):
    county = api.county
    pk = _draft(api)
    names = {
        name: str(getattr(county, name).pk) for name in ("leader", "reviewer1", "reviewer2", "education")
    }

    def fill(value):
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value.format(**names) if isinstance(value, str) and "{" in value else value

    got, body = api.post(getattr(county, who), f"/{pk}/{path}", {k: fill(v) for k, v in payload.items()})
    assert set(body) >= {"code", "message"}, body
    assert got in (400, 403, 404, 409), body
    if status is not None:
        assert got == status, body
    if code is not None:
        assert body["code"] == code, body
    assert OfficialDocument.objects.get(pk=pk).state == DocState.DRAFT


@pytest.mark.parametrize("path", ["/", "/{pk}/submit", "/incoming", "/quotas", "/{pk}/sign-off"])
def test_bad_json_is_a_bad_request(api, path):
    # The draft's own id: PostgreSQL does not restart ids between tests.
    pk = _draft(api)
    status, body = api.post(api.county.clerk, path.format(pk=pk), raw="{not json")
    assert (status, body["code"]) == (400, "bad_json")


def test_the_draft_form_refuses_alike_on_the_page_and_the_api(api):
    county = api.county
    status, body = api.post(county.clerk, "/", {"doc_type": "notice", "title": ""})
    assert (status, body["code"], body["field"]) == (400, "invalid_input", "title")
    status, body = api.post(
        county.clerk, "/", {"doc_type": "notice", "title": "通知", "primary_units": [999999]}
    )
    assert (status, body["code"], body["field"]) == (400, "invalid_input", "primary_units")
    sign_in(api.client, county.clerk.user)
    page = api.client.post("/documents/new/", {"doc_type": "notice", "title": "", "classification": 1})
    assert page.status_code == 400 and page.context["form"].errors["title"]
    status, body = _paper(api, copies=0)
    assert (status, body["code"]) == (400, "invalid_input")
