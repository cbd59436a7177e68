"""The audit log's Chinese words: each app names its own audit actions in its `vocabulary` module
(`AUDIT_ACTION_LABELS`, and `OBJECT_TYPE_LABELS` for a model without a Chinese verbose name), found by module name the way Django's admin finds `admin` modules, so this low layer imports none of
them. The log stores English codes and the API returns them; pages and the CSV export show these labels.

An action nobody named is shown as it is, so the vocabulary test (tests/web/test_vocabulary.py) finds it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models

# The details' keys and values every app uses alike; an app names its own in AUDIT_DETAIL_LABELS (keys) and
# AUDIT_DETAIL_VALUES (key → code → label). A key that is a field of the record's model takes the field's
# verbose name, and its value the field's choice label.
AUDIT_DETAIL_LABELS: dict[str, str] = {
    "filters": "筛选条件",
    "via": "途径",
    "reason": "理由",
    "note": "说明",
    "state": "状态",
    "kind": "类别",
    "n": "序号",
    "seq": "序号",
    "field": "字段",
    "fields": "字段",
    "count": "数量",
    "size": "大小（字节）",
    "sha256": "SHA-256 摘要",
    "cipher": "加密算法",
    "route": "页面",
    "levels": "密级",
    "shown": "显示条数",
    "rows": "显示行数",
    "classified": "涉密条数",
    "records": "涉密记录",
}
# The pages and API lists whose bulk reads are audited (audit.disclosure's `route`).
_ROUTES = {
    "archives.appraisal": "档案鉴定列表",
    "archives.catalogue": "档案目录",
    "archives.catalogue.xlsx": "档案目录导出",
    "archives.pending": "待归档列表",
    "archives.items": "档案列表",
    "documents.errors": "差错汇编",
    "documents.inbox": "收文列表",
    "documents.outgoing": "发文列表",
    "documents.register_incoming": "收文登记簿",
    "documents.register_outgoing": "发文登记簿",
    "materials.library": "素材库",
    "materials.items": "素材列表",
    "search": "检索",
    "supervision.export.xlsx": "督查台账导出",
    "supervision.items": "督查事项列表",
    "supervision.ledger": "督查台账",
    "supervision.problem_list": "整改问题清单",
    "workbench": "工作台",
    "workbench.done": "已办",
    "workbench.todos": "待办",
}
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "via": {"web": "网页", "api": "接口", "cli": "命令行"},
    "route": {**_ROUTES, **{f"api.{route}": f"{label}（接口）" for route, label in _ROUTES.items()}},
}

# The actions this app and the shell record themselves.
AUDIT_ACTION_LABELS: dict[str, str] = {
    "audit.view": "查看审计日志",
    "audit.export": "导出审计日志",
    "audit.verify": "校验审计链",
    "bench.append": "性能测试写入",
}


@cache
def action_labels() -> dict[str, str]:
    return {**AUDIT_ACTION_LABELS, **_gathered("AUDIT_ACTION_LABELS")}


@cache
def object_type_labels() -> dict[str, str]:
    """Names for the models whose own verbose name is not Chinese (`archives.catalogueimport`)."""
    return _gathered("OBJECT_TYPE_LABELS")


@cache
def detail_labels() -> dict[str, str]:
    return _gathered("AUDIT_DETAIL_LABELS")


@cache
def detail_values() -> dict[str, dict[str, str]]:
    values: dict[str, dict[str, str]] = {}
    for config in apps.get_app_configs():
        for key, table in getattr(_vocabulary_of(config.name), "AUDIT_DETAIL_VALUES", {}).items():
            values.setdefault(key, {}).update(table)
    return values


def _gathered(table: str) -> dict[str, Any]:
    labels: dict[str, Any] = {}
    for config in apps.get_app_configs():
        labels.update(getattr(_vocabulary_of(config.name), table, {}))
    return labels


def _field(object_type: str, key: str) -> models.Field[Any, Any] | None:
    try:
        field = apps.get_model(object_type)._meta.get_field(key)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return field if isinstance(field, models.Field) else None


def _key_label(key: str, field: models.Field[Any, Any] | None) -> str:
    if key in detail_labels():
        return detail_labels()[key]
    name = str(field.verbose_name) if field is not None else ""
    return name if name and not name.isascii() else key


def _nested_key_label(key: str) -> str:
    """A key inside a value: a detail's name, or a record type (`records` counts by type)."""
    return detail_labels().get(key) or object_type_label(key)


def _value_text(value: object, choices: dict[str, str]) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if value is None or value == "":
        return "—"
    if value == {} or value == []:
        return "无"
    if isinstance(value, list):
        return "、".join(_value_text(part, choices) for part in value)
    if isinstance(value, dict):
        return "；".join(
            f"{_nested_key_label(str(key))} {_value_text(part, detail_values().get(str(key), {}))}"
            for key, part in value.items()
        )
    text = str(value)
    if text in choices:
        return choices[text]
    # A record type as a value (an archive item's `source`): the model's name.
    return object_type_label(text) if re.fullmatch(r"[a-z_]+\.[a-z_]+", text) else text


def detail_items(object_type: str, details: object) -> list[tuple[str, str]]:
    """An event's details as (name, value) pairs in Chinese: `{"state": "in_review", "paper": true}` on a
    公文 → [("状态", "审核中"), ("纸质来文", "是")]. A key or code nobody named shows as it is."""
    if not isinstance(details, dict):
        return [("详情", _value_text(details, {}))] if details else []
    items = []
    for key, value in details.items():
        field = _field(object_type, key)
        choices = {str(code): str(label) for code, label in (field.flatchoices if field else [])}
        items.append(
            (_key_label(key, field), _value_text(value, {**choices, **detail_values().get(key, {})}))
        )
    return items


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
