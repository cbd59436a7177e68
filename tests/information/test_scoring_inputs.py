"""Odd input to every scoring route answers a clear refusal, never a server error: extremes of the ranking's
period, rule rows of the wrong shape, points that are not numbers, overlong names, dates out of range."""

from __future__ import annotations

import json
from datetime import date

from tests.information import scoring_helpers as h
from tests.information.conftest import signed_in
from zhongshu.information.models import ScoreRuleTable, UpwardAdoption


def test_odd_input_is_refused_without_a_server_error(county):
    h.table(county, "2026年计分办法", date(2026, 1, 1), mode="cumulative", adoption={"city": 20})
    it = h.item(county, county.town_writers[0], "城关镇动态", submitted=date(2026, 3, 1))
    client = signed_in("bianji1")
    gets = [
        "/api/information/scoring/ranking?period=week",
        "/api/information/scoring/ranking?period=month&year=99999999999&number=1",
        "/api/information/scoring/ranking?period=month&year=2026&number=13",
        "/api/information/scoring/ranking?period=quarter&year=2026&number=0",
        "/api/information/scoring/units/999999/breakdown?period=year&year=1",
        "/information/scoring/?period=week&year=x&number=%00",
        "/information/scoring/units/99999999/",
        "/information/scoring/bulletin.docx?period=year&year=2100",
    ]
    for url in gets:
        assert client.get(url).status_code < 500, url
    bodies = [
        {"rules": "x"},
        {"rules": [{"kind": 5, "level": [1], "points": {"a": 1}}]},
        {"name": "x", "valid_from": "2026-13-40", "mode": "cumulative"},
        {"name": "x" * 500, "valid_from": "2030-01-01"},
        {
            "name": "x",
            "valid_from": "2030-01-01",
            "rules": [{"kind": "adoption", "level": "city", "points": "NaN"}],
        },
        {
            "name": "x",
            "valid_from": "2030-01-01",
            "rules": [{"kind": "adoption", "level": "city", "points": "1e99"}],
        },
        {
            "name": "x",
            "valid_from": "2030-01-01",
            "rules": [{"kind": "adoption", "level": "city", "points": "1.25"}],
        },
        {"name": "x", "valid_from": "2030-01-01", "quotas": [{"period": "month", "items": -1}]},
        {"name": "x", "valid_from": "2030-01-01", "mode": "both"},
        {"name": "x", "valid_from": "2030-01-01", "rules": [{}] * 41},
    ]
    for body in bodies:
        response = client.post(
            "/api/information/scoring/rule-tables", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 400, (body, response.status_code, response.content[:200])
        assert "code" in response.json()
    assert ScoreRuleTable.objects.count() == 1
    adoption_bodies = [
        {"level": "galaxy", "publication_name": "x", "issue_label": "1", "adopted_on": "2026-03-05"},
        {"level": "city", "publication_name": "x" * 100, "issue_label": "1", "adopted_on": "2026-03-05"},
        {"level": "city", "publication_name": "x", "issue_label": "", "adopted_on": "2026-03-05"},
        {"level": "city", "publication_name": "x", "issue_label": "1", "adopted_on": "yesterday"},
        {"level": ["city"], "publication_name": "x", "issue_label": "1", "adopted_on": "2026-03-05"},
    ]
    for body in adoption_bodies:
        response = client.post(
            f"/api/information/scoring/items/{it.pk}/adoptions",
            json.dumps(body),
            content_type="application/json",
        )
        assert response.status_code == 400, (body, response.status_code)
    assert not UpwardAdoption.objects.exists()
