"""The 机要保密 API's personnel part (mounted under /api/secrecy): /personnel/people (the ledger, with its view),
/personnel/people/{id} (a person's secrecy file) and its /vettings, /pledges, /trainings and /departures,
/personnel/posts (the cleared posts and their holders), /personnel/departures/{id} (the checklist and the
cooling-off end) with /talk, /pledge and /complete, and the security administrator's /personnel/clearance-queue
with /{person_id}/apply. The same contracts, services and access as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from zhongshu.access.policy import RecordNotFound, get_for
from zhongshu.accounts.actors import actor_of
from zhongshu.core.errors import Forbidden
from zhongshu.core.inputs import IdParam, Input, request_body
from zhongshu.org.models import Person
from zhongshu.secrecy import personnel
from zhongshu.secrecy.actions_personnel import RULES
from zhongshu.secrecy.models_personnel import Departure, Pledge, PledgeKind, TrainingRecord, Vetting
from zhongshu.secrecy.roles import is_security_admin, keeps_ledger, may_use_secrecy
from zhongshu.secrecy.schemas_personnel import (
    CompleteIn,
    DepartureIn,
    PledgeIn,
    TalkIn,
    TrainingIn,
    VettingIn,
)

router = Router(tags=["机要保密：涉密人员"])
VIEWS = ("all", "cooling_off", "revetting_due", "below_level")


def _allowed(request: HttpRequest) -> None:
    if not may_use_secrecy(request.user):
        raise Forbidden("无权使用机要保密", code="not_allowed")


def _keeper(request: HttpRequest) -> None:
    _allowed(request)
    if not keeps_ledger(request.user):
        raise Forbidden(personnel.KEEPER_ONLY, code="not_allowed")


def _person(request: HttpRequest, pk: int) -> Person:
    _allowed(request)
    person = get_for(request.user, Person.objects.select_related("unit", "department"), pk)
    if not personnel.may_see_file(request.user, person):
        raise RecordNotFound()
    return person


def _departure(request: HttpRequest, pk: int) -> Departure:
    _allowed(request)
    return get_for(request.user, Departure.objects.select_related("person__unit", "post", "talk_by"), pk)


class PostOut(Schema):
    id: int
    name: str
    unit: str
    level: int
    level_label: str


class LedgerRowOut(Schema):
    person_id: int
    name: str
    unit: str
    posts: list[PostOut]
    post_level: int
    clearance: int
    clearance_label: str
    below_level: bool
    last_vetting: date | None
    revetting_due: date | None
    revetting_overdue: bool
    pledges: int
    training_hours: Decimal
    status: str
    cooling_off_until: date | None


class VettingOut(Schema):
    id: int
    post_id: int
    post: str
    kind: str
    result: str
    vetted_on: date
    vetted_by: str
    note: str


class PledgeOut(Schema):
    id: int
    kind: str
    signed_on: date
    departure_id: int | None
    note: str


class TrainingOut(Schema):
    id: int
    title: str
    trained_on: date
    hours: Decimal


class DepartureRow(Schema):
    id: int
    post_id: int
    post: str
    level: int
    left_on: date
    cooling_off_years: int
    cooling_off_end: date
    completed: bool


class FileOut(Schema):
    person: LedgerRowOut
    vettings: list[VettingOut]
    pledges: list[PledgeOut]
    trainings: list[TrainingOut]
    departures: list[DepartureRow]


class ChecklistOut(Schema):
    talk_done: bool
    pledge_signed: bool
    carriers_out: int
    carriers_returned: bool
    access_removed: bool


class DepartureOut(DepartureRow):
    person_id: int
    person: str
    talk_on: date | None
    talk_by: str
    note: str
    checklist: ChecklistOut
    version: int
    actions: list[str]


class HolderOut(Schema):
    person_id: int
    name: str
    clearance: int
    below_level: bool


class PostWithHoldersOut(PostOut):
    holders: list[HolderOut]


class QueueItemOut(Schema):
    person_id: int
    name: str
    unit: str
    clearance: int
    target: int
    to_assign: list[PostOut]
    to_unassign: list[PostOut]
    reason: str


def _post(post: Any) -> dict[str, Any]:
    return {
        "id": post.pk,
        "name": post.name,
        "unit": post.unit.name,
        "level": post.required_clearance,
        "level_label": post.get_required_clearance_display(),
    }


def _row(row: personnel.LedgerRow, today: date) -> dict[str, Any]:
    return {
        "person_id": row.person.pk,
        "name": row.person.name,
        "unit": row.person.unit.name,
        "posts": [_post(post) for post in row.posts],
        "post_level": row.post_level,
        "clearance": row.person.clearance,
        "clearance_label": row.person.get_clearance_display(),
        "below_level": row.below_level,
        "last_vetting": row.last_vetting,
        "revetting_due": row.revetting_due,
        "revetting_overdue": row.revetting_overdue(today),
        "pledges": row.pledges,
        "training_hours": row.training_hours,
        "status": row.status,
        "cooling_off_until": row.cooling_off_until,
    }


def _departure_row(departure: Departure) -> dict[str, Any]:
    return {
        "id": departure.pk,
        "post_id": departure.post_id,
        "post": departure.post.name,
        "level": departure.level,
        "left_on": departure.left_on,
        "cooling_off_years": departure.cooling_off_years,
        "cooling_off_end": personnel.cooling_off_end(departure),
        "completed": departure.completed_at is not None,
    }


def _file(request: HttpRequest, person: Person) -> dict[str, Any]:
    today = timezone.localdate()
    row = personnel.ledger(today, Person.objects.filter(pk=person.pk))
    user = request.user
    return {
        "person": _row(row[0], today)
        if row
        else _row(
            personnel.LedgerRow(person, [], None, None, 0, Decimal("0"), personnel.Status.NO_POST, None),
            today,
        ),
        "vettings": [
            {
                "id": v.pk,
                "post_id": v.post_id,
                "post": v.post.name,
                "kind": v.kind,
                "result": v.result,
                "vetted_on": v.vetted_on,
                "vetted_by": v.vetted_by.name,
                "note": v.note,
            }
            for v in personnel.visible_records(Vetting, user, person).select_related("post", "vetted_by")
        ],
        "pledges": [
            {
                "id": p.pk,
                "kind": p.kind,
                "signed_on": p.signed_on,
                "departure_id": p.departure_id,
                "note": p.note,
            }
            for p in personnel.visible_records(Pledge, user, person)
        ],
        "trainings": [
            {"id": t.pk, "title": t.title, "trained_on": t.trained_on, "hours": t.hours}
            for t in personnel.visible_records(TrainingRecord, user, person)
        ],
        "departures": [
            _departure_row(d)
            for d in personnel.visible_records(Departure, user, person).select_related("post")
        ],
    }


def _departure_out(request: HttpRequest, departure: Departure) -> dict[str, Any]:
    check = personnel.checklist(departure)
    return {
        **_departure_row(departure),
        "person_id": departure.person_id,
        "person": departure.person.name,
        "talk_on": departure.talk_on,
        "talk_by": departure.talk_by.name if departure.talk_by else "",
        "note": departure.note,
        "checklist": {
            "talk_done": check.talk_done,
            "pledge_signed": check.pledge_signed,
            "carriers_out": check.carriers_out,
            "carriers_returned": check.carriers_returned,
            "access_removed": check.access_removed,
        },
        "version": departure.version,
        "actions": RULES.available(request.user, departure),
    }


@router.get(
    "/personnel/people",
    response=list[LedgerRowOut],
    summary="涉密人员台账（view: all, cooling_off, revetting_due, below_level）",
)
def list_people(request: HttpRequest) -> list[dict[str, Any]]:
    _keeper(request)
    view = Input(request.GET).choice("view", list(VIEWS), label="视图", default="all")
    today = timezone.localdate()
    rows = personnel.ledger(today)
    if view == "cooling_off":
        rows = [row for row in rows if row.cooling_off_until is not None]
    elif view == "revetting_due":
        rows = [row for row in rows if row.revetting_overdue(today)]
    elif view == "below_level":
        rows = [row for row in rows if row.below_level]
    return [_row(row, today) for row in rows]


@router.get("/personnel/people/{person_id}", response=FileOut, summary="涉密人员档案")
def get_person(request: HttpRequest, person_id: IdParam) -> dict[str, Any]:
    return _file(request, _person(request, person_id))


def _keeper_person(request: HttpRequest, person_id: int) -> Person:
    person = _person(request, person_id)
    if not keeps_ledger(request.user):
        raise Forbidden(personnel.KEEPER_ONLY, code="not_allowed")
    return person


@router.post(
    "/personnel/people/{person_id}/vettings",
    response={201: FileOut},
    summary="登记上岗审查或复审",
    openapi_extra=request_body(VettingIn),
)
def add_vetting(request: HttpRequest, person_id: IdParam) -> Status[Any]:
    person = _keeper_person(request, person_id)
    VettingIn.parse(Input.of(request), request.user).apply(by=actor_of(request), person=person)
    return Status(201, _file(request, person))


@router.post(
    "/personnel/people/{person_id}/pledges",
    response={201: FileOut},
    summary="登记在岗保密承诺书（signed_on, note；扫描件以 multipart 的 file 上传）",
    openapi_extra=request_body(PledgeIn),
)
def add_pledge(request: HttpRequest, person_id: IdParam) -> Status[Any]:
    person = _keeper_person(request, person_id)
    PledgeIn.parse(Input.of(request), request.user, kind=PledgeKind.ON_POST).apply(
        by=actor_of(request), person=person
    )
    return Status(201, _file(request, person))


@router.post(
    "/personnel/people/{person_id}/trainings",
    response={201: FileOut},
    summary="登记保密培训",
    openapi_extra=request_body(TrainingIn),
)
def add_training(request: HttpRequest, person_id: IdParam) -> Status[Any]:
    person = _keeper_person(request, person_id)
    TrainingIn.parse(Input.of(request), request.user).apply(by=actor_of(request), person=person)
    return Status(201, _file(request, person))


@router.post(
    "/personnel/people/{person_id}/departures",
    response={201: DepartureOut},
    summary="登记离岗（post, left_on, cooling_off_years）",
    openapi_extra=request_body(DepartureIn),
)
def add_departure(request: HttpRequest, person_id: IdParam) -> Status[Any]:
    person = _keeper_person(request, person_id)
    departure = DepartureIn.parse(Input.of(request), request.user).apply(by=actor_of(request), person=person)
    return Status(201, _departure_out(request, _departure(request, departure.pk)))


@router.get("/personnel/posts", response=list[PostWithHoldersOut], summary="涉密岗位及在岗人员")
def list_posts(request: HttpRequest) -> list[dict[str, Any]]:
    _keeper(request)
    return [
        {
            **_post(post),
            "holders": [
                {
                    "person_id": holder.person.pk,
                    "name": holder.person.name,
                    "clearance": holder.person.clearance,
                    "below_level": holder.below_level,
                }
                for holder in holders
            ],
        }
        for post, holders in personnel.posts_with_holders()
    ]


@router.get("/personnel/departures/{departure_id}", response=DepartureOut, summary="离岗手续")
def get_departure(request: HttpRequest, departure_id: IdParam) -> dict[str, Any]:
    return _departure_out(request, _departure(request, departure_id))


@router.post(
    "/personnel/departures/{departure_id}/talk",
    response=DepartureOut,
    summary="登记提醒谈话（talk_on, talk_by, version）",
    openapi_extra=request_body(TalkIn),
)
def departure_talk(request: HttpRequest, departure_id: IdParam) -> dict[str, Any]:
    departure = _departure(request, departure_id)
    TalkIn.parse(Input.of(request), request.user).apply(by=actor_of(request), departure=departure)
    return _departure_out(request, _departure(request, departure_id))


@router.post(
    "/personnel/departures/{departure_id}/pledge",
    response=DepartureOut,
    summary="登记离岗保密承诺书（signed_on, note）",
    openapi_extra=request_body(PledgeIn),
)
def departure_pledge(request: HttpRequest, departure_id: IdParam) -> dict[str, Any]:
    departure = _departure(request, departure_id)
    PledgeIn.parse(Input.of(request), request.user, kind=PledgeKind.LEAVING).apply(
        by=actor_of(request), person=departure.person, departure=departure
    )
    return _departure_out(request, _departure(request, departure_id))


@router.post(
    "/personnel/departures/{departure_id}/complete",
    response=DepartureOut,
    summary="办结离岗手续（version）",
    openapi_extra=request_body(CompleteIn),
)
def departure_complete(request: HttpRequest, departure_id: IdParam) -> dict[str, Any]:
    departure = _departure(request, departure_id)
    CompleteIn.parse(Input.of(request), request.user).apply(by=actor_of(request), departure=departure)
    return _departure_out(request, _departure(request, departure_id))


def _security_admin(request: HttpRequest) -> None:
    if not is_security_admin(request.user):
        raise Forbidden("只有安全保密管理员可以调整涉密等级", code="not_security_admin")


def _queue_item(item: personnel.QueueItem) -> dict[str, Any]:
    return {
        "person_id": item.person.pk,
        "name": item.person.name,
        "unit": item.person.unit.name,
        "clearance": item.clearance,
        "target": item.target,
        "to_assign": [_post(post) for post in item.to_assign],
        "to_unassign": [_post(post) for post in item.to_unassign],
        "reason": item.reason,
    }


@router.get(
    "/personnel/clearance-queue", response=list[QueueItemOut], summary="涉密人员调整（安全保密管理员）"
)
def clearance_queue(request: HttpRequest) -> list[dict[str, Any]]:
    _security_admin(request)
    return [_queue_item(item) for item in personnel.clearance_queue()]


@router.post(
    "/personnel/clearance-queue/{person_id}/apply",
    response=QueueItemOut,
    summary="按调整清单调整一人的岗位和涉密等级（安全保密管理员）",
)
def clearance_apply(request: HttpRequest, person_id: IdParam) -> dict[str, Any]:
    _security_admin(request)
    person = get_for(request.user, Person.objects.select_related("unit"), person_id)
    return _queue_item(personnel.clearance_adjust(by=actor_of(request), person=person))
