"""What a request sends, read one way for the page and the API.

A page posts a form (several values under one name, uploaded files beside them); an API client posts a JSON
object or, to send files, a multipart form. `Input` holds either and reads a field the same way from both, so
an action's contract (a dataclass with `parse(data, viewer)`, one per action, in the app's `schemas.py`)
refuses the same input with the same `ServiceError` — an English `code`, a Chinese `message` and the
`field` — on both edges. Empty values are "not given"; a value that is given but unreadable is refused, never
silently dropped.

References to records are resolved against a queryset the caller has already passed through the access
policy (`Input.record`), so a reference to a record the viewer may not see reads as one that does not exist.
`zhongshu.org.inputs` does this for units and people.

Bounds live here, once, for both edges: a whole number fits the database's integer column (`INT_LIMIT`), an
id is at least 1, an offset is never negative nor deeper than `MAX_OFFSET`, a limit is at least 1 and capped,
a list holds at most `MAX_LIST` values, and text is no longer than its model field's `max_length`
(`max_length_of`, which the contracts and the API's ninja schemas read instead of writing the number again).
The API's query and path parameters use the same bounds through `IdParam`, `OffsetParam` and `LimitParam`, so
ninja refuses an out-of-range number with 422 before a handler or the database sees it.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from itertools import zip_longest
from typing import Annotated, Any, TypeVar

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from pydantic import Field

from zhongshu.core.errors import ServiceError

M = TypeVar("M", bound=models.Model)

# The widest whole number every integer column takes (PostgreSQL's integer; ids are bigint, but no office
# reaches two thousand million rows, and SQLite refuses anything past 2**63 with OverflowError).
INT_LIMIT = 2**31 - 1
# Offset paging deeper than this is refused: the lists that go deep page by keyset cursors instead.
MAX_OFFSET = 100_000
# The most values one field may carry as a list (ids picked from a list, tags, rows of a table).
MAX_LIST = 1_000

# The API's parameters, bounded the same way (ninja answers 422 invalid_input outside them; the OpenAPI schema
# shows minimum and maximum).
IdParam = Annotated[int, Field(ge=1, le=INT_LIMIT)]
OffsetParam = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
# A page size: at least 1; a larger one than the list allows is capped by `window`, not refused.
LimitParam = Annotated[int, Field(ge=1, le=INT_LIMIT)]


def window(*, offset: int, limit: int, most: int) -> slice:
    """The slice of a list an offset and a limit ask for: a negative offset or limit is refused, an offset
    past `MAX_OFFSET` too, a limit above `most` is capped."""
    if not 0 <= offset <= MAX_OFFSET:
        raise ServiceError(f"偏移量应在0至{MAX_OFFSET}之间：{offset}", code="bad_offset", field="offset")
    if limit < 1:
        raise ServiceError(f"每页条数至少为1：{limit}", code="bad_limit", field="limit")
    return slice(offset, offset + min(limit, most))


def max_length_of(model: type[models.Model], name: str) -> int | None:
    """The `max_length` a model field declares (None for a field without one), read where input is checked so
    a contract and an API schema never carry a number of their own that drifts from the column."""
    field = model._meta.get_field(name)
    return getattr(field, "max_length", None)


_INT = re.compile(r"^[+-]?\d{1,10}$")
_ID = re.compile(r"^\d{1,10}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TRUE = frozenset({"1", "true", "on", "yes"})
_FALSE = frozenset({"", "0", "false", "off", "no"})


def _shown(raw: Any) -> str:
    """A refused value as the message quotes it: short, on one line."""
    text = raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:40] + "…"


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def parse_int(
    raw: Any, *, field: str, label: str, low: int | None = None, high: int | None = None
) -> int | None:
    """A whole number, or None when nothing was given."""
    if _blank(raw):
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = raw
    elif isinstance(raw, str) and _INT.match(raw.strip()):
        value = int(raw.strip())
    else:
        raise ServiceError(f"{label}应为整数：{_shown(raw)}", code="bad_int", field=field)
    least = -INT_LIMIT if low is None else low
    most = INT_LIMIT if high is None else high
    if not least <= value <= most:
        if high is None:
            message = f"{label}不能小于{least}：{value}" if value < least else f"{label}过大：{value}"
        else:
            message = f"{label}应在{least}至{most}之间：{value}"
        raise ServiceError(message, code="out_of_range", field=field)
    return value


def parse_date(raw: Any, *, field: str, label: str) -> date | None:
    """A calendar day written YYYY-MM-DD, or None when nothing was given."""
    if _blank(raw):
        return None
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if isinstance(raw, str) and _DATE.match(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise ServiceError(f"{label}格式应为 YYYY-MM-DD：{_shown(raw)}", code="bad_date", field=field)


def parse_flag(raw: Any, *, field: str, label: str, default: bool = False) -> bool:
    """Yes or no: a JSON boolean, or a form's "1"/"on"/"true" (an unticked box sends nothing)."""
    if raw is None:
        return default
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
        return raw.strip().lower() in _TRUE
    raise ServiceError(f"{label}应为是或否：{_shown(raw)}", code="bad_flag", field=field)


