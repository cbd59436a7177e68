"""Project-wide pytest set-up: test mode, and the database each run uses (SQLite file or PostgreSQL)."""

import os

os.environ.setdefault("ZHONGSHU_ENV", "test")
os.environ.setdefault("ZHONGSHU_AUDIT_KEY", "test-audit-key-kept-outside-the-database")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
