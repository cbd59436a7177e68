"""Changes to the organisation: units, departments, people and posts; each is audited with what changed.

The system administrator (Power.MANAGE_ORGANISATION) keeps the organisation's records: units,
departments, posts, and a person's name, title and telephones. Changes that alter what a person may see
are the security administrator's (issue 14, finding 1: the system administrator moved a person into
another unit and so changed what that account reads): a person's unit, department and leader standing
(`person_place`, which also decides who receives the second half of a colleague's password reset) and
the posts a person holds (`post_assign`, `post_unassign`), beside clearance levels and need-to-know
grants (`zhongshu.access.services`). We moved the power rather than adding a proposal the security
administrator confirms: the security console already holds every other change of what a person may see,
and one administrator acting on their own page, audited, is simpler to reason about than a pending state
that both consoles must show.

Accounts are made elsewhere (zhongshu.accounts); `person_create` attaches a Person to an existing
business account in its first unit. A new account has no password until the person redeems a reset code
whose second half goes to a leader of that unit (zhongshu.accounts.resets), and no clearance or post, so
placing it first gives the system administrator nothing to read.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from zhongshu.audit.services import audit_record
from zhongshu.base.roles import Power
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.org.models import Department, Person, Post, Unit, UnitKind

UNIT_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "code",
        "agency_code",
        "kind",
        "parent",
        "sort_order",
        "duties",
        "phone",
        "address",
        "is_active",
    }
)
DEPARTMENT_FIELDS = frozenset({"name", "code", "sort_order", "duties", "phone", "is_active"})
PERSON_FIELDS = frozenset({"name", "title", "phone", "office_phone", "sort_order"})
# What a person may see follows these: the security administrator's (`person_place`).
PLACEMENT_FIELDS = frozenset({"unit", "department", "is_leader", "leader_rank"})
PLACEMENT_IS_SECURITY_ADMINS = "单位、处室和领导身份决定其可知悉的范围，须由安全保密管理员调整"
POST_FIELDS = frozenset({"name", "department", "required_clearance", "duties"})


def _require_organisation_power(by: Any) -> None:
    if (
        by is None
        or not getattr(by, "is_authenticated", False)
        or not by.has_power(Power.MANAGE_ORGANISATION)
    ):
        raise Forbidden("只有系统管理员可以维护组织机构")


def _require_security_power(by: Any, message: str = PLACEMENT_IS_SECURITY_ADMINS) -> None:
    if by is None or not getattr(by, "is_authenticated", False) or not by.has_power(Power.SET_CLEARANCE):
        raise Forbidden(message, code="not_security_admin")


def _plain(value: Any) -> Any:
    """An audit-friendly value: related records by id."""
    if hasattr(value, "pk"):
        return value.pk
    return value


def _apply(record: Any, fields: dict[str, Any], allowed: frozenset[str]) -> dict[str, dict[str, Any]]:
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(f"不能修改字段：{'、'.join(sorted(unknown))}", code="unknown_field")
    changes: dict[str, dict[str, Any]] = {}
    for name, value in fields.items():
        before = _plain(getattr(record, name))
        if before != _plain(value):
            changes[name] = {"before": before, "after": _plain(value)}
            setattr(record, name, value)
    return changes


def _require_text(value: str, label: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(f"请填写{label}", code="required", field=field)
    return value


# --- Units --------------------------------------------------------------------------------------------


def _check_unit(unit: Unit) -> None:
    unit.name = _require_text(unit.name, "单位名称", "name")
    unit.code = _require_text(unit.code, "单位代码", "code")
    if unit.kind not in UnitKind.values:
        raise ServiceError("单位类别无效", code="invalid_kind", field="kind")
    if Unit.objects.filter(name=unit.name).exclude(pk=unit.pk).exists():
        raise ServiceError(f"单位名称“{unit.name}”已存在", code="duplicate_name", field="name")
    if Unit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        raise ServiceError(f"单位代码“{unit.code}”已存在", code="duplicate_code", field="code")
    ancestor = unit.parent
    while ancestor is not None:
        if unit.pk is not None and ancestor.pk == unit.pk:
            raise ServiceError("上级单位不能是本单位或其下级单位", code="cycle", field="parent")
        ancestor = ancestor.parent


def unit_create(
    *,
    by: Any,
    name: str,
    code: str,
    kind: str = UnitKind.BUREAU,
    parent: Unit | None = None,
    short_name: str = "",
    agency_code: str = "",
    duties: str = "",
    phone: str = "",
    address: str = "",
    sort_order: int = 0,
) -> Unit:
    _require_organisation_power(by)
    unit = Unit(
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        short_name=short_name.strip(),
        agency_code=agency_code.strip(),
        duties=duties,
        phone=phone.strip(),
        address=address,
        sort_order=sort_order,
    )
    with transaction.atomic():
        _check_unit(unit)
        unit.save()
        audit_record(
            actor=by,
            action="unit.create",
            target=unit,
            details={"name": unit.name, "code": unit.code, "parent": unit.parent_id},
        )
    return unit


def unit_update(*, by: Any, unit: Unit, **fields: Any) -> Unit:
    _require_organisation_power(by)
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        changes = _apply(unit, fields, UNIT_FIELDS)
        if not changes:
            return unit
        _check_unit(unit)
        unit.save()
        audit_record(actor=by, action="unit.update", target=unit, details={"changes": changes})
    return unit


# --- Departments --------------------------------------------------------------------------------------


def _check_department(department: Department) -> None:
    department.name = _require_text(department.name, "处室名称", "name")
    department.code = _require_text(department.code, "处室代码", "code")
    siblings = Department.objects.filter(unit_id=department.unit_id).exclude(pk=department.pk)
    if siblings.filter(name=department.name).exists():
        raise ServiceError(f"本单位已有处室“{department.name}”", code="duplicate_name", field="name")
    if siblings.filter(code=department.code).exists():
        raise ServiceError(f"本单位已有处室代码“{department.code}”", code="duplicate_code", field="code")


def department_create(
    *, by: Any, unit: Unit, name: str, code: str, duties: str = "", phone: str = "", sort_order: int = 0
) -> Department:
    _require_organisation_power(by)
    department = Department(
        unit=unit, name=name, code=code, duties=duties, phone=phone.strip(), sort_order=sort_order
    )
    with transaction.atomic():
        _check_department(department)
        department.save()
        audit_record(
            actor=by,
            action="department.create",
            target=department,
            details={"name": department.name, "unit": unit.pk},
        )
    return department


def department_update(*, by: Any, department: Department, **fields: Any) -> Department:
    _require_organisation_power(by)
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        changes = _apply(department, fields, DEPARTMENT_FIELDS)
        if not changes:
            return department
        _check_department(department)
        department.save()
        audit_record(actor=by, action="department.update", target=department, details={"changes": changes})
    return department


# --- People -------------------------------------------------------------------------------------------


def _check_person(person: Person) -> None:
    person.name = _require_text(person.name, "姓名", "name")
    if person.department is not None and person.department.unit_id != person.unit_id:
        raise ServiceError("处室不属于所选单位", code="department_not_in_unit", field="department")
    if not person.is_leader:
        person.leader_rank = None
    elif person.leader_rank is None:
        raise ServiceError("领导须填写领导排序", code="leader_rank_required", field="leader_rank")


def person_create(
    *,
    by: Any,
    username: str,
    name: str,
    unit: Unit,
    department: Department | None = None,
    title: str = "",
    phone: str = "",
    office_phone: str = "",
    is_leader: bool = False,
    leader_rank: int | None = None,
    sort_order: int = 0,
) -> Person:
    """Attach a Person to the existing business account `username`, in its first unit. The leader standing
    is the security administrator's (`person_place`)."""
    _require_organisation_power(by)
    if is_leader or leader_rank is not None:
        raise Forbidden(PLACEMENT_IS_SECURITY_ADMINS, code="not_security_admin")
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().filter(username=username.strip()).first()
        if account is None:
            raise ServiceError(
                f"账号“{username.strip()}”不存在，请先创建账号", code="no_such_account", field="username"
            )
        if account.admin_role:
            raise ServiceError("管理员账号不能对应人员", code="admin_account", field="username")
        if Person.objects.filter(user=account).exists():
            raise ServiceError(f"账号“{account.username}”已对应人员", code="account_taken", field="username")
        person = Person(
            user=account,
            name=name,
            unit=unit,
            department=department,
            title=title.strip(),
            phone=phone.strip(),
            office_phone=office_phone.strip(),
            is_leader=is_leader,
            leader_rank=leader_rank,
            sort_order=sort_order,
        )
        _check_person(person)
        person.save()
        audit_record(
            actor=by,
            action="person.create",
            target=person,
            details={"name": person.name, "unit": unit.pk, "account": account.pk},
        )
    return person


