"""Inventory counts (清点) and copying approvals (复制审批) on the classified-carrier ledger.

A count compares what the ledger says should be in a cabinet (专柜) — or in all of a unit's cabinets — with the
numbers found there, pasted or scanned one per line:

- 应在未见 (missing): the ledger puts it in the cabinet; it was not found;
- 位置不符 (misplaced): found here, but the ledger puts it in another cabinet, with a holder, or on another
  unit's ledger;
- 已注销仍在 (gone): found, but the ledger says it was destroyed or returned to its issuer.

A number that is not on the ledger at all is refused (`unknown_number`), naming every such number, and nothing is
saved: a count is recorded whole or not at all. `compare` writes nothing and reads the ledger in set queries (the
cabinet's carriers in one, the found numbers not among them in chunks), so 10,000 carriers compare in well under
a second. Numbers are normalised before comparing: full-width characters and dashes folded, whitespace dropped,
letters upper-cased.

A missing carrier tells the secrecy office (an outbox notice) and stays on its to-do list until each discrepancy
is resolved (`discrepancy_resolve`, with what was done).

Copying: a person who may see a carrier asks for N copies with a reason (`copy_request`); the secrecy office
decides (`copy_decide`) — never on its own request, and once. A 绝密 carrier is copied only with its originator's
consent recorded. On approval each copy becomes a carrier of its own on the ledger (`copy_of` the original, same
level and term, 复制件 in its title, held by the requester) and the original gets a COPY event. Until approval no
copy exists.

Every change is audited; a refused change is audited too (outcome denied, with the refusal's code), after its
transaction rolled back.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.policy import can, visible
from zhongshu.accounts.actors import Actor
from zhongshu.audit.refusals import refusals_audited as audited_refusals
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.core.locking import lock_at_version
from zhongshu.org.models import Person, Unit
from zhongshu.org.offices import office_unit_ids
from zhongshu.secrecy.models_carriers import (
    GONE_STATES,
    Cabinet,
    Carrier,
    CarrierState,
    CopyRequest,
    CopyState,
    DiscrepancyKind,
    Inventory,
    InventoryDiscrepancy,
)
from zhongshu.secrecy.roles import keeps_ledger

# More numbers than this in one count is a pasting mistake (a county's whole ledger is a few thousand).
MOST_NUMBERS = 20_000
# A found list is looked up in chunks: SQLite's older builds take 999 parameters a statement.
LOOKUP_CHUNK = 900
# How many unknown numbers a refusal names before it says "等共N个".
NAMED_UNKNOWN = 30
MOST_COPIES = 20
_SEPARATORS = re.compile(r"[\r\n,，、;；]+")
# Dashes a scanner or an input method may give for the ledger's hyphen (NFKC leaves these as they are).
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣－", "-"))


# --- numbers ------------------------------------------------------------------------------------------------


def normalise_number(raw: str) -> str:
    """A carrier number as the ledger writes it: full-width folded (NFKC), dashes made hyphens, whitespace
    dropped, letters upper-cased. ＸＷＢ－２０２６－０００１ and ' xwb-2026-0001 ' are XWB-2026-0001."""
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    return "".join(text.split()).upper()


def parse_found(text: str) -> list[str]:
    """The numbers of a pasted or scanned list (one a line; commas and 、 also separate), normalised, in the
    order given, blanks dropped (duplicates kept: `compare` reports them)."""
    numbers = (normalise_number(part) for part in _SEPARATORS.split(text or ""))
    return [number for number in numbers if number]


def _chunks(items: Sequence[str], size: int = LOOKUP_CHUNK) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- compare ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One discrepancy: the carrier (by id and number; its title is the viewer's to see or not) and what the
    ledger says of it."""

    carrier_id: int
    number: str
    kind: str
    ledger_says: str

    @property
    def kind_label(self) -> str:
        return str(DiscrepancyKind(self.kind).label)


