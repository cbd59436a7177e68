"""The night's log printed (DOCX opened: its columns, its text, its fonts, only what the reader may see), the
access matrix over every route of the logbook part, and the API's refusals of an administrator in JSON."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone
from docx import Document

from tests.duty.conftest import signed_in
from tests.duty.test_logbook import ALL_TEXTS, DAY, at, data, night_shift
from zhongshu.access.policy import visible
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.base.roles import AdminRole
from zhongshu.duty import handover as handovers
from zhongshu.duty import logbook
from zhongshu.duty.log_docx import COLUMNS
from zhongshu.duty.models import DutyLogEntry, Urgency
from zhongshu.testing.access import (
    Population,
    Route,
    _get,
    ask_every_api_route,
    check_records,
    not_refused_in_json,
    sign_in,
)
from zhongshu.testing.factories import make_admin

MARKER = re.compile(r"MX\d+R\d+Z")


def _fonts(document):
    names = set()
    for run in document.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts"
    ):
        names.add(run.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"))
    return names


def test_the_shifts_log_prints_as_the_log_books_table(county):
    night = night_shift(county, county.duty_officers[0], DAY)
    officer = county.duty_officers[0].user
    logbook.log_entry(officer, county.office, data(urgency=Urgency.URGENT), now=at(DAY, 23, 10))
    logbook.log_entry(
        officer, county.office, data(summary="城关镇报平安", received_at=at(DAY, 21, 30)), now=at(DAY, 23, 10)
    )
    logbook.log_entry(
        county.director.user,
        county.office,
        data(summary="机密事项", classification=Classification.SECRET),
        now=at(DAY, 23, 20),
    )
    response = signed_in("zhiban1").get(f"/duty/log/shifts/{night.pk}/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "县委办公室值班记录"
    assert "2026年12月03日 17:30至2026年12月04日 08:30" in paragraphs
    assert "值班人员：张值班（值班员）" in paragraphs
    table = document.tables[0]
    assert tuple(cell.text for cell in table.rows[0].cells) == COLUMNS
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert len(rows) == 2  # the 机密 entry is beyond 张值班's clearance (一般): not printed for him
    assert rows[0][0] == "12月03日\n21:30" and "城关镇报平安" in rows[0][2]
    urgent = rows[1]
    assert urgent[2] == "〔紧急〕【来电】河口乡报告山体滑坡"
    assert "河口乡人民政府 刘明 党委副书记" in urgent[1] and "13912345678" in urgent[1]
    for label in ("place", "cause", "course", "impact", "trend"):
        assert ALL_TEXTS[label] in urgent[3]
    assert ALL_TEXTS["measures"] in urgent[4] and ALL_TEXTS["result"] in urgent[4]
    assert urgent[5] == ALL_TEXTS["told"] and urgent[6].startswith("张值班") and urgent[7] == "未办结"
    assert "机密事项" not in response.content.decode("latin-1")
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体"} <= _fonts(document)
    assert document.paragraphs[0].runs[0].font.name == "方正小标宋简体"
    assert AuditEvent.objects.filter(action="record.export", details__route="duty.log_docx").exists()
    # the director (重要) prints the 机密 entry too, under its marking
    director = Document(io.BytesIO(signed_in("zhuren").get(f"/duty/log/shifts/{night.pk}/docx/").content))
    assert director.paragraphs[0].text == "机密"
    assert len(director.tables[0].rows) == 4
    # another unit's people do not open the office's log book
    assert signed_in("slj_llr").get(f"/duty/log/shifts/{night.pk}/docx/").status_code == 404


def test_the_logbook_routes_leak_nothing(db):
    now = timezone.now()

    def make(spec):
        entry = DutyLogEntry.objects.create(
            unit=spec.owner_unit,
            summary=spec.title,
            received_at=now - timedelta(minutes=5),
            recorded_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(entry)

    population = Population()
    report = check_records(
        model=DutyLogEntry,
        make=make,
        routes=[Route("entry page", "/duty/log/{pk}/"), Route("entry api", "/api/duty/log/{pk}")],
        population=population,
    )
    assert report.requests > 0
    # The lists show one duty room's log (the viewer's), so they are not complete lists of what the viewer
    # may know; what they show must still be among what the policy lets him see, for every viewer.
    made = {m for e in DutyLogEntry.objects.all() for m in MARKER.findall(e.summary)}
    leaks = []
    shown_any = 0
    for viewer in population.viewers:
        may = (
            {
                m
                for summary in visible(DutyLogEntry.objects.all(), viewer.user).values_list(
                    "summary", flat=True
                )
                for m in MARKER.findall(summary)
            }
            if viewer.user is not None
            else set()
        )
        for url in ("/duty/log/", "/api/duty/log", "/duty/handovers/", "/api/duty/handovers"):
            status, body = _get(viewer, url)
            markers = set(MARKER.findall(body)) & made
            shown_any += len(markers)
            if markers - may:
                leaks.append(f"{viewer} {url}: {sorted(markers - may)}")
    assert leaks == []
    assert shown_any > 0  # the owner unit's people see their unit's log


def test_the_write_routes_refuse_those_outside_the_duty_room(county):
    """Every writing route as someone who may read the entry (the office's 督查员, the same unit) but is not in
    its duty room, and as another unit's person: refused, nothing changed."""
    now = timezone.now()
    county.put_shift(county.duty_officers[0], timezone.localdate(now), full_day=True)
    county.put_shift(county.duty_officers[0], timezone.localdate(now) - timedelta(days=1), full_day=True)
    officer = county.duty_officers[0].user
    entry = logbook.log_entry(officer, county.office, data(received_at=now - timedelta(minutes=3)), now=now)
    handover = handovers.hand_over(officer, county.office, now=now)
    item = handover.items.get()
    form = {"received_at": timezone.localtime(now).strftime("%Y-%m-%dT%H:%M"), **ALL_TEXTS, "result": "x"}
    for username, seen in (("ducha", 200), ("slj_llr", 404)):
        client = signed_in(username)
        assert client.get(f"/duty/log/{entry.pk}/").status_code == seen
        assert client.get("/duty/log/new/").status_code == 403
        assert client.post("/duty/log/new/", form).status_code == 403
        assert client.post(f"/duty/log/{entry.pk}/edit/", {**form, "version": 1}).status_code in (302, 404)
        assert client.post(f"/duty/log/{entry.pk}/close/", {"result": "x"}).status_code in (302, 404)
        assert client.post("/duty/handovers/", {}).status_code == 403
        assert client.get(f"/duty/handovers/{handover.pk}/").status_code == 404
        assert client.post(f"/duty/handovers/{handover.pk}/acknowledge/").status_code == 404
        assert client.post(f"/duty/handovers/{handover.pk}/items/{item.pk}/acknowledge/").status_code == 404
        for url in ("/api/duty/log", "/api/duty/handovers"):
            response = client.post(url, form, content_type="application/json")
            assert response.status_code == 403 and response.json()["code"] == "not_duty_room"
        response = client.post(
            f"/api/duty/log/{entry.pk}/edit", {**form, "version": 1}, content_type="application/json"
        )
        assert response.status_code == (403 if seen == 200 else 404)
        response = client.post(
            f"/api/duty/log/{entry.pk}/close", {"result": "x"}, content_type="application/json"
        )
        assert response.status_code == (403 if seen == 200 else 404)
        assert client.post(f"/api/duty/handovers/{handover.pk}/acknowledge").status_code == 404
    entry.refresh_from_db()
    handover.refresh_from_db()
    assert entry.version == 1 and entry.closed_at is None and DutyLogEntry.objects.count() == 1
    assert (
        handover.acknowledged_at is None and handover.items.filter(acknowledged_at__isnull=False).count() == 0
    )
    assert signed_in("zhiban1").get(f"/duty/log/{entry.pk}/edit/").status_code == 200
    assert Client().get("/duty/log/").status_code == 302


def test_every_logbook_api_route_refuses_an_administrator_in_json(db):
    admin = sign_in(Client(), make_admin(AdminRole.SYSTEM_ADMIN, "sysadmin_logbook"))
    answers = ask_every_api_route(admin, "/api/duty/log", "/api/duty/handovers")
    assert len(answers) == 10
    assert not_refused_in_json(answers, code="not_allowed") == []
    # and the pages answer him with the HTML refusal
    for url in ("/duty/log/", "/duty/log/new/", "/duty/handovers/", "/duty/log/1/", "/duty/handovers/1/"):
        assert admin.get(url).status_code == 403
