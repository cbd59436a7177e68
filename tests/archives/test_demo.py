"""The archives' demo builder on the demo county: the dispatched notice filed, arranged and shelved, the old
catalogue imported with a 2014 item due for appraisal; a second run changes nothing."""

from __future__ import annotations

import pytest

from zhongshu.archives.models import ArchiveItem, Fonds, ItemState
from zhongshu.archives.selectors import items_due_for_appraisal
from zhongshu.demo.archives import build_demo_archives
from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.documents import DISPATCHED_TITLE
from zhongshu.org.models import Person


@pytest.mark.django_db
def test_demo_archives_are_built_once():
    result = build_demo()
    assert result.created["archive_fonds"] == 1 and result.created["archive_items"] == 4
    filed = ArchiveItem.objects.get(title=DISPATCHED_TITLE)
    assert filed.state == ItemState.SHELVED and filed.reference_code.startswith("Z109-WS·")
    assert Fonds.objects.get().code == "Z109"
    archivist = Person.objects.get(user__username="xwb_das_1").user
    assert [item.reference_code for item in items_due_for_appraisal(archivist)] == [
        "Z109-WS·2014-D10-MSK-0001"
    ]
    again = DemoResult()
    build_demo_archives(again)
    assert again.created == {}
    assert ArchiveItem.objects.count() == 4
