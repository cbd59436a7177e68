"""Secondees (跟班学习人员): the secrecy office's record of each secondment, step by step, and the access it opens.

Order of the steps (`actions_secondees.RULES` says which is open now; each service requires it):

- before: the sending unit's vetting (派出单位审查, by a person of the sending unit), then secrecy training, then
  the pledge (保密承诺书). Until all three are recorded the secondee is not in post (在岗) and no access opens;
- during: the host department's secrecy liaison (named when the secondment is registered, again when changed;
  always a person of the host department); access to the office's records only through `secondment_open_access`:
  one need-to-know grant per named record, made by the secrecy office or the liaison, who must see the record
  themselves, to a secondee whose clearance covers it, expiring at the end of the secondment's last day — the
  access policy drops it then by itself (`NeedToKnowGrant.expires_at`), so a missed job leaves no access;
- on leaving: the reminder talk (提醒谈话), then the hand-over of the cooling-off management to the sending unit
  (脱密期委托管理手续), refused while the secondee still holds a carrier; the cooling-off period follows from the
  secondee's clearance (ZHONGSHU_SECRECY_COOLING_OFF_*) and runs from the day the secondment ended (its end date,
  or the hand-over if earlier, when whatever access is left is revoked).

Where a secondment stands is derived from its steps and today's date (`stage_of`), never stored.

Every change is audited; a refusal is audited too (outcome denied, with its code) and changes nothing.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.models import Classified, NeedToKnowGrant
from zhongshu.access.policy import Action, Viewer, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, Clearance, clearance_covers
from zhongshu.base.roles import Role
from zhongshu.core.errors import Conflict, Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.periods import add_years
from zhongshu.org.models import Department, Person
from zhongshu.org.offices import office_unit_ids
from zhongshu.secrecy.carriers import OUT_STATES, held_by
from zhongshu.secrecy.models_carriers import Carrier
from zhongshu.secrecy.models_secondees import Secondment, SecondmentAccess, SecondmentStep, StepKind
from zhongshu.secrecy.personnel import CoolingOffRange, cooling_off_range
from zhongshu.secrecy.roles import keeps_ledger

# How long a secondment may run: beyond two years it is a transfer, not a secondment (or a typing mistake).
MOST_DAYS = 731
# A secondment ending within this many days shows on the to-do lists.
ENDING_SOON_DAYS = 7
BEFORE = (StepKind.VETTING, StepKind.TRAINING, StepKind.PLEDGE)


class Stage(enum.StrEnum):
    VETTING = "vetting"
    TRAINING = "training"
    PLEDGE = "pledge"
    NOT_STARTED = "not_started"
    IN_POST = "in_post"
    LEAVING = "leaving"
    HANDED_OVER = "handed_over"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.VETTING: "待审查",
    Stage.TRAINING: "待培训",
    Stage.PLEDGE: "待签承诺书",
    Stage.NOT_STARTED: "待上岗",
    Stage.IN_POST: "在岗",
    Stage.LEAVING: "待离岗手续",
    Stage.HANDED_OVER: "已移交脱密管理",
}


# --- who ----------------------------------------------------------------------------------------------------


def scope(viewer: Viewer, action: Action) -> Q | None:
    """Who sees a secondment: the secrecy office and the office director all of them; the host liaison, the
    secondee and the sending unit's leaders their own. Registered with access.policy.register_scope."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    rule = Q(person_id=viewer.person_id) | Q(liaison_id=viewer.person_id)
    if viewer.has_role(Role.LEADER) and viewer.unit_id is not None:
        rule |= Q(sending_unit_id=viewer.unit_id)
    return rule


def visible_secondments(user: Any) -> QuerySet[Secondment]:
    return visible(
        Secondment.objects.select_related("person", "sending_unit", "host_department", "liaison"), user
    )


def secondment_url(secondment: Secondment) -> str:
    return reverse("secrecy:secondment", args=[secondment.pk])


def _person_of(by: Actor) -> Person | None:
    person: Person | None = getattr(by, "person_or_none", None)
    return person


