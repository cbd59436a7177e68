"""`zhongshu bench information [--json]`: the near-duplicate check of a new submission, the yearly ranking of
all units and (added by the reporting module, core.bench parts) one unit's compliance view.

The data never goes into the developer's database: a scratch database beside it (core.bench_data) is
migrated, filled with raw multi-row inserts and dropped at the end. What is built (defaults; `--units`,
`--items`, `--years` make a smaller run):

- 5,000 units (a fifth of them towns), each with its 信息员; the county office with an editor (the viewer)
  and the office director;
- 200,000 items spread evenly over five years up to today, 40 a unit, each 150–250 characters of text made of
  a large pool of two-character words (so unrelated items share no passage, as real ones mostly do not), one in
  five ending with the same closing sentence (下一步…: the boilerplate every real corpus has, which the check
  must not take for a duplicate of 40,000 items); each item's winnowed fingerprints (core.similarity), the
  county office in its need-to-know;
- a third of the items adopted, most of those in one of 1,400 distributed county issues (40 entries each), one
  in twelve adopted upward (市级, 省级, 国务院办公厅), a thousand instructions, a few false items, 50 commissions a
  year to 20 units each (one in five missed), and two rule-table versions (five years ago and this 1 January).

Timed: the screening part's `check_submission` on a new item whose text takes 60 % of a recent item's (each
inside a rolled-back savepoint, so every run meets the same data); the scoring part's yearly ranking of all
units for this year; and, through core.bench parts, what other modules add. A part whose function is not there
yet gives null and says so in `notes`.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from zhongshu.core.bench_data import (
    RawTable,
    Timer,
    analyze,
    guarded,
    median,
    optional,
    reset_sequences,
    scratch_database,
    with_targets,
)

BATCH = 20_000
TARGETS = {
    "duplicate_check_ms_p50": ("≤ 50 ms", 50.0),
    "ranking_year_s": ("≤ 1 s", 1.0),
    "compliance_ms_p50": ("≤ 30 ms", 30.0),
}
CLOSING = "下一步，我们将继续加大工作力度，强化督促检查，确保各项任务落到实处、取得实效。"
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
    "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
    "开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命"
    "此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求"
    "老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
)


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--units", type=int, default=5000, help="units (default 5000)")
    parser.add_argument("--items", type=int, default=200_000, help="information items (default 200000)")
    parser.add_argument("--years", type=int, default=5, help="years the items span, up to today (default 5)")
    parser.add_argument("--runs", type=int, default=30, help="timed calls of each kind (default 30)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="keep the scratch database and reuse a kept one holding the data"
    )


class County:
    """What the builders made, for the timed calls and the other modules' bench parts."""

    def __init__(self) -> None:
        self.office: int = 0
        self.units: list[int] = []
        self.writers: dict[int, int] = {}  # unit id -> its 信息员's person id
        self.editor: Any = None  # the county office's 信息员 (User)
        self.director: Any = None
        self.items: int = 0


def kept_county() -> County:
    """The county a kept scratch database already holds (`--keep`)."""
    from zhongshu.accounts.models import User
    from zhongshu.information.models import InfoReport
    from zhongshu.org.models import Person, Unit

    county = County()
    county.units = list(
        Unit.objects.filter(code__startswith="IBENCH").order_by("sort_order").values_list("pk", flat=True)
    )
    county.office = county.units[0]
    county.writers = dict(
        Person.objects.filter(user__username__startswith="benchinfo").values_list("unit_id", "pk")
    )
    county.editor = User.objects.get(username="bench_info_editor")
    county.director = User.objects.get(username="bench_info_director")
    county.items = InfoReport.objects.count()
    return county


