"""Password resets (and first credentials) in two halves: no administrator ever sees or sets a usable
password of another account (issue 14, finding 1; 三员分立).

Before, the reset page showed the new password to the system administrator, who could then sign in as
anyone without a second factor and read what that person may read. Now a reset issues a one-time code in
two halves:

- the first half is shown once to the system administrator who issued the reset, on the reset page;
- the second half is shown once to a leader of the person's own unit (the leaders of the parent unit when
  the unit has no other leader), in that leader's 工作台 (a to-do) — a business person who holds no
  administrative power and who knows the person by sight;
- the person receives both halves by hand and, on the page 凭重置码设置密码, types them with a new password
  of their own; the reset is then used up. An account that had an authenticator loses it and enrols a new
  one at its next sign-in, so the old second factor cannot be carried over by whoever held the code.

Why split knowledge rather than a printed slip or the leader alone: a slip the administrator prints is a
slip the administrator can read; a code shown only to the leader lets the leader take over the account.
With two halves neither the administrator nor the leader can use the code alone; only the two together
(two people, of the two sides of the office: 双人) could, and every step is audited with who held which half.

The halves are random (`secrets`), 8 characters each from an alphabet without look-alike characters
(32 symbols: 40 bits a half), kept only as password hashes, valid `RESET_HOURS` hours, usable once; five
wrong tries void the reset, and the tries count in the sign-in throttle (by name and source address).
Issuing a reset voids the account's password at once (and signs out its sessions): the person owes a new
password before anything else.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongshu.accounts.models import PasswordReset, User
from zhongshu.accounts.passwords import password_remember
from zhongshu.accounts.signin import count_failure, signin_clear_failures, throttle_wait
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Power
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.org.models import Person, Unit

__all__ = [
    "IssuedReset",
    "password_reset_issue",
    "password_reset_leaders",
    "password_reset_redeem",
    "password_reset_reveal",
    "password_resets_awaiting",
]

HALF_LENGTH = 8
HALF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RESET_HOURS = 24
MAX_TRIES = 5
INVALID_CODE = "重置码不正确或已失效，请核对后重试。"


@dataclass(frozen=True)
class IssuedReset:
    reset: PasswordReset
    admin_half: str
    leaders: list[Person]


def _half() -> str:
    return "".join(secrets.choice(HALF_ALPHABET) for _ in range(HALF_LENGTH))


def _normalise(half: str) -> str:
    return "".join((half or "").split()).upper()


def password_reset_leaders(user: User) -> list[Person]:
    """Who receives the second half: the other leaders of the person's own unit, else those of the parent
    unit; only people with an active account. Empty when the account has no person or no such leader."""
    person = Person.objects.filter(user=user).select_related("unit").first()
    if person is None:
        return []
    unit: Unit | None = person.unit
    while unit is not None:
        leaders = list(
            Person.objects.filter(unit=unit, is_leader=True, user__is_active=True)
            .exclude(pk=person.pk)
            .select_related("user")
            .order_by("leader_rank", "sort_order", "id")
        )
        if leaders:
            return leaders
        unit = unit.parent
    return []


def _require_account_manager(by: Any) -> None:
    if by is None or not getattr(by, "is_authenticated", False) or not by.has_power(Power.MANAGE_ACCOUNTS):
        raise Forbidden("只有系统管理员可以管理账号。", code="not_account_manager")


def password_reset_issue(*, by: Any, user: User) -> IssuedReset:
    """Void the account's password and issue a reset; the first half is returned once, for the page that
    shows it to the issuing system administrator."""
    _require_account_manager(by)
    if user.admin_role:
        raise Forbidden("三员账号只能通过命令行 zhongshu admins 管理。", code="admin_account_protected")
    leaders = password_reset_leaders(user)
    if not leaders:
        raise ServiceError(
            "该账号没有对应人员，或其单位（及上级单位）没有可接收重置码后半段的领导；请先在组织机构中设定。",
            code="no_unit_leader",
        )
    half = _half()
    now = timezone.now()
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        PasswordReset.objects.filter(user=account, used_at__isnull=True, cancelled_at__isnull=True).update(
            cancelled_at=now
        )
        reset = PasswordReset.objects.create(
            user=account,
            issued_by=by,
            issued_at=now,
            expires_at=now + timedelta(hours=RESET_HOURS),
            admin_half=make_password(half),
        )
        password_remember(account)
        account.set_unusable_password()
        account.must_change_password = True
        account.password_changed_at = now
        account.save(update_fields=["password", "must_change_password", "password_changed_at"])
        signin_clear_failures(username=account.username)
        audit_record(
            actor=by,
            action="account.password_reset",
            target=account,
            details={
                "reset": reset.pk,
                "leaders": [leader.user_id for leader in leaders],
                "expires_at": reset.expires_at.isoformat(),
            },
        )
    user.refresh_from_db()
    return IssuedReset(reset=reset, admin_half=half, leaders=leaders)


def password_resets_awaiting(leader: Any) -> list[PasswordReset]:
    """Open resets whose second half `leader` may still be shown (none once a leader has been shown it)."""
    if not getattr(leader, "is_authenticated", False) or bool(getattr(leader, "admin_role", "")):
        return []
    person = Person.objects.filter(user_id=leader.pk, is_leader=True).first()
    if person is None:
        return []
    now = timezone.now()
    waiting = PasswordReset.objects.filter(
        leader_half="", used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
    ).select_related("user", "user__person", "user__person__unit")
    return [
        reset
        for reset in waiting
        if any(candidate.pk == person.pk for candidate in password_reset_leaders(reset.user))
    ]


def password_reset_reveal(*, by: Any, reset: PasswordReset) -> str:
    """Show the second half, once, to a leader of the person's unit; returns it for that one page."""
    with transaction.atomic():
        reset = PasswordReset.objects.select_for_update().select_related("user").get(pk=reset.pk)
        leaders = password_reset_leaders(reset.user)
        if not any(leader.user_id == getattr(by, "pk", None) for leader in leaders):
            raise Forbidden("只有本人所在单位的领导可以领取重置码后半段。", code="not_unit_leader")
        if not reset.is_open():
            raise Conflict("该重置码已失效。", code="reset_closed")
        if reset.leader_half:
            raise Conflict("该重置码后半段已显示过，不能再次显示。", code="half_already_shown")
        half = _half()
        reset.leader_half = make_password(half)
        reset.leader = by
        reset.leader_shown_at = timezone.now()
        reset.save(update_fields=["leader_half", "leader", "leader_shown_at"])
        audit_record(
            actor=by,
            action="account.password_reset_half_shown",
            target=reset.user,
            details={"reset": reset.pk},
        )
    return half