# --- where a secondment stands --------------------------------------------------------------------------------


def steps_by_kind(secondment: Secondment) -> dict[str, SecondmentStep]:
    """The secondment's steps, the latest of each kind (a liaison may be named more than once). Uses the
    prefetched steps when there are."""
    found: dict[str, SecondmentStep] = {}
    for step in sorted(secondment.steps.all(), key=lambda step: (step.done_on, step.pk)):
        found[step.kind] = step
    return found


def pre_steps_done(steps: dict[str, SecondmentStep]) -> bool:
    return all(kind in steps for kind in BEFORE)


def ended_on(secondment: Secondment, steps: dict[str, SecondmentStep]) -> date:
    """The last day of the secondment: its end date, or the hand-over if that came first."""
    handover = steps.get(StepKind.HANDOVER)
    if handover is not None and handover.done_on < secondment.ends_on:
        return handover.done_on
    return secondment.ends_on


def stage_of(
    secondment: Secondment, today: date | None = None, steps: dict[str, SecondmentStep] | None = None
) -> Stage:
    today = today or timezone.localdate()
    steps = steps if steps is not None else steps_by_kind(secondment)
    if StepKind.HANDOVER in steps:
        return Stage.HANDED_OVER
    for kind, stage in ((StepKind.VETTING, Stage.VETTING), (StepKind.TRAINING, Stage.TRAINING)):
        if kind not in steps:
            return stage
    if StepKind.PLEDGE not in steps:
        return Stage.PLEDGE
    if today < secondment.starts_on:
        return Stage.NOT_STARTED
    if today > secondment.ends_on or StepKind.REMINDER_TALK in steps:
        return Stage.LEAVING
    return Stage.IN_POST


def carriers_held(person_id: int) -> list[str]:
    """The numbers of the carriers the person holds or has borrowed (`carriers.held_by`; a carrier is named by
    its number, never by its title). For the service's checks: a page shows them through `carriers_shown`."""
    return list(held_by(person_id).order_by("number").values_list("number", flat=True))


def carriers_shown(person_id: int, viewer: Any) -> tuple[int, list[str]]:
    """How many carriers the person still holds, and the numbers of those the viewer may see on the ledger: the
    liaison and the sending unit's leader see the count, not carriers the carriers policy keeps from them."""
    held = held_by(person_id)
    return held.count(), list(visible(held, viewer).order_by("number").values_list("number", flat=True))


def carriers_held_counts(person_ids: Iterable[int]) -> dict[int, int]:
    """How many carriers each of the people holds, in one query (the table of secondments)."""
    rows = (
        Carrier.objects.filter(holder_id__in=list(person_ids), state__in=OUT_STATES)
        .order_by()
        .values("holder_id")
        .annotate(count=models.Count("id"))
    )
    return {row["holder_id"]: row["count"] for row in rows}


def missing_steps(
    secondment: Secondment, stage: Stage, steps: dict[str, SecondmentStep], carriers: int
) -> list[str]:
    """What is still to do, in words: before the start, the steps not yet recorded; on leaving, the talk, the
    carriers to return and the hand-over."""
    if stage == Stage.HANDED_OVER:
        return []
    missing = [StepKind(kind).label for kind in BEFORE if kind not in steps]
    if stage == Stage.LEAVING:
        if StepKind.REMINDER_TALK not in steps:
            missing.append(StepKind.REMINDER_TALK.label)
        if carriers:
            missing.append(f"退还涉密载体{carriers}件")
        missing.append(StepKind.HANDOVER.label)
    return missing


@dataclass(frozen=True)
class Standing:
    """One line of the table of secondees: the secondment, its stage, what is missing, the days left."""

    secondment: Secondment
    stage: Stage
    missing: list[str]
    days_left: int | None  # None once handed over; negative when the end date has passed
    carriers: int

    @property
    def stage_label(self) -> str:
        return self.stage.label


