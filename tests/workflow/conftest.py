import pytest

from zhongshu.testing import factories


@pytest.fixture
def office(db):
    return factories.make_unit("县委办公室", agency_code="县委办发")


@pytest.fixture
def people(office):
    names = ["拟稿人", "核稿甲", "核稿乙", "会签丙", "签发领导"]
    return {name: factories.make_person(name, unit=office) for name in names}


@pytest.fixture
def subject(office):
    # Any record can carry a workflow; a unit is the simplest protected record in the skeleton.
    return office