def parse_text(raw: Any, *, field: str, label: str, max_length: int | None = None) -> str:
    """Text as typed ("" when nothing was given); the services strip and check what they need."""
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise ServiceError(f"{label}应为文字：{_shown(raw)}", code="bad_text", field=field)
    if "\x00" in raw:
        raise ServiceError(f"{label}含有不可用的字符", code="bad_text", field=field)
    if max_length is not None and len(raw.strip()) > max_length:
        raise ServiceError(f"{label}不能超过{max_length}字", code="too_long", field=field)
    return raw


def parse_id(raw: Any) -> int | None:
    """A record's id, or None when it is not one (the caller refuses it as "does not exist")."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw if 0 < raw <= INT_LIMIT else None
    if isinstance(raw, str) and _ID.match(raw.strip()):
        value = int(raw.strip())
        return value if 0 < value <= INT_LIMIT else None
    return None


_TEXT_FIELDS: dict[type[models.Model], list[tuple[str, str, int]]] = {}


def _bounded_text_fields(model: type[models.Model]) -> list[tuple[str, str, int]]:
    fields = _TEXT_FIELDS.get(model)
    if fields is None:
        fields = [
            (field.attname, str(field.verbose_name), field.max_length)
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField) and field.max_length
        ]
        _TEXT_FIELDS[model] = fields
    return fields


def refuse_overlong_text(
    sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any
) -> None:
    """Before any save: a text longer than its column's `max_length` is refused with `too_long`, the same on
    SQLite (which would store it whole) and PostgreSQL (which would fail the request with a 500). The
    contracts refuse it first with the field's own label; this is the last line, for every path that writes
    (pages, API, imports, commands). Connected from `CoreConfig.ready()`."""
    if raw:
        return
    for attname, label, most in _bounded_text_fields(sender):
        value = getattr(instance, attname, None)
        if isinstance(value, str) and len(value) > most:
            raise ServiceError(f"{label}不能超过{most}字", code="too_long", field=attname)


class Input:
    """One request's fields: a form (a QueryDict, files beside it) or a JSON object, read alike."""

    def __init__(self, data: Mapping[str, Any] | None = None, files: Any = None) -> None:
        self.data: Mapping[str, Any] = data if data is not None else {}
        self.files = files

    @classmethod
    def of(cls, request: HttpRequest) -> Input:
        """The request's fields: its JSON object, or its form and files."""
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                raise ServiceError("请求内容不是有效的 JSON", code="bad_json") from None
            if not isinstance(data, dict):
                raise ServiceError("请求内容应为一个 JSON 对象", code="bad_json")
            return cls(data)
        return cls(request.POST, request.FILES)

    @property
    def is_form(self) -> bool:
        return hasattr(self.data, "getlist")

    def has(self, name: str) -> bool:
        return name in self.data

    def value(self, name: str) -> Any:
        """One value (a form's last one for the name)."""
        raw = self.data.get(name)
        if isinstance(raw, list) and not self.is_form:
            raise ServiceError(f"{name} 只能有一个值", code="bad_value", field=name)
        return raw

    def values(self, name: str) -> list[Any]:
        """Every value under the name: a form's repeated fields, or a JSON list (a single value counts as one)."""
        if self.is_form:
            found = list(self.data.getlist(name))  # type: ignore[attr-defined]
        else:
            raw = self.data.get(name)
            found = [] if raw is None else list(raw) if isinstance(raw, list) else [raw]
        if len(found) > MAX_LIST:
            raise ServiceError(f"{name} 最多{MAX_LIST}项：{len(found)}", code="too_many_values", field=name)
        return found

    def text(self, name: str, *, label: str, max_length: int | None = None, field: str | None = None) -> str:
        return parse_text(self.value(name), field=field or name, label=label, max_length=max_length)

    def integer(
        self,
        name: str,
        *,
        label: str,
        low: int | None = None,
        high: int | None = None,
        field: str | None = None,
    ) -> int | None:
        return parse_int(self.value(name), field=field or name, label=label, low=low, high=high)

    def date(self, name: str, *, label: str, field: str | None = None) -> date | None:
        return parse_date(self.value(name), field=field or name, label=label)

    def flag(self, name: str, *, label: str, default: bool = False) -> bool:
        return parse_flag(self.value(name), field=name, label=label, default=default)

    def texts(self, name: str, *, label: str, max_length: int | None = None) -> list[str]:
        return [parse_text(raw, field=name, label=label, max_length=max_length) for raw in self.values(name)]

    def choice(self, name: str, choices: Sequence[str], *, label: str, default: str = "") -> str:
        """One of `choices` (`default` when nothing was given)."""
        raw = self.text(name, label=label).strip() or default
        if raw not in choices:
            raise ServiceError(f"未知的{label}：{_shown(raw)}", code=f"unknown_{name}", field=name)
        return raw

    def record(
        self, name: str, choices: QuerySet[M], *, label: str, code: str, field: str | None = None
    ) -> M | None:
        """The record the field names by id among `choices` (already filtered by the access policy), or
        None when nothing was given."""
        raw = self.value(name)
        if _blank(raw):
            return None
        pk = parse_id(raw)
        found = choices.filter(pk=pk).first() if pk is not None else None
        if found is None:
            raise ServiceError(f"{label}不存在：{_shown(raw)}", code=code, field=field or name)
        return found

    def records(self, name: str, choices: QuerySet[M], *, label: str, code: str) -> list[M]:
        """Every record the field names, in the order given, each once; one that is not among `choices`
        is refused."""
        wanted: list[int] = []
        for raw in self.values(name):
            if _blank(raw):
                continue
            pk = parse_id(raw)
            if pk is None:
                raise ServiceError(f"{label}不存在：{_shown(raw)}", code=code, field=name)
            if pk not in wanted:
                wanted.append(pk)
        found = {record.pk: record for record in choices.filter(pk__in=wanted)} if wanted else {}
        for pk in wanted:
            if pk not in found:
                raise ServiceError(f"{label}不存在：{pk}", code=code, field=name)
        return [found[pk] for pk in wanted]

    def uploads(self, name: str, *, label: str) -> list[UploadedFile]:
        """The files uploaded under the name (a form's or a multipart request's)."""
        if not self.is_form:
            if self.data.get(name):
                raise ServiceError(
                    f"{label}须以 multipart/form-data 上传", code="files_need_multipart", field=name
                )
            return []
        return list(self.files.getlist(name)) if self.files is not None else []

    def rows(self, name: str, columns: Mapping[str, str]) -> list[Input]:
        """A table of rows: a JSON list of objects under `name`, or parallel repeated fields as a form sends
        them (`columns` maps each key to its field's name; a JSON object may send them as lists too). Each
        row reads like an `Input`."""
        if not self.is_form and name in self.data:
            raw = self.data[name]
            if not isinstance(raw, list) or not all(isinstance(row, dict) for row in raw):
                raise ServiceError(f"{name} 应为对象的列表", code="bad_rows", field=name)
            return [Input(row) for row in raw]
        columns_values = [self.values(form_name) for form_name in columns.values()]
        return [
            Input(dict(zip(columns, cells, strict=True)))
            for cells in zip_longest(*columns_values, fillvalue="")
        ]


