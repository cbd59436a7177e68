"""The system administrator's organisation pages (/org/manage/): units, departments and people.

Accounts are created in account management; here an existing account gets its Person. Clearance levels
are not on these pages: they belong to the security administrator.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhongshu.base.roles import Power
from zhongshu.core.errors import ServiceError
from zhongshu.core.forms import add_service_error
from zhongshu.org import services
from zhongshu.org.forms import DepartmentForm, PersonCreateForm, PersonForm, UnitForm
from zhongshu.org.models import Department, Person, Unit
from zhongshu.org.selectors import directory_search, people_in_order, unit_tree

View = Callable[..., HttpResponse]


def organisation_manager(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_power(Power.MANAGE_ORGANISATION):  # type: ignore[union-attr]
            raise PermissionDenied("只有系统管理员可以维护组织机构")
        return view(request, *args, **kwargs)

    return wrapper


def _initial(record: Any, form_class: type[forms.Form]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in form_class.base_fields if hasattr(record, name)}


@organisation_manager
def manage_home(request: HttpRequest) -> HttpResponse:
    return render(request, "org/manage/home.html", {"tree": unit_tree(request.user)})


@organisation_manager
def unit_new(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None, initial={"parent": request.GET.get("parent")}, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "is_active"}
        try:
            unit = services.unit_create(by=request.user, **data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已新增单位“{unit.name}”")
            return redirect("org:manage_unit", pk=unit.pk)
    return render(request, "org/manage/form.html", {"form": form, "heading": "新增单位"})


@organisation_manager
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=pk)
    form = UnitForm(request.POST or None, initial=_initial(unit, UnitForm), viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(by=request.user, unit=unit, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("org:manage_unit", pk=unit.pk)
    departments = Department.objects.filter(unit=unit).order_by("sort_order", "code")
    people = people_in_order(Person.objects.filter(unit=unit).select_related("department", "user"))
    return render(
        request,
        "org/manage/unit.html",
        {"unit": unit, "form": form, "departments": departments, "people": people},
    )


@organisation_manager
def department_new(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit, pk=unit_pk)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {key: value for key, value in form.cleaned_data.items() if key != "is_active"}
        try:
            services.department_create(by=request.user, unit=unit, **data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已新增处室“{data['name']}”")
            return redirect("org:manage_unit", pk=unit.pk)
    return render(request, "org/manage/form.html", {"form": form, "heading": f"{unit.name} · 新增处室"})


@organisation_manager
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department.objects.select_related("unit"), pk=pk)
    form = DepartmentForm(request.POST or None, initial=_initial(department, DepartmentForm))
    if request.method == "POST" and form.is_valid():
        try:
            services.department_update(by=request.user, department=department, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("org:manage_unit", pk=department.unit_id)
    return render(
        request,
        "org/manage/form.html",
        {"form": form, "heading": f"{department.unit.name} · {department.name}"},
    )


@organisation_manager
def people_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    results = directory_search(query, request.user) if query.strip() else None
    return render(request, "org/manage/people.html", {"results": results, "query": query})


@organisation_manager
def person_new(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(
        request.POST or None, initial={"unit": request.GET.get("unit")}, viewer=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(by=request.user, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"已为账号“{person.user.username}”建立人员“{person.name}”")
            return redirect("org:manage_unit", pk=person.unit_id)
    return render(request, "org/manage/form.html", {"form": form, "heading": "新增人员（对应已有账号）"})


@organisation_manager
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("unit", "user"), pk=pk)
    form = PersonForm(request.POST or None, initial=_initial(person, PersonForm))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(by=request.user, person=person, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "已保存")
            return redirect("org:manage_unit", pk=person.unit_id)
    return render(
        request,
        "org/manage/form.html",
        {"form": form, "heading": f"{person.name}（账号 {person.user.username}）"},
    )
