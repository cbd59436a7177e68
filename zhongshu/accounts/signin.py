"""Signing in (等保 level 3): password check with a throttle, the second factor, and their audit events.

A sign-in has two steps. `signin_check_password` checks the password; when the account needs a second
factor, the half-finished sign-in waits in the session (user id and time, valid five minutes) until
`signin_check_code` accepts a TOTP code; only then is the Django session signed in.

Why a throttle and not a lock (issue 14, finding 10). Locking an account after five wrong passwords let
anyone lock anyone out, the three administrators included, and its message (账号已锁定) told a stranger
which names exist. Now:
- failures are counted by the name typed (whether or not the account exists) and the source address, and
  by the source address alone; each answers with a progressive delay (refused without checking the
  password until `BASE_DELAY` × 2ⁿ has passed after the last failure, at most ZHONGSHU_LOCKOUT_MINUTES),
  from `ZHONGSHU_LOCKOUT_THRESHOLD` failures of a name at one address or `ADDRESS_THRESHOLD` failures of
  any names at one address;
- a stranger's failures at address A therefore slow down the stranger at A only: the owner signs in from
  address B as usual, and no account is ever locked;
- the answer is the same for an existing and an unknown name (用户名或密码错误, then 登录尝试过于频繁);
- after `ZHONGSHU_LOCKOUT_THRESHOLD` failures of an account from any addresses, an account with an
  authenticator must give its code too (the administrators and 重要/核心 always do), so a password
  guessed from many addresses alone does not open it;
- wrong TOTP codes count in the same throttle.
Failures older than the longest delay are forgotten; a sign-in clears its name and address.
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
THROTTLED = "登录尝试过于频繁，请稍后再试"
DISABLED = "账号已停用，请联系系统管理员"
WRONG_CODE = "验证码错误，请重新输入"
PENDING_EXPIRED = "验证已超时，请重新登录"

PENDING_KEY = "accounts_pending_signin"
PENDING_SECONDS = 5 * 60


class Verdict(enum.StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    THROTTLED = "throttled"
    DISABLED = "disabled"


@dataclass(frozen=True)
class PasswordCheck:
    verdict: Verdict
    user: Any = None
    # The account must give its TOTP code as well, after failures from elsewhere (see the module docstring).
    second_factor: bool = False

    @property
    def message(self) -> str:
        return {
            Verdict.WRONG: WRONG_CREDENTIALS,
            Verdict.THROTTLED: THROTTLED,
            Verdict.DISABLED: DISABLED,
        }.get(self.verdict, "")


def account_needs_second_factor(user: Any) -> bool:
    """The three administrators and people cleared for 重要 or 核心 sign in with a TOTP code as well."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.admin_role or getattr(user, "must_enrol_second_factor", False):
        return True
    return viewer_of(user).clearance >= Clearance.IMPORTANT


BASE_DELAY = timedelta(seconds=15)
# Failures of any names from one address before that address is slowed down: an office's shared address
# (a gateway) sees colleagues' typing errors too, so this is well above the per-name threshold.
ADDRESS_THRESHOLD = 30


def _longest_delay() -> timedelta:
    return timedelta(minutes=settings.ZHONGSHU_LOCKOUT_MINUTES)


def _name_key(username: str) -> str:
    return (username or "").strip().lower()[:150]


def _delay_after(count: int, threshold: int) -> timedelta:
    if count < threshold:
        return timedelta(0)
    return min(BASE_DELAY * (2 ** min(count - threshold, 16)), _longest_delay())


def throttle_wait(*, username: str, address: str, now: Any = None) -> timedelta:
    """How long a sign-in by `username` from `address` must still wait (zero: it may go ahead)."""
    from zhongshu.accounts.models import SigninFailure

    now = now or timezone.now()
    recent = SigninFailure.objects.filter(at__gt=now - _longest_delay())
    wait = timedelta(0)
    for failures, threshold in (
        (recent.filter(username=_name_key(username), address=address), settings.ZHONGSHU_LOCKOUT_THRESHOLD),
        (recent.filter(address=address), ADDRESS_THRESHOLD),
    ):
        count = failures.count()
        delay = _delay_after(count, threshold)
        if delay:
            last = failures.order_by("-at").values_list("at", flat=True).first()
            if last is not None:
                wait = max(wait, last + delay - now)
    return max(wait, timedelta(0))


def throttled_anywhere(*, username: str) -> bool:
    """Whether the name is being slowed down at some address now (for the account console)."""
    from zhongshu.accounts.models import SigninFailure

    now = timezone.now()
    recent = SigninFailure.objects.filter(username=_name_key(username), at__gt=now - _longest_delay())
    return any(
        throttle_wait(username=username, address=address, now=now)
        for address in recent.values_list("address", flat=True).distinct()[:20]
    )


