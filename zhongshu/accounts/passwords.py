"""Password rules (等保 level 3): at least 8 characters, three of four character classes, no username."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta
from typing import Any

from django.conf import settings
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
