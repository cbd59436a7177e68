"""The county's general office (县委办 / 政府办): the units where an office director works. The office's own
值班员 keep the county's duty, its 信息员 edit the county's publications; the same roles in a bureau or a town
serve only their unit. Modules ask here rather than each keeping its own copy of the rule."""

from __future__ import annotations

import contextlib
from typing import Any

from zhongshu.base.roles import Role


def office_unit_ids() -> set[int]:
    from zhongshu.org.models import Person

    return set(
        Person.objects.filter(
            user__groups__name=Role.OFFICE_DIRECTOR.value, user__is_active=True
        ).values_list("unit_id", flat=True)
    )


def unit_id_of(user: Any) -> int | None:
    """The unit of a user or of an access-policy Viewer, or None for an account without a person."""
    unit_id = getattr(user, "unit_id", None)
    if unit_id is None:
        person = getattr(user, "person_or_none", None)
        unit_id = person.unit_id if person is not None else None
    return unit_id if isinstance(unit_id, int) else None


def works_in_office_as(user: Any, role: Role) -> bool:
    """Whether the user holds `role` in the county office (not in a bureau or a town). A page may ask once per
    row: the answer is kept on the request's user, as Django keeps its permission cache there; a frozen
    access-policy Viewer just asks again."""
    if not getattr(user, "is_active", False) or not user.has_role(role):
        return False
    cache_name = f"_office_{role.value}"
    known = getattr(user, cache_name, None)
    if known is not None:
        return bool(known)
    unit_id = unit_id_of(user)
    answer = unit_id is not None and unit_id in office_unit_ids()
    with contextlib.suppress(AttributeError, TypeError):
        setattr(user, cache_name, answer)
    return answer
