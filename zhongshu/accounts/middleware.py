"""The sign-in policy for signed-in sessions: a second factor where required, then a due password change.

Runs after django-otp's OTPMiddleware (which gives `request.user.is_verified()`). Pages are redirected to
the step still owed; the JSON API answers 403 with a code instead, since a script cannot follow a form.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from zhongshu.accounts.passwords import password_change_due
from zhongshu.accounts.signin import account_needs_second_factor

SECOND_FACTOR_REQUIRED = ("second_factor_required", "请先完成双因素身份验证")
PASSWORD_CHANGE_REQUIRED = ("password_change_required", "请先修改密码")


class SignInPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def exempt_prefixes(self) -> tuple[str, ...]:
        # Resolved on first use: the URLconf is not loaded yet when middleware is built.
        names = (
            "accounts:login",
            "accounts:logout",
            "accounts:password_change",
            "accounts:otp",
            "accounts:reset_redeem",
        )
        # A calendar feed (meetings' /meetings/feed/<token>.ics) is opened by calendar clients, which do not
        # sign in: its token is its key, so a signed-in browser's owed step never stands in its way.
        feeds = reverse("meetings:feed", args=["-"]).rsplit("/", 1)[0] + "/"
        return (*(reverse(name) for name in names), feeds, settings.STATIC_URL or "/static/")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(self.exempt_prefixes):
            return self.get_response(request)
        if account_needs_second_factor(user) and not user.is_verified():  # type: ignore[union-attr]
            return self._owed(request, "accounts:otp", SECOND_FACTOR_REQUIRED)
        if password_change_due(user):
            return self._owed(request, "accounts:password_change", PASSWORD_CHANGE_REQUIRED)
        return self.get_response(request)

    def _owed(self, request: HttpRequest, url_name: str, error: tuple[str, str]) -> HttpResponse:
        code, message = error
        if request.path.startswith("/api/"):
            return JsonResponse({"code": code, "message": message}, status=403)
        url = reverse(url_name)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        response = HttpResponseRedirect(url)
        if request.headers.get("HX-Request") == "true":
            # A partial swap would put the whole step page into a fragment: make htmx load it instead.
            response["HX-Redirect"] = url
        return response
