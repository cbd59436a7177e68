"""Issue 14, findings 1 and 10: the three administrators (三员) truly apart, and passwords and lockout.

Each test here acts through the real pages, as the probe did: an administrator signs in, does what its
pages let it do, and then tries to use whatever the pages showed it (passwords, codes) to read a 秘密
record. The record is the access-matrix test app's `MatrixRecord`, read through the one access policy.
"""

from __future__ import annotations

import itertools
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from tests.access_testapp.models import MatrixRecord
from zhongshu.accounts import services
from zhongshu.accounts.totp import current_totp_code, totp_device_create
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.core.errors import ServiceError
from zhongshu.testing.factories import TEST_PASSWORD, make_admin, make_person, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.access_testapp.urls")]

NEW_PASSWORD = "Xq7!mzPw9#Lk"


def admin_client(role: AdminRole, address: str = "10.0.0.2") -> tuple[Client, object]:
    admin = make_admin(role)
    totp_device_create(user=admin)
    client = Client(REMOTE_ADDR=address)
    client.post(reverse("accounts:login"), {"username": admin.username, "password": TEST_PASSWORD})
    response = client.post(reverse("accounts:otp"), {"code": current_totp_code(admin)})
    assert response.status_code == 302, response.content.decode()[:300]
    return client, admin


def shown_secrets(html: str) -> set[str]:
    """Every string on a page that could be a password or a code: each word of 4+ characters."""
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    return {word for word in re.split(r"\s+|：|:", text) if len(word) >= 4}


_addresses = itertools.count(10)


def act_as(username: str, secret: str) -> Client | None:
    """Try to sign in as `username` with `secret` as the password, taking any forced password change
    the way an impostor would (the old password is the secret just used). None when it does not work.
    Each try comes from a fresh address, so that the sign-in throttle does not hide a usable secret."""
    n = next(_addresses)
    client = Client(REMOTE_ADDR=f"10.8.{n // 250}.{n % 250}")
    response = client.post(reverse("accounts:login"), {"username": username, "password": secret})
    if response.status_code != 302 or response["Location"] == reverse("accounts:otp"):
        return None
    probe = client.get("/matrix/records/")
    if probe.status_code == 302 and reverse("accounts:password_change") in probe["Location"]:
        client.post(
            reverse("accounts:password_change"),
            {"old_password": secret, "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
        )
    return client


@pytest.fixture
def secret_record():
    """A 秘密 record of a bureau, and a 一般-cleared clerk of that bureau who may read it."""
    bureau = make_unit("保密测试局")
    reader = make_person("秘密读者", unit=bureau, clearance=Clearance.ORDINARY, roles=[Role.CLERK])
    leader = make_person(
        "局长", unit=bureau, clearance=Clearance.IMPORTANT, is_leader=True, leader_rank=1, roles=[Role.LEADER]
    )
    record = MatrixRecord.objects.create(
        title="秘密标记ZX81", classification=Classification.CONFIDENTIAL, owner_unit=bureau
    )
    return bureau, reader, leader, record


# --- Finding 1: the system administrator cannot read state secrets ----------------------------------


def test_a_password_reset_shows_the_system_admin_nothing_usable(secret_record):
    bureau, reader, _leader, record = secret_record
    client, _admin = admin_client(AdminRole.SYSTEM_ADMIN)
    response = client.post(reverse("accounts:manage_reset_password", args=[reader.user.pk]), follow=True)
    assert response.status_code == 200
    for secret in shown_secrets(response.content.decode()):
        impostor = act_as(reader.user.username, secret)
        if impostor is not None:
            assert impostor.get(f"/matrix/records/{record.pk}/").status_code != 200, secret


def test_a_unit_move_by_the_system_admin_does_not_take_effect_by_itself(secret_record):
    bureau, _reader, _leader, record = secret_record
    other = make_unit("别的局")
    mover = make_person("调动者", unit=other, clearance=Clearance.ORDINARY, roles=[Role.CLERK])
    client, _admin = admin_client(AdminRole.SYSTEM_ADMIN)
    client.post(
        reverse("org:manage_person", args=[mover.pk]),
        {"name": mover.name, "unit": bureau.pk, "department": "", "sort_order": 0},
    )
    mover.refresh_from_db()
    assert mover.unit_id == other.pk
    reader = Client(REMOTE_ADDR="10.0.0.7")
    reader.post(reverse("accounts:login"), {"username": mover.user.username, "password": TEST_PASSWORD})
    assert reader.get(f"/matrix/records/{record.pk}/").status_code == 404


# --- Finding 10: passwords and lockout ----------------------------------------------------------------


def test_password1_is_refused(person):
    with pytest.raises(ServiceError) as caught:
        services.account_password_change(
            user=person.user, old_password=TEST_PASSWORD, new_password="Password1"
        )
    assert caught.value.code == "weak_password"
    for pattern in ("Abcd@1234", "P@ssw0rd!", "Qwerty123!"):
        with pytest.raises(ServiceError):
            services.account_password_change(
                user=person.user, old_password=TEST_PASSWORD, new_password=pattern
            )


def test_switching_straight_back_to_the_previous_password_is_refused(person):
    services.account_password_change(user=person.user, old_password=TEST_PASSWORD, new_password=NEW_PASSWORD)
    with pytest.raises(ServiceError) as caught:
        services.account_password_change(
            user=person.user, old_password=NEW_PASSWORD, new_password=TEST_PASSWORD
        )
    assert caught.value.code == "weak_password"
    person.user.refresh_from_db()
    assert person.user.check_password(NEW_PASSWORD)


def _error_after_failures(username: str, attempts: int = 7) -> str:
    client = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(attempts):
        response = client.post(reverse("accounts:login"), {"username": username, "password": "Wrong!Guess1"})
    html = response.content.decode()
    match = re.search(r'class="error"[^>]*>([^<]+)<', html)
    assert match, html[:500]
    return match.group(1).strip()


def test_the_failure_message_is_the_same_for_existing_and_unknown_names(person):
    assert _error_after_failures(person.user.username) == _error_after_failures("no-such-person")


@pytest.mark.parametrize("role", list(AdminRole))
def test_a_strangers_failures_from_one_address_do_not_lock_the_owner_out_from_another(role):
    admin = make_admin(role)
    totp_device_create(user=admin)
    stranger = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(12):
        stranger.post(reverse("accounts:login"), {"username": admin.username, "password": "Wrong!Guess1"})
    owner = Client(REMOTE_ADDR="10.0.0.5")
    response = owner.post(reverse("accounts:login"), {"username": admin.username, "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:otp")
    response = owner.post(reverse("accounts:otp"), {"code": current_totp_code(admin)})
    assert response.status_code == 302 and response["Location"] != reverse("accounts:login")
