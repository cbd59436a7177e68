"""POST /api/proofread: the CLI's JSON shape, 422 on bad input, business people only."""

import json
import subprocess
import sys

import pytest
from django.test import Client

from tests.proofreading.conftest import TEXT_WITH_ERRORS
from zhongshu.base.roles import AdminRole
from zhongshu.proofreader import MAX_CHARS
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post(
        "/api/proofread", body if isinstance(body, str) else json.dumps(body), content_type="application/json"
    )


def test_the_answer_is_exactly_the_clis_json(clerk_client):
    cli = subprocess.run(
        [sys.executable, "-m", "zhongshu.proofreader", "-", "--format", "json"],
        input=TEXT_WITH_ERRORS.encode(),
        capture_output=True,
        check=False,
    )
    response = post(clerk_client, {"text": TEXT_WITH_ERRORS})
    assert response.status_code == 200
    assert response.json() == json.loads(cli.stdout)
    assert response.json()["chars"] == 33
    assert response.json()["findings"][0] == {
        "start": 6,
        "end": 8,
        "category": "typo",
        "rule_id": "typo.wrong_word",
        "message": "词语写法有误：“布署”应为“部署”",
        "suggestion": "部署",
        "severity": "error",
    }


def test_offsets_count_code_points_of_the_text_as_sent(clerk_client):
    response = post(clerk_client, {"text": "甲\r\n各乡镇要精心布署。"})
    assert response.json()["chars"] == 12
    assert response.json()["findings"][0]["start"] == 9


@pytest.mark.parametrize(
    "body", ['{"text": 5}', "{}", "not json", '{"text": null}', "[]", '{"text": "x", "statistical": "yes"}']
)
def test_bad_input_is_422_json(clerk_client, body):
    response = post(clerk_client, body)
    assert response.status_code == 422
    assert response.json() == {
        "code": "invalid_input",
        "message": '输入有误：请求体应为 JSON 对象 {"text": 字符串}，可选 "statistical": 布尔值',
    }


def test_invalid_utf8_is_422(clerk_client):
    response = clerk_client.post("/api/proofread", b'{"text": "\xff"}', content_type="application/json")
    assert response.status_code == 422


def test_a_text_over_the_limit_is_422_with_a_message(clerk_client):
    response = post(clerk_client, {"text": "a" * (MAX_CHARS + 1)})
    assert response.status_code == 422
    assert response.json() == {
        "code": "text_too_long",
        "message": "文本共1,000,001字，超过单次校对1,000,000字的上限，请分段校对",
    }


def test_administrators_are_refused_and_anonymous_visitors_must_sign_in(db):
    assert post(sign_in(Client(), make_admin(AdminRole.AUDITOR)), {"text": "x"}).status_code == 403
    assert post(Client(), {"text": "x"}).status_code == 401


def test_the_statistical_layer_runs_by_default_with_a_confidence_and_false_leaves_it_out(clerk_client):
    text = "各单位要加强组织令导，确保各项任务落实。"
    [finding] = post(clerk_client, {"text": text}).json()["findings"]
    assert (finding["rule_id"], finding["severity"], finding["suggestion"]) == (
        "typo.statistical",
        "warning",
        "领",
    )
    assert 0.0 <= finding["confidence"] <= 1.0
    assert post(clerk_client, {"text": text, "statistical": False}).json() == {"chars": 20, "findings": []}
