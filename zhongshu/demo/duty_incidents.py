"""The sample county's 突发事件 (issue 17, item 7): last night's urgent call in the county office's duty log
(the logbook part's demo logs it; when it is not there the duty officer logs one here) becomes an incident —
a 较大 flash flood — with its written 首报 on time, a 续报 that went eleven minutes past its clock, and the 终报
that closes it. Everything goes through the incidents part's services as the night's duty officer would do
it; run twice, it leaves the incident as it is."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.duty import logbook
from zhongshu.duty.clocks import clock_for, ensure_default_clocks
from zhongshu.duty.incident_reports import file_report
from zhongshu.duty.incidents import draft_from_entry, register_incident
from zhongshu.duty.models import Channel, DutyLogEntry, EntryKind, Incident, ReportKind, Urgency
from zhongshu.org.models import Person

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

TITLE = "城关镇河西村山洪灾害"
FALLBACK_SUMMARY = "城关镇报告：河西村突发山洪，冲毁村道，部分群众被困"
SENT_TO = "市委总值班室、市政府总值班室"


def _officer() -> Person | None:
    return (
        Person.objects.filter(
            unit__code="XWB", user__is_active=True, user__groups__name=Role.DUTY_OFFICER.value
        )
        .select_related("user", "unit")
        .order_by("pk")
        .first()
    )


def _last_night(now: datetime) -> datetime:
    """23:10 of the night before `now` (local time)."""
    yesterday = timezone.localtime(now).date() - timedelta(days=1)
    return timezone.make_aware(datetime.combine(yesterday, time(23, 10)))


def _urgent_entry(officer: Person, now: datetime, result: DemoResult) -> DutyLogEntry | None:
    """The logbook demo's urgent entry of last night in the office's log, or one logged here."""
    since = now - timedelta(hours=36)
    entry = (
        DutyLogEntry.objects.filter(
            unit=officer.unit, urgency=Urgency.URGENT, received_at__gte=since, received_at__lte=now
        )
        .order_by("-received_at")
        .first()
    )
    if entry is not None:
        return entry
    entry = DutyLogEntry.objects.filter(unit=officer.unit, summary=FALLBACK_SUMMARY).first()
    if entry is not None:
        return entry
    received = _last_night(now)
    data = logbook.EntryData(
        kind=EntryKind.CALL,
        urgency=Urgency.URGENT,
        received_at=received,
        classification=Classification.INTERNAL,
        texts={
            "place": "城关镇河西村",
            "summary": FALLBACK_SUMMARY,
            "cause": "持续强降雨引发山洪",
            "course": "23时许山洪下泄，冲毁河西村村道约200米，3户群众被困",
            "measures": "镇党委、政府已组织干部群众转移，请求县应急管理局支援",
            "trend": "降雨仍在持续",
            "told": "已报告带班领导",
            "caller_unit": "城关镇人民政府",
            "caller_name": "刘镇长",
            "caller_post": "镇长",
            "caller_phone": "0000-6661001",
        },
    )
    try:
        entry = logbook.log_entry(officer.user, officer.unit, data, now=received + timedelta(minutes=2))
    except Exception:  # noqa: BLE001 - the logbook's own rules (a shift) decide; the demo then skips
        return None
    result.count("duty_log_entries")
    return entry


def build_demo_incidents(result: DemoResult) -> None:
    ensure_default_clocks()
    officer = _officer()
    if officer is None:
        return
    now = timezone.now()
    if Incident.objects.filter(title=TITLE).exists():
        return
    clock = clock_for("natural", "III")
    follow_every = clock.follow_up_minutes or 240
    # The written 首报 five minutes inside its clock (and the telephone one's), 续报一 eleven minutes past
    # the 续报 interval after it, the 终报 two hours later.
    first_after = timedelta(minutes=min(clock.phone_minutes, clock.written_minutes) - 5)
    story = first_after + timedelta(minutes=follow_every + 11) + timedelta(hours=2)
    entry = _urgent_entry(officer, now, result)
    draft = draft_from_entry(entry)
    learned = draft.learned_at or _last_night(now)
    if learned + story > now:  # built in the small hours: the night before last, without the entry
        entry, draft = None, draft_from_entry(None)
        learned = _last_night(now) - timedelta(days=1)
    incident = register_incident(
        by=officer.user,
        title=TITLE,
        category="natural",
        subtype="水旱灾害",
        severity="III",
        place=draft.place or "城关镇河西村",
        occurred_at=learned - timedelta(minutes=15),
        learned_at=learned,
        summary=draft.summary or FALLBACK_SUMMARY,
        source_entry=entry,
        now=learned + timedelta(minutes=3),
    )
    result.count("incidents")
    first_at = learned + first_after
    file_report(
        incident=incident,
        by=officer.user,
        kind=ReportKind.FIRST,
        channel=Channel.SYSTEM,
        sent_at=first_at,
        sent_by=officer,
        sent_to=SENT_TO,
        elements={
            "source": "城关镇人民政府刘镇长电话报告",
            "nature": "持续强降雨引发山洪，属自然灾害（水旱灾害）",
            "extent": "城关镇河西村第三、四、五村民小组",
            "casualties": "暂无人员伤亡，3户8人一度被困，已全部转移",
            "losses": "冲毁村道约200米、农田约60亩，直接经济损失初步估计80万元",
            "trend": "降雨仍在持续，河道水位上涨，有进一步漫堤风险",
            "leaders_on_site": "林副县长、县应急管理局周局长、城关镇刘镇长",
            "measures": "转移群众46人并妥善安置，封闭受损路段，调派抢险队伍和机械2台",
        },
        now=first_at,
    )
    result.count("incident_reports")
    follow_at = first_at + timedelta(minutes=follow_every + 11)
    final_at = follow_at + timedelta(hours=2)
    file_report(
        incident=incident,
        by=officer.user,
        kind=ReportKind.FOLLOW_UP,
        channel=Channel.SYSTEM,
        sent_at=follow_at,
        sent_by=officer,
        sent_to=SENT_TO,
        body="凌晨降雨减弱，河道水位开始回落；受损村道已抢通一个车道，转移群众继续在村委会安置点安置，无新增险情。",
        now=follow_at,
    )
    result.count("incident_reports")
    file_report(
        incident=incident,
        by=officer.user,
        kind=ReportKind.FINAL,
        channel=Channel.SYSTEM,
        sent_at=final_at,
        sent_by=officer,
        sent_to=SENT_TO,
        body="险情已排除，村道恢复通行，转移群众已全部返回家中。全过程无人员伤亡，直接经济损失核定为76万元。灾后恢复工作由城关镇负责。",
        now=final_at,
    )
    result.count("incident_reports")
