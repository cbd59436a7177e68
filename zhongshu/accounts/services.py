"""Writes on accounts: the system administrator's account management and everyone's own password.

No administrator ever sees or sets a usable password of another account: a new account has none, and a
reset issues a code in two halves (`zhongshu.accounts.resets`).

Separation of the three administrators (三员分立) is kept here and in `guards`:
- only an account with `Power.MANAGE_ACCOUNTS` (the system administrator) creates and manages accounts;
- administrator accounts are created only by `zhongshu admins init` (`admin_accounts_init`), never from
  the console, and the console cannot change, disable or reset them: otherwise the system administrator
  could take over the auditor's account and read the log it may not read;
- an administrator holds exactly one administrative role (one field), no business role and no Person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from zhongshu.accounts.actors import Actor
from zhongshu.accounts.models import User
from zhongshu.accounts.passwords import password_change_due, password_generate, password_remember
from zhongshu.accounts.resets import IssuedReset, password_reset_issue
from zhongshu.accounts.signin import account_needs_second_factor, signin_clear_failures
from zhongshu.accounts.totp import current_totp_code, totp_device_create
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import AdminRole, Power, Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError

__all__ = [
    "AdminInitResult",
    "account_create",
    "account_disable",
    "account_enable",
    "account_needs_second_factor",
    "account_password_change",
    "account_reset_password",
    "account_set_roles",
    "account_unlock",
    "admin_accounts_init",
    "current_totp_code",
    "password_change_due",
    "totp_device_create",
]

ADMIN_USERNAMES: dict[AdminRole, str] = {
    AdminRole.SYSTEM_ADMIN: "system_admin",
    AdminRole.SECURITY_ADMIN: "security_admin",
    AdminRole.AUDITOR: "auditor",
}


def _require_account_manager(by: Actor) -> None:
    if by is None or not getattr(by, "is_authenticated", False) or not by.has_power(Power.MANAGE_ACCOUNTS):
        raise Forbidden("只有系统管理员可以管理账号。", code="not_account_manager")


def _refuse_admin_target(user: User) -> None:
    if user.admin_role:
        raise Forbidden("三员账号只能通过命令行 zhongshu admins 管理。", code="admin_account_protected")


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ServiceError("".join(error.messages), code="weak_password", field="password") from None


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ServiceError("请填写用户名。", code="username_required", field="username")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ServiceError(
            "用户名只能包含字母、数字和 @ . + - _ 字符。", code="username_invalid", field="username"
        ) from None
    if len(username) > 150:
        raise ServiceError("用户名不能超过 150 个字符。", code="username_too_long", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict("用户名已存在。", code="username_taken", field="username")
    return username


def _role_names(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def account_create(*, by: Actor, username: str) -> User:
    """A business account without a usable password: nobody, its administrator included, can sign in to it
    until the person has redeemed a reset code (`zhongshu.accounts.resets`), issued once the account has
    its person in the directory. So the system administrator never knows a password of the account."""
    _require_account_manager(by)
    username = _check_username(username)
    user = User(username=username, must_change_password=True, password_changed_at=timezone.now())
    with transaction.atomic():
        user.set_unusable_password()
        user.save()
        audit_record(actor=by, action="account.created", target=user, details={"username": username})
    return user


def account_set_roles(*, by: Actor, user: User, roles: Iterable[Role | str]) -> User:
    """Replace the business roles (groups named by `Role` values) of a business account.

    The security administrator's (Power.SET_CLEARANCE), not the system administrator's: a role widens what a
    person may see (an office-wide role reads every unit's 内部 records), like a unit, a post or a clearance
    (issue 14, finding 1)."""
    if by is None or not getattr(by, "is_authenticated", False) or not by.has_power(Power.SET_CLEARANCE):
        raise Forbidden("业务角色决定其可知悉的范围，须由安全保密管理员设定。", code="not_security_admin")
    _refuse_admin_target(user)
    try:
        wanted = sorted({Role(role).value for role in roles})
    except ValueError:
        raise ServiceError("业务角色无效。", code="invalid_role", field="roles") from None
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        before = _role_names(user)
        if before == wanted:
            return user
        groups = [Group.objects.get_or_create(name=name)[0] for name in wanted]
        user.groups.set(groups)
        # The roles this instance has read, and the access viewer resolved from them, are stale now.
        user.__dict__.pop("_role_cache", None)
        user.__dict__.pop("_access_viewer", None)
        audit_record(
            actor=by, action="account.roles_changed", target=user, details={"before": before, "after": wanted}
        )
    return user


def account_disable(*, by: Actor, user: User) -> User:
    _require_account_manager(by)
    _refuse_admin_target(user)
    if not user.is_active:
        return user
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        audit_record(actor=by, action="account.disabled", target=user)
    return user


def account_enable(*, by: Actor, user: User) -> User:
    _require_account_manager(by)
    _refuse_admin_target(user)
    if user.is_active:
        return user
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=by, action="account.enabled", target=user)
    return user


def account_reset_password(*, by: Actor, user: User) -> IssuedReset:
    """Void the password and issue a two-half reset code (see `zhongshu.accounts.resets` for why)."""
    return password_reset_issue(by=by, user=user)


def account_unlock(*, by: Actor, user: User) -> User:
    """Lift the sign-in throttle of a name early (every address). Administrator accounts too: it grants no
    power."""
    _require_account_manager(by)
    with transaction.atomic():
        signin_clear_failures(username=user.username)
        user.failed_login_count = 0
        user.locked_until = None
        user.save(update_fields=["failed_login_count", "locked_until"])
        audit_record(actor=by, action="account.unlocked", target=user)
    return user


def account_password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The account's own password change (the forced one at first sign-in and on expiry, too)."""
    if not user.check_password(old_password):
        raise ServiceError("原密码不正确。", code="wrong_password", field="old_password")
    if old_password == new_password:
        raise ServiceError("新密码不能与原密码相同。", code="password_unchanged", field="new_password")
    try:
        validate_password(new_password, user)
    except ValidationError as error:
        raise ServiceError("".join(error.messages), code="weak_password", field="new_password") from None
    with transaction.atomic():
        password_remember(user)
        user.set_password(new_password)
        user.must_change_password = False
        user.password_changed_at = timezone.now()
        user.save(update_fields=["password", "must_change_password", "password_changed_at"])
        audit_record(actor=user, action="account.password_changed", target=user)
    return user


@dataclass(frozen=True)
class AdminInitResult:
    role: AdminRole
    username: str
    created: bool
    password: str = ""
    otpauth_url: str = ""


def admin_accounts_init(*, passwords: dict[AdminRole, str] | None = None) -> list[AdminInitResult]:
    """Create the three administrators of a new installation, each with a TOTP device.

    Idempotent: a role that already has an account is left alone. Generated passwords must be changed at
    first sign-in; passwords given by the operator (a password file) need not be.
    """
    passwords = passwords or {}
    results = []
    with transaction.atomic():
        for role in AdminRole:
            existing = User.objects.filter(admin_role=role.value).order_by("id").first()
            if existing is not None:
                results.append(AdminInitResult(role, existing.username, created=False))
                continue
            username = ADMIN_USERNAMES[role]
            if User.objects.filter(username__iexact=username).exists():
                raise Conflict(
                    f"用户名 {username} 已被业务账号使用。", code="admin_username_taken", field="username"
                )
            given = passwords.get(role, "")
            user = User(
                username=username,
                admin_role=role.value,
                must_change_password=not given,
                password_changed_at=timezone.now(),
            )
            password = given or password_generate(username)
            _check_password(password, user)
            user.set_password(password)
            user.save()
            device = totp_device_create(user=user, confirmed=True)
            audit_record(
                actor=None,
                actor_name="系统（管理员初始化）",
                action="account.admin_created",
                target=user,
                details={"admin_role": role.value},
            )
            results.append(
                AdminInitResult(role, username, True, "" if given else password, device.config_url)
            )
    return results
