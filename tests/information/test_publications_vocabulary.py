"""The publications part speaks Chinese: its pages for an editor, the director reviewing and a reader show no
English code (the vocabulary test's own reader of a page's visible text), and every detail of the audit events
the part writes has a Chinese name."""

from __future__ import annotations

import re

from tests.information.conftest import signed_in
from tests.information.publications_helpers import assembled, distributed
from tests.web.test_vocabulary import VisibleText, offending_tokens, stored_codes
from zhongshu.audit.models import AuditEvent
from zhongshu.audit.vocabulary import action_labels, detail_items
from zhongshu.information import publications


def _text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_pages_and_the_audit_events_of_the_part_show_no_code(county):
    out = distributed(county)
    editing = assembled(county, "jianbao", titles=("秸秆禁烧",))
    in_review = assembled(county, "zhuanbao", titles=("安全生产",))
    publications.issue_send(issue=in_review, by=county.editors[0].user, reviewer=county.editors[1])
    publications.mark_read(out, county.leaders[0].user)
    pages = {
        "bianji1": [
            "/information/issues/",
            f"/information/issues/{out.pk}/",
            f"/information/issues/{editing.pk}/",
            f"/information/issues/{in_review.pk}/",
            "/information/publications/",
            f"/information/publications/{out.publication_id}/",
        ],
        "bianji2": [f"/information/issues/{in_review.pk}/"],
        "leader1": ["/information/issues/", f"/information/issues/{out.pk}/"],
        "town0": ["/information/issues/", f"/information/issues/{out.pk}/"],
    }
    codes = stored_codes()
    wrong = {}
    for username, urls in pages.items():
        client = signed_in(username)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            found = offending_tokens(_text(response.content.decode()), codes, set(pages))
            if found:
                wrong[(username, url)] = sorted(found)
    assert wrong == {}
    cjk = re.compile(r"[\u4e00-\u9fff]")
    events = AuditEvent.objects.filter(action__startswith="information.")
    assert events.exists()
    labels = action_labels()
    for event in events:
        assert event.action in labels, event.action
        for name, _value in detail_items(event.object_type, event.details or {}):
            assert cjk.search(name), (event.action, name)
