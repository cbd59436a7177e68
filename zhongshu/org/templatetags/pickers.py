"""`{% person_picker %}` and `{% unit_picker %}`: the one people-and-unit picker in a hand-written form or a
filter bar, the same markup as the form widgets (`org.pickers`).

    {% load pickers %}
    {% person_picker "leader" values.leader id="leader" placeholder="（未定）" leaders_only=True %}
    {% unit_picker "co_units" chosen id="a-co" multiple=True groups=True %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import Context
from django.utils.safestring import SafeString

from zhongshu.org.pickers import PersonPicker, UnitPicker, render_picker

register = template.Library()


def _viewer(context: Context) -> Any:
    """Who is looking: a chosen id (from the URL or a post) is shown back only when this person may see it."""
    request = context.get("request")
    return getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def person_picker(
    context: Context,
    name: str,
    chosen: Any = None,
    *,
    id: str = "",  # noqa: A002 - the element's id, as in HTML
    placeholder: str = "",
    multiple: bool = False,
    leaders_only: bool = False,
    **attrs: Any,
) -> SafeString:
    widget = PersonPicker(
        multiple=multiple, placeholder=placeholder, leaders_only=leaders_only, viewer=_viewer(context)
    )
    return render_picker(widget, name, chosen, element_id=id, **attrs)


@register.simple_tag(takes_context=True)
def unit_picker(
    context: Context,
    name: str,
    chosen: Any = None,
    *,
    id: str = "",  # noqa: A002 - the element's id, as in HTML
    placeholder: str = "",
    multiple: bool = False,
    groups: bool = False,
    **attrs: Any,
) -> SafeString:
    widget = UnitPicker(multiple=multiple, placeholder=placeholder, groups=groups, viewer=_viewer(context))
    return render_picker(widget, name, chosen, element_id=id, **attrs)
