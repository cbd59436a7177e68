"""Carriers for the carriers part's tests, made through the services on the test county (tests/secrecy/conftest.py):
the county office's 机要室 cabinet kept by the 机要员, and carriers registered into it by the 保密办 head."""

from __future__ import annotations

from typing import Any

from zhongshu.base.levels import Classification
from zhongshu.documents.models import OfficialDocument
from zhongshu.org.models import Person
from zhongshu.secrecy import carriers
from zhongshu.secrecy.models_carriers import Cabinet, Carrier

_serial = iter(range(1, 10_000))


def cabinet(county: Any, name: str = "机要室1号专柜") -> Cabinet:
    found = Cabinet.objects.filter(unit=county.office, name=name).first()
    if found is not None:
        return found
    return carriers.cabinet_create(
        by=county.secrecy_head.user,
        unit=county.office,
        name=name,
        keeper=county.confidential_clerk,
        location="办公楼三楼机要室",
    )


def carrier(
    county: Any,
    *,
    title: str | None = None,
    classification: int = Classification.SECRET,
    custodian: Person | None = None,
    people: tuple[Person, ...] = (),
    source_record: Any = None,
) -> Carrier:
    return carriers.register_carrier(
        by=county.secrecy_head.user,
        title=title or f"关于保密工作的机密文件第{next(_serial)}号",
        classification=classification,
        secrecy_term_years=None,
        kind="paper",
        source="市委办公室",
        cabinet=cabinet(county),
        custodian=custodian or county.confidential_clerk,
        copy_number="000001",
        need_to_know_people=people,
        source_record=source_record,
    )


def secret_document(county: Any, *, title: str = "关于机密事项的通知", copies: int = 3) -> OfficialDocument:
    """A 机密 document of the county office, owned by its 机要员 (made directly: the documents module's own
    workflow is its tests' business; printing needs only the document)."""
    return OfficialDocument.objects.create(
        title=title,
        classification=Classification.SECRET,
        secrecy_term_years=10,
        owner_unit=county.office,
        owner_person=county.confidential_clerk,
        drafter=county.confidential_clerk,
        copies=copies,
    )


def fresh(record: Carrier) -> Carrier:
    return Carrier.objects.get(pk=record.pk)
