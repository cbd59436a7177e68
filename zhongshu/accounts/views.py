"""Sign-in pages (password, second factor, password change) and the system administrator's account console."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from zhongshu.accounts import resets, services, signin
from zhongshu.accounts.actors import actor_of
from zhongshu.accounts.forms import (
    AccountCreateForm,
    CodeForm,
    LoginForm,
    PasswordChangeForm,
    ResetRedeemForm,
    RolesForm,
)
from zhongshu.accounts.models import User
from zhongshu.accounts.passwords import password_change_due
from zhongshu.accounts.totp import totp_confirmed_device, totp_enrolment_device, totp_qr_data_uri, totp_secret
from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Power, Role
from zhongshu.core.errors import ServiceError
from zhongshu.core.forms import add_service_error
from zhongshu.core.middleware import client_address
from zhongshu.org.security_views import requires


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _next_param(request: HttpRequest) -> str:
    return request.POST.get("next") or request.GET.get("next") or ""


# --- Signing in ---------------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, _next_param(request))
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        check = signin.signin_check_password(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            address=client_address(request),
        )
        if check.verdict == signin.Verdict.ACCEPTED:
            if check.second_factor or signin.account_needs_second_factor(check.user):
                signin.pending_start(request, check.user, next_url)
                return redirect("accounts:otp")
            signin.signin_complete(request, check.user)
            return redirect(next_url)
        error = check.message
    elif request.method == "POST":
        error = signin.WRONG_CREDENTIALS
    status = 200 if not error else 400
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": _next_param(request)},
        status=status,
    )


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def otp(request: HttpRequest) -> HttpResponse:
    """The second step: a TOTP code, or enrolment of an authenticator app when the account has none."""
    signed_in = request.user.is_authenticated
    if signed_in:
        user: Any = request.user
        next_url = _safe_next(request, _next_param(request))
        if not signin.account_needs_second_factor(user) or user.is_verified():
            return redirect(next_url)
    else:
        had_pending = signin.PENDING_KEY in request.session
        pending = signin.pending_user(request)
        if pending is None:
            if had_pending:
                messages.error(request, signin.PENDING_EXPIRED)
            return redirect("accounts:login")
        user, next_url = pending
        next_url = _safe_next(request, next_url)

    device = totp_confirmed_device(user)
    enrolling = device is None
    if device is None:
        device = totp_enrolment_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verdict = signin.signin_check_code(
            user=user, device=device, code=form.cleaned_data["code"], address=client_address(request)
        )
        if verdict == signin.Verdict.ACCEPTED:
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                if user.must_enrol_second_factor:
                    user.must_enrol_second_factor = False
                    user.save(update_fields=["must_enrol_second_factor"])
                audit_record(actor=user, action="auth.totp_enrolled", target=user)
            if signed_in:
                otp_login(request, device)
                audit_record(actor=user, action="auth.second_factor", target=user)
            else:
                signin.signin_complete(request, user, device)
            return redirect(next_url)
        if verdict == signin.Verdict.DISABLED:
            if signed_in:
                signin.signout(request)
            request.session.pop(signin.PENDING_KEY, None)
            messages.error(request, signin.DISABLED)
            return redirect("accounts:login")
        form.add_error("code", signin.THROTTLED if verdict == signin.Verdict.THROTTLED else signin.WRONG_CODE)
    context = {"form": form, "enrolling": enrolling, "next": _next_param(request), "username": user.username}
    if enrolling:
        context.update(secret=totp_secret(device), qr_data_uri=totp_qr_data_uri(device))
    return render(request, "accounts/otp.html", context, status=400 if form.errors else 200)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    signin.signout(request)
    return redirect("accounts:login")


@sensitive_post_parameters("old_password", "new_password", "new_password_again")
@login_required
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_password_change(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "密码已修改。")
            return redirect(_safe_next(request, _next_param(request)))
    context = {
        "form": form,
        "next": _next_param(request),
        "forced": user.must_change_password,
        "expired": not user.must_change_password and password_change_due(user),
        "max_age_days": settings.ZHONGSHU_PASSWORD_MAX_AGE_DAYS,
    }
    return render(request, "accounts/password_change.html", context, status=400 if form.errors else 200)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context = {
        "account": user,
        "second_factor": totp_confirmed_device(user) is not None,
        "second_factor_needed": signin.account_needs_second_factor(user),
        "max_age_days": settings.ZHONGSHU_PASSWORD_MAX_AGE_DAYS,
    }
    return render(request, "accounts/me.html", context)


# --- The system administrator's console ---------------------------------------------------------------


def account_manager_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_power(Power.MANAGE_ACCOUNTS):  # type: ignore[union-attr]
            raise PermissionDenied("只有系统管理员可以管理账号。")
        return view(request, *args, **kwargs)

    return wrapped


def _status_of(user: User, *, throttle: bool = False) -> str:
    """The account's state; with `throttle` (one account's page, not the list) a name being slowed down."""
    if not user.is_active:
        return "停用"
    if user.is_locked() or (throttle and signin.throttled_anywhere(username=user.username)):
        # No account is locked any more; a name being slowed down at some address shows the same way.
        return "锁定"
    return "在用"


@account_manager_required
def manage(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    accounts = User.objects.select_related("person").prefetch_related("groups").order_by("username")
    if query:
        accounts = accounts.filter(Q(username__icontains=query) | Q(person__name__icontains=query))
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    role_labels = dict(Role.choices)
    rows = [
        {
            "user": account,
            "name": getattr(getattr(account, "person", None), "name", ""),
            "roles": [role_labels.get(group.name, group.name) for group in account.groups.all()],
            "status": _status_of(account),
        }
        for account in page.object_list
    ]
    return render(request, "accounts/manage/list.html", {"rows": rows, "page": page, "q": query})


@account_manager_required
def manage_create(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.account_create(by=actor_of(request), username=form.cleaned_data["username"])
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, "账号已创建，尚无密码。请在组织机构中为其建立人员，再在此签发首次登录码。"
            )
            return redirect("accounts:manage_detail", pk=user.pk)
    return render(request, "accounts/manage/create.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(account: User) -> dict[str, Any]:
    person = getattr(account, "person", None) if not account.admin_role else None
    role_labels = dict(Role.choices)
    return {
        "account": account,
        "name": person.name if person else "",
        "status": _status_of(account, throttle=True),
        "roles": [role_labels.get(name, name) for name in account.groups.values_list("name", flat=True)],
    }


@account_manager_required
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    return render(request, "accounts/manage/detail.html", _detail_context(account))


@requires(Power.SET_CLEARANCE)  # the security console's own guard: a role widens what a person reads
def roles(request: HttpRequest, pk: int) -> HttpResponse:
    """The security administrator's page of an account's business roles (linked from the security console)."""
    account = get_object_or_404(User.objects.select_related("person"), pk=pk, admin_role="")
    form = RolesForm(
        request.POST or None, initial={"roles": list(account.groups.values_list("name", flat=True))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.account_set_roles(by=actor_of(request), user=account, roles=form.cleaned_data["roles"])
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "业务角色已保存。")
            return redirect("accounts:roles", pk=account.pk)
    person = getattr(account, "person", None)
    return render(
        request,
        "accounts/roles.html",
        {"account": account, "person": person, "form": form},
        status=400 if form.errors else 200,
    )


def _simple_action(action: Callable[..., User], done: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @require_POST
    @account_manager_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        account = get_object_or_404(User, pk=pk)
        try:
            action(by=actor_of(request), user=account)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return HttpResponseRedirect(reverse("accounts:manage_detail", args=[account.pk]))

    return view


manage_disable = _simple_action(services.account_disable, "账号已停用。")
manage_enable = _simple_action(services.account_enable, "账号已启用。")
manage_unlock = _simple_action(services.account_unlock, "账号已解锁。")


@require_POST
@account_manager_required
def manage_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a reset: the page shows the first half once; the second half waits for the unit's leader."""
    account = get_object_or_404(User, pk=pk)
    try:
        issued = services.account_reset_password(by=actor_of(request), user=account)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("accounts:manage_detail", pk=account.pk)
    response = render(
        request,
        "accounts/manage/reset_issued.html",
        {"account": account, "issued": issued, "leaders": [leader.name for leader in issued.leaders]},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- The unit leader's half and the person's own step -------------------------------------------------


@login_required
def resets_awaiting(request: HttpRequest) -> HttpResponse:
    """A leader's list of resets of their unit's people whose second half they may be shown once."""
    awaiting = resets.password_resets_awaiting(request.user)
    return render(request, "accounts/resets/awaiting.html", {"resets": awaiting})


@require_POST
@login_required
def reset_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    reset = next((r for r in resets.password_resets_awaiting(request.user) if r.pk == pk), None)
    if reset is None:
        # Not this leader's to see (or already shown): the same answer as a reset that does not exist.
        raise Http404
    try:
        half = resets.password_reset_reveal(by=request.user, reset=reset)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("accounts:resets")
    person = getattr(reset.user, "person", None)
    response = render(
        request,
        "accounts/resets/half.html",
        {"reset": reset, "half": half, "name": person.name if person else reset.user.username},
    )
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("first_half", "second_half", "new_password", "new_password_again")
@csrf_protect
@never_cache
def reset_redeem(request: HttpRequest) -> HttpResponse:
    form = ResetRedeemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            resets.password_reset_redeem(
                username=data["username"],
                first_half=data["first_half"],
                second_half=data["second_half"],
                new_password=data["new_password"],
                address=client_address(request),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "密码已设置，请用新密码登录。")
            return redirect("accounts:login")
    return render(request, "accounts/reset_redeem.html", {"form": form}, status=400 if form.errors else 200)
