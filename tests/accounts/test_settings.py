"""Production settings: `check --deploy` is clean, the headers and cookies are strict."""

import json
import os
import secrets
import subprocess
from pathlib import Path

from django.conf import settings

REPO = Path(__file__).resolve().parents[2]
PYTHON = str(REPO / ".venv" / "bin" / "python")
ZHONGSHU = str(REPO / ".venv" / "bin" / "zhongshu")

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/accounts/login/", secure=True, HTTP_HOST="oa.example.gov")
cookie = response.cookies["csrftoken"]
print(json.dumps({
    "status": response.status_code,
    "csp": response.headers.get("Content-Security-Policy"),
    "hsts": response.headers.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(cookie["secure"]),
    "csrf_cookie_httponly": bool(cookie["httponly"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "insecure_redirect": Client().get("/accounts/login/", HTTP_HOST="oa.example.gov").status_code,
    "first_hasher": settings.PASSWORD_HASHERS[0],
}))
"""


def production_env(tmp_path):
    # An async allowance set for the test run must not leak into the production process: check --deploy flags it.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {
        **inherited,
        "ZHONGSHU_ENV": "production",
        "ZHONGSHU_SECRET_KEY": secrets.token_urlsafe(64),
        "ZHONGSHU_ALLOWED_HOSTS": "oa.example.gov",
        "ZHONGSHU_AUDIT_KEY": secrets.token_hex(32),
        "DATABASE_URL": f"sqlite:///{tmp_path}/production.sqlite3",
        "DJANGO_SETTINGS_MODULE": "zhongshu.settings",
    }


def test_check_deploy_reports_no_issues_in_production(tmp_path):
    result = subprocess.run(
        [ZHONGSHU, "check", "--deploy"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_production_sends_a_strict_csp_and_secure_cookies(tmp_path):
    result = subprocess.run(
        [PYTHON, "-c", PROBE],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["status"] == 200
    assert probe["csp"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
    )
    assert "'unsafe-inline'" not in probe["csp"]
    assert probe["hsts"].startswith("max-age=31536000")
    assert probe["csrf_cookie_secure"] and probe["csrf_cookie_httponly"]
    assert probe["session_cookie_secure"] and probe["session_cookie_httponly"]
    assert probe["insecure_redirect"] == 301
    assert probe["first_hasher"] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_is_the_first_hasher_outside_test_mode():
    env = {**os.environ, "ZHONGSHU_ENV": "development", "DJANGO_SETTINGS_MODULE": "zhongshu.settings"}
    env.pop("DATABASE_URL", None)
    code = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = subprocess.run(
        [PYTHON, "-c", code], env=env, capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher", result.stderr


def test_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_every_response_carries_the_csp(client):
    response = client.get("/accounts/login/")
    assert "script-src 'self';" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
