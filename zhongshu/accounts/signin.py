"""Signing in (等保 level 3): password check with lockout, the second factor, and their audit events.

A sign-in has two steps. `signin_check_password` checks the password under a row lock, counts failures
and locks the account after `ZHONGSHU_LOCKOUT_THRESHOLD` of them in a row. When the account needs a
second factor, the half-finished sign-in waits in the session (user id and time, valid five minutes)
until `signin_check_code` accepts a TOTP code; only then is the Django session signed in.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongshu.access.policy import viewer_of
from zhongshu.audit.models import Outcome
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Clearance

WRONG_CREDENTIALS = "用户名或密码错误"
LOCKED = "账号已锁定，请30分钟后再试或联系系统管理员"
DISABLED = "账号已停用，请联系系统管理员"
WRONG_CODE = "验证码错误，请重新输入"
PENDING_EXPIRED = "验证已超时，请重新登录"

PENDING_KEY = "accounts_pending_signin"
PENDING_SECONDS = 5 * 60


class Verdict(enum.StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True)
class PasswordCheck:
    verdict: Verdict
    user: Any = None

    @property
    def message(self) -> str:
        return {Verdict.WRONG: WRONG_CREDENTIALS, Verdict.LOCKED: LOCKED, Verdict.DISABLED: DISABLED}.get(
            self.verdict, ""
        )


def account_needs_second_factor(user: Any) -> bool:
    """The three administrators and people cleared for 重要 or 核心 sign in with a TOTP code as well."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.admin_role:
        return True
    return viewer_of(user).clearance >= Clearance.IMPORTANT


def _lockout_delta() -> timedelta:
    return timedelta(minutes=settings.ZHONGSHU_LOCKOUT_MINUTES)


def _audit_failure(*, username: str, user: Any, reason: str, stage: str = "password") -> None:
    audit_record(
        actor=None,
        actor_name=username[:150],
        action="auth.login_failed",
        object_type="accounts.user" if user is not None else "",
        object_id=user.pk if user is not None else "",
        outcome=Outcome.FAILURE,
        details={"username": username[:150], "reason": reason, "stage": stage},
    )


def _count_failure(user: Any, *, username: str, reason: str, stage: str) -> Verdict:
    """One more consecutive failure on a locked row; the threshold-th one locks the account."""
    now = timezone.now()
    user.failed_login_count += 1
    _audit_failure(username=username, user=user, reason=reason, stage=stage)
    if user.failed_login_count >= settings.ZHONGSHU_LOCKOUT_THRESHOLD:
        user.locked_until = now + _lockout_delta()
        user.failed_login_count = 0
        user.save(update_fields=["failed_login_count", "locked_until"])
        audit_record(
            actor=None,
            actor_name=user.username,
            action="auth.lockout",
            target=user,
            outcome=Outcome.FAILURE,
            details={"locked_until": user.locked_until.isoformat(), "stage": stage},
        )
        return Verdict.LOCKED
    user.save(update_fields=["failed_login_count"])
    return Verdict.WRONG


def signin_check_password(*, username: str, password: str) -> PasswordCheck:
    """Check a username and password. Failures are counted and audited; nothing is signed in here."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.select_for_update().filter(username=username).first()
        if user is None:
            # Hash anyway, so that an unknown name takes as long to refuse as a wrong password.
            make_password(password)
            _audit_failure(username=username, user=None, reason="unknown_username")
            return PasswordCheck(Verdict.WRONG)
        if user.is_locked():
            _audit_failure(username=username, user=user, reason="locked")
            return PasswordCheck(Verdict.LOCKED)
        if not user.check_password(password):
            return PasswordCheck(
                _count_failure(user, username=username, reason="wrong_password", stage="password")
            )
        if not user.is_active:
            _audit_failure(username=username, user=user, reason="disabled")
            return PasswordCheck(Verdict.DISABLED)
        if user.failed_login_count or user.locked_until:
            user.failed_login_count = 0
            user.locked_until = None
            user.save(update_fields=["failed_login_count", "locked_until"])
        return PasswordCheck(Verdict.ACCEPTED, user)


def signin_check_code(*, user: Any, device: TOTPDevice, code: str) -> Verdict:
    """Check a TOTP code. Wrong codes count towards the same lockout as wrong passwords."""
    user_model = get_user_model()
    with transaction.atomic():
        locked_user = user_model.objects.select_for_update().get(pk=user.pk)
        if locked_user.is_locked():
            _audit_failure(
                username=locked_user.username, user=locked_user, reason="locked", stage="second_factor"
            )
            return Verdict.LOCKED
        if not locked_user.is_active:
            return Verdict.DISABLED
        if not device.verify_token(code.strip()):
            return _count_failure(
                locked_user, username=locked_user.username, reason="wrong_code", stage="second_factor"
            )
        if locked_user.failed_login_count:
            locked_user.failed_login_count = 0
            locked_user.save(update_fields=["failed_login_count"])
        return Verdict.ACCEPTED


def signin_complete(request: HttpRequest, user: Any, device: TOTPDevice | None = None) -> None:
    """Sign the session in (and mark it verified when a second factor was given), then audit it."""
    from django.contrib.auth import login
    from django_otp import login as otp_login

    request.session.pop(PENDING_KEY, None)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    if device is not None:
        otp_login(request, device)
    audit_record(
        actor=user,
        action="auth.login",
        target=user,
        details={"second_factor": device is not None},
    )


def signout(request: HttpRequest) -> None:
    from django.contrib.auth import logout

    user = request.user
    if user.is_authenticated:
        audit_record(actor=user, action="auth.logout", target=user)
    logout(request)


def pending_start(request: HttpRequest, user: Any, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user_id": user.pk,
        "at": timezone.now().timestamp(),
        "next": next_url,
    }


def pending_user(request: HttpRequest) -> tuple[Any, str] | None:
    """The account waiting for its second factor, with where to go next; None if absent or expired."""
    pending = request.session.get(PENDING_KEY)
    if not pending:
        return None
    if timezone.now().timestamp() - float(pending.get("at", 0)) > PENDING_SECONDS:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=pending.get("user_id"), is_active=True).first()
    if user is None:
        request.session.pop(PENDING_KEY, None)
        return None
    return user, str(pending.get("next", ""))
