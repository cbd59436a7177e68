"""A distributed issue is found by search (by its readers and editors, not by others; an issue still being
edited by nobody) and files to the archives as one item whose file is the issue's DOCX; bad input on every API
route of the part answers a clear refusal, never a server error."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document

from tests.information.conftest import signed_in
from tests.information.publications_helpers import adopted_item, assembled, distributed, signed
from zhongshu.archives.filing import file_record
from zhongshu.attachments.services import open_file
from zhongshu.core.errors import ServiceError
from zhongshu.information.models import IssueEntry
from zhongshu.search.selectors import search
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db


def _urls(user, words):
    return {hit.entry.url for hit in search(user, words).hits}


def test_a_distributed_issue_is_found_by_its_readers_only(county):
    editing = assembled(county, "jianbao", titles=("水库除险加固",))
    issue = distributed(county, assembled(county, titles=("高标准农田建设",)))
    url = f"/information/issues/{issue.pk}/"
    assert url in _urls(county.leaders[0].user, "高标准农田建设")
    assert url in _urls(county.town_writers[1].user, "高标准农田建设")
    assert url in _urls(county.editors[0].user, "高标准农田建设")
    stranger = make_person("无关人员", unit=make_unit("县林业局", code="LYJ"))
    assert url not in _urls(stranger.user, "高标准农田建设")
    assert f"/information/issues/{editing.pk}/" not in _urls(county.editors[0].user, "水库除险加固")


def test_a_distributed_issue_files_to_the_archives_with_its_docx(county):
    issue = signed(county, assembled(county, titles=("高标准农田建设", "秸秆禁烧")))
    with pytest.raises(ServiceError):
        file_record(county.archivist.user, issue)
    issue = distributed(county, issue)
    item = file_record(county.archivist.user, issue)
    assert item.title == f"《快报》{issue.year}年第1期"
    files = list(item.files.all())
    assert [f.name for f in files] == [f"快报{issue.year}年第1期.docx"]
    assert "秸秆禁烧" in item.body_text
    texts = [p.text for p in Document(io.BytesIO(open_file(files[0].stored))).paragraphs]
    assert "快报" in texts and "秸秆禁烧" in texts


JUNK = [
    {},
    {"publication": "abc", "item": [1, 2], "classification": "秘密", "version": "x"},
    {"publication": 10**30, "item": {"a": 1}, "classification": 9, "headline": 5, "body": ["x"]},
    {
        "name": "刊" * 50,
        "kind": "weekly",
        "level": "moon",
        "reader_units": "abc",
        "reader_people": [None, "x"],
    },
    {"reviewer": -1, "signer": 99999999, "sort_order": 10**12, "active": "maybe"},
]


def test_bad_input_on_every_route_is_refused_never_a_server_error(county):
    issue = assembled(county, titles=("春耕备耕",))
    entry = IssueEntry.objects.filter(issue=issue).first()
    adopted_item(county, "另一条")
    publication = county.publications["kuaibao"]
    editor = signed_in("bianji1")
    routes = [
        "/api/information/publications",
        f"/api/information/publications/{publication.pk}",
        "/api/information/issues",
        f"/api/information/issues/{issue.pk}/entries",
        f"/api/information/issues/{issue.pk}/entries/{entry.pk}",
        f"/api/information/issues/{issue.pk}/send",
        f"/api/information/issues/{issue.pk}/distribute",
        f"/api/information/issues/{issue.pk}/withdraw",
    ]
    wrong = []
    for url in routes:
        for body in JUNK:
            response = editor.post(url, data=json.dumps(body), content_type="application/json")
            if response.status_code >= 500 or response.status_code == 200 and body != {}:
                wrong.append(f"{url} {body}: {response.status_code}")
            elif response.status_code != 200 and not response.json().get("code"):
                wrong.append(f"{url} {body}: no error code")
    for body in JUNK:
        form = {k: (json.dumps(v) if isinstance(v, dict | list) else v) for k, v in body.items()}
        for url in (
            "/information/issues/",
            "/information/publications/",
            f"/information/issues/{issue.pk}/entries/",
        ):
            status = editor.post(url, form).status_code
            if status >= 500:
                wrong.append(f"page {url} {form}: {status}")
    assert wrong == []
