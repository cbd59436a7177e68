"""Cleared posts and people (涉密岗位、涉密人员): the 保密办's services and derived views.

Who: the 保密办 and the office director (`roles.keeps_ledger`) keep the ledger — they record vettings,
pledges, training and departures, and see everyone's file; a person sees his own file; the security
administrator (`roles.is_security_admin`) sees only the clearance queue (names, units, posts and levels) and
applies it through the directory's own services (`access.services.clearance_set`, `org.services.post_assign`
/ `post_unassign`), which audit each change.

Derived, never stored: a departure's cooling-off end (left on + the years chosen, within the configured range
for the post's level: `ZHONGSHU_SECRECY_COOLING_OFF_<LEVEL>` = "default,shortest,longest"), its "carriers
returned" (nothing on the carriers ledger held or lent by the person) and "access removed" (the post no longer
held and the clearance no more than the remaining posts need); re-vetting due (the last passed vetting plus
`ZHONGSHU_SECRECY_REVETTING_YEARS`); a person's status (在岗 / 脱密期 / 已脱密); the holders below their
post's level; the security administrator's queue.

A refusal of bad input (a cooling-off period outside the range, leaving a post one does not hold, completing a
departure while carriers are held, a vetting the vetter is not cleared for, a date in the future) is audited
with its code and changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, register_scope, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Clearance
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.periods import add_years
from zhongshu.org.models import Person, Post
from zhongshu.secrecy.models_personnel import (
    Departure,
    Pledge,
    PledgeKind,
    TrainingRecord,
    Vetting,
    VettingKind,
    VettingResult,
)
from zhongshu.secrecy.roles import is_security_admin, keeps_ledger

CLASSIFIED_LEVELS = (Clearance.ORDINARY, Clearance.IMPORTANT, Clearance.CORE)
_COOLING_OFF_SETTING = {
    Clearance.CORE: ("ZHONGSHU_SECRECY_COOLING_OFF_CORE", "3,3,5"),
    Clearance.IMPORTANT: ("ZHONGSHU_SECRECY_COOLING_OFF_IMPORTANT", "2,2,3"),
    Clearance.ORDINARY: ("ZHONGSHU_SECRECY_COOLING_OFF_ORDINARY", "1,1,2"),
}
MOST_TRAINING_HOURS = Decimal("99.9")
KEEPER_ONLY = "只有保密办和办公室主任可以管理涉密人员"


# --- configuration and date arithmetic -----------------------------------------------------------------------


@dataclass(frozen=True)
class CoolingOffRange:
    default: int
    shortest: int
    longest: int


def cooling_off_range(level: int) -> CoolingOffRange:
    """The configured cooling-off years for a post level: "default,shortest,longest"."""
    name, fallback = _COOLING_OFF_SETTING[Clearance(level)]
    raw = str(getattr(settings, name, fallback))
    try:
        default, shortest, longest = (int(part) for part in raw.split(","))
    except ValueError:
        raise ValueError(f"{name} must be three whole numbers: default,shortest,longest") from None
    if not 0 < shortest <= default <= longest:
        raise ValueError(f"{name}: shortest ≤ default ≤ longest, all above zero")
    return CoolingOffRange(default, shortest, longest)


def revetting_years() -> int:
    return int(getattr(settings, "ZHONGSHU_SECRECY_REVETTING_YEARS", 1))


def cooling_off_end(departure: Departure) -> date:
    return add_years(departure.left_on, departure.cooling_off_years)


def revetting_due_on(last_passed: date) -> date:
    return add_years(last_passed, revetting_years())


def level_label(level: int) -> str:
    return str(Clearance(level).label)


# --- who ------------------------------------------------------------------------------------------------------


def may_keep(user: Any) -> bool:
    return keeps_ledger(user)


def may_see_file(user: Any, person: Person) -> bool:
    """A person's secrecy file: the 保密办 and the office director, or the person himself."""
    own = getattr(user, "person_or_none", None)
    return keeps_ledger(user) or (own is not None and own.pk == person.pk)


