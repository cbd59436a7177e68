"""Fixtures the generated action tests share with the modules' own tests."""

import pytest

from tests.documents.conftest import county  # noqa: F401 - the county of a document's life, as a fixture
from tests.supervision.conftest import County, make_county


@pytest.fixture
def supervision_county(db) -> County:
    """The county of tests/supervision: the office's 督查员 and 主任, a bureau, a co-unit, an outsider."""
    return make_county()
