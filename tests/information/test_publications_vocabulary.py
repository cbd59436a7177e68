"""The publications part speaks Chinese: its pages for an editor, the director reviewing and a reader show no
English code (the vocabulary test's own reader of a page's visible text), and every detail of the audit events
the part writes has a Chinese name."""

from __future__ import annotations

from tests.information.conftest import signed_in
from tests.information.publications_helpers import assembled, distributed
from tests.web.test_vocabulary import codes_on_pages, unnamed_details
from zhongshu.audit.models import AuditEvent
from zhongshu.information import publications


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
    assert codes_on_pages(pages, signed_in) == {}
    assert AuditEvent.objects.filter(action__startswith="information.").exists()
    assert unnamed_details("information.") == []