def password_reset_redeem(
    *, username: str, first_half: str, second_half: str, new_password: str, address: str = ""
) -> User:
    """The person's own step: both halves and a new password. Any wrong detail answers the same
    `INVALID_CODE`, whether or not the name exists."""
    if throttle_wait(username=username, address=address):
        raise ServiceError("登录尝试过于频繁，请稍后再试", code="throttled")
    first, second = _normalise(first_half), _normalise(second_half)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        reset = (
            PasswordReset.objects.select_for_update()
            .filter(user=user, used_at__isnull=True, cancelled_at__isnull=True)
            .exclude(leader_half="")
            .order_by("-issued_at")
            .first()
            if user is not None
            else None
        )
        valid = (
            reset is not None
            and reset.is_open()
            and check_password(first, reset.admin_half)
            and check_password(second, reset.leader_half)
        )
        if not valid:
            if reset is not None:
                reset.failed_attempts += 1
                fields = ["failed_attempts"]
                if reset.failed_attempts >= MAX_TRIES:
                    reset.cancelled_at = timezone.now()
                    fields.append("cancelled_at")
                reset.save(update_fields=fields)
            else:
                make_password(first)  # as long as a wrong code of an existing name takes
            count_failure(
                username=username, address=address, user=user, reason="wrong_reset_code", stage="reset"
            )
        if not valid or user is None or reset is None:
            # Leave the transaction so the failure is counted, then refuse.
            pass
        else:
            try:
                validate_password(new_password, user)
            except ValidationError as error:
                raise ServiceError(
                    "".join(error.messages), code="weak_password", field="new_password"
                ) from None
            now = timezone.now()
            password_remember(user)
            user.set_password(new_password)
            user.must_change_password = False
            user.password_changed_at = now
            had_authenticator = TOTPDevice.objects.filter(user=user).exists()
            if had_authenticator:
                # Whoever held the code must not inherit the old device, nor keep it from the owner.
                TOTPDevice.objects.filter(user=user).delete()
                user.must_enrol_second_factor = True
            user.failed_login_count = 0
            user.locked_until = None
            user.save(
                update_fields=[
                    "password",
                    "must_change_password",
                    "password_changed_at",
                    "must_enrol_second_factor",
                    "failed_login_count",
                    "locked_until",
                ]
            )
            reset.used_at = now
            reset.save(update_fields=["used_at"])
            signin_clear_failures(username=user.username, address=address)
            audit_record(
                actor=user,
                action="account.password_reset_redeemed",
                target=user,
                details={"reset": reset.pk, "second_factor_reenrol": had_authenticator},
            )
            return user
    raise ServiceError(INVALID_CODE, code="invalid_reset_code")