def _record_scope(viewer: Viewer, action: Action) -> Q | None:
    """The personnel records: all for the ledger's keepers, his own (read only) for a person, none for the
    administrators (the security administrator's queue reads them inside the service, not through a list)."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    if action == Action.CHANGE:
        return None
    return Q(person_id=viewer.person_id or 0)


def register_scopes() -> None:
    for model in (Vetting, Pledge, TrainingRecord, Departure):
        register_scope(model, _record_scope)


def _require_keeper(by: Actor) -> None:
    if not keeps_ledger(by):
        raise Forbidden(KEEPER_ONLY, code="not_allowed")


def refusals_audited(person: Person, *, by: Actor, action: str) -> AbstractContextManager[None]:
    """Audit a refused `action` as `secrecy.personnel.<action>`, naming the person (audit.refusals: use it
    outside `transaction.atomic()`), then let the refusal go on."""
    return audited_refusals(by=by, action=f"secrecy.personnel.{action}", target=person)


def _not_future(day: date | None, *, today: date, field_name: str, label: str) -> date:
    if day is None:
        raise ServiceError(f"请填写{label}", code="required", field=field_name)
    if day > today:
        raise ServiceError(f"{label}不能晚于今天", code="date_in_future", field=field_name)
    return day


# --- carriers and posts ------------------------------------------------------------------------------------------


def carriers_held(person_id: int) -> int:
    """How many carriers the ledger has out with the person (held or lent): the carriers part's answer."""
    from zhongshu.secrecy.carriers import held_by

    return held_by(person_id).count()


def classified_posts() -> QuerySet[Post]:
    return Post.objects.filter(required_clearance__gt=Clearance.NONE, unit__is_active=True).select_related(
        "unit", "department"
    )


def posts_needed_level(posts: list[Post]) -> int:
    return max((post.required_clearance for post in posts), default=Clearance.NONE)


# --- services -------------------------------------------------------------------------------------------------


def vetting_record(
    *,
    by: Actor,
    person: Person,
    post: Post | None,
    kind: str,
    result: str,
    vetted_on: date | None,
    vetted_by: Person | None,
    note: str = "",
    today: date | None = None,
) -> Vetting:
    """登记审查: a 上岗审查 before a post or a 复审 of a post the person holds. The vetter must be cleared for the
    post's level (one does not vouch for access one has not); a passed 上岗审查 above the person's clearance
    goes to the security administrator's queue."""
    _require_keeper(by)
    today = today or timezone.localdate()
    with refusals_audited(person, by=by, action="vetting_record"), transaction.atomic():
        if kind not in VettingKind.values:
            raise ServiceError("请选择审查类别", code="bad_kind", field="kind")
        if result not in VettingResult.values:
            raise ServiceError("请选择审查结论", code="bad_result", field="result")
        if post is None:
            raise ServiceError("请选择岗位", code="required", field="post")
        if post.required_clearance <= Clearance.NONE:
            raise ServiceError(f"{post.name}不是涉密岗位，无需审查", code="post_not_classified", field="post")
        if post.unit_id != person.unit_id:
            raise ServiceError(
                f"{post.name}不是{person.name}所在单位的岗位", code="post_other_unit", field="post"
            )
        if kind == VettingKind.PERIODIC and not person.posts.filter(pk=post.pk).exists():
            raise ServiceError(
                f"{person.name}不在{post.name}岗位，不能复审", code="not_post_holder", field="post"
            )
        day = _not_future(vetted_on, today=today, field_name="vetted_on", label="审查日期")
        if vetted_by is None:
            raise ServiceError("请选择审查人", code="required", field="vetted_by")
        if vetted_by.clearance < post.required_clearance:
            raise ServiceError(
                f"审查人{vetted_by.name}的涉密等级低于{post.name}岗位的{level_label(post.required_clearance)}等级，"
                "不能审查该岗位人员",
                code="vetter_below_post",
                field="vetted_by",
            )
        vetting = Vetting.objects.create(
            person=person,
            post=post,
            kind=kind,
            result=result,
            vetted_on=day,
            vetted_by=vetted_by,
            note=note.strip(),
            recorded_by=by,
        )
        audit_record(
            actor=by,
            action="secrecy.personnel.vetting_record",
            target=vetting,
            details={"person": person.pk, "post": post.pk, "kind": kind, "result": result},
        )
    return vetting


