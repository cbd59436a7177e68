"""Someone with database access alters, deletes or inserts rows by SQL; verify names the exact event.

Runs on SQLite and, with DATABASE_URL, on PostgreSQL (where the attacker must first disable the trigger).
"""

from __future__ import annotations

import pytest
from django.db import connection

from zhongshu.audit.chain import verify_chain

from .conftest import attacker_sql, row

pytestmark = pytest.mark.django_db

COLUMNS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "source_address",
    "action",
    "object_type",
    "object_id",
    "classification",
    "outcome",
    "details",
    "prev_hash",
    "entry_hash",
)


def _insert(cursor, values: dict) -> None:
    placeholders = ", ".join(["%s"] * len(COLUMNS))
    cursor.execute(
        f"INSERT INTO audit_auditevent ({', '.join(COLUMNS)}) VALUES ({placeholders})",
        [values[name] for name in COLUMNS],
    )


def _renumber(cursor, *, start: int, end: int, by: int) -> None:
    # One row at a time, in an order that never collides with the unique seq.
    order = range(end, start - 1, -1) if by > 0 else range(start, end + 1)
    for seq in order:
        cursor.execute("UPDATE audit_auditevent SET seq = %s WHERE seq = %s", [seq + by, seq])


def test_an_untouched_chain_is_ok(five_events):
    result = verify_chain()
    assert result.summary() == "OK: 5 events, chain intact"
    assert (result.last_seq, result.last_hash) == (5, five_events[-1].entry_hash)


def test_an_updated_action_names_the_event_altered(five_events):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'doc.view' WHERE seq = 3")
    assert verify_chain().summary() == (
        "FAILED: event #3 altered: event #3 was altered: its content no longer matches its hash"
    )


def test_updated_details_name_the_event_altered(five_events):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET details = %s WHERE seq = 2", ['{"n": 99}'])
    problem = verify_chain().problem
    assert (problem.seq, problem.kind) == (2, "altered")


def test_an_updated_time_names_the_event_altered(five_events):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET occurred_at = %s WHERE seq = 4", ["2020-01-01 00:00:00"])
    problem = verify_chain().problem
    assert (problem.seq, problem.kind) == (4, "altered")


def test_an_updated_stored_hash_names_the_event_altered(five_events):
    with attacker_sql() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET entry_hash = %s, prev_hash = %s WHERE seq = 3", ["f" * 64, "e" * 64]
        )
    problem = verify_chain().problem
    assert (problem.seq, problem.kind) == (3, "altered")


def test_a_deleted_middle_event_is_named_missing(five_events):
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")
    assert verify_chain().summary() == (
        "FAILED: event #3 missing: event #3 is missing: the chain goes from #2 to #4"
    )


def test_a_deleted_first_event_is_named_missing(five_events):
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 1")
    assert verify_chain().summary() == (
        "FAILED: event #1 missing: event #1 is missing: the chain starts at #2"
    )


def test_two_deleted_events_are_named_as_a_range(five_events):
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq IN (2, 3)")
    assert verify_chain().summary() == (
        "FAILED: event #2 missing: events #2 to #3 are missing: the chain goes from #1 to #4"
    )


def test_a_deletion_hidden_by_renumbering_is_still_named_missing(five_events):
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 3")
        _renumber(cursor, start=4, end=5, by=-1)
    assert verify_chain().summary() == (
        "FAILED: event #3 missing: an event is missing after #2: the next event, now numbered #3, does not "
        "link to #2 (later events were renumbered to hide the gap)"
    )


def test_a_row_inserted_after_the_last_is_named(five_events):
    with attacker_sql() as cursor:
        _insert(
            cursor,
            {
                **row(5),
                "seq": 6,
                "action": "auth.login",
                "prev_hash": five_events[-1].entry_hash,
                "entry_hash": "a" * 64,
                "details": "{}",
            },
        )
    assert verify_chain().summary() == (
        "FAILED: event #6 altered_or_inserted: event #6 does not match its hash and no later event vouches "
        "for it: it was altered, or inserted after the end of the chain"
    )


def test_a_row_inserted_with_a_far_seq_is_named_inserted(five_events):
    with attacker_sql() as cursor:
        _insert(cursor, {**row(5), "seq": 100, "entry_hash": "a" * 64, "details": "{}"})
    assert verify_chain().summary() == (
        "FAILED: event #100 inserted: event #100 was inserted: it does not match its hash, and the last "
        "genuine event is #5"
    )


def test_a_row_slipped_into_the_middle_with_renumbering_is_named_inserted(five_events):
    with attacker_sql() as cursor:
        _renumber(cursor, start=4, end=5, by=1)
        _insert(
            cursor,
            {
                **row(3),
                "seq": 4,
                "action": "doc.delete",
                "prev_hash": five_events[2].entry_hash,
                "entry_hash": "b" * 64,
                "details": "{}",
            },
        )
    assert verify_chain().summary() == (
        "FAILED: event #4 inserted: event #4 was inserted: it does not match its hash, and the next genuine "
        "event (#5) links straight to #3"
    )


def test_a_replayed_copy_of_a_genuine_row_is_named_inserted(five_events):
    with attacker_sql() as cursor:
        copy = row(2)
        _insert(cursor, {**copy, "seq": 6, "details": '{"n": 2, "note": "测试"}'})
    assert verify_chain().summary() == (
        "FAILED: event #6 inserted: event #6 was inserted: it is a copy of event #2"
    )


def test_a_changed_number_alone_is_named(five_events):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET seq = 9 WHERE seq = 5")
    assert verify_chain().summary() == (
        "FAILED: event #5 renumbered: the event after #4 is genuine and in its place, but its number was "
        "changed to #9"
    )


def test_events_cut_off_the_end_are_caught_by_an_anchor(five_events):
    anchor = (5, five_events[-1].entry_hash)
    assert verify_chain(anchor=anchor).ok
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 4")
    assert verify_chain().ok  # no chain can see its own end cut off ...
    assert verify_chain(anchor=anchor).summary() == (  # ... but the anchor kept elsewhere can
        "FAILED: event #4 missing: the chain ends at #3 but the anchor names event #5: events #4 to #5 were "
        "cut off the end"
    )


def test_the_first_of_several_problems_is_named(five_events):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET actor_name = 'x' WHERE seq = 4")
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    problem = verify_chain().problem
    assert (problem.seq, problem.kind) == (2, "missing")


def test_on_postgresql_the_trigger_refuses_update_and_delete(five_events, on_postgres):
    from django.db import DatabaseError, transaction

    for statement in (
        "UPDATE audit_auditevent SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditevent WHERE seq = 5",
    ):
        with (
            pytest.raises(DatabaseError, match="audit events are append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert verify_chain().summary() == "OK: 5 events, chain intact"
