"""Cross-app story: a dispatched notice arrives as an incoming document, a leader instructs, and the
instruction becomes a linked SupervisionItem through the documents module's hook."""

from __future__ import annotations

import pytest

from tests.documents.conftest import county  # noqa: F401 - the shared fixture
from tests.documents.test_outgoing_flow import signed
from zhongshu.base.roles import Role
from zhongshu.core.errors import Forbidden
from zhongshu.documents.incoming import (
    incoming_instruct,
    incoming_propose,
    incoming_register,
    incoming_screen,
    instruction_to_supervision,
)
from zhongshu.documents.models import OfficialDocument
from zhongshu.documents.services import document_dispatch, document_recheck, document_register
from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db


def test_an_instruction_on_a_dispatched_notice_becomes_a_supervision_item(county):  # noqa: F811
    outgoing = document_register(
        document=document_recheck(document=signed(county), by=county.clerk.user),
        by=county.clerk.user,
        copies=2,
    )
    document_dispatch(document=outgoing, by=county.clerk.user)
    incoming = OfficialDocument.objects.get(origin=outgoing, owner_unit=county.education)
    edu_leader = make_person(
        "教育局长", unit=county.education, roles=[Role.LEADER], is_leader=True, leader_rank=5
    )
    incoming = incoming_register(document=incoming, by=county.edu_clerk.user)
    incoming = incoming_screen(document=incoming, by=county.edu_clerk.user, passed=True)
    incoming = incoming_propose(
        document=incoming, by=county.edu_clerk.user, proposal="拟请局长阅示", leader=edu_leader
    )
    incoming = incoming_instruct(
        document=incoming, by=edu_leader.user, instruction="请督查室跟踪落实，月底前报结果。"
    )

    with pytest.raises(Forbidden):
        instruction_to_supervision(document=incoming, by=county.edu_clerk.user)  # not a supervisor

    supervisor = make_person("督查员", unit=county.education, roles=[Role.SUPERVISOR])
    item = instruction_to_supervision(document=incoming, by=supervisor.user)
    assert item.title == incoming.title
    assert item.source == "instruction"
    assert item.origin == incoming
