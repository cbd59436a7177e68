"""The three administrators may not use meetings: every route of the meetings API refuses them with the API's
JSON `{"code", "message"}`, never the pages' HTML 403 (which an API client cannot read, and which the fuzz
test takes for a CSRF refusal)."""

from __future__ import annotations

import json
import re

from django.test import Client

from zhongshu.base.roles import AdminRole
from zhongshu.testing.access import sign_in
from zhongshu.testing.factories import make_admin


def test_every_meetings_api_route_refuses_an_administrator_in_json(db):
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_meetings"))
    schema = admin.get("/api/openapi.json").json()
    routes = [
        (path, method)
        for path, ops in schema["paths"].items()
        if path.startswith("/api/meetings")
        for method in ops
    ]
    assert len(routes) > 30
    wrong = []
    for path, method in routes:
        url = re.sub(r"\{[^}]+\}", "1", path)
        if method == "get":
            response = admin.get(url)
        else:
            response = getattr(admin, method)(url, data=json.dumps({}), content_type="application/json")
        if "/feed" in path:  # the calendar feed is no signed-in route: an unknown token is a bare 404
            continue
        if response.status_code not in (403, 404) or not response["Content-Type"].startswith(
            "application/json"
        ):
            wrong.append(f"{method.upper()} {path}: {response.status_code} {response['Content-Type']}")
    assert wrong == []