def standings(queryset: QuerySet[Secondment], today: date | None = None) -> list[Standing]:
    """The standing of each secondment of `queryset`: three queries whatever their number."""
    today = today or timezone.localdate()
    rows = list(queryset.prefetch_related("steps"))
    counts = carriers_held_counts({row.person_id for row in rows})
    found = []
    for row in rows:
        steps = steps_by_kind(row)
        stage = stage_of(row, today, steps)
        carriers = counts.get(row.person_id, 0)
        found.append(
            Standing(
                secondment=row,
                stage=stage,
                missing=missing_steps(row, stage, steps, carriers),
                days_left=None if stage == Stage.HANDED_OVER else (row.ends_on - today).days,
                carriers=carriers,
            )
        )
    return found


def standing_of(secondment: Secondment, today: date | None = None) -> Standing:
    return standings(Secondment.objects.filter(pk=secondment.pk).select_related("person"), today)[0]


# --- the cooling-off period -----------------------------------------------------------------------------------


# A secondee's cooling-off period follows his clearance as a cleared post's follows its level (personnel).
CoolingOff = CoolingOffRange


def cooling_off_for(clearance: int) -> CoolingOff | None:
    """The cooling-off period of a clearance ("default,shortest,longest" years, the personnel part's setting);
    None for a person without clearance (no cooling-off)."""
    if clearance not in Clearance.values or clearance == Clearance.NONE:
        return None
    return cooling_off_range(clearance)


def access_expires_at(secondment: Secondment) -> datetime:
    """The end of the secondment's last day, when its grants stop."""
    return timezone.make_aware(datetime.combine(secondment.ends_on + timedelta(days=1), time.min))


# --- refusals -------------------------------------------------------------------------------------------------


def refusals_audited(
    secondment: Secondment | None, *, by: Actor, action: str
) -> AbstractContextManager[None]:
    """Audit a refused `action` as `secrecy.secondment.<action>` (audit.refusals: used outside the service's
    `transaction.atomic()`, so the audit line is not rolled back with the refused work)."""
    return audited_refusals(
        by=by,
        action=f"secrecy.secondment.{action}",
        target=secondment,
        object_type="" if secondment is not None else "secrecy.secondment",
    )


def _require_keeper(by: Actor) -> None:
    if not keeps_ledger(by):
        raise Forbidden("只有保密办可以登记跟班学习人员手续", code="not_allowed")


def _not_future(day: date | None, field: str, label: str) -> date:
    if day is None:
        raise ServiceError(f"请填写{label}", code="required", field=field)
    if day > timezone.localdate():
        raise ServiceError(f"{label}不能晚于今天", code="in_future", field=field)
    return day


def _check_liaison(liaison: Person | None, department: Department) -> Person:
    if liaison is None:
        raise ServiceError("请选择保密联络员", code="required", field="liaison")
    if liaison.department_id != department.pk:
        raise ServiceError(
            f"保密联络员须为跟班处室（{department.name}）的工作人员，{liaison.name}不在该处室",
            code="liaison_outside_department",
            field="liaison",
        )
    return liaison


def _locked(secondment: Secondment, version: int | None) -> Secondment:
    return lock_at_version(
        Secondment.objects.all(), secondment.pk, version, changed="该跟班学习记录已被他人修改，请刷新后重试"
    )


def _bump(secondment: Secondment) -> None:
    secondment.version += 1
    secondment.save(update_fields=["version"])


# --- services -------------------------------------------------------------------------------------------------


