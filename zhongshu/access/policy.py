"""The one access policy: who may see or change which record.

Every list, detail, search, export, download and API route obtains protected records through
`visible()` (one set-based query, never a per-row loop) or `get_for()` (which answers the same
`RecordNotFound` for a missing and a forbidden record, and audits the forbidden attempt).

The rule for classified records (models inheriting `access.models.Classified`):
  a person sees a record when their clearance covers its level (非涉密 → 公开/内部, 一般 → 秘密,
  重要 → 机密, 核心 → 绝密) and they may know it: every business person may know a 公开 record; a 内部
  record (工作秘密) and a state secret (秘密 and above) only when the person or their unit owns it, is in its
  知悉范围 (need-to-know, which the modules widen as the record reaches people: reviewers, recipients,
  handling units, readers), or holds a live grant from the security administrator. A 内部 record is known
  besides to the office-wide roles its model names (`work_secret_remit`: the office director for documents,
  the archivist for archives, `EVERYONE` for a library all may read); a state secret never is.
The three administrators hold no business role and see no business record at all.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from zhongshu.access.models import Classified, NeedToKnowGrant
from zhongshu.audit.services import audit_record
from zhongshu.base.levels import Classification, Clearance, highest_level_for

M = TypeVar("M", bound=models.Model)


class Action(enum.StrEnum):
    VIEW = "view"
    CHANGE = "change"
    EXPORT = "export"
    DOWNLOAD = "download"


READ_ACTIONS = frozenset({Action.VIEW, Action.EXPORT, Action.DOWNLOAD})


class RecordNotFound(Http404):
    """Raised alike for a record that does not exist and one the viewer may not see."""

    message = "记录不存在或无权访问"

    def __init__(self) -> None:
        super().__init__(self.message)


@dataclass(frozen=True)
class Viewer:
    """Who is asking, resolved once per request: the account, its person (if any), clearance and roles."""

    user_id: int | None
    person_id: int | None
    unit_id: int | None
    clearance: int
    admin_role: str
    is_active: bool
    # The business roles' code names (base.roles.Role values): the scopes that depend on a role read them
    # here instead of querying the groups once per list or search.
    roles: frozenset[str] = frozenset()

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_business_person(self) -> bool:
        return self.is_active and self.person_id is not None and not self.admin_role

    @property
    def highest_level(self) -> Classification:
        return highest_level_for(self.clearance)


ANONYMOUS = Viewer(None, None, None, Clearance.NONE, "", False)

# The person behind an account lives in the organisation directory, which sits above this policy (it registers
# its scopes here): it also registers how to find an account's person, as (person id, unit id, clearance) or
# None, from its `AppConfig.ready()`. The policy never imports the directory.
PersonFacts = tuple[int, int | None, int]
PersonLookup = Callable[[int], PersonFacts | None]
_PERSON_LOOKUP: dict[str, PersonLookup] = {}


def register_person_lookup(lookup: PersonLookup) -> None:
    """Say how to find the person of an account (by its user id); registering again replaces it."""
    _PERSON_LOOKUP["person"] = lookup


def _person_facts(user_id: int) -> PersonFacts | None:
    try:
        lookup = _PERSON_LOOKUP["person"]
    except KeyError:
        raise ImproperlyConfigured(
            "no person lookup registered (zhongshu.org registers it when ready)"
        ) from None
    return lookup(user_id)


def viewer_of(user: Any) -> Viewer:
    """Resolve a request's user (or an anonymous user, or None) into a `Viewer`."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached: Viewer | None = getattr(user, "_access_viewer", None)
    if cached is not None:
        return cached
    person: PersonFacts | None = None
    roles: frozenset[str] = frozenset()
    if not user.admin_role:
        person = _person_facts(user.pk)
        roles = user.role_names()
    person_id, unit_id, clearance = person if person is not None else (None, None, Clearance.NONE)
    viewer = Viewer(
        user_id=user.pk,
        person_id=person_id,
        unit_id=unit_id,
        clearance=clearance,
        admin_role=user.admin_role,
        is_active=user.is_active,
        roles=roles,
    )
    user._access_viewer = viewer
    return viewer