# --- A Django form as a contract's reader ---------------------------------------------------------------


class FormInvalid(ServiceError):
    """A form that the page renders (its fields, its errors beside them) refused the input: the API answers
    its first error; the page shows `form` again."""

    code = "invalid_input"

    def __init__(self, form: forms.BaseForm) -> None:
        name, errors = next(iter(form.errors.items()))
        label = form.fields[name].label if name in form.fields else None
        super().__init__(f"{label}：{errors[0]}" if label else str(errors[0]), field=name if label else None)
        self.form = form


def form_data(data: Input, form_class: type[forms.BaseForm], current: Mapping[str, Any] | None = None) -> Any:
    """What to bind a page's form to: a posted form as it is; a JSON object over the values the page would
    have sent had the person changed nothing (`current`, else the form's initial values)."""
    if data.is_form:
        return data.data
    fields = form_class.base_fields  # type: ignore[attr-defined]
    base = {name: field.initial for name, field in fields.items() if field.initial is not None}
    if current is not None:
        base.update({name: value for name, value in current.items() if name in fields})
    return {**base, **data.data}


def cleaned(form: forms.BaseForm) -> dict[str, Any]:
    """The form's cleaned values, or `FormInvalid`."""
    if not form.is_valid():
        raise FormInvalid(form)
    return dict(form.cleaned_data)


