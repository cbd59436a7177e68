from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.accounts.passwords import character_classes, password_change_due, password_generate


def messages_for(password, username="zhangsan"):
    try:
        validate_password(password, User(username=username))
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Ab1!xyz", ["密码至少 8 位。"]),
        ("abcdefgh1", ["密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"]),
        ("ABCDEFGH!", ["密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"]),
        ("Xzhangsan1", ["密码不得包含用户名。"]),
        ("x!ZHANGSAN", ["密码不得包含用户名。"]),
        ("Abcdefg1", []),
        ("abcdef1!", []),
        ("ABCDEF1!", []),
        ("Abcdefg!", []),
    ],
)
def test_password_rules_give_exact_messages(password, expected):
    assert messages_for(password) == expected


def test_generated_passwords_pass_every_rule_and_avoid_the_username():
    for _ in range(50):
        password = password_generate("abc")
        assert len(password) == 14
        assert character_classes(password) == 4
        assert messages_for(password, "abc") == []


def test_password_expires_after_the_configured_days(settings):
    settings.ZHONGSHU_PASSWORD_MAX_AGE_DAYS = 90
    with time_machine.travel("2026-03-01 09:00 +0800", tick=False):
        user = User(username="u", password_changed_at=timezone.now())
        assert not password_change_due(user)
    with time_machine.travel("2026-05-29 08:59 +0800", tick=False):
        assert not password_change_due(user)
    with time_machine.travel("2026-05-30 09:00 +0800", tick=False):
        assert password_change_due(user)


def test_zero_days_means_passwords_never_expire(settings):
    settings.ZHONGSHU_PASSWORD_MAX_AGE_DAYS = 0
    user = User(username="u", password_changed_at=timezone.now() - timedelta(days=3650))
    assert not password_change_due(user)


def test_a_forced_change_is_due_whatever_the_age():
    user = User(username="u", password_changed_at=timezone.now(), must_change_password=True)
    assert password_change_due(user)
