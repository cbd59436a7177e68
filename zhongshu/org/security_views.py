"""The security administrator's console (/org/security/): clearance levels, a person's unit, department,
leader standing and posts (what decides what a person may see), need-to-know grants and the
classification policy. Only accounts holding the security powers reach it. The writes are
`zhongshu.access.services`; the pages live here, beside the directory they list people from (access sits
below the directory and never imports it)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from zhongshu.access import services
from zhongshu.access.forms import ClearanceForm, GrantForm, PolicyForm
from zhongshu.access.models import ClassificationPolicy, NeedToKnowGrant
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Power
from zhongshu.core.errors import ServiceError
from zhongshu.core.forms import add_service_error
from zhongshu.org import services as org_services
from zhongshu.org.forms import PlacementForm, PostsForm
from zhongshu.org.models import Person
from zhongshu.org.selectors import directory_search, people_in_order

View = Callable[..., HttpResponse]


def requires(power: Power) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_power(power):  # type: ignore[union-attr]
                raise PermissionDenied("只有安全保密管理员可以进入保密管理")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def _people() -> QuerySet[Person]:
    return Person.objects.select_related("unit", "department")


@requires(Power.SET_CLEARANCE)
def console(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    if query:
        people = directory_search(query, request.user).people
    else:
        people = list(people_in_order(_people().exclude(clearance=Clearance.NONE)))
    return render(request, "org/security/console.html", {"people": people, "query": query})


def _person_page(
    request: HttpRequest,
    person: Person,
    *,
    form: ClearanceForm | None = None,
    placement: PlacementForm | None = None,
    posts: PostsForm | None = None,
) -> HttpResponse:
    """The security administrator's page of one person: clearance, placement and posts, each its own form."""
    context = {
        "person": person,
        "form": form or ClearanceForm(initial={"clearance": person.clearance}),
        "placement": placement
        or PlacementForm(
            initial={
                "unit": person.unit_id,
                "department": person.department_id,
                "is_leader": person.is_leader,
                "leader_rank": person.leader_rank,
            },
            viewer=request.user,
        ),
        "posts": posts or PostsForm(unit=person.unit, initial={"posts": list(person.posts.all())}),
    }
    failed = any(f is not None and f.errors for f in (form, placement, posts))
    return render(request, "org/security/clearance.html", context, status=400 if failed else 200)


@require_POST
@requires(Power.SET_CLEARANCE)
def person_placement(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(_people(), pk=pk)
    form = PlacementForm(request.POST, viewer=request.user)
    if form.is_valid():
        try:
            org_services.person_place(by=request.user, person=person, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已调整{person.name}的单位、处室和领导身份")
            return redirect("org:security_person", pk=person.pk)
    return _person_page(request, person, placement=form)


@require_POST
@requires(Power.SET_CLEARANCE)
def person_posts(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(_people(), pk=pk)
    form = PostsForm(request.POST, unit=person.unit)
    if form.is_valid():
        wanted = set(form.cleaned_data["posts"])
        held = set(person.posts.all())
        try:
            with transaction.atomic():
                for post in sorted(held - wanted, key=lambda p: p.pk):
                    org_services.post_unassign(by=request.user, post=post, person=person)
                for post in sorted(wanted - held, key=lambda p: p.pk):
                    org_services.post_assign(by=request.user, post=post, person=person)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已保存{person.name}的岗位")
            return redirect("org:security_person", pk=person.pk)
    return _person_page(request, person, posts=form)


@requires(Power.SET_CLEARANCE)
def person_clearance(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(_people(), pk=pk)
    if request.method != "POST":
        return _person_page(request, person)
    form = ClearanceForm(request.POST, initial={"clearance": person.clearance})
    if request.method == "POST" and form.is_valid():
        try:
            services.clearance_set(
                by=request.user,
                person=person,
                clearance=form.cleaned_data["clearance"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, f"已将{person.name}的涉密等级设为{Clearance(form.cleaned_data['clearance']).label}"
            )
            return redirect("org:security")
    return _person_page(request, person, form=form)


def _classified_content_types() -> list[ContentType]:
    return [ContentType.objects.get_for_model(model) for model in services.classified_models()]


@requires(Power.GRANT_NEED_TO_KNOW)
def grants(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import get_user_model

    form = GrantForm(request.POST or None, content_types=_classified_content_types())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = get_user_model().objects.filter(username=data["username"].strip()).first()
        person = _people().filter(user=account).first() if account else None
        if person is None:
            form.add_error("username", "该账号没有对应人员")
        else:
            try:
                services.need_to_know_grant(
                    by=request.user,
                    person=person,
                    content_type=data["content_type"],
                    object_id=data["object_id"],
                    reason=data["reason"],
                    expires_at=data["expires_at"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"已授予{person.name}知悉范围")
                return redirect("org:security_grants")
    live = (
        NeedToKnowGrant.objects.filter(revoked_at__isnull=True)
        .select_related("person", "person__unit", "content_type", "granted_by")
        .order_by("-granted_at")[:200]
    )
    return render(request, "org/security/grants.html", {"form": form, "grants": live})


@require_POST
@requires(Power.GRANT_NEED_TO_KNOW)
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(NeedToKnowGrant, pk=pk)
    try:
        services.need_to_know_revoke(by=request.user, grant=grant)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "已撤销授权")
    return redirect("org:security_grants")


@requires(Power.SET_CLASSIFICATION_POLICY)
def policy(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST or None, instance=ClassificationPolicy.current())
    if request.method == "POST" and form.is_valid():
        try:
            services.classification_policy_update(
                by=request.user, **{field: form.cleaned_data[field] for field in PolicyForm.Meta.fields}
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "已保存定密策略")
            return redirect("org:security_policy")
    return render(request, "org/security/policy.html", {"form": form})
