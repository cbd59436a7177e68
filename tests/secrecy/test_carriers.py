"""The carriers ledger's services: numbering, every movement and its refusals (audited, nothing changed), the
绝密 two-person rule, custody from the latest event equal to the snapshot and to a replay of all events, and a
classified copy printed by the documents module entering the ledger."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tests.secrecy.carriers_helpers import cabinet, carrier, fresh, secret_document
from tests.secrecy.conftest import County
from zhongshu.access.links import made_from
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Classification
from zhongshu.core.errors import Conflict, Forbidden, InvalidTransition, ServiceError
from zhongshu.documents.services import document_print_copy
from zhongshu.secrecy import carriers
from zhongshu.secrecy.models_carriers import Carrier, CarrierEvent, CarrierState


def denied(action: str) -> int:
    return AuditEvent.objects.filter(action=f"secrecy.carrier.{action}", outcome="denied").count()


def unchanged(record: Carrier, events: int) -> None:
    now = fresh(record)
    assert (now.state, now.holder_id, now.cabinet_id, now.due_on, now.version) == (
        record.state,
        record.holder_id,
        record.cabinet_id,
        record.due_on,
        record.version,
    )
    assert CarrierEvent.objects.filter(carrier=record).count() == events


def test_registering_numbers_each_unit_s_carriers_by_year_and_puts_them_in_the_cabinet(
    county: County,
) -> None:
    first, second = carrier(county), carrier(county)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"XWB-{year}-000001", f"XWB-{year}-000002")
    assert (first.state, first.cabinet, first.holder) == (CarrierState.IN_CABINET, cabinet(county), None)
    assert list(first.events.values_list("kind", flat=True)) == ["register"]
    assert AuditEvent.objects.filter(action="secrecy.carrier.register", object_id=str(first.pk)).exists()
    assert carriers.custody_of(first.pk).cabinet_id == cabinet(county).pk


def test_only_state_secrets_and_only_the_secrecy_office_register(county: County) -> None:
    cabinet(county)
    with pytest.raises(ServiceError) as caught:
        carriers.register_carrier(
            by=county.secrecy_head.user,
            title="内部材料",
            classification=Classification.INTERNAL,
            secrecy_term_years=None,
            kind="paper",
            source="",
            cabinet=cabinet(county),
            custodian=county.confidential_clerk,
        )
    assert caught.value.code == "not_state_secret"
    with pytest.raises(Forbidden):
        carriers.register_carrier(
            by=county.office_clerk.user,
            title="机密材料",
            classification=Classification.SECRET,
            secrecy_term_years=None,
            kind="paper",
            source="",
            cabinet=cabinet(county),
            custodian=county.confidential_clerk,
        )
    with pytest.raises(ServiceError) as caught:
        carriers.register_carrier(
            by=county.secrecy_head.user,
            title="机密材料",
            classification=Classification.SECRET,
            secrecy_term_years=25,
            kind="paper",
            source="",
            cabinet=cabinet(county),
            custodian=county.confidential_clerk,
        )
    assert caught.value.code == "term_beyond_maximum"
    assert Carrier.objects.count() == 0
    assert denied("register") == 3


def test_a_cleared_person_in_the_need_to_know_borrows_until_the_default_due_date(county: County) -> None:
    record = carrier(county, people=(county.director,))
    event = carriers.carrier_borrow(by=county.secrecy_head.user, carrier=record, borrower=county.director)
    record = fresh(record)
    today = timezone.localdate()
    assert (record.state, record.holder, record.cabinet) == (CarrierState.LENT, county.director, None)
    assert record.due_on == event.due_on == today + timedelta(days=7)
    assert (event.from_person, event.to_person) == (county.confidential_clerk, county.director)
    assert list(carriers.held_by(county.director.pk)) == [record]
    carriers.carrier_return(by=county.director.user, carrier=record)
    record = fresh(record)
    assert (record.state, record.cabinet, record.holder, record.due_on) == (
        CarrierState.IN_CABINET,
        cabinet(county),
        None,
        None,
    )
    assert list(carriers.held_by(county.director.pk)) == []


def test_borrowing_beyond_clearance_or_outside_need_to_know_is_refused_audited_and_changes_nothing(
    county: County,
) -> None:
    record = carrier(county, people=(county.office_clerk,))
    events = record.events.count()
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_borrow(by=county.secrecy_head.user, carrier=record, borrower=county.office_clerk)
    assert (caught.value.code, caught.value.message) == (
        "beyond_clearance",
        "周文书的涉密等级不能借阅机密载体",
    )
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_borrow(by=county.secrecy_head.user, carrier=record, borrower=county.unit_heads[0])
    assert (caught.value.code, caught.value.message) == (
        "outside_need_to_know",
        "财政科长不在该载体的知悉范围内，不能借阅",
    )
    unchanged(record, events)
    assert denied("borrow") == 2
    assert not record.need_to_know_people.filter(pk=county.unit_heads[0].pk).exists()


def test_a_borrowing_follows_the_source_document_s_need_to_know(county: County) -> None:
    document = secret_document(county)
    record = carrier(county, source_record=document)
    # The unit head (重要) is not in the document's 知悉范围: refused; once he is, he may borrow the copy.
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_borrow(by=county.secrecy_head.user, carrier=record, borrower=county.unit_heads[0])
    assert caught.value.code == "outside_need_to_know"
    document.need_to_know_people.add(county.unit_heads[0])
    carriers.carrier_borrow(by=county.secrecy_head.user, carrier=record, borrower=county.unit_heads[0])
    assert fresh(record).holder == county.unit_heads[0]
    assert record.need_to_know_people.filter(pk=county.unit_heads[0].pk).exists()


def test_returning_a_carrier_that_is_not_out_is_refused(county: County) -> None:
    record = carrier(county)
    with pytest.raises(InvalidTransition) as caught:
        carriers.carrier_return(by=county.secrecy_head.user, carrier=record)
    assert (caught.value.code, caught.value.message) == ("not_out", "该载体未借出或领用，不能归还")
    unchanged(record, 1)
    assert denied("return") == 1


def test_destroying_takes_two_different_people_and_a_record_and_then_nothing_moves_it(county: County) -> None:
    record = carrier(county)
    head, clerk = county.secrecy_head, county.confidential_clerk
    attempts = [
        ({"destroyer": head, "second_person": None, "note": "粉碎"}, "second_person_required"),
        ({"destroyer": head, "second_person": head, "note": "粉碎"}, "second_person_same"),
        ({"destroyer": head, "second_person": clerk, "note": " "}, "destroy_record_required"),
        ({"destroyer": head, "second_person": county.office_clerk, "note": "粉碎"}, "beyond_clearance"),
    ]
    for fields, code in attempts:
        with pytest.raises(ServiceError) as caught:
            carriers.carrier_destroy(by=head.user, carrier=record, **fields)
        assert caught.value.code == code
    unchanged(record, 1)
    assert denied("destroy") == 4
    event = carriers.carrier_destroy(
        by=head.user, carrier=record, destroyer=head, second_person=clerk, note="送县保密局销毁中心粉碎"
    )
    assert (event.from_person, event.second_person) == (head, clerk)
    record = fresh(record)
    assert (record.state, record.cabinet, record.holder) == (CarrierState.DESTROYED, None, None)
    with pytest.raises(InvalidTransition) as caught:
        carriers.carrier_borrow(by=head.user, carrier=record, borrower=county.director)
    assert (caught.value.code, caught.value.message) == ("carrier_gone", "该载体已销毁，不能再流转")
    unchanged(record, 2)
    assert denied("borrow") == 1


def test_a_top_secret_carrier_moves_only_with_two_named_people(county: County) -> None:
    record = carrier(county, classification=Classification.TOP_SECRET, people=(county.director,))
    head = county.secrecy_head
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_borrow(by=head.user, carrier=record, borrower=county.director)
    assert (caught.value.code, caught.value.message) == (
        "second_person_required",
        "绝密载体的流转须由两人办理，请选择第二人",
    )
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_borrow(
            by=head.user, carrier=record, borrower=county.director, second_person=county.director
        )
    assert caught.value.code == "second_person_same"
    with pytest.raises(ServiceError) as caught:  # 重要 is not cleared for 绝密
        carriers.carrier_borrow(
            by=head.user, carrier=record, borrower=county.director, second_person=county.secrecy_officer
        )
    assert caught.value.code == "beyond_clearance"
    unchanged(record, 1)
    assert denied("borrow") == 3
    event = carriers.carrier_borrow(
        by=head.user, carrier=record, borrower=county.director, second_person=county.leader
    )
    assert event.second_person == county.leader
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_return(by=county.director.user, carrier=record)
    assert caught.value.code == "second_person_required"
    carriers.carrier_return(by=county.director.user, carrier=record, second_person=county.confidential_clerk)
    assert fresh(record).state == CarrierState.IN_CABINET


def test_collecting_is_for_the_named_person_in_person_and_transfer_goes_to_a_cleared_person(
    county: County,
) -> None:
    record = carrier(county, custodian=county.confidential_clerk)
    with pytest.raises(Forbidden) as caught:
        carriers.carrier_collect(by=county.office_clerk.user, carrier=record)
    assert caught.value.code == "not_named"
    carriers.carrier_collect(by=county.confidential_clerk.user, carrier=record)
    record = fresh(record)
    assert (record.state, record.holder) == (CarrierState.HELD, county.confidential_clerk)
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_transfer(
            by=county.confidential_clerk.user, carrier=record, to_person=county.office_clerk
        )
    assert caught.value.code == "beyond_clearance"
    carriers.carrier_transfer(by=county.confidential_clerk.user, carrier=record, to_person=county.director)
    record = fresh(record)
    assert (record.state, record.holder) == (CarrierState.HELD, county.director)
    assert record.need_to_know_people.filter(pk=county.director.pk).exists()
    with pytest.raises(ServiceError) as caught:
        carriers.carrier_return_to_issuer(by=county.secrecy_head.user, carrier=record, note=" ")
    assert caught.value.code == "note_required"
    carriers.carrier_return_to_issuer(by=county.secrecy_head.user, carrier=record, note="退回市委办公室")
    assert fresh(record).state == CarrierState.RETURNED_TO_ISSUER


def test_a_stale_version_is_refused(county: County) -> None:
    record = carrier(county, people=(county.director,))
    carriers.carrier_borrow(
        by=county.secrecy_head.user, carrier=record, borrower=county.director, version=1 + 0
    )
    with pytest.raises(Conflict):
        carriers.carrier_return(by=county.director.user, carrier=record, version=1)
    assert fresh(record).state == CarrierState.LENT


def _random_move(county: County, record: Carrier, rng: random.Random, people: list[Any]) -> None:
    record = fresh(record)
    head = county.secrecy_head.user
    if record.state == CarrierState.IN_CABINET:
        choice = rng.random()
        if choice < 0.45:
            carriers.carrier_borrow(by=head, carrier=record, borrower=rng.choice(people))
        elif choice < 0.8:
            carriers.carrier_collect(by=county.confidential_clerk.user, carrier=record)
        elif choice < 0.9:
            carriers.carrier_return_to_issuer(by=head, carrier=record, note="退回")
        else:
            carriers.carrier_destroy(
                by=head,
                carrier=record,
                destroyer=county.secrecy_head,
                second_person=county.confidential_clerk,
                note="粉碎",
            )
    elif record.state == CarrierState.HELD and rng.random() < 0.5:
        target = rng.choice([p for p in people if p.pk != record.holder_id])
        carriers.carrier_transfer(by=head, carrier=record, to_person=target)
    elif record.state in carriers.OUT_STATES:
        carriers.carrier_return(
            by=head, carrier=record, cabinet=rng.choice([cabinet(county), cabinet(county, "2号专柜")])
        )


def test_custody_from_the_latest_event_equals_the_snapshot_and_the_replay_after_random_movements(
    county: County,
) -> None:
    rng = random.Random(20)
    people = [county.director, county.leader, county.secrecy_head, county.secrecy_officer]
    records = [carrier(county, people=tuple(people)) for _ in range(8)]
    for _ in range(60):
        _random_move(county, rng.choice(records), rng, people)
    for record in records:
        record = fresh(record)
        latest = carriers.custody_of(record.pk)
        replayed = carriers.replay(record.events.all())
        assert latest == replayed == carriers.snapshot(record), record.number
        assert record.version == record.events.count()


def test_a_printed_secret_copy_enters_the_ledger_held_by_its_printer(county: County) -> None:
    document = secret_document(county)
    copy = document_print_copy(document=document, by=county.confidential_clerk.user)
    record = Carrier.objects.get(source_id=document.pk)
    assert (record.copy_number, record.classification, record.secrecy_term_years) == (
        copy.copy_number,
        Classification.SECRET,
        10,
    )
    assert (record.state, record.holder, record.owner_person, record.cabinet) == (
        CarrierState.HELD,
        county.confidential_clerk,
        county.confidential_clerk,
        None,
    )
    assert (record.title, record.source) == (document.title, "县委办公室")
    # The document's page shows its copy on the ledger to those who may see it (the 保密办 head and the
    # printer), and to nobody else.
    links = made_from(document, county.secrecy_head.user)
    assert [link.title for link in links] == [f"{record.number}（份号000001）"]
    assert made_from(document, county.office_clerk.user) == []
    # It goes into a cabinet when the printer returns it.
    carriers.carrier_return(by=county.confidential_clerk.user, carrier=record, cabinet=cabinet(county))
    assert fresh(record).state == CarrierState.IN_CABINET


def test_an_internal_copy_stays_off_the_ledger(county: County) -> None:
    document = secret_document(county)
    document.classification = Classification.INTERNAL
    document.save(update_fields=["classification"])
    document_print_copy(document=document, by=county.confidential_clerk.user)
    assert Carrier.objects.count() == 0


def test_a_registrar_registers_only_carriers_within_his_own_clearance(county: County) -> None:
    """The register form offers only the levels the registrar may know; the service refuses the rest, so the API
    cannot go round the form: a 重要 保密员 cannot put a 绝密 title on the ledger."""
    shelf = cabinet(county)
    before = Carrier.objects.count()
    with pytest.raises(ServiceError) as refused:
        carriers.register_carrier(
            by=county.secrecy_officer.user,  # 保密员, 重要
            title="绝密级作战预案",
            classification=Classification.TOP_SECRET,
            secrecy_term_years=None,
            kind="paper",
            source="县人武部",
            cabinet=shelf,
            custodian=county.confidential_clerk,
        )
    assert (refused.value.code, refused.value.field) == ("above_clearance", "classification")
    assert Carrier.objects.count() == before
    assert denied("register") == 1
    # Within his clearance he registers as any keeper of the ledger does.
    carriers.register_carrier(
        by=county.secrecy_officer.user,
        title="机密级通报",
        classification=Classification.SECRET,
        secrecy_term_years=None,
        kind="paper",
        source="市委办公室",
        cabinet=shelf,
        custodian=county.confidential_clerk,
    )
    assert Carrier.objects.count() == before + 1