def pledge_record(
    *,
    by: Actor,
    person: Person,
    kind: str,
    signed_on: date | None,
    departure: Departure | None = None,
    note: str = "",
    upload: Any = None,
    today: date | None = None,
) -> Pledge:
    """登记保密承诺书, with its scan if given. A leaving pledge belongs to one of the person's departures."""
    from zhongshu.attachments.services import attach_file, store_file

    _require_keeper(by)
    today = today or timezone.localdate()
    with refusals_audited(person, by=by, action="pledge_record"), transaction.atomic():
        if kind not in PledgeKind.values:
            raise ServiceError("请选择承诺书类别", code="bad_kind", field="kind")
        day = _not_future(signed_on, today=today, field_name="signed_on", label="签订日期")
        if kind == PledgeKind.LEAVING:
            if departure is None or departure.person_id != person.pk:
                raise ServiceError(
                    "离岗保密承诺书须在离岗事项中登记", code="departure_required", field="departure"
                )
            from zhongshu.secrecy.actions_personnel import RULES

            # Locked, as the talk and the completion lock it: a pledge is not recorded into a departure being
            # completed, nor twice.
            departure = _locked(departure, None)
            RULES.require("pledge", by, departure)
            if day < add_years(departure.left_on, -1):
                raise ServiceError(
                    "签订日期与离岗日期相距过远，请核对", code="date_too_early", field="signed_on"
                )
        else:
            departure = None
        stored = store_file(uploaded=upload, by=by) if upload is not None else None
        pledge = Pledge.objects.create(
            person=person, kind=kind, signed_on=day, departure=departure, note=note.strip(), recorded_by=by
        )
        if stored is not None:
            attach_file(owner=pledge, stored=stored, by=by, purpose="pledge")
        audit_record(
            actor=by,
            action="secrecy.personnel.pledge_record",
            target=pledge,
            details={"person": person.pk, "kind": kind},
        )
    return pledge


def training_record(
    *,
    by: Actor,
    person: Person,
    title: str,
    trained_on: date | None,
    hours: Decimal | None,
    today: date | None = None,
) -> TrainingRecord:
    """登记保密培训."""
    _require_keeper(by)
    today = today or timezone.localdate()
    with refusals_audited(person, by=by, action="training_record"), transaction.atomic():
        if not title.strip():
            raise ServiceError("请填写培训名称", code="required", field="title")
        day = _not_future(trained_on, today=today, field_name="trained_on", label="培训日期")
        if hours is None:
            raise ServiceError("请填写学时", code="required", field="hours")
        if hours <= 0 or hours > MOST_TRAINING_HOURS:
            raise ServiceError("学时应在0.5到99.9之间", code="bad_hours", field="hours")
        training = TrainingRecord.objects.create(
            person=person, title=title.strip(), trained_on=day, hours=hours, recorded_by=by
        )
        audit_record(
            actor=by,
            action="secrecy.personnel.training_record",
            target=training,
            details={"person": person.pk, "hours": str(hours)},
        )
    return training


