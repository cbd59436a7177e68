"""The workbench's panels, figures and week's schedule, gathered from every module through registries.

The 待办/已办 lists live in `core.todos`. Beside them a workbench shows what a person's office asks of them:

- **panels** (`register_panel_source`): a titled list a module fills for the people it concerns — a leader's
  documents waiting for his 签发, the supervision items he is 责任领导 for with their last report, the 批示 he
  gave. A source answers None when the panel is not for this viewer, or a `Panel` (rows may be empty: the
  panel then says so in its own words);
- **figures** (`register_figure_source`): the office's figures of the day (今日收文, 督办逾期 …), each a count
  and the link to the list it counts, with the filter applied. A source counts through the same selector and
  filter as the list it links to, so a figure never counts what the viewer could not list;
- **the week's schedule** (`register_schedule_source`): meetings and activities in the viewer's week. No
  module fills it yet; the meetings module will, and the workbench says 暂无日程 until then. Who has a
  schedule at all (a leader) is said once, by `register_schedule_audience`.

`workbench_for` gathers all three for one viewer: the page and the API each make that one call.

Every source reads its own records through the access policy. Rows whose title is a record's title carry that
record's `classification` and `record` (as `TodoItem` does), for the audit of the state secrets shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class PanelRow:
    title: str
    url: str
    state_label: str = ""  # the record's state as users read it (办理中)
    due: date | None = None
    overdue: bool = False  # derived by the source from its own rule, never stored
    unit: str = ""  # the lead or owning unit
    source_label: str = ""  # where the record came from (领导批示)
    report: str = ""  # what was last reported, in the reporter's words
    report_at: datetime | None = None
    note: str = ""
    at: datetime | None = None
    classification: int = 0
    record: tuple[str, str] | None = None


# The rows a panel shows at most; a source may ask for fewer.
PANEL_LIMIT = 30

# The columns a panel may show, beside 事项 (always first).
COLUMNS = frozenset({"state", "due", "unit", "source", "report", "note", "at"})


@dataclass(frozen=True)
class Panel:
    """Build one with `Panel.cut`: the panel shows the first `limit` rows of its records and, when there are
    more, says so once — its count reads "30+" and its link opens the full list."""

    key: str
    title: str
    rows: list[PanelRow]
    empty: str  # what the panel says when it has no rows: 暂无待签发文件
    columns: tuple[str, ...] = ("note", "at")
    order: int = 100
    more: bool = False  # rows were cut: the records hold more than the panel shows
    more_url: str = ""  # the full list, linked when the panel is cut
    more_label: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.columns) - COLUMNS
        if unknown:
            raise ValueError(f"unknown panel columns: {sorted(unknown)}")

    @classmethod
    def cut(
        cls,
        records: Any,
        to_rows: Callable[[list[Any]], list[PanelRow]],
        *,
        limit: int = PANEL_LIMIT,
        **fields: Any,
    ) -> Panel:
        """The panel of `records` (a queryset or a list, unsliced, in the panel's order): one read of the
        first limit + 1, `to_rows` turns the first `limit` into rows, the one beyond tells there are more."""
        taken = list(records[: limit + 1])
        return cls(rows=to_rows(taken[:limit]), more=len(taken) > limit, **fields)

    @property
    def count_label(self) -> str:
        """The count as the badge shows it: the rows shown, with a + when there are more."""
        return f"{len(self.rows)}+" if self.more else str(len(self.rows))

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str  # 今日收文
    count: int
    url: str  # the list behind the figure, its filter in the query string
    order: int = 100
    alert: bool = False  # a figure that asks for attention when above zero (督办逾期)


@dataclass(frozen=True)
class ScheduleEntry:
    title: str
    starts_at: datetime
    ends_at: datetime | None = None
    place: str = ""
    url: str = ""
    classification: int = 0
    record: tuple[str, str] | None = None


@dataclass(frozen=True)
class Schedule:
    start: date  # Monday
    end: date  # Sunday
    entries: list[ScheduleEntry]
    sources: int  # how many modules can fill it: none today, the meetings module later


PanelSource = Callable[[Any, date], "Panel | None"]
FigureSource = Callable[[Any, date], Iterable[Figure]]
ScheduleSource = Callable[[Any, date, date], Iterable[ScheduleEntry]]

_PANEL_SOURCES: dict[str, PanelSource] = {}
_FIGURE_SOURCES: dict[str, FigureSource] = {}
_SCHEDULE_SOURCES: dict[str, ScheduleSource] = {}
_schedule_audience: list[Callable[[Any], bool]] = []


def register_panel_source(name: str, source: PanelSource) -> None:
    """Register (or replace: apps may be set up twice) `source(user, today) -> Panel | None`."""
    _PANEL_SOURCES[name] = source


def register_figure_source(name: str, source: FigureSource) -> None:
    """Register `source(user, today) -> figures`; a source gives none to a viewer they are not for."""
    _FIGURE_SOURCES[name] = source


def register_schedule_source(name: str, source: ScheduleSource) -> None:
    """Register `source(user, start, end) -> entries` of the days start..end (both included): the meetings
    module's meetings, later perhaps research trips and duty rosters."""
    _SCHEDULE_SOURCES[name] = source


def register_schedule_audience(allowed: Callable[[Any], bool]) -> None:
    """Say who has a week's schedule on the workbench (`allowed(user)`); registered again, it replaces."""
    _schedule_audience[:] = [allowed]


def panels_for(user: Any, today: date) -> list[Panel]:
    panels = [panel for source in _PANEL_SOURCES.values() if (panel := source(user, today)) is not None]
    return sorted(panels, key=lambda panel: (panel.order, panel.key))


def figures_for(user: Any, today: date) -> list[Figure]:
    figures = [figure for source in _FIGURE_SOURCES.values() for figure in source(user, today)]
    return sorted(figures, key=lambda figure: (figure.order, figure.key))


def week_of(today: date) -> tuple[date, date]:
    """The Monday and the Sunday of today's week."""
    start = today - timedelta(days=today.weekday())
    return start, start + timedelta(days=6)


def schedule_for(user: Any, today: date) -> Schedule:
    start, end = week_of(today)
    entries = [entry for source in _SCHEDULE_SOURCES.values() for entry in source(user, start, end)]
    entries.sort(key=lambda entry: (entry.starts_at, entry.title))
    return Schedule(start=start, end=end, entries=entries, sources=len(_SCHEDULE_SOURCES))


@dataclass(frozen=True)
class Workbench:
    """What one viewer's workbench shows beside the to-dos; `schedule` is None for who has none."""

    panels: list[Panel]
    figures: list[Figure]
    schedule: Schedule | None

    def shown_rows(self) -> list[PanelRow | ScheduleEntry]:
        """Every row whose title may be a record's title, for the audit of the state secrets shown."""
        return [
            *(row for panel in self.panels for row in panel.rows),
            *(self.schedule.entries if self.schedule else []),
        ]


def has_schedule(user: Any) -> bool:
    return any(allowed(user) for allowed in _schedule_audience)


def workbench_for(user: Any, today: date) -> Workbench:
    return Workbench(
        panels=panels_for(user, today),
        figures=figures_for(user, today),
        schedule=schedule_for(user, today) if has_schedule(user) else None,
    )
