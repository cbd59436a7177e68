"""The ledger: filters, keyset paging, a fixed query budget per page, and Excel export and import."""

import io
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from zhongshu.supervision import excel, services
from zhongshu.supervision.models import ItemEvent, ItemUnit, Reminder, Source, SupervisionItem
from zhongshu.supervision.selectors import LedgerFilter, ledger_page
from zhongshu.supervision.states import ItemState
from zhongshu.testing.access import sign_in

FROZEN = "2026-03-02 09:00:00+08:00"
# The page's own reads, the session, the viewer and the filter choices; on SQLite a period adds a capped count
# and, for a wide period, the newest id in it (`selectors._wide_period_on_sqlite`).
PAGE_QUERY_BUDGET = 16


def many(county, n, prefix="事项", **fields):
    return [county.assigned(f"{prefix}{i:03d}", **fields) for i in range(n)]


@time_machine.travel(FROZEN, tick=False)
def test_keyset_pages_cover_every_item_once_newest_first(county):
    items = many(county, 7)
    seen, after = [], None
    while True:
        page = ledger_page(county.supervisor.user, LedgerFilter(), after=after, size=3)
        seen += [row.item.pk for row in page.rows]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == sorted((item.pk for item in items), reverse=True)


@time_machine.travel(FROZEN, tick=False)
def test_filters(county):
    late = county.assigned("逾期事项", deadline=date(2026, 3, 2))
    other = services.supervision_item_open(
        by=county.supervisor.user, title="林业事项", source=Source.PUBLIC_REPORT
    )
    services.supervision_item_assign(
        item=other, by=county.supervisor.user, lead_unit=county.other, deadline=date(2026, 3, 31)
    )
    user = county.supervisor.user

    def titles(**kw):
        return [row.item.title for row in ledger_page(user, LedgerFilter(**kw)).rows]

    assert titles(source=Source.PUBLIC_REPORT) == ["林业事项"]
    assert titles(unit_id=county.co_unit.pk) == ["逾期事项"]  # a co-unit's items count as its own
    assert titles(leader_id=county.leader.pk) == ["逾期事项"]
    assert titles(state=ItemState.ASSIGNED) == ["林业事项", "逾期事项"]
    assert titles(period_from=date(2026, 3, 3)) == []
    assert titles(period_from=date(2026, 3, 2), period_to=date(2026, 3, 2)) == ["林业事项", "逾期事项"]
    with time_machine.travel("2026-03-03 09:00:00+08:00", tick=False):
        assert titles(overdue=True) == ["逾期事项"]
        assert ledger_page(user, LedgerFilter(overdue=True)).rows[0].overdue
    assert late.pk


@pytest.mark.parametrize("count", [3, 60])
def test_a_ledger_page_costs_a_fixed_number_of_queries(county, client, count, django_assert_max_num_queries):
    with time_machine.travel(FROZEN, tick=False):
        many(county, count)
    sign_in(client, county.supervisor.user)
    for url in [
        "/supervision/",
        f"/supervision/?unit={county.co_unit.pk}&state=assigned&overdue=1",
        f"/supervision/?source=instruction&leader={county.leader.pk}&from=2026-01-01&to=2026-12-31",
    ]:
        with django_assert_max_num_queries(PAGE_QUERY_BUDGET):
            response = client.get(url)
        assert response.status_code == 200
    first = client.get("/supervision/")
    if count > 50:
        assert "下一页" in first.content.decode()
        cursor = first.content.decode().split("after=")[1].split('"')[0]
        with django_assert_max_num_queries(PAGE_QUERY_BUDGET):
            assert client.get(f"/supervision/?after={cursor}").status_code == 200


def test_the_query_budget_is_the_same_for_a_short_and_a_long_page(county, client):
    sign_in(client, county.supervisor.user)
    with time_machine.travel(FROZEN, tick=False):
        many(county, 2)
    with CaptureQueriesContext(connection) as short:
        client.get("/supervision/")
    with time_machine.travel(FROZEN, tick=False):
        many(county, 40, prefix="另一批")
    with CaptureQueriesContext(connection) as long:
        client.get("/supervision/")
    assert len(short.captured_queries) == len(long.captured_queries)


# --- Excel ---------------------------------------------------------------------------------------------


def workbook(*rows):
    book = Workbook()
    sheet = book.active
    sheet.append(excel.COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@time_machine.travel(FROZEN, tick=False)
def test_export_has_the_offices_columns(county):
    item = county.assigned(deadline=date(2026, 3, 31))
    services.supervision_item_receive(item=item, by=county.liaison.user)
    services.progress_report_submit(item=item, by=county.liaison.user, text="已开工")
    table = excel.ledger_table(excel.export_ledger(county.supervisor.user, LedgerFilter()))
    assert table == [
        excel.COLUMNS,
        [
            1,
            "推进义务教育学校改扩建",
            "领导批示",
            "县教育局",
            "县财政局",
            "郑书记",
            date(2026, 3, 31),
            "已开工",
            "办理中",
        ],
    ]


@time_machine.travel(FROZEN, tick=False)
def test_import_reports_every_bad_row_by_row_and_column_and_imports_nothing_until_confirmed(county):
    data = workbook(
        [1, "修缮校舍", "领导批示", "县教育局", "县财政局", "郑书记", "2026-04-30", "", "待签收"],
        [2, "", "领导批示", "县教育局", "", "", "2026-04-30", "", "待签收"],
        [3, "清理河道", "领导批示", "县水利局", "", "", "2026/13/01", "", "办理中"],
        [4, "治理扬尘", "小道消息", "县教育局", "县交通局", "王五", "", "", "进行中"],
    )
    preview = excel.import_preview(by=county.supervisor.user, data=data)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (3, "事项", "缺少事项名称"),
        (4, "牵头单位", "未知的单位：县水利局"),
        (4, "时限", "日期无法识别：2026/13/01（应为 YYYY-MM-DD）"),
        (5, "来源", "未知的来源：小道消息"),
        (5, "状态", "未知的状态：进行中"),
        (5, "配合单位", "未知的单位：县交通局"),
        (5, "责任领导", "未知的领导：王五"),
    ]
    assert (preview.total, len(preview.valid)) == (4, 1)
    assert not SupervisionItem.objects.exists()
    assert excel.import_confirm(by=county.supervisor.user, token=preview.token) == 1
    item = SupervisionItem.objects.get()
    assert (item.title, item.lead_unit, item.leader, item.deadline) == (
        "修缮校舍",
        county.bureau,
        county.leader,
        date(2026, 4, 30),
    )
    with pytest.raises(services.ServiceError) as caught:
        excel.import_confirm(by=county.supervisor.user, token=preview.token)
    assert caught.value.message == "此批数据已导入"


