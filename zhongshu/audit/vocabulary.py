"""The audit log's Chinese words: each app names its own audit actions in its `vocabulary` module
(`AUDIT_ACTION_LABELS`, and `OBJECT_TYPE_LABELS` for a model without a Chinese verbose name), found by module name the way Django's admin finds `admin` modules, so this low layer imports none of
them. The log stores English codes and the API returns them; pages and the CSV export show these labels.

An action nobody named is shown as it is, so the vocabulary test (tests/web/test_vocabulary.py) finds it.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache

from django.apps import apps

# The actions this app and the shell record themselves.
AUDIT_ACTION_LABELS: dict[str, str] = {
    "audit.view": "查看审计日志",
    "audit.export": "导出审计日志",
    "audit.verify": "校验审计链",
    "bench.append": "性能测试写入",
}


@cache
def action_labels() -> dict[str, str]:
    return _gathered("AUDIT_ACTION_LABELS")


@cache
def object_type_labels() -> dict[str, str]:
    """Names for the models whose own verbose name is not Chinese (`archives.catalogueimport`)."""
    return _gathered("OBJECT_TYPE_LABELS")


def _gathered(table: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for config in apps.get_app_configs():
        labels.update(getattr(_vocabulary_of(config.name), table, {}))
    return labels


def _vocabulary_of(app: str) -> object | None:
    name = f"{app}.vocabulary"
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name) if found else None


def action_label(action: str) -> str:
    """`documents.submit` → 公文送审; `access.denied.view` → 拒绝访问：查看."""
    return action_labels().get(action, action)


def object_type_label(object_type: str) -> str:
    """`documents.officialdocument` → 公文 (the model's verbose name)."""
    if object_type in object_type_labels():
        return object_type_labels()[object_type]
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


def object_types() -> list[tuple[str, str]]:
    """The platform's models as the log names them, with their Chinese names, for the filter's suggestions
    (Django's own, such as sessions and permissions, are never audited)."""
    labels = object_type_labels()
    return sorted(
        (model._meta.label_lower, object_type_label(model._meta.label_lower))
        for model in apps.get_models()
        if model.__module__.startswith("zhongshu.") or model._meta.label_lower in labels
    )
