"""Finding 7 of issue 14: bulk reads of state secrets are audited, one event per request.

A viewer cleared 重要 (who may see 秘密 and 机密) owns a 公开, a 秘密 and a 机密 record of every kind. Every
list, search page, API list and export that shows them must write exactly ONE audit event naming how many
records of each level it showed, and which (type and id), never a title; an export names its highest level.
A colleague of the same unit cleared 非涉密 asks the same routes: they see no state secret, and the lists
write nothing (exports are always audited, at level 0).
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from tests.archives.helpers import make_item
from tests.budgets.helpers import signed_in
from tests.documents import conftest as documents_fixtures
from tests.documents.conftest import NOTICE_BODY
from tests.supervision import conftest as supervision_fixtures
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.documents.models import Direction, OfficialDocument
from zhongshu.documents.services import document_draft_create, document_review, document_submit
from zhongshu.materials.models import Material
from zhongshu.org.models import Person
from zhongshu.supervision.models import SupervisionItem
from zhongshu.testing.factories import make_person, make_unit

pytestmark = pytest.mark.django_db

MARK = "保密审计标记"
LEVELS = (Classification.PUBLIC, Classification.CONFIDENTIAL, Classification.SECRET)
ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ARCHIVIST, Role.OFFICE_DIRECTOR)


@pytest.fixture
def office(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    unit = make_unit("保密审计办公室", agency_code="审办")
    cleared = make_person("涉密人员", unit=unit, clearance=Clearance.IMPORTANT, roles=ROLES)
    uncleared = make_person("非涉密人员", unit=unit, clearance=Clearance.NONE, roles=ROLES)
    year = timezone.localdate().year
    records: dict[str, dict[int, object]] = {}
    owned = {"owner_unit": unit, "owner_person": cleared}
    for n, level in enumerate(LEVELS, start=1):
        title = f"{MARK}{Classification(level).label}"
        records.setdefault("documents.outgoing", {})[level] = OfficialDocument.objects.create(
            title=f"{title}发文",
            direction=Direction.OUTGOING,
            drafter=cleared,
            agency_code="审办",
            doc_year=year,
            doc_serial=n,
            classification=level,
            **owned,
        )
        records.setdefault("documents.incoming", {})[level] = OfficialDocument.objects.create(
            title=f"{title}收文",
            direction=Direction.INCOMING,
            drafter=cleared,
            incoming_year=year,
            incoming_serial=n,
            received_on=timezone.localdate(),
            classification=level,
            **owned,
        )
        records.setdefault("supervision", {})[level] = SupervisionItem.objects.create(
            title=f"{title}督办", source="instruction", created_by=cleared.user, classification=level, **owned
        )
        records.setdefault("archives", {})[level] = make_item(
            by=cleared.user, title=f"{title}档案", classification=level, **owned
        )
        records.setdefault("materials", {})[level] = Material.objects.create(
            title=f"{title}素材",
            material_type="speech",
            text=f"{title}素材正文",
            content_hash=f"{n:064d}",
            created_by=cleared.user,
            date=date(year, 1, 1),
            classification=level,
            **owned,
        )
    return unit, cleared, uncleared, records


def _ids(records: dict[int, object], *levels: int) -> list[str]:
    return [str(records[level].pk) for level in levels]


def routes(records) -> list[tuple[str, str, str, dict[str, list[str]], int]]:
    """(name, url, action, the state secrets it shows to the cleared owner by type, rows it shows)."""
    year = timezone.localdate().year
    secret = (Classification.CONFIDENTIAL, Classification.SECRET)
    out, inc = records["documents.outgoing"], records["documents.incoming"]
    doc = "documents.officialdocument"
    sup, arc, mat = records["supervision"], records["archives"], records["materials"]
    return [
        ("documents.outgoing", "/documents/", "record.list", {doc: _ids(out, *secret)}, 3),
        ("documents.inbox", "/documents/inbox/", "record.list", {doc: _ids(inc, *secret)}, 3),
        (
            "documents.register_outgoing",
            f"/documents/registers/outgoing/?year={year}",
            "record.list",
            {doc: _ids(out, *secret)},
            3,
        ),
        (
            "documents.register_incoming",
            f"/documents/registers/incoming/?year={year}",
            "record.list",
            {doc: _ids(inc, *secret)},
            3,
        ),
        (
            "documents.register_outgoing.xlsx",
            f"/documents/registers/outgoing/?year={year}&format=xlsx",
            "documents.register_export.outgoing",
            {doc: _ids(out, *secret)},
            3,
        ),
        (
            "documents.register_incoming.xlsx",
            f"/documents/registers/incoming/?year={year}&format=xlsx",
            "documents.register_export.incoming",
            {doc: _ids(inc, *secret)},
            3,
        ),
        ("api.documents.outgoing", "/api/documents/", "record.list", {doc: _ids(out, *secret)}, 3),
        ("api.documents.inbox", "/api/documents/inbox", "record.list", {doc: _ids(inc, *secret)}, 3),
        (
            "api.documents.register_outgoing",
            f"/api/documents/registers/outgoing?year={year}",
            "record.list",
            {doc: _ids(out, *secret)},
            3,
        ),
        (
            "api.documents.register_incoming",
            f"/api/documents/registers/incoming?year={year}",
            "record.list",
            {doc: _ids(inc, *secret)},
            3,
        ),
        (
            "supervision.ledger",
            "/supervision/",
            "record.list",
            {"supervision.supervisionitem": _ids(sup, *secret)},
            3,
        ),
        (
            "supervision.export.xlsx",
            "/supervision/export.xlsx",
            "supervision.ledger.export",
            {"supervision.supervisionitem": _ids(sup, *secret)},
            3,
        ),
        (
            "api.supervision.items",
            "/api/supervision/items",
            "record.list",
            {"supervision.supervisionitem": _ids(sup, *secret)},
            3,
        ),
        (
            "api.supervision.ledger",
            "/api/supervision/ledger",
            "record.list",
            {"supervision.supervisionitem": _ids(sup, *secret)},
            3,
        ),
        ("archives.catalogue", "/archives/", "record.list", {"archives.archiveitem": _ids(arc, *secret)}, 3),
        (
            "archives.catalogue.xlsx",
            "/archives/catalogue.xlsx",
            "archives.catalogue.export",
            {"archives.archiveitem": _ids(arc, *secret)},
            3,
        ),
        (
            "archives.catalogue.xlsx",
            "/api/archives/catalogue.xlsx",
            "archives.catalogue.export",
            {"archives.archiveitem": _ids(arc, *secret)},
            3,
        ),
        (
            "api.archives.items",
            "/api/archives/items",
            "record.list",
            {"archives.archiveitem": _ids(arc, *secret)},
            3,
        ),
        ("materials.library", "/materials/", "record.list", {"materials.material": _ids(mat, *secret)}, 3),
        (
            "api.materials.items",
            "/api/materials/items",
            "record.list",
            {"materials.material": _ids(mat, *secret)},
            3,
        ),
    ]


def _new_events(since: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=since).order_by("seq"))


def _last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _by_type(details: dict) -> dict[str, list[str]]:
    return {kind: sorted(ids) for kind, ids in details.get("records", {}).items()}


def test_every_list_search_api_list_and_export_writes_one_event_with_the_counts(office):
    unit, cleared, uncleared, records = office
    client = signed_in(cleared.user)
    failures = []
    for name, url, action, expected, rows in routes(records):
        before = _last_seq()
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        events = [e for e in _new_events(before) if e.action not in {"auth.login"}]
        if len(events) != 1:
            failures.append(f"{url}: {len(events)} events ({[e.action for e in events]})")
            continue
        event = events[0]
        found = (
            event.action,
            event.classification,
            event.details.get("route"),
            event.details.get("classified"),
        )
        wanted = (action, Classification.SECRET, name, {"秘密": 1, "机密": 1})
        if found != wanted or _by_type(event.details) != {k: sorted(v) for k, v in expected.items()}:
            failures.append(f"{url}: {found} {_by_type(event.details)} (wanted {wanted} {expected})")
        if event.details.get("rows") != rows and action != "record.list":
            failures.append(f"{url}: exported {event.details.get('rows')} rows, wanted {rows}")
        if MARK in json.dumps(event.details, ensure_ascii=False) or event.actor_id != cleared.user.pk:
            failures.append(f"{url}: the event names a title or the wrong actor")
    assert failures == []


def test_a_search_page_and_the_search_api_write_one_event_naming_the_records(office):
    unit, cleared, uncleared, records = office
    client = signed_in(cleared.user)
    secret = (Classification.CONFIDENTIAL, Classification.SECRET)
    wanted = {
        "supervision_item": sorted(_ids(records["supervision"], *secret)),
        "archive_item": sorted(_ids(records["archives"], *secret)),
        "material": sorted(_ids(records["materials"], *secret)),
    }
    for name, url in (("search", f"/search/?q={MARK}"), ("api.search", f"/api/search/?q={MARK}")):
        before = _last_seq()
        response = client.get(url)
        assert response.status_code == 200
        (event,) = _new_events(before)
        assert (event.action, event.classification, event.details["route"]) == (
            "record.search",
            Classification.SECRET,
            name,
        )
        counts = event.details["classified"]
        # Each kind's 秘密 and 机密 record matches (the documents here are drafts, which search leaves out).
        assert counts == {"秘密": 3, "机密": 3}, event.details
        assert _by_type(event.details) == wanted
        assert MARK not in json.dumps(event.details, ensure_ascii=False)


def test_a_viewer_shown_no_state_secret_leaves_lists_unaudited_and_exports_at_level_0(office):
    unit, cleared, uncleared, records = office
    client = signed_in(uncleared.user)
    urls = [(name, url, action) for name, url, action, _expected, _rows in routes(records)]
    urls += [
        ("search", f"/search/?q={MARK}", "record.search"),
        ("api.search", f"/api/search/?q={MARK}", "record.search"),
    ]
    for _name, url, action in urls:
        before = _last_seq()
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        content = response.content.decode(errors="replace")
        assert f"{MARK}秘密" not in content and f"{MARK}机密" not in content
        events = _new_events(before)
        if action.startswith("record."):
            assert events == [], f"{url}: {[e.action for e in events]}"
        else:  # an export is audited whatever it holds, at the level it holds
            (event,) = events
            assert (event.action, event.classification, "classified" in event.details) == (action, 0, False)


def test_the_archivists_pending_list_writes_one_event_naming_the_closed_items_it_shows(office):
    """待归档 lists closed records by title: the archivist learns of the 秘密 and 机密 items there too."""
    unit, cleared, uncleared, records = office
    items = records["supervision"]
    SupervisionItem.objects.filter(pk__in=[item.pk for item in items.values()]).update(state="closed")
    client = signed_in(cleared.user)
    before = _last_seq()
    assert client.get("/archives/pending/").status_code == 200
    events = [e for e in _new_events(before) if e.action == "record.list"]
    assert len(events) == 1
    event = events[0]
    assert (event.details["route"], event.classification, event.details["classified"]) == (
        "archives.pending",
        Classification.SECRET,
        {"秘密": 1, "机密": 1},
    )
    assert MARK not in json.dumps(event.details, ensure_ascii=False)


# --- the workbench (工作台): its 待办 and 已办 show records' titles -------------------------------------------------

documents_county = documents_fixtures.county
supervision_county = supervision_fixtures.county


def _to_review(county, level: int, title: str) -> OfficialDocument:
    document = document_draft_create(
        by=county.clerk.user,
        doc_type="notice",
        title=title,
        body=NOTICE_BODY,
        primary_units=[county.education],
        classification=level,
    )
    return document_submit(
        document=document, by=county.clerk.user, reviewers=[county.reviewer1], signer=county.leader
    )


def _listed(before: int) -> list[AuditEvent]:
    return [e for e in _new_events(before) if e.action == "record.list"]


def test_the_workbench_names_the_secret_document_a_reviewer_has_to_review_in_one_event(documents_county):
    county = documents_county
    document = _to_review(county, Classification.CONFIDENTIAL, f"关于{MARK}秘密核稿事项的通知")
    client = signed_in(county.reviewer1.user)
    before = _last_seq()
    response = client.get("/")
    assert response.status_code == 200
    assert f"{MARK}秘密" in response.content.decode()  # the step's title is the document's
    (event,) = _listed(before)
    assert (event.details["route"], event.classification, event.details["classified"]) == (
        "workbench",
        Classification.CONFIDENTIAL,
        {"秘密": 1},
    )
    assert _by_type(event.details) == {"documents.officialdocument": [str(document.pk)]}
    assert event.actor_id == county.reviewer1.user.pk
    assert MARK not in json.dumps(event.details, ensure_ascii=False)


def test_the_workbench_api_names_the_secret_document_in_the_to_do_and_then_the_done_list(documents_county):
    county = documents_county
    document = _to_review(county, Classification.CONFIDENTIAL, f"关于{MARK}秘密核稿事项的通知")
    client = signed_in(county.reviewer1.user)
    wanted = {"documents.officialdocument": [str(document.pk)]}
    before = _last_seq()
    assert client.get("/api/me/todos").status_code == 200
    (event,) = _listed(before)
    assert (event.details["route"], event.details["classified"], _by_type(event.details)) == (
        "api.workbench.todos",
        {"秘密": 1},
        wanted,
    )
    document_review(document=document, by=county.reviewer1.user, approve=True, opinion="同意")
    before = _last_seq()
    assert client.get("/api/me/done").status_code == 200
    (event,) = _listed(before)
    assert (event.details["route"], event.details["classified"], _by_type(event.details)) == (
        "api.workbench.done",
        {"秘密": 1},
        wanted,
    )
    assert MARK not in json.dumps(event.details, ensure_ascii=False)


def test_a_workbench_showing_nothing_classified_writes_no_event(documents_county):
    county = documents_county
    _to_review(county, Classification.INTERNAL, f"关于{MARK}内部核稿事项的通知")
    reviewed = _to_review(county, Classification.INTERNAL, f"关于{MARK}内部已核事项的通知")
    document_review(document=reviewed, by=county.reviewer1.user, approve=True, opinion="同意")
    client = signed_in(county.reviewer1.user)
    before = _last_seq()
    page = client.get("/").content.decode()
    assert f"{MARK}内部核稿" in page and f"{MARK}内部已核" in page
    for url in ("/api/me/todos", "/api/me/done"):
        response = client.get(url)
        assert response.status_code == 200
        assert [MARK in item["title"] for item in response.json()] == [True], url
    assert _listed(before) == []


def test_the_workbench_names_the_secret_item_a_liaison_has_to_sign_for(supervision_county):
    county = supervision_county
    Person.objects.filter(pk=county.liaison.pk).update(clearance=Clearance.ORDINARY)
    item = county.assigned(f"{MARK}秘密督办事项", co=False, classification=Classification.CONFIDENTIAL)
    client = signed_in(county.liaison.user)
    before = _last_seq()
    response = client.get("/")
    assert response.status_code == 200
    assert f"待签收：{MARK}秘密督办事项" in response.content.decode()
    (event,) = _listed(before)
    assert (event.details["route"], event.classification, event.details["classified"]) == (
        "workbench",
        Classification.CONFIDENTIAL,
        {"秘密": 1},
    )
    assert _by_type(event.details) == {"supervision.supervisionitem": [str(item.pk)]}
    assert MARK not in json.dumps(event.details, ensure_ascii=False)