def test_an_unreadable_file_is_refused(county):
    with pytest.raises(services.ServiceError) as caught:
        excel.import_preview(by=county.supervisor.user, data=b"not a workbook")
    assert caught.value.message == "无法读取 Excel 文件，请上传 .xlsx 格式的台账"


@time_machine.travel(FROZEN, tick=False)
def test_round_trip_export_import_into_an_empty_ledger_gives_the_same_ledger(county):
    for i, state in enumerate(["draft", "assigned", "in_progress", "closed", "assigned"]):
        if state == "draft":
            services.supervision_item_open(
                by=county.supervisor.user, title=f"草拟事项{i}", source=Source.DIRECTIVE
            )
            continue
        item = county.assigned(f"事项{i}", deadline=date(2026, 3, 10 + i), co=i % 2 == 0)
        if state in ("in_progress", "closed"):
            services.supervision_item_receive(item=item, by=county.liaison.user)
            services.progress_report_submit(item=item, by=county.liaison.user, text=f"进展{i}")
        if state == "closed":
            from tests.supervision.test_services import confirmed_after_request

            services.supervision_item_close_out(
                item=confirmed_after_request(county, item), by=county.supervisor.user
            )
    exported = excel.export_ledger(county.supervisor.user, LedgerFilter())
    # Empty the ledger, keeping the organisation.
    Reminder.objects.all().delete()
    for model in ("confirmations", "reports", "milestones", "look_backs", "investigations"):
        getattr(SupervisionItem, model).rel.related_model.objects.all()._raw_delete("default")
    ItemEvent.objects.all()._raw_delete("default")
    ItemUnit.objects.all().delete()
    SupervisionItem.objects.all().delete()
    preview = excel.import_preview(by=county.supervisor.user, data=exported)
    assert preview.errors == []
    excel.import_confirm(by=county.supervisor.user, token=preview.token)
    again = excel.export_ledger(county.supervisor.user, LedgerFilter())
    assert excel.ledger_table(again) == excel.ledger_table(exported)
    assert len(excel.ledger_table(again)) == 6


def test_a_wide_period_read_newest_first_gives_the_same_pages(county, monkeypatch):
    """On SQLite a wide period is paged by id from the period's newest item instead of through the index on
    assignment dates; the pages must be the same whichever way they are read."""
    from zhongshu.supervision import selectors

    days = [date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 1), date(2026, 5, 6)]
    with time_machine.travel(FROZEN, tick=False):
        items = many(county, 25)
    for i, item in enumerate(items):
        SupervisionItem.objects.filter(pk=item.pk).update(assigned_on=days[i % len(days)])
    user = county.supervisor.user

    def pages(flt):
        seen, after = [], None
        while True:
            page = ledger_page(user, flt, after=after, size=4)
            seen.append([row.item.pk for row in page.rows])
            if page.next_cursor is None:
                return seen
            after = page.next_cursor

    for flt in [
        LedgerFilter(period_from=date(2026, 2, 1), period_to=date(2026, 4, 30)),
        LedgerFilter(period_from=date(2026, 3, 1)),
        LedgerFilter(period_to=date(2026, 2, 2), source="instruction"),
        LedgerFilter(period_from=date(2026, 6, 1)),
    ]:
        narrow = pages(flt)
        monkeypatch.setattr(selectors, "WIDE_PERIOD", 1)
        wide = pages(flt)
        monkeypatch.setattr(selectors, "WIDE_PERIOD", 5000)
        assert wide == narrow, flt
        expected = sorted(
            (
                item.pk
                for i, item in enumerate(items)
                if (flt.period_from is None or days[i % len(days)] >= flt.period_from)
                and (flt.period_to is None or days[i % len(days)] <= flt.period_to)
            ),
            reverse=True,
        )
        assert [pk for page in narrow for pk in page] == expected, flt


@time_machine.travel(FROZEN, tick=False)
def test_the_import_refuses_a_long_title_in_the_services_words(county):
    long_title = "推进" * 51
    data = workbook([1, long_title, "领导批示", "县教育局", "", "", "2026-04-30", "", "待签收"])
    preview = excel.import_preview(by=county.supervisor.user, data=data)
    # The rule has one wording, `services.title_problem`, read by the forms, the API and the import.
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "事项", services.title_problem(long_title))
    ]
    assert services.title_problem(long_title) == "事项名称不能超过100字（现为102字）"
    assert services.title_problem("推进" * 50) is None
    assert not preview.valid
