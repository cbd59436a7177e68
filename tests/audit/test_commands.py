"""`zhongshu audit verify` and `zhongshu bench` from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhongshu.audit.models import AuditEvent
from zhongshu.core.bench import get_bench, register_bench

from .conftest import attacker_sql

pytestmark = pytest.mark.django_db


def _verify(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_verify_prints_ok_and_an_anchor(five_events):
    code, out = _verify()
    assert code == 0
    assert out.splitlines() == [
        "OK: 5 events, chain intact",
        f"anchor: 5:{five_events[-1].entry_hash}",
        "anchor log: off (ZHONGSHU_AUDIT_ANCHOR_DIR is empty)",  # tests turn it on where they need it
    ]


def test_verify_exits_1_naming_the_altered_event(five_events):
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET outcome = 'denied' WHERE seq = 4")
    assert _verify() == (
        1,
        "FAILED: event #4 altered: event #4 was altered: its content no longer matches its hash\n",
    )


def test_verify_exits_1_naming_the_deleted_event(five_events):
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    assert _verify() == (1, "FAILED: event #2 missing: event #2 is missing: the chain goes from #1 to #3\n")


def test_verify_with_an_anchor_catches_a_cut_off_tail(five_events):
    anchor = f"5:{five_events[-1].entry_hash}"
    assert _verify("--anchor", anchor)[0] == 0
    with attacker_sql() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 5")
    assert _verify("--anchor", anchor) == (
        1,
        (
            "FAILED: event #5 missing: the chain ends at #4 but the anchor names event #5: events #5 to #5 were cut "
            "off the end\n"
        ),
    )
    with pytest.raises(CommandError, match="--anchor must be SEQ:HASH"):
        call_command("audit", "verify", "--anchor", "five")


@pytest.mark.django_db(transaction=True)
def test_the_zhongshu_command_prints_ok_then_failed_with_exit_codes():
    # A real `zhongshu` process reads the committed test database.
    from django.conf import settings as live

    from zhongshu.audit.services import audit_record

    from .test_concurrency import _database_url

    for n in range(3):
        audit_record(actor=None, action="doc.create", object_id=n)
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "ZHONGSHU_AUDIT_KEY": live.ZHONGSHU_AUDIT_KEY,
        "ZHONGSHU_AUDIT_KEY_FILE": str(live.ZHONGSHU_AUDIT_KEY_FILE),
    }
    command = [os.path.join(os.path.dirname(sys.executable), "zhongshu"), "audit", "verify"]
    ok = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert (ok.returncode, ok.stdout.splitlines()[0]) == (0, "OK: 3 events, chain intact")
    with attacker_sql() as cursor:
        cursor.execute("UPDATE audit_auditevent SET object_id = '99' WHERE seq = 2")
    failed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert (failed.returncode, failed.stdout) == (
        1,
        "FAILED: event #2 altered: event #2 was altered: its content no longer matches its hash\n",
    )


def _bench(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("bench", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_bench_audit_json_prints_one_object_with_the_figures_and_leaves_nothing(db):
    code, out, _ = _bench("audit", "--json", "--events", "20")
    figures = json.loads(out)
    assert code == 0
    assert list(figures) == ["events", "append_events_per_s", "verify_events_per_s", "sm3_mb_per_s"]
    assert figures["events"] == 20
    assert all(figures[key] > 0 for key in figures)
    assert out.count("\n") == 1
    assert AuditEvent.objects.count() == 0  # the bench's events were rolled back


def test_bench_audit_plain_prints_one_figure_a_line(db):
    code, out, _ = _bench("audit", "--events", "5")
    lines = out.splitlines()
    assert code == 0
    assert [line.split(": ")[0] for line in lines] == [
        "events",
        "append_events_per_s",
        "verify_events_per_s",
        "sm3_mb_per_s",
    ]
    assert lines[0] == "events: 5"


def test_an_unknown_bench_lists_the_known_ones_and_exits_2():
    code, out, err = _bench("nosuch")
    assert code == 2 and out == ""
    assert err.splitlines()[0] == "unknown bench 'nosuch'"
    assert err.splitlines()[1] == "known benches:"
    assert any(line.split()[0] == "audit" for line in err.splitlines()[2:])


def test_a_registered_bench_gets_its_own_arguments():
    def add_arguments(parser):
        parser.add_argument("--size", type=int, default=1)

    register_bench("echo-test", lambda args: {"size_items": args.size}, add_arguments, "echoes --size")
    try:
        assert _bench("echo-test", "--size", "7") == (0, "size_items: 7\n", "")
        assert _bench("echo-test", "--json") == (0, '{"size_items": 1}\n', "")
    finally:
        from zhongshu.core import bench

        del bench._BENCHES["echo-test"]
    assert get_bench("echo-test") is None