def secondment_create(
    *,
    by: Actor,
    person: Person | None,
    host_department: Department | None,
    liaison: Person | None,
    starts_on: date | None,
    ends_on: date | None,
    needs: str = "",
) -> Secondment:
    """登记跟班学习人员: a person of a town or bureau, to a department of the county office, with its liaison."""
    with refusals_audited(None, by=by, action="create"):
        _require_keeper(by)
        if person is None:
            raise ServiceError("请选择跟班学习人员", code="required", field="person")
        if person.unit_id in office_unit_ids():
            raise ServiceError(
                "跟班学习人员应来自乡镇或部门，不能是县委办公室的工作人员",
                code="not_from_outside",
                field="person",
            )
        if host_department is None:
            raise ServiceError("请选择跟班处室", code="required", field="host_department")
        if host_department.unit_id not in office_unit_ids():
            raise ServiceError(
                "跟班处室须为县委办公室的处室", code="not_office_department", field="host_department"
            )
        liaison = _check_liaison(liaison, host_department)
        if starts_on is None:
            raise ServiceError("请填写开始日期", code="required", field="starts_on")
        if ends_on is None:
            raise ServiceError("请填写结束日期", code="required", field="ends_on")
        today = timezone.localdate()
        if not today - timedelta(days=MOST_DAYS) <= starts_on <= today + timedelta(days=366):
            raise ServiceError(
                "开始日期应在两年前至一年后之间，请核对", code="starts_out_of_range", field="starts_on"
            )
        if ends_on < starts_on:
            raise ServiceError(
                f"结束日期（{ends_on:%Y年%m月%d日}）不能早于开始日期（{starts_on:%Y年%m月%d日}）",
                code="ends_before_starts",
                field="ends_on",
            )
        if (ends_on - starts_on).days > MOST_DAYS:
            raise ServiceError("跟班学习期限超过两年，请核对", code="too_long", field="ends_on")
        with transaction.atomic():
            secondment = Secondment.objects.create(
                person=person,
                sending_unit_id=person.unit_id,
                host_department=host_department,
                liaison=liaison,
                starts_on=starts_on,
                ends_on=ends_on,
                needs=needs.strip(),
                created_by=by,
            )
            SecondmentStep.objects.create(
                secondment=secondment,
                kind=StepKind.LIAISON,
                done_on=timezone.localdate(),
                done_by=_person_of(by),
                liaison=liaison,
                recorded_by=by,
            )
            audit_record(
                actor=by,
                action="secrecy.secondment.create",
                target=secondment,
                details={"person": person.pk, "liaison": liaison.pk},
            )
    return secondment


def secondment_record_step(
    *,
    by: Actor,
    secondment: Secondment,
    kind: str,
    done_on: date | None,
    done_by: Person | None = None,
    note: str = "",
    version: int | None = None,
) -> SecondmentStep:
    """登记 one of vetting, training, pledge or the reminder talk, in that order: each with its date and who."""
    from zhongshu.secrecy.actions_secondees import RULES, STEP_KINDS

    with refusals_audited(secondment, by=by, action="step"), transaction.atomic():
        if kind not in STEP_KINDS:
            raise ServiceError(f"未知的手续：{kind[:40]}", code="unknown_kind", field="kind")
        secondment = _locked(secondment, version)
        RULES.require(kind, by, secondment)
        done_on = _not_future(done_on, "done_on", "办理日期")
        if kind == StepKind.VETTING:
            if done_by is None:
                raise ServiceError("请选择派出单位的审查人", code="required", field="done_by")
            if done_by.unit_id != secondment.sending_unit_id:
                raise ServiceError(
                    "派出单位审查应由派出单位的人员办理", code="vetting_outside_sending_unit", field="done_by"
                )
        if kind == StepKind.REMINDER_TALK and done_on < secondment.starts_on:
            raise ServiceError("离岗提醒谈话不能早于跟班学习开始日期", code="before_start", field="done_on")
        previous = steps_by_kind(secondment)
        earlier = [step.done_on for key, step in previous.items() if key in BEFORE]
        if earlier and done_on < max(earlier):
            raise ServiceError("办理日期不能早于前一项手续", code="before_previous_step", field="done_on")
        step = SecondmentStep.objects.create(
            secondment=secondment,
            kind=kind,
            done_on=done_on,
            done_by=done_by or _person_of(by),
            note=note.strip(),
            recorded_by=by,
        )
        _bump(secondment)
        audit_record(
            actor=by, action=f"secrecy.secondment.{kind}", target=secondment, details={"step": step.pk}
        )
    return step


