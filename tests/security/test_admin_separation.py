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


def wait_out_any_lock() -> None:
    """An impostor with time waits out any lock or sign-in delay; the test does so at once, so that the
    throttle (or, before, the lockout) never hides a usable secret from it."""
    from zhongshu.accounts.models import User

    User.objects.update(failed_login_count=0, locked_until=None)
    try:
        from zhongshu.accounts.models import SigninFailure
    except ImportError:
        return
    SigninFailure.objects.all().delete()


def act_as(username: str, secret: str) -> Client | None:
    """Try to sign in as `username` with `secret` as the password, taking any forced password change
    the way an impostor would (the old password is the secret just used). None when it does not work.
    Each try comes from a fresh address, so that the sign-in throttle does not hide a usable secret."""
    n = next(_addresses)
    client = Client(REMOTE_ADDR=f"10.8.{n // 250}.{n % 250}")
    wait_out_any_lock()
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


# --- Build point 3: no sequence of an administrator's own actions reads a classified record -----------

RECORD_MARKER = "秘密标记"
_ASCII_TOKEN = re.compile(r"[\x21-\x7e]{8,64}")


def _routes() -> list[str]:
    """Every URL pattern of the project, as a route string (`<int:pk>` and the like left in)."""
    from django.urls import URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return sorted(set(walk(get_resolver().url_patterns)))


def _urls(route: str, ids: list[int]) -> list[str]:
    if route.startswith("^") or "(?P" in route:
        return []  # static files and the like
    if "<" not in route and "{" not in route:
        return ["/" + route]
    urls = []
    for pk in ids:
        url = re.sub(r"<int:[a-z_]+>|<[a-z_]+>|\{[a-z_]+\}", str(pk), route)
        url = re.sub(r"<(str|slug):[a-z_]+>", "approve", url)
        urls.append("/" + url)
    return urls


@pytest.fixture
def county(secret_record):
    """A demo-like county: a bureau with a 秘密 record, its 一般 clerk and leader; an office with a 重要
    clerk (an authenticator) and its own 秘密 record shared with a colleague by need-to-know."""
    bureau, reader, leader, record = secret_record
    office = make_unit("办公室")
    office_head = make_person("主任", unit=office, clearance=Clearance.CORE, is_leader=True, leader_rank=1)
    office_clerk = make_person("机要员", unit=office, clearance=Clearance.IMPORTANT, roles=[Role.CLERK])
    totp_device_create(user=office_clerk.user)
    totp_device_create(user=office_head.user)
    office_record = MatrixRecord.objects.create(
        title="秘密标记办公室", classification=Classification.CONFIDENTIAL, owner_unit=office
    )
    office_record.need_to_know_people.add(reader)
    plain = make_person("普通干部", unit=bureau)
    return {
        "records": [record, office_record],
        "people": [reader, leader, office_head, office_clerk, plain],
        "units": [bureau, office],
    }


