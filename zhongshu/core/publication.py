"""Publishing a record to the public (主动公开) waits for the gates other modules keep: the secrecy office's
pre-publication review (公开审查) registers its gate here; the module that publishes (documents) asks every gate
before it publishes, with a fingerprint of exactly what it is about to publish, so a change after the review
sends the record back. Neither module imports the other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class PublicationRequest:
    record: models.Model  # what is to be published (an OfficialDocument)
    fingerprint: str  # a digest of the content to be published: title, body and attachments as they stand


# A gate answers "" when the record may be published as it stands, or the reason (Chinese) it may not.
PublicationGate = Callable[[PublicationRequest], str]
_GATES: dict[str, PublicationGate] = {}


def register_publication_gate(name: str, gate: PublicationGate) -> None:
    _GATES[name] = gate


def publication_refusals(request: PublicationRequest) -> list[str]:
    """Every gate's reason for refusing; an empty list means the record may be published."""
    return [reason for gate in _GATES.values() if (reason := gate(request))]