def build_people(units: int) -> County:
    from django.contrib.auth.models import Group

    from zhongshu.accounts.models import User
    from zhongshu.base.levels import Clearance
    from zhongshu.base.roles import Role
    from zhongshu.org.models import Person, Unit, UnitKind

    county = County()
    made = Unit.objects.bulk_create(
        [
            Unit(
                name=f"基准信息单位{i:05d}",
                code=f"IBENCH{i:05d}",
                kind=UnitKind.TOWN if i % 5 == 4 else UnitKind.BUREAU,
                sort_order=i,
            )
            for i in range(units)
        ],
        batch_size=BATCH,
    )
    county.units = [unit.pk for unit in made]
    county.office = county.units[0]
    groups = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    for username, name, role in (
        ("bench_info_editor", "基准信息编辑", Role.INFO_OFFICER),
        ("bench_info_director", "基准办公室主任", Role.OFFICE_DIRECTOR),
    ):
        user = User.objects.create(username=username, password="!")
        user.groups.add(groups[role])
        Person.objects.create(user=user, unit_id=county.office, name=name, clearance=Clearance.IMPORTANT)
        if role is Role.INFO_OFFICER:
            county.editor = user
        else:
            county.director = user
    User.objects.bulk_create(
        (User(username=f"benchinfo{i:06d}", password="!") for i in range(units)), batch_size=BATCH
    )
    users = dict(User.objects.filter(username__startswith="benchinfo").values_list("username", "pk"))
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=pk, group_id=groups[Role.INFO_OFFICER].pk) for pk in users.values()],
        batch_size=BATCH,
    )
    Person.objects.bulk_create(
        [
            Person(user_id=users[f"benchinfo{i:06d}"], unit_id=pk, name=f"信息员{i:05d}", sort_order=i)
            for i, pk in enumerate(county.units)
        ],
        batch_size=BATCH,
    )
    county.writers = dict(
        Person.objects.filter(user__username__startswith="benchinfo").values_list("unit_id", "pk")
    )
    return county


