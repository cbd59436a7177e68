from __future__ import annotations

from types import SimpleNamespace

import pytest

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.org.models import UnitKind
from zhongshu.testing.factories import make_person, make_unit


@pytest.fixture
def county(db):
    """A county office issuing as 县委办发, two bureaux under it, and the people of a document's life."""
    committee = make_unit(
        "示例县委", kind=UnitKind.COMMITTEE if hasattr(UnitKind, "COMMITTEE") else UnitKind.BUREAU
    )
    office = make_unit("县委办公室", agency_code="县委办发", parent=committee)
    education = make_unit("县教育局", parent=office)
    health = make_unit("县卫健局", parent=office)
    people = SimpleNamespace(
        committee=committee,
        office=office,
        education=education,
        health=health,
        clerk=make_person("王文书", unit=office, roles=[Role.CLERK], clearance=Clearance.IMPORTANT),
        reviewer1=make_person("李核稿", unit=office, clearance=Clearance.IMPORTANT),
        reviewer2=make_person("赵核稿", unit=office, clearance=Clearance.IMPORTANT),
        leader=make_person(
            "陈书记",
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=1,
            clearance=Clearance.CORE,
        ),
        deputy=make_person(
            "周副书记",
            unit=office,
            roles=[Role.LEADER],
            is_leader=True,
            leader_rank=2,
            clearance=Clearance.CORE,
        ),
        edu_clerk=make_person("孙文书", unit=education, roles=[Role.CLERK], clearance=Clearance.ORDINARY),
        health_clerk=make_person("钱文书", unit=health, roles=[Role.CLERK]),
        outsider=make_person("吴某", unit=health),
    )
    return people


NOTICE_BODY = "一、工作目标\n全面完成年度任务。\n（一）主要指标\n1.指标一\n（1）细化要求\n二、工作要求\n各单位要抓好落实。"
