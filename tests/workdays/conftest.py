"""A small model with `WorkdayDeadlineFields` to recount, living in its own app registry.

Its table is created once per test database, outside the test transactions (SQLite cannot change its schema
inside one); the model is registered for recounting only in the tests that ask for `probe`.
"""

import pytest
from django.apps.registry import Apps
from django.contrib.auth import get_user_model
from django.db import connection, models

from zhongshu.workdays.models import WorkdayDeadlineFields
from zhongshu.workdays.recount import register_workday_deadlines, unregister_workday_deadlines

probe_apps = Apps()


class DeadlineProbe(WorkdayDeadlineFields):
    title = models.CharField(max_length=50)
    owner_id = models.IntegerField(null=True)

    class Meta:
        app_label = "workdays_probe"
        apps = probe_apps


@pytest.fixture(scope="session")
def probe_table(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.schema_editor() as editor:
            editor.create_model(DeadlineProbe)
        yield DeadlineProbe
        with connection.schema_editor() as editor:
            editor.delete_model(DeadlineProbe)


@pytest.fixture
def probe(db, probe_table):
    user_model = get_user_model()
    register_workday_deadlines(
        DeadlineProbe,
        recipients=lambda row: user_model.objects.filter(pk=row.owner_id),
        describe=lambda row: f"“{row.title}”",
        link=lambda row: f"/probe/{row.pk}/",
    )
    yield DeadlineProbe
    unregister_workday_deadlines(DeadlineProbe)


@pytest.fixture
def signed_in(db):
    """A client signed in through the real pages (with a second factor when the account needs one)."""
    from django.test import Client
    from django.urls import reverse

    from zhongshu.accounts.signin import account_needs_second_factor
    from zhongshu.accounts.totp import current_totp_code, totp_confirmed_device, totp_device_create
    from zhongshu.testing.factories import TEST_PASSWORD

    def make(user):
        if account_needs_second_factor(user) and totp_confirmed_device(user) is None:
            totp_device_create(user=user)
        client = Client()
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": TEST_PASSWORD}
        )
        if response.status_code == 302 and response["Location"] == reverse("accounts:otp"):
            response = client.post(reverse("accounts:otp"), {"code": current_totp_code(user)})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return make


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Tests write calendar rows that are rolled back; no later test may count with them."""
    from zhongshu.workdays import snapshot

    snapshot.forget()
    yield
    snapshot.forget()