@dataclass(frozen=True)
class Comparison:
    expected_count: int  # 应在数: what the ledger puts in the cabinet (or the unit's cabinets)
    found_count: int  # 实点数: distinct numbers found
    matched: int  # found where the ledger says
    missing: list[Line] = field(default_factory=list)
    misplaced: list[Line] = field(default_factory=list)
    gone: list[Line] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # numbers listed more than once
    found: list[str] = field(default_factory=list)  # the distinct normalised numbers, in order

    @property
    def discrepancies(self) -> list[Line]:
        return [*self.missing, *self.misplaced, *self.gone]

    @property
    def clean(self) -> bool:
        return not self.discrepancies


def _expected(unit: Unit, cabinet: Cabinet | None) -> QuerySet[Carrier]:
    """What the ledger puts where the count is taken: the cabinet, or every cabinet of the unit."""
    where = Q(cabinet=cabinet) if cabinet is not None else Q(cabinet__unit=unit)
    return Carrier.objects.filter(where, state=CarrierState.IN_CABINET)


_FACTS = ("id", "number", "state", "cabinet_id", "cabinet__name", "cabinet__unit_id", "cabinet__unit__name")
_FACTS_OUT = ("holder__name", "due_on", "owner_unit__name")


def _ledger_says(row: dict[str, Any]) -> str:
    """Where the ledger puts a carrier, in the register's words (no title: a carrier is named by number)."""
    state = row["state"]
    if state == CarrierState.IN_CABINET:
        place = row["cabinet__name"] or "未指定专柜"
        unit = row["cabinet__unit__name"]
        return f"在柜：{place}" + (f"（{unit}）" if unit else "")
    if state == CarrierState.HELD:
        return f"领用中：{row['holder__name'] or '未记载持有人'}"
    if state == CarrierState.LENT:
        due = f"，应还{row['due_on']:%Y-%m-%d}" if row["due_on"] else ""
        return f"借出：{row['holder__name'] or '未记载借阅人'}{due}"
    return str(CarrierState(state).label)


