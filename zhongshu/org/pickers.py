"""The people-and-unit picker (人员、单位选择器) every form uses to choose people or units.

Two halves: what a picker offers the viewer as they type (`people_options`, `unit_options`: read through the
access policy, so a person or unit the viewer may not see is never offered), and the form widgets
(`PersonPicker`, `UnitPicker`) that render `<select data-picker=...>` with only the chosen options, which
`web/picker.js` turns into a searchable picker loading from the JSON endpoints. What is posted back is
resolved through the same policy by the action's input contract (`org.inputs`), so a forbidden id is refused
as one that does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString

from zhongshu.core.inputs import parse_id
from zhongshu.org import inputs as org_inputs
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.org.pinyin import normalise_query, pinyin_keys
from zhongshu.org.selectors import name_match, people_in_order

PICKER_LIMIT = 60
QUERY_LIMIT = 40
TOP_GROUP = "县级机关"  # the optgroup of units without a parent (县委, 县政府)
GROUPS_OPTGROUP = "常用分组"


@dataclass(frozen=True)
class UnitGroup:
    """A common group of units (各乡镇, 县直各单位) that a unit picker expands to its members when chosen."""

    code: str
    label: str
    kinds: frozenset[str]

    @property
    def value(self) -> str:
        return f"group:{self.code}"


UNIT_GROUPS = (
    UnitGroup("towns", "各乡镇", frozenset({UnitKind.TOWN})),
    UnitGroup("county", "县直各单位", frozenset({UnitKind.OFFICE, UnitKind.BUREAU, UnitKind.OTHER})),
)


def _clean(query: str) -> str:
    """What is typed, bounded; a NUL (which PostgreSQL refuses in a string) is dropped."""
    return query.replace("\x00", "").strip()[:QUERY_LIMIT]


def _search_keys(*parts: str) -> str:
    """What the browser filters the loaded options by: the same words the server matched."""
    return " ".join(part for part in parts if part)


def person_option(person: Person) -> dict[str, Any]:
    """One person as the picker shows them: the name, then unit, department and post, so two people of the
    same name are told apart."""
    unit = person.unit.short_name or person.unit.name
    department = person.department.name if person.department_id and person.department else ""
    detail = " ".join(part for part in (department, person.title) if part)
    return {
        "value": str(person.pk),
        "text": person.name,
        "unit": unit,
        "detail": detail,
        "group": str(person.unit_id),
        "search": _search_keys(
            person.name,
            person.name_pinyin,
            person.name_initials,
            unit,
            person.unit.name,
            department,
            person.title,
        ),
    }


def unit_option(unit: Unit, parents: dict[int, Unit]) -> dict[str, Any]:
    parent = parents.get(unit.parent_id) if unit.parent_id else None
    return {
        "value": str(unit.pk),
        "text": unit.name,
        "unit": unit.short_name if unit.short_name != unit.name else "",
        "detail": "",
        "group": str(parent.pk) if parent else "top",
        "search": _search_keys(unit.name, unit.short_name, unit.name_pinyin, unit.name_initials),
    }


def _people(user: Any, *, leaders_only: bool) -> QuerySet[Person]:
    return org_inputs.person_choices(user, leaders_only=leaders_only).select_related("unit", "department")


def people_options(
    user: Any, query: str, *, leaders_only: bool = False, limit: int = PICKER_LIMIT
) -> dict[str, Any]:
    """The people `user` may choose whose name, pinyin, initials, post or unit contain the query ("zzq" finds
    曾志强), leaders first, grouped by unit; an empty query offers the first of everyone."""
    query = _clean(query)
    people = _people(user, leaders_only=leaders_only)
    if query:
        people = people.filter(
            name_match(query)
            | Q(title__icontains=query)
            | Q(unit__short_name__icontains=query)
            | Q(unit__name__icontains=query)
        )
    found = list(people_in_order(people)[:limit])
    groups: dict[int, dict[str, str]] = {}
    for person in found:
        groups.setdefault(person.unit_id, {"value": str(person.unit_id), "label": person.unit.name})
    return {"results": [person_option(person) for person in found], "groups": list(groups.values())}


def _units(user: Any) -> QuerySet[Unit]:
    return org_inputs.unit_choices(user).order_by("sort_order", "code")


def _tree_order(units: list[Unit]) -> list[Unit]:
    """Units as the tree reads: each parent's children after it, in sort order."""
    children: dict[int | None, list[Unit]] = {}
    known = {unit.pk for unit in units}
    for unit in units:
        children.setdefault(unit.parent_id if unit.parent_id in known else None, []).append(unit)
    ordered: list[Unit] = []

    def walk(parent: int | None) -> None:
        for unit in children.get(parent, []):
            ordered.append(unit)
            walk(unit.pk)

    walk(None)
    return ordered


