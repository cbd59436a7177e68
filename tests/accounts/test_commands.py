import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhongshu.accounts.models import User
from zhongshu.accounts.totp import current_totp_code, totp_confirmed_device, totp_device_create
from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import AdminRole
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
ZHONGSHU = str(REPO / ".venv" / "bin" / "zhongshu")


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_createsuperuser_refuses_and_points_to_admins_init():
    with pytest.raises(CommandError) as caught:
        call_command("createsuperuser", "--noinput", "--username", "root")
    assert caught.value.returncode == 1
    assert "createsuperuser is disabled" in str(caught.value)
    assert "zhongshu admins init" in str(caught.value)
    assert not User.objects.filter(username="root").exists()


def test_createsuperuser_exits_non_zero_from_the_command_line(tmp_path):
    env = {**os.environ, "ZHONGSHU_ENV": "test", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    result = subprocess.run(
        [ZHONGSHU, "createsuperuser", "--noinput"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "zhongshu admins init" in result.stderr


def test_admins_init_creates_the_three_with_devices_and_is_idempotent():
    output = run("admins", "init")
    assert "system_admin: created account system_admin" in output
    assert output.count("password (shown once, change at first sign-in): ") == 3
    assert output.count("otpauth://totp/") == 3
    for role in AdminRole:
        user = User.objects.get(admin_role=role.value)
        assert user.must_change_password
        assert totp_confirmed_device(user) is not None
    assert AuditEvent.objects.filter(action="account.admin_created").count() == 3

    again = run("admins", "init")
    assert "system_admin: account system_admin already exists, left alone" in again
    assert "auditor: account auditor already exists, left alone" in again
    assert User.objects.exclude(admin_role="").count() == 3
    assert AuditEvent.objects.filter(action="account.admin_created").count() == 3


def test_admins_init_takes_passwords_from_a_file(tmp_path):
    path = tmp_path / "admins.txt"
    path.write_text(
        "# initial passwords\nsystem_admin=Sys!Admin2026\nauditor = Aud!tor2026\n", encoding="utf-8"
    )
    output = run("admins", "init", "--password-file", str(path))
    assert "password (shown once" in output  # only for the role the file left out
    assert output.count("password (shown once") == 1
    sysadmin = User.objects.get(username="system_admin")
    assert sysadmin.check_password("Sys!Admin2026") and not sysadmin.must_change_password
    assert User.objects.get(username="security_admin").must_change_password


def test_admins_init_refuses_a_bad_password_file(tmp_path):
    path = tmp_path / "admins.txt"
    path.write_text("root=Whatever!2026\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("admins", "init", "--password-file", str(path))
    assert "expected ROLE=PASSWORD" in str(caught.value)
    path.write_text("auditor=weak\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("admins", "init", "--password-file", str(path))
    assert str(caught.value) == "refused (weak_password): nothing was created"
    assert not User.objects.exclude(admin_role="").exists()


def test_admins_init_refuses_when_a_business_account_holds_the_name():
    make_person(username="auditor")
    with pytest.raises(CommandError) as caught:
        run("admins", "init")
    assert str(caught.value) == "refused (admin_username_taken): nothing was created"
    assert not User.objects.exclude(admin_role="").exists()


def test_totp_prints_the_current_code():
    person = make_person()
    totp_device_create(user=person.user)
    code = run("totp", person.user.username).strip()
    assert len(code) == 6 and code.isdigit()
    assert code == current_totp_code(person.user)


def test_totp_refuses_in_production(tmp_path):
    env = {
        **os.environ,
        "ZHONGSHU_ENV": "production",
        "ZHONGSHU_SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz",
        "ZHONGSHU_ALLOWED_HOSTS": "oa.example.gov",
        "ZHONGSHU_AUDIT_KEY": "audit-key-for-the-test",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(
        [ZHONGSHU, "totp", "anyone"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert "does not run in production" in result.stderr
