"""Publishing a record to the public (主动公开) waits for the gates other modules keep: the secrecy office's
pre-publication review (公开审查) registers its gate here; the module that publishes (documents) asks every gate
before it publishes, with a fingerprint of exactly what it is about to publish, so a change after the review
sends the record back. Neither module imports the other.

The module that publishes also registers its kind of record (`register_publishable`): how to read what would
be published (title, body, attachments and their fingerprint), which records are marked for public release and
not yet published, and where a record's page is. The reviewing module learns of such records only this way, and
is told when one is published (`register_publication_listener`, `publication_done`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class PublicationRequest:
    record: models.Model  # what is to be published (an OfficialDocument)
    fingerprint: str  # a digest of the content to be published: title, body and attachments as they stand
    by: Any = None  # who publishes (told to the listeners once it is published)
    # Only asking (a page showing why the button would be refused): a gate answers and records nothing.
    asking_only: bool = False


# A gate answers "" when the record may be published as it stands, or the reason (Chinese) it may not.
PublicationGate = Callable[[PublicationRequest], str]
_GATES: dict[str, PublicationGate] = {}


def register_publication_gate(name: str, gate: PublicationGate) -> None:
    _GATES[name] = gate


SECRET_NOT_PUBLISHED = "涉及国家秘密的记录不得公开发布"


def publication_refusals(request: PublicationRequest) -> list[str]:
    """Every gate's reason for refusing; an empty list means the record may be published. A state secret is
    refused here, before any gate, whatever module publishes it: a record can become one after it was marked for
    release and reviewed (a 定密 decision raises its level), and no gate's fingerprint of its text would see it."""
    if getattr(request.record, "is_state_secret", False):
        return [SECRET_NOT_PUBLISHED]
    return [reason for gate in _GATES.values() if (reason := gate(request))]


# --- what is published, and the kinds of record that are --------------------------------------------------


@dataclass(frozen=True)
class PublishableContent:
    """Exactly what publishing a record would put before the public, and its fingerprint."""

    title: str
    body: str
    attachments: tuple[
        str, ...
    ]  # one line per attachment as the reviewer reads it: its name (and file digest)

    @property
    def fingerprint(self) -> str:
        return content_fingerprint(self.title, self.body, self.attachments)


def content_fingerprint(title: str, body: str, attachments: Iterable[str]) -> str:
    """SHA-256 of the content exactly as it stands: any change of a character (spacing too) changes it."""
    payload = json.dumps([title, body, list(attachments)], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class PublishableKind:
    """A kind of record that may be published, as the module that publishes it describes it."""

    model: type[models.Model]
    noun: str  # what the pages call one: 公文
    content: Callable[[Any], PublishableContent]  # what publishing the record would publish, as it stands now
    awaiting: Callable[[], QuerySet[Any]]  # marked for public release and not yet published
    url: Callable[[Any], str]  # the record's own page
    is_published: Callable[[Any], bool]


_KINDS: dict[type[models.Model], PublishableKind] = {}


def register_publishable(
    model: type[models.Model],
    *,
    noun: str,
    content: Callable[[Any], PublishableContent],
    awaiting: Callable[[], QuerySet[Any]],
    url: Callable[[Any], str],
    is_published: Callable[[Any], bool],
) -> None:
    """Say that records of `model` may be published; registering the same model again replaces it."""
    _KINDS[model] = PublishableKind(model, noun, content, awaiting, url, is_published)


def publishable_kinds() -> list[PublishableKind]:
    return list(_KINDS.values())


def publishable_kind(model: type[models.Model]) -> PublishableKind | None:
    return _KINDS.get(model)


# --- once published ---------------------------------------------------------------------------------------

PublicationListener = Callable[[PublicationRequest], None]
_LISTENERS: dict[str, PublicationListener] = {}


def register_publication_listener(name: str, listener: PublicationListener) -> None:
    """Be told of every record published (inside the publishing transaction)."""
    _LISTENERS[name] = listener


def publication_done(request: PublicationRequest) -> None:
    for listener in _LISTENERS.values():
        listener(request)