def departure_record(
    *,
    by: Actor,
    person: Person,
    post: Post | None,
    left_on: date | None,
    cooling_off_years: int | None = None,
    note: str = "",
    today: date | None = None,
) -> Departure:
    """登记离岗: the person leaves a cleared post he holds; the cooling-off years default to the level's and must
    stay within its range. The post is taken away and the clearance lowered by the security administrator,
    from his queue."""
    _require_keeper(by)
    today = today or timezone.localdate()
    with refusals_audited(person, by=by, action="departure_record"), transaction.atomic():
        if post is None:
            raise ServiceError("请选择岗位", code="required", field="post")
        if not person.posts.filter(pk=post.pk).exists():
            raise ServiceError(
                f"{person.name}不在{post.name}岗位，不能办理离岗", code="not_post_holder", field="post"
            )
        if post.required_clearance <= Clearance.NONE:
            raise ServiceError(f"{post.name}不是涉密岗位", code="post_not_classified", field="post")
        if Departure.objects.filter(person=person, post=post, completed_at__isnull=True).exists():
            raise ServiceError(
                f"{person.name}离开{post.name}岗位的手续正在办理", code="departure_open", field="post"
            )
        day = _not_future(left_on, today=today, field_name="left_on", label="离岗日期")
        span = cooling_off_range(post.required_clearance)
        years = span.default if cooling_off_years is None else cooling_off_years
        if not span.shortest <= years <= span.longest:
            raise ServiceError(
                f"{level_label(post.required_clearance)}涉密岗位的脱密期应为{span.shortest}至{span.longest}年，"
                f"不能定为{years}年",
                code="cooling_off_out_of_range",
                field="cooling_off_years",
            )
        departure = Departure.objects.create(
            person=person,
            post=post,
            level=post.required_clearance,
            left_on=day,
            cooling_off_years=years,
            note=note.strip(),
            recorded_by=by,
        )
        audit_record(
            actor=by,
            action="secrecy.personnel.departure_record",
            target=departure,
            details={"person": person.pk, "post": post.pk, "cooling_off_years": years},
        )
    return departure


def _locked(departure: Departure, version: int | None) -> Departure:
    return lock_at_version(
        Departure.objects.all(), departure.pk, version, changed="该离岗事项已被他人修改，请刷新后重试"
    )


def departure_talk(
    *,
    by: Actor,
    departure: Departure,
    version: int | None,
    talk_on: date | None,
    talk_by: Person | None,
    today: date | None = None,
) -> Departure:
    """登记提醒谈话: when and by whom the person was reminded of his duties on leaving."""
    from zhongshu.secrecy.actions_personnel import RULES

    today = today or timezone.localdate()
    with refusals_audited(departure.person, by=by, action="departure_talk"), transaction.atomic():
        departure = _locked(departure, version)
        RULES.require("talk", by, departure)
        day = _not_future(talk_on, today=today, field_name="talk_on", label="谈话日期")
        if talk_by is None:
            raise ServiceError("请选择谈话人", code="required", field="talk_by")
        if talk_by.pk == departure.person_id:
            raise ServiceError("谈话人不能是离岗人员本人", code="talk_by_self", field="talk_by")
        departure.talk_on = day
        departure.talk_by = talk_by
        departure.version += 1
        departure.save(update_fields=["talk_on", "talk_by", "version"])
        audit_record(
            actor=by,
            action="secrecy.personnel.departure_talk",
            target=departure,
            details={"talk_by": talk_by.pk},
        )
    return departure


def departure_complete(*, by: Actor, departure: Departure, version: int | None) -> Departure:
    """办结离岗手续: the reminder talk held, the leaving pledge signed and no carrier left with the person."""
    from zhongshu.secrecy.actions_personnel import RULES

    with refusals_audited(departure.person, by=by, action="departure_complete"), transaction.atomic():
        departure = _locked(departure, version)
        RULES.require("complete", by, departure)
        if departure.talk_on is None:
            raise ServiceError("尚未进行提醒谈话", code="talk_missing", field="talk_on")
        if not departure.pledges.filter(kind=PledgeKind.LEAVING).exists():
            raise ServiceError("尚未签订离岗保密承诺书", code="pledge_missing", field="pledge")
        held = carriers_held(departure.person_id)
        if held:
            raise ServiceError(
                f"{departure.person.name}尚有{held}件涉密载体未清退，不能办结离岗手续",
                code="carriers_held",
                field="carriers",
            )
        departure.completed_at = timezone.now()
        departure.completed_by = by
        departure.version += 1
        departure.save(update_fields=["completed_at", "completed_by", "version"])
        audit_record(actor=by, action="secrecy.personnel.departure_complete", target=departure)
    return departure


# --- the departure's checklist ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Checklist:
    talk_done: bool
    pledge_signed: bool
    carriers_out: int
    access_removed: bool

    @property
    def carriers_returned(self) -> bool:
        return self.carriers_out == 0


