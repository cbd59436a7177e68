"""The sample county's 应急预案 and 演练 (issue 17, item 5 and the end of item 4): three current plans (防汛抗旱,
地质灾害, 森林火灾) with their steps per response level; one drill held last month, recorded with two problems
the supervisor turned into 整改 items assigned to their units; and on the incidents part's demo incident (if it
is there) the matching plan chosen, its first steps ticked, and a leader's instruction supervised.

Everything goes through the plans part's services as the people would do it: the duty officer keeps the plans
and the drill, the supervisor (督查员) turns the problems and the instruction into supervision items. A plan
or a drill with the demo's title already there is left as it is.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.core.errors import ServiceError
from zhongshu.duty import drills, incident_joints, plans
from zhongshu.duty.models import ContingencyPlan, Drill, Incident, Severity
from zhongshu.org.models import Person, Unit

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

PLANS: list[dict[str, Any]] = [
    {
        "title": "示例县防汛抗旱应急预案",
        "subtype": "水旱灾害",
        "unit": "YJJ",
        "steps": {
            Severity.IV: [
                ("县防指办公室会商研判，发布Ⅳ级应急响应", "县应急管理局"),
                ("通知水库、堤防责任人到岗巡查", "县水利局"),
                ("转移危险区群众，开放避灾安置点", "相关乡镇"),
                ("每日报告雨情、水情、险情和灾情", "县委办值班室"),
            ],
            Severity.III: [
                ("县防指副指挥长主持会商，启动Ⅲ级应急响应", "县防指"),
                ("县级防汛抢险队伍预置到重点区域", "县应急管理局"),
                ("县领导分片包干，赶赴一线指挥", "县领导"),
                ("每6小时报告一次汛情和处置情况", "县委办值班室"),
            ],
            Severity.II: [
                ("县防指指挥长主持会商，启动Ⅱ级应急响应", "县防指"),
                ("请求市防指支援抢险力量和物资", "县应急管理局"),
            ],
            Severity.I: [
                ("县委、县政府主要负责同志坐镇指挥，启动Ⅰ级应急响应", "县委、县政府"),
                ("全面组织群众转移和抢险救灾", "县防指各成员单位"),
            ],
        },
    },
    {
        "title": "示例县地质灾害应急预案",
        "subtype": "地质灾害",
        "unit": "ZRJ",
        "steps": {
            Severity.IV: [
                ("组织专家赶赴现场调查，划定危险区", "县自然资源局"),
                ("设立警示标志，疏散受威胁群众", "属地乡镇"),
                ("监测灾情发展，防止次生灾害", "县自然资源局"),
            ],
            Severity.III: [
                ("启动Ⅲ级应急响应，成立现场指挥部", "县应急管理局"),
                ("组织抢险救援，搜救被困人员", "县消防救援大队"),
            ],
        },
    },
    {
        "title": "示例县森林火灾应急预案",
        "subtype": "森林草原火灾",
        "unit": "LYJ",
        "steps": {
            Severity.IV: [
                ("接报后30分钟内派出扑火队伍", "县林业局"),
                ("封锁火场周边道路，疏散游客", "县公安局"),
                ("火灭后留守清理看守火场", "属地乡镇"),
            ],
            Severity.III: [
                ("启动Ⅲ级应急响应，县森防指前移指挥", "县林业局"),
                ("调集跨乡镇扑火力量增援", "县应急管理局"),
            ],
        },
    },
]
DRILL_TITLE = "汛前防汛抢险综合应急演练"


def _person_with(role: Role, unit_code: str | None = None) -> Person | None:
    people = Person.objects.filter(user__is_active=True).select_related("user", "unit").order_by("pk")
    if unit_code:
        people = people.filter(unit__code=unit_code)
    return next((person for person in people if person.user.has_role(role)), None)


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def build_demo_plans(result: DemoResult) -> None:
    officer = _person_with(Role.DUTY_OFFICER, "XWB") or _person_with(Role.OFFICE_DIRECTOR)
    supervisor = _person_with(Role.SUPERVISOR) or _person_with(Role.OFFICE_DIRECTOR)
    if officer is None or supervisor is None:
        return
    by = officer.user
    made: dict[str, ContingencyPlan] = {}
    for spec in PLANS:
        existing = ContingencyPlan.objects.filter(title=spec["title"]).first()
        unit = _unit(spec["unit"]) or officer.unit
        if existing is not None:
            made[spec["subtype"]] = existing
            continue
        plan = plans.plan_create(
            by=by,
            title=spec["title"],
            category="natural",
            subtype=spec["subtype"],
            unit=unit,
            issued_on=timezone.localdate().replace(month=3, day=15),
        )
        for level, steps in spec["steps"].items():
            for text, responsible in steps:
                plans.plan_step_add(by=by, plan=plan, level=level, text=text, responsible=responsible)
        made[spec["subtype"]] = plan
        result.count("contingency_plans")
    _drill(by, supervisor, made["水旱灾害"], result)
    _incident(by, officer, supervisor, result)


def _drill(by: Any, supervisor: Person, plan: ContingencyPlan, result: DemoResult) -> None:
    if Drill.objects.filter(title=DRILL_TITLE).exists():
        return
    today = timezone.localdate()
    held_on = (today.replace(day=1) - timedelta(days=1)).replace(day=15)  # the middle of last month
    units = [unit for unit in (_unit("YJJ"), _unit("SLJ")) if unit is not None]
    if len(units) < 2:
        return
    drill = drills.drill_plan(
        by=by,
        title=DRILL_TITLE,
        plan=plan,
        scenario="受强降雨影响，某水库水位超汛限，下游村庄受威胁，需紧急转移群众并组织抢险。",
        held_on=held_on,
        place="示例县水库管理所",
        units=units,
    )
    deadline = today + timedelta(days=30)
    drills.drill_record(
        by=by,
        drill=drill,
        participants=150,
        evaluation="响应启动及时，群众转移有序；卫星通信保障和抢险物资调运存在短板。",
        problems=[
            drills.ProblemIn(
                "卫星电话操作不熟练，通信中断时未能及时联络", units[0], "组织全员卫星电话操作培训", deadline
            ),
            drills.ProblemIn(
                "抢险物资仓库台账与实物不符，调运延误", units[1], "全面清点物资，建立动态台账", deadline
            ),
        ],
    )
    result.count("drills")
    try:
        drills.drill_rectify(by=supervisor.user, drill=drill)
    except ServiceError:
        return
    result.count("drill_rectifications")


def _incident(by: Any, officer: Person, supervisor: Person, result: DemoResult) -> None:
    """The incidents part's demo incident: its plan chosen, its first steps ticked, a leader's instruction."""
    incident = Incident.objects.order_by("-learned_at").first()
    if incident is None:
        return
    now = timezone.now()
    if incident.plan_id is None:
        choices = plans.plans_for(incident)
        if not choices:
            return
        incident = plans.incident_choose_plan(by=by, incident=incident, plan=choices[0])
    rows = plans.checklist(incident)
    for n, row in enumerate(rows[:2], start=1):
        if row.done is not None:
            continue
        done_at = min(now, incident.learned_at + timedelta(minutes=20 * n))  # before a 终报 (补录)
        plans.step_tick(by=by, incident=incident, step=row.step, done_by=officer, done_at=done_at, now=now)
        result.count("incident_steps")
    if incident.instructions.exists():
        return
    # The county head (县长) instructs, as on a 较大 flood; else the first county leader there is.
    leader = (
        Person.objects.filter(user__username="leader2", user__is_active=True).first()
        or Person.objects.filter(is_leader=True, user__is_active=True).order_by("leader_rank").first()
    )
    if leader is None:
        return
    instruction = incident_joints.instruction_record(
        by=by,
        incident=incident,
        leader=leader,
        text="请应急、水利部门和属地乡镇全力做好群众转移安置，严防次生灾害，及时报告进展。",
        given_at=min(now, incident.learned_at + timedelta(minutes=30)),
        now=now,
    )
    result.count("incident_instructions")
    try:
        incident_joints.instruction_supervise(by=supervisor.user, instruction=instruction)
    except ServiceError:
        return
    result.count("incident_instructions_supervised")
