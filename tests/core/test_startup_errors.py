"""A bad configuration stops start-up with one clear line, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhongshu.core.env import parse_database_url

ROOT = Path(__file__).resolve().parents[2]
ZHONGSHU = str(Path(sys.executable).with_name("zhongshu"))


def run_zhongshu(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "ZHONGSHU_ENV"}}
    environment.update(env)
    return subprocess.run(
        [ZHONGSHU, *args], capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "the scheme must be sqlite:// or postgres://"),
        ({"DATABASE_URL": "postgres://u@host:notaport/db"}, "has a port that is not a number"),
        ({"DATABASE_URL": "postgres://u@host/"}, "names no PostgreSQL database"),
        ({"ZHONGSHU_ENV": "staging"}, "ZHONGSHU_ENV='staging' is not one of: development, test, production"),
        ({"ZHONGSHU_JOBS": "celery"}, "ZHONGSHU_JOBS='celery' is not one of"),
        (
            {"ZHONGSHU_IDLE_MINUTES": "half an hour"},
            "ZHONGSHU_IDLE_MINUTES='half an hour' is not a whole number",
        ),
        ({"ZHONGSHU_ENV": "production"}, "ZHONGSHU_SECRET_KEY must be set"),
        ({"ZHONGSHU_DUTY_SHIFT_START": "8.30"}, "ZHONGSHU_DUTY_SHIFT_START='8.30' is not a time of day"),
        ({"ZHONGSHU_DUTY_OFFICE_END": "25:00"}, "ZHONGSHU_DUTY_OFFICE_END='25:00' is not a time of day"),
        ({"ZHONGSHU_DUTY_AWAY_SHARE": "half"}, "ZHONGSHU_DUTY_AWAY_SHARE='half' is not a fraction"),
        ({"ZHONGSHU_DUTY_AWAY_SHARE": "3/2"}, "ZHONGSHU_DUTY_AWAY_SHARE=3/2 must lie above 0 and at most 1"),
        ({"ZHONGSHU_DUTY_ABSENCE_CHAIN": "deputy"}, "ZHONGSHU_DUTY_ABSENCE_CHAIN: 'deputy' is not key=value"),
    ],
)
def test_bad_configuration_is_one_clear_line(env, expected):
    result = run_zhongshu("check", **env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("zhongshu: configuration error: ")
    assert expected in lines[0]


def test_database_urls_parse(tmp_path):
    sqlite = parse_database_url("sqlite:///var/x.sqlite3", base_dir=tmp_path)
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["NAME"] == str(tmp_path / "var" / "x.sqlite3")
    assert "journal_mode=WAL" in sqlite["OPTIONS"]["init_command"]
    assert "foreign_keys=ON" in sqlite["OPTIONS"]["init_command"]
    assert sqlite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    absolute = parse_database_url("sqlite:////tmp/abs.sqlite3", base_dir=tmp_path)
    assert absolute["NAME"] == "/tmp/abs.sqlite3"
    pg = parse_database_url(
        "postgres://alice:p%40ss@db.local:5433/zhongshu?sslmode=require", base_dir=tmp_path
    )
    assert (pg["NAME"], pg["USER"], pg["PASSWORD"], pg["HOST"], pg["PORT"]) == (
        "zhongshu",
        "alice",
        "p@ss",
        "db.local",
        "5433",
    )
    assert pg["OPTIONS"] == {"sslmode": "require"}


def test_help_lists_the_commands():
    result = run_zhongshu("--help")
    assert result.returncode == 0
    for command in ("serve", "demo", "admins", "totp", "audit", "tick", "bench", "calendar"):
        assert f"  {command} " in result.stdout
    assert "zhongshu migrate" in result.stdout


def test_django_commands_run_through_zhongshu(tmp_path):
    result = run_zhongshu("showmigrations", "accounts", DATABASE_URL=f"sqlite:///{tmp_path}/fresh.sqlite3")
    assert result.returncode == 0, result.stderr
    assert "[ ] 0001_initial" in result.stdout


def test_a_fresh_checkout_creates_the_var_folder(tmp_path):
    var = tmp_path / "not-yet" / "var"
    result = run_zhongshu(
        "migrate", "--no-input", "-v", "0", ZHONGSHU_VAR_DIR=str(var), ZHONGSHU_ENV="development"
    )
    assert result.returncode == 0, result.stderr
    assert (var / "zhongshu.sqlite3").exists()


def test_an_unreachable_database_is_one_clear_line():
    result = run_zhongshu("migrate", "--no-input", DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("zhongshu: database error (postgresql none): ")