def is_business_person(user: Any) -> bool:
    """Whether `user` works with business records: signed in, with a person in the directory, and not one of
    the three administrators (三员), who see no business record at all. The pages and menus of every
    business module ask this, so no module restates it."""
    return viewer_of(user).is_business_person


# A model that is protected but not `Classified` (the organisation directory, the audit log, ...) registers
# a scope: a function from viewer and action to a Q filter, or None for "nothing".
ScopeFn = Callable[[Viewer, Action], Q | None]
_SCOPES: dict[type[models.Model], ScopeFn] = {}


def register_scope(model: type[models.Model], scope: ScopeFn) -> None:
    _SCOPES[model] = scope


# A field more sensitive than its record (a person's clearance level) registers a rule: given a viewer who
# may see the record, may they also see this field? Fields without a rule go with their record.
FieldRule = Callable[[Viewer, models.Model], bool]
_FIELD_RULES: dict[tuple[type[models.Model], str], FieldRule] = {}


def register_field_rule(model: type[models.Model], field: str, rule: FieldRule) -> None:
    _FIELD_RULES[(model, field)] = rule


def can_see_field(user: Any, record: models.Model, field: str) -> bool:
    """Whether `user` may see `field` of `record`, a record they were already allowed to see."""
    viewer = user if isinstance(user, Viewer) else viewer_of(user)
    if not viewer.is_active:
        return False
    rule = _FIELD_RULES.get((type(record), field))
    return True if rule is None else rule(viewer, record)


# A model's `work_secret_remit` names the business roles (base.roles.Role values) whose holders may know
# every 内部 record of the model, wherever it lies; `EVERYONE` keeps 内部 open to every business person (a
# model whose own `access_scope` narrows further, or a shared library). A model that names none keeps its 内部
# records to their owners and 知悉范围 only: a new module that forgets to decide fails closed.
EVERYONE = "everyone"
WorkSecretRemit = frozenset[str] | str


def work_secret_remit(model: type[models.Model]) -> WorkSecretRemit:
    remit: WorkSecretRemit = getattr(model, "work_secret_remit", frozenset())
    return remit


def remit_covers(remit: WorkSecretRemit, viewer: Viewer) -> bool:
    """Whether `viewer` may know every 内部 record of a model whose remit is `remit`."""
    if remit == EVERYONE:
        return True
    return any(viewer.has_role(role) for role in remit)


def _work_secret_filter(model: type[models.Model], viewer: Viewer) -> Q | None:
    """The 内部 records of `model` the viewer's office-wide roles let them know beyond the 知悉范围, or None.

    A model mirroring several (the search index) answers for itself with `work_secret_filter(viewer)`."""
    own = getattr(model, "work_secret_filter", None)
    if own is not None:
        answer: Q | None = own(viewer)
        return answer
    return Q() if remit_covers(work_secret_remit(model), viewer) else None


def _classified_filter(model: type[models.Model], viewer: Viewer) -> Q:
    """The classification rule as one Q over `model`, with subqueries so no row is duplicated.

    The need-to-know tests are `pk IN (the viewer's rows)`, not correlated EXISTS: the database reads the
    viewer's few need-to-know rows once per query (SQLite a list, PostgreSQL a hashed subplan) instead of
    probing three tables for every hidden row it considers, which is most of them for a search or a list.
    """
    people_field = model._meta.get_field("need_to_know_people")
    units_field = model._meta.get_field("need_to_know_units")
    people_through = people_field.remote_field.through  # type: ignore[union-attr]
    units_through = units_field.remote_field.through  # type: ignore[union-attr]
    own_side = people_field.m2m_field_name()  # type: ignore[union-attr]
    own_side_units = units_field.m2m_field_name()  # type: ignore[union-attr]
    may_know = (
        Q(classification__lte=Classification.PUBLIC)
        # `or 0` (no row has id 0): a None here would become IS NULL and match every unowned record.
        | Q(owner_person_id=viewer.person_id or 0)
        | Q(owner_unit_id=viewer.unit_id or 0)
        | Q(pk__in=people_through.objects.filter(person_id=viewer.person_id or 0).values(own_side))
        | Q(pk__in=units_through.objects.filter(unit_id=viewer.unit_id or 0).values(own_side_units))
        | _granted(model, viewer)
    )
    remit = _work_secret_filter(model, viewer)
    if remit is not None:
        may_know |= Q(classification=Classification.INTERNAL) & remit
    return Q(classification__lte=viewer.highest_level) & Q(may_know)