def _group_matches(group: UnitGroup, query: str) -> bool:
    if not query:
        return True
    full, initials = pinyin_keys(group.label)
    key = normalise_query(query)
    return query in group.label or (key.isascii() and (key in full.replace(" ", "") or key in initials))


def unit_options(
    user: Any, query: str, *, with_groups: bool = False, limit: int = PICKER_LIMIT
) -> dict[str, Any]:
    """The units `user` may choose, as the unit tree (grouped under their parent unit) whose name, short name,
    pinyin or initials contain the query; with the common groups first when asked (multiple choice), each
    carrying its members."""
    query = _clean(query)
    everything = list(_units(user))
    by_id = {unit.pk: unit for unit in everything}
    matched = everything
    if query:
        wanted = set(
            _units(user)
            .filter(name_match(query) | Q(short_name__icontains=query))
            .values_list("pk", flat=True)
        )
        matched = [unit for unit in everything if unit.pk in wanted]
    ordered = _tree_order(matched)[:limit]
    results: list[dict[str, Any]] = []
    groups: list[dict[str, str]] = []
    if with_groups:
        for group in UNIT_GROUPS:
            members = [
                unit_option(unit, by_id) for unit in _tree_order(everything) if unit.kind in group.kinds
            ]
            if members and _group_matches(group, query):
                results.append(
                    {
                        "value": group.value,
                        "text": group.label,
                        "unit": "",
                        "detail": f"共{len(members)}个单位",
                        "group": "groups",
                        "search": _search_keys(group.label, *pinyin_keys(group.label)),
                        "members": members,
                    }
                )
        if results:
            groups.append({"value": "groups", "label": GROUPS_OPTGROUP})
    seen: set[str] = set()
    for unit in ordered:
        option = unit_option(unit, by_id)
        results.append(option)
        if option["group"] not in seen:
            seen.add(option["group"])
            parent = by_id.get(unit.parent_id) if unit.parent_id else None
            groups.append({"value": option["group"], "label": parent.name if parent else TOP_GROUP})
    return {"results": results, "groups": groups}


# --- The widgets ---------------------------------------------------------------------------------------


def _chosen_ids(value: Any) -> list[int]:
    values = value if isinstance(value, (list, tuple)) else [value]
    ids: list[int] = []
    for raw in values:
        pk = parse_id(raw.pk if hasattr(raw, "pk") else raw if isinstance(raw, int) else str(raw))
        if pk is not None and pk not in ids:
            ids.append(pk)
    return ids


