"""What the screening page offers equals what the services accept: every item state × an editor, the director,
the item's own writer and a leader × every action, each tried inside a rolled-back savepoint with valid input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.information.conftest import County
from tests.information.screening_helpers import FLOOD_A, FLOOD_B, UNRELATED, submitted
from zhongshu.accounts.models import User
from zhongshu.core.errors import ServiceError
from zhongshu.information import screening
from zhongshu.information.actions_screening import ITEM_RULES
from zhongshu.information.models import InfoReport, ItemState

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _drivers(other: InfoReport) -> dict[str, Callable[[InfoReport, User], Any]]:
    return {
        "adopt": lambda item, by: screening.screen_adopt(item=item, by=by),
        "merge": lambda item, by: screening.screen_merge(
            target=item, sources=[other], title="合并稿", body=FLOOD_A + FLOOD_B, by=by
        ),
        "edit": lambda item, by: screening.screen_edit(
            item=item, title="编辑稿", body=item.body + "。", by=by
        ),
        "return": lambda item, by: screening.screen_return(item=item, reason="请补充", by=by),
        "mark_false": lambda item, by: screening.screen_mark_false(item=item, reason="数字不实", by=by),
    }


def _accepted(driver: Callable[[InfoReport, User], Any], item: InfoReport, user: User) -> bool:
    try:
        with transaction.atomic():
            driver(InfoReport.objects.get(pk=item.pk), user)
            raise _Undo
    except _Undo:
        return True
    except ServiceError:
        return False


def test_offered_equals_accepted(county: County) -> None:
    office = county.office.pk
    other = submitted(county.town_writers[1], "河口乡做好青龙河防汛", FLOOD_B, office_unit_id=office)
    drivers = _drivers(other)
    assert set(drivers) == set(ITEM_RULES.actions)
    item = submitted(county.bureau_writer, "高标准农田建设", UNRELATED, office_unit_id=office)
    users = [User.objects.get(username=name) for name in ("bianji1", "zhuren", "nyj_xxy", "leader1")]
    states: list[dict[str, Any]] = [
        {"state": ItemState.SUBMITTED},
        {"state": ItemState.RETURNED, "returned_reason": "请补充"},
        {"state": ItemState.ADOPTED, "adopted_at": timezone.now()},
        {"state": ItemState.ADOPTED, "adopted_at": timezone.now(), "false_marked_at": timezone.now()},
        {"state": ItemState.MERGED, "merged_into": other},
    ]
    wrong = []
    checked = 0
    for fields in states:
        InfoReport.objects.filter(pk=item.pk).update(
            **{
                "returned_reason": "",
                "adopted_at": None,
                "false_marked_at": None,
                "merged_into": None,
                **fields,
            }
        )
        item.refresh_from_db()
        for user in users:
            offered = ITEM_RULES.available(user, item)
            for action, driver in drivers.items():
                accepted = _accepted(driver, item, user)
                checked += 1
                if (action in offered) != accepted:
                    wrong.append(
                        f"{fields['state']} {user.username} {action}: offered {action in offered}, accepted {accepted}"
                    )
    assert wrong == []
    assert checked == 5 * 4 * 5
    item.refresh_from_db()
    assert item.state == ItemState.MERGED  # every try was rolled back
