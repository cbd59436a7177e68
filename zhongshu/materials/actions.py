"""Which actions a person may take on a material now: one `ActionRules` (see `zhongshu.core.actions`). The
material's page offers exactly `available(...)`, the API returns it with the material, and the services call
`require(...)` on the locked row before they change it, with the codes and messages they have always given.

Every action changes the material, so every rule asks the same three things: may the person use the library,
is the material still in it, and may they change it (the uploader, or an office director of the unit holding
it: the access policy's CHANGE rule with `Material.access_scope`). The last is read once per material
instance and person, since a page asks every rule at once.
"""

from __future__ import annotations

from typing import Any

from zhongshu.access.policy import Action, can
from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.core.errors import InvalidTransition
from zhongshu.materials.models import Material
from zhongshu.materials.roles import may_use_materials
from zhongshu.materials.states import MATERIAL_MACHINE, MaterialAction

NOT_ALLOWED = "无权使用素材库"
NOT_OWNER = "只有上传人或办公室主任可以修改、删除这篇素材"
WITHDRAWN = "这篇素材已被删除"


def _may_change(user: Any, material: Material) -> bool:
    cache: dict[Any, bool] = material.__dict__.setdefault("_may_change", {})
    key = getattr(user, "pk", None)
    if key not in cache:
        cache[key] = can(user, material, Action.CHANGE)
    return cache[key]


def _change(action: str) -> Any:
    def rule(user: Any, material: Material) -> Refusal | None:
        if not may_use_materials(user):
            return not_allowed(NOT_ALLOWED, "not_allowed")
        try:
            MATERIAL_MACHINE.next(material.state, action)
        except InvalidTransition:
            # The service answers a withdrawn material with this Conflict before it asks the rule.
            return not_now(WITHDRAWN, "withdrawn")
        if not _may_change(user, material):
            return not_allowed(NOT_OWNER, "not_owner")
        return None

    rule.__name__ = f"_{action}"
    return rule


MATERIAL_RULES: ActionRules[Material] = ActionRules(
    "素材",
    {action.value: _change(action) for action in MaterialAction},
)