def access_removed(departure: Departure) -> bool:
    """The post no longer held, and the clearance no more than the remaining posts need."""
    person = departure.person
    remaining = list(person.posts.all())
    if any(post.pk == departure.post_id for post in remaining):
        return False
    return person.clearance <= posts_needed_level(remaining)


def checklist(departure: Departure) -> Checklist:
    return Checklist(
        talk_done=departure.talk_on is not None,
        pledge_signed=departure.pledges.filter(kind=PledgeKind.LEAVING).exists(),
        carriers_out=carriers_held(departure.person_id),
        access_removed=access_removed(departure),
    )


# --- the security administrator's queue -------------------------------------------------------------------------


@dataclass
class QueueItem:
    person: Person
    clearance: int
    target: int
    to_assign: list[Post] = field(default_factory=list)
    to_unassign: list[Post] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return "；".join(self.reasons)

    @property
    def clearance_label(self) -> str:
        return level_label(self.clearance)

    @property
    def target_label(self) -> str:
        return level_label(self.target)


def _queue_item(
    person: Person, vettings: list[Vetting], departures: list[Departure], today: date
) -> QueueItem | None:
    held = {post.pk: post for post in person.posts.all()}
    latest_vetting: dict[int, Vetting] = {}
    for vetting in sorted(vettings, key=lambda v: (v.vetted_on, v.pk)):
        latest_vetting[vetting.post_id] = vetting
    latest_departure: dict[int, Departure] = {}
    for departure in sorted(departures, key=lambda d: (d.left_on, d.pk)):
        if departure.left_on <= today:
            latest_departure[departure.post_id] = departure
    item = QueueItem(person=person, clearance=person.clearance, target=person.clearance)
    vetted_posts: list[Post] = []
    departed_any = False
    for post_id, vetting in latest_vetting.items():
        left = latest_departure.get(post_id)
        if vetting.result != VettingResult.PASSED or (left is not None and left.left_on >= vetting.vetted_on):
            continue
        vetted_posts.append(vetting.post)
        if post_id not in held:
            item.to_assign.append(vetting.post)
            item.reasons.append(
                f"{vetting.vetted_on:%Y-%m-%d}{vetting.get_kind_display()}通过：{vetting.post.name}"
                f"（{level_label(vetting.post.required_clearance)}）"
            )
    for post_id, departure in latest_departure.items():
        vetting_after = latest_vetting.get(post_id)
        if (
            vetting_after is not None
            and vetting_after.result == VettingResult.PASSED
            and vetting_after.vetted_on > departure.left_on
        ):
            continue
        departed_any = True
        if post_id in held:
            item.to_unassign.append(held[post_id])
            item.reasons.append(
                f"{departure.left_on:%Y-%m-%d}离开{departure.post.name}（{level_label(departure.level)}）"
            )
    keep = [post for pk, post in held.items() if pk not in {p.pk for p in item.to_unassign}] + item.to_assign
    if departed_any:
        needed = posts_needed_level(keep)
        if item.target > needed:
            item.target = needed
            if not item.to_unassign:
                item.reasons.append(f"已离开涉密岗位，现岗位要求{level_label(needed)}")
    raise_to = posts_needed_level(vetted_posts)
    if item.target < raise_to:
        item.target = raise_to
        if not item.to_assign:
            highest = max(vetted_posts, key=lambda post: post.required_clearance)
            item.reasons.append(f"{highest.name}审查通过，岗位要求{level_label(raise_to)}")
    if not item.to_assign and not item.to_unassign and item.target == item.clearance:
        return None
    return item


