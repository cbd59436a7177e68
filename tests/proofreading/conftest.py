import pytest
from django.test import Client

from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_person

# Three findings with one-click suggestions: 布署→部署 (typo), a half-width comma, 贯切→贯彻 (typo).
TEXT_WITH_ERRORS = "各乡镇要精心布署，确保各项任务按时完成,认真贯切落实省委全会精神。"


@pytest.fixture
def clerk_client(db):
    return sign_in(Client(), make_person("王文书").user)
