"""One settings module, driven by environment variables (see README "Configuration").

ZHONGSHU_ENV selects the mode: `development` (the default, what `make run` uses), `test`, or
`production` (secure cookies, no demo sign-ins, a secret key and an audit key are required).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from zhongshu.core.env import (
    env_bool,
    env_choice,
    env_clock,
    env_float,
    env_fraction,
    env_int,
    env_list,
    env_mapping,
    env_str,
    parse_database_url,
    sqlite_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ZHONGSHU_VAR_DIR", str(BASE_DIR / "var")))

# Under pytest the default is the test mode, so a bare `pytest` run never touches development data.
ZHONGSHU_ENV = env_choice(
    "ZHONGSHU_ENV",
    ("development", "test", "production"),
    "test" if "pytest" in sys.modules else "development",
)
PRODUCTION = ZHONGSHU_ENV == "production"
DEBUG = env_bool("ZHONGSHU_DEBUG", ZHONGSHU_ENV == "development")

if PRODUCTION:
    SECRET_KEY = env_str("ZHONGSHU_SECRET_KEY")
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("ZHONGSHU_SECRET_KEY must be at least 50 characters with 5 distinct ones")
else:
    SECRET_KEY = env_str("ZHONGSHU_SECRET_KEY", "dev-only-insecure-key-" + "x" * 40)

ALLOWED_HOSTS = env_list(
    "ZHONGSHU_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ZHONGSHU_ALLOWED_HOSTS must name the intranet host(s) in production")
CSRF_TRUSTED_ORIGINS = env_list("ZHONGSHU_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # First, so that its `createsuperuser` (which refuses: no superusers here) overrides Django's.
    "zhongshu.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",
    "zhongshu.core",
    "zhongshu.org",
    "zhongshu.access",
    "zhongshu.audit",
    "zhongshu.workdays",
    "zhongshu.workflow",
    "zhongshu.notifications",
    "zhongshu.attachments",
    "zhongshu.quotas",
    "zhongshu.documents",
    "zhongshu.supervision",
    "zhongshu.proofreading",
    "zhongshu.search",
    "zhongshu.archives",
    "zhongshu.materials",
    "zhongshu.meetings",
    "zhongshu.duty",
    "zhongshu.information",
    "zhongshu.reporting",
    "zhongshu.secrecy",
    "zhongshu.demo",
    "zhongshu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zhongshu.core.middleware.ClientAddressMiddleware",
    "zhongshu.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in, so the 413 page has its viewer; before any view or CSRF check reads the body.
    "zhongshu.core.middleware.RequestSizeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhongshu.accounts.middleware.SignInPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "zhongshu.urls"
WSGI_APPLICATION = "zhongshu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhongshu.web.context.shell",
            ],
        },
    },
]

# Every form in the office idiom: labels without a colon, the shell's field markup (web.forms).
FORM_RENDERER = "zhongshu.web.forms.OfficeFormRenderer"

# --- Database -------------------------------------------------------------------------------------
_database_url = os.environ.get("DATABASE_URL", "").strip()
if _database_url:
    DATABASES = {"default": parse_database_url(_database_url, base_dir=BASE_DIR)}
else:
    DATABASES = {"default": sqlite_database(VAR_DIR / "zhongshu.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sign-in (等保 level 3) ------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:workbench"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "zhongshu.accounts.passwords.LengthAndClassesValidator"},
    {"NAME": "zhongshu.accounts.passwords.NoUsernameValidator"},
    {"NAME": "zhongshu.accounts.passwords.CommonPatternValidator"},
    {"NAME": "zhongshu.accounts.passwords.HistoryValidator"},
]
ZHONGSHU_PASSWORD_MAX_AGE_DAYS = env_int("ZHONGSHU_PASSWORD_MAX_AGE_DAYS", 90, minimum=0)
ZHONGSHU_LOCKOUT_THRESHOLD = env_int("ZHONGSHU_LOCKOUT_THRESHOLD", 5, minimum=1)
ZHONGSHU_LOCKOUT_MINUTES = env_int("ZHONGSHU_LOCKOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = env_int("ZHONGSHU_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the cookie age then counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
OTP_TOTP_ISSUER = "中枢"

# --- Security headers -------------------------------------------------------------------------------
HTTPS = env_bool("ZHONGSHU_HTTPS", PRODUCTION)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("ZHONGSHU_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("ZHONGSHU_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)

# --- Audit --------------------------------------------------------------------------------------------
# The HMAC key lives outside the database, so that database access alone cannot rebuild the chain.
ZHONGSHU_AUDIT_KEY = os.environ.get("ZHONGSHU_AUDIT_KEY", "")
ZHONGSHU_AUDIT_KEY_FILE = Path(env_str("ZHONGSHU_AUDIT_KEY_FILE", str(VAR_DIR / "audit.key")))
if PRODUCTION and not ZHONGSHU_AUDIT_KEY and not ZHONGSHU_AUDIT_KEY_FILE.exists():
    raise ImproperlyConfigured(
        f"the audit key is missing: set ZHONGSHU_AUDIT_KEY or create {ZHONGSHU_AUDIT_KEY_FILE}"
    )
# The chain's signed heads are appended here, outside the database, so cutting its newest rows is seen
# (`audit verify` checks them by default). Give it a place the database administrator cannot write.
ZHONGSHU_AUDIT_ANCHOR_DIR = env_str("ZHONGSHU_AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchor"))

# --- Jobs and notices ---------------------------------------------------------------------------------
ZHONGSHU_JOBS = env_choice("ZHONGSHU_JOBS", ("inprocess", "immediate", "redis"), "inprocess")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
ZHONGSHU_TICK_SECONDS = env_int("ZHONGSHU_TICK_SECONDS", 60, minimum=1)

# --- Documents ----------------------------------------------------------------------------------------
# How many days ahead of today a date of writing (成文日期) may lie; 0 allows none.
DOCUMENTS_MAX_FUTURE_DAYS = env_int("ZHONGSHU_DOCUMENTS_MAX_FUTURE_DAYS", 0, minimum=0)
# The LibreOffice program that makes PDFs (a name looked up on PATH, or a path); empty: soffice, then
# libreoffice, on PATH. Where it names no program, PDFs say LibreOffice is missing.
ZHONGSHU_SOFFICE = env_str("ZHONGSHU_SOFFICE", "")

# --- Meetings: seating (座次, see meetings.seating) ------------------------------------------------------
# The office's convention for the 主席台 and the rows: `party` (1 号居中，2 号在 1 号左手；偶数时 1 号居中偏左，
# 台上视角) or `government` (偶数时 1 号居中偏右、2 号仍在 1 号左手).
ZHONGSHU_SEATING_CONVENTION = env_choice("ZHONGSHU_SEATING_CONVENTION", ("party", "government"), "party")
ZHONGSHU_SEATING_PLATFORM_SIZE = env_int("ZHONGSHU_SEATING_PLATFORM_SIZE", 7, minimum=1)
ZHONGSHU_SEATING_ROW_SIZE = env_int("ZHONGSHU_SEATING_ROW_SIZE", 12, minimum=2)
# Where a substitute (代参人) sits: `in_place` (at the rank of whom they replace) or `after_leaders`.
ZHONGSHU_SEATING_SUBSTITUTE = env_choice(
    "ZHONGSHU_SEATING_SUBSTITUTE", ("in_place", "after_leaders"), "in_place"
)

# --- Meetings: 精文减会 (see meetings.reduction) ----------------------------------------------------------
# Two approved meetings in one ISO week are candidates to merge when more than this share of the smaller one's
# attendees (people and units) are invited to the other too.
ZHONGSHU_MEETING_MERGE_SHARE = env_float("ZHONGSHU_MEETING_MERGE_SHARE", 0.5, minimum=0.0, maximum=1.0)

# --- Duty and emergencies (值班应急, see duty.rosters and duty.whereabouts) -------------------------------------
# A day's duty begins at SHIFT_START (a 24-hour shift ends then the next day); an office-hours shift ends at
# OFFICE_END. Working days are office-hours duty unless WORKDAY_NIGHT makes them 24-hour shifts too.
ZHONGSHU_DUTY_SHIFT_START = env_clock("ZHONGSHU_DUTY_SHIFT_START", "08:30")
ZHONGSHU_DUTY_OFFICE_END = env_clock("ZHONGSHU_DUTY_OFFICE_END", "17:30")
ZHONGSHU_DUTY_WORKDAY_NIGHT = env_bool("ZHONGSHU_DUTY_WORKDAY_NIGHT", False)
# 请假、外出报备: who approves by rank (deputy, head, county → unit_head, in_charge, director, principal), the
# county leader in charge of each unit (unit code → username), units whose leaders rank as county leaders, the
# share of a unit's leaders away at once that is flagged, and how long an absence not closed stays on the board.
ZHONGSHU_DUTY_ABSENCE_CHAIN = env_mapping(
    "ZHONGSHU_DUTY_ABSENCE_CHAIN",
    {"deputy": ["unit_head"], "head": ["in_charge"], "county": ["principal"]},
)
ZHONGSHU_DUTY_LEADERS_IN_CHARGE = {
    unit: usernames[0] for unit, usernames in env_mapping("ZHONGSHU_DUTY_LEADERS_IN_CHARGE", {}).items()
}
ZHONGSHU_DUTY_COUNTY_UNITS = tuple(env_list("ZHONGSHU_DUTY_COUNTY_UNITS", []))
ZHONGSHU_DUTY_AWAY_SHARE = env_fraction("ZHONGSHU_DUTY_AWAY_SHARE", "1/2")
ZHONGSHU_DUTY_OVERDUE_DAYS = env_int("ZHONGSHU_DUTY_OVERDUE_DAYS", 30, minimum=0)

# --- Information reporting (信息报送, see information.submissions and information.screening) ----------------------
# The item types the unit's leader signs off before an item leaves the unit; how far back (days) and how similar
# (the share of the shorter text found in the other) a submission is compared for near-duplicates; how many
# working days before a 约稿's deadline its units are reminded.
ZHONGSHU_INFORMATION_SIGN_OFF_TYPES = tuple(
    env_list("ZHONGSHU_INFORMATION_SIGN_OFF_TYPES", ["problem", "opinion"])
)
ZHONGSHU_INFORMATION_DUPLICATE_DAYS = env_int("ZHONGSHU_INFORMATION_DUPLICATE_DAYS", 30, minimum=1)
ZHONGSHU_INFORMATION_DUPLICATE_SHARE = env_float(
    "ZHONGSHU_INFORMATION_DUPLICATE_SHARE", 0.4, minimum=0.0, maximum=1.0
)
ZHONGSHU_INFORMATION_COMMISSION_REMIND_DAYS = env_int(
    "ZHONGSHU_INFORMATION_COMMISSION_REMIND_DAYS", 1, minimum=0
)

# --- Requests and reports (请示报告, see reporting.compliance and reporting.major) -----------------------------
# How many working days before a checklist line falls due its unit is reminded; how many working days before
# the deciding meeting a 三重一大 matter must be filed to count as on time.
ZHONGSHU_REPORTING_REMIND_DAYS = env_int("ZHONGSHU_REPORTING_REMIND_DAYS", 3, minimum=0)
ZHONGSHU_MAJOR_DECISION_LEAD_DAYS = env_int("ZHONGSHU_MAJOR_DECISION_LEAD_DAYS", 3, minimum=0)

# --- Secrecy (机要保密, see secrecy.carriers and secrecy.personnel) -------------------------------------------
# How long a classified carrier may be borrowed unless the lender says otherwise (days); the cooling-off period
# (脱密期) a person leaving a cleared post may be given, by the post's level, as "default,shortest,longest"
# years (保密法: commonly 3–5 / 2–3 / 1–2); and how often a cleared person is vetted again (years).
ZHONGSHU_SECRECY_BORROW_DAYS = env_int("ZHONGSHU_SECRECY_BORROW_DAYS", 7, minimum=1)
ZHONGSHU_SECRECY_COOLING_OFF_CORE = env_str("ZHONGSHU_SECRECY_COOLING_OFF_CORE", "3,3,5")
ZHONGSHU_SECRECY_COOLING_OFF_IMPORTANT = env_str("ZHONGSHU_SECRECY_COOLING_OFF_IMPORTANT", "2,2,3")
ZHONGSHU_SECRECY_COOLING_OFF_ORDINARY = env_str("ZHONGSHU_SECRECY_COOLING_OFF_ORDINARY", "1,1,2")
ZHONGSHU_SECRECY_REVETTING_YEARS = env_int("ZHONGSHU_SECRECY_REVETTING_YEARS", 1, minimum=1)
# How late a knowledge test's answer sheet is still taken (as handed in at the limit), and how many working days a
# self-inspection finding's 整改 item is given when none is set.
ZHONGSHU_SECRECY_TEST_GRACE_SECONDS = env_int("ZHONGSHU_SECRECY_TEST_GRACE_SECONDS", 30, minimum=0)
ZHONGSHU_SECRECY_RECTIFY_WORKDAYS = env_int("ZHONGSHU_SECRECY_RECTIFY_WORKDAYS", 20, minimum=1)

# --- Files --------------------------------------------------------------------------------------------
MEDIA_ROOT = Path(env_str("ZHONGSHU_MEDIA_ROOT", str(VAR_DIR / "files")))
ZHONGSHU_MAX_UPLOAD_MB = env_int("ZHONGSHU_MAX_UPLOAD_MB", 50, minimum=1)
# A bulk upload of materials (many files or a .zip in one request) may be larger than one file.
ZHONGSHU_MATERIALS_MAX_BATCH_MB = env_int("ZHONGSHU_MATERIALS_MAX_BATCH_MB", 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Up to the size above an upload waits in memory; a larger one in a temporary file sealed with a key made for
# it (attachments.uploads): Django's own handler would keep a classified file's plaintext on disk.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "zhongshu.attachments.uploads.SealedUploadHandler",
]

# --- Language and time --------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),
    # Apache ECharts, which web/charts.js loads on a page that has a chart.
    ("vendor/echarts", BASE_DIR / "node_modules" / "echarts" / "dist"),
]
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusal_without_traceback": {"()": "zhongshu.core.log_filters.RefusalWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # A 403 is an ordinary answer: one WARNING line with its reason, no traceback (core.log_filters).
    "loggers": {"django.request": {"filters": ["refusal_without_traceback"]}},
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "ZHONGSHU_LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO" if PRODUCTION else "WARNING"
        ),
    },
}

SILENCED_SYSTEM_CHECKS: list[str] = []

if ZHONGSHU_ENV == "test":
    # Same algorithm, lighter parameters: hundreds of accounts are created per test run.
    PASSWORD_HASHERS = ["zhongshu.accounts.hashers.TestArgon2PasswordHasher"]
    ZHONGSHU_JOBS = env_choice("ZHONGSHU_JOBS", ("inprocess", "immediate", "redis"), "immediate")
    # A fixed key, so child processes started by tests build the same chain as the test process.
    ZHONGSHU_AUDIT_KEY = ZHONGSHU_AUDIT_KEY or "test-audit-key-kept-outside-the-database"
    # Each test rolls its chain back, so one anchor log for the run would contradict the next test: off
    # unless set (the anchor's tests give each test its own folder).
    ZHONGSHU_AUDIT_ANCHOR_DIR = os.environ.get("ZHONGSHU_AUDIT_ANCHOR_DIR", "")
    # TEST-ONLY app (tests/access_testapp): a classified model for the access-matrix helper's own tests.
    # Present only where the repository's tests package is importable (pytest from the checkout).
    import importlib.util

    try:
        if importlib.util.find_spec("tests.access_testapp") is not None:
            INSTALLED_APPS.append("tests.access_testapp")
    except ModuleNotFoundError:
        pass
