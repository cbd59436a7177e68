"""The security administrator's console pages (/org/security/)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from tests.access_testapp.models import MatrixRecord
from zhongshu.access.models import ClassificationPolicy, NeedToKnowGrant
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

PAGES = ["/org/security/", "/org/security/grants/", "/org/security/policy/"]


@pytest.fixture
def secadmin_client(security_admin):
    return sign_in(Client(), security_admin)


@pytest.mark.parametrize("url", PAGES)
def test_the_security_admin_reaches_every_console_page(secadmin_client, url):
    assert secadmin_client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["system_admin", "auditor", "person"])
def test_everyone_else_is_refused(request, url, who):
    client = sign_in(
        Client(), getattr(request.getfixturevalue(who), "user", None) or request.getfixturevalue(who)
    )
    assert client.get(url).status_code == 403


def test_the_console_lists_cleared_people_with_their_clearance(secadmin_client, unit):
    make_person("秦机要", unit=unit, clearance=Clearance.IMPORTANT, title="机要员")
    make_person("楚科员", unit=unit)

    page = secadmin_client.get("/org/security/").content.decode()

    assert "秦机要" in page and '<td data-field="clearance">重要</td>' in page
    assert "楚科员" not in page


def test_setting_a_clearance_through_the_console(secadmin_client, person):
    response = secadmin_client.post(
        f"/org/security/people/{person.pk}/", {"clearance": Clearance.ORDINARY, "reason": "审查通过"}
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.clearance == Clearance.ORDINARY
    assert AuditEvent.objects.get(action="clearance.change").details["after"] == "一般"


def test_granting_and_revoking_through_the_console(secadmin_client, unit, person):
    record = MatrixRecord.objects.create(
        title="秘密事项", classification=Classification.CONFIDENTIAL, owner_unit=unit
    )
    content_type = ContentType.objects.get_for_model(MatrixRecord)

    response = secadmin_client.post(
        "/org/security/grants/",
        {
            "username": person.user.username,
            "content_type": content_type.pk,
            "object_id": record.pk,
            "reason": "协办",
        },
    )
    assert response.status_code == 302
    grant = NeedToKnowGrant.objects.get(person=person)
    page = secadmin_client.get("/org/security/grants/").content.decode()
    assert f"矩阵测试记录 #{record.pk}" in page and "秘密事项" not in page  # the model's name, not its code

    assert secadmin_client.post(f"/org/security/grants/{grant.pk}/revoke/").status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_a_grant_for_an_unknown_account_shows_the_error(secadmin_client):
    content_type = ContentType.objects.get_for_model(MatrixRecord)
    response = secadmin_client.post(
        "/org/security/grants/",
        {
            "username": "nobody",
            "content_type": content_type.pk,
            "object_id": 1,
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert "该账号没有对应人员" in response.content.decode()


def test_changing_the_policy_through_the_console(secadmin_client):
    response = secadmin_client.post(
        "/org/security/policy/",
        {
            "confidential_term_years": 8,
            "secret_term_years": 15,
            "top_secret_term_years": 30,
        },
    )
    assert response.status_code == 302
    assert ClassificationPolicy.current().secret_term_years == 15

    refused = secadmin_client.post(
        "/org/security/policy/",
        {
            "confidential_term_years": 11,
            "secret_term_years": 15,
            "top_secret_term_years": 30,
        },
    )
    assert "秘密级默认保密期限须在1至10年之间" in refused.content.decode()
