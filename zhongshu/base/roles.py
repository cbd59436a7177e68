"""Business roles (held as groups) and the three administrators (三员), whose powers never overlap.

An account is either a business account (a Person, with any business roles) or one of the three
administrators: an administrator holds exactly one administrative role, no business role and no Person,
so it can read no business record.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    CLERK = "clerk", "文书"
    SUPERVISOR = "supervisor", "督查员"
    INFO_OFFICER = "info_officer", "信息员"
    DUTY_OFFICER = "duty_officer", "值班员"
    SECRECY_OFFICER = "secrecy_officer", "保密员"
    ARCHIVIST = "archivist", "档案员"
    OFFICE_DIRECTOR = "office_director", "办公室主任"
    LEADER = "leader", "领导"
    LIAISON = "liaison", "单位联络员"


class AdminRole(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全保密管理员"
    AUDITOR = "auditor", "安全审计员"


class Power(models.TextChoices):
    """What the administrators may do. Each power belongs to exactly one administrator."""

    MANAGE_ACCOUNTS = "manage_accounts", "管理账号"
    MANAGE_ORGANISATION = "manage_organisation", "管理组织机构"
    MANAGE_CALENDAR = "manage_calendar", "维护工作日历"
    SET_CLEARANCE = "set_clearance", "设定涉密等级"
    SET_CLASSIFICATION_POLICY = "set_classification_policy", "设定定密策略"
    GRANT_NEED_TO_KNOW = "grant_need_to_know", "授予知悉范围"
    READ_AUDIT = "read_audit", "查阅审计日志"
    VERIFY_AUDIT = "verify_audit", "校验审计链"


POWERS: dict[AdminRole, frozenset[Power]] = {
    AdminRole.SYSTEM_ADMIN: frozenset(
        {Power.MANAGE_ACCOUNTS, Power.MANAGE_ORGANISATION, Power.MANAGE_CALENDAR}
    ),
    AdminRole.SECURITY_ADMIN: frozenset(
        {Power.SET_CLEARANCE, Power.SET_CLASSIFICATION_POLICY, Power.GRANT_NEED_TO_KNOW}
    ),
    AdminRole.AUDITOR: frozenset({Power.READ_AUDIT, Power.VERIFY_AUDIT}),
}


def powers_of(admin_role: str | None) -> frozenset[Power]:
    if not admin_role:
        return frozenset()
    return POWERS[AdminRole(admin_role)]
