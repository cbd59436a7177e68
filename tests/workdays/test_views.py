"""The calendar pages: who may open them, and entering or importing a schedule with per-line errors."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from zhongshu.base.roles import AdminRole, Role
from zhongshu.testing.factories import make_admin, make_person
from zhongshu.workdays.calendar import has_schedule
from zhongshu.workdays.models import CalendarDay, HolidaySchedule

from .sample import SAMPLE_2027_TEXT

pytestmark = pytest.mark.django_db

PAGES = ["/calendar/", "/calendar/enter/", "/calendar/import/"]


@pytest.mark.parametrize("url", PAGES)
def test_the_system_admin_and_the_office_director_may_open_the_pages(signed_in, system_admin, url):
    assert signed_in(system_admin).get(url).status_code == 200
    director = make_person(roles=(Role.OFFICE_DIRECTOR,)).user
    assert signed_in(director).get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_the_auditor_and_a_clerk_are_refused(signed_in, url):
    assert signed_in(make_admin(AdminRole.AUDITOR)).get(url).status_code == 403
    assert signed_in(make_person(roles=(Role.CLERK,)).user).get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_nav_entry_shows_only_to_those_who_may_manage_the_calendar(signed_in, system_admin):
    link = '<a href="/calendar/" aria-current="page">工作日历</a>'
    assert link in signed_in(system_admin).get("/calendar/").content.decode()
    director = make_person(roles=(Role.OFFICE_DIRECTOR,)).user
    assert '<a href="/calendar/">工作日历</a>' in signed_in(director).get("/").content.decode()
    clerk_page = signed_in(make_person(roles=(Role.CLERK,)).user).get("/").content.decode()
    assert 'href="/calendar/"' not in clerk_page


def test_the_calendar_page_shows_a_seeded_year_and_says_when_a_year_is_missing(signed_in, system_admin):
    client = signed_in(system_admin)
    page = client.get("/calendar/?year=2026").content.decode()
    assert "已录入。来源：软件包预置" in page
    assert "2026-02-14" in page and "春节调休" in page
    missing = client.get("/calendar/?year=2027").content.decode()
    assert "2027年节假日安排尚未录入。该年度暂按周六、周日休息计算工作日，相关期限为暂定。" in missing


def test_entering_a_schedule_as_text_saves_it(signed_in, system_admin):
    client = signed_in(system_admin)
    response = client.post("/calendar/enter/", {"year": "2027", "lines": SAMPLE_2027_TEXT, "note": "测试"})
    assert response.status_code == 302 and response["Location"] == "/calendar/?year=2027"
    schedule = HolidaySchedule.objects.get(year=2027)
    assert (schedule.source, schedule.note, schedule.entered_by) == ("manual", "测试", system_admin)
    assert CalendarDay.objects.filter(schedule=schedule).count() == 11
    page = client.get(response["Location"]).content.decode()
    assert "已录入2027年节假日安排（11天）。" in page


def test_the_enter_form_shows_a_year_already_entered_as_lines(signed_in, system_admin):
    page = signed_in(system_admin).get("/calendar/enter/?year=2026").content.decode()
    assert "2026-02-14 班 春节调休\n2026-02-15 休 春节" in page


def test_errors_are_shown_per_line_and_nothing_is_saved(signed_in, system_admin):
    lines = "2027-01-01 休 元旦\n2027-1-2 休 元旦\n2027-01-03 放 元旦\n2027-01-01 班 元旦调休\n2027-02-30 休 春节\n2027-02-07 休"
    response = signed_in(system_admin).post("/calendar/enter/", {"year": "2027", "lines": lines})
    page = response.content.decode()
    assert response.status_code == 200
    assert "发现5处错误，未保存任何内容。" in page
    for message in [
        "第2行：日期格式应为YYYY-MM-DD",
        "第3行：类型应为“休”或“班”",
        "第4行：2027-01-01已在第1行标为“休”，不能同时标为“班”",
        "第5行：日期2027-02-30不存在",
        "第6行：应为“日期 类型 名称”三项，如“2027-01-01 休 元旦”",
    ]:
        assert message in page
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    assert not has_schedule(2027)


def _xlsx(rows):
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_importing_an_xlsx_saves_it(signed_in, system_admin):
    from datetime import datetime

    content = _xlsx(
        [["日期", "类型", "名称"], [datetime(2027, 1, 1), "休", "元旦"], ["2027-02-20", "班", "春节调休"]]
    )
    upload = SimpleUploadedFile("2027.xlsx", content)
    response = signed_in(system_admin).post("/calendar/import/", {"year": "2027", "file": upload})
    assert response.status_code == 302
    schedule = HolidaySchedule.objects.get(year=2027)
    assert schedule.source == "import"
    assert list(schedule.days.values_list("kind", "name")) == [("holiday", "元旦"), ("workday", "春节调休")]


def test_importing_a_csv_with_errors_names_the_rows_and_saves_nothing(signed_in, system_admin):
    content = "日期,类型,名称\n2027-01-01,休,元旦\n2026-12-31,休,元旦\n2027-02-08,班,春节调休\n".encode()
    upload = SimpleUploadedFile("2027.csv", content)
    page = (
        signed_in(system_admin).post("/calendar/import/", {"year": "2027", "file": upload}).content.decode()
    )
    assert "第3行：日期2026-12-31不在2027年内" in page
    assert "第4行：2027-02-08是星期一，本就是工作日；调休上班日应在周六或周日" in page
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_importing_an_unreadable_file_says_so(signed_in, system_admin):
    client = signed_in(system_admin)
    upload = SimpleUploadedFile("2027.xlsx", b"not a workbook")
    page = client.post("/calendar/import/", {"year": "2027", "file": upload}).content.decode()
    assert "无法读取该Excel文件（应为.xlsx格式）" in page
    upload = SimpleUploadedFile("2027.doc", b"x")
    assert (
        "只支持.xlsx或.csv文件"
        in client.post("/calendar/import/", {"year": "2027", "file": upload}).content.decode()
    )
    upload = SimpleUploadedFile("2027.csv", "名称,日期\n".encode())
    page = client.post("/calendar/import/", {"year": "2027", "file": upload}).content.decode()
    assert "第1行应为表头：日期、类型、名称" in page
    assert not HolidaySchedule.objects.filter(year=2027).exists()
