"""The demo's 保密工作 part, made through the part's services as the 保密办 head (xwb_bmb_kz) would:

- a part-time secrecy administrator named for every unit but the last one (a gap the administrators' page marks):
  the county office's is a 保密办 colleague, a unit's is its liaison (联络员), else its first person;
- this quarter's 保密工作会议, attended by the administrators and the 保密办;
- a bank of fifteen questions of secrecy-law knowledge (levels, the 30/20/10-year terms, the marking, carriers,
  copying and destruction, leaving a post and the cooling-off period);
- last month's test, taken by the administrators with their scores (one did not take it);
- a test open now for the county office's people and the administrators (their to-do).

Run again, it adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.org.models import Person, Unit
from zhongshu.secrecy import duties
from zhongshu.secrecy.models_duties import (
    KnowledgeTest,
    Question,
    QuestionBank,
    SecrecyAdministrator,
    SecrecyMeeting,
)

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

HEAD = "xwb_bmb_kz"
BANK_NAME = "保密法律法规基础知识题库"
PAST_TEST = "上月保密知识测试"
OPEN_TEST = "保守国家秘密法知识测试"


@dataclass(frozen=True)
class DemoQuestion:
    kind: str
    topic: str
    text: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    explanation: str


QUESTIONS = (
    DemoQuestion(
        "single",
        "密级",
        "国家秘密的密级分为（　）。",
        ("绝密、机密、秘密", "绝密、机密、秘密、内部", "核心、重要、一般", "机密、秘密、工作秘密"),
        (0,),
        "保守国家秘密法规定，国家秘密的密级分为绝密、机密、秘密三级。",
    ),
    DemoQuestion(
        "single",
        "保密期限",
        "绝密级国家秘密的保密期限，除另有规定外，不超过（　）年。",
        ("10", "20", "30", "50"),
        (2,),
        "除另有规定外，绝密级不超过30年，机密级不超过20年，秘密级不超过10年。",
    ),
    DemoQuestion(
        "single",
        "保密期限",
        "机密级国家秘密的保密期限，除另有规定外，不超过（　）年。",
        ("5", "10", "20", "30"),
        (2,),
        "机密级国家秘密的保密期限一般不超过20年。",
    ),
    DemoQuestion(
        "single",
        "保密期限",
        "秘密级国家秘密的保密期限，除另有规定外，不超过（　）年。",
        ("5", "10", "15", "20"),
        (1,),
        "秘密级国家秘密的保密期限一般不超过10年。",
    ),
    DemoQuestion(
        "true_false",
        "解密",
        "国家秘密的保密期限已满的，自行解密。",
        (),
        (0,),
        "保密期限届满的，自行解密；需要延长的，应当在届满前作出决定。",
    ),
    DemoQuestion(
        "single",
        "国家秘密标志",
        "下列国家秘密标志的写法，正确的是（　）。",
        ("机密★5年", "机密5年★", "★机密5年", "机密（5年）"),
        (0,),
        "国家秘密标志由密级、★和保密期限组成，标注在首页左上角，如“机密★5年”。",
    ),
    DemoQuestion(
        "multiple",
        "涉密载体",
        "下列属于涉密载体的有（　）。",
        ("记载国家秘密的纸质文件", "存储国家秘密的U盘", "存储国家秘密的光盘", "未存储任何信息的新购U盘"),
        (0, 1, 2),
        "以文字、数据、符号、图形、图像、声音等方式记载、存储国家秘密信息的纸介质、光介质、电磁介质等都是涉密载体。",
    ),
    DemoQuestion(
        "true_false",
        "涉密载体",
        "绝密级涉密载体可以由一人单独携带外出。",
        (),
        (1,),
        "传递、携带绝密级涉密载体应当由两人以上共同负责。",
    ),
    DemoQuestion(
        "single",
        "复制",
        "复制涉密载体应当（　）。",
        (
            "经审批，复制件加盖复制戳记，视同原件管理",
            "告知保密员即可",
            "复制件无需登记",
            "可以到社会上的复印店复制",
        ),
        (0,),
        "复制涉密载体须经批准，不得改变密级、保密期限和知悉范围，复制件加盖复制戳记并视同原件管理。",
    ),
    DemoQuestion(
        "multiple",
        "离岗离职",
        "涉密人员离岗离职时，应当（　）。",
        (
            "进行保密提醒谈话，签订离岗保密承诺书",
            "清退所持有和使用的涉密载体",
            "注销涉密信息系统账号和权限",
            "无需办理任何手续",
        ),
        (0, 1, 2),
        "离岗离职须提醒谈话、签订承诺书、清退涉密载体、取消访问权限，并进入脱密期管理。",
    ),
    DemoQuestion(
        "single",
        "脱密期",
        "核心涉密人员的脱密期一般为（　）。",
        ("1至2年", "2至3年", "3至5年", "不需要脱密期"),
        (2,),
        "脱密期一般为：核心涉密人员3至5年，重要涉密人员2至3年，一般涉密人员1至2年。",
    ),
    DemoQuestion(
        "true_false",
        "定密",
        "汇编涉及国家秘密的文件，汇编本的密级和保密期限按所汇编内容中的最高密级和最长保密期限确定。",
        (),
        (0,),
        "汇编、摘录涉密内容形成的载体，按其中最高密级和最长保密期限标注。",
    ),
    DemoQuestion(
        "multiple",
        "定密",
        "机关、单位确定国家秘密时，应当同时确定（　）。",
        ("密级", "保密期限", "知悉范围", "印制数量"),
        (0, 1, 2),
        "确定国家秘密，应当同时确定密级、保密期限和知悉范围。",
    ),
    DemoQuestion(
        "single",
        "销毁",
        "销毁涉密载体应当（　）。",
        (
            "履行清点、登记、审批手续，送交销毁工作机构或指定单位销毁",
            "作为废品出售",
            "自行焚烧，无需登记",
            "交保洁人员处理",
        ),
        (0,),
        "销毁涉密载体须清点登记、经审批，确保秘密信息无法还原。",
    ),
    DemoQuestion(
        "true_false",
        "信息系统",
        "涉密文件可以在连接互联网的计算机上处理，只要处理完立即删除。",
        (),
        (1,),
        "严禁在连接互联网及其他公共信息网络的计算机上存储、处理涉密信息。",
    ),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _administrator_for(unit: Unit) -> Person | None:
    """The county office's is a 保密办 colleague; a unit's its liaison, else its first person."""
    people = Person.objects.filter(unit=unit, user__is_active=True).order_by("sort_order", "pk")
    colleague = people.filter(user__username__in=["xwb_bmb_1", "xwb_bmb_2"]).first()
    if colleague is not None:
        return colleague
    liaison = people.filter(user__groups__name=Role.LIAISON.value).first()
    return liaison if liaison is not None else people.exclude(user__username=HEAD).first()


def _name_administrators(head: Person, result: DemoResult) -> list[Person]:
    units = list(Unit.objects.filter(is_active=True).order_by("sort_order", "pk"))
    named = []
    today = timezone.localdate()
    for unit in units[:-1]:  # the last unit is left without one: the page's gap
        current = SecrecyAdministrator.objects.filter(
            unit=unit, department__isnull=True, ended_on__isnull=True
        )
        found = current.select_related("person").first()
        if found is not None:
            named.append(found.person)
            continue
        person = _administrator_for(unit)
        if person is None:
            continue
        duties.administrator_appoint(
            by=head.user, unit=unit, department=None, person=person, appointed_on=today - timedelta(days=90)
        )
        result.count("secrecy_administrators")
        named.append(person)
    return named


def _quarter_start(today: date) -> date:
    return date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


def _meeting(head: Person, administrators: list[Person], result: DemoResult) -> None:
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    title = f"{today.year}年第{quarter}季度保密工作会议"
    if SecrecyMeeting.objects.filter(title=title).exists():
        return
    office = list(Person.objects.filter(unit_id=head.unit_id, department=head.department))
    duties.meeting_record(
        by=head.user,
        held_on=max(_quarter_start(today), today - timedelta(days=14)),
        title=title,
        kind="meeting",
        place="县委办公室三楼会议室",
        attendees=list(dict.fromkeys([*office, *administrators])),
        minutes=(
            "一、传达学习新修订的《中华人民共和国保守国家秘密法》及其实施条例。\n"
            "二、通报本季度涉密载体清点和保密自查情况，对发现的问题明确整改时限。\n"
            "三、部署下月保密知识测试，各单位兼职保密管理员负责组织本单位人员按时参加。"
        ),
    )
    result.count("secrecy_meetings")


def _bank(head: Person, result: DemoResult) -> QuestionBank:
    bank = QuestionBank.objects.filter(name=BANK_NAME).first()
    if bank is None:
        bank = duties.bank_create(
            by=head.user, name=BANK_NAME, description="密级与保密期限、涉密载体、涉密人员管理"
        )
        result.count("question_banks")
    known = set(Question.objects.filter(bank=bank).values_list("text", flat=True))
    for spec in QUESTIONS:
        if spec.text in known:
            continue
        duties.question_add(
            by=head.user,
            bank=bank,
            kind=spec.kind,
            topic=spec.topic,
            text=spec.text,
            options=list(spec.options),
            answer=list(spec.answer),
            explanation=spec.explanation,
        )
        result.count("questions")
    return bank


def _past_test(head: Person, bank: QuestionBank, takers: list[Person], result: DemoResult) -> None:
    if KnowledgeTest.objects.filter(title=PAST_TEST).exists() or not takers:
        return
    today = timezone.localdate()
    opens = _at(today - timedelta(days=30), 9)
    test = duties.knowledge_test_create(
        by=head.user,
        title=PAST_TEST,
        bank=bank,
        draw=10,
        time_limit_minutes=20,
        opens_at=opens,
        closes_at=_at(today - timedelta(days=23), 18),
        people=takers,
        now=opens - timedelta(hours=1),
        rng=random.Random(2026),  # noqa: S311 - which questions the demo draws, not a secret
    )
    sheet = duties.sheet(test)
    for index, person in enumerate(takers[:-1]):  # the last one did not take it
        started = opens + timedelta(days=index % 5, hours=index % 7)
        attempt = duties.attempt_start(by=person.user, test=test, now=started)
        # A few wrong answers each, differing by person, so the scores spread.
        answers = {
            question.pk: list(question.answer) if (index + n) % 4 else [(question.answer[0] + 1) % 2]
            for n, question in enumerate(sheet)
        }
        duties.attempt_submit(
            by=person.user, attempt=attempt, answers=answers, now=started + timedelta(minutes=12)
        )
        result.count("test_attempts")
    result.count("knowledge_tests")


def _open_test(head: Person, bank: QuestionBank, takers: list[Person], result: DemoResult) -> None:
    if KnowledgeTest.objects.filter(title=OPEN_TEST).exists():
        return
    now = timezone.now()
    duties.knowledge_test_create(
        by=head.user,
        title=OPEN_TEST,
        bank=bank,
        draw=10,
        time_limit_minutes=15,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=6),
        units=[head.unit],
        people=takers,
        now=now - timedelta(days=1, minutes=5),
        rng=random.Random(2027),  # noqa: S311 - which questions the demo draws, not a secret
    )
    result.count("knowledge_tests")


def build_demo_duties(result: DemoResult) -> None:
    head = Person.objects.filter(user__username=HEAD).select_related("user", "unit").first()
    if head is None:
        return
    administrators = _name_administrators(head, result)
    _meeting(head, administrators, result)
    bank = _bank(head, result)
    _past_test(head, bank, administrators, result)
    _open_test(head, bank, administrators, result)
