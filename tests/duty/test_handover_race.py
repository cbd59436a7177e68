"""Two people of the morning shift acknowledge the same handover at the same moment (PostgreSQL, real
threads): the handover's row lock lets one through; the matter is confirmed once and the handover completed
once, the other told it is done."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from tests.duty.conftest import make_county
from tests.duty.test_logbook import DAY, at, data, night_shift
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.duty import handover as handovers
from zhongshu.duty import logbook
from zhongshu.duty.models import Handover, Urgency

pytestmark = pytest.mark.django_db(transaction=True)
NEXT = DAY + timedelta(days=1)


def test_two_acknowledgements_at_once_complete_the_handover_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite serialises writers on its own")
    county = make_county()
    night_shift(county, county.duty_officers[0], DAY)
    officer = county.duty_officers[0].user
    entry = logbook.log_entry(
        officer, county.office, data(urgency=Urgency.URGENT, received_at=at(DAY, 23)), now=at(DAY, 23, 5)
    )
    handover = handovers.hand_over(officer, county.office, now=at(NEXT, 8, 20))
    item = handover.items.get(entry=entry)
    takers = [county.duty_officers[1].user, county.director.user]
    barrier = threading.Barrier(len(takers))
    outcomes: list[str] = []

    def take(user):
        try:
            barrier.wait()
            handovers.acknowledge_item(user, item, now=at(NEXT, 8, 30))
            handovers.acknowledge(user, handover, now=at(NEXT, 8, 31))
            outcomes.append("done")
        except ServiceError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(user,)) for user in takers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "handover_done"]
    handover = Handover.objects.get(pk=handover.pk)
    assert handover.acknowledged_by in takers
    assert AuditEvent.objects.filter(action="duty.handover.item").count() == 1
    assert AuditEvent.objects.filter(action="duty.handover.acknowledge").count() == 1
