"""The states of a material (素材) and the moves each action may make (a pure table, no database).

A material is in the library (在库) from its upload until it is withdrawn (已删除): the row stays for the audit
trail, marked by `withdrawn_at`, so the state is derived from it (`Material.state`) rather than stored twice.
While in the library its description and tags may be corrected; withdrawing is final (the same text may be
uploaded again as a new material).
"""

from __future__ import annotations

from django.db import models

from zhongshu.core.states import TransitionTable


class MaterialState(models.TextChoices):
    IN_LIBRARY = "in_library", "在库"
    WITHDRAWN = "withdrawn", "已删除"


class MaterialAction(models.TextChoices):
    TAG = "tag", "保存标签"
    EDIT = "edit", "修改素材信息"
    WITHDRAW = "withdraw", "删除"


MATERIAL_TRANSITIONS: dict[tuple[str, str], str] = {
    (MaterialState.IN_LIBRARY, MaterialAction.TAG): MaterialState.IN_LIBRARY,
    (MaterialState.IN_LIBRARY, MaterialAction.EDIT): MaterialState.IN_LIBRARY,
    (MaterialState.IN_LIBRARY, MaterialAction.WITHDRAW): MaterialState.WITHDRAWN,
}

MATERIAL_MACHINE = TransitionTable(
    "素材", "material_invalid_transition", MaterialState, MaterialAction, MATERIAL_TRANSITIONS
)