def _describe(ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The ledger's facts of the carriers `ids`, in chunked queries (a count may miss thousands)."""
    wanted = sorted(set(ids))
    facts: dict[int, dict[str, Any]] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        rows = Carrier.objects.filter(pk__in=wanted[start : start + LOOKUP_CHUNK]).values(
            *_FACTS, *_FACTS_OUT
        )
        facts.update({row["id"]: row for row in rows})
    return facts


def unknown_numbers_error(unknown: Sequence[str]) -> ServiceError:
    named = "、".join(unknown[:NAMED_UNKNOWN])
    more = f"等共{len(unknown)}个" if len(unknown) > NAMED_UNKNOWN else ""
    error = ServiceError(
        f"以下编号不在涉密载体台账上，请核对后重新录入：{named}{more}",
        code="unknown_number",
        field="found_numbers",
    )
    error.unknown = list(unknown)  # type: ignore[attr-defined]  # the refusal's audit names them
    return error


def compare(*, unit: Unit, cabinet: Cabinet | None, found_numbers: Sequence[str]) -> Comparison:
    """The ledger against what was found (no writes). Raises `unknown_number` naming every number that is not
    on the ledger."""
    normalised = [number for number in (normalise_number(raw) for raw in found_numbers) if number]
    found = list(dict.fromkeys(normalised))
    times = Counter(normalised)
    duplicates = [number for number in found if times[number] > 1]
    expected = {
        normalise_number(number): pk for pk, number in _expected(unit, cabinet).values_list("id", "number")
    }
    found_set = set(found)
    elsewhere = [number for number in found if number not in expected]
    others: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(elsewhere):
        for row in Carrier.objects.filter(number__in=list(chunk)).values(*_FACTS):
            others[normalise_number(row["number"])] = row
    unknown = [number for number in elsewhere if number not in others]
    if unknown:
        raise unknown_numbers_error(unknown)
    missing_ids = [pk for number, pk in expected.items() if number not in found_set]
    facts = _describe([*missing_ids, *(row["id"] for row in others.values())])
    missing = sorted(
        (
            Line(pk, facts[pk]["number"], DiscrepancyKind.MISSING, _ledger_says(facts[pk]))
            for pk in missing_ids
        ),
        key=lambda line: line.number,
    )
    misplaced: list[Line] = []
    gone: list[Line] = []
    for number in elsewhere:
        row = facts[others[number]["id"]]
        kind = DiscrepancyKind.GONE if row["state"] in GONE_STATES else DiscrepancyKind.MISPLACED
        line = Line(row["id"], row["number"], kind, _ledger_says(row))
        (gone if kind == DiscrepancyKind.GONE else misplaced).append(line)
    return Comparison(
        expected_count=len(expected),
        found_count=len(found),
        matched=len(found_set & expected.keys()),
        missing=missing,
        misplaced=misplaced,
        gone=gone,
        duplicates=duplicates,
        found=found,
    )


# --- who ----------------------------------------------------------------------------------------------------


def person_of(user: Any) -> Person | None:
    person = getattr(user, "person_or_none", None)
    return person if isinstance(person, Person) else None


def may_count(user: Any, cabinet: Cabinet | None = None) -> bool:
    """The secrecy office counts any cabinet or a unit's whole custody; a cabinet's keeper counts his own."""
    if keeps_ledger(user):
        return True
    person = person_of(user)
    return cabinet is not None and person is not None and cabinet.keeper_id == person.pk


def may_count_any(user: Any) -> bool:
    """Whether the count form is for the user at all: the secrecy office, or the keeper of a cabinet in use."""
    return keeps_ledger(user) or countable_cabinets(user).exists()


def secrecy_office_users() -> list[Any]:
    """The accounts of the secrecy office (keeps_ledger): the county office's 保密员 and its director."""
    from zhongshu.accounts.models import User

    return list(
        User.objects.filter(
            is_active=True,
            person__unit_id__in=sorted(office_unit_ids()),
            groups__name__in=[Role.SECRECY_OFFICER.value, Role.OFFICE_DIRECTOR.value],
        )
        .distinct()
        .order_by("pk")
    )


def countable_cabinets(user: Any) -> QuerySet[Cabinet]:
    cabinets = Cabinet.objects.filter(retired=False).select_related("unit", "keeper")
    if keeps_ledger(user):
        return cabinets
    person = person_of(user)
    return cabinets.filter(keeper_id=person.pk) if person is not None else cabinets.none()


# --- access scopes ------------------------------------------------------------------------------------------


def inventory_scope(viewer: Any, action: Any) -> Q | None:
    """Counts are the secrecy office's register; a counter, a witness and a cabinet's keeper see theirs."""
    if not viewer.is_business_person:
        return None
    if keeps_ledger(viewer):
        return Q()
    mine = viewer.person_id or 0
    return Q(counted_by_id=mine) | Q(second_person_id=mine) | Q(cabinet__keeper_id=mine)


def discrepancy_scope(viewer: Any, action: Any) -> Q | None:
    scope = inventory_scope(viewer, action)
    if scope is None:
        return None
    return Q(inventory__in=Inventory.objects.filter(scope).values("pk"))


def copy_request_scope(viewer: Any, action: Any) -> Q | None:
    """A requester sees his requests; the secrecy office those on carriers it may see."""
    if not viewer.is_business_person:
        return None
    mine = Q(requested_by_id=viewer.person_id or 0)
    if keeps_ledger(viewer):
        return mine | Q(carrier__in=visible(Carrier.objects.all(), viewer).values("pk"))
    return mine


def register_scopes() -> None:
    from zhongshu.access.policy import register_scope

    register_scope(Inventory, inventory_scope)
    register_scope(InventoryDiscrepancy, discrepancy_scope)
    register_scope(CopyRequest, copy_request_scope)


def visible_inventories(user: Any) -> QuerySet[Inventory]:
    return visible(Inventory.objects.select_related("unit", "cabinet", "counted_by", "second_person"), user)


def visible_copy_requests(user: Any) -> QuerySet[CopyRequest]:
    return visible(CopyRequest.objects.select_related("carrier", "requested_by", "decided_by"), user)


def visible_carrier_ids(user: Any, ids: Iterable[int]) -> set[int]:
    """Which of the carriers `ids` the user may see (one query): a row shows number and title only then."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(visible(Carrier.objects.filter(pk__in=wanted), user).values_list("pk", flat=True))


# --- refusals -----------------------------------------------------------------------------------------------


def refusals_audited(
    *, by: Actor, action: str, target: models.Model | None = None, object_type: str = "", object_id: Any = ""
) -> AbstractContextManager[None]:
    """Audit a refused `action` with the unknown numbers an inventory named (audit.refusals: use it outside the
    service's `transaction.atomic()`), then let the refusal go on."""
    return audited_refusals(
        by=by,
        action=action,
        target=target,
        object_type=object_type,
        object_id=object_id,
        details_of=_unknown_numbers,
    )


def _unknown_numbers(refusal: ServiceError) -> dict[str, Any]:
    unknown = getattr(refusal, "unknown", None)
    return {"unknown": list(unknown[:NAMED_UNKNOWN])} if unknown else {}


# --- inventory ----------------------------------------------------------------------------------------------


def inventory_url(inventory: Inventory) -> str:
    return reverse("secrecy:inventory", args=[inventory.pk])


def _check_count(
    *,
    by: Actor,
    unit: Unit,
    cabinet: Cabinet | None,
    counted_on: date | None,
    second_person: Person | None,
    numbers: list[str],
) -> tuple[Person, date]:
    counter = person_of(by)
    if counter is None or not may_count(by, cabinet):
        raise Forbidden("只有保密办或该专柜的保管人可以清点涉密载体", code="not_allowed")
    if cabinet is not None and cabinet.unit_id != unit.pk:
        raise ServiceError(f"{cabinet.name}不属于{unit.name}", code="cabinet_not_in_unit", field="cabinet")
    if cabinet is not None and cabinet.retired:
        raise ServiceError(f"{cabinet.name}已停用", code="cabinet_retired", field="cabinet")
    if counted_on is None:
        raise ServiceError("请填写清点日期", code="required", field="counted_on")
    if counted_on > timezone.localdate():
        raise ServiceError("清点日期不能晚于今天", code="counted_in_future", field="counted_on")
    if second_person is not None and second_person.pk == counter.pk:
        raise ServiceError("监点人不能是清点人本人", code="second_is_counter", field="second_person")
    if len(numbers) > MOST_NUMBERS:
        raise ServiceError(
            f"一次清点最多录入{MOST_NUMBERS}个编号：{len(numbers)}",
            code="too_many_numbers",
            field="found_numbers",
        )
    return counter, counted_on


def inventory_record(
    *,
    by: Actor,
    unit: Unit,
    cabinet: Cabinet | None,
    counted_on: date | None,
    found_numbers: str,
    second_person: Person | None = None,
) -> Inventory:
    """Record a count: compare, store the count and its discrepancies, all or nothing; a missing carrier tells
    the secrecy office. A number not on the ledger refuses the whole count, naming the numbers."""
    target = cabinet if cabinet is not None else unit
    with (
        refusals_audited(by=by, action="secrecy.inventory.record", target=target, object_id=target.pk),
        transaction.atomic(),
    ):
        numbers = parse_found(found_numbers)
        counter, day = _check_count(
            by=by,
            unit=unit,
            cabinet=cabinet,
            counted_on=counted_on,
            second_person=second_person,
            numbers=numbers,
        )
        result = compare(unit=unit, cabinet=cabinet, found_numbers=numbers)
        inventory = Inventory.objects.create(
            unit=unit,
            cabinet=cabinet,
            counted_on=day,
            counted_by=counter,
            second_person=second_person,
            found_numbers="\n".join(result.found),
            expected_count=result.expected_count,
            found_count=result.found_count,
            created_by=by,
        )
        InventoryDiscrepancy.objects.bulk_create(
            [
                InventoryDiscrepancy(
                    inventory=inventory,
                    carrier_id=line.carrier_id,
                    kind=line.kind,
                    ledger_says=line.ledger_says[:200],
                )
                for line in result.discrepancies
            ],
            batch_size=500,
        )
        audit_record(
            actor=by,
            action="secrecy.inventory.record",
            target=inventory,
            details={
                "expected": result.expected_count,
                "found": result.found_count,
                "matched": result.matched,
                "missing": len(result.missing),
                "misplaced": len(result.misplaced),
                "gone": len(result.gone),
            },
        )
        if result.missing:
            _tell_missing(inventory, len(result.missing))
    return inventory


def _tell_missing(inventory: Inventory, missing: int) -> None:
    from zhongshu.notifications.services import notify

    place = inventory.cabinet.name if inventory.cabinet is not None else f"{inventory.unit.name}全部专柜"
    for user in secrecy_office_users():
        notify(
            recipient=user,
            about=inventory,
            kind="secrecy.inventory_missing",
            title=f"涉密载体清点发现{missing}件应在未见",
            body=f"{inventory.counted_on:%Y年%m月%d日}清点{place}，{missing}件载体应在未见，请核查处理。",
            link=inventory_url(inventory),
            dedupe_key=f"secrecy.inventory_missing.{inventory.pk}.{user.pk}",
        )


def discrepancy_resolve(*, by: Actor, discrepancy: InventoryDiscrepancy, note: str) -> InventoryDiscrepancy:
    """Record how a discrepancy was resolved (found, re-registered, reported as lost ...): once."""
    from zhongshu.secrecy.actions_inventory import DISCREPANCY_RULES

    with (
        refusals_audited(by=by, action="secrecy.inventory.resolve", target=discrepancy),
        transaction.atomic(),
    ):
        discrepancy = InventoryDiscrepancy.objects.select_for_update().get(pk=discrepancy.pk)
        DISCREPANCY_RULES.require("resolve", by, discrepancy)
        clean = " ".join((note or "").split())
        if not clean:
            raise ServiceError("请填写处理情况", code="required", field="note")
        if len(clean) > 200:
            raise ServiceError("处理情况不能超过200字", code="too_long", field="note")
        discrepancy.resolved_note = clean
        discrepancy.save(update_fields=["resolved_note"])
        audit_record(
            actor=by,
            action="secrecy.inventory.resolve",
            target=discrepancy,
            details={"inventory": discrepancy.inventory_id, "kind": discrepancy.kind},
        )
    return discrepancy


@dataclass(frozen=True)
class ReportLine:
    """A discrepancy as a viewer sees it: the carrier only if he may see it, and whether he may resolve it."""

    discrepancy: InventoryDiscrepancy
    carrier: Carrier | None
    may_resolve: bool


def report_lines(user: Any, made: Inventory) -> list[ReportLine]:
    """Every discrepancy of a count, missing first; two queries (the rows, the carriers the user may see)."""
    from zhongshu.secrecy.actions_inventory import DISCREPANCY_RULES

    rows = list(made.discrepancies.order_by("kind", "carrier__number"))
    kinds = {kind: index for index, kind in enumerate(DiscrepancyKind.values)}
    rows.sort(key=lambda row: kinds[row.kind])
    seen = {
        carrier.pk: carrier
        for carrier in visible(Carrier.objects.filter(pk__in=[row.carrier_id for row in rows]), user)
    }
    office = keeps_ledger(user)
    return [
        ReportLine(
            discrepancy=row,
            carrier=seen.get(row.carrier_id),
            may_resolve=office
            and row.carrier_id in seen
            and DISCREPANCY_RULES.check("resolve", user, row) is None,
        )
        for row in rows
    ]


def summary(made: Inventory) -> dict[str, int]:
    """A count's discrepancies by kind, and how many are still open."""
    from django.db.models import Count

    by_kind = dict(
        made.discrepancies.order_by().values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
    )
    return {
        **{kind: by_kind.get(kind, 0) for kind in DiscrepancyKind.values},
        "open": made.discrepancies.filter(resolved_note="").count(),
        "matched": made.found_count - sum(by_kind.get(kind, 0) for kind in ("misplaced", "gone")),
    }


def open_counts(inventory_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Per count, its discrepancies and those still open: one aggregate query."""
    from django.db.models import Count

    rows = (
        InventoryDiscrepancy.objects.filter(inventory_id__in=list(inventory_ids))
        .order_by()
        .values("inventory_id")
        .annotate(total=Count("id"), open=Count("id", filter=Q(resolved_note="")))
    )
    return {row["inventory_id"]: (row["total"], row["open"]) for row in rows}


def discrepancy_resolve_check(*, by: Actor, discrepancy: InventoryDiscrepancy) -> None:
    """Refuse (audited) at once a caller who may not resolve the discrepancy now, before his input is read."""
    from zhongshu.secrecy.actions_inventory import DISCREPANCY_RULES

    with refusals_audited(by=by, action="secrecy.inventory.resolve", target=discrepancy):
        DISCREPANCY_RULES.require("resolve", by, discrepancy)


def open_discrepancies(user: Any) -> QuerySet[InventoryDiscrepancy]:
    """The unresolved discrepancies the user may resolve: the secrecy office's, on carriers it may see."""
    if not keeps_ledger(user):
        return InventoryDiscrepancy.objects.none()
    # The secrecy office's scope over counts is everything (inventory_scope): only the carrier narrows, so the
    # count's scope is not asked again (for a Viewer it would look the office's units up once more).
    return InventoryDiscrepancy.objects.filter(
        resolved_note="", carrier__in=visible(Carrier.objects.all(), user).values("pk")
    )


def inventory_todos(user: Any) -> list[Any]:
    """One to-do per count with unresolved discrepancies (derived from the data, never stored)."""
    from django.db.models import Count, Min

    from zhongshu.core.todos import TodoItem

    rows = (
        open_discrepancies(user)
        .order_by()
        .values("inventory_id")
        .annotate(open=Count("id"), counted_on=Min("inventory__counted_on"))
        .order_by("counted_on", "inventory_id")[:50]
    )
    return [
        TodoItem(
            title=f"处理清点差异：{row['counted_on']:%Y-%m-%d}清点尚有{row['open']}项未处理",
            url=reverse("secrecy:inventory", args=[row["inventory_id"]]),
            kind="secrecy.inventory_discrepancy",
            source_label="涉密载体清点",
            due=row["counted_on"],
            record=(Inventory._meta.label_lower, str(row["inventory_id"])),
        )
        for row in rows
    ]


# --- copying ------------------------------------------------------------------------------------------------


def copy_request_url(request: CopyRequest) -> str:
    return reverse("secrecy:copy_request", args=[request.pk])


def copy_request(
    *, by: Actor, carrier: Carrier, copies: int | None, reason: str, originator_consent: str = ""
) -> CopyRequest:
    """Ask to copy a carrier the requester may see. No copy exists until the secrecy office approves."""
    with (
        refusals_audited(by=by, action="secrecy.copy.request", target=carrier),
        transaction.atomic(),
    ):
        person = person_of(by)
        if person is None or not can(by, carrier):
            raise Forbidden("只能申请复制本人可以查看的涉密载体", code="not_allowed")
        carrier = Carrier.objects.get(pk=carrier.pk)
        if carrier.state in GONE_STATES:
            raise ServiceError(
                f"该载体{carrier.get_state_display()}，不能复制", code="carrier_gone", field="carrier"
            )
        if copies is None or not 1 <= copies <= MOST_COPIES:
            raise ServiceError(f"复制份数应在1至{MOST_COPIES}之间", code="bad_copies", field="copies")
        clean_reason = " ".join((reason or "").split())
        if not clean_reason:
            raise ServiceError("请填写复制事由", code="required", field="reason")
        if len(clean_reason) > 200:
            raise ServiceError("复制事由不能超过200字", code="too_long", field="reason")
        consent = " ".join((originator_consent or "").split())
        if len(consent) > 200:
            raise ServiceError("原定密机关同意情况不能超过200字", code="too_long", field="originator_consent")
        request = CopyRequest.objects.create(
            carrier=carrier,
            copies=copies,
            reason=clean_reason,
            requested_by=person,
            originator_consent=consent,
        )
        audit_record(
            actor=by,
            action="secrecy.copy.request",
            target=request,
            classification=carrier.classification,
            details={"carrier": carrier.pk, "copies": copies},
        )
    return request


def copy_decide(
    *,
    by: Actor,
    request: CopyRequest,
    approve: bool,
    opinion: str,
    originator_consent: str | None = None,
    version: int | None = None,
) -> CopyRequest:
    """The secrecy office approves or refuses a copy request, once. Approving makes the copies: carriers of
    their own, held by the requester, and a COPY event on the original. A 绝密 carrier needs its originator's
    consent recorded (at the request or here)."""
    from zhongshu.secrecy.actions_inventory import COPY_RULES

    action = "secrecy.copy.approve" if approve else "secrecy.copy.refuse"
    with (
        refusals_audited(by=by, action=action, target=request),
        transaction.atomic(),
    ):
        request = lock_at_version(
            CopyRequest.objects.all(), request.pk, version, changed="该复制申请已被他人办理，请刷新后重试"
        )
        COPY_RULES.require("decide", by, request)
        carrier = Carrier.objects.select_for_update().get(pk=request.carrier_id)
        clean_opinion = " ".join((opinion or "").split())
        if len(clean_opinion) > 200:
            raise ServiceError("审批意见不能超过200字", code="too_long", field="opinion")
        if not approve and not clean_opinion:
            raise ServiceError("不批准时请填写审批意见", code="opinion_required", field="opinion")
        if originator_consent is not None and originator_consent.strip():
            consent = " ".join(originator_consent.split())
            if len(consent) > 200:
                raise ServiceError(
                    "原定密机关同意情况不能超过200字", code="too_long", field="originator_consent"
                )
            request.originator_consent = consent
        made: list[Carrier] = []
        if approve:
            if carrier.state in GONE_STATES:
                raise ServiceError(
                    f"该载体{carrier.get_state_display()}，不能复制", code="carrier_gone", field="carrier"
                )
            if carrier.classification >= Classification.TOP_SECRET and not request.originator_consent:
                raise ServiceError(
                    "绝密级载体复制须经原定密机关、单位同意，请登记其同意情况后再批准",
                    code="originator_consent_required",
                    field="originator_consent",
                )
            made = _make_copies(by=by, request=request, original=carrier)
        request.state = CopyState.APPROVED if approve else CopyState.REFUSED
        request.decided_by = person_of(by)
        request.decided_at = timezone.now()
        request.opinion = clean_opinion
        request.version += 1
        request.save(
            update_fields=["state", "decided_by", "decided_at", "opinion", "originator_consent", "version"]
        )
        audit_record(
            actor=by,
            action=action,
            target=request,
            classification=carrier.classification,
            details={"carrier": carrier.pk, "copies": [copy.pk for copy in made]},
        )
        _tell_requester(request, approve)
    return request


def copy_title(original: Carrier) -> str:
    mark = "（复制件）"
    return original.title[: 200 - len(mark)] + mark


def _copy_cabinet(original: Carrier) -> Cabinet:
    """Where the copies are registered: the cabinet the original is (or was last) kept in, else the first cabinet
    of the original's unit."""
    from zhongshu.secrecy.carriers import last_cabinet

    cabinet = last_cabinet(original)
    if cabinet is None or cabinet.retired:
        cabinet = (
            Cabinet.objects.filter(unit_id=original.owner_unit_id or 0, retired=False).order_by("pk").first()
        )
    if cabinet is None:
        raise ServiceError(
            "原件所属单位没有在用的专柜，复制件无处登记，请先设立专柜", code="no_cabinet", field="carrier"
        )
    return cabinet


def copy_decide_check(*, by: Actor, request: CopyRequest, approve: bool | None = None) -> None:
    """Refuse (audited) at once a caller who may not decide the request now — not the secrecy office, his own
    request, already decided — before his input is read."""
    from zhongshu.secrecy.actions_inventory import COPY_RULES

    action = "secrecy.copy.refuse" if approve is False else "secrecy.copy.approve"
    with refusals_audited(by=by, action=action, target=request):
        COPY_RULES.require("decide", by, request)


def _make_copies(*, by: Actor, request: CopyRequest, original: Carrier) -> list[Carrier]:
    """The approved copies, each a carrier of its own on the ledger (registered by the carriers part into the
    original's cabinet, the requester its custodian), and the original's COPY event — which leaves the original
    where it is (carriers.MOVING_KINDS)."""
    from zhongshu.secrecy.carriers import register_carrier
    from zhongshu.secrecy.models_carriers import CarrierEvent, EventKind

    requester = request.requested_by
    cabinet = _copy_cabinet(original)
    made = [
        register_carrier(
            by=by,
            title=copy_title(original),
            classification=original.classification,
            secrecy_term_years=original.secrecy_term_years,
            kind=original.kind,
            source=original.source or "本机关复制",
            cabinet=cabinet,
            custodian=requester,
            copy_of=original,
            owner_unit=original.owner_unit,
            need_to_know_people=list(original.need_to_know_people.all()),
            need_to_know_units=list(original.need_to_know_units.all()),
        )
        for _ in range(request.copies)
    ]
    Carrier.objects.filter(pk__in=[copy.pk for copy in made]).update(copy_request=request)
    CarrierEvent.objects.create(
        carrier=original,
        kind=EventKind.COPY,
        to_person=requester,
        note=f"经审批复制{len(made)}份：" + "、".join(copy.number for copy in made),
        recorded_by=by,
    )
    return made


def _tell_requester(request: CopyRequest, approved: bool) -> None:
    from zhongshu.notifications.services import notify

    user = getattr(request.requested_by, "user", None)
    if user is None:
        return
    verdict = "已批准" if approved else "未批准"
    notify(
        recipient=user,
        about=request,
        kind="secrecy.copy_decided",
        title=f"复制申请{verdict}",
        body=f"您申请复制{request.copies}份涉密载体，审批结果：{verdict}。{request.opinion}",
        link=copy_request_url(request),
        dedupe_key=f"secrecy.copy_decided.{request.pk}",
    )


def copies_made(user: Any, request: CopyRequest) -> list[Carrier]:
    """The copies an approved request made (`Carrier.copy_request`) that the user may see."""
    return list(visible(Carrier.objects.filter(copy_request=request), user).order_by("number"))


def pending_copy_requests(user: Any) -> QuerySet[CopyRequest]:
    """The requests waiting for the user's decision: the secrecy office's, not its own."""
    if not keeps_ledger(user):
        return CopyRequest.objects.none()
    person = person_of(user)
    # Within the office's scope over requests (copy_request_scope): those on carriers it may see.
    return (
        CopyRequest.objects.select_related("carrier", "requested_by", "decided_by")
        .filter(state=CopyState.PENDING, carrier__in=visible(Carrier.objects.all(), user).values("pk"))
        .exclude(requested_by_id=person.pk if person is not None else 0)
    )


def copy_todos(user: Any) -> list[Any]:
    from zhongshu.core.todos import TodoItem

    return [
        TodoItem(
            title=f"审批涉密载体复制申请：{request.carrier.number}（{request.copies}份）",
            url=copy_request_url(request),
            kind="secrecy.copy_decide",
            source_label="涉密载体复制",
            at=request.requested_at,
            note=f"申请人：{request.requested_by.name}",
            classification=request.carrier.classification,
            record=(CopyRequest._meta.label_lower, str(request.pk)),
        )
        for request in pending_copy_requests(user).order_by("requested_at", "id")[:50]
    ]
