"""The access matrix over the publications part's routes: an issue's page and its API read (every clearance ×
scope × classification, through the one policy), then the routes the matrix cannot read for a marker — the 刊物
tab (an editor's every issue, a reader's delivered ones), the DOCX, 刊物设置 and the actions — asked one by one;
every API route of the part refuses an administrator in JSON."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from tests.information.conftest import signed_in
from tests.information.publications_helpers import assembled, distributed
from zhongshu.base.roles import AdminRole
from zhongshu.information.models import Publication, PublicationIssue, PublicationKind
from zhongshu.testing.access import (
    RecordSpec,
    Route,
    ask_every_api_route,
    check_records,
    not_refused_in_json,
    sign_in,
)
from zhongshu.testing.factories import make_admin


def make_issue(spec: RecordSpec) -> PublicationIssue:
    publication, _ = Publication.objects.get_or_create(
        code="matrix",
        defaults={"name": "矩阵快报", "kind": PublicationKind.EXPRESS, "editing_unit": "信息科"},
    )
    issue = PublicationIssue.objects.create(
        publication=publication,
        year=2026,
        title=spec.title,
        created_by=spec.owner_person.user,
        **spec.fields(),
    )
    return spec.apply_need_to_know(issue)


def test_the_issue_routes_leak_nothing(db: Any) -> None:
    report = check_records(
        model=PublicationIssue,
        make=make_issue,
        routes=[
            Route("issue page", "/information/issues/{pk}/"),
            Route("api issue", "/api/information/issues/{pk}"),
        ],
    )
    assert report.requests > 0


def test_the_tab_shows_an_editor_every_issue_and_a_reader_only_his_delivered_ones(county) -> None:
    out = distributed(county, assembled(county, titles=("春耕备耕",)))
    editing = assembled(county, "jianbao", titles=("防汛检查",))
    editor = signed_in("bianji1").get("/information/issues/").content.decode()
    assert f'data-issue="{out.pk}"' in editor and f'data-issue="{editing.pk}"' in editor
    for reader in ("leader1", "town0", "nyj_jz"):
        page = signed_in(reader).get("/information/issues/").content.decode()
        assert f'data-issue="{out.pk}"' in page, reader
        assert f'data-issue="{editing.pk}"' not in page, reader
    api = signed_in("town0").get("/api/information/issues").json()["issues"]
    assert [row["id"] for row in api] == [out.pk]
    # the reader in a town cannot open the editing issue (not his unit's, not in its need-to-know)
    assert signed_in("town0").get(f"/information/issues/{editing.pk}/").status_code == 404
    assert signed_in("town0").get(f"/api/information/issues/{editing.pk}").status_code == 404
    assert signed_in("town0").get(f"/information/issues/{out.pk}/docx/").status_code == 200
    assert signed_in("town0").get(f"/information/issues/{editing.pk}/docx/").status_code == 404
    assert signed_in("town0").get(f"/api/information/issues/{out.pk}/docx").status_code == 200
    assert Client().get("/information/issues/").status_code == 302


def test_only_editors_keep_the_settings_and_act_on_issues(county) -> None:
    issue = assembled(county)
    publication = county.publications["kuaibao"]
    editor, reader, director = signed_in("bianji1"), signed_in("leader1"), signed_in("zhuren")
    assert editor.get("/information/publications/").status_code == 200
    assert editor.get(f"/information/publications/{publication.pk}/").status_code == 200
    assert editor.get("/information/publications/99999/").status_code == 404
    assert reader.get("/information/publications/").status_code == 403
    assert signed_in("town0").get(f"/information/publications/{publication.pk}/").status_code == 403
    assert director.get("/information/publications/").status_code == 200  # the director is an editor
    # the actions: the office's leader may open the issue (his unit's) but not act on it
    for url in (
        f"/information/issues/{issue.pk}/do/send/",
        f"/information/issues/{issue.pk}/do/distribute/",
    ):
        assert reader.post(url, {}).status_code == 403, url
    assert signed_in("town0").post(f"/information/issues/{issue.pk}/do/send/", {}).status_code == 404
    assert reader.post("/information/issues/", {"publication": publication.pk}).status_code == 403
    assert editor.post(f"/information/issues/{issue.pk}/do/nonsense/", {}).status_code == 404
    api = reader.post(
        f"/api/information/issues/{issue.pk}/send", data=json.dumps({}), content_type="application/json"
    )
    assert api.status_code == 403 and api.json()["code"] == "not_editor"
    api = reader.post("/api/information/publications", data=json.dumps({}), content_type="application/json")
    assert api.status_code == 403 and api.json()["code"] == "not_editor"
    assert reader.get(f"/api/information/issues/{issue.pk}/receipts").status_code == 403
    issue.refresh_from_db()
    assert issue.state == "editing"


def test_settings_save_through_the_page_with_readers_from_the_picker(county) -> None:
    editor = signed_in("bianji1")
    form = {
        "name": "每日要情",
        "kind": "daily",
        "level": "county",
        "classification": "1",
        "editing_unit": "中共某某县委办公室",
        "report_to": "市委办公室",
        "send_to": "县委常委",
        "issue_to": "",
        "reader_units": [county.towns[0].pk],
        "reader_people": [county.leaders[0].pk, county.leaders[1].pk],
        "sort_order": "4",
        "active": "1",
    }
    response = editor.post("/information/publications/", form)
    assert response.status_code == 302
    saved = Publication.objects.get(name="每日要情")
    assert set(saved.reader_people.values_list("pk", flat=True)) == {
        county.leaders[0].pk,
        county.leaders[1].pk,
    }
    assert list(saved.reader_units.values_list("pk", flat=True)) == [county.towns[0].pk]
    again = editor.post("/information/publications/", form)
    assert again.status_code == 409 and "已有名为“每日要情”的刊物" in again.content.decode()
    bad = editor.post("/information/publications/", {**form, "name": "新刊", "kind": "weekly"})
    assert bad.status_code == 400 and "未知的刊物类别" in bad.content.decode()
    assert Publication.objects.filter(name="新刊").count() == 0


def test_every_publications_api_route_refuses_an_administrator_in_json(county) -> None:
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_publications"))
    answers = ask_every_api_route(admin, "/api/information/publications", "/api/information/issues")
    assert len(answers) == 17
    assert not_refused_in_json(answers, code="not_allowed") == []