def secondment_name_liaison(
    *, by: Actor, secondment: Secondment, liaison: Person | None, version: int | None = None
) -> SecondmentStep:
    """明确（更换）保密联络员: always a person of the host department."""
    from zhongshu.secrecy.actions_secondees import RULES

    with refusals_audited(secondment, by=by, action="liaison"), transaction.atomic():
        secondment = _locked(secondment, version)
        RULES.require("liaison", by, secondment)
        host = Department.objects.get(pk=secondment.host_department_id)
        liaison = _check_liaison(liaison, host)
        if liaison.pk == secondment.liaison_id:
            raise ServiceError(f"{liaison.name}已是保密联络员", code="unchanged", field="liaison")
        before = secondment.liaison_id
        secondment.liaison = liaison
        secondment.version += 1
        secondment.save(update_fields=["liaison", "version"])
        step = SecondmentStep.objects.create(
            secondment=secondment,
            kind=StepKind.LIAISON,
            done_on=timezone.localdate(),
            done_by=_person_of(by),
            liaison=liaison,
            recorded_by=by,
        )
        audit_record(
            actor=by,
            action="secrecy.secondment.liaison",
            target=secondment,
            details={"before": before, "after": liaison.pk},
        )
    return step


def secondment_hand_over(
    *,
    by: Actor,
    secondment: Secondment,
    done_on: date | None,
    taken_over_by: Person | None,
    cooling_off_years: int | None = None,
    note: str = "",
    version: int | None = None,
) -> SecondmentStep:
    """办理脱密期委托管理手续: after the reminder talk and once every carrier is back, the sending unit's person
    takes over the cooling-off management; the period follows from the secondee's clearance and runs from the
    last day of the secondment. Any access still open ends now."""
    from zhongshu.secrecy.actions_secondees import RULES

    with refusals_audited(secondment, by=by, action="handover"), transaction.atomic():
        secondment = _locked(secondment, version)
        RULES.require("handover", by, secondment)
        done_on = _not_future(done_on, "done_on", "办理日期")
        steps = steps_by_kind(secondment)
        talk = steps[StepKind.REMINDER_TALK]
        if done_on < talk.done_on:
            raise ServiceError(
                "委托管理手续不能早于离岗提醒谈话", code="before_previous_step", field="done_on"
            )
        held = carriers_held(secondment.person_id)
        if held:
            shown = "、".join(held[:5]) + ("等" if len(held) > 5 else "")
            raise ServiceError(
                f"跟班学习人员尚有{len(held)}件涉密载体未退还（{shown}），退还后才能办理离岗手续",
                code="carriers_held",
                field="done_on",
            )
        if taken_over_by is None:
            raise ServiceError("请选择派出单位的接收人", code="required", field="taken_over_by")
        if taken_over_by.unit_id != secondment.sending_unit_id:
            raise ServiceError(
                "脱密期管理应移交派出单位，接收人须为派出单位的人员",
                code="taker_outside_sending_unit",
                field="taken_over_by",
            )
        person = Person.objects.get(pk=secondment.person_id)
        period = cooling_off_for(person.clearance)
        years: int | None = None
        ends: date | None = None
        if period is not None:
            years = period.default if cooling_off_years is None else cooling_off_years
            if not period.shortest <= years <= period.longest:
                raise ServiceError(
                    f"{Clearance(person.clearance).label}涉密人员的脱密期为{period.shortest}至{period.longest}年",
                    code="cooling_off_out_of_range",
                    field="cooling_off_years",
                )
            last_day = min(done_on, secondment.ends_on)
            ends = add_years(last_day, years)
        step = SecondmentStep.objects.create(
            secondment=secondment,
            kind=StepKind.HANDOVER,
            done_on=done_on,
            done_by=_person_of(by),
            taken_over_by=taken_over_by,
            clearance=person.clearance,
            cooling_off_years=years,
            cooling_off_ends_on=ends,
            note=note.strip(),
            recorded_by=by,
        )
        revoked = _revoke_open_access(secondment)
        _bump(secondment)
        audit_record(
            actor=by,
            action="secrecy.secondment.handover",
            target=secondment,
            details={
                "step": step.pk,
                "taken_over_by": taken_over_by.pk,
                "cooling_off_ends_on": ends.isoformat() if ends else None,
                "revoked": revoked,
            },
        )
    return step


