"""References to units and people in what a page or an API call sends, resolved through the access policy:
the same rule as the pickers, so a unit or a person the viewer may not see reads as one that does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhongshu.access.policy import visible
from zhongshu.core.inputs import Input
from zhongshu.org.models import Person, Unit


def unit_choices(viewer: Any) -> QuerySet[Unit]:
    return visible(Unit.objects.all(), viewer)


def person_choices(viewer: Any, *, leaders_only: bool = False) -> QuerySet[Person]:
    people = Person.objects.filter(is_leader=True) if leaders_only else Person.objects.all()
    return visible(people, viewer)


def unit(
    data: Input, name: str, viewer: Any, *, label: str = "单位", field: str | None = None
) -> Unit | None:
    return data.record(name, unit_choices(viewer), label=label, code="unknown_unit", field=field)


def units(data: Input, name: str, viewer: Any, *, label: str = "单位") -> list[Unit]:
    return data.records(name, unit_choices(viewer), label=label, code="unknown_unit")


def person(
    data: Input, name: str, viewer: Any, *, label: str, leaders_only: bool = False, field: str | None = None
) -> Person | None:
    return data.record(
        name,
        person_choices(viewer, leaders_only=leaders_only),
        label=label,
        code="unknown_person",
        field=field,
    )


def people(data: Input, name: str, viewer: Any, *, label: str) -> list[Person]:
    return data.records(name, person_choices(viewer), label=label, code="unknown_person")
