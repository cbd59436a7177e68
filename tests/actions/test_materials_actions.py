"""Generated: every state of a material × every kind of person × every action of materials.actions.

Each state is reached once through the services (a sample uploaded with `material_ingest`, withdrawn with
`material_withdraw`). Then, for each person and each action, the action's service is called with valid input
inside a savepoint that is rolled back: what MATERIAL_RULES offers must be exactly what the service accepts,
the material's page must show exactly those actions (each form or link carries `data-action`), the API
detail must list them, and the pages of the edit and withdraw actions open exactly when they are offered.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from tests.actions.helpers import accepts
from tests.materials.conftest import sample_files
from tests.materials.helpers import upload_of
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.materials import services
from zhongshu.materials.actions import MATERIAL_RULES
from zhongshu.materials.models import Material
from zhongshu.materials.states import MaterialAction, MaterialState
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin, make_person, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(db):
    """The uploader and a colleague in the office, its director and leader, a clerk of another unit, the
    office's liaison and one of the three administrators."""
    unit = make_unit("县委办公室")
    other = make_unit("县教育局")
    ordinary = Clearance.ORDINARY
    return SimpleNamespace(
        uploader=make_person("文书甲", unit=unit, roles=[Role.CLERK], clearance=ordinary),
        colleague=make_person("文书乙", unit=unit, roles=[Role.CLERK], clearance=ordinary),
        director=make_person("赵主任", unit=unit, roles=[Role.OFFICE_DIRECTOR], clearance=ordinary),
        leader=make_person(
            "陈书记", unit=unit, roles=[Role.LEADER], is_leader=True, clearance=Clearance.CORE
        ),
        other_clerk=make_person("周文书", unit=other, roles=[Role.CLERK], clearance=ordinary),
        liaison=make_person("吴联络", unit=unit, roles=[Role.LIAISON], clearance=ordinary),
        admin=make_admin(AdminRole.SYSTEM_ADMIN),
    )


def _people(office) -> dict[str, Any]:
    names = ("uploader", "colleague", "director", "leader", "other_clerk", "liaison")
    return {**{name: getattr(office, name).user for name in names}, "admin": office.admin}


DRIVERS: dict[str, Callable[[Material, Any], Any]] = {
    MaterialAction.TAG: lambda m, u: services.material_set_tags(material=m, by=u, tags="学习 心得"),
    MaterialAction.EDIT: lambda m, u: services.material_update(
        material=m,
        by=u,
        version=m.version,
        title=f"{m.title}（修订）",
        material_type=m.material_type,
        source="县委办公室",
        date_of=m.date,
        tags=["学习"],
        classification=m.classification,
    ),
    MaterialAction.WITHDRAW: lambda m, u: services.material_withdraw(material=m, by=u, reason="重复收录"),
}


def test_every_action_has_a_driver():
    assert set(DRIVERS) == set(MATERIAL_RULES.actions)


def _ingested(office, classification: int = Classification.INTERNAL) -> Material:
    path = sample_files()[0]
    return services.material_ingest(
        uploaded=upload_of(path), name=path.name, by=office.uploader.user, classification=classification
    )


def _withdrawn(office) -> Material:
    return services.material_withdraw(material=_ingested(office), by=office.uploader.user, reason="重复收录")


STATES: dict[str, Callable[[Any], Material]] = {
    "in_library": _ingested,
    "in_library_secret": lambda office: _ingested(office, Classification.CONFIDENTIAL),
    "withdrawn": _withdrawn,
}
STATE_OF = {
    "in_library": MaterialState.IN_LIBRARY,
    "in_library_secret": MaterialState.IN_LIBRARY,
    "withdrawn": MaterialState.WITHDRAWN,
}


def test_the_states_cover_the_state_table():
    assert set(STATE_OF) == set(STATES) and set(STATE_OF.values()) == set(MaterialState.values)


def _shown(page: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', page))


@pytest.mark.parametrize("state", list(STATES))
def test_what_is_offered_on_a_material_is_what_the_services_accept_and_the_page_shows(office, state):
    built = Material.with_withdrawn.get(pk=STATES[state](office).pk)
    assert built.state == STATE_OF[state]
    offered_somewhere: set[str] = set()
    for name, user in _people(office).items():
        material = Material.with_withdrawn.get(pk=built.pk)
        offered = MATERIAL_RULES.available(user, material)
        offered_somewhere.update(offered)
        for action, drive in DRIVERS.items():
            accepted = accepts(
                lambda drive=drive, user=user: drive(Material.with_withdrawn.get(pk=built.pk), user)
            )
            assert accepted == (action in offered), (state, name, action, offered)
        client = sign_in(Client(), user)
        page = client.get(f"/materials/{built.pk}/")
        detail = client.get(f"/api/materials/items/{built.pk}")
        if page.status_code != 200:
            # No page: the liaison and the administrators may not use the library (403); a withdrawn material,
            # or a 秘密 one of another unit, is not found (404).
            assert page.status_code == (403 if name in ("liaison", "admin") else 404), (state, name)
            assert detail.status_code == page.status_code and offered == [], (state, name, offered)
            continue
        assert _shown(page.content.decode()) == set(offered), (state, name)
        assert detail.status_code == 200 and detail.json()["actions"] == offered, (state, name)
        for action in (MaterialAction.EDIT, MaterialAction.WITHDRAW):
            opened = client.get(f"/materials/{built.pk}/{action}/").status_code
            assert opened == (200 if action in offered else 403), (state, name, action)
    assert bool(offered_somewhere) == (state != "withdrawn"), (state, offered_somewhere)
