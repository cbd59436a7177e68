from pathlib import Path

import pytest

from zhongshu.access.levels import Clearance
from zhongshu.accounts.roles import Role
from zhongshu.testing import factories

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clerk(db, unit):
    return factories.make_person("文书甲", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY)


@pytest.fixture
def clerk_user(clerk):
    return clerk.user


@pytest.fixture
def signed_in(client, clerk_user):
    client.force_login(clerk_user)
    return client