def _everything_an_administrator_does(role: AdminRole, client: Client, county: dict) -> list[str]:
    """Do every account and organisation action the administrator's pages offer, on every business
    account, and GET every route; return every page it was shown."""
    from zhongshu.access.models import NeedToKnowGrant
    from zhongshu.org.models import Person

    shown: list[str] = []

    def keep(response):
        if response.status_code == 200 and "text/" in response.get("Content-Type", ""):
            body = b"".join(response.streaming_content) if response.streaming else response.content
            shown.append(body.decode(errors="replace"))
        return response

    bureau, office = county["units"]
    if role == AdminRole.SYSTEM_ADMIN:
        keep(client.post(reverse("accounts:manage_create"), {"username": "impostor"}, follow=True))
        keep(
            client.post(
                reverse("org:manage_person_new"),
                {"username": "impostor", "name": "冒名者", "unit": bureau.pk, "sort_order": 0},
                follow=True,
            )
        )
    people = list(Person.objects.select_related("user"))
    for person in people:
        account = person.user.pk
        if role == AdminRole.SYSTEM_ADMIN:
            keep(client.post(reverse("accounts:manage_unlock", args=[account]), follow=True))
            keep(client.post(reverse("accounts:manage_reset_password", args=[account]), follow=True))
            keep(
                client.post(
                    reverse("org:manage_person", args=[person.pk]),
                    {
                        "name": person.name,
                        "unit": bureau.pk,
                        "is_leader": "on",
                        "leader_rank": 1,
                        "sort_order": 0,
                    },
                    follow=True,
                )
            )
        # Roles are the security administrator's now; before, the system administrator's console set them.
        keep(client.post(f"/accounts/roles/{account}/", {"roles": ["office_director", "leader"]}))
        keep(client.post(f"/accounts/manage/{account}/roles/", {"roles": ["office_director", "leader"]}))
        if role == AdminRole.SECURITY_ADMIN:
            keep(
                client.post(
                    reverse("org:security_person", args=[person.pk]), {"clearance": 3, "reason": "试"}
                )
            )
            keep(
                client.post(
                    f"/org/security/people/{person.pk}/placement/",
                    {"unit": bureau.pk, "is_leader": "on", "leader_rank": 1, "reason": "试"},
                )
            )
            for record in county["records"]:
                keep(
                    client.post(
                        reverse("org:security_grants"),
                        {
                            "username": person.user.username,
                            "content_type": NeedToKnowGrant._meta.get_field("content_type")
                            .related_model.objects.get_for_model(MatrixRecord)
                            .pk,
                            "object_id": record.pk,
                            "reason": "试",
                        },
                        follow=True,
                    )
                )
    ids = sorted(
        {record.pk for record in county["records"]}
        | {person.pk for person in people}
        | {person.user_id for person in people}
    )
    for route in _routes():
        if route.startswith(("accounts/logout", "static", "matrix/leaky")):
            continue  # signing out ends the walk; the leaky routes are the matrix helper's deliberate fault
        for url in _urls(route, ids):
            keep(client.get(url))
    return shown


@pytest.mark.parametrize("role", list(AdminRole))
def test_no_sequence_of_an_administrators_own_actions_reads_a_classified_record(role, county):
    from zhongshu.accounts.models import User

    client, _admin = admin_client(role)
    pages = _everything_an_administrator_does(role, client, county)
    assert pages, "the administrator's pages were walked"
    for page in pages:
        assert RECORD_MARKER not in page
    for record in county["records"]:
        assert client.get(f"/matrix/records/{record.pk}/").status_code != 200
        assert client.get(f"/matrix/api/records/{record.pk}").status_code != 200

    # Everything the pages showed that could be a password, a code or half of one.
    tokens = {
        token for page in pages for token in _ASCII_TOKEN.findall(re.sub(r"<[^>]+>", " ", unescape(page)))
    }
    halves = {token for token in tokens if re.fullmatch(r"[A-Z2-9]{8}", token)}
    if role == AdminRole.SYSTEM_ADMIN:
        assert halves, "the reset pages showed the system administrator its first halves"
    usernames = list(User.objects.filter(admin_role="").values_list("username", flat=True))
    impostors: list[Client] = []
    for username in usernames:
        for secret in tokens:
            impostor = act_as(username, secret)
            if impostor is not None:
                impostors.append(impostor)
        for first in halves:
            for second in halves:
                try:
                    services_redeem(username, first, second)
                except ServiceError:
                    continue
                impostor = act_as(username, NEW_PASSWORD)
                if impostor is not None:
                    impostors.append(impostor)
    for impostor in impostors:
        for record in county["records"]:
            assert impostor.get(f"/matrix/records/{record.pk}/").status_code != 200
        assert RECORD_MARKER not in impostor.get("/matrix/records/").content.decode()


def services_redeem(username: str, first: str, second: str) -> None:
    from zhongshu.accounts.resets import password_reset_redeem

    password_reset_redeem(
        username=username, first_half=first, second_half=second, new_password=NEW_PASSWORD, address="10.7.7.7"
    )