def _granted(model: type[models.Model], viewer: Viewer) -> Q:
    """Rows a live need-to-know grant to the viewer names: the row itself or, for a model that mirrors
    another record (a search entry), the record its `grant_subject` fields (type, id) point to."""
    grants = _live_grants(viewer)
    subject = getattr(model, "grant_subject", None)
    if subject is None:
        content_type = ContentType.objects.get_for_model(model)
        return Q(pk__in=grants.filter(content_type=content_type).values("object_id"))
    type_field, id_field = subject
    # The id test alone is non-correlated and fails at once for almost every row; the type is then checked
    # by an EXISTS that runs only for the rare row whose id the viewer holds a grant for (of any type).
    return Q(**{f"{id_field}__in": grants.values("object_id")}) & Q(
        Exists(grants.filter(content_type_id=OuterRef(type_field), object_id=OuterRef(id_field)))
    )


# --- access keys: the rule's "may know" half in a form an inverted index can hold --------------------------
#
# A full-text index answers "which rows hold these words" far faster than it can test the rule row by row,
# so the search index stores with each record the keys below and ANDs the viewer's keys into the match:
# a record the viewer may see always shares a key with them (each alternative of `may_know` in
# `_classified_filter` has its key), so the index hands over a superset of what the viewer may see, and the
# rule itself (`visible()`) still decides every row. Keys are coarse on purpose: the clearance bound and
# the models' extra scopes only narrow, so they need none. A change to the rule's alternatives must change
# these two functions with it (tests/access/test_access_keys.py checks the superset property against
# `visible()`), and the search index must then be rebuilt (`zhongshu search reindex`).
OPEN_KEY = "open"
# A viewer with more live grants than this gets no key filter (the rule alone decides, only slower).
MAX_VIEWER_KEYS = 64


def record_access_keys(
    *,
    classification: int,
    owner_person_id: int | None,
    owner_unit_id: int | None,
    people: Iterable[int] = (),
    units: Iterable[int] = (),
    grant_subject: tuple[int, Any] | None = None,
    remit: WorkSecretRemit = frozenset(),
) -> list[str]:
    """The keys of one classified record: any viewer who may see it holds at least one of them.

    `remit` is the model's `work_secret_remit`: a 内部 record carries a key for each office-wide role in it
    (or the open key when it is `EVERYONE`).

    `grant_subject` is the (content type id, object id) a need-to-know grant names it by: pass it when a
    grant (live or not) names the record. A record no grant has ever named needs no grant key, and leaving
    it out spares the index a term of its own for every record; whoever makes a grant must then rewrite
    the record's keys (the search index does so on the grant's save).
    """
    if classification <= Classification.PUBLIC or (
        classification == Classification.INTERNAL and remit == EVERYONE
    ):
        return [OPEN_KEY]
    keys = [f"p{owner_person_id}"] if owner_person_id else []
    if owner_unit_id:
        keys.append(f"u{owner_unit_id}")
    keys += [f"p{person}" for person in people]
    keys += [f"u{unit}" for unit in units]
    if grant_subject is not None:
        keys.append(_grant_key(*grant_subject))
    if classification == Classification.INTERNAL and remit != EVERYONE:
        keys += [_role_key(role) for role in sorted(remit)]
    return list(dict.fromkeys(keys))


