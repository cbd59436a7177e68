"""Who does what in 机要保密: the county office's 保密办 (its 保密员) and the office director keep the secrecy
office's ledgers — the carriers, the cleared posts and people, the secondees, the reviews and the self-inspection;
the classification officers (定密责任人, classification.py) decide on classification; every department's part-time
secrecy administrator (兼职保密管理员) fills its self-inspection; everyone else sees what they hold, borrowed or
proposed, and takes the knowledge tests. The security administrator (三员) alone changes a person's clearance
(access.services.clearance_set), from the queue the personnel part keeps for him."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Power, Role
from zhongshu.org.offices import works_in_office_as


def may_use_secrecy(user: Any) -> bool:
    """Every business account (a person); the three administrators do not (the security administrator has
    his own page, personnel's clearance queue, which asks `is_security_admin`)."""
    return is_business_person(user)


def keeps_ledger(user: Any) -> bool:
    """The county office's 保密员 and the office director: the secrecy office. Takes a user or an access-policy
    Viewer."""
    if not getattr(user, "is_active", False):
        return False
    return bool(user.has_role(Role.OFFICE_DIRECTOR)) or works_in_office_as(user, Role.SECRECY_OFFICER)


def is_security_admin(user: Any) -> bool:
    """Who holds the power to set a clearance (the security administrator, 三员): the queue applies exactly that."""
    has_power = getattr(user, "has_power", None)
    return bool(getattr(user, "is_authenticated", False) and has_power and has_power(Power.SET_CLEARANCE))
