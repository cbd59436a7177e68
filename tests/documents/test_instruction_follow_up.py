"""A leader's instruction reaches 督查督办 through `core.instructions`: documents never import supervision."""

from __future__ import annotations

import pytest

from tests.documents.test_incoming_flow import paper
from zhongshu.core import instructions
from zhongshu.core.errors import ServiceError
from zhongshu.documents.incoming import (
    incoming_instruct,
    incoming_propose,
    incoming_screen,
    instruction_to_supervision,
)
from zhongshu.supervision.models import SupervisionItem

pytestmark = pytest.mark.django_db


def instructed(county):
    document = incoming_screen(document=paper(county), by=county.clerk.user, passed=True)
    document = incoming_propose(
        document=document, by=county.clerk.user, proposal="拟请阅示", leader=county.leader
    )
    return incoming_instruct(document=document, by=county.leader.user, instruction="请督查室跟踪落实。")


def test_supervision_registers_its_follow_up_when_ready():
    follow_up = instructions.instruction_follow_up("supervision")
    assert follow_up is not None
    assert (follow_up.kind, follow_up.label) == ("supervision", "转为督办事项")


def test_without_the_follow_up_an_instruction_changes_nothing(county, monkeypatch):
    document = instructed(county)
    monkeypatch.setattr(instructions, "_FOLLOW_UPS", {})
    with pytest.raises(ServiceError) as caught:
        instruction_to_supervision(document=document, by=county.clerk.user)
    assert (caught.value.code, caught.value.message) == (
        "supervision_unavailable",
        "督查督办模块尚未启用，暂不能转为督办事项",
    )
    assert not SupervisionItem.objects.exists()
