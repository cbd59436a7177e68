"""Reads of the organisation directory (通讯录), always through the access policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import F, Prefetch, Q, QuerySet

from zhongshu.access.policy import visible
from zhongshu.org.models import Department, Person, Unit
from zhongshu.org.pinyin import normalise_query

SEARCH_LIMIT = 50


def people_in_order(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Leaders first in leader_rank order (领导排序), then everyone else; the same on SQLite and PostgreSQL."""
    return queryset.order_by("unit__sort_order", F("leader_rank").asc(nulls_last=True), "sort_order", "id")


@dataclass
class UnitNode:
    unit: Unit
    children: list[UnitNode] = field(default_factory=list)


def unit_tree(user: Any) -> list[UnitNode]:
    """The units the user may see, as a forest in sort order (one query)."""
    units = list(visible(Unit.objects.all(), user).order_by("sort_order", "code"))
    nodes = {unit.pk: UnitNode(unit) for unit in units}
    roots: list[UnitNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def unit_directory(user: Any, unit: Unit) -> tuple[list[Department], list[Person]]:
    """A unit's departments (with their people) and the people outside any department."""
    people = people_in_order(visible(Person.objects.select_related("department"), user).filter(unit=unit))
    departments = list(
        visible(Department.objects.all(), user)
        .filter(unit=unit)
        .order_by("sort_order", "code")
        .prefetch_related(Prefetch("people", queryset=people, to_attr="listed_people"))
    )
    return cast(list[Department], departments), list(people.filter(department__isnull=True))


@dataclass
class DirectoryResults:
    query: str
    units: list[Unit]
    departments: list[Department]
    people: list[Person]

    @property
    def empty(self) -> bool:
        return not (self.units or self.departments or self.people)


def name_match(query: str) -> Q:
    """A unit, department or person whose name, full pinyin or pinyin initials contain the query."""
    key = normalise_query(query)
    match = Q(name__icontains=query.strip())
    if key.isascii():
        match |= Q(name_pinyin__contains=key) | Q(name_initials__contains=key)
    return match


def directory_search(query: str, user: Any, *, limit: int = SEARCH_LIMIT) -> DirectoryResults:
    """Units, departments and people whose name, pinyin or pinyin initials contain the query.

    "zs" finds 张三, "xfj" finds 信访局, "zhang" finds every 张. A person also matches by title or phone.
    """
    query = query.strip()[:40]
    if not query:
        return DirectoryResults(query, [], [], [])
    units = visible(Unit.objects.all(), user).filter(name_match(query) | Q(short_name__icontains=query))
    departments = visible(Department.objects.select_related("unit"), user).filter(name_match(query))
    people = visible(Person.objects.select_related("unit", "department"), user).filter(
        name_match(query)
        | Q(title__icontains=query)
        | Q(phone__contains=query)
        | Q(office_phone__contains=query)
    )
    return DirectoryResults(
        query=query,
        units=list(units.order_by("sort_order", "code")[:limit]),
        departments=list(departments.order_by("unit__sort_order", "sort_order")[:limit]),
        people=list(people_in_order(people)[:limit]),
    )


def unit_choices(user: Any) -> QuerySet[Unit]:
    """The units `user` may pick from in a filter or a form, in the directory's order."""
    return visible(Unit.objects.only("id", "name").order_by("sort_order", "code"), user)


def person_of_user(user: Any) -> Person | None:
    """The person behind a signed-in account, or None (anonymous, the three administrators). Read through
    the account's one-to-one accessor, which Django caches on the user object: one query per request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        person: Person = user.person
    except Person.DoesNotExist:
        return None
    return person
