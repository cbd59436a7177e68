"""Project-wide pytest set-up. Settings choose the test mode by themselves when pytest runs them."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_addoption(parser):
    # The real sample documents are not part of the repository; tests that read them are skipped unless
    # their folder is named here (tests/materials/test_real_corpus.py).
    parser.addoption(
        "--corpus-dir",
        default=os.environ.get("ZHONGSHU_CORPUS_DIR", ""),
        help="folder of the five real corpus documents (default: $ZHONGSHU_CORPUS_DIR); unset skips those tests",
    )
