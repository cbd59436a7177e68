"""The sample county's 请假、外出报备 (issue 17, item 6), this week: a county deputy on travel with his stand-in
named (approved), a bureau head's leave approved, a bureau deputy's leave pending, a bureau head's leave ended
yesterday and not 销假 (its reminder sent by the daily tick), and the head and the deputy of one bureau away
together (flagged at filing and on the board). Everything goes through the whereabouts services as the leaders
and their approvers would; a filing whose reason exists already is left as it is.

A leader on the duty roster that week (the rosters part's demo runs before) cannot take leave from it: the
demo tries the next candidate, as the office would."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.core.errors import ServiceError
from zhongshu.duty import whereabouts
from zhongshu.duty.models import Absence, AbsenceKind, AbsenceState, HalfDay
from zhongshu.duty.whereabouts import AbsenceFields
from zhongshu.org.models import Person
from zhongshu.workflow.models import Step
from zhongshu.workflow.states import StepState

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

COUNTY_TRAVEL = "赴省发展改革委对接重点项目"
HEAD_LEAVE = "年休假"
DEPUTY_PENDING = "参加市财政局业务培训"
UNRETURNED = "赴市民政局汇报社会救助工作"
TOGETHER_HEAD = "参加全市公安工作会议"
TOGETHER_DEPUTY = "陪同市公安局督导组检查"


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).select_related("user", "unit").first()


def _approve(absence: Absence) -> None:
    while True:
        absence.refresh_from_db()
        step = (
            Step.objects.filter(workflow=absence.workflow, state=StepState.OPEN)
            .select_related("assignee__user")
            .first()
        )
        if step is None or absence.state != AbsenceState.PENDING:
            return
        whereabouts.absence_approve(absence=absence, by=step.assignee.user, opinion="同意")


def _file(
    result: DemoResult,
    candidates: list[tuple[str, str]],
    *,
    reason: str,
    kind: str,
    first: date,
    last: date,
    destination: str,
    approve: bool,
    ends_half: str = HalfDay.AFTERNOON,
) -> Absence | None:
    """File for the first candidate (username, stand-in's username) not on the duty roster then."""
    existing = Absence.objects.filter(reason=reason).first()
    if existing is not None:
        return existing
    for username, stand_in_name in candidates:
        person, stand_in = _person(username), _person(stand_in_name)
        if person is None or stand_in is None:
            continue
        fields = AbsenceFields(
            person=person,
            kind=kind,
            starts_on=first,
            starts_half=HalfDay.MORNING,
            ends_on=last,
            ends_half=ends_half,
            destination=destination,
            reason=reason,
            phone=person.phone or "13800000000",
            stand_in=stand_in,
            confirm_flags=True,
        )
        try:
            absence = whereabouts.absence_file(by=person.user, fields=fields)
        except ServiceError as error:
            if error.code in ("on_duty_roster", "overlaps_own_leave", "stand_in_away"):
                continue
            raise
        result.count("absences")
        if approve:
            _approve(absence)
        return absence
    return None


def build_demo_whereabouts(result: DemoResult) -> None:
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    # A county deputy on travel this week, his stand-in named.
    _file(
        result,
        [("leader5", "leader6"), ("leader6", "leader7"), ("leader7", "leader6"), ("leader3", "leader5")],
        reason=COUNTY_TRAVEL,
        kind=AbsenceKind.TRAVEL,
        first=today,
        last=today + timedelta(days=2),
        destination="省发展改革委",
        approve=True,
    )
    # A bureau head's leave, approved.
    _file(
        result,
        [("fgj_jz", "fgj_fjz"), ("jyj_jz", "jyj_fjz")],
        reason=HEAD_LEAVE,
        kind=AbsenceKind.LEAVE,
        first=today + timedelta(days=1),
        last=today + timedelta(days=3),
        destination="",
        approve=True,
    )
    # A bureau deputy's leave, pending with his head.
    _file(
        result,
        [("czj_fjz", "czj_ky"), ("rsj_fjz", "rsj_ky")],
        reason=DEPUTY_PENDING,
        kind=AbsenceKind.TRAVEL,
        first=today + timedelta(days=1),
        last=today + timedelta(days=1),
        destination="市财政局",
        approve=False,
    )
    # Ended yesterday and not 销假: the reminder.
    _file(
        result,
        [("mzj_jz", "mzj_fjz"), ("rsj_jz", "rsj_fjz")],
        reason=UNRETURNED,
        kind=AbsenceKind.TRAVEL,
        first=min(monday, today - timedelta(days=2)),
        last=today - timedelta(days=1),
        destination="市民政局",
        approve=True,
    )
    # The head and the deputy of one bureau away together: flagged. Tomorrow, unless today is Sunday: the board
    # shows Monday to Sunday, and a demo built on a Sunday would put the overlap in a week nobody is shown.
    together = today + timedelta(days=1) if today.weekday() < 6 else today
    _file(
        result,
        [("gaj_jz", "gaj_ky")],
        reason=TOGETHER_HEAD,
        kind=AbsenceKind.TRAVEL,
        first=today,
        last=together,
        destination="市公安局",
        approve=True,
    )
    _file(
        result,
        [("gaj_fjz", "gaj_ky")],
        reason=TOGETHER_DEPUTY,
        kind=AbsenceKind.TRAVEL,
        first=together,
        last=together,
        destination="城关镇",
        approve=True,
        ends_half=HalfDay.MORNING,
    )
    # The daily tick, as the job runner would run it today: the reminder to 销假 is in the outbox.
    sent = whereabouts.unreturned_reminders()
    for _ in range(sent):
        result.count("absence_reminders")
