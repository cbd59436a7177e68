from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.accounts.signin import account_needs_second_factor
from zhongshu.accounts.totp import current_totp_code, totp_confirmed_device, totp_device_create
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole
from zhongshu.testing.factories import TEST_PASSWORD, make_admin, make_person

from .conftest import sign_in

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
OTP = "/accounts/login/otp/"
WRONG = "用户名或密码错误"
THROTTLED = "登录尝试过于频繁，请稍后再试"


def post_login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_the_login_page_is_chinese_and_has_a_csrf_token():
    page = Client().get(LOGIN).content.decode()
    assert "用户名" in page and "密码" in page and "登录" in page
    assert "csrfmiddlewaretoken" in page


def test_a_wrong_password_shows_the_message_and_is_audited(person):
    response = post_login(Client(), person.user.username, "Wrong!Pass1")
    assert WRONG in response.content.decode()
    [event] = events("auth.login_failed")
    assert event.outcome == "failure"
    assert event.details == {
        "username": person.user.username,
        "reason": "wrong_password",
        "stage": "password",
        "address": "127.0.0.1",
    }


def test_an_unknown_username_is_audited_alike_and_creates_nothing():
    before = User.objects.count()
    response = post_login(Client(), "nobody", "Wrong!Pass1")
    assert WRONG in response.content.decode()
    [event] = events("auth.login_failed")
    assert event.details["username"] == "nobody" and event.details["reason"] == "unknown_username"
    assert event.object_id == ""
    assert User.objects.count() == before