def viewer_access_keys(user: Any) -> list[str] | None:
    """The keys a record must share with `user` to be possibly visible to them, or None for "do not filter
    by keys" (too many grants to list). An empty list: they may see no classified record at all."""
    viewer = user if isinstance(user, Viewer) else viewer_of(user)
    if not viewer.is_business_person:
        return []
    keys = [OPEN_KEY, f"p{viewer.person_id}"]
    if viewer.unit_id:
        keys.append(f"u{viewer.unit_id}")
    keys += [_role_key(role) for role in sorted(viewer.roles)]
    grants = list(
        _live_grants(viewer).values_list("content_type_id", "object_id")[: MAX_VIEWER_KEYS - len(keys) + 1]
    )
    if len(keys) + len(grants) > MAX_VIEWER_KEYS:
        return None
    return keys + [_grant_key(type_id, object_id) for type_id, object_id in grants]


def _role_key(role: str) -> str:
    # Letters only (the tokenizer splits at "_"): office_director → rofficedirector.
    return "r" + "".join(ch for ch in role if ch.isalnum())


def _grant_key(type_id: int, object_id: Any) -> str:
    # Letters and digits only: the index's tokenizer would split anything else.
    return f"g{type_id}t{object_id}"


def _live_grants(viewer: Viewer) -> QuerySet[NeedToKnowGrant]:
    return NeedToKnowGrant.objects.filter(person_id=viewer.person_id or 0, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    )


def is_protected(model: type[models.Model]) -> bool:
    """Whether the policy guards `model` (a `Classified` model or one with a registered scope)."""
    return model in _SCOPES or issubclass(model, Classified)


def scope_filter(model: type[models.Model], viewer: Viewer, action: Action) -> Q | None:
    """The filter a viewer's records of `model` must pass, or None when they may see none."""
    if not viewer.is_active:
        return None
    if model in _SCOPES:
        return _SCOPES[model](viewer, action)
    if not issubclass(model, Classified):
        raise TypeError(f"{model.__name__} is neither Classified nor registered with access.register_scope")
    if not viewer.is_business_person:
        return None
    rule = _classified_filter(model, viewer)
    if action == Action.CHANGE:
        rule &= Q(owner_person_id=viewer.person_id or 0) | Q(owner_unit_id=viewer.unit_id or 0)
    extra = getattr(model, "access_scope", None)
    if extra is not None:
        narrowed = extra(viewer, action)
        if narrowed is None:
            return None
        rule &= narrowed
    return rule


def visible(queryset: QuerySet[M], user: Any, action: Action = Action.VIEW) -> QuerySet[M]:
    """The records of `queryset` that `user` may act on: one query, filtered inside the database."""
    viewer = user if isinstance(user, Viewer) else viewer_of(user)
    rule = scope_filter(queryset.model, viewer, action)
    if rule is None:
        return queryset.none()
    return queryset.filter(rule)


def can(user: Any, record: models.Model, action: Action = Action.VIEW) -> bool:
    return visible(type(record)._default_manager.filter(pk=record.pk), user, action).exists()


def get_for(
    user: Any,
    source: type[M] | QuerySet[M],
    pk: Any,
    action: Action = Action.VIEW,
    *,
    source_address: str = "",
) -> M:
    """Fetch one record for `user`, or raise `RecordNotFound` whether it is missing or forbidden.

    A forbidden attempt on an existing record is audited (without its title); a permitted read of a
    state secret (秘密 and above) is audited too, as the secrecy law asks for 机密 and 绝密.
    """
    queryset = source if isinstance(source, QuerySet) else source._default_manager.all()
    model = queryset.model
    try:
        record = visible(queryset, user, action).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        existing = model._default_manager.filter(pk=pk).first() if _valid_pk(model, pk) else None
        if existing is not None:
            audit_record(
                actor=user,
                action=f"access.denied.{action}",
                target=existing,
                outcome="denied",
                source_address=source_address,
            )
        raise RecordNotFound() from None
    if action in READ_ACTIONS and getattr(record, "classification", 0) >= Classification.CONFIDENTIAL:
        audit_record(actor=user, action=f"record.{action}", target=record, source_address=source_address)
    return record


def _valid_pk(model: type[models.Model], pk: Any) -> bool:
    try:
        model._meta.pk.to_python(pk)
    except Exception:  # noqa: BLE001 - any malformed key simply matches nothing
        return False
    return True
