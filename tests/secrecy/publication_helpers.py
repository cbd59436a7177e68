"""Documents for the 公开审查 tests: an outgoing document of 县财政局 issued (已登记, numbered) and marked 主动公开,
made directly — the documents module's own tests walk drafting, review, sign-off and registration; these tests
start where the secrecy review does."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.secrecy.conftest import County
from zhongshu.base.levels import Classification
from zhongshu.documents.models import Direction, OfficialDocument, Publicity
from zhongshu.documents.states import DocState

_serial = iter(range(1, 10_000))


def issued_document(county: County, **fields: Any) -> OfficialDocument:
    """A 主动公开 notice of 县财政局, drafted by its 文书 and registered (发文字号 given)."""
    serial = next(_serial)
    drafter = county.clerks[0]
    values: dict[str, Any] = {
        "direction": Direction.OUTGOING,
        "state": DocState.REGISTERED,
        "doc_type": "notice",
        "title": f"关于做好{serial}号冬季安全生产工作的通知",
        "body": "各乡镇、县直各单位：\n现就做好冬季安全生产工作通知如下。",
        "publicity": Publicity.PROACTIVE,
        "classification": Classification.INTERNAL,
        "owner_unit": drafter.unit,
        "owner_person": drafter,
        "drafter": drafter,
        "agency_code": "财发",
        "doc_year": timezone.localdate().year,
        "doc_serial": serial,
        "doc_number": f"财发〔{timezone.localdate().year}〕{serial}号",
        "registered_at": timezone.now(),
    }
    values.update(fields)
    return OfficialDocument.objects.create(**values)


def name_unit_reviewer(county: County) -> None:
    """县财政局's department head (财政科长) becomes its part-time secrecy administrator (兼职保密管理员), who gives
    the drafting unit's review; the unit's leaders may too."""
    from zhongshu.secrecy.duties import administrator_appoint

    administrator_appoint(
        by=county.secrecy_head.user,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
