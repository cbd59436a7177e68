"""`zhongshu bench documents [--json]`: DOCX render time, numbering under 50 concurrent allocations, inbox time.

- `render_docx_ms_p50` comes from the rendering package's own `measure_render()` when it is present.
- `numbering_duplicates` / `numbering_gaps`: 50 threads, each in its own transaction, allocate a 发文字号
  serial on one counter row (the code path registration uses); the counter is removed afterwards.
- `inbox_ms_p50`: a department's incoming list over 100,000 bulk-generated documents, keyset-paged, inside a
  transaction that is rolled back, so nothing is left behind.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
import uuid

from django.db import connection, connections, transaction
from django.utils import timezone

from zhongshu.core.bench import Figures, register_bench


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--documents", type=int, default=100_000, help="incoming documents to generate")
    parser.add_argument("--threads", type=int, default=50, help="concurrent numbering transactions")


class _Rollback(Exception):
    pass


def _render_figure() -> Figures:
    try:
        from zhongshu.documents.rendering.bench import measure_render  # type: ignore[import-not-found]
    except ImportError:
        return {"render_docx_ms_p50": "unavailable"}
    result = measure_render()
    if isinstance(result, dict):
        return {"render_docx_ms_p50": "unavailable", **result}
    return {"render_docx_ms_p50": result}


def concurrent_serials(threads: int, scope: str, year: int) -> list[int]:
    from zhongshu.documents.numbering import allocate_serial

    serials: list[int] = []
    errors: list[BaseException] = []
    guard = threading.Lock()
    start = threading.Barrier(threads)

    def work() -> None:
        try:
            start.wait()
            for attempt in range(20):
                try:
                    with transaction.atomic():
                        serial = allocate_serial(scope, year)
                    break
                except Exception:  # noqa: BLE001 - SQLite may report a busy database: try again
                    if attempt == 19:
                        raise
                    time.sleep(0.05)
            with guard:
                serials.append(serial)
        except BaseException as error:  # noqa: BLE001 - reported after the join
            errors.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0]
    return serials


def _numbering_figures(threads: int) -> Figures:
    from zhongshu.documents.models import NumberCounter

    scope = f"bench:{uuid.uuid4().hex[:12]}"
    year = timezone.localdate().year
    try:
        serials = concurrent_serials(threads, scope, year)
    finally:
        NumberCounter.objects.filter(scope=scope).delete()
    duplicates = len(serials) - len(set(serials))
    gaps = max(serials, default=0) - len(set(serials))
    return {"numbering_threads": threads, "numbering_duplicates": duplicates, "numbering_gaps": gaps}


def _inbox_figure(count: int) -> Figures:
    from zhongshu.accounts.models import User
    from zhongshu.documents.models import Direction, OfficialDocument
    from zhongshu.documents.selectors import inbox
    from zhongshu.documents.states import DocState
    from zhongshu.org.models import Person, Unit

    figures: Figures = {}
    try:
        with transaction.atomic():
            tag = uuid.uuid4().hex[:8]
            unit = Unit.objects.create(name=f"基准单位{tag}", code=f"BENCH{tag}")
            user = User.objects.create(username=f"bench-{tag}")
            Person.objects.create(user=user, name="基准", unit=unit)
            today = timezone.localdate()
            batch = 5000
            for offset in range(0, count, batch):
                OfficialDocument.objects.bulk_create(
                    OfficialDocument(
                        direction=Direction.INCOMING,
                        state=DocState.REGISTERED,
                        title=f"关于第{n}项工作的通知",
                        owner_unit=unit,
                        source_unit_name="县政府办公室",
                        received_on=today,
                        incoming_year=today.year,
                        incoming_serial=n + 1,
                        incoming_number=f"收〔{today.year}〕{n + 1}号",
                    )
                    for n in range(offset, min(offset + batch, count))
                )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE documents_officialdocument")
            timings = []
            before: int | None = None
            for _ in range(40):
                started = time.perf_counter()
                page = inbox(user, unit_id=unit.pk, before=before)
                timings.append((time.perf_counter() - started) * 1000)
                before = page.next_before
            figures = {"inbox_documents": count, "inbox_ms_p50": round(statistics.median(timings), 2)}
            raise _Rollback
    except _Rollback:
        pass
    return figures


def run(args: argparse.Namespace) -> Figures:
    figures: Figures = {}
    figures.update(_render_figure())
    figures.update(_numbering_figures(args.threads))
    figures.update(_inbox_figure(args.documents))
    return figures


def register() -> None:
    register_bench(
        "documents",
        run,
        _add_arguments,
        "DOCX render median, numbering under concurrent allocations, a unit's inbox over 100,000 documents",
    )
