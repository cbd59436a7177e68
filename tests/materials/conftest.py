from pathlib import Path

import pytest

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.testing import factories

# Five documents written for these tests (samples/README.md says what each one carries). The five real
# documents they stand in for stay outside the repository: test_real_corpus.py reads them from a folder
# given explicitly (--corpus-dir or ZHONGSHU_CORPUS_DIR).
SAMPLES = Path(__file__).resolve().parent / "samples"


def sample_files() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


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