def clearance_queue(today: date | None = None, person_id: int | None = None) -> list[QueueItem]:
    """People whose clearance or posts should change after a passed vetting or a departure, with the reason:
    the security administrator's 涉密人员调整 queue."""
    today = today or timezone.localdate()
    vettings = Vetting.objects.filter(result=VettingResult.PASSED).select_related("post")
    departures = Departure.objects.select_related("post")
    if person_id is not None:
        vettings = vettings.filter(person_id=person_id)
        departures = departures.filter(person_id=person_id)
    by_person_v: dict[int, list[Vetting]] = defaultdict(list)
    by_person_d: dict[int, list[Departure]] = defaultdict(list)
    for vetting in vettings:
        by_person_v[vetting.person_id].append(vetting)
    for departure in departures:
        by_person_d[departure.person_id].append(departure)
    people = (
        Person.objects.filter(pk__in={*by_person_v, *by_person_d}, user__is_active=True)
        .select_related("unit", "department")
        .prefetch_related("posts")
        .order_by("unit__sort_order", "sort_order", "id")
    )
    items = []
    for person in people:
        item = _queue_item(person, by_person_v[person.pk], by_person_d[person.pk], today)
        if item is not None:
            items.append(item)
    return items


def clearance_adjust(*, by: Actor, person: Person, today: date | None = None) -> QueueItem:
    """Apply one line of the queue: take away the posts left, give the posts vetted for, set the clearance —
    each through the directory's own service, which audits it."""
    from zhongshu.access.services import clearance_set
    from zhongshu.org.services import post_assign, post_unassign

    if not is_security_admin(by):
        raise Forbidden("只有安全保密管理员可以调整涉密等级", code="not_security_admin")
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        found = clearance_queue(today, person_id=person.pk)
        if not found:
            raise ServiceError(f"{person.name}的涉密等级无需调整", code="nothing_to_adjust", field="person")
        item = found[0]
        for post in item.to_unassign:
            post_unassign(by=by, post=post, person=person)
        for post in item.to_assign:
            post_assign(by=by, post=post, person=person)
        if item.target != item.clearance:
            clearance_set(by=by, person=person, clearance=item.target, reason=f"涉密人员管理：{item.reason}")
    return item


# --- the ledger --------------------------------------------------------------------------------------------------


class Status:
    ON_POST = "在岗"
    COOLING_OFF = "脱密期"
    CLEARED_OFF = "已脱密"
    NO_POST = "未在涉密岗位"


@dataclass
class LedgerRow:
    person: Person
    posts: list[Post]
    last_vetting: date | None
    revetting_due: date | None
    pledges: int
    training_hours: Decimal
    status: str
    cooling_off_until: date | None

    @property
    def post_level(self) -> int:
        return posts_needed_level(self.posts)

    @property
    def below_level(self) -> bool:
        return self.person.clearance < self.post_level

    def revetting_overdue(self, today: date) -> bool:
        return bool(self.posts) and (self.revetting_due is None or self.revetting_due <= today)


def _status(posts: list[Post], departures: list[Departure], today: date) -> tuple[str, date | None]:
    ends = [cooling_off_end(departure) for departure in departures]
    running = max((end for end in ends if end > today), default=None)
    if posts:
        return Status.ON_POST, running
    if running is not None:
        return Status.COOLING_OFF, running
    if ends:
        return Status.CLEARED_OFF, None
    return Status.NO_POST, None


def ledger_people() -> QuerySet[Person]:
    """Everyone the ledger lists: holders of a cleared post, the cleared, and whoever has left a cleared post."""
    return (
        Person.objects.filter(
            Q(posts__required_clearance__gt=Clearance.NONE)
            | Q(clearance__gt=Clearance.NONE)
            | Q(secrecy_departures__isnull=False),
            user__is_active=True,
        )
        .distinct()
        .select_related("unit", "department")
        .order_by("unit__sort_order", "sort_order", "id")
    )


