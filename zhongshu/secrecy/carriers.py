"""The ledger of classified carriers (涉密载体台账): registering a carrier, its movements, and where it is now.

Every movement is one `CarrierEvent` with two parties and a time, written under `lock_at_version` on the carrier
together with the carrier's snapshot (`state`, `holder`, `cabinet`, `due_on`); the snapshot is what a list reads,
and it always equals what the latest event says (`custody_of`, read through the `secrecy_event_latest` index) and
what all the events say replayed in order (`replay`).

Movements (each one service, one transaction, refused and audited when not allowed — see `refusals_audited`):

- 领取 `carrier_collect`: the named person (the carrier's custodian or a person named in its 知悉范围) collects
  it from its cabinet, in person;
- 传递 `carrier_transfer`: its holder (or the secrecy office) hands it to another cleared person;
- 借阅 `carrier_borrow`: the secrecy office lends it from the cabinet until a due date (default
  ZHONGSHU_SECRECY_BORROW_DAYS days), only to a person whose clearance covers its level and who may know it (its
  source record's need-to-know through the access policy, else the carrier's own lists);
- 归还 `carrier_return`: a carrier that is out comes back into a cabinet;
- 清退 `carrier_return_to_issuer`: it goes back to whoever issued it, and leaves the ledger;
- 销毁 `carrier_destroy`: two different people, both named, destroy it, with a record; the secrecy office approves
  (only a keeper of the ledger records it).

A 绝密 carrier moves only with two named people: each movement names a second person, cleared for 绝密 and not
the first. Whoever holds or borrows a carrier joins its 知悉范围.

Access (`Carrier.access_scope`, installed here): the secrecy office (roles.keeps_ledger) sees the whole ledger
within its clearance; anyone else only the carriers they are the custodian of, or hold or held (named in the
知悉范围). Overdue borrowings are derived from `due_on` and today; nothing is stored by a job but the reminders
sent (carrier_reminders.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import Action, Viewer, can, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import DEFAULT_SECRECY_TERM_YEARS, Classification, clearance_covers
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.core.printing import PrintedCopyFacts
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy.models_carrier_reminders import CarrierNumberSequence
from zhongshu.secrecy.models_carriers import (
    Cabinet,
    Carrier,
    CarrierEvent,
    CarrierKind,
    CarrierState,
    EventKind,
)
from zhongshu.secrecy.roles import keeps_ledger

# The events that move a carrier; a copy made from it (复制, the inventory part's) leaves it where it is.
MOVING_KINDS = tuple(kind.value for kind in EventKind if kind != EventKind.COPY)
STATE_SECRETS = (Classification.CONFIDENTIAL, Classification.SECRET, Classification.TOP_SECRET)
OUT_STATES = (CarrierState.HELD, CarrierState.LENT)
# A borrowing longer than this is a typing mistake, not a loan.
MOST_BORROW_DAYS = 365
STALE = "该载体已被他人办理，请刷新后重试"


def borrow_days() -> int:
    return int(getattr(settings, "ZHONGSHU_SECRECY_BORROW_DAYS", 7))


# --- where a carrier is ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Custody:
    """Where a carrier is now: its state, who holds it (held or lent), which cabinet (in a cabinet), until when
    (lent), and since when."""

    state: str
    holder_id: int | None
    cabinet_id: int | None
    due_on: date | None
    since: datetime | None


def _after(event: CarrierEvent) -> Custody:
    """The custody a moving event leaves the carrier in."""
    kind = event.kind
    if kind in (EventKind.REGISTER, EventKind.RETURN, EventKind.STORE) and event.cabinet_id is not None:
        return Custody(CarrierState.IN_CABINET, None, event.cabinet_id, None, event.at)
    if kind in (EventKind.REGISTER, EventKind.COLLECT, EventKind.TRANSFER):
        return Custody(CarrierState.HELD, event.to_person_id, None, None, event.at)
    if kind == EventKind.BORROW:
        return Custody(CarrierState.LENT, event.to_person_id, None, event.due_on, event.at)
    if kind == EventKind.RETURN_TO_ISSUER:
        return Custody(CarrierState.RETURNED_TO_ISSUER, None, None, None, event.at)
    if kind == EventKind.DESTROY:
        return Custody(CarrierState.DESTROYED, None, None, None, event.at)
    raise ValueError(f"event {event.pk} ({kind}) does not move a carrier")


def replay(events: Iterable[CarrierEvent]) -> Custody:
    """The custody all of a carrier's events lead to, applied in order (time, then id)."""
    custody = Custody(CarrierState.IN_CABINET, None, None, None, None)
    for event in sorted(events, key=lambda e: (e.at, e.pk or 0)):
        if event.kind in MOVING_KINDS:
            custody = _after(event)
    return custody


