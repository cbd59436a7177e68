"""Who may read and change the organisation directory, and which person stands behind an account, registered
with the access policy (which sits below the directory and never imports it).

Business people and the system and security administrators read the directory (the security
administrator must find the people whose clearance they set); the auditor reads nothing but the audit
log. Only the system administrator changes the organisation. A person's clearance level is seen only by
the security administrator and by that person.
"""

from __future__ import annotations

from django.db.models import Model, Q

from zhongshu.access.policy import (
    Action,
    PersonFacts,
    Viewer,
    register_field_rule,
    register_person_lookup,
    register_scope,
)
from zhongshu.base.roles import AdminRole
from zhongshu.org.models import Department, Person, Post, Unit

DIRECTORY_ADMINS = frozenset({AdminRole.SYSTEM_ADMIN.value, AdminRole.SECURITY_ADMIN.value})


def may_read_directory(viewer: Viewer) -> bool:
    return viewer.is_active and (viewer.is_business_person or viewer.admin_role in DIRECTORY_ADMINS)


def _scope(active_filter: Q):
    def scope(viewer: Viewer, action: Action) -> Q | None:
        if action == Action.CHANGE:
            return Q() if viewer.admin_role == AdminRole.SYSTEM_ADMIN else None
        if not may_read_directory(viewer):
            return None
        # Administrators see retired units and people too: they manage them.
        return Q() if viewer.admin_role else active_filter

    return scope


def clearance_visible(viewer: Viewer, person: Model) -> bool:
    return viewer.admin_role == AdminRole.SECURITY_ADMIN or (
        viewer.person_id is not None and viewer.person_id == person.pk
    )


def person_of_account(user_id: int) -> PersonFacts | None:
    """The person behind an account, as the access policy needs them: (id, unit id, clearance), or None."""
    return Person.objects.filter(user_id=user_id).values_list("id", "unit_id", "clearance").first()


def register() -> None:
    register_person_lookup(person_of_account)
    register_scope(Unit, _scope(Q(is_active=True)))
    register_scope(Department, _scope(Q(is_active=True, unit__is_active=True)))
    register_scope(Person, _scope(Q(user__is_active=True)))
    register_scope(Post, _scope(Q(unit__is_active=True)))
    register_field_rule(Person, "clearance", clearance_visible)
