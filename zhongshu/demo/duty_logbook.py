"""The sample county's 值班记录 (issue 17, items 2 and 7): last night's duty log in the county office's duty
room — calls from towns and bureaus and a document, one urgent call (城关镇 reports a flash flood at 河西村,
which the incidents part's demo turns into its incident 城关镇河西村山洪灾害) — and this morning's handover,
acknowledged by the morning officer, with one matter (the 水利局's reservoir) carried over still open.

Everything goes through the logbook's services as the night's and the morning's officers would do it, at the
times of the night (`now=`). The officers are those the rosters put on last night's and this morning's shifts
when the rosters' demo ran before; otherwise the office's first two 值班员. Run twice, it changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.levels import Classification
from zhongshu.base.roles import Role
from zhongshu.duty import handover as handovers
from zhongshu.duty import logbook
from zhongshu.duty.models import DutyLogEntry, DutyShift, EntryKind, Handover, Urgency
from zhongshu.org.models import Person, Unit

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

URGENT_SUMMARY = "城关镇报告：河西村突发山洪，冲毁村道，部分群众被困"
CARRIED_SUMMARY = "县水利局报告：红旗水库水位接近汛限水位"

# (day offset from today: -1 last night, 0 this morning; hour, minute; kind; urgency; fields; closed after
# minutes or None (still open))
NIGHT: tuple[tuple[int, int, int, str, str, dict[str, str], int | None], ...] = (
    (
        -1,
        19,
        40,
        EntryKind.CALL,
        Urgency.ROUTINE,
        {
            "summary": "河口乡报告：全乡汛期值班人员已到岗",
            "caller_unit": "河口乡人民政府",
            "caller_name": "刘明",
            "caller_post": "党委副书记",
            "caller_phone": "13907310021",
            "result": "已记录",
        },
        5,
    ),
    (
        -1,
        21,
        15,
        EntryKind.DOCUMENT,
        Urgency.ROUTINE,
        {
            "summary": "市委办公室明传电报：关于做好近期强降雨防范应对工作的紧急通知",
            "caller_unit": "市委办公室",
            "course": "明传电报一份（市委办明电〔2026〕41号），要求各县加强值班值守、及时报送雨情险情。",
            "measures": "已按程序呈送带班领导阅示，并转县应急管理局、县水利局、各乡镇。",
            "told": "带班领导；县应急管理局、县水利局值班室",
            "result": "带班领导已阅，已转相关单位落实",
        },
        40,
    ),
    (
        -1,
        22,
        30,
        EntryKind.CALL,
        Urgency.ROUTINE,
        {
            "summary": CARRIED_SUMMARY,
            "place": "红旗水库",
            "caller_unit": "县水利局",
            "caller_name": "何建国",
            "caller_post": "值班员",
            "caller_phone": "0731-6620105",
            "course": "22时库水位112.6米，距汛限水位0.4米，入库流量仍在增加。",
            "measures": "请水利局每两小时报一次水位，超汛限即报。",
            "trend": "上游降雨持续，水位可能继续上涨。",
            "told": "带班领导",
        },
        None,
    ),
    (
        -1,
        23,
        10,
        EntryKind.CALL,
        Urgency.URGENT,
        {
            "summary": URGENT_SUMMARY,
            "place": "城关镇河西村四组",
            "caller_unit": "城关镇人民政府",
            "caller_name": "陈志强",
            "caller_post": "镇长",
            "caller_phone": "13907310008",
            "cause": "22时以来局地短时强降雨，小时雨量超过60毫米。",
            "course": "23时许河西村山洪暴发，冲毁村道约300米，沿河6户群众被困。",
            "measures": "镇村干部已赶赴现场组织转移；已通知县应急管理局、消防救援大队出动。",
            "impact": "村道中断，暂未发现人员伤亡。",
            "trend": "降雨仍在持续，需防范次生灾害。",
            "told": "带班领导；县应急管理局；县消防救援大队",
            "result": "被困群众已全部转移安置，事件转入突发事件处置。",
        },
        8 * 60,
    ),
    (
        0,
        0,
        50,
        EntryKind.CALL,
        Urgency.ROUTINE,
        {
            "summary": "县应急管理局报告：救援力量已到达河西村现场",
            "caller_unit": "县应急管理局",
            "caller_name": "郭海",
            "caller_post": "值班员",
            "result": "已报告带班领导",
        },
        10,
    ),
    (
        0,
        5,
        30,
        EntryKind.VISIT,
        Urgency.ROUTINE,
        {
            "summary": "群众来访反映城关镇老街积水",
            "place": "县委大楼值班室",
            "caller_name": "周某",
            "course": "反映老街排水不畅，门面进水。",
            "measures": "已告知城关镇值班室和县住建局值班室，请其派人处理。",
            "told": "城关镇、县住建局值班室",
            "result": "城关镇已派人疏通排水",
        },
        90,
    ),
)


def _at(day: object, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))  # type: ignore[arg-type]


def _officers(unit: Unit) -> list[Person]:
    return list(
        Person.objects.filter(unit=unit, user__is_active=True, user__groups__name=Role.DUTY_OFFICER.value)
        .select_related("user", "unit")
        .order_by("pk")
    )


def _on_shift(unit: Unit, at: datetime) -> Person | None:
    shift = (
        DutyShift.objects.filter(
            unit=unit,
            role__is_leader_role=False,
            starts_at__lte=at,
            ends_at__gt=at,
            person__user__groups__name=Role.DUTY_OFFICER.value,
        )
        .select_related("person__user")
        .order_by("starts_at", "pk")
        .first()
    )
    return shift.person if shift else None


def build_demo_logbook(result: DemoResult) -> None:
    unit = Unit.objects.filter(code="XWB").first()
    if unit is None:
        return
    officers = _officers(unit)
    if len(officers) < 2:
        return
    now = timezone.now()
    today = timezone.localdate(now)
    yesterday = today - timedelta(days=1)
    night_officer = _on_shift(unit, _at(yesterday, 23, 10)) or officers[0]
    handed_at = _at(today, 8, 30)
    morning_officer = _on_shift(unit, handed_at + timedelta(minutes=5))
    if morning_officer is None or morning_officer == night_officer:
        morning_officer = next(p for p in officers if p != night_officer)
    if DutyLogEntry.objects.filter(
        unit=unit, summary=URGENT_SUMMARY, received_at__date__gte=yesterday
    ).exists():
        return  # built already
    for offset, hour, minute, kind, urgency, fields, closed_after in NIGHT:
        received = _at(today + timedelta(days=offset), hour, minute)
        if received + timedelta(minutes=5) > now:
            continue  # built in the small hours: the rest of the night has not happened yet
        texts = {name: fields.get(name, "") for name in logbook.TEXT_FIELDS}
        if closed_after is None:
            texts["result"] = ""
        entry = logbook.log_entry(
            night_officer.user,
            unit,
            logbook.EntryData(
                kind=kind,
                urgency=urgency,
                received_at=received,
                classification=Classification.INTERNAL,
                texts=texts,
            ),
            now=received + timedelta(minutes=3),
        )
        result.count("duty_log_entries")
        closing = received + timedelta(minutes=closed_after) if closed_after is not None else None
        if closing is not None and closing <= min(now, handed_at):  # the urgent call is in hand by morning
            logbook.close_entry(night_officer.user, entry, result=fields["result"], now=closing)
    if (
        now < handed_at + timedelta(minutes=15)
        or Handover.objects.filter(unit=unit, handed_at=handed_at).exists()
    ):
        return
    handover = handovers.hand_over(
        night_officer.user,
        unit,
        notes="河西村山洪已转入突发事件处置，续报、终报按时限报送；红旗水库水位需继续跟踪。",
        item_notes={
            e.pk: "每两小时向水利局了解一次水位，超汛限立即报告带班领导"
            for e in DutyLogEntry.objects.filter(unit=unit, summary=CARRIED_SUMMARY, closed_at__isnull=True)
        },
        now=handed_at,
    )
    result.count("handovers")
    for item in handover.items.select_related("entry"):
        handovers.acknowledge_item(morning_officer.user, item, now=handed_at + timedelta(minutes=6))
    handovers.acknowledge(morning_officer.user, handover, now=handed_at + timedelta(minutes=8))
