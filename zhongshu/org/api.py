"""The organisation API (/api/org): the unit tree, a unit, directory search, a person, and me.

Reads go through the access policy like the pages; a person's clearance appears only for the security
administrator and for that person (the key is absent otherwise).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from zhongshu.access.policy import RecordNotFound, can_see_field, get_for, viewer_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.request_context import current_source_address
from zhongshu.org.models import Person, Unit
from zhongshu.org.pickers import people_options, unit_options
from zhongshu.org.scopes import may_read_directory
from zhongshu.org.selectors import UnitNode, directory_search, unit_directory, unit_tree

router = Router()


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    code: str
    agency_code: str
    kind: str
    parent_id: int | None
    phone: str


class UnitTreeOut(UnitOut):
    children: list[UnitTreeOut]


class DepartmentOut(Schema):
    id: int
    name: str
    code: str
    duties: str
    phone: str


class PersonOut(Schema):
    id: int
    name: str
    unit_id: int
    unit_name: str
    department_id: int | None
    department_name: str | None
    title: str
    phone: str
    office_phone: str
    is_leader: bool
    leader_rank: int | None
    clearance: int | None = None
    clearance_label: str | None = None


class UnitDetailOut(UnitOut):
    duties: str
    address: str
    departments: list[DepartmentOut]
    people: list[PersonOut]


class PickerOptionOut(Schema):
    value: str
    text: str
    unit: str
    detail: str
    group: str
    search: str
    members: list[PickerOptionOut] | None = None


class PickerGroupOut(Schema):
    value: str
    label: str


class PickerOut(Schema):
    results: list[PickerOptionOut]
    groups: list[PickerGroupOut]


def _require_directory(request: HttpRequest) -> None:
    if not may_read_directory(viewer_of(request.user)):
        raise Forbidden("无权查看通讯录")


def _unit(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "code": unit.code,
        "agency_code": unit.agency_code,
        "kind": unit.kind,
        "parent_id": unit.parent_id,
        "phone": unit.phone,
    }


def _node(node: UnitNode) -> dict[str, Any]:
    return {**_unit(node.unit), "children": [_node(child) for child in node.children]}


def person_out(person: Person, user: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": person.pk,
        "name": person.name,
        "unit_id": person.unit_id,
        "unit_name": person.unit.name,
        "department_id": person.department_id,
        "department_name": person.department.name if person.department else None,
        "title": person.title,
        "phone": person.phone,
        "office_phone": person.office_phone,
        "is_leader": person.is_leader,
        "leader_rank": person.leader_rank,
    }
    if can_see_field(user, person, "clearance"):
        data["clearance"] = person.clearance
        data["clearance_label"] = person.get_clearance_display()
    return data


@router.get("/units", response=list[UnitTreeOut], summary="单位树")
def units(request: HttpRequest) -> list[dict[str, Any]]:
    _require_directory(request)
    return [_node(node) for node in unit_tree(request.user)]


@router.get("/units/{unit_id}", response=UnitDetailOut, exclude_unset=True, summary="单位详情（处室、人员）")
def unit(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    _require_directory(request)
    record = get_for(request.user, Unit, unit_id, source_address=current_source_address.get())
    departments, unassigned = unit_directory(request.user, record)
    people = [p for d in departments for p in d.listed_people] + unassigned  # type: ignore[attr-defined]
    return {
        **_unit(record),
        "duties": record.duties,
        "address": record.address,
        "departments": [
            {"id": d.pk, "name": d.name, "code": d.code, "duties": d.duties, "phone": d.phone}
            for d in departments
        ],
        "people": [person_out(p, request.user) for p in people],
    }


@router.get(
    "/people", response=list[PersonOut], exclude_unset=True, summary="通讯录查找（姓名、拼音、首字母）"
)
def people(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    _require_directory(request)
    return [person_out(p, request.user) for p in directory_search(q, request.user).people]


@router.get("/people/{person_id}", response=PersonOut, exclude_unset=True, summary="人员")
def person(request: HttpRequest, person_id: int) -> dict[str, Any]:
    _require_directory(request)
    record = get_for(
        request.user,
        Person.objects.select_related("unit", "department"),
        person_id,
        source_address=current_source_address.get(),
    )
    return person_out(record, request.user)


@router.get("/me", response=PersonOut, exclude_unset=True, summary="本人名片（含涉密等级）")
def me(request: HttpRequest) -> dict[str, Any]:
    person_id = viewer_of(request.user).person_id
    if person_id is None:
        raise RecordNotFound()
    record = Person.objects.select_related("unit", "department").get(pk=person_id)
    return person_out(record, request.user)


@router.get(
    "/picker/people",
    response=PickerOut,
    exclude_unset=True,
    summary="人员选择器（姓名、拼音、首字母；按单位分组）",
)
def picker_people(request: HttpRequest, q: str = "", leaders: bool = False) -> dict[str, Any]:
    _require_directory(request)
    return people_options(request.user, q, leaders_only=leaders)


@router.get(
    "/picker/units",
    response=PickerOut,
    exclude_unset=True,
    summary="单位选择器（单位树；各乡镇、县直各单位）",
)
def picker_units(request: HttpRequest, q: str = "", groups: bool = False) -> dict[str, Any]:
    _require_directory(request)
    return unit_options(request.user, q, with_groups=groups)
