"""The access matrix: a reusable test helper that proves a module's routes leak nothing.

For a model that inherits `Classified`, `check_records` builds people for every clearance (非涉密, 一般,
重要, 核心) in every scope (owner person, member of the owner unit, named in need-to-know, member of a
need-to-know unit, holding the security administrator's grant, an office director in another unit, outsider
in another unit), plus the three administrators
and an anonymous visitor; it makes one record per classification for each owner clearance, then asks every
route as every viewer and checks the answer against `expected_visible`, a truth table written from the
specification (it never calls the policy). `policy.visible()` and `policy.can()` must agree too.

A module adds itself in a few lines::

    from zhongshu.testing.access import Route, check_records

    def test_things_leak_nothing(db):
        check_records(
            model=Thing,
            make=lambda spec: Thing.objects.create(title=spec.title, **spec.fields()).with_need_to_know(spec),
            routes=[Route("detail", "/things/{pk}/"), Route("api", "/api/things/{pk}"),
                    Route("list", "/things/"), Route("search", "/things/?q={marker}")],
        )

`make` receives a `RecordSpec` (owner unit and person, classification, need-to-know people and units, and a
unique `marker` that must appear in the record's title) and returns the saved record with its
need-to-know set (`spec.apply_need_to_know(record)` does that). A route with `{pk}` names one record: an
allowed viewer gets 200 and sees the marker; any other business person gets 404, exactly as for a record
that does not exist; an administrator gets 403 or 404; the anonymous visitor is sent to sign in (302),
or gets 401/403/404. A route without `{pk}` lists records: it may answer 200 to anyone, but must show the
markers of allowed records only. Failures are collected and reported together, each naming viewer,
record and route.

`check_field` is the field-level variant: a field more sensitive than its record (a person's clearance)
must show only to the viewers the specification names.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client

from zhongshu.access import policy
from zhongshu.access.models import NeedToKnowGrant
from zhongshu.accounts.models import User
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import AdminRole, Role
from zhongshu.org.models import Person, Unit, UnitKind
from zhongshu.testing.factories import make_admin

# The specification's words, kept as plain strings so the truth table below reads like the issue text.
CLEARANCES = ("非涉密", "一般", "重要", "核心")
CLASSIFICATIONS = ("公开", "内部", "秘密", "机密", "绝密")
SCOPES = ("owner_person", "owner_unit", "ntk_person", "ntk_unit", "granted", "office_wide", "outsider")
# The roles every matrix viewer holds, and the office-wide role the "office_wide" viewers hold besides.
VIEWER_ROLES = frozenset({Role.CLERK.value})
OFFICE_WIDE_ROLE = Role.OFFICE_DIRECTOR.value
ADMINS = ("system_admin", "security_admin", "auditor")
ANONYMOUS = "anonymous"

_CLEARANCE_VALUE = {
    "非涉密": Clearance.NONE,
    "一般": Clearance.ORDINARY,
    "重要": Clearance.IMPORTANT,
    "核心": Clearance.CORE,
}
_CLASSIFICATION_VALUE = {
    "公开": Classification.PUBLIC,
    "内部": Classification.INTERNAL,
    "秘密": Classification.CONFIDENTIAL,
    "机密": Classification.SECRET,
    "绝密": Classification.TOP_SECRET,
}
# "一般 → 秘密, 重要 → 机密, 核心 → 绝密; 非涉密 → 公开 and 内部 only."
_MAY_KNOW_LEVELS = {
    "非涉密": {"公开", "内部"},
    "一般": {"公开", "内部", "秘密"},
    "重要": {"公开", "内部", "秘密", "机密"},
    "核心": {"公开", "内部", "秘密", "机密", "绝密"},
}
_NOT_STATE_SECRETS = {"公开", "内部"}


_IN_SCOPE = {"owner_person", "owner_unit", "ntk_person", "ntk_unit", "granted"}


def expected_visible(
    kind: str, clearance: str, relation: str, classification: str, *, knows_all_internal: bool = False
) -> bool:
    """The specification as a truth table, independent of `zhongshu.access.policy`.

    Only business people see business records (the three administrators and the anonymous see none). A
    business person sees 公开 records; a 内部 record (工作秘密) when they own it, belong to the owner unit,
    are in its need-to-know (by name or by unit) or hold a grant, or when their office-wide role lets them
    know every 内部 record of its kind (`knows_all_internal`: the model's declared remit, issue 14); a state
    secret (秘密 and above) only when the clearance covers its level and the person is in scope as for 内部
    (an office-wide role gives nothing here).
    """
    if kind != "business":
        return False
    if classification not in _MAY_KNOW_LEVELS[clearance]:
        return False
    if classification == "公开":
        return True
    if classification in _NOT_STATE_SECRETS and knows_all_internal:
        return True
    return relation in _IN_SCOPE


@dataclass(frozen=True)
class Route:
    """One route to check. `url` may contain `{pk}` (one record) and `{marker}` (e.g. a search query)."""

    name: str
    url: str
    marker: str | None = None  # check_field only: the text that shows the field on this route
    # check_field only: who sees the field on this route, when narrower than the policy's audience (a
    # listing page that shows the field to nobody).
    field_audience: frozenset[str] | None = None

    @property
    def one_record(self) -> bool:
        return "{pk}" in self.url

    @property
    def is_api(self) -> bool:
        return self.url.startswith("/api/")


@dataclass
class Viewer:
    key: str
    kind: str  # "business", one of ADMINS, or ANONYMOUS
    user: User | None = None
    person: Person | None = None
    clearance: str = "非涉密"
    scope: str = ""
    client: Client | None = None

    def __str__(self) -> str:
        return self.key


@dataclass
class RecordSpec:
    """What `make` must build: the record's owners, level and need-to-know, and a unique marker."""

    classification: int
    classification_label: str
    owner_unit: Unit
    owner_person: Person
    owner_clearance: str
    need_to_know_people: list[Person]
    need_to_know_units: list[Unit]
    marker: str

    @property
    def title(self) -> str:
        return f"{self.marker} 测试记录"

    def fields(self) -> dict[str, Any]:
        """The `Classified` fields, for Model.objects.create(**spec.fields(), ...)."""
        return {
            "classification": self.classification,
            "owner_unit": self.owner_unit,
            "owner_person": self.owner_person,
        }

    def apply_need_to_know(self, record: Any) -> Any:
        record.need_to_know_people.set(self.need_to_know_people)
        record.need_to_know_units.set(self.need_to_know_units)
        return record

    def __str__(self) -> str:
        return (
            f"{self.classification_label} record owned by {self.owner_clearance}/owner_person ({self.marker})"
        )


_serial = itertools.count(1)


def sign_in(client: Client, user: User) -> Client:
    """Sign `user` in fully: session plus a verified second factor, so policy, not sign-in, decides."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="matrix", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


class Population:
    """Everyone the matrix asks: business people by clearance × scope, the administrators, the anonymous."""

    def __init__(self) -> None:
        n = next(_serial)
        self.owner_unit = self._unit(f"矩阵所属单位{n}", f"MXO{n}")
        self.ntk_unit = self._unit(f"矩阵知悉单位{n}", f"MXN{n}")
        self.other_unit = self._unit(f"矩阵无关单位{n}", f"MXX{n}")
        self.viewers: list[Viewer] = []
        unit_for = {"owner_unit": self.owner_unit, "ntk_unit": self.ntk_unit}
        group, _ = Group.objects.get_or_create(name=Role.CLERK.value)
        office_wide, _ = Group.objects.get_or_create(name=OFFICE_WIDE_ROLE)
        for clearance, scope in itertools.product(CLEARANCES, SCOPES):
            key = f"{clearance}/{scope}"
            user = User.objects.create(username=f"mx{n}_{CLEARANCES.index(clearance)}_{scope}")
            user.groups.add(group)
            if scope == "office_wide":
                user.groups.add(office_wide)
            person = Person.objects.create(
                user=user,
                name=f"矩阵{clearance}{scope}",
                unit=unit_for.get(scope, self.other_unit),
                clearance=_CLEARANCE_VALUE[clearance],
            )
            self.viewers.append(Viewer(key, "business", user, person, clearance, scope))
        for role in ADMINS:
            user = User.objects.create(username=f"mx{n}_{role}", admin_role=AdminRole(role).value)
            self.viewers.append(Viewer(role, role, user))
        self.viewers.append(Viewer(ANONYMOUS, ANONYMOUS))
        for viewer in self.viewers:
            viewer.client = Client(raise_request_exception=False)
            if viewer.user:
                sign_in(viewer.client, viewer.user)

    @staticmethod
    def _unit(name: str, code: str) -> Unit:
        return Unit.objects.create(name=name, code=code, kind=UnitKind.BUREAU)

    def viewer(self, key: str) -> Viewer:
        return next(viewer for viewer in self.viewers if viewer.key == key)

    def business(self, scope: str) -> list[Viewer]:
        return [viewer for viewer in self.viewers if viewer.scope == scope]

    @property
    def security_admin(self) -> User:
        user = self.viewer("security_admin").user
        assert user is not None
        return user


def _get(viewer: Viewer, url: str) -> tuple[int, str]:
    assert viewer.client is not None
    response = viewer.client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return response.status_code, body.decode("utf-8", errors="replace")


def _denied_statuses(viewer: Viewer) -> set[int]:
    if viewer.kind == ANONYMOUS:
        return {302, 401, 403, 404}
    if viewer.kind in ADMINS:
        return {403, 404}
    return {404}


class MatrixFailure(AssertionError):
    """Raised with every failure found; `failures` holds them all (the message shows the first 40)."""

    def __init__(self, message: str, failures: list[str]) -> None:
        super().__init__(message)
        self.failures = failures


@dataclass
class MatrixReport:
    failures: list[str] = field(default_factory=list)
    requests: int = 0

    def fail(self, viewer: Viewer, record: object, route: Route, url: str, problem: str) -> None:
        self.failures.append(f"viewer {viewer}, {record}, route {route.name} {url}: {problem}")

    def assert_clean(self) -> None:
        if self.failures:
            shown = "\n  ".join(self.failures[:40])
            more = f"\n  ... and {len(self.failures) - 40} more" if len(self.failures) > 40 else ""
            raise MatrixFailure(
                f"access matrix: {len(self.failures)} failure(s):\n  {shown}{more}", self.failures
            )


def check_records(
    *,
    model: type[models.Model],
    make: Callable[[RecordSpec], models.Model],
    routes: Sequence[Route],
    population: Population | None = None,
) -> MatrixReport:
    """Run the whole matrix (clearance × scope × classification × route) for `model`. Raises on a leak."""
    population = population or Population()
    ntk_people = [viewer.person for viewer in population.business("ntk_person") if viewer.person]
    records: list[tuple[models.Model, RecordSpec]] = []
    n = next(_serial)
    for owner in population.business("owner_person"):
        assert owner.person is not None
        for label in CLASSIFICATIONS:
            spec = RecordSpec(
                classification=_CLASSIFICATION_VALUE[label],
                classification_label=label,
                owner_unit=population.owner_unit,
                owner_person=owner.person,
                owner_clearance=owner.clearance,
                need_to_know_people=ntk_people,
                need_to_know_units=[population.ntk_unit],
                marker=f"MX{n}R{len(records) + 1:03d}Z",
            )
            records.append((make(spec), spec))
    content_type = ContentType.objects.get_for_model(model)
    # One by one, as the service makes them: a grant's save is what gives a search entry its grant key.
    for viewer in population.business("granted"):
        assert viewer.person is not None
        for record, _ in records:
            NeedToKnowGrant.objects.create(
                person=viewer.person,
                content_type=content_type,
                object_id=record.pk,
                reason="矩阵测试",
                granted_by=population.security_admin,
            )

    def relation(viewer: Viewer, spec: RecordSpec) -> str:
        if viewer.scope == "owner_person" and viewer.person != spec.owner_person:
            return "outsider"  # another record's owner, in a unit of its own
        return viewer.scope

    remit = policy.work_secret_remit(model)
    roles_of = {
        viewer.key: frozenset(viewer.user.groups.values_list("name", flat=True))
        for viewer in population.viewers
        if viewer.user is not None
    }

    def allowed(viewer: Viewer, spec: RecordSpec) -> bool:
        held = roles_of.get(viewer.key, frozenset())
        knows_all_internal = remit == policy.EVERYONE or any(role in remit for role in held)
        return expected_visible(
            viewer.kind,
            viewer.clearance,
            relation(viewer, spec),
            spec.classification_label,
            knows_all_internal=knows_all_internal,
        )

    report = MatrixReport()
    missing_pk = max(record.pk for record, _ in records) + 10_000
    for viewer in population.viewers:
        asked = _records_to_ask(viewer, records)
        _check_policy_functions(report, viewer, model, records, asked, allowed)
        for route in routes:
            if route.one_record:
                _check_one_record_route(report, viewer, route, asked, allowed, missing_pk)
            else:
                _check_list_route(
                    report, viewer, route, records if route.url.count("{") == 0 else asked, allowed
                )
    report.assert_clean()
    return report


def _records_to_ask(
    viewer: Viewer, records: list[tuple[models.Model, RecordSpec]]
) -> list[tuple[models.Model, RecordSpec]]:
    """The records worth a request for this viewer: one of each classification and relation.

    The policy functions are checked on every record; over HTTP, records that differ only by an owner who
    is not the viewer are alike for the viewer, so one owner's set stands for them (a third of the
    requests). An owner is also asked about their own records.
    """
    stand_in = records[-1][1].owner_person
    return [
        (record, spec)
        for record, spec in records
        if spec.owner_person == stand_in or (viewer.person is not None and spec.owner_person == viewer.person)
    ]


def _check_policy_functions(
    report: MatrixReport,
    viewer: Viewer,
    model: type[models.Model],
    records: list[tuple[models.Model, RecordSpec]],
    asked: list[tuple[models.Model, RecordSpec]],
    allowed: Callable[[Viewer, RecordSpec], bool],
) -> None:
    """visible() on every record at once; can() (one query per record) on the records asked over HTTP."""
    from django.contrib.auth.models import AnonymousUser

    user = viewer.user or AnonymousUser()
    pks = [record.pk for record, _ in records]
    seen = set(policy.visible(model._default_manager.filter(pk__in=pks), user).values_list("pk", flat=True))
    route = Route("policy.visible", "-")
    for record, spec in records:
        want = allowed(viewer, spec)
        if (record.pk in seen) != want:
            report.fail(
                viewer, spec, route, "-", f"visible() {'omits' if want else 'includes'} pk {record.pk}"
            )
    for record, spec in asked:
        want = allowed(viewer, spec)
        if policy.can(user, record) != want:
            report.fail(viewer, spec, Route("policy.can", "-"), "-", f"can() answers {not want}")


def _check_one_record_route(
    report: MatrixReport,
    viewer: Viewer,
    route: Route,
    records: list[tuple[models.Model, RecordSpec]],
    allowed: Callable[[Viewer, RecordSpec], bool],
    missing_pk: int,
) -> None:
    missing_url = route.url.format(pk=missing_pk, marker="")
    missing_status, missing_body = _get(viewer, missing_url)
    report.requests += 1
    for record, spec in records:
        url = route.url.format(pk=record.pk, marker=spec.marker)
        status, body = _get(viewer, url)
        report.requests += 1
        if allowed(viewer, spec):
            if status != 200:
                report.fail(viewer, spec, route, url, f"expected 200, got {status}")
            elif spec.marker not in body:
                report.fail(viewer, spec, route, url, "answered 200 but the record's marker is missing")
            continue
        if spec.marker in body:
            report.fail(viewer, spec, route, url, f"LEAK: the marker appears in a {status} answer")
        if status not in _denied_statuses(viewer):
            report.fail(
                viewer, spec, route, url, f"expected one of {sorted(_denied_statuses(viewer))}, got {status}"
            )
        elif status != missing_status:
            report.fail(
                viewer,
                spec,
                route,
                url,
                f"forbidden answers {status} but a missing record answers {missing_status}",
            )
        elif route.is_api and status == 404 and _json(body) != _json(missing_body):
            report.fail(viewer, spec, route, url, "forbidden and missing records answer different bodies")


def _json(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return body


def _check_list_route(
    report: MatrixReport,
    viewer: Viewer,
    route: Route,
    records: list[tuple[models.Model, RecordSpec]],
    allowed: Callable[[Viewer, RecordSpec], bool],
) -> None:
    per_record = "{marker}" in route.url
    pages: dict[str, tuple[int, str]] = {}
    for record, spec in records:
        url = route.url.format(pk=record.pk, marker=spec.marker)
        if url not in pages:
            pages[url] = _get(viewer, url)
            report.requests += 1
        status, body = pages[url]
        if allowed(viewer, spec):
            if status != 200:
                report.fail(viewer, spec, route, url, f"expected 200, got {status}")
            elif spec.marker not in body:
                report.fail(viewer, spec, route, url, "the list omits a record the viewer may see")
        elif spec.marker in body:
            report.fail(viewer, spec, route, url, f"LEAK: the list shows the marker ({status})")
        if (
            not per_record
            and viewer.kind == ANONYMOUS
            and status == 200
            and any(s.marker in body for _, s in records)
        ):
            report.fail(viewer, spec, route, url, "LEAK: the anonymous visitor sees records")


# --- The field-level variant ------------------------------------------------------------------------------

FIELD_AUDIENCES = ("self", "business", *ADMINS, ANONYMOUS)


def check_field(
    *,
    field_name: str,
    subject: Callable[[Population], models.Model],
    routes: Sequence[Route],
    field_visible_to: Iterable[str],
    record_visible_to: Iterable[str],
    population: Population | None = None,
) -> MatrixReport:
    """Check that a sensitive field shows only to the audiences the specification names.

    `subject(population)` returns the record whose field is checked; a Person subject whose account is a
    viewer counts that viewer as "self". Audiences: "self", "business" (any other business person),
    "system_admin", "security_admin", "auditor", "anonymous". Each route's `marker` is the text that shows
    the field (e.g. 'data-field="clearance"' on a page, '"clearance"' in JSON), so a route's answer should
    hold the subject alone (its own URL, or a search or unit with no one else in it). A viewer in
    `record_visible_to` must get 200; the marker must appear exactly for `field_visible_to` (which
    `policy.can_see_field` must also answer), or for the route's narrower `field_audience`.
    """
    population = population or Population()
    field_audience = set(field_visible_to)
    record_audience = set(record_visible_to)
    unknown = (field_audience | record_audience) - set(FIELD_AUDIENCES)
    if unknown:
        raise ValueError(f"unknown audiences {sorted(unknown)}; use {FIELD_AUDIENCES}")
    record = subject(population)
    self_user_id = getattr(record, "user_id", None)
    report = MatrixReport()
    for viewer in population.viewers:
        audience = viewer.kind
        if viewer.kind == "business":
            audience = "self" if viewer.user is not None and viewer.user.pk == self_user_id else "business"
        label = f"{field_name} of {record._meta.label} pk {record.pk}"
        can_field = policy.can_see_field(viewer.user, record, field_name) if viewer.user else False
        if can_field != (audience in field_audience):
            report.fail(
                viewer, label, Route("policy.can_see_field", "-"), "-", f"can_see_field() answers {can_field}"
            )
        for route in routes:
            if route.marker is None:
                raise ValueError(f"route {route.name} needs a marker for check_field")
            url = route.url.format(pk=record.pk, marker="")
            status, body = _get(viewer, url)
            report.requests += 1
            if audience in record_audience and status != 200:
                report.fail(viewer, label, route, url, f"expected 200, got {status}")
                continue
            shown = route.marker in body
            route_audience = field_audience if route.field_audience is None else route.field_audience
            if shown and audience not in route_audience:
                report.fail(viewer, label, route, url, f"LEAK: the field shows ({status})")
            elif not shown and audience in route_audience and status == 200:
                report.fail(viewer, label, route, url, "the field is missing for a viewer who may see it")
    report.assert_clean()
    return report


# --- every API route of a module, asked by one client ---------------------------------------------------------


@dataclass(frozen=True)
class RouteAnswer:
    method: str
    path: str  # as the OpenAPI schema names it, /api/duty/log/{entry_id}
    status: int
    content_type: str
    body: Any  # the JSON answer, or None

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}: {self.status} {self.content_type} {self.body}"


def ask_every_api_route(client: Client, *prefixes: str, path_id: str = "1") -> list[RouteAnswer]:
    """Every route of the OpenAPI schema under `prefixes`, asked once by `client`: a GET, or the route's method
    with an empty JSON body; `{…}` in a path becomes `path_id`. A module's refusal test states what each answer
    must be (an administrator refused in JSON, say) and how many routes there are."""
    schema = client.get("/api/openapi.json").json()
    answers = []
    for path, operations in schema["paths"].items():
        if not path.startswith(prefixes):
            continue
        for method in operations:
            url = "/".join(path_id if part.startswith("{") else part for part in path.split("/"))
            if method == "get":
                response = client.get(url)
            else:
                response = getattr(client, method)(url, data=json.dumps({}), content_type="application/json")
            content_type = response["Content-Type"]
            body = response.json() if content_type.startswith("application/json") else None
            answers.append(RouteAnswer(method, path, response.status_code, content_type, body))
    return answers


def not_refused_in_json(
    answers: Iterable[RouteAnswer], *, statuses: tuple[int, ...] = (403,), code: str | None = None
) -> list[str]:
    """The answers that are not a JSON refusal with one of `statuses` (and the error `code`, when given)."""
    wrong = []
    for answer in answers:
        if (
            answer.status not in statuses
            or answer.body is None
            or code is not None
            and answer.body.get("code") != code
        ):
            wrong.append(str(answer))
    return wrong


# --- a route × viewer table of expected statuses --------------------------------------------------------------
# A part's access test lists each of its routes with the status every viewer must get (200 for who may, 403 or
# 404 for who may not, 302/401 for the anonymous), asks them all and reports every wrong answer at once.


def route_statuses(
    ok: int,
    allowed: Iterable[str],
    denied: int,
    *,
    everyone: Iterable[str],
    anon: int = 302,
    admin: int = 403,
) -> dict[str, int]:
    """`ok` for the viewers in `allowed`, `denied` for the rest of `everyone`; the anonymous and an administrator
    as given (a page sends the anonymous to sign in, the API answers 401)."""
    chosen = set(allowed)
    return {"anon": anon, "admin": admin, **{name: ok if name in chosen else denied for name in everyone}}


def route_clients(usernames: Iterable[str], *, admin_username: str) -> dict[str, Client]:
    """A client for each business username (signed in, second factor included), the anonymous ("anon") and a
    fresh system administrator ("admin")."""
    clients = {
        "anon": Client(),
        "admin": sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, admin_username)),
    }
    for name in usernames:
        clients[name] = sign_in(Client(), User.objects.get(username=name))
    return clients


def wrong_get_answers(clients: dict[str, Client], routes: dict[str, dict[str, int]]) -> list[str]:
    wrong = []
    for url, expected in routes.items():
        for name, status in expected.items():
            got = clients[name].get(url).status_code
            if got != status:
                wrong.append(f"GET {url} as {name}: {got}, expected {status}")
    return wrong


def wrong_post_answers(
    clients: dict[str, Client], routes: dict[str, dict[str, int]], *, form: dict[str, Any] | None = None
) -> list[str]:
    """Each POST with an empty JSON body to the API and `form` to a page: only who may act gets past the access
    check (a 400 or 409 after it is the input's or the state's)."""
    wrong = []
    for url, expected in routes.items():
        for name, status in expected.items():
            if url.startswith("/api/"):
                response = clients[name].post(url, data=json.dumps({}), content_type="application/json")
            else:
                response = clients[name].post(url, form or {})
            if response.status_code != status:
                wrong.append(f"POST {url} as {name}: {response.status_code}, expected {status}")
    return wrong
