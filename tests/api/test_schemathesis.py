"""Schemathesis over the whole API schema (/api/openapi.json), as five people: no request answers 5xx.

Issue 14, build point 8. Every operation of the schema is called with requests generated from it (data that
fits it, and data that does not), through the real WSGI application and the test database, signed in with a
real session and CSRF token as: nobody, a bureau's liaison, the office's 督查员, the 文书, and the system
administrator. Path ids are sometimes the ids of real records, so the handlers past the lookup run too.

Bounded and repeatable: hypothesis is derandomized (the same requests every run) with `FUZZ_EXAMPLES` examples
per operation and person (ZHONGSHU_FUZZ_EXAMPLES, 6 by default; the anonymous person gets 2, since every
operation but the schema refuses them first). Each request runs in a savepoint rolled back after it, so the
records stay as the fixture made them and a failed statement on PostgreSQL does not poison the next one. A
5xx is collected, not raised, so one run lists every operation that fails, with the request to reproduce it.
"""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode

from tests.supervision.conftest import make_county
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin, make_person
from zhongshu.wsgi import application

pytestmark = pytest.mark.django_db

FUZZ_EXAMPLES = int(os.environ.get("ZHONGSHU_FUZZ_EXAMPLES", "6"))


@contextmanager
def _one_connection():
    """Django closes "old" connections when a request starts and ends; inside a test's transaction that would
    end the transaction. The test client switches this off around its requests; so do the WSGI calls here."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _credentials(user) -> tuple[dict[str, str], dict[str, str]]:
    """(cookies, headers) of a signed-in session with a second factor, and a CSRF token that matches."""
    token = secrets.token_hex(16)  # an unmasked 32-character secret is accepted as cookie and header alike
    cookies = {"csrftoken": token}
    if user is not None:
        client = sign_in(Client(), user)
        cookies["sessionid"] = client.cookies["sessionid"].value
    return cookies, {"X-CSRFToken": token, "Referer": "http://localhost/"}


def _real_ids(county, item) -> dict[str, int]:
    return {
        "item_id": item.pk,
        "pk": item.pk,
        "list_id": item.pk,
        "unit_id": county.bureau.pk,
        "person_id": county.liaison.pk,
    }


def test_no_operation_answers_a_server_error_for_anyone():
    county = make_county()
    item = county.assigned("推进义务教育学校改扩建")
    clerk = make_person("王文书", unit=county.office, roles=[Role.CLERK], clearance=Clearance.IMPORTANT)
    people = {
        "anonymous": None,
        "liaison": county.liaison.user,
        "supervisor": county.supervisor.user,
        "clerk": clerk.user,
        "sysadmin": make_admin(AdminRole.SYSTEM_ADMIN, "fuzz_sysadmin"),
    }
    real = _real_ids(county, item)
    failures: list[str] = []
    calls = 0
    with _one_connection():
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) > 50  # the whole API, not a part of it
        for who, user in people.items():
            cookies, headers = _credentials(user)
            examples = 2 if user is None else FUZZ_EXAMPLES
            for operation in operations:
                calls += _fuzz(operation, cookies, headers, real, examples, failures, who)
    print(f"schemathesis: {len(operations)} operations x {len(people)} people, {calls} requests")
    assert failures == [], "\n\n".join(failures[:20])


def _fuzz(operation, cookies, headers, real, examples, failures, who) -> int:
    names = {p.name for p in operation.path_parameters}
    fixed = {name: real[name] for name in names if name in real}
    strategies = [
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    ]
    if fixed:
        strategies.append(
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=fixed)
        )
    seen = {"calls": 0}

    @hypothesis.settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(strategies))
    def run(case) -> None:
        seen["calls"] += 1
        savepoint = transaction.savepoint()
        try:
            response = case.call(headers=headers, cookies=cookies)
        finally:
            transaction.savepoint_rollback(savepoint)
        if response.status_code == 403 and "CSRF" in response.text:  # the session would test nothing
            failures.append(f"{who}: {operation.method.upper()} {operation.path}: CSRF refused")
        if response.status_code >= 500:
            failures.append(
                f"{who}: {operation.method.upper()} {operation.path} -> {response.status_code}\n"
                f"{case.as_curl_command()}\n{response.text[:300]}"
            )

    run()
    return seen["calls"]


# The values a probe tries at every integer parameter and body field: past bigint both ways, negative, zero,
# a character that passes str.isdigit() but not int(); and about a megabyte of text in every string field.
EXTREME_INTEGERS = ["99999999999999999999", "-99999999999999999999", "-5", "0", "²"]
LONG_TEXT = "长" * 350_000


def _operations(spec: dict):
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method, operation


def _body_schema(spec: dict, operation: dict) -> dict:
    content = operation.get("requestBody", {}).get("content", {})
    schema = (content.get("application/json") or content.get("multipart/form-data") or {}).get("schema") or {}
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _is_integer(schema: dict) -> bool:
    options = schema.get("anyOf") or [schema]
    return any(option.get("type") == "integer" for option in options)


def _url(path: str, values: dict, query: str = "") -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", str(value))
    return path + (f"?{query}" if query else "")


def _extreme_requests(spec: dict, path: str, method: str, operation: dict, real: dict):
    """(url, client kwargs) for each integer parameter at each extreme value, and each body field alone at
    an extreme (integers past bigint or negative, text of about a megabyte)."""
    import json

    parameters = operation.get("parameters", [])
    path_values = {p["name"]: real.get(p["name"], 1) for p in parameters if p["in"] == "path"}
    for parameter in parameters:
        if not _is_integer(parameter.get("schema", {})):
            continue
        for value in EXTREME_INTEGERS:
            if parameter["in"] == "path":
                yield _url(path, {**path_values, parameter["name"]: value}), {}
            elif parameter["in"] == "query":
                yield _url(path, path_values, f"{parameter['name']}={value}"), {}
    if method not in {"post", "put", "patch"}:
        return
    for name, field in _body_schema(spec, operation).get("properties", {}).items():
        if _is_integer(field):
            values: list = [10**20, -(10**20), -5]
        elif field.get("type") == "array" and _is_integer(field.get("items", {})):
            values = [[10**20], [-5, 0], [1.5], ["1e5"], list(range(1, 1100))]
        elif field.get("type") == "string" and field.get("format") not in {"date", "binary"}:
            values = [LONG_TEXT]
        else:
            continue
        for value in values:
            yield (
                _url(path, path_values),
                {"data": json.dumps({name: value}), "content_type": "application/json"},
            )


def test_every_integer_and_text_field_at_its_extremes_answers_without_a_server_error():
    """The bounds sweep: each integer parameter (path, query, body) and each text field of the schema, one at
    a time, at the values that gave 500s before (OverflowError, datatype mismatch, a 1 MB title)."""

    from zhongshu.api import api

    county = make_county()
    item = county.assigned("推进义务教育学校改扩建")
    clerk = make_person("王文书", unit=county.office, roles=[Role.CLERK], clearance=Clearance.IMPORTANT)
    director = make_person("赵办", unit=county.office, roles=[Role.OFFICE_DIRECTOR, Role.ARCHIVIST])
    spec = api.get_openapi_schema()
    real = _real_ids(county, item)
    failures: list[str] = []
    calls = 0
    for user in (county.supervisor.user, clerk.user, director.user):
        client = sign_in(Client(raise_request_exception=False), user)
        for path, method, operation in _operations(spec):
            for url, kwargs in _extreme_requests(spec, path, method, operation, real):
                calls += 1
                savepoint = transaction.savepoint()
                try:
                    response = getattr(client, method)(url, **kwargs)
                finally:
                    transaction.savepoint_rollback(savepoint)
                if response.status_code >= 500:
                    sent = str(kwargs.get("data", ""))[:120]
                    failures.append(
                        f"{user.username}: {method.upper()} {url} {sent} -> {response.status_code}"
                    )
    print(f"bounds sweep: {calls} requests")
    assert failures == [], "\n".join(failures[:40])
