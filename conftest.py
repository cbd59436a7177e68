"""Project-wide pytest set-up. Settings choose the test mode by themselves when pytest runs them."""

import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