def _field_schema(field: forms.Field) -> dict[str, Any]:
    schema: dict[str, Any]
    if isinstance(field, forms.ModelMultipleChoiceField):
        schema = {"type": "array", "items": {"type": "integer"}}
    elif isinstance(field, forms.ModelChoiceField | forms.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        choices: Any = field.choices
        schema = {"type": "integer", "enum": [value for value, _ in choices if value != ""]}
    elif isinstance(field, forms.ChoiceField):
        choices = field.choices
        schema = {"type": "string", "enum": [value for value, _ in choices]}
    else:
        schema = {"type": "string"}
    if field.label:
        schema["description"] = str(field.label)
    return schema


def form_schema(form_class: type[forms.BaseForm]) -> dict[str, Any]:
    fields = form_class.base_fields  # type: ignore[attr-defined]
    return {
        "type": "object",
        "title": form_class.__name__,
        "properties": {name: _field_schema(field) for name, field in fields.items()},
        "required": [name for name, field in fields.items() if field.required],
    }


# --- OpenAPI: a contract's request body, from its dataclass fields ------------------------------------------


def _schema_of(hint: Any) -> dict[str, Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        parts = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _schema_of(parts[0]) if len(parts) == 1 else {"anyOf": [_schema_of(p) for p in parts]}
    if origin in (list, tuple, Sequence) or hint in (list, tuple):
        args = typing.get_args(hint)
        return {"type": "array", "items": _schema_of(args[0]) if args else {}}
    if isinstance(hint, type):
        if issubclass(hint, bool):
            return {"type": "boolean"}
        if issubclass(hint, int):
            return {"type": "integer"}
        if issubclass(hint, str):
            return {"type": "string"}
        if issubclass(hint, date):
            return {"type": "string", "format": "date"}
        if issubclass(hint, UploadedFile):
            return {"type": "string", "format": "binary"}
        if issubclass(hint, models.Model):
            return {"type": "integer", "description": f"{hint._meta.verbose_name}的 id"}
        if dataclasses.is_dataclass(hint):
            return contract_schema(hint)
    return {}


def contract_schema(contract: type) -> dict[str, Any]:
    """The JSON schema of a contract's wire fields (a reference is an id; a field's `metadata["schema"]`
    overrides what its type says)."""
    form_class = getattr(contract, "form_class", None)
    if form_class is not None:
        described = form_schema(form_class)
        if contract.__doc__:
            described["description"] = contract.__doc__.strip().splitlines()[0]
        return described
    hints = typing.get_type_hints(contract)
    properties: dict[str, Any] = {}
    for item in dataclasses.fields(contract):
        if item.metadata.get("wire") is False:
            continue
        properties[item.metadata.get("name", item.name)] = item.metadata.get("schema") or _schema_of(
            hints[item.name]
        )
    schema: dict[str, Any] = {"type": "object", "title": contract.__name__, "properties": properties}
    if contract.__doc__:
        schema["description"] = contract.__doc__.strip().splitlines()[0]
    return schema


def request_body(contract: type) -> dict[str, Any]:
    """`openapi_extra` for an API action that reads its contract from the request itself: the body may be
    JSON or a multipart form (the form a page posts, with its files)."""
    schema = contract_schema(contract)
    return {
        "requestBody": {
            "required": False,
            "content": {
                "application/json": {"schema": schema},
                "multipart/form-data": {"schema": schema},
            },
        }
    }
