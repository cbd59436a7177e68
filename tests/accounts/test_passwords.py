from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from zhongshu.accounts.models import User
from zhongshu.accounts.passwords import character_classes, password_change_due, password_generate

COMMON = "密码过于常见（如 Password1、Abcd@1234 一类），请换一个。"


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
        ("qwmnbvzx1", ["密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"]),
        ("QWMNBVZX!", ["密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。"]),
        ("abcdefgh1", ["密码须包含大写字母、小写字母、数字、特殊字符中的至少三类。", COMMON]),
        ("Xzhangsan1", ["密码不得包含用户名。"]),
        ("x!ZHANGSAN", ["密码不得包含用户名。"]),
        ("Qwmnbvz1", []),
        ("qwmnbv1!", []),
        ("QWMNBV1!", []),
        ("Qwmnbvz!", []),
        # A common word dressed up with capitals, digits, symbols or look-alike characters (issue 14, finding 10).
        ("Password1", [COMMON]),
        ("Abcd@1234", [COMMON]),
        ("P@ssw0rd!", [COMMON]),
        ("Abcdefg1", [COMMON]),
        ("!!Dragon2026", [COMMON]),
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


@pytest.mark.django_db
def test_the_last_five_passwords_cannot_be_used_again(person):
    from zhongshu.accounts import services
    from zhongshu.core.errors import ServiceError
    from zhongshu.testing.factories import TEST_PASSWORD

    user = person.user
    used = [TEST_PASSWORD, *(f"Qw{n}!mnbvzx{n}" for n in range(1, 7))]
    for before, after in zip(used, used[1:], strict=False):
        services.account_password_change(user=user, old_password=before, new_password=after)
    current = used[-1]
    for old in used[-6:-1]:
        with pytest.raises(ServiceError) as caught:
            services.account_password_change(user=user, old_password=current, new_password=old)
        assert caught.value.message == "新密码不能与最近 5 次使用过的密码相同。"
    # The sixth-last is out of the history and may come back.
    services.account_password_change(user=user, old_password=current, new_password=used[0])
    assert user.password_history.count() == 5