def person_update(*, by: Any, person: Person, **fields: Any) -> Person:
    """The system administrator's edit of a person's name, title, telephones and order. A placement field
    (unit, department, leader standing) is refused, even when another field changes with it."""
    _require_organisation_power(by)
    if set(fields) & PLACEMENT_FIELDS:
        raise Forbidden(PLACEMENT_IS_SECURITY_ADMINS, code="not_security_admin")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changes = _apply(person, fields, PERSON_FIELDS)
        if not changes:
            return person
        _check_person(person)
        person.save()
        audit_record(actor=by, action="person.update", target=person, details={"changes": changes})
    return person


def person_place(
    *,
    by: Any,
    person: Person,
    unit: Unit,
    department: Department | None = None,
    is_leader: bool = False,
    leader_rank: int | None = None,
    reason: str = "",
) -> Person:
    """The security administrator moves a person to a unit and department, or changes their leader
    standing; audited as person.placement with before, after and the reason."""
    _require_security_power(by)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError("请填写调整理由", code="required", field="reason")
    fields = {"unit": unit, "department": department, "is_leader": is_leader, "leader_rank": leader_rank}
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        changes = _apply(person, fields, PLACEMENT_FIELDS)
        _check_person(person)
        if not changes or all(change["before"] == change["after"] for change in changes.values()):
            return person
        person.save()
        # The person's own cached access viewer (if this is their request's user) is stale now.
        person.user.__dict__.pop("_access_viewer", None)
        audit_record(
            actor=by,
            action="person.placement",
            target=person,
            details={"changes": changes, "reason": reason[:200]},
        )
    return person


