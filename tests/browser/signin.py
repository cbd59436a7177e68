"""Signing in through the page, as a person would: name and password, then the second factor where the person
has one (a TOTP code is accepted once: a test signs each person in once, in a browser context of their own)."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from zhongshu.accounts.models import User
from zhongshu.accounts.totp import current_totp_code
from zhongshu.testing.factories import TEST_PASSWORD


def sign_in(page: Page, base: str, username: str, password: str = TEST_PASSWORD) -> None:
    user = User.objects.get(username=username)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        page.get_by_label("验证码").fill(current_totp_code(user))
        page.get_by_role("button", name="验证").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
