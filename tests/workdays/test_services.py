"""Entering a year's schedule: who may, what is checked, what is replaced, and which deadlines move."""

from datetime import date

import pytest

from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import AdminRole, Role
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.notifications.models import OutboxMessage
from zhongshu.testing.factories import make_admin, make_person
from zhongshu.workdays.calendar import add_workdays, has_schedule, is_workday
from zhongshu.workdays.models import CalendarDay, HolidaySchedule
from zhongshu.workdays.services import ScheduleInvalid, holiday_schedule_enter

from .sample import SAMPLE_2027

pytestmark = pytest.mark.django_db


def test_the_system_admin_enters_2027_and_the_calendar_counts_with_it_at_once(system_admin):
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 1)
    entered = holiday_schedule_enter(
        by=system_admin, year=2027, days=SAMPLE_2027, source="manual", note="国办发明电〔2026〕1号"
    )
    assert entered.schedule.year == 2027 and entered.schedule.entered_by == system_admin
    assert CalendarDay.objects.filter(schedule=entered.schedule).count() == 11
    assert has_schedule(2027)
    assert not is_workday(date(2027, 1, 1)) and is_workday(date(2027, 2, 20))
    assert add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)
    event = AuditEvent.objects.get(action="holiday_schedule.enter")
    assert event.actor_id == system_admin.pk
    assert event.details["year"] == 2027 and event.details["replaced"] is False
    assert event.details["added"][0] == "2027-01-01 休 元旦"
    assert event.details["removed"] == []


def test_the_office_director_may_enter_a_schedule():
    director = make_person(roles=(Role.OFFICE_DIRECTOR,)).user
    holiday_schedule_enter(by=director, year=2027, days=SAMPLE_2027, source="manual")
    assert HolidaySchedule.objects.get(year=2027).source == "manual"


@pytest.mark.parametrize("who", ["clerk", "auditor", "security_admin"])
def test_others_may_not_enter_a_schedule(who):
    user = {
        "clerk": lambda: make_person(roles=(Role.CLERK,)).user,
        "auditor": lambda: make_admin(AdminRole.AUDITOR),
        "security_admin": lambda: make_admin(AdminRole.SECURITY_ADMIN),
    }[who]()
    with pytest.raises(Forbidden) as error:
        holiday_schedule_enter(by=user, year=2027, days=SAMPLE_2027, source="manual")
    assert error.value.message == "只有系统管理员或办公室主任可以维护工作日历"
    assert not HolidaySchedule.objects.filter(year=2027).exists()


def test_invalid_days_are_rejected_and_nothing_is_saved(system_admin):
    days = [
        (date(2027, 1, 1), "holiday", "元旦"),
        (date(2028, 1, 1), "holiday", "元旦"),
        (date(2027, 1, 1), "workday", "元旦调休"),
        (date(2027, 2, 8), "workday", "春节调休"),
        (date(2027, 2, 9), "day_off", "春节"),
    ]
    with pytest.raises(ScheduleInvalid) as error:
        holiday_schedule_enter(by=system_admin, year=2027, days=days, source="manual")
    assert error.value.message == (
        "节假日安排有误：第2项：日期2028-01-01不在2027年内；"
        "第3项：2027-01-01已在第1行标为“休”，不能同时标为“班”；"
        "第4项：2027-02-08是星期一，本就是工作日；调休上班日应在周六或周日；"
        "第5项：类型应为“休”或“班”"
    )
    assert not HolidaySchedule.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(action="holiday_schedule.enter").exists()
    assert not has_schedule(2027)


def test_a_bad_year_or_source_is_rejected(system_admin):
    with pytest.raises(ServiceError) as error:
        holiday_schedule_enter(by=system_admin, year=1999, days=SAMPLE_2027, source="manual")
    assert error.value.code == "invalid_year" and error.value.message == "年度应为2000至2100之间的整数"
    with pytest.raises(ServiceError) as error:
        holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="guess")
    assert error.value.code == "invalid_source"
    with pytest.raises(ScheduleInvalid) as error:
        holiday_schedule_enter(by=system_admin, year=2027, days=[], source="manual")
    assert error.value.message == "节假日安排有误：没有录入任何日期"


def test_re_entering_a_year_replaces_it_and_audits_the_difference(system_admin):
    holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")
    corrected = [day for day in SAMPLE_2027 if day[0] != date(2027, 2, 12)] + [
        (date(2027, 2, 13), "holiday", "春节")
    ]
    holiday_schedule_enter(by=system_admin, year=2027, days=corrected, source="import")
    schedule = HolidaySchedule.objects.get(year=2027)
    assert schedule.source == "import"
    assert not CalendarDay.objects.filter(date=date(2027, 2, 12)).exists()
    assert is_workday(date(2027, 2, 12))  # a Friday again
    event = AuditEvent.objects.filter(action="holiday_schedule.enter").order_by("-seq").first()
    assert event.details["replaced"] is True and event.details["previous_source"] == "manual"
    assert event.details["added"] == ["2027-02-13 休 春节"]
    assert event.details["removed"] == ["2027-02-12 休 春节"]


def test_a_seeded_year_can_be_corrected_but_a_bad_correction_leaves_it_whole(system_admin):
    before = CalendarDay.objects.filter(date__year=2026).count()
    with pytest.raises(ScheduleInvalid):
        holiday_schedule_enter(
            by=system_admin, year=2026, days=[(date(2026, 1, 1), "holiday", "")], source="manual"
        )
    assert CalendarDay.objects.filter(date__year=2026).count() == before
    assert HolidaySchedule.objects.get(year=2026).source == "package"


def test_the_command_line_enters_without_a_user():
    holiday_schedule_enter(by=None, year=2027, days=SAMPLE_2027, source="import")
    event = AuditEvent.objects.get(action="holiday_schedule.enter")
    assert event.actor_id is None and event.actor_name == "命令行"
    assert HolidaySchedule.objects.get(year=2027).entered_by is None


def test_no_outbox_row_when_nothing_was_provisional(system_admin):
    entered = holiday_schedule_enter(by=system_admin, year=2027, days=SAMPLE_2027, source="manual")
    assert (entered.recount.recounted, entered.recount.moved) == (0, 0)
    assert not OutboxMessage.objects.filter(kind="deadline_recounted").exists()