def test_a_plain_person_signs_in_without_a_second_factor_and_it_is_audited(person):
    client = Client()
    response = post_login(client, person.user.username, TEST_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("web:workbench")
    assert client.get(reverse("accounts:me")).status_code == 200
    [event] = events("auth.login")
    assert event.actor_id == person.user.pk
    assert event.details == {"second_factor": False}


def test_logout_is_audited(person, signed_in):
    client = signed_in(person.user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert [e.actor_id for e in events("auth.logout")] == [person.user.pk]
    assert client.get(reverse("accounts:me")).status_code == 302


def test_five_wrong_passwords_slow_down_that_name_at_that_address_progressively(person):
    client = Client()
    username = person.user.username
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        for _ in range(5):
            assert WRONG in post_login(client, username, "Wrong!Pass1").content.decode()
        # Refused without checking the password, whichever it is: 15 s after the fifth failure.
        assert THROTTLED in post_login(client, username, "Wrong!Pass1").content.decode()
        assert THROTTLED in post_login(client, username, TEST_PASSWORD).content.decode()
    with time_machine.travel("2026-06-01 09:00:16 +0800", tick=False):
        assert WRONG in post_login(client, username, "Wrong!Pass1").content.decode()
    with time_machine.travel("2026-06-01 09:00:40 +0800", tick=False):
        # The sixth failure doubled the delay to 30 s.
        assert THROTTLED in post_login(client, username, TEST_PASSWORD).content.decode()
    with time_machine.travel("2026-06-01 09:00:47 +0800", tick=False):
        assert post_login(client, username, TEST_PASSWORD).status_code == 302
    user = User.objects.get(pk=person.user.pk)
    assert user.locked_until is None and user.failed_login_count == 0
    assert [e.details["reason"] for e in events("auth.login_failed")] == ["wrong_password"] * 5 + [
        "throttled",
        "throttled",
        "wrong_password",
        "throttled",
    ]
    assert not events("auth.lockout")


def test_an_unknown_name_is_slowed_down_alike(person):
    client = Client()
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        answers = [post_login(client, "nobody", "Wrong!Pass1").content.decode() for _ in range(7)]
    assert [WRONG in answer for answer in answers] == [True] * 5 + [False] * 2
    assert all(THROTTLED in answer for answer in answers[5:])


def test_many_names_from_one_address_slow_that_address_down_only(person):
    stranger = Client(REMOTE_ADDR="10.9.9.9")
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        for n in range(30):
            post_login(stranger, f"guess{n}", "Wrong!Pass1")
        assert THROTTLED in post_login(stranger, person.user.username, TEST_PASSWORD).content.decode()
        owner = Client(REMOTE_ADDR="10.1.1.1")
        assert post_login(owner, person.user.username, TEST_PASSWORD).status_code == 302


def test_after_failures_from_elsewhere_an_account_with_an_authenticator_gives_its_code(person):
    totp_device_create(user=person.user)
    assert not account_needs_second_factor(person.user)
    for n in range(5):
        post_login(Client(REMOTE_ADDR=f"10.2.0.{n}"), person.user.username, "Wrong!Pass1")
    owner = Client(REMOTE_ADDR="10.1.1.1")
    assert post_login(owner, person.user.username, TEST_PASSWORD)["Location"] == OTP
    response = owner.post(OTP, {"code": current_totp_code(person.user)})
    assert response.status_code == 302 and response["Location"] == reverse("web:workbench")
    assert User.objects.get(pk=person.user.pk).failed_login_count == 0


def test_a_success_resets_the_failure_count(person):
    client = Client()
    username = person.user.username
    for _ in range(4):
        post_login(client, username, "Wrong!Pass1")
    post_login(client, username, TEST_PASSWORD)
    client.post(reverse("accounts:logout"))
    for _ in range(5):
        assert WRONG in post_login(client, username, "Wrong!Pass1").content.decode()


def test_a_disabled_account_cannot_sign_in(person):
    person.user.is_active = False
    person.user.save()
    response = post_login(Client(), person.user.username, TEST_PASSWORD)
    assert "账号已停用，请联系系统管理员" in response.content.decode()
    assert events("auth.login_failed")[0].details["reason"] == "disabled"


@pytest.mark.parametrize(
    ("clearance", "needed"),
    [
        (Clearance.NONE, False),
        (Clearance.ORDINARY, False),
        (Clearance.IMPORTANT, True),
        (Clearance.CORE, True),
    ],
)
def test_a_second_factor_is_required_for_important_and_core_clearances(clearance, needed):
    person = make_person(clearance=clearance)
    assert account_needs_second_factor(person.user) is needed
    response = post_login(Client(), person.user.username, TEST_PASSWORD)
    assert response["Location"] == (OTP if needed else reverse("web:workbench"))


@pytest.mark.parametrize("role", list(AdminRole))
def test_a_second_factor_is_required_for_the_three_administrators(role):
    admin = make_admin(role)
    totp_device_create(user=admin)
    client = Client()
    assert post_login(client, admin.username, TEST_PASSWORD)["Location"] == OTP
    assert not events("auth.login")
    # The half-finished sign-in is not a session: every page still sends to the login.
    assert client.get(reverse("accounts:me"))["Location"].startswith(reverse("accounts:login"))
    response = client.post(OTP, {"code": current_totp_code(admin)})
    assert response.status_code == 302 and response["Location"] == reverse("web:workbench")
    assert events("auth.login")[0].details == {"second_factor": True}
    assert client.get(reverse("accounts:me")).status_code == 200


def test_a_wrong_code_is_refused_and_counts_in_the_throttle():
    admin = make_admin(AdminRole.AUDITOR)
    totp_device_create(user=admin)
    client = Client()
    post_login(client, admin.username, TEST_PASSWORD)
    wrong = "000000" if current_totp_code(admin) != "000000" else "111111"
    response = client.post(OTP, {"code": wrong})
    assert "验证码错误，请重新输入" in response.content.decode()
    assert User.objects.get(pk=admin.pk).failed_login_count == 1
    assert events("auth.login_failed")[-1].details["stage"] == "second_factor"


def test_the_pending_second_factor_expires_after_five_minutes():
    admin = make_admin(AdminRole.SECURITY_ADMIN)
    totp_device_create(user=admin)
    client = Client()
    with time_machine.travel("2026-06-01 09:00 +0800", tick=False):
        post_login(client, admin.username, TEST_PASSWORD)
    with time_machine.travel("2026-06-01 09:05:01 +0800", tick=False):
        response = client.post(OTP, {"code": current_totp_code(admin)}, follow=True)
    assert "验证已超时，请重新登录" in response.content.decode()
    assert not events("auth.login")


def test_the_first_sign_in_enrols_an_authenticator_with_a_qr_code():
    person = make_person(clearance=Clearance.CORE)
    client = Client()
    post_login(client, person.user.username, TEST_PASSWORD)
    page = client.get(OTP).content.decode()
    assert 'src="data:image/svg+xml' in page
    assert 'data-testid="totp-secret"' in page
    assert totp_confirmed_device(person.user) is None
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=person.user, confirmed=False)
    code = str(TOTP(device.bin_key).token()).zfill(6)
    assert client.post(OTP, {"code": code})["Location"] == reverse("web:workbench")
    assert totp_confirmed_device(person.user) == device
    assert [e.actor_id for e in events("auth.totp_enrolled")] == [person.user.pk]


def test_a_clearance_raised_during_a_session_asks_for_the_second_factor():
    person = make_person(clearance=Clearance.ORDINARY)
    client = Client()
    sign_in(client, person.user)
    person.clearance = Clearance.IMPORTANT
    person.save()
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302 and response["Location"].startswith(OTP)
    api = client.get("/api/me/")
    assert api.status_code == 403
    assert api.json() == {"code": "second_factor_required", "message": "请先完成双因素身份验证"}


def test_a_new_account_must_change_its_password_first(person):
    person.user.must_change_password = True
    person.user.save()
    client = Client()
    sign_in(client, person.user)
    response = client.get(reverse("accounts:me"))
    assert response["Location"] == reverse("accounts:password_change") + "?next=%2Faccounts%2Fme%2F"
    assert client.get("/api/me/").json()["code"] == "password_change_required"
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "首次登录或密码被重置后，须先修改密码。" in page
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password": "Neu!Pass2027", "new_password_again": "Neu!Pass2027"},
    )
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200


def test_the_password_change_page_shows_rule_messages(person, signed_in):
    client = signed_in(person.user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password": "abcdefgh", "new_password_again": "abcdefgh"},
    )
    assert "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。" in response.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": TEST_PASSWORD, "new_password": "Neu!Pass2027", "new_password_again": "Neu!Pass2028"},
    )
    assert "两次输入的新密码不一致。" in response.content.decode()


def test_an_expired_password_must_be_changed(person, settings):
    settings.ZHONGSHU_PASSWORD_MAX_AGE_DAYS = 90
    User.objects.filter(pk=person.user.pk).update(password_changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    sign_in(client, person.user)
    assert client.get(reverse("accounts:me"))["Location"].startswith(reverse("accounts:password_change"))
    assert (
        "密码已超过 90 天未修改，请先修改密码。"
        in client.get(reverse("accounts:password_change")).content.decode()
    )


def test_next_is_kept_but_never_leaves_the_site(person):
    client = Client()
    response = client.post(
        LOGIN, {"username": person.user.username, "password": TEST_PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("web:workbench")