def ledger(today: date | None = None, people: QuerySet[Person] | None = None) -> list[LedgerRow]:
    """The cleared people ledger (涉密人员台账), in a fixed number of queries."""
    today = today or timezone.localdate()
    people = people if people is not None else ledger_people()
    chosen = list(people.prefetch_related(models.Prefetch("posts", queryset=classified_posts())))
    ids = [person.pk for person in chosen]
    last_vetting: dict[int, date] = {}
    for person_id, vetted_on in (
        Vetting.objects.filter(person_id__in=ids, result=VettingResult.PASSED)
        .order_by("person_id", "vetted_on")
        .values_list("person_id", "vetted_on")
    ):
        last_vetting[person_id] = vetted_on
    pledges: dict[int, int] = defaultdict(int)
    for person_id in Pledge.objects.filter(person_id__in=ids).values_list("person_id", flat=True):
        pledges[person_id] += 1
    hours = {
        row["person_id"]: row["total"]
        for row in TrainingRecord.objects.filter(person_id__in=ids, trained_on__year=today.year)
        .values("person_id")
        .annotate(total=Sum("hours"))
        .order_by()
    }
    departures: dict[int, list[Departure]] = defaultdict(list)
    for departure in Departure.objects.filter(person_id__in=ids):
        departures[departure.person_id].append(departure)
    rows = []
    for person in chosen:
        posts = list(person.posts.all())
        status, until = _status(posts, departures[person.pk], today)
        last = last_vetting.get(person.pk)
        rows.append(
            LedgerRow(
                person=person,
                posts=posts,
                last_vetting=last,
                revetting_due=revetting_due_on(last) if last else None,
                pledges=pledges[person.pk],
                training_hours=hours.get(person.pk) or Decimal("0"),
                status=status,
                cooling_off_until=until,
            )
        )
    return rows


@dataclass(frozen=True)
class Holder:
    person: Person
    below_level: bool  # the holder's clearance is below the post's level


def posts_with_holders() -> list[tuple[Post, list[Holder]]]:
    """Every cleared post with its holders, each marked when below the post's level: two queries."""
    posts = classified_posts().prefetch_related(
        models.Prefetch(
            "holders", queryset=Person.objects.filter(user__is_active=True), to_attr="active_holders"
        )
    )
    return [
        (
            post,
            [
                Holder(person, person.clearance < post.required_clearance)
                for person in getattr(post, "active_holders", [])
            ],
        )
        for post in posts.order_by("unit__sort_order", "department__sort_order", "name")
    ]


def below_level_holders() -> list[tuple[Post, Person]]:
    """Holders whose clearance is below their post's level."""
    return [
        (post, holder.person)
        for post, holders in posts_with_holders()
        for holder in holders
        if holder.below_level
    ]


def person_url(person: Person) -> str:
    return reverse("secrecy:personnel_person", args=[person.pk])


def departure_url(departure: Departure) -> str:
    return reverse("secrecy:personnel_departure", args=[departure.pk])


def revetting_due(today: date | None = None) -> list[tuple[Person, date | None]]:
    """Holders of a cleared post whose re-vetting is due (or who were never vetted), with their last passed
    vetting: one query."""
    today = today or timezone.localdate()
    last_passed = (
        Vetting.objects.filter(person=OuterRef("pk"), result=VettingResult.PASSED)
        .order_by("-vetted_on")
        .values("vetted_on")[:1]
    )
    holders = Person.objects.filter(
        user__is_active=True,
        pk__in=Person.posts.through.objects.filter(post__required_clearance__gt=Clearance.NONE).values(
            "person_id"
        ),
    ).annotate(last_vetting=Subquery(last_passed))
    due: list[tuple[Person, date | None]] = []
    for person in holders.order_by("unit__sort_order", "sort_order", "id"):
        last = getattr(person, "last_vetting", None)
        if last is None or revetting_due_on(last) <= today:
            due.append((person, last))
    return due


def revetting_todos(user: Any) -> list[Any]:
    """The 保密办's to-do: people in a cleared post whose re-vetting is due (or who were never vetted)."""
    from zhongshu.core.todos import TodoItem

    if not keeps_ledger(user):
        return []
    today = timezone.localdate()
    return [
        TodoItem(
            title=f"涉密人员复审：{person.name}",
            url=person_url(person),
            kind="secrecy.personnel_revetting",
            source_label="涉密人员",
            due=revetting_due_on(last) if last else None,
            overdue=last is not None and revetting_due_on(last) < today,
            note="尚无审查记录" if last is None else f"上次审查{last:%Y-%m-%d}",
        )
        for person, last in revetting_due(today)[:50]
    ]


def visible_records(model: type[Any], user: Any, person: Person) -> QuerySet[Any]:
    return visible(model.objects.filter(person=person), user)