def _audit_failure(
    *, username: str, user: Any, reason: str, stage: str = "password", address: str = ""
) -> None:
    audit_record(
        actor=None,
        actor_name=username[:150],
        action="auth.login_failed",
        object_type="accounts.user" if user is not None else "",
        object_id=user.pk if user is not None else "",
        outcome=Outcome.FAILURE,
        details={"username": username[:150], "reason": reason, "stage": stage, "address": address},
    )


def count_failure(*, username: str, address: str, user: Any, reason: str, stage: str) -> Verdict:
    """One more failure of the name at the address (and of the account, when there is one). Never locks."""
    from zhongshu.accounts.models import SigninFailure

    now = timezone.now()
    SigninFailure.objects.create(username=_name_key(username), address=address, at=now)
    # Forget what no delay can reach any more, so the table stays small.
    SigninFailure.objects.filter(at__lte=now - _longest_delay()).delete()
    if user is not None:
        user.failed_login_count = min(user.failed_login_count + 1, 32767)
        user.save(update_fields=["failed_login_count"])
    _audit_failure(username=username, user=user, reason=reason, stage=stage, address=address)
    return Verdict.WRONG


def _throttled(*, username: str, address: str, user: Any, stage: str) -> bool:
    wait = throttle_wait(username=username, address=address)
    if not wait:
        return False
    _audit_failure(username=username, user=user, reason="throttled", stage=stage, address=address)
    return True


def _has_authenticator(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def signin_clear_failures(*, username: str, address: str | None = None) -> None:
    """Forget the failures of a name (at one address, or at all of them: the system administrator's 解除限制)."""
    from zhongshu.accounts.models import SigninFailure

    failures = SigninFailure.objects.filter(username=_name_key(username))
    if address is not None:
        failures = failures.filter(address=address)
    failures.delete()


def signin_check_password(*, username: str, password: str, address: str = "") -> PasswordCheck:
    """Check a username and password from `address`. Failures are counted and audited; nothing is signed
    in here. An unknown name and a wrong password answer alike, and so do both when throttled."""
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model.objects.select_for_update().filter(username=username).first()
        if _throttled(username=username, address=address, user=user, stage="password"):
            # Hash anyway, so that a throttled answer takes as long whoever the name is.
            make_password(password)
            return PasswordCheck(Verdict.THROTTLED)
        if user is None:
            # Hash anyway, so that an unknown name takes as long to refuse as a wrong password.
            make_password(password)
            return PasswordCheck(
                count_failure(
                    username=username, address=address, user=None, reason="unknown_username", stage="password"
                )
            )
        if not user.check_password(password):
            return PasswordCheck(
                count_failure(
                    username=username, address=address, user=user, reason="wrong_password", stage="password"
                )
            )
        if not user.is_active:
            _audit_failure(username=username, user=user, reason="disabled", address=address)
            return PasswordCheck(Verdict.DISABLED)
        second_factor = bool(
            user.failed_login_count >= settings.ZHONGSHU_LOCKOUT_THRESHOLD and _has_authenticator(user)
        )
        signin_clear_failures(username=username, address=address)
        if not second_factor and (user.failed_login_count or user.locked_until):
            user.failed_login_count = 0
            user.locked_until = None
            user.save(update_fields=["failed_login_count", "locked_until"])
        return PasswordCheck(Verdict.ACCEPTED, user, second_factor=second_factor)


def signin_check_code(*, user: Any, device: TOTPDevice, code: str, address: str = "") -> Verdict:
    """Check a TOTP code. Wrong codes count in the same throttle as wrong passwords."""
    user_model = get_user_model()
    with transaction.atomic():
        locked_user = user_model.objects.select_for_update().get(pk=user.pk)
        if not locked_user.is_active:
            return Verdict.DISABLED
        if _throttled(
            username=locked_user.username, address=address, user=locked_user, stage="second_factor"
        ):
            return Verdict.THROTTLED
        if not device.verify_token(code.strip()):
            return count_failure(
                username=locked_user.username,
                address=address,
                user=locked_user,
                reason="wrong_code",
                stage="second_factor",
            )
        signin_clear_failures(username=locked_user.username, address=address)
        if locked_user.failed_login_count or locked_user.locked_until:
            locked_user.failed_login_count = 0
            locked_user.locked_until = None
            locked_user.save(update_fields=["failed_login_count", "locked_until"])
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
