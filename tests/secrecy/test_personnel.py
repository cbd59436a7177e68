"""Cleared posts and people: the cooling-off period (its range per level, its end on a leap day), the bad input
of the issue (refused with a clear reason, audited, nothing changed), the ledger's derived facts (status,
re-vetting due, training hours, holders below their post's level) and the security administrator's queue."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.secrecy.conftest import County
from tests.secrecy.personnel_helpers import carrier_with, cleared_post, finish_checklist, fresh, leave
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Clearance
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.secrecy import personnel
from zhongshu.secrecy.models_personnel import Departure, Pledge, TrainingRecord, Vetting

TODAY = date(2026, 6, 15)


def _denied(action: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(action=f"secrecy.personnel.{action}", outcome="denied").values_list(
            "details__code", flat=True
        )
    )


def test_the_cooling_off_end_follows_the_years_and_a_leap_day(county: County) -> None:
    ordinary = cleared_post(county, "收发员", Clearance.ORDINARY, holders=(county.office_clerk,))
    departure = leave(county, county.office_clerk, ordinary, date(2024, 2, 29))
    assert departure.cooling_off_years == 1  # the default for 一般
    assert personnel.cooling_off_end(departure) == date(2025, 2, 28)
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    four = leave(county, county.confidential_clerk, core, date(2024, 2, 29), years=4)
    assert personnel.cooling_off_end(four) == date(2028, 2, 29)
    assert personnel.add_years(date(2028, 2, 29), 5) == date(2033, 2, 28)


def test_cooling_off_years_outside_the_range_are_refused_and_audited(
    county: County, settings: object
) -> None:
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    for years in (2, 6):
        with pytest.raises(ServiceError) as refused:
            leave(county, county.confidential_clerk, core, TODAY, years=years)
        assert refused.value.code == "cooling_off_out_of_range"
        assert refused.value.message == f"核心涉密岗位的脱密期应为3至5年，不能定为{years}年"
    assert not Departure.objects.exists()
    assert _denied("departure_record") == ["cooling_off_out_of_range"] * 2
    settings.ZHONGSHU_SECRECY_COOLING_OFF_CORE = "4,2,6"  # type: ignore[attr-defined]
    made = leave(county, county.confidential_clerk, core, TODAY, years=6)
    assert personnel.cooling_off_end(made) == date(2032, 6, 15)


def test_leaving_a_post_one_does_not_hold_is_refused(county: County) -> None:
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    with pytest.raises(ServiceError) as refused:
        leave(county, county.secrecy_officer, core, TODAY)
    assert refused.value.code == "not_post_holder"
    assert refused.value.message == "孙保密不在机要密码员岗位，不能办理离岗"
    assert not Departure.objects.exists()
    assert _denied("departure_record") == ["not_post_holder"]


def test_a_departure_is_not_completed_while_carriers_are_held(county: County) -> None:
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    clerk = county.confidential_clerk
    carrier_with(county, clerk, "XWB-2026-000001", title="某绝密文件汇编")
    carrier_with(county, clerk, "XWB-2026-000002", title="某机密光盘")
    departure = finish_checklist(county, leave(county, clerk, core, TODAY), TODAY)
    version = departure.version
    with pytest.raises(ServiceError) as refused:
        personnel.departure_complete(by=county.secrecy_head.user, departure=departure, version=version)
    assert refused.value.code == "carriers_held"
    assert refused.value.message == "李机要尚有2件涉密载体未清退，不能办结离岗手续"
    assert "汇编" not in refused.value.message and "XWB" not in refused.value.message
    again = Departure.objects.get(pk=departure.pk)
    assert again.completed_at is None and again.version == version
    assert _denied("departure_complete") == ["carriers_held"]
    check = personnel.checklist(again)
    assert (check.talk_done, check.pledge_signed, check.carriers_out, check.access_removed) == (
        True,
        True,
        2,
        False,
    )


def test_a_departure_is_completed_after_talk_pledge_and_carriers(county: County) -> None:
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    departure = leave(county, county.confidential_clerk, core, TODAY)
    head = county.secrecy_head.user
    with pytest.raises(ServiceError) as refused:
        personnel.departure_complete(by=head, departure=departure, version=departure.version)
    assert refused.value.code == "talk_missing"
    departure = finish_checklist(county, departure, TODAY)
    done = personnel.departure_complete(by=head, departure=departure, version=departure.version)
    assert done.completed_at is not None
    with pytest.raises(InvalidTransition):
        personnel.departure_complete(by=head, departure=done, version=done.version)


def test_the_talk_and_the_leaving_pledge_are_recorded_once_and_not_after_completion(county: County) -> None:
    """The service holds the rule the page showed by hiding its forms: a second talk or leaving pledge, or one on a
    completed departure, is refused and audited, through the API as through the page."""
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    departure = leave(county, county.confidential_clerk, core, TODAY)
    head = county.secrecy_head.user
    departure = finish_checklist(county, departure, TODAY)
    with pytest.raises(InvalidTransition) as talked:
        personnel.departure_talk(
            by=head, departure=departure, version=departure.version, talk_on=TODAY, talk_by=county.director
        )
    assert talked.value.code == "already_recorded"
    assert fresh_departure(departure).talk_by == county.secrecy_head

    def leaving_pledge(on: Departure) -> Pledge:
        return personnel.pledge_record(
            by=head, person=county.confidential_clerk, kind="leaving", signed_on=TODAY, departure=on
        )

    with pytest.raises(InvalidTransition) as pledged:
        leaving_pledge(departure)
    assert pledged.value.code == "already_recorded"
    assert Pledge.objects.filter(departure=departure).count() == 1
    done = personnel.departure_complete(
        by=head, departure=departure, version=fresh_departure(departure).version
    )
    Pledge.objects.filter(departure=done).delete()  # as if none had been signed: completion still closes it
    with pytest.raises(InvalidTransition) as closed:
        leaving_pledge(done)
    assert closed.value.code == "departure_completed"
    assert _denied("departure_talk") == ["already_recorded"]
    assert sorted(_denied("pledge_record")) == ["already_recorded", "departure_completed"]


def fresh_departure(departure: Departure) -> Departure:
    return Departure.objects.get(pk=departure.pk)


def test_vetting_refusals(county: County) -> None:
    head = county.secrecy_head.user
    core = cleared_post(county, "机要密码员", Clearance.CORE)
    # The vetter (孙保密, 重要) is not cleared for a 核心 post.
    cases = [
        (dict(vetted_by=county.secrecy_officer), "vetter_below_post"),
        (dict(kind="periodic"), "not_post_holder"),
        (dict(vetted_on=date.today() + timedelta(days=1)), "date_in_future"),
    ]
    for change, code in cases:
        fields = dict(
            by=head,
            person=county.office_clerk,
            post=core,
            kind="onboard",
            result="passed",
            vetted_on=date.today(),
            vetted_by=county.secrecy_head,
        )
        fields.update(change)  # type: ignore[arg-type]
        with pytest.raises(ServiceError) as refused:
            personnel.vetting_record(**fields)  # type: ignore[arg-type]
        assert refused.value.code == code, change
    assert not Vetting.objects.exists()
    assert sorted(_denied("vetting_record")) == sorted(code for _, code in cases)
    with pytest.raises(Forbidden):
        personnel.vetting_record(
            by=county.office_clerk.user,
            person=county.office_clerk,
            post=core,
            kind="onboard",
            result="passed",
            vetted_on=date.today(),
            vetted_by=county.secrecy_head,
        )


def test_future_dates_are_refused_where_they_make_no_sense(county: County) -> None:
    head = county.secrecy_head.user
    tomorrow = date.today() + timedelta(days=1)
    core = cleared_post(county, "机要密码员", Clearance.CORE, holders=(county.confidential_clerk,))
    with pytest.raises(ServiceError) as left:
        personnel.departure_record(by=head, person=county.confidential_clerk, post=core, left_on=tomorrow)
    with pytest.raises(ServiceError) as pledged:
        personnel.pledge_record(by=head, person=county.office_clerk, kind="on_post", signed_on=tomorrow)
    with pytest.raises(ServiceError) as trained:
        personnel.training_record(
            by=head, person=county.office_clerk, title="保密培训", trained_on=tomorrow, hours=Decimal("2")
        )
    assert {left.value.code, pledged.value.code, trained.value.code} == {"date_in_future"}
    assert left.value.message == "离岗日期不能晚于今天"
    departure = leave(county, county.confidential_clerk, core, date.today())
    with pytest.raises(ServiceError) as talked:
        personnel.departure_talk(
            by=head, departure=departure, version=1, talk_on=tomorrow, talk_by=county.secrecy_head
        )
    assert talked.value.code == "date_in_future"
    assert Departure.objects.get().talk_on is None
    assert not Pledge.objects.exists() and not TrainingRecord.objects.exists()


def test_the_ledger_derives_status_revetting_and_training(county: County) -> None:
    head = county.secrecy_head.user
    today = timezone.localdate()
    post = cleared_post(county, "机要员", Clearance.IMPORTANT, holders=(county.office_clerk,))
    personnel.vetting_record(
        by=head,
        person=county.office_clerk,
        post=post,
        kind="onboard",
        result="passed",
        vetted_on=today - timedelta(days=400),
        vetted_by=county.secrecy_head,
    )
    personnel.training_record(
        by=head, person=county.office_clerk, title="保密教育", trained_on=today, hours=Decimal("2.5")
    )
    personnel.training_record(
        by=head,
        person=county.office_clerk,
        title="去年的培训",
        trained_on=today.replace(year=today.year - 1, day=1),
        hours=Decimal("8"),
    )
    rows = {row.person.pk: row for row in personnel.ledger(today)}
    clerk = rows[county.office_clerk.pk]
    assert clerk.status == "在岗" and clerk.below_level  # 一般 in a 重要 post
    assert clerk.training_hours == Decimal("2.5")
    assert clerk.revetting_overdue(today)
    assert [(post.name, person.name) for post, person in personnel.below_level_holders()] == [
        ("机要员", "周文书")
    ]
    todos = personnel.revetting_todos(head)
    assert [item.title for item in todos] == ["涉密人员复审：周文书"]
    assert personnel.revetting_todos(county.office_clerk.user) == []
    # Leaving: in cooling-off until the end, then 已脱密.
    departure = leave(county, county.office_clerk, post, today - timedelta(days=30))
    from zhongshu.org.services import post_unassign

    post_unassign(by=county.security_admin, post=post, person=county.office_clerk)
    row = personnel.ledger(today, personnel.ledger_people().filter(pk=county.office_clerk.pk))[0]
    assert (row.status, row.cooling_off_until) == ("脱密期", personnel.cooling_off_end(departure))
    later = personnel.cooling_off_end(departure) + timedelta(days=1)
    row = personnel.ledger(later, personnel.ledger_people().filter(pk=county.office_clerk.pk))[0]
    assert (row.status, row.cooling_off_until) == ("已脱密", None)


def test_a_passed_vetting_queues_the_post_and_the_clearance(county: County) -> None:
    head = county.secrecy_head.user
    core = cleared_post(county, "机要密码员", Clearance.CORE)
    personnel.vetting_record(
        by=head,
        person=county.secrecy_officer,
        post=core,
        kind="onboard",
        result="passed",
        vetted_on=date.today(),
        vetted_by=county.secrecy_head,
    )
    (item,) = personnel.clearance_queue()
    assert item.person == county.secrecy_officer
    assert (item.clearance, item.target, item.to_assign, item.to_unassign) == (
        Clearance.IMPORTANT,
        Clearance.CORE,
        [core],
        [],
    )
    with pytest.raises(Forbidden):
        personnel.clearance_adjust(by=head, person=county.secrecy_officer)
    personnel.clearance_adjust(by=county.security_admin, person=county.secrecy_officer)
    officer = fresh(county.secrecy_officer)
    assert officer.clearance == Clearance.CORE and list(officer.posts.all()) == [core]
    assert AuditEvent.objects.filter(action="post.assign").count() == 1
    assert AuditEvent.objects.filter(action="clearance.change", object_id=str(officer.pk)).count() == 1
    assert personnel.clearance_queue() == []
    with pytest.raises(ServiceError) as nothing:
        personnel.clearance_adjust(by=county.security_admin, person=officer)
    assert nothing.value.code == "nothing_to_adjust"


def test_a_failed_vetting_queues_nothing(county: County) -> None:
    core = cleared_post(county, "机要密码员", Clearance.CORE)
    personnel.vetting_record(
        by=county.secrecy_head.user,
        person=county.secrecy_officer,
        post=core,
        kind="onboard",
        result="failed",
        vetted_on=date.today(),
        vetted_by=county.secrecy_head,
    )
    assert personnel.clearance_queue() == []
