import pytest
from django.test import Client
from django.urls import reverse

from zhongshu.accounts.totp import current_totp_code, totp_device_create
from zhongshu.testing.factories import TEST_PASSWORD


def sign_in(client: Client, user, password: str = TEST_PASSWORD):
    """Sign in through the real pages: password, then the TOTP code when the account needs one."""
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": password})
    if response.status_code == 302 and response["Location"] == reverse("accounts:otp"):
        response = client.post(reverse("accounts:otp"), {"code": current_totp_code(user)})
    return response


@pytest.fixture
def signed_in():
    """A client signed in as `user` (a TOTP device is created when the account needs a second factor)."""

    def make(user):
        from zhongshu.accounts.signin import account_needs_second_factor
        from zhongshu.accounts.totp import totp_confirmed_device

        if account_needs_second_factor(user) and totp_confirmed_device(user) is None:
            totp_device_create(user=user)
        client = Client()
        response = sign_in(client, user)
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return make
