"""What the module benches share: a scratch database beside the developer's (the bench's data never goes into
his), raw multi-row inserts for millions of rows, the planner's statistics, a timer of wall and CPU time, and a
signed-in client for timing pages. Each module's bench (`zhongshu bench duty|meetings|information`) builds its
own data with these and times its own functions."""

from __future__ import annotations

import importlib
import os
import statistics
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import models


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def median(values: list[float]) -> float:
    return float(statistics.median(values))


def optional(module: str, name: str) -> Any:
    """A part's function, or None while the part does not have it (the bench then says so in its notes)."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


@contextmanager
def scratch_database(bench: str, *, keep: bool = False) -> Iterator[str]:
    """Point the default connection at a scratch database for the duration (SQLite `bench-<bench>-<pid>.sqlite3`
    in the var folder, or `bench-<bench>.sqlite3` when kept; PostgreSQL `bench_<bench>_<name>`), then drop it
    unless kept."""
    from django.conf import settings
    from django.db import connection

    settings_dict = connection.settings_dict
    old_name, old_test = settings_dict["NAME"], dict(settings_dict.get("TEST") or {})
    sqlite = connection.vendor == "sqlite"
    file_name = f"bench-{bench}.sqlite3" if keep else f"bench-{bench}-{os.getpid()}.sqlite3"
    name = str(settings.VAR_DIR / file_name) if sqlite else f"bench_{bench}_{old_name}"[:63]
    settings_dict["TEST"] = {**old_test, "NAME": name}
    connection.close()
    created: str = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=keep, serialize=False
    )
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield created
    finally:
        if keep:
            connection.close()
            settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            if sqlite:
                for suffix in ("-wal", "-shm"):
                    Path(created + suffix).unlink(missing_ok=True)
        settings_dict["TEST"] = old_test


class RawTable:
    """Raw inserts into a model's table: every concrete column, the model's defaults for the ones not given.
    Rows without an id of their own (`with_id=False`) leave the column out, so the database numbers them
    (PostgreSQL's COPY would otherwise write NULL into the primary key)."""

    def __init__(self, model: type[models.Model], *, with_id: bool = True) -> None:
        from django.db import connection

        self.model = model
        self.table = model._meta.db_table
        self.fields = [f for f in model._meta.concrete_fields if with_id or f.attname != "id"]
        self.columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        self.defaults = {
            f.attname: None if f.null else f.get_default() for f in self.fields if f.attname != "id"
        }
        self.sqlite = connection.vendor == "sqlite"

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        from django.db import connection

        out = []
        for f in self.fields:
            value = values[f.attname] if f.attname in values else self.defaults.get(f.attname)
            if self.sqlite and isinstance(value, datetime):
                value = connection.ops.adapt_datetimefield_value(value)
            elif self.sqlite and isinstance(value, date):
                value = value.isoformat()
            out.append(value)
        return tuple(out)

    def insert(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self.sqlite:
            one = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
            cursor.executemany(f"INSERT INTO {self.table} ({self.columns}) VALUES {one}", rows)  # noqa: S608
            return
        with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    """After rows were inserted with their own ids, the next ORM insert must not reuse one (PostgreSQL)."""
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
            cursor.execute(sql)


def analyze(tables: Iterable[str]) -> None:
    """Fresh planner statistics for the tables just filled (PostgreSQL's autovacuum would come too late)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")


class Timer:
    """Wall time and this process's CPU time of each timed call (SQLite runs in the process, so its CPU time is
    the figure a busy shared machine does not inflate; on PostgreSQL the server's work is not in it)."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @contextmanager
    def __call__(self) -> Iterator[None]:
        begin, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall.append(ms_since(begin))
        self.cpu.append((time.process_time() - cpu) * 1000)


def signed_in_client(user: Any) -> Any:
    """A test client signed in with a verified second factor, as the platform's own test helper does."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def guarded(key: str, notes: list[str], failed: Any, fn: Any, *args: Any) -> Any:
    """A part's function that fails (its page not wired yet, a half-landed change) gives `failed` and a note
    instead of ending the run; the other figures are still measured."""
    from django.db import transaction

    try:
        with transaction.atomic():
            return fn(*args)
    except Exception as error:  # noqa: BLE001 - any failure of another part's code is reported, not raised
        notes.append(f"{key}: null — the call failed: {type(error).__name__}: {error}")
        return failed


def with_targets(figures: dict[str, Any], targets: dict[str, tuple[str, float]]) -> dict[str, Any]:
    """The figures as the plain output prints them: each target beside its figure, the notes one a line."""
    out: dict[str, Any] = {}
    for key, value in figures.items():
        if key in targets:
            target, bound = targets[key]
            if value is None:
                out[key] = f"— (target {target}; not measured, see notes)"
            else:
                out[key] = f"{value} (target {target}: {'met' if value <= bound else 'MISSED'})"
        elif key == "notes":
            out[key] = "".join(f"\n  - {note}" for note in value)
        else:
            out[key] = value
    return out
