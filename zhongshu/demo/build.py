"""Build the sample county 示例县 into an empty or partly built database. Running it again changes nothing:
each row is looked up by its natural key (unit code, department code, username) and only missing rows are
created; rows that exist are left exactly as they are, even if someone edited them since.

The build writes seed rows directly rather than through the organisation services, so that it needs no
administrator to act as and takes seconds; it records one audit event, demo.build, with the counts of what
it created, and none when it created nothing.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from zhongshu.accounts.models import User
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.demo import data
from zhongshu.demo.archives import build_demo_archives
from zhongshu.demo.documents import build_demo_documents, demo_document_roles_present
from zhongshu.demo.duty import build_demo_duty
from zhongshu.demo.information import build_demo_information
from zhongshu.demo.materials import build_demo_materials
from zhongshu.demo.meetings import build_demo_meetings
from zhongshu.demo.reporting import build_demo_reporting
from zhongshu.demo.secrecy import build_demo_secrecy
from zhongshu.demo.supervision import build_demo_supervision
from zhongshu.org.models import Department, Person, Post, Unit, UnitKind

TOTP_DEVICE_NAME = "示例县演示"
BUREAU_OFFICE = data.DepartmentSpec(
    "BGS", "办公室", "负责机关文电、会务、信息、督查、保密、档案和后勤等日常运转工作。"
)


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)
    sign_ins: list[dict[str, str]] = field(default_factory=list)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def demo_totp_key(username: str) -> str:
    """DEMO ONLY: a second-factor secret derived from the username, so the secrets printed for the demo
    stay valid when the demo is rebuilt. Real accounts get random secrets from the accounts service."""
    return hashlib.sha256(f"zhongshu-demo-totp:{username}".encode()).hexdigest()[:40]


def totp_secret_base32(hex_key: str) -> str:
    return base64.b32encode(bytes.fromhex(hex_key)).decode()


def needs_second_factor(user: User, clearance: int) -> bool:
    return bool(user.admin_role) or clearance >= Clearance.IMPORTANT


def _phone(index: int) -> str:
    return f"{data.AREA_CODE}-62{index:05d}"


def _mobile(index: int) -> str:
    return f"1390799{index:04d}"


def _units(result: DemoResult) -> dict[str, Unit]:
    specs: list[data.UnitSpec] = list(data.COUNTY_UNITS)
    for code, name, short, agency, duties, business in data.BUREAUS:
        specs.append(
            data.UnitSpec(
                code,
                name,
                short,
                agency,
                UnitKind.BUREAU,
                "XZF",
                duties,
                (BUREAU_OFFICE, data.DepartmentSpec(*business)),
            )
        )
    for index, town in enumerate(data.TOWNS, start=1):
        specs.append(
            data.UnitSpec(
                f"T{index:02d}",
                f"示例县{town}",
                town,
                f"{town}发",
                UnitKind.TOWN,
                "XW",
                data.TOWN_DUTIES,
                data.TOWN_DEPARTMENTS,
            )
        )
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[spec.code for spec in specs])}
    for order, spec in enumerate(specs, start=1):
        unit = units.get(spec.code)
        if unit is None:
            unit = Unit.objects.create(
                code=spec.code,
                name=spec.name,
                short_name=spec.short_name,
                agency_code=spec.agency_code,
                kind=spec.kind,
                parent=units[spec.parent] if spec.parent else None,
                sort_order=order * 10,
                duties=spec.duties,
                phone=_phone(order * 100),
                address=f"示例县人民路{order}号",
            )
            units[spec.code] = unit
            result.count("units")
        existing = set(Department.objects.filter(unit=unit).values_list("code", flat=True))
        for position, department in enumerate(spec.departments, start=1):
            if department.code not in existing:
                Department.objects.create(
                    unit=unit,
                    code=department.code,
                    name=department.name,
                    duties=department.duties,
                    sort_order=position * 10,
                    phone=_phone(order * 100 + position),
                )
                result.count("departments")
    return units


def _posts(units: dict[str, Unit], result: DemoResult) -> dict[tuple[str, str], Post]:
    posts: dict[tuple[str, str], Post] = {}
    for unit_code, department_code, name, clearance, duties in data.POSTS:
        unit = units[unit_code]
        post = Post.objects.filter(unit=unit, name=name).first()
        if post is None:
            post = Post.objects.create(
                unit=unit,
                name=name,
                department=Department.objects.get(unit=unit, code=department_code),
                required_clearance=clearance,
                duties=duties,
            )
            result.count("posts")
        posts[(unit_code, name)] = post
    return posts


def _totp_device(user: User, result: DemoResult) -> str:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    key = demo_totp_key(user.username)
    if not TOTPDevice.objects.filter(user=user).exists():
        try:
            from zhongshu.accounts.totp import totp_device_create
        except ImportError:  # the accounts app's helper is optional here; django-otp's model is not
            TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
        else:
            device = totp_device_create(user=user, confirmed=True)
            TOTPDevice.objects.filter(pk=device.pk).update(key=key)
        result.count("totp_devices")
    device = TOTPDevice.objects.filter(user=user).first()
    return totp_secret_base32(device.key) if device is not None else ""


def _account(username: str, encoded_password: str, result: DemoResult, admin_role: str = "") -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(
            username=username, password=encoded_password, admin_role=admin_role, must_change_password=False
        )
        result.count("accounts")
    return user


def build_demo(stdout: Any = None) -> DemoResult:
    """Build what is missing; `stdout` (anything with write(), e.g. a command's) gets one summary line."""
    result = DemoResult()
    # Argon2 is slow by design (that is its point); hashing the one demo password once and giving every
    # account the same encoded string keeps the build to seconds instead of minutes.
    encoded_password = make_password(data.DEMO_PASSWORD)
    with transaction.atomic():
        groups = {}
        for role in Role:
            groups[role], created = Group.objects.get_or_create(name=role.value)
            if created:
                result.count("groups")
        units = _units(result)
        posts = _posts(units, result)
        departments = {(d.unit_id, d.code): d for d in Department.objects.filter(unit__in=units.values())}
        second_factor: dict[str, str] = {}
        titles: dict[str, str] = {}
        for index, spec in enumerate(data.people_specs(), start=1):
            user = _account(spec.username, encoded_password, result)
            titles[spec.username] = "、".join(role.label for role in spec.roles) or spec.title
            person = Person.objects.filter(user=user).first()
            if person is None:
                unit = units[spec.unit]
                person = Person.objects.create(
                    user=user,
                    name=spec.name or data.demo_name(index),
                    unit=unit,
                    department=departments[(unit.pk, spec.department)] if spec.department else None,
                    title=spec.title,
                    phone=_mobile(index),
                    office_phone=_phone(index),
                    is_leader=Role.LEADER in spec.roles or spec.leader_rank is not None,
                    leader_rank=spec.leader_rank,
                    clearance=spec.clearance,
                    sort_order=index,
                )
                result.count("people")
                user.groups.add(*(groups[role] for role in spec.roles))
                person.posts.add(*(posts[(spec.unit, name)] for name in spec.posts))
            if needs_second_factor(user, person.clearance):
                second_factor[spec.username] = _totp_device(user, result)
        for username, admin_role in (
            ("sysadmin", AdminRole.SYSTEM_ADMIN),
            ("secadmin", AdminRole.SECURITY_ADMIN),
            ("auditor", AdminRole.AUDITOR),
        ):
            user = _account(username, encoded_password, result, admin_role=admin_role.value)
            titles[username] = admin_role.label
            second_factor[username] = _totp_device(user, result)
        if demo_document_roles_present():
            build_demo_documents(result)
            build_demo_supervision(result)
            build_demo_materials(result)
            build_demo_archives(result)
            build_demo_meetings(result)
            build_demo_duty(result)
            build_demo_information(result)
            build_demo_reporting(result)
            build_demo_secrecy(result)
        if result.changed:
            audit_record(
                actor=None,
                actor_name="系统（示例数据生成）",
                action="demo.build",
                details={"created": result.created},
            )
    for username in data.SIGN_INS:
        result.sign_ins.append(
            {
                "username": username,
                "role": titles.get(username, ""),
                "duty": data.SIGN_IN_DUTIES[username],
                "password": data.DEMO_PASSWORD,
                "totp_secret": second_factor.get(username, ""),
            }
        )
    if stdout is not None:
        summary = ", ".join(f"{count} {kind}" for kind, count in sorted(result.created.items()))
        stdout.write(
            f"demo county 示例县: created {summary}\n"
            if result.changed
            else "demo county 示例县: already complete, nothing changed\n"
        )
    return result


def describe(result: DemoResult) -> list[tuple[str, ...]]:
    return [
        (row["username"], row["role"], row["duty"], row["password"], row["totp_secret"] or "-")
        for row in result.sign_ins
    ]
