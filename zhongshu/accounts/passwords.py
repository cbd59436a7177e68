"""Password rules (等保 level 3): at least 8 characters, three of four character classes, no username, not a
common password or a common word dressed up (Password1, Abcd@1234, P@ssw0rd!), and none of the account's last
`PASSWORD_HISTORY` passwords (its current one included).

The common list is the one Django ships with `CommonPasswordValidator` (about 20,000 passwords, maintained
with Django), so no list of our own has to be kept up to date.
"""

from __future__ import annotations

import re
import secrets
import string
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils import timezone

MIN_LENGTH = 8
CLASSES = (
    ("大写字母", lambda c: c in string.ascii_uppercase),
    ("小写字母", lambda c: c in string.ascii_lowercase),
    ("数字", lambda c: c in string.digits),
    ("特殊字符", lambda c: not c.isalnum()),
)

# Characters easily confused when a password is read aloud or copied by hand (0/O, 1/l/I) are left out.
_GENERATED_ALPHABETS = ("ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "!@#%*+-=?")


def character_classes(password: str) -> int:
    return sum(1 for _, test in CLASSES if any(test(c) for c in password))


class LengthAndClassesValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < MIN_LENGTH:
            raise ValidationError(f"密码至少 {MIN_LENGTH} 位。", code="password_too_short")
        if character_classes(password) < 3:
            raise ValidationError(
                "密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。", code="password_too_simple"
            )

    def get_help_text(self) -> str:
        return f"至少 {MIN_LENGTH} 位，包含大写字母、小写字母、数字、特殊字符中的至少三类。"


class NoUsernameValidator:
    def validate(self, password: str, user: Any = None) -> None:
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            raise ValidationError("密码不得包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "密码不得包含用户名。"


# How a common word is dressed up: digits and symbols before or after it, capitals, and look-alike characters
# inside it. The base is what is left once the dressing is taken off.
_DRESSING = re.compile(r"^[^A-Za-z]*(?P<base>.*?)[^A-Za-z]*$")
_LOOK_ALIKES = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"}
)
# A base shorter than this is not judged (the list holds "abc" and "ace", and a long password around them is
# not weak for that).
_MIN_BASE = 4
PASSWORD_HISTORY = 5


def _common_passwords() -> set[str]:
    return set(CommonPasswordValidator().passwords)


class CommonPatternValidator:
    """Refuse a password from the common list, and one that is a common word with digits or symbols put
    before or after it, capitalised, or with look-alike characters inside (Password1, Abcd@1234, P@ssw0rd!)."""

    def __init__(self) -> None:
        self._common: set[str] | None = None

    def _is_common(self, candidate: str) -> bool:
        if self._common is None:
            self._common = _common_passwords()
        return candidate in self._common

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower().strip()
        match = _DRESSING.match(lowered)
        base = match.group("base") if match else lowered
        candidates = {lowered}
        if len(base) >= _MIN_BASE:
            candidates |= {base, base.translate(_LOOK_ALIKES)}
        whole = lowered.translate(_LOOK_ALIKES)
        dressed = _DRESSING.match(whole)
        if dressed and len(dressed.group("base")) >= _MIN_BASE:
            candidates.add(dressed.group("base"))
        if any(self._is_common(candidate) for candidate in candidates):
            raise ValidationError(
                "密码过于常见（如 Password1、Abcd@1234 一类），请换一个。", code="password_too_common"
            )

    def get_help_text(self) -> str:
        return "不得使用常见密码或在常见单词前后加数字、符号的密码。"


class HistoryValidator:
    """Refuse the account's current password and its last `PASSWORD_HISTORY` ones."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from zhongshu.accounts.models import PasswordHistory, User

        current = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
        earlier = PasswordHistory.objects.filter(user_id=user.pk).values_list("password", flat=True)
        for encoded in [current or "", *earlier[:PASSWORD_HISTORY]]:
            if encoded and check_password(password, encoded):
                raise ValidationError(
                    f"新密码不能与最近 {PASSWORD_HISTORY} 次使用过的密码相同。", code="password_reused"
                )

    def get_help_text(self) -> str:
        return f"不得与最近 {PASSWORD_HISTORY} 次使用过的密码相同。"


def password_remember(user: Any) -> None:
    """Keep the account's current password hash in its history before it is replaced (keeping the last
    `PASSWORD_HISTORY`). Call it inside the transaction that sets the new password."""
    from zhongshu.accounts.models import PasswordHistory, User

    current = User.objects.filter(pk=user.pk).values_list("password", flat=True).first()
    if not current or current.startswith("!"):
        return  # no password yet, or an unusable one: nothing to remember
    PasswordHistory.objects.create(user_id=user.pk, password=current)
    stale = PasswordHistory.objects.filter(user_id=user.pk).values_list("pk", flat=True)[PASSWORD_HISTORY:]
    PasswordHistory.objects.filter(pk__in=list(stale)).delete()


def password_generate(username: str = "", length: int = 14) -> str:
    """A random password that passes every rule: all four classes, shuffled, never containing `username`."""
    while True:
        chars = [secrets.choice(alphabet) for alphabet in _GENERATED_ALPHABETS]
        everything = "".join(_GENERATED_ALPHABETS)
        chars += [secrets.choice(everything) for _ in range(length - len(chars))]
        secrets.SystemRandom().shuffle(chars)
        password = "".join(chars)
        if not username or username.lower() not in password.lower():
            return password


def password_change_due(user: Any) -> bool:
    """True when the account must choose a new password before doing anything else."""
    if user.must_change_password:
        return True
    max_age = settings.ZHONGSHU_PASSWORD_MAX_AGE_DAYS
    if not max_age:
        return False
    return bool(user.password_changed_at <= timezone.now() - timedelta(days=max_age))
