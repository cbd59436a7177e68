import pytest
from django.db import connection

from zhongshu.accounts.roles import AdminRole
from zhongshu.testing import factories


@pytest.fixture
def unit(db):
    return factories.make_unit("测试局", agency_code="测试发")


@pytest.fixture
def person(db, unit):
    return factories.make_person("张三", unit=unit)


@pytest.fixture
def system_admin(db):
    return factories.make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin")


@pytest.fixture
def security_admin(db):
    return factories.make_admin(AdminRole.SECURITY_ADMIN, "secadmin")


@pytest.fixture
def auditor(db):
    return factories.make_admin(AdminRole.AUDITOR, "auditor")


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://...)")
