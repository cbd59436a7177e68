"""TEST-ONLY app: a minimal classified model and three routes, so the access-matrix helper can be run
before any business module exists. Installed only when ZHONGSHU_ENV=test (see zhongshu/settings.py)."""
