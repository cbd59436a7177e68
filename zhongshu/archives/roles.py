"""Who does what with archives: the 档案员 files, arranges, shelves and appraises; the archives head (an
archivist who heads the room, i.e. a 科长 or 主任, or the office director) approves classified use and
destruction; the office's people consult and borrow."""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import is_business_person
from zhongshu.base.roles import Role

# The office's people who may use the archives (consult, borrow) and see the 档案 pages.
USER_ROLES = (
    Role.ARCHIVIST,
    Role.CLERK,
    Role.SUPERVISOR,
    Role.INFO_OFFICER,
    Role.DUTY_OFFICER,
    Role.SECRECY_OFFICER,
    Role.OFFICE_DIRECTOR,
    Role.LEADER,
)
HEAD_TITLES = ("科长", "主任")
ARCHIVIST_ONLY = "只有档案员可以办理归档"
HEAD_ONLY = "只有档案室负责人或办公室主任可以审批"


def may_use_archives(user: Any) -> bool:
    return is_business_person(user) and any(user.has_role(role) for role in USER_ROLES)


def is_archivist(user: Any) -> bool:
    return is_business_person(user) and user.has_role(Role.ARCHIVIST)


def is_archives_head(user: Any) -> bool:
    """The office director, or an archivist whose title makes them the head of the archives room."""
    if not is_business_person(user):
        return False
    if user.has_role(Role.OFFICE_DIRECTOR):
        return True
    if not user.has_role(Role.ARCHIVIST):
        return False
    from zhongshu.org.models import Person

    title = Person.objects.filter(user_id=user.pk).values_list("title", flat=True).first() or ""
    return any(title.endswith(head) for head in HEAD_TITLES)
