"""Generated: every state of an archive item and of a use request × every kind of person × every action of
archives.actions (ITEM_RULES, USE_RULES).

Each state is reached once through the services (an item is handed over as filing leaves it, then arranged,
shelved, appraised, destroyed by the services; requests are made, decided and returned by them). Then, for
each person and each action, the action's service is called with valid input inside a savepoint that is
rolled back: what the rules offer must be exactly what the service accepts. The item's page (and, for a
request, the uses page's row) must show exactly those actions — each form carries `data-action` — and the
item's API detail must list them. A template or a service changed to disagree fails here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.actions.helpers import accepts
from tests.archives.helpers import make_item
from zhongshu.access.policy import can
from zhongshu.archives import services
from zhongshu.archives.actions import ITEM_RULES, USE_RULES
from zhongshu.archives.models import ArchiveItem, ArchiveUse, Decision, Fonds, Retention
from zhongshu.archives.states import ItemAction, ItemState, UseAction, UseState
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin, make_department, make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(db):
    """A county office with its archives room (an archivist and the room's 科长), its director, a clerk and a
    leader of the office, a clerk of a bureau, a bureau's liaison and one of the three administrators."""
    office = make_unit("县委办公室", agency_code="县委办发", code="XWB")
    bureau = make_unit("县教育局", parent=office, code="JYJ")
    archives_room = make_department(office, "档案室", "DAS")
    Fonds.objects.create(unit=office, code="Z109")
    important = Clearance.IMPORTANT
    return SimpleNamespace(
        office=office,
        archivist=make_person(
            "钱档案",
            unit=office,
            department=archives_room,
            roles=[Role.ARCHIVIST],
            clearance=important,
            title="科员",
        ),
        head=make_person(
            "孙科长",
            unit=office,
            department=archives_room,
            roles=[Role.ARCHIVIST],
            clearance=important,
            title="科长",
        ),
        director=make_person("赵主任", unit=office, roles=[Role.OFFICE_DIRECTOR], clearance=important),
        clerk=make_person("王文书", unit=office, roles=[Role.CLERK], clearance=important),
        leader=make_person(
            "陈书记", unit=office, roles=[Role.LEADER], is_leader=True, clearance=Clearance.CORE
        ),
        other_clerk=make_person("周文书", unit=bureau, roles=[Role.CLERK], clearance=Clearance.ORDINARY),
        liaison=make_person("吴联络", unit=bureau, roles=[Role.LIAISON], clearance=Clearance.ORDINARY),
        admin=make_admin(AdminRole.SYSTEM_ADMIN),
    )


def _people(room) -> dict[str, Any]:
    people = {
        name: getattr(room, name).user
        for name in ("archivist", "head", "director", "clerk", "leader", "other_clerk", "liaison")
    }
    return {**people, "admin": room.admin}


def _shown(page: str, marker: str = "") -> set[str]:
    """The actions a page offers: its `data-action` markers (of one row, when `marker` names it)."""
    if marker:
        return set(re.findall(rf'data-action="([a-z_]+)" {marker}', page))
    return set(re.findall(r'data-action="([a-z_]+)"', page))


# --- archive items -------------------------------------------------------------------------------------------

ITEM_DRIVERS: dict[str, Callable[[ArchiveItem, Any], Any]] = {
    ItemAction.ARRANGE: lambda i, u: services.archive_item_arrange(item=i, by=u, pages=5, remarks="核对无误"),
    ItemAction.SHELVE: lambda i, u: services.archive_item_shelve(item=i, by=u),
    ItemAction.USE: lambda i, u: services.archive_use_request(
        by=u, reference_code=i.reference_code, kind="consult", purpose="起草参考"
    ),
    ItemAction.APPRAISE: lambda i, u: services.archive_item_appraise(
        item=i, by=u, decision=Decision.KEEP, reason="仍有查考价值"
    ),
    ItemAction.DESTROY: lambda i, u: services.archive_item_destroy_decide(
        item=i, by=u, approve=True, reason="同意销毁"
    ),
}


def test_every_item_action_has_a_driver():
    assert set(ITEM_DRIVERS) == set(ITEM_RULES.actions)


def _handed_over(room, *, old: bool = False) -> ArchiveItem:
    """A 秘密 item of the office as filing hands it over: this year's (not due), or a 2000 D10 one (due)."""
    return make_item(
        by=room.archivist.user,
        year=2000 if old else timezone.localdate().year,
        retention=Retention.Y10 if old else Retention.Y30,
        classification=Classification.CONFIDENTIAL,
        owner_unit=room.office,
    )


def _shelved(room, *, old: bool = False) -> ArchiveItem:
    item = _handed_over(room, old=old)
    services.archive_item_arrange(item=item, by=room.archivist.user, pages=4)
    return services.archive_item_shelve(item=item, by=room.archivist.user)


def _proposed(room, *, by: str = "archivist") -> ArchiveItem:
    item = _shelved(room, old=True)
    services.archive_item_appraise(
        item=item, by=getattr(room, by).user, decision=Decision.PROPOSE_DESTROY, reason="已无保存价值"
    )
    return item


def _destroyed(room) -> ArchiveItem:
    item = _proposed(room)
    services.archive_item_destroy_decide(item=item, by=room.head.user, approve=True, reason="同意销毁")
    return item


ITEM_STATES: dict[str, Callable[[Any], ArchiveItem]] = {
    "handed_over": _handed_over,
    "handed_over_due": lambda room: _handed_over(room, old=True),
    "arranged": lambda room: services.archive_item_arrange(item=_handed_over(room), by=room.archivist.user),
    "shelved": _shelved,
    "shelved_due": lambda room: _shelved(room, old=True),
    "destruction_proposed": _proposed,
    "destruction_proposed_by_the_head": lambda room: _proposed(room, by="head"),
    "destroyed": _destroyed,
}


# The state each built item is in: together every state of the table.
ITEM_STATE_OF = {
    "handed_over": ItemState.HANDED_OVER,
    "handed_over_due": ItemState.HANDED_OVER,
    "arranged": ItemState.ARRANGED,
    "shelved": ItemState.SHELVED,
    "shelved_due": ItemState.SHELVED,
    "destruction_proposed": ItemState.SHELVED,
    "destruction_proposed_by_the_head": ItemState.SHELVED,
    "destroyed": ItemState.DESTROYED,
}


def test_the_item_states_cover_the_state_table():
    assert set(ITEM_STATE_OF) == set(ITEM_STATES) and set(ITEM_STATE_OF.values()) == set(ItemState.values)


@pytest.mark.parametrize("state", list(ITEM_STATES))
def test_what_is_offered_on_an_item_is_what_the_services_accept_and_the_page_shows(room, state):
    built = ArchiveItem.objects.get(pk=ITEM_STATES[state](room).pk)
    assert built.state == ITEM_STATE_OF[state]
    offered_somewhere: set[str] = set()
    for name, user in _people(room).items():
        item = ArchiveItem.objects.get(pk=built.pk)
        offered = ITEM_RULES.available(user, item)
        offered_somewhere.update(offered)
        sees = can(user, item)
        for action, drive in ITEM_DRIVERS.items():
            if action == ItemAction.USE and not sees:
                # A request for an item the requester may not see is recorded and waits for the archives head
                # whatever the item's state: the answer never tells whether a hidden item exists.
                continue
            accepted = accepts(
                lambda drive=drive, user=user: drive(ArchiveItem.objects.get(pk=built.pk), user)
            )
            assert accepted == (action in offered), (state, name, action, offered)
        client = sign_in(Client(), user)
        page = client.get(f"/archives/items/{built.pk}/")
        detail = client.get(f"/api/archives/items/{built.pk}")
        if page.status_code != 200:
            # No page, nothing offered on it: the three administrators and the liaison may not use the archives
            # (403), a clerk who may not know the item finds no such item (404).
            assert page.status_code == (404 if name == "other_clerk" else 403), (state, name)
            assert detail.status_code == page.status_code, (state, name)
            assert set(offered) <= {ItemAction.USE}, (state, name, offered)
            continue
        assert _shown(page.content.decode()) == set(offered), (state, name)
        assert detail.status_code == 200 and detail.json()["actions"] == offered, (state, name)
    assert offered_somewhere or state == "destroyed", f"nobody may act on an item {state}"


# --- use requests --------------------------------------------------------------------------------------------

USE_DRIVERS: dict[str, Callable[[ArchiveUse, Any], Any]] = {
    UseAction.APPROVE: lambda r, u: services.archive_use_decide(use=r, by=u, approve=True, note="同意"),
    UseAction.REJECT: lambda r, u: services.archive_use_decide(use=r, by=u, approve=False, note="不符合规定"),
    UseAction.RETURN: lambda r, u: services.archive_use_return(use=r, by=u),
}


def test_every_use_action_has_a_driver():
    assert set(USE_DRIVERS) == set(USE_RULES.actions)


def _requested(
    room, *, by: str = "clerk", kind: str = "borrow", code: str = "", item: ArchiveItem | None = None
):
    item = item or _shelved(room)
    due = timezone.localdate() + timedelta(days=7) if kind == "borrow" else None
    return services.archive_use_request(
        by=getattr(room, by).user,
        reference_code=code or item.reference_code,
        kind=kind,
        purpose="核对数据",
        due_back=due,
    )


def _requested_for_a_gap(room) -> ArchiveUse:
    """A code inside its class's range that names no row (a gap of an imported paper catalogue): recorded as
    a request for a hidden item is. A code the archive never gave out is refused outright."""
    from zhongshu.archives.models import Retention
    from zhongshu.archives.numbering import reserve_item_number

    reserve_item_number("Z109", 1999, Retention.PERMANENT, "MSK", 999)
    return _requested(room, code="Z109-WS·1999-Y-MSK-0999")


def _approved(room, kind: str = "borrow") -> ArchiveUse:
    return services.archive_use_decide(
        use=_requested(room, kind=kind), by=room.head.user, approve=True, note="同意"
    )


def _above_clearance(room) -> ArchiveUse:
    secret = make_item(by=room.archivist.user, classification=Classification.SECRET, owner_unit=room.office)
    return _requested(room, by="other_clerk", kind="consult", item=secret)


USE_STATES: dict[str, Callable[[Any], ArchiveUse]] = {
    "requested": _requested,
    "requested_by_the_head": lambda room: _requested(room, by="head"),
    "requested_for_no_such_item": lambda room: _requested_for_a_gap(room),
    "requested_above_the_requesters_clearance": _above_clearance,
    "requested_for_a_destroyed_item": lambda room: _requested(room, by="other_clerk", item=_destroyed(room)),
    "approved_loan": _approved,
    "approved_consultation": lambda room: _approved(room, kind="consult"),
    # 内部: consulted at once, nothing left to decide.
    "granted_at_once": lambda room: _requested(
        room, kind="consult", item=make_item(by=room.archivist.user, owner_unit=room.office)
    ),
    "rejected": lambda room: services.archive_use_decide(
        use=_requested(room), by=room.head.user, approve=False, note="不符合规定"
    ),
    "returned": lambda room: services.archive_use_return(use=_approved(room), by=room.archivist.user),
}


USE_STATE_OF = {
    "requested": UseState.REQUESTED,
    "requested_by_the_head": UseState.REQUESTED,
    "requested_for_no_such_item": UseState.REQUESTED,
    "requested_above_the_requesters_clearance": UseState.REQUESTED,
    "requested_for_a_destroyed_item": UseState.REQUESTED,
    "approved_loan": UseState.APPROVED,
    "approved_consultation": UseState.APPROVED,
    "granted_at_once": UseState.APPROVED,
    "rejected": UseState.REJECTED,
    "returned": UseState.RETURNED,
}


def test_the_use_states_cover_the_state_table():
    assert set(USE_STATE_OF) == set(USE_STATES) and set(USE_STATE_OF.values()) == set(UseState.values)


@pytest.mark.parametrize("state", list(USE_STATES))
def test_what_is_offered_on_a_use_request_is_what_the_services_accept_and_the_uses_page_shows(room, state):
    built = ArchiveUse.objects.get(pk=USE_STATES[state](room).pk)
    assert built.state == USE_STATE_OF[state]
    offered_somewhere: set[str] = set()
    for name, user in _people(room).items():
        use = ArchiveUse.objects.select_related("requester", "item").get(pk=built.pk)
        offered = USE_RULES.available(user, use)
        offered_somewhere.update(offered)
        for action, drive in USE_DRIVERS.items():
            accepted = accepts(
                lambda drive=drive, user=user: drive(ArchiveUse.objects.get(pk=built.pk), user)
            )
            assert accepted == (action in offered), (state, name, action, offered)
        page = sign_in(Client(), user).get("/archives/uses/")
        if page.status_code != 200:
            assert page.status_code == 403 and name in ("liaison", "admin"), (state, name)
            assert offered == [], (state, name, offered)
            continue
        assert _shown(page.content.decode(), f'data-use="{built.pk}"') == set(offered), (state, name)
    decided = state.startswith(("approved_consultation", "granted", "rejected", "returned"))
    assert bool(offered_somewhere) != decided, (state, offered_somewhere)