class Texts:
    """Item texts from a pool of two-character words: unrelated items share no 19-character passage."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words = [a + b for a in COMMON[:60] for b in COMMON[60:120]]

    def sentence(self) -> str:
        return "".join(self.rng.choice(self.words) for _ in range(self.rng.randint(8, 14))) + "。"

    def body(self) -> str:
        text = "".join(self.sentence() for _ in range(self.rng.randint(6, 9)))
        return text + CLOSING if self.rng.random() < 0.2 else text

    def title(self, unit: int) -> str:
        return f"单位{unit}" + "".join(self.rng.choice(self.words) for _ in range(6))


def build_items(county: County, *, items: int, years: int, now: datetime, rng: random.Random) -> list[int]:
    """The items with their versions, fingerprints and need-to-know; returns the adopted items' ids in order of
    their submission."""
    from zhongshu.core.similarity import winnowed
    from zhongshu.information.models import InfoReport, ItemFingerprint, ItemVersion
    from zhongshu.information.screening import item_text

    texts = Texts(rng)
    item_table = RawTable(InfoReport)
    version_table = RawTable(ItemVersion, with_id=False)
    print_table = RawTable(ItemFingerprint, with_id=False)
    known_table = RawTable(InfoReport.need_to_know_units.through, with_id=False)
    span = timedelta(days=365 * years)
    editor = county.editor.pk
    adopted: list[int] = []
    types = ("news", "news", "news", "experience", "problem", "suggestion", "opinion", "urgent")
    # The fingerprint index is built once after the rows are in, not row by row as they arrive at random
    # places in it (7.8 million rows: minutes either way round).
    # (Raw SQL: SQLite's schema editor may not run inside the bench's transaction.)
    table = ItemFingerprint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX info_fp_hash_item")
    with connection.cursor() as cursor:
        rows: list[tuple[Any, ...]] = []
        versions: list[tuple[Any, ...]] = []
        prints: list[tuple[Any, ...]] = []
        known: list[tuple[Any, ...]] = []
        for n in range(items):
            pk = n + 1
            unit = county.units[n % len(county.units)]
            at = now - span + span * (n / items)
            title, body = texts.title(unit), texts.body()
            is_adopted = rng.random() < 0.34
            state = "adopted" if is_adopted else rng.choice(("submitted", "returned", "merged", "adopted"))
            if state == "adopted":
                adopted.append(pk)
            rows.append(
                item_table.row(
                    {
                        "id": pk,
                        "classification": 1,
                        "owner_unit_id": unit,
                        "owner_person_id": county.writers[unit],
                        "unit_id": unit,
                        "author_id": county.writers[unit],
                        "info_type": rng.choice(types),
                        "title": title,
                        "body": body,
                        "state": state,
                        "submitted_at": at,
                        "adopted_at": at + timedelta(days=1) if state == "adopted" else None,
                        "adopted_by_id": editor if state == "adopted" else None,
                        "created_by_id": editor,
                        "created_at": at,
                        "version": 1,
                    }
                )
            )
            versions.append(
                version_table.row(
                    {
                        "item_id": pk,
                        "number": 1,
                        "title": title,
                        "body": body,
                        "note": "报送",
                        "edited_by_id": editor,
                        "edited_at": at,
                    }
                )
            )
            hashes = {value for _, value in winnowed(item_text(title, body))}
            prints += [print_table.row({"item_id": pk, "hash": value}) for value in sorted(hashes)]
            known.append(known_table.row({"inforeport_id": pk, "unit_id": county.office}))
            if len(rows) >= BATCH // 4:
                _flush(
                    cursor,
                    (item_table, rows),
                    (version_table, versions),
                    (print_table, prints),
                    (known_table, known),
                )
                rows, versions, prints, known = [], [], [], []
        _flush(
            cursor, (item_table, rows), (version_table, versions), (print_table, prints), (known_table, known)
        )
    with connection.cursor() as cursor:
        if (
            connection.vendor == "postgresql"
        ):  # its deferred foreign-key checks must run before an index is made
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"CREATE INDEX info_fp_hash_item ON {table} (hash, item_id)")
    reset_sequences([InfoReport])
    county.items = items
    return adopted


def _flush(cursor: Any, *tables: tuple[RawTable, list[tuple[Any, ...]]]) -> None:
    for table, rows in tables:
        table.insert(cursor, rows)


def build_adoptions(
    county: County, adopted: list[int], *, now: datetime, rng: random.Random
) -> dict[str, int]:
    """County issues of 40 entries from the adopted items in order, upward adoptions, instructions, false items,
    commissions and the two rule-table versions."""
    from zhongshu.information.models import (
        Commission,
        CommissionTarget,
        InfoInstruction,
        InfoReport,
        IssueEntry,
        Publication,
        PublicationIssue,
        ScoreRule,
        ScoreRuleTable,
        UpwardAdoption,
    )

    publications = [
        Publication.objects.create(
            code=f"bench{n}", name=name, kind=kind, editing_unit="基准县委办公室信息科"
        )
        for n, (name, kind) in enumerate(
            (("快报", "express"), ("信息简报", "briefing"), ("专报", "special_report"))
        )
    ]
    editor = county.editor
    items = dict(InfoReport.objects.filter(pk__in=adopted).values_list("pk", "adopted_at"))
    issue_table, entry_table = RawTable(PublicationIssue), RawTable(IssueEntry, with_id=False)
    numbers: dict[tuple[int, int], int] = {}
    issues = entries = 0
    in_issues = [pk for pk in adopted if rng.random() < 0.8]
    with connection.cursor() as cursor:
        issue_rows: list[tuple[Any, ...]] = []
        entry_rows: list[tuple[Any, ...]] = []
        for start in range(0, len(in_issues), 40):
            chunk = in_issues[start : start + 40]
            published = timezone.localtime(items[chunk[-1]]).date() + timedelta(days=1)
            publication = publications[issues % len(publications)]
            key = (publication.pk, published.year)
            numbers[key] = numbers.get(key, 0) + 1
            issues += 1
            issue_rows.append(
                issue_table.row(
                    {
                        "id": issues,
                        "classification": 1,
                        "publication_id": publication.pk,
                        "year": published.year,
                        "number": numbers[key],
                        "title": f"{publication.name}{published.year}年第{numbers[key]}期",
                        "state": "distributed",
                        "published_on": published,
                        "signed_off_at": timezone.make_aware(
                            datetime.combine(published, datetime.min.time())
                        ),
                        "distributed_at": timezone.make_aware(
                            datetime.combine(published, datetime.min.time())
                        ),
                        "created_by_id": editor.pk,
                        "created_at": timezone.make_aware(datetime.combine(published, datetime.min.time())),
                        "version": 1,
                    }
                )
            )
            for position, pk in enumerate(chunk):
                entry_rows.append(
                    entry_table.row(
                        {
                            "issue_id": issues,
                            "item_id": pk,
                            "position": position,
                            "headline": "稿件",
                            "body": "正文",
                        }
                    )
                )
                entries += 1
        issue_table.insert(cursor, issue_rows)
        entry_table.insert(cursor, entry_rows)
    reset_sequences([PublicationIssue])
    levels = ("city",) * 14 + ("province",) * 5 + ("state_council",)
    upward = [
        UpwardAdoption(
            item_id=pk,
            level=rng.choice(levels),
            publication_name="市委办公室《每日要情》",
            issue_label=f"第{n + 1}期",
            adopted_on=timezone.localtime(items[pk]).date() + timedelta(days=5),
            recorded_by=editor,
        )
        for n, pk in enumerate(rng.sample(adopted, len(adopted) // 12))
    ]
    UpwardAdoption.objects.bulk_create(upward, batch_size=BATCH)
    leader_items = rng.sample(adopted, min(1000, len(adopted)))
    InfoInstruction.objects.bulk_create(
        [
            InfoInstruction(
                item_id=pk,
                leader_name="基准领导",
                level=rng.choice(("county", "county", "city")),
                text="请认真研究，抓好落实。",
                given_on=timezone.localtime(items[pk]).date() + timedelta(days=2),
                recorded_by=editor,
            )
            for pk in leader_items
        ],
        batch_size=BATCH,
    )
    false_items = rng.sample(adopted, max(1, len(adopted) // 500))
    InfoReport.objects.filter(pk__in=false_items).update(
        false_marked_at=now - timedelta(days=30), false_reason="数据失实"
    )
    today = timezone.localdate(now)
    first_year = today.year - 4
    commissions = 0
    for year in range(first_year, today.year + 1):
        for n in range(50):
            issued = date(year, 1, 5) + timedelta(days=7 * n)
            if issued >= today:
                break
            commission = Commission.objects.create(
                topic=f"{year}年第{n + 1}次约稿",
                working_days=10,
                issued_on=issued,
                deadline=issued + timedelta(days=14),
                created_by=editor,
            )
            CommissionTarget.objects.bulk_create(
                [
                    CommissionTarget(commission=commission, unit_id=unit)
                    for unit in rng.sample(county.units, 20)
                ]
            )
            commissions += 1
    for valid_from, county_points in ((date(first_year, 1, 1), 10), (date(today.year, 1, 1), 12)):
        table = ScoreRuleTable.objects.create(
            name=f"{valid_from.year}年信息计分办法",
            valid_from=valid_from,
            mode="cumulative",
            false_item_penalty=10,
            missed_commission_penalty=5,
            created_by=editor,
        )
        ScoreRule.objects.bulk_create(
            [
                ScoreRule(table=table, kind="adoption", level=level, points=points)
                for level, points in (
                    ("county", county_points),
                    ("city", 20),
                    ("province", 30),
                    ("state_council", 40),
                    ("central", 50),
                )
            ]
            + [ScoreRule(table=table, kind="instruction", level="county", points=5)]
            + [ScoreRule(table=table, kind="instruction", level="city", points=10)]
        )
    return {"issues": issues, "entries": entries, "upward": len(upward), "commissions": commissions}


# --- the timed calls ----------------------------------------------------------------------------------------


def _duplicate_check(county: County, runs: int, rng: random.Random, notes: list[str]) -> dict[str, Any]:
    """A new item submitted by a unit, its text 60 % of a recent item's: `check_submission` indexes it and flags
    the near-duplicate. Each run inside a savepoint rolled back, so every run meets the same data."""
    from zhongshu.information.models import InfoReport

    check = optional("zhongshu.information.screening", "check_submission")
    if check is None:
        notes.append("duplicate_check_ms_p50: null — screening.check_submission is not there")
        return {"duplicate_check_ms_p50": None}
    texts = Texts(rng)
    week_ago = timezone.now() - timedelta(days=7)
    recent = list(
        InfoReport.objects.filter(submitted_at__gte=week_ago, state__in=("submitted", "adopted"))
        .order_by("-submitted_at")
        .values_list("pk", "body")[:500]
    )
    timer, flagged = Timer(), 0
    for n in range(runs):
        _, body = rng.choice(recent)
        cut = int(len(body) * 0.6)
        unit = county.units[(n * 37 + 11) % len(county.units)]
        with transaction.atomic():
            item = InfoReport.objects.create(
                classification=1,
                owner_unit_id=unit,
                owner_person_id=county.writers[unit],
                unit_id=unit,
                author_id=county.writers[unit],
                title=texts.title(unit),
                body=body[:cut] + texts.body(),
                state="submitted",
                submitted_at=timezone.now(),
                created_by=county.editor,
            )
            with timer():
                flags = check(item)
            flagged += bool(flags)
            transaction.set_rollback(True)
    if flagged < runs:
        notes.append(
            f"duplicate check: {runs - flagged} of {runs} new items sharing 60 % of a recent one not flagged"
        )
    return {
        "duplicate_check_ms_p50": round(median(timer.wall), 2),
        "duplicate_check_cpu_ms_p50": round(median(timer.cpu), 2),
        "duplicate_checks_flagged": flagged,
    }


def _ranking_year(today: date, notes: list[str]) -> dict[str, Any]:
    ranking = optional("zhongshu.information.scoring", "ranking")
    if ranking is None:
        notes.append("ranking_year_s: null — scoring.ranking is not there")
        return {"ranking_year_s": None}
    started = time.perf_counter()
    result = ranking("year", today.year, 1)
    seconds = time.perf_counter() - started
    rows = getattr(result, "rows", result)
    return {
        "ranking_year_s": round(seconds, 3),
        "ranked_units": len(rows) if hasattr(rows, "__len__") else None,
    }


def measure(options: argparse.Namespace) -> dict[str, Any]:
    from zhongshu.core.bench import bench_parts
    from zhongshu.information.models import (
        Commission,
        InfoReport,
        IssueEntry,
        ItemFingerprint,
        PublicationIssue,
        UpwardAdoption,
    )

    rng = random.Random(options.seed)
    now = timezone.now()
    today = timezone.localdate(now)
    notes: list[str] = []
    started = time.perf_counter()
    kept = bool(getattr(options, "keep", False)) and InfoReport.objects.exists()
    if kept:  # a kept database: its data as it is
        county = kept_county()
        made = {
            "issues": PublicationIssue.objects.count(),
            "entries": IssueEntry.objects.count(),
            "upward": UpwardAdoption.objects.count(),
            "commissions": Commission.objects.count(),
        }
    else:
        with transaction.atomic():
            county = build_people(options.units)
            adopted = build_items(county, items=options.items, years=options.years, now=now, rng=rng)
            made = build_adoptions(county, adopted, now=now, rng=rng)
    generate_s = time.perf_counter() - started
    if not kept and connection.get_autocommit():  # not inside a test's transaction, where VACUUM may not run
        analyze(("information_inforeport", "information_itemfingerprint", "information_issueentry"))
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "items": InfoReport.objects.count(),
        "units": len(county.units),
        "fingerprints": ItemFingerprint.objects.count(),
        **made,
        "generate_s": round(generate_s, 1),
    }
    figures |= guarded(
        "duplicate_check_ms_p50",
        notes,
        {"duplicate_check_ms_p50": None},
        _duplicate_check,
        county,
        options.runs,
        rng,
        notes,
    )
    figures |= guarded("ranking_year_s", notes, {"ranking_year_s": None}, _ranking_year, today, notes)
    context: dict[str, object] = {
        "units": county.units,
        "office": county.office,
        "today": today,
        "now": now,
        "rng": rng,
        "kept": kept,
    }
    for name, part in bench_parts("information"):
        figures |= guarded(name, notes, {}, part, options, context, notes)
    figures.setdefault("compliance_ms_p50", None)
    figures["notes"] = notes
    return figures


def run(options: argparse.Namespace) -> dict[str, Any]:
    keep = bool(getattr(options, "keep", False))
    with scratch_database("information", keep=keep) as name:
        figures = measure(options)
    figures = {**figures, "scratch_database": name if keep else f"{name} (dropped)"}
    return figures if getattr(options, "json", False) else with_targets(figures, TARGETS)


def register() -> None:
    from zhongshu.core.bench import register_bench

    register_bench(
        "information",
        run,
        add_arguments=_arguments,
        description="The near-duplicate check of a new submission and the yearly ranking over 200,000 items from "
        "5,000 units over 5 years; one unit's compliance view (reporting) over the same units",
    )