# --- Posts --------------------------------------------------------------------------------------------


def _check_post(post: Post) -> None:
    post.name = _require_text(post.name, "岗位名称", "name")
    if post.department is not None and post.department.unit_id != post.unit_id:
        raise ServiceError("处室不属于所选单位", code="department_not_in_unit", field="department")
    if Post.objects.filter(unit_id=post.unit_id, name=post.name).exclude(pk=post.pk).exists():
        raise ServiceError(f"本单位已有岗位“{post.name}”", code="duplicate_name", field="name")


def post_create(
    *,
    by: Any,
    unit: Unit,
    name: str,
    department: Department | None = None,
    required_clearance: int = 0,
    duties: str = "",
) -> Post:
    _require_organisation_power(by)
    post = Post(
        unit=unit, name=name, department=department, required_clearance=required_clearance, duties=duties
    )
    with transaction.atomic():
        _check_post(post)
        post.save()
        audit_record(
            actor=by,
            action="post.create",
            target=post,
            details={"name": post.name, "unit": unit.pk, "required_clearance": post.required_clearance},
        )
    return post


def post_update(*, by: Any, post: Post, **fields: Any) -> Post:
    _require_organisation_power(by)
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        changes = _apply(post, fields, POST_FIELDS)
        if not changes:
            return post
        _check_post(post)
        post.save()
        audit_record(actor=by, action="post.update", target=post, details={"changes": changes})
    return post


POSTS_ARE_SECURITY_ADMINS = "岗位任免决定其可知悉的范围，须由安全保密管理员办理"


def post_assign(*, by: Any, post: Post, person: Person) -> None:
    """Give a person a post: the security administrator's, as a post can carry a clearance requirement and
    so what the person may know."""
    _require_security_power(by, POSTS_ARE_SECURITY_ADMINS)
    with transaction.atomic():
        if person.posts.filter(pk=post.pk).exists():
            return
        person.posts.add(post)
        audit_record(actor=by, action="post.assign", target=post, details={"person": person.pk})


def post_unassign(*, by: Any, post: Post, person: Person) -> None:
    _require_security_power(by, POSTS_ARE_SECURITY_ADMINS)
    with transaction.atomic():
        if not person.posts.filter(pk=post.pk).exists():
            return
        person.posts.remove(post)
        audit_record(actor=by, action="post.unassign", target=post, details={"person": person.pk})
