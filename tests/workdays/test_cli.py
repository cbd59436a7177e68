"""`zhongshu calendar status` and `zhongshu calendar import FILE --year 2027`."""

import io

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zhongshu.audit.models import AuditEvent
from zhongshu.workdays.models import HolidaySchedule

from .sample import SAMPLE_2027_TEXT

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("calendar", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@time_machine.travel("2026-11-22 10:00 +0800", tick=False)
def test_status_lists_the_years_and_names_the_missing_one():
    out, _ = run("status")
    lines = out.splitlines()
    assert lines[0].split() == ["year", "source", "holidays", "workdays", "entered"]
    assert lines[1].split()[:4] == ["2004", "package", "22", "6"]
    assert lines[23].split()[:4] == ["2026", "package", "33", "6"]
    assert len(lines) == 25
    assert lines[-1] == (
        "missing: no holiday schedule for 2027; deadlines counted into it use weekends only and are "
        "provisional until it is entered (zhongshu calendar import FILE --year 2027)"
    )


@time_machine.travel("2026-11-22 10:00 +0800", tick=False)
def test_import_a_text_file_then_status_is_complete(tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text(SAMPLE_2027_TEXT, encoding="utf-8")
    out, _ = run("import", str(path), "--year", "2027", "--note", "国办发明电")
    assert out.strip() == (
        "entered the 2027 schedule: 10 holidays, 1 make-up workdays; "
        "recounted 0 provisional deadline(s), 0 moved, 0 notice(s) queued"
    )
    schedule = HolidaySchedule.objects.get(year=2027)
    assert (schedule.source, schedule.note) == ("import", "国办发明电")
    assert AuditEvent.objects.get(action="holiday_schedule.enter").actor_name == "命令行"
    assert run("status")[0].splitlines()[-1] == "this year and next have a holiday schedule"


def test_import_a_csv_with_errors_exits_2_and_saves_nothing(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027/01/02,休,元旦\n2027-01-03,放,元旦\n", encoding="utf-8"
    )
    with pytest.raises(CommandError) as error:
        run("import", str(path), "--year", "2027")
    assert error.value.returncode == 2
    assert str(error.value) == "2 error(s); nothing was saved"
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_import_reports_each_line_in_english(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027/01/02,休,元旦\n2027-01-03,放,元旦\n", encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("calendar", "import", str(path), "--year", "2027", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        f"{path}: line 3: the date must be written YYYY-MM-DD",
        f'{path}: line 4: the kind must be "休" (holiday) or "班" (workday)',
    ]


def test_import_of_a_missing_or_unknown_file_exits_2(tmp_path):
    with pytest.raises(CommandError) as error:
        run("import", str(tmp_path / "none.csv"), "--year", "2027")
    assert error.value.returncode == 2 and str(error.value).startswith("cannot read")
    path = tmp_path / "2027.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(CommandError) as error:
        run("import", str(path), "--year", "2027")
    assert str(error.value) == f"{path}: only .xlsx, .csv or .txt files can be imported"