def _live(grants: QuerySet[NeedToKnowGrant]) -> QuerySet[NeedToKnowGrant]:
    return grants.filter(revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


def has_live_access(secondment: Secondment) -> bool:
    grant_ids = SecondmentAccess.objects.filter(secondment=secondment).values("grant_id")
    return _live(NeedToKnowGrant.objects.filter(pk__in=grant_ids)).exists()


def _revoke_open_access(secondment: Secondment) -> int:
    grant_ids = SecondmentAccess.objects.filter(secondment=secondment).values("grant_id")
    return _live(NeedToKnowGrant.objects.filter(pk__in=grant_ids)).update(revoked_at=timezone.now())


# --- access: named records, until the end of the secondment ------------------------------------------------


def record_kinds() -> dict[str, type[models.Model]]:
    """The kinds of record a secondment may be given access to: every classified record of the platform but the
    secrecy office's own ledgers. Keyed "app_label.model"."""
    from zhongshu.access.services import classified_models

    return {
        model._meta.label_lower: model for model in classified_models() if model._meta.app_label != "secrecy"
    }


def record_kind_choices() -> list[tuple[str, str]]:
    return sorted(
        ((key, str(model._meta.verbose_name)) for key, model in record_kinds().items()),
        key=lambda pair: pair[0],
    )


def record_name(record: models.Model) -> str:
    title = getattr(record, "title", None)
    return str(title) if title else str(record)


def secondment_open_access(
    *, by: Actor, secondment: Secondment, record_kind: str, record_id: int | None, reason: str
) -> SecondmentAccess:
    """开通知悉范围: let the secondee know one named record until the secondment's last day is over. Whoever
    opens it must see the record; the secondee's clearance must cover it."""
    from zhongshu.secrecy.actions_secondees import RULES

    with refusals_audited(secondment, by=by, action="open_access"), transaction.atomic():
        secondment = _locked(secondment, None)
        RULES.require("open_access", by, secondment)
        model = record_kinds().get(record_kind)
        if model is None:
            raise ServiceError("请选择记录类型", code="unknown_record_kind", field="record_kind")
        if record_id is None:
            raise ServiceError("请填写记录编号", code="required", field="record_id")
        # What the person opening it may not see reads as missing, as everywhere (policy.get_for).
        record = visible(model._default_manager.filter(pk=record_id), by).first()
        if record is None:
            raise ServiceError("记录不存在或无权访问", code="no_such_record", field="record_id")
        reason = " ".join(reason.split())
        if not reason:
            raise ServiceError("请填写工作所需理由", code="required", field="reason")
        person = Person.objects.get(pk=secondment.person_id)
        level = int(getattr(record, "classification", Classification.INTERNAL))
        if not clearance_covers(person.clearance, level):
            # Not naming his level: the liaison who asks may not know who holds which clearance.
            raise ServiceError(
                f"跟班学习人员的涉密等级不能知悉{Classification(level).label}级记录",
                code="above_clearance",
                field="record_id",
            )
        content_type = ContentType.objects.get_for_model(model)
        live = _live(
            NeedToKnowGrant.objects.filter(person=person, content_type=content_type, object_id=record.pk)
        )
        if live.exists():
            raise Conflict("跟班学习人员已可知悉该记录", code="already_granted", field="record_id")
        grant = NeedToKnowGrant.objects.create(
            person=person,
            content_type=content_type,
            object_id=record.pk,
            reason=f"跟班学习（{secondment.pk}）：{reason}"[:200],
            granted_by=by,
            expires_at=access_expires_at(secondment),
        )
        access = SecondmentAccess.objects.create(secondment=secondment, grant=grant, added_by=by)
        _bump(secondment)
        audit_record(
            actor=by,
            action="secrecy.secondment.open_access",
            target=secondment,
            classification=level if isinstance(record, Classified) else None,
            details={"grant": grant.pk, "record_kind": record_kind, "record_id": record.pk},
        )
    return access


def secondment_end_access(*, by: Actor, secondment: Secondment, access: SecondmentAccess) -> SecondmentAccess:
    """收回知悉范围 before the secondment ends (the work no longer needs it)."""
    from zhongshu.secrecy.actions_secondees import RULES

    with refusals_audited(secondment, by=by, action="end_access"), transaction.atomic():
        secondment = _locked(secondment, None)
        RULES.require("end_access", by, secondment)
        if access.secondment_id != secondment.pk:
            raise ServiceError("该知悉范围不属于此跟班学习", code="no_such_access", field="access")
        ended = _live(NeedToKnowGrant.objects.filter(pk=access.grant_id)).update(revoked_at=timezone.now())
        if not ended:
            raise Conflict("该知悉范围已结束", code="already_ended", field="access")
        _bump(secondment)
        audit_record(
            actor=by,
            action="secrecy.secondment.end_access",
            target=secondment,
            details={"grant": access.grant_id},
        )
    return access


@dataclass(frozen=True)
class AccessLine:
    """One record the secondment opened, as a viewer may see it: its name only when they may see the record."""

    access: SecondmentAccess
    kind_label: str
    name: str  # "" when the viewer may not see the record
    expires_at: datetime | None
    revoked_at: datetime | None
    live: bool

    @property
    def last_day(self) -> date | None:
        """The last day the access runs to (it expires at the start of the next)."""
        if self.expires_at is None:
            return None
        return timezone.localtime(self.expires_at - timedelta(seconds=1)).date()


def access_lines(secondment: Secondment, viewer: Any) -> list[AccessLine]:
    rows = list(
        SecondmentAccess.objects.filter(secondment=secondment).select_related("grant", "grant__content_type")
    )
    now = timezone.now()
    by_model: dict[type[models.Model], list[int]] = {}
    for row in rows:
        model = row.grant.content_type.model_class()
        if model is not None:
            by_model.setdefault(model, []).append(row.grant.object_id)
    names: dict[tuple[type[models.Model], int], str] = {}
    for model, ids in by_model.items():
        for record in visible(model._default_manager.filter(pk__in=ids), viewer):
            names[(model, record.pk)] = record_name(record)
    lines = []
    for row in rows:
        grant = row.grant
        model = grant.content_type.model_class()
        live = grant.revoked_at is None and (grant.expires_at is None or grant.expires_at > now)
        lines.append(
            AccessLine(
                access=row,
                kind_label=str(model._meta.verbose_name) if model is not None else "",
                name=names.get((model, grant.object_id), "") if model is not None else "",
                expires_at=grant.expires_at,
                revoked_at=grant.revoked_at,
                live=live,
            )
        )
    return lines


# --- to-dos ---------------------------------------------------------------------------------------------------


def secondee_todos(user: Any) -> list[Any]:
    """For the secrecy office: every secondment with a step due (before the start, or on leaving); for a host
    liaison: their secondments ending within a week or ended without the hand-over."""
    from zhongshu.core.todos import TodoItem

    person = _person_of(user)
    if person is None:
        return []
    today = timezone.localdate()
    soon = today + timedelta(days=ENDING_SOON_DAYS)
    queryset = visible_secondments(user).exclude(steps__kind=StepKind.HANDOVER)
    if not keeps_ledger(user):
        queryset = queryset.filter(liaison_id=person.pk, ends_on__lte=soon)
    items = []
    for standing in standings(queryset.order_by("ends_on", "pk")[:50], today):
        row = standing.secondment
        ending = row.ends_on <= soon
        if not standing.missing and not ending:
            continue
        what = "、".join(standing.missing) if standing.missing else "跟班学习即将结束"
        items.append(
            TodoItem(
                title=f"跟班学习人员{row.person.name}：{standing.stage_label}",
                url=secondment_url(row),
                kind="secrecy.secondee",
                source_label="跟班学习",
                due=row.ends_on if ending else row.starts_on,
                overdue=row.ends_on < today,
                note=what,
                record=(Secondment._meta.label_lower, str(row.pk)),
            )
        )
    return items
