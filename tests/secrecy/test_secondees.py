"""Secondees: each step in order with its date and who, the stage derived from steps and dates, the hand-over of
the cooling-off period by clearance, and every "Bad input" of the part refused with its reason, audited, and
nothing changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from tests.secrecy.conftest import County
from tests.secrecy.secondees_helpers import in_post, make_secondee, moment, register
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification, Clearance
from zhongshu.core.errors import ServiceError
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_carriers import Carrier, CarrierState
from zhongshu.secrecy.models_secondees import Secondment, SecondmentStep, StepKind
from zhongshu.secrecy.secondees import Stage

TODAY = date(2026, 11, 10)


def _denied(action: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(action=f"secrecy.secondment.{action}", outcome="denied")
        .order_by("id")
        .values_list("details__code", flat=True)
    )


@time_machine.travel(moment(TODAY), tick=False)
def test_each_step_moves_the_stage_on_and_the_hand_over_sets_the_cooling_off(county: County) -> None:
    person = make_secondee(county)
    secondment = register(county, person, starts_on=date(2026, 11, 1), ends_on=date(2026, 11, 30))
    assert secondment.sending_unit == county.units[1]
    assert secondees.stage_of(secondment) == Stage.VETTING
    by = county.secrecy_head.user
    secondees.secondment_record_step(
        by=by, secondment=secondment, kind="vetting", done_on=date(2026, 10, 20), done_by=county.unit_heads[1]
    )
    assert secondees.stage_of(secondment) == Stage.TRAINING
    secondees.secondment_record_step(
        by=by, secondment=secondment, kind="training", done_on=date(2026, 10, 25)
    )
    assert secondees.stage_of(secondment) == Stage.PLEDGE
    secondees.secondment_record_step(by=by, secondment=secondment, kind="pledge", done_on=date(2026, 10, 28))
    standing = secondees.standing_of(secondment)
    assert (standing.stage, standing.missing, standing.days_left) == (Stage.IN_POST, [], 20)
    assert standing.stage_label == "在岗"
    # Before the start date the same secondment waits to start; after the end it waits for its leaving steps.
    assert secondees.stage_of(secondment, today=date(2026, 10, 31)) == Stage.NOT_STARTED
    late = secondees.standing_of(secondment, today=date(2026, 12, 2))
    assert late.stage == Stage.LEAVING and late.missing == ["离岗提醒谈话", "脱密期委托管理手续"]
    secondees.secondment_record_step(
        by=by, secondment=secondment, kind="reminder_talk", done_on=date(2026, 11, 9), note="重申保密义务"
    )
    assert secondees.stage_of(secondment) == Stage.LEAVING
    step = secondees.secondment_hand_over(
        by=by, secondment=secondment, done_on=date(2026, 11, 10), taken_over_by=county.unit_heads[1]
    )
    # 一般: one year (ZHONGSHU_SECRECY_COOLING_OFF_ORDINARY's default) from the day the secondment ended, the
    # hand-over here, ten days before its planned end.
    assert (step.clearance, step.cooling_off_years, step.cooling_off_ends_on) == (
        Clearance.ORDINARY,
        1,
        date(2027, 11, 10),
    )
    assert secondees.stage_of(secondment) == Stage.HANDED_OVER
    assert secondees.standing_of(secondment).days_left is None
    kinds = list(SecondmentStep.objects.filter(secondment=secondment).values_list("kind", flat=True))
    assert kinds == ["vetting", "training", "pledge", "reminder_talk", "liaison", "handover"]
    assert AuditEvent.objects.filter(action="secrecy.secondment.handover", outcome="success").count() == 1


@time_machine.travel(moment(TODAY), tick=False)
def test_a_core_secondee_cools_off_three_years_from_the_end_date_and_may_be_given_five(
    county: County,
) -> None:
    secondment = in_post(county, TODAY, person=make_secondee(county, clearance=Clearance.CORE), days_left=-2)
    by = county.secrecy_head.user
    secondees.secondment_record_step(by=by, secondment=secondment, kind="reminder_talk", done_on=TODAY)
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_hand_over(
            by=by,
            secondment=secondment,
            done_on=TODAY,
            taken_over_by=county.unit_heads[1],
            cooling_off_years=6,
        )
    assert refused.value.code == "cooling_off_out_of_range" and "3至5年" in refused.value.message
    step = secondees.secondment_hand_over(
        by=by, secondment=secondment, done_on=TODAY, taken_over_by=county.unit_heads[1], cooling_off_years=5
    )
    assert step.cooling_off_ends_on == date(2031, 11, 8)  # the end date (two days ago) + 5 years
    default = in_post(county, TODAY, person=make_secondee(county, clearance=Clearance.CORE, username="c2"))
    assert secondees.cooling_off_for(Clearance.CORE) == secondees.CoolingOff(3, 3, 5)
    assert secondees.cooling_off_for(Clearance.NONE) is None
    assert default.pk


@time_machine.travel(moment(TODAY), tick=False)
def test_a_step_out_of_order_is_refused_audited_and_changes_nothing(county: County) -> None:
    by = county.secrecy_head.user
    secondment = register(county, make_secondee(county), starts_on=TODAY, ends_on=TODAY + timedelta(days=30))
    before = SecondmentStep.objects.count()
    cases = [
        ("training", {}, "out_of_order", "请先登记派出单位审查，再登记保密教育培训"),
        ("reminder_talk", {}, "not_started", "跟班学习人员尚未上岗"),
    ]
    for kind, extra, code, words in cases:
        with pytest.raises(ServiceError) as refused:
            secondees.secondment_record_step(by=by, secondment=secondment, kind=kind, done_on=TODAY, **extra)
        assert refused.value.code == code and words in refused.value.message
    # Leaving before starting: the hand-over is refused too.
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_hand_over(
            by=by, secondment=secondment, done_on=TODAY, taken_over_by=county.unit_heads[1]
        )
    assert refused.value.code == "not_started"
    # The vetting is the sending unit's.
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_record_step(
            by=by, secondment=secondment, kind="vetting", done_on=TODAY, done_by=county.office_clerk
        )
    assert refused.value.code == "vetting_outside_sending_unit"
    assert SecondmentStep.objects.count() == before
    assert Secondment.objects.get(pk=secondment.pk).version == secondment.version
    assert _denied("step") == ["out_of_order", "not_started", "vetting_outside_sending_unit"]
    assert _denied("handover") == ["not_started"]
    # In post, the hand-over still waits for the reminder talk.
    started = in_post(county, TODAY, person=make_secondee(county, username="cgz_gb2"))
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_hand_over(
            by=by, secondment=started, done_on=TODAY, taken_over_by=county.unit_heads[1]
        )
    assert refused.value.code == "out_of_order"
    assert secondees.stage_of(started) == Stage.IN_POST


@time_machine.travel(moment(TODAY), tick=False)
def test_ending_with_a_carrier_still_held_is_refused_until_it_is_back(county: County) -> None:
    by = county.secrecy_head.user
    person = make_secondee(county)
    secondment = in_post(county, TODAY, person=person)
    secondees.secondment_record_step(by=by, secondment=secondment, kind="reminder_talk", done_on=TODAY)
    carrier = Carrier.objects.create(
        number="XWB-2026-000007",
        title="某秘密级会议材料",
        registered_by=by,
        classification=Classification.CONFIDENTIAL,
        state=CarrierState.LENT,
        holder=person,
        due_on=TODAY,
    )
    assert secondees.standing_of(secondment).missing == ["退还涉密载体1件", "脱密期委托管理手续"]
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_hand_over(
            by=by, secondment=secondment, done_on=TODAY, taken_over_by=county.unit_heads[1]
        )
    assert refused.value.code == "carriers_held"
    assert refused.value.message.startswith("跟班学习人员尚有1件涉密载体未退还（XWB-2026-000007）")
    assert "某秘密级会议材料" not in refused.value.message  # a carrier is named by its number only
    assert not SecondmentStep.objects.filter(kind=StepKind.HANDOVER).exists()
    assert _denied("handover") == ["carriers_held"]
    Carrier.objects.filter(pk=carrier.pk).update(state=CarrierState.IN_CABINET, holder=None)
    secondees.secondment_hand_over(
        by=by, secondment=secondment, done_on=TODAY, taken_over_by=county.unit_heads[1]
    )
    assert secondees.stage_of(secondment) == Stage.HANDED_OVER


@time_machine.travel(moment(TODAY), tick=False)
def test_a_liaison_from_outside_the_host_department_and_an_end_before_the_start_are_refused(
    county: County,
) -> None:
    by = county.secrecy_head.user
    person = make_secondee(county)
    common = {"by": by, "person": person, "host_department": county.general_department, "needs": ""}
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_create(
            **common, liaison=county.secrecy_officer, starts_on=TODAY, ends_on=TODAY + timedelta(days=9)
        )
    assert refused.value.code == "liaison_outside_department" and refused.value.field == "liaison"
    assert "综合科" in refused.value.message
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_create(
            **common, liaison=county.office_clerk, starts_on=TODAY, ends_on=TODAY - timedelta(days=1)
        )
    assert refused.value.code == "ends_before_starts" and refused.value.field == "ends_on"
    assert not Secondment.objects.exists() and not SecondmentStep.objects.exists()
    assert _denied("create") == ["liaison_outside_department", "ends_before_starts"]
    # Changing the liaison later keeps to the same rule.
    secondment = register(county, person, starts_on=TODAY, ends_on=TODAY + timedelta(days=9))
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_name_liaison(by=by, secondment=secondment, liaison=county.confidential_clerk)
    assert refused.value.code == "liaison_outside_department"
    assert Secondment.objects.get(pk=secondment.pk).liaison == county.office_clerk
    assert _denied("liaison") == ["liaison_outside_department"]


@time_machine.travel(moment(TODAY), tick=False)
def test_only_the_secrecy_office_registers_and_records(county: County) -> None:
    person = make_secondee(county)
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_create(
            by=county.office_clerk.user,
            person=person,
            host_department=county.general_department,
            liaison=county.office_clerk,
            starts_on=TODAY,
            ends_on=TODAY + timedelta(days=9),
        )
    assert refused.value.code == "not_allowed"
    secondment = register(county, person, starts_on=TODAY, ends_on=TODAY + timedelta(days=9))
    with pytest.raises(ServiceError) as refused:
        secondees.secondment_record_step(
            by=county.office_clerk.user,
            secondment=secondment,
            kind="vetting",
            done_on=TODAY,
            done_by=county.unit_heads[1],
        )
    assert refused.value.code == "not_allowed"
    # The director keeps the ledgers with the 保密办.
    secondees.secondment_record_step(
        by=county.director.user,
        secondment=secondment,
        kind="vetting",
        done_on=TODAY,
        done_by=county.unit_heads[1],
    )
    assert secondees.stage_of(secondment) == Stage.TRAINING


@time_machine.travel(moment(TODAY), tick=False)
def test_the_to_dos_of_the_secrecy_office_and_the_liaison(county: County) -> None:
    waiting = register(
        county, make_secondee(county), starts_on=TODAY + timedelta(days=5), ends_on=TODAY + timedelta(days=60)
    )
    ending = in_post(county, TODAY, person=make_secondee(county, username="cgz_gb2"), days_left=5)
    quiet = in_post(county, TODAY, person=make_secondee(county, username="cgz_gb3"), days_left=40)
    office = {item.url: item for item in secondees.secondee_todos(county.secrecy_head.user)}
    assert set(office) == {secondees.secondment_url(waiting), secondees.secondment_url(ending)}
    assert office[secondees.secondment_url(waiting)].note == "派出单位审查、保密教育培训、签订保密承诺书"
    assert office[secondees.secondment_url(ending)].note == "跟班学习即将结束"
    liaison = [item.url for item in secondees.secondee_todos(county.office_clerk.user)]
    assert liaison == [secondees.secondment_url(ending)]
    assert secondees.secondee_todos(county.clerks[1].user) == []
    assert quiet.pk
