"""Small factories for tests: units, people with roles and clearances, and the three administrators."""

from __future__ import annotations

import itertools
from typing import Any

from django.contrib.auth.models import Group

from zhongshu.accounts.models import User
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.org.models import Department, Person, Unit, UnitKind

TEST_PASSWORD = "Test!Pass2026"
_counter = itertools.count(1)


def make_unit(
    name: str | None = None,
    *,
    kind: str = UnitKind.BUREAU,
    parent: Unit | None = None,
    agency_code: str = "",
    **fields: Any,
) -> Unit:
    n = next(_counter)
    return Unit.objects.create(
        name=name or f"测试单位{n}",
        code=fields.pop("code", f"U{n:05d}"),
        kind=kind,
        parent=parent,
        agency_code=agency_code,
        **fields,
    )


def make_department(unit: Unit, name: str | None = None, code: str | None = None) -> Department:
    n = next(_counter)
    return Department.objects.create(unit=unit, name=name or f"科室{n}", code=code or f"D{n}")


def make_user(username: str | None = None, *, password: str = TEST_PASSWORD, **fields: Any) -> User:
    user = User(username=username or f"user{next(_counter)}", **fields)
    user.set_password(password)
    user.save()
    return user


def make_person(
    name: str | None = None,
    *,
    unit: Unit | None = None,
    department: Department | None = None,
    clearance: int = Clearance.NONE,
    roles: tuple[Role, ...] | list[Role] = (),
    username: str | None = None,
    password: str = TEST_PASSWORD,
    **fields: Any,
) -> Person:
    n = next(_counter)
    user = make_user(username or f"person{n}", password=password)
    for role in roles:
        group, _ = Group.objects.get_or_create(name=Role(role).value)
        user.groups.add(group)
    return Person.objects.create(
        user=user,
        name=name or f"人员{n}",
        unit=unit or make_unit(),
        department=department,
        clearance=clearance,
        **fields,
    )


def make_admin(role: AdminRole, username: str | None = None, *, password: str = TEST_PASSWORD) -> User:
    return make_user(
        username or f"{AdminRole(role).value}{next(_counter)}",
        password=password,
        admin_role=AdminRole(role).value,
    )
