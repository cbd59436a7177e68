"""Which scoring actions a person may take now: on a version of the rule table (修改, 删除 — only an editor,
only while it has scored nothing), on an item (登记上级采用 — an editor, while the item is with the office) and
on an upward adoption (删除 — an editor). The pages offer these, the API returns them, the services require
them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from zhongshu.core.actions import ActionRules, Refusal, not_allowed, not_now
from zhongshu.information.models import InfoReport, ItemState, ScoreRuleTable, UpwardAdoption
from zhongshu.information.roles import is_editor, is_leader, is_writer, may_use_information

ADOPTABLE_STATES = (ItemState.SUBMITTED, ItemState.ADOPTED)


def _editor(viewer: Any) -> Refusal | None:
    if not may_use_information(viewer) or not is_editor(viewer):
        return not_allowed("只有县委办信息科和办公室主任才能办理", "not_editor")
    return None


def _change_table(viewer: Any, table: ScoreRuleTable) -> Refusal | None:
    from zhongshu.information.rule_tables import has_scored

    refusal = _editor(viewer)
    if refusal is not None:
        return refusal
    if has_scored(table):
        return not_now(f"“{table.name}”已有计分事项，不能修改或删除；请新建一个版本", "version_frozen")
    return None


TABLE_RULES: ActionRules[ScoreRuleTable] = ActionRules(
    noun="计分规则", rules={"edit": _change_table, "delete": _change_table}
)


def _record_adoption(viewer: Any, item: InfoReport) -> Refusal | None:
    refusal = _editor(viewer)
    if refusal is not None:
        return refusal
    if item.state not in ADOPTABLE_STATES:
        hint = "，请在合并后的信息上登记" if item.state == ItemState.MERGED else ""
        return not_now(f"该信息{item.get_state_display()}，不能登记上级采用{hint}", "item_not_adoptable")
    return None


ITEM_RULES: ActionRules[InfoReport] = ActionRules(noun="信息", rules={"record_adoption": _record_adoption})


def _delete_adoption(viewer: Any, adoption: UpwardAdoption) -> Refusal | None:
    return _editor(viewer)


ADOPTION_RULES: ActionRules[UpwardAdoption] = ActionRules(noun="上级采用", rules={"delete": _delete_adoption})


def may_keep_rules(viewer: Any) -> bool:
    return may_use_information(viewer) and is_editor(viewer)


def sees_all_units(viewer: Any) -> bool:
    """Editors, the office director and leaders see every unit's score; a writer only his own unit's."""
    return may_use_information(viewer) and (is_editor(viewer) or is_leader(viewer))


class _UnitLine(Protocol):
    @property
    def unit_id(self) -> int: ...


Line = TypeVar("Line", bound=_UnitLine)


def lines_shown_to(viewer: Any, lines: Sequence[Line]) -> list[Line]:
    """A ranking's lines as the viewer may see them: every unit's, or a writer's own unit's alone."""
    if sees_all_units(viewer):
        return list(lines)
    person = getattr(viewer, "person_or_none", None)
    own = person.unit_id if person is not None else None
    return [line for line in lines if line.unit_id == own]


def may_see_ranking(viewer: Any) -> bool:
    return may_use_information(viewer) and (sees_all_units(viewer) or is_writer(viewer))


def may_see_unit(viewer: Any, unit_id: int) -> bool:
    if sees_all_units(viewer):
        return True
    person = getattr(viewer, "person_or_none", None)
    return is_writer(viewer) and person is not None and person.unit_id == unit_id
