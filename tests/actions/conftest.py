"""Fixtures the generated action tests share with the modules' own tests."""

from tests.documents.conftest import county  # noqa: F401 - the county of a document's life, as a fixture
