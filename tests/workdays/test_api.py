"""/api/workdays: counting for any signed-in account; bad input answers 422 invalid_input."""

import pytest
import time_machine

from zhongshu.testing.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(signed_in):
    return signed_in(make_person().user)


def test_add_counts_across_spring_festival(api):
    response = api.get("/api/workdays/add", {"start": "2026-02-13", "n": 5})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-02-27", "provisional": False, "note": "", "missing_years": []}


def test_add_into_2027_is_provisional(api):
    body = api.get("/api/workdays/add", {"start": "2026-12-25", "n": 5}).json()
    assert body == {
        "date": "2027-01-01",
        "provisional": True,
        "note": "2027年节假日安排尚未录入，期限为暂定",
        "missing_years": [2027],
    }


def test_between(api):
    assert api.get("/api/workdays/between", {"a": "2026-02-13", "b": "2026-02-27"}).json()["workdays"] == 5
    assert api.get("/api/workdays/between", {"a": "2026-11-23", "b": "2026-11-20"}).json()["workdays"] == -1


@time_machine.travel("2026-11-22 10:00 +0800", tick=False)
def test_years_lists_the_seeded_years_and_the_missing_upcoming_one(api):
    body = api.get("/api/workdays/years").json()
    assert [y["year"] for y in body["years"]] == list(range(2004, 2027))
    assert body["years"][-1] == {"year": 2026, "source": "package", "holidays": 33, "workdays": 6}
    assert body["upcoming_missing"] == [2027]


@pytest.mark.parametrize(
    "url",
    [
        "/api/workdays/add?start=2026-13-01&n=5",
        "/api/workdays/add?start=yesterday&n=5",
        "/api/workdays/add?start=2026-01-01&n=many",
        "/api/workdays/add?start=2026-01-01&n=100000",
        "/api/workdays/add?start=9999-01-01&n=1",
        "/api/workdays/add?n=1",
        "/api/workdays/between?a=2026-01-01&b=2026-02-30",
    ],
)
def test_bad_input_is_422_invalid_input(api, url):
    response = api.get(url)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_anonymous_callers_are_refused(client):
    response = client.get("/api/workdays/add", {"start": "2026-02-13", "n": 5})
    assert response.status_code == 401
