import itertools

import pytest
from django.utils import timezone

from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.states import DocState
from zhongshu.testing import factories

_serial = itertools.count(1)


@pytest.fixture
def office(db):
    return factories.make_unit("县委办公室", agency_code="县委办发")


@pytest.fixture
def clerk(office):
    return factories.make_person("文书甲", unit=office, clearance=Clearance.ORDINARY, roles=[Role.CLERK])


@pytest.fixture
def make_document(office, clerk):
    """A registered (so indexed) outgoing document; keyword arguments override any field."""

    def make(title="关于做好防汛工作的通知", body="", **fields):
        fields.setdefault("classification", Classification.INTERNAL)
        fields.setdefault("owner_unit", office)
        fields.setdefault("owner_person", clerk)
        fields.setdefault("state", DocState.REGISTERED)
        fields.setdefault("registered_at", timezone.now())
        fields.setdefault("doc_number", f"县委办发〔2026〕{next(_serial)}号")
        return OfficialDocument.objects.create(title=title, body=body, **fields)

    return make
