"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class RefusalWithoutTraceback(logging.Filter):
    """An ordinary refusal (PermissionDenied: someone opened a page their role may not use) is one WARNING
    line on `django.request`, not a traceback: Django logs it with the exception attached, which printed the
    whole stack for every 403. The line keeps the path and gains the refusal's reason; other records pass
    unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and isinstance(exc_info[1], PermissionDenied):
            reason = str(exc_info[1])
            record.exc_info = None
            record.exc_text = None
            if reason:
                record.msg = f"{record.msg} (%s)"
                record.args = (*(record.args if isinstance(record.args, tuple) else ()), reason)
        return True