def custody_of(carrier_id: int) -> Custody:
    """Where the carrier is, from its latest moving event (one index probe on `secrecy_event_latest`)."""
    latest = (
        CarrierEvent.objects.filter(carrier_id=carrier_id, kind__in=MOVING_KINDS)
        .order_by("-at", "-id")
        .only("kind", "at", "to_person_id", "cabinet_id", "due_on")
        .first()
    )
    if latest is None:
        raise Carrier.DoesNotExist(f"carrier {carrier_id} has no events")
    return _after(latest)


def snapshot(carrier: Carrier) -> Custody:
    """The custody the carrier row keeps (what lists read)."""
    since = carrier.events.filter(kind__in=MOVING_KINDS).order_by("-at", "-id").values_list("at", flat=True)
    return Custody(carrier.state, carrier.holder_id, carrier.cabinet_id, carrier.due_on, since.first())


def held_by(person_id: int) -> QuerySet[Carrier]:
    """The carriers this person holds or has borrowed now (the personnel and secondee parts' "载体已清退")."""
    return Carrier.objects.filter(holder_id=person_id, state__in=OUT_STATES)


def is_overdue(carrier: Carrier, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return carrier.state == CarrierState.LENT and carrier.due_on is not None and carrier.due_on < today


def overdue_filter(today: date | None = None) -> Q:
    return Q(state=CarrierState.LENT, due_on__lt=today or timezone.localdate())


def days_overdue(carrier: Carrier, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return (today - carrier.due_on).days if is_overdue(carrier, today) and carrier.due_on else 0


# --- who sees ------------------------------------------------------------------------------------------------


def _carrier_scope(viewer: Viewer, action: Action) -> Q | None:
    """The secrecy office sees the whole ledger (within its clearance, by the policy's own rule); anyone else
    only what they keep, hold or held."""
    if keeps_ledger(viewer):
        return Q()
    person = viewer.person_id or 0
    through = Carrier.need_to_know_people.through
    return Q(owner_person_id=person) | Q(pk__in=through.objects.filter(person_id=person).values("carrier_id"))


def _event_scope(viewer: Viewer, action: Action) -> Q | None:
    if not viewer.is_business_person:
        return None
    return Q(carrier_id__in=visible(Carrier.objects.all(), viewer).values("pk"))


def _cabinet_scope(viewer: Viewer, action: Action) -> Q | None:
    """A cabinet's name and place are not secret: every business person may read them (to return a carrier
    into one); only the secrecy office sets them up."""
    if not viewer.is_business_person:
        return None
    if action == Action.CHANGE and not keeps_ledger(viewer):
        return None
    return Q()


def install_scopes() -> None:
    from zhongshu.access.policy import register_scope

    Carrier.access_scope = staticmethod(_carrier_scope)  # type: ignore[attr-defined]
    register_scope(CarrierEvent, _event_scope)
    register_scope(Cabinet, _cabinet_scope)


def visible_carriers(user: Any) -> QuerySet[Carrier]:
    return visible(Carrier.objects.select_related("holder", "cabinet", "owner_person", "owner_unit"), user)


def carrier_url(carrier: Carrier) -> str:
    return reverse("secrecy:carrier", args=[carrier.pk])


def may_know(person: Person, carrier: Carrier) -> bool:
    """Whether `person` may know what the carrier holds: its source record's 知悉范围 (the access policy) when it
    was printed from or received as one, else the carrier's own lists (its custodian, the people and units
    named)."""
    if carrier.source_type_id is not None and carrier.source_id is not None:
        model = ContentType.objects.get_for_id(carrier.source_type_id).model_class()
        source = model._default_manager.filter(pk=carrier.source_id).first() if model is not None else None
        return source is not None and can(person.user, source)
    return (
        carrier.owner_person_id == person.pk
        or carrier.need_to_know_people.filter(pk=person.pk).exists()
        or carrier.need_to_know_units.filter(pk=person.unit_id).exists()
    )


# --- refusals ------------------------------------------------------------------------------------------------


def refusals_audited(
    carrier: Carrier | None, *, by: Actor, action: str, **details: Any
) -> AbstractContextManager[None]:
    """Audit a refused action as `secrecy.carrier.<action>` (audit.refusals: use it outside the service's
    transaction), then let the refusal go on to the page or the API."""
    return audited_refusals(
        by=by,
        action=f"secrecy.carrier.{action}",
        target=carrier,
        object_type="" if carrier is not None else "secrecy.carrier",
        details=details,
    )


def _person_of(by: Actor) -> Person:
    person: Person | None = getattr(by, "person_or_none", None)
    if person is None:
        raise Forbidden("只有本单位工作人员可以办理涉密载体", code="not_allowed")
    return person


def _level_label(classification: int) -> str:
    return str(Classification(classification).label)


def check_cleared(person: Person, carrier: Carrier, *, field: str, what: str) -> None:
    if not clearance_covers(person.clearance, carrier.classification):
        raise ServiceError(
            f"{person.name}的涉密等级不能{what}{_level_label(carrier.classification)}载体",
            code="beyond_clearance",
            field=field,
        )


def check_second_person(
    carrier: Carrier, second: Person | None, *, first: Person | None, required: bool = False
) -> None:
    """绝密 (and any destruction): a second named person, not the first, cleared for the carrier's level."""
    needed = required or carrier.classification >= Classification.TOP_SECRET
    if second is None:
        if needed:
            what = "绝密载体的流转" if not required else "销毁"
            raise ServiceError(
                f"{what}须由两人办理，请选择第二人", code="second_person_required", field="second_person"
            )
        return
    if first is not None and second.pk == first.pk:
        raise ServiceError("第二人不能与经办人为同一人", code="second_person_same", field="second_person")
    check_cleared(second, carrier, field="second_person", what="经手")


def _moment(carrier: Carrier, at: datetime | None) -> datetime:
    """The event's time: now, or a given time not before the carrier's latest event (events stay in order)."""
    moment = at or timezone.now()
    latest = (
        CarrierEvent.objects.filter(carrier=carrier, kind__in=MOVING_KINDS)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    if latest is not None and moment < latest:
        raise ServiceError("流转时间不能早于该载体上一次流转的时间", code="before_latest_event", field="at")
    return moment


def _locked(carrier: Carrier, version: int | None) -> Carrier:
    return lock_at_version(Carrier.objects.all(), carrier.pk, version, changed=STALE)


def _record(
    carrier: Carrier,
    *,
    by: Actor,
    kind: str,
    at: datetime,
    from_person: Person | None = None,
    to_person: Person | None = None,
    second_person: Person | None = None,
    cabinet: Cabinet | None = None,
    due_on: date | None = None,
    note: str = "",
) -> CarrierEvent:
    """Write one event and the snapshot it leads to, on a carrier already locked; the receiving person joins
    the 知悉范围."""
    event = CarrierEvent.objects.create(
        carrier=carrier,
        kind=kind,
        at=at,
        from_person=from_person,
        to_person=to_person,
        second_person=second_person,
        cabinet=cabinet,
        due_on=due_on,
        note=note,
        recorded_by=by,
    )
    custody = _after(event)
    carrier.state = custody.state
    carrier.holder_id = custody.holder_id
    carrier.cabinet_id = custody.cabinet_id
    carrier.due_on = custody.due_on
    carrier.version += 1
    carrier.save(update_fields=["state", "holder", "cabinet", "due_on", "version"])
    if to_person is not None:
        carrier.need_to_know_people.add(to_person)
    audit_record(
        actor=by,
        action=f"secrecy.carrier.{kind}",
        target=carrier,
        details={
            "number": carrier.number,
            "event": event.pk,
            **({"from_person": from_person.pk} if from_person is not None else {}),
            **({"to_person": to_person.pk} if to_person is not None else {}),
            **({"second_person": second_person.pk} if second_person is not None else {}),
            **({"cabinet": cabinet.pk} if cabinet is not None else {}),
            **({"due_on": due_on.isoformat()} if due_on is not None else {}),
        },
    )
    return event


# --- registering ---------------------------------------------------------------------------------------------


def _next_number(unit: Unit, year: int) -> str:
    """`<unit code>-<year>-<6 digits>`: the unit's next number this year, under the sequence row's lock."""
    rows = CarrierNumberSequence.objects.filter(unit=unit, year=year)
    if not rows.exists():
        try:
            with transaction.atomic():  # a savepoint: losing the race to create the row is not an error
                CarrierNumberSequence.objects.create(unit=unit, year=year, last=0)
        except IntegrityError:
            pass
    sequence = rows.select_for_update().get()
    sequence.last += 1
    sequence.save(update_fields=["last"])
    code = (unit.code or f"U{unit.pk}").upper()[:26]
    return f"{code}-{year}-{sequence.last:06d}"


def _check_register(
    *, title: str, classification: int, secrecy_term_years: int | None, kind: str, copy_number: str
) -> None:
    if not title.strip():
        raise ServiceError("请填写载体题名", code="required", field="title")
    if classification not in STATE_SECRETS:
        raise ServiceError(
            "涉密载体台账只登记国家秘密载体（秘密、机密、绝密）",
            code="not_state_secret",
            field="classification",
        )
    if secrecy_term_years is not None:
        most = DEFAULT_SECRECY_TERM_YEARS[Classification(classification)]
        if not 1 <= secrecy_term_years <= most:
            raise ServiceError(
                f"{_level_label(classification)}事项的保密期限应在1至{most}年之间",
                code="term_beyond_maximum",
                field="secrecy_term_years",
            )
    if kind not in CarrierKind.values:
        raise ServiceError("请选择载体类型", code="unknown_kind", field="kind")
    if copy_number and (not copy_number.isdigit() or len(copy_number) > 6):
        raise ServiceError("份号应为不超过6位的数字", code="bad_copy_number", field="copy_number")


def _create(
    *,
    by: Actor,
    title: str,
    classification: int,
    secrecy_term_years: int | None,
    kind: str,
    source: str,
    custodian: Person,
    owner_unit: Unit,
    copy_number: str,
    source_record: models.Model | None,
    copy_of: Carrier | None,
    need_to_know_people: Sequence[Person],
    need_to_know_units: Sequence[Unit],
    at: datetime,
) -> Carrier:
    carrier = Carrier.objects.create(
        number=_next_number(owner_unit, timezone.localdate(at).year),
        copy_number=copy_number,
        kind=kind,
        title=title.strip(),
        source=source.strip(),
        source_type=ContentType.objects.get_for_model(source_record) if source_record is not None else None,
        source_id=source_record.pk if source_record is not None else None,
        copy_of=copy_of,
        registered_at=at,
        registered_by=by,
        classification=classification,
        secrecy_term_years=secrecy_term_years,
        owner_person=custodian,
        owner_unit=owner_unit,
        version=0,  # each event adds one: a carrier's version is the number of its moving events
    )
    carrier.need_to_know_people.set([custodian, *need_to_know_people])
    carrier.need_to_know_units.set(list(need_to_know_units))
    return carrier


def register_carrier(
    *,
    by: Actor,
    title: str,
    classification: int,
    secrecy_term_years: int | None,
    kind: str,
    source: str,
    cabinet: Cabinet | None,
    custodian: Person | None,
    copy_number: str = "",
    source_record: models.Model | None = None,
    copy_of: Carrier | None = None,
    owner_unit: Unit | None = None,
    need_to_know_people: Sequence[Person] = (),
    need_to_know_units: Sequence[Unit] = (),
    at: datetime | None = None,
) -> Carrier:
    """登记 a carrier of state secrets into a cabinet: its number allocated, a 登记 event, audited. Only the
    secrecy office registers; the custodian must be cleared for its level."""
    at = at or timezone.now()
    with refusals_audited(None, by=by, action="register"), transaction.atomic():
        if not keeps_ledger(by):
            raise Forbidden("只有保密办可以登记涉密载体", code="not_allowed")
        if not clearance_covers(_person_of(by).clearance, classification):
            # The form offers only the levels the registrar may know; the API must refuse the rest too.
            raise ServiceError(
                f"您的涉密等级不能登记{_level_label(classification)}载体",
                code="above_clearance",
                field="classification",
            )
        _check_register(
            title=title,
            classification=classification,
            secrecy_term_years=secrecy_term_years,
            kind=kind,
            copy_number=copy_number,
        )
        if cabinet is None or cabinet.retired:
            raise ServiceError("请选择在用的专柜", code="cabinet_required", field="cabinet")
        if custodian is None:
            raise ServiceError("请选择保管人", code="custodian_required", field="custodian")
        if not clearance_covers(custodian.clearance, classification):
            raise ServiceError(
                f"{custodian.name}的涉密等级不能保管{_level_label(classification)}载体",
                code="beyond_clearance",
                field="custodian",
            )
        carrier = _create(
            by=by,
            title=title,
            classification=classification,
            secrecy_term_years=secrecy_term_years,
            kind=kind,
            source=source,
            custodian=custodian,
            owner_unit=owner_unit or cabinet.unit,
            copy_number=copy_number,
            source_record=source_record,
            copy_of=copy_of,
            need_to_know_people=need_to_know_people,
            need_to_know_units=need_to_know_units,
            at=at,
        )
        _record(carrier, by=by, kind=EventKind.REGISTER, at=at, from_person=None, cabinet=cabinet)
    return carrier


def printed_copy_listener(facts: PrintedCopyFacts) -> None:
    """core.printing's listener (registered from views_carriers.register)."""
    register_printed_copy(facts)


def register_printed_copy(facts: PrintedCopyFacts) -> Carrier | None:
    """A classified copy printed by the documents module (core.printing): on the ledger at once, in the
    printing transaction. The rule chosen: the copy is in the printer's hands (领用中, held by the printer's
    person, no cabinet) until they return it into a cabinet — the unit may have no cabinet yet, and printing
    must not wait for one. 内部 and 公开 copies are not state secrets and stay off the ledger."""
    if facts.classification not in STATE_SECRETS:
        return None
    person = getattr(facts.by, "person_or_none", None)
    if person is None:
        raise ServiceError(
            "涉密文件须由本单位工作人员印制，以便登记涉密载体台账", code="printer_not_a_person"
        )
    carrier = _create(
        by=facts.by,
        title=facts.title[:200],
        classification=facts.classification,
        secrecy_term_years=facts.secrecy_term_years,
        kind=CarrierKind.PAPER,
        source=(facts.source or "本机关印制")[:100],
        custodian=person,
        owner_unit=person.unit,
        copy_number=str(facts.copy_number)[:6],
        source_record=facts.record,
        copy_of=None,
        need_to_know_people=(),
        need_to_know_units=(),
        at=facts.at,
    )
    _record(carrier, by=facts.by, kind=EventKind.REGISTER, at=facts.at, to_person=person, note="印制")
    return carrier


# --- movements -----------------------------------------------------------------------------------------------


def carrier_collect(
    *,
    by: Actor,
    carrier: Carrier,
    version: int | None = None,
    second_person: Person | None = None,
    at: datetime | None = None,
) -> CarrierEvent:
    """领取: the named person collects the carrier from its cabinet, in person."""
    from zhongshu.secrecy.actions_carriers import RULES

    with refusals_audited(carrier, by=by, action="collect"), transaction.atomic():
        carrier = _locked(carrier, version)
        RULES.require("collect", by, carrier)
        person = _person_of(by)
        check_cleared(person, carrier, field="carrier", what="领取")
        check_second_person(carrier, second_person, first=person)
        cabinet = carrier.cabinet
        return _record(
            carrier,
            by=by,
            kind=EventKind.COLLECT,
            at=_moment(carrier, at),
            from_person=cabinet.keeper if cabinet is not None else None,
            to_person=person,
            second_person=second_person,
            cabinet=None,
        )


def carrier_transfer(
    *,
    by: Actor,
    carrier: Carrier,
    to_person: Person | None,
    version: int | None = None,
    second_person: Person | None = None,
    note: str = "",
    at: datetime | None = None,
) -> CarrierEvent:
    """传递: from its holder to another cleared person."""
    from zhongshu.secrecy.actions_carriers import RULES

    with refusals_audited(carrier, by=by, action="transfer"), transaction.atomic():
        carrier = _locked(carrier, version)
        RULES.require("transfer", by, carrier)
        if to_person is None:
            raise ServiceError("请选择接收人", code="to_person_required", field="to_person")
        if to_person.pk == carrier.holder_id:
            raise ServiceError("接收人就是当前持有人", code="same_holder", field="to_person")
        check_cleared(to_person, carrier, field="to_person", what="接收")
        check_second_person(carrier, second_person, first=to_person)
        return _record(
            carrier,
            by=by,
            kind=EventKind.TRANSFER,
            at=_moment(carrier, at),
            from_person=carrier.holder,
            to_person=to_person,
            second_person=second_person,
            note=note.strip(),
        )


def carrier_borrow(
    *,
    by: Actor,
    carrier: Carrier,
    borrower: Person | None,
    due_on: date | None = None,
    version: int | None = None,
    second_person: Person | None = None,
    at: datetime | None = None,
) -> CarrierEvent:
    """借阅: lent from the cabinet until `due_on` (default ZHONGSHU_SECRECY_BORROW_DAYS days), only to a person
    cleared for its level who may know it."""
    from zhongshu.secrecy.actions_carriers import RULES

    with refusals_audited(carrier, by=by, action="borrow"), transaction.atomic():
        carrier = _locked(carrier, version)
        RULES.require("borrow", by, carrier)
        if borrower is None:
            raise ServiceError("请选择借阅人", code="borrower_required", field="borrower")
        check_cleared(borrower, carrier, field="borrower", what="借阅")
        if not may_know(borrower, carrier):
            raise ServiceError(
                f"{borrower.name}不在该载体的知悉范围内，不能借阅",
                code="outside_need_to_know",
                field="borrower",
            )
        moment = _moment(carrier, at)
        lent_on = timezone.localdate(moment)
        due = due_on or lent_on + timedelta(days=borrow_days())
        if due < lent_on:
            raise ServiceError("应还日期不能早于借阅日期", code="due_before_lent", field="due_on")
        if due > lent_on + timedelta(days=MOST_BORROW_DAYS):
            raise ServiceError("借阅期限不能超过一年", code="due_too_far", field="due_on")
        check_second_person(carrier, second_person, first=borrower)
        cabinet = carrier.cabinet
        return _record(
            carrier,
            by=by,
            kind=EventKind.BORROW,
            at=moment,
            from_person=cabinet.keeper if cabinet is not None else None,
            to_person=borrower,
            second_person=second_person,
            due_on=due,
        )


def carrier_return(
    *,
    by: Actor,
    carrier: Carrier,
    cabinet: Cabinet | None = None,
    version: int | None = None,
    second_person: Person | None = None,
    at: datetime | None = None,
) -> CarrierEvent:
    """归还: a carrier that is out (held or lent) comes back into a cabinet (by default the one it was last in)."""
    from zhongshu.secrecy.actions_carriers import RULES

    with refusals_audited(carrier, by=by, action="return"), transaction.atomic():
        carrier = _locked(carrier, version)
        RULES.require("return", by, carrier)
        cabinet = cabinet or last_cabinet(carrier)
        if cabinet is None or cabinet.retired:
            raise ServiceError("请选择归还存放的专柜", code="cabinet_required", field="cabinet")
        holder = carrier.holder
        check_second_person(carrier, second_person, first=holder)
        return _record(
            carrier,
            by=by,
            kind=EventKind.RETURN,
            at=_moment(carrier, at),
            from_person=holder,
            to_person=None,
            second_person=second_person,
            cabinet=cabinet,
        )


def carrier_return_to_issuer(
    *,
    by: Actor,
    carrier: Carrier,
    note: str,
    version: int | None = None,
    second_person: Person | None = None,
    at: datetime | None = None,
) -> CarrierEvent:
    """清退: back to whoever issued it (named in the note); it leaves the ledger."""
    from zhongshu.secrecy.actions_carriers import RULES

    with refusals_audited(carrier, by=by, action="return_to_issuer"), transaction.atomic():
        carrier = _locked(carrier, version)
        RULES.require("return_to_issuer", by, carrier)
        if not note.strip():
            raise ServiceError("请填写清退去向（退回何单位、何人签收）", code="note_required", field="note")
        person = _person_of(by)
        check_second_person(carrier, second_person, first=person)
        return _record(
            carrier,
            by=by,
            kind=EventKind.RETURN_TO_ISSUER,
            at=_moment(carrier, at),
            from_person=carrier.holder or person,
            second_person=second_person,
            note=note.strip(),
        )


def carrier_destroy(
    *,
    by: Actor,
    carrier: Carrier,
    destroyer: Person | None,
    second_person: Person | None,
    note: str,
    version: int | None = None,
    at: datetime | None = None,
) -> CarrierEvent:
    """销毁: by two different people, both named and cleared, with the destruction record (where, how); the
    secrecy office records it, which is its approval."""
    from zhongshu.secrecy.actions_carriers import RULES

    with refusals_audited(carrier, by=by, action="destroy"), transaction.atomic():
        carrier = _locked(carrier, version)
        RULES.require("destroy", by, carrier)
        if destroyer is None:
            raise ServiceError("请选择销毁人", code="destroyer_required", field="destroyer")
        check_cleared(destroyer, carrier, field="destroyer", what="销毁")
        check_second_person(carrier, second_person, first=destroyer, required=True)
        if not note.strip():
            raise ServiceError(
                "请填写销毁记录（销毁方式、地点、批准情况）", code="destroy_record_required", field="note"
            )
        return _record(
            carrier,
            by=by,
            kind=EventKind.DESTROY,
            at=_moment(carrier, at),
            # The destroyer is the first party and the second person stands beside: both names stay.
            from_person=destroyer,
            to_person=None,
            second_person=second_person,
            note=note.strip(),
        )


def last_cabinet(carrier: Carrier) -> Cabinet | None:
    """The cabinet the carrier was last kept in (where a return goes by default)."""
    if carrier.cabinet_id is not None:
        return carrier.cabinet
    event = (
        CarrierEvent.objects.filter(carrier=carrier, cabinet__isnull=False, cabinet__retired=False)
        .select_related("cabinet")
        .order_by("-at", "-id")
        .first()
    )
    return event.cabinet if event is not None else None


# --- cabinets ------------------------------------------------------------------------------------------------


def cabinet_create(
    *, by: Actor, unit: Unit | None, name: str, keeper: Person | None, location: str = ""
) -> Cabinet:
    """设立专柜: the secrecy office names a cabinet, where it stands and who keeps it (a cleared person)."""
    with refusals_audited(None, by=by, action="cabinet_create"), transaction.atomic():
        if not keeps_ledger(by):
            raise Forbidden("只有保密办可以设立专柜", code="not_allowed")
        if unit is None:
            raise ServiceError("请选择单位", code="unit_required", field="unit")
        if not name.strip():
            raise ServiceError("请填写专柜名称", code="required", field="name")
        if keeper is None:
            raise ServiceError("请选择专柜保管人", code="keeper_required", field="keeper")
        if not clearance_covers(keeper.clearance, Classification.CONFIDENTIAL):
            raise ServiceError(
                f"{keeper.name}不是涉密人员，不能保管专柜", code="keeper_not_cleared", field="keeper"
            )
        if Cabinet.objects.filter(unit=unit, name=name.strip()).exists():
            raise ServiceError(
                f"{unit.name}已有名为“{name.strip()}”的专柜", code="cabinet_exists", field="name"
            )
        cabinet = Cabinet.objects.create(
            unit=unit, name=name.strip(), location=location.strip(), keeper=keeper
        )
        audit_record(
            actor=by,
            action="secrecy.carrier.cabinet_create",
            target=cabinet,
            details={"unit": unit.pk, "keeper": keeper.pk},
        )
    return cabinet


def visible_cabinets(user: Any) -> QuerySet[Cabinet]:
    return visible(Cabinet.objects.select_related("unit", "keeper"), user)


# --- the ledger's filters and counts ------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    state: str = ""
    classification: int | None = None
    cabinet_id: int | None = None
    holder_id: int | None = None
    overdue_only: bool = False


def filtered(queryset: QuerySet[Carrier], filters: Filters, today: date | None = None) -> QuerySet[Carrier]:
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.classification is not None:
        queryset = queryset.filter(classification=filters.classification)
    if filters.cabinet_id is not None:
        queryset = queryset.filter(cabinet_id=filters.cabinet_id)
    if filters.holder_id is not None:
        queryset = queryset.filter(holder_id=filters.holder_id)
    if filters.overdue_only:
        queryset = queryset.filter(overdue_filter(today))
    return queryset


@dataclass(frozen=True)
class LedgerCounts:
    total: int
    by_state: dict[str, int]
    overdue: int


def counts(queryset: QuerySet[Carrier], today: date | None = None) -> LedgerCounts:
    """How many carriers of `queryset` (already through the policy) are in each state, and overdue: two
    aggregate queries."""
    rows = queryset.order_by().values("state").annotate(n=Count("id"))
    by_state = {row["state"]: row["n"] for row in rows}
    overdue = queryset.filter(overdue_filter(today)).count()
    return LedgerCounts(total=sum(by_state.values()), by_state=by_state, overdue=overdue)


def events_of(carrier: Carrier) -> list[CarrierEvent]:
    return list(
        carrier.events.select_related(
            "from_person", "to_person", "second_person", "cabinet", "recorded_by"
        ).order_by("at", "id")
    )