class _Picker(forms.Select):
    """A `<select data-picker>` that renders only the chosen options (the page never lists everyone); the
    browser loads the rest from the picker's endpoint as the person types."""

    kind = ""
    url_name = ""
    model: type[Person] | type[Unit]

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        multiple: bool = False,
        placeholder: str = "",
        leaders_only: bool = False,
        groups: bool = False,
        viewer: Any = None,
    ) -> None:
        super().__init__(attrs)
        self.viewer = viewer
        self.allow_multiple_selected = multiple
        self.placeholder = placeholder
        self.leaders_only = leaders_only
        self.groups = groups

    def scope(self, viewer: Any) -> QuerySet[Any]:
        """What `viewer` may choose here, through the access policy."""
        raise NotImplementedError

    def _records(self, ids: Sequence[int]) -> list[Any]:
        # A chosen id comes from the URL or a post: it is shown back (name, unit, post) only when the viewer may
        # see it, and no viewer means nothing is shown.
        if not ids or self.viewer is None:
            return []
        queryset = self.scope(self.viewer)
        related = ("unit", "department") if self.model is Person else ("parent",)
        queryset = queryset.select_related(*related)
        found = {record.pk: record for record in queryset.filter(pk__in=ids)}
        return [found[pk] for pk in ids if pk in found]

    def option(self, record: Any) -> dict[str, Any]:
        raise NotImplementedError

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> list[Any]:
        records = self._records(_chosen_ids(value))
        groups: list[Any] = []
        if not self.allow_multiple_selected:
            blank = self.create_option(name, "", self.placeholder, not records, 0)
            groups.append((None, [blank], 0))
        for index, record in enumerate(records, start=1):
            data = self.option(record)
            option = self.create_option(name, data["value"], _label(data), True, index)
            option["attrs"]["data-data"] = json.dumps(data, ensure_ascii=False)
            groups.append((None, [option], index))
        return groups

    def use_required_attribute(self, initial: Any) -> bool:
        # The first option rendered is the blank placeholder, whatever the field's choices begin with.
        return not self.is_hidden

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]  # ChoiceWidget returns a list
        return [str(pk) for pk in _chosen_ids(value)]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected:
            try:
                return data.getlist(name)
            except AttributeError:
                return data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False if self.allow_multiple_selected else super().value_omitted_from_data(data, files, name)

    def build_attrs(
        self, base_attrs: dict[str, Any], extra_attrs: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs)
        url = reverse(self.url_name)
        query = []
        if self.leaders_only:
            query.append("leaders=1")
        if self.groups and self.allow_multiple_selected:
            query.append("groups=1")
        attrs["data-picker"] = self.kind
        attrs["data-picker-url"] = url + ("?" + "&".join(query) if query else "")
        if self.placeholder:
            attrs["data-placeholder"] = self.placeholder
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        return attrs


def _label(data: dict[str, Any]) -> str:
    where = " ".join(part for part in (data.get("unit", ""), data.get("detail", "")) if part)
    return f"{data['text']}（{where}）" if where else str(data["text"])


class PersonPicker(_Picker):
    kind = "people"
    url_name = "org:picker_people"
    model = Person

    def scope(self, viewer: Any) -> QuerySet[Any]:
        return org_inputs.person_choices(viewer, leaders_only=self.leaders_only)

    def option(self, record: Any) -> dict[str, Any]:
        return person_option(record)


class UnitPicker(_Picker):
    kind = "units"
    url_name = "org:picker_units"
    model = Unit

    def scope(self, viewer: Any) -> QuerySet[Any]:
        return org_inputs.unit_choices(viewer)

    def option(self, record: Any) -> dict[str, Any]:
        parents = {record.parent_id: record.parent} if record.parent_id else {}
        return unit_option(record, parents)


def bind_pickers(form: forms.BaseForm, viewer: Any) -> None:
    """Scope every picker of `form` to `viewer`: each field accepts only what the viewer may choose (through the
    access policy, as `org.inputs` reads a posted id), and its widget shows back only those. Without a viewer
    the fields stay as declared and the widgets show no chosen option."""
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(widget, _Picker):
            continue
        widget.viewer = viewer
        if viewer is not None and isinstance(field, forms.ModelChoiceField):
            field.queryset = widget.scope(viewer)


def render_picker(
    widget: _Picker, name: str, chosen: Iterable[Any] | Any, *, element_id: str = "", **attrs: Any
) -> SafeString:
    """A picker outside a Django form (a filter bar, a hand-written form): the same markup."""
    values = list(chosen) if isinstance(chosen, (list, tuple)) else [chosen]
    all_attrs = {"id": element_id or name, **attrs}
    rendered: SafeString = widget.render(name, values, attrs=all_attrs)
    return rendered
