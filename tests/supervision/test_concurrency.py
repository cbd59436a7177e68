"""Two officers closing the same item at the same moment, on PostgreSQL's row locks: one wins, one Conflict."""

import threading

import pytest
from django.db import connection

from tests.supervision.test_services import confirmed
from zhongshu.core.errors import Conflict
from zhongshu.supervision import services
from zhongshu.supervision.models import ItemEvent, SupervisionItem


@pytest.mark.django_db(transaction=True)
def test_simultaneous_close_outs_one_wins_the_other_gets_conflict(on_postgres, county):
    item = confirmed(county, county.assigned())
    copies = [SupervisionItem.objects.get(pk=item.pk) for _ in range(2)]
    officers = [county.supervisor.user, county.second_supervisor.user]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def close(copy, officer):
        try:
            barrier.wait()
            services.supervision_item_close_out(item=copy, by=officer)
            outcomes.append("closed")
        except Conflict as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=close, args=pair) for pair in zip(copies, officers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["closed", "事项已被他人处理，请刷新后重试"]
    assert ItemEvent.objects.filter(item=item, action="close_out").count() == 1
