from tests.documents.conftest import county  # noqa: F401 - documents' county: the office, its clerk and leader
