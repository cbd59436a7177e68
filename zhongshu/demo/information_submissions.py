"""The demo's submissions part: a month of 信息 from four or five towns and bureaus of the demo county, written
and submitted by their liaisons (信息员) through the part's services on dates spread over the last 30 days:
flood prevention, 秋粮收购, 招商引资, 安全生产, 人居环境整治 and the rest of a county's month. Two towns report
the same flood on the 柳河 in overlapping words (the screening part's check flags the later one), one 紧急信息
tells the editors at once, and one 问题 waits for its town leader's sign-off; the other 问题 and 舆情 items were
signed off by their unit's leader. Run again, it adds nothing (an item is known by its unit and title)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from zhongshu.base.roles import Role
from zhongshu.information import submissions
from zhongshu.information.models import InfoReport, InfoType, ItemState
from zhongshu.org.models import Person, UnitKind
from zhongshu.org.offices import office_unit_ids

# The shared passage of the two near-duplicate reports (≥ 40 characters in common, most of each text).
FLOOD_SHARED = (
    "受持续强降雨影响，柳河上游来水明显增加，柳河水位一度超过警戒水位零点六米。县防汛抗旱指挥部启动防汛四级"
    "应急响应，沿河乡镇组织党员干部和民兵连夜巡堤查险，对低洼地带、危旧房屋和地质灾害隐患点逐户排查，"
    "提前转移安置受威胁群众"
)


@dataclass(frozen=True)
class Piece:
    writer: int  # index into the chosen writers (towns first, then bureaus)
    day: float  # days before now
    info_type: str
    title: str
    body: str
    sign_off: bool = True  # False: a 问题 left waiting for the leader


PIECES = [
    Piece(
        0,
        29.5,
        InfoType.NEWS,
        "{unit}全面启动秋粮收购工作",
        "{unit}落实国家最低收购价政策，设立收购网点六个，安排专人开展粮食质量检测和价格公示，"
        "引导种粮大户错峰售粮。截至目前已收购中晚稻一千二百吨，未发生压级压价和“打白条”现象。",
    ),
    Piece(
        1,
        28.2,
        InfoType.EXPERIENCE,
        "{unit}“三清一改”推动人居环境整治见实效",
        "{unit}以清理农村生活垃圾、清理村内塘沟、清理畜禽养殖粪污和改变影响农村人居环境的不良习惯为抓手，"
        "建立“党员包户、村组包片”责任制，每月开展“最美庭院”评比。全镇累计清理垃圾三百余吨，"
        "整治房前屋后杂物堆放一千二百处，群众参与率达百分之九十以上。",
    ),
    Piece(
        4,
        27.0,
        InfoType.NEWS,
        "{unit}开展安全生产大检查",
        "{unit}组织专班对辖区内危险化学品、建筑施工、燃气和消防重点单位开展安全生产大检查，"
        "共检查企业四十二家，发现隐患八十六处，已整改七十一处，其余限期整改，对两家企业依法立案查处。",
    ),
    Piece(
        2,
        25.6,
        InfoType.NEWS,
        "{unit}招商引资签约项目三个",
        "在近日举行的全县招商引资集中签约活动中，{unit}签约农产品精深加工、光伏发电和乡村旅游项目三个，"
        "总投资四点二亿元。镇里成立项目服务专班，实行“一个项目、一名领导、一套班子”全程代办。",
    ),
    Piece(
        2,
        24.1,
        InfoType.SUGGESTION,
        "关于加快补齐农村寄递物流短板的建议",
        "目前{unit}二十一个行政村中仍有七个村未设快递服务点，群众取件需往返镇区二十余公里。建议统筹邮政、"
        "供销和快递企业资源，依托村级综合服务社建设共配站点，对偏远村给予运营补贴，打通农产品上行最后一公里。",
    ),
    Piece(
        5,
        22.8,
        InfoType.NEWS,
        "{unit}强化财政资金直达监管",
        "{unit}建立直达资金月调度、季通报机制，对惠民惠农补贴资金实行“一卡通”发放全流程监控，"
        "今年以来累计拨付直达资金三点六亿元，支出进度达百分之八十七，高于全市平均水平。",
    ),
    Piece(
        0,
        21.3,
        InfoType.PROBLEM,
        "部分村组饮水工程老化亟待改造",
        "{unit}十二个村组的集中供水工程建于二〇〇五年前后，管网老化、漏损严重，夏季用水高峰时段"
        "部分高地农户出现断水。镇里已组织应急送水，但根本解决需实施管网改造，资金缺口约三百八十万元。",
    ),
    Piece(
        1,
        19.9,
        InfoType.NEWS,
        "{unit}多措并举做好秋冬季森林防火",
        "{unit}进入森林防火紧要期后，在林区入口设立防火检查站九个，聘请护林员四十六名，"
        "开展防火宣传进村入户，并组织扑火队开展实战演练两次。",
    ),
    Piece(
        4,
        18.4,
        InfoType.EXPERIENCE,
        "{unit}“企业吹哨、部门报到”优化营商环境",
        "{unit}推行企业诉求“吹哨”机制，企业通过热线或小程序反映问题，相关部门限时报到办理，"
        "办理结果由企业评价。今年以来共受理企业诉求一百三十件，办结率百分之九十六，满意率百分之九十八。",
    ),
    Piece(
        0,
        16.0,
        InfoType.NEWS,
        "{unit}迅速应对柳河流域强降雨",
        FLOOD_SHARED + "一百二十六人，开放临时安置点三处，储备编织袋两万条、冲锋舟两艘。"
        "截至目前，{unit}未发生人员伤亡，受淹农田正在组织排涝。",
    ),
    Piece(
        1,
        15.4,
        InfoType.NEWS,
        "{unit}全力做好柳河强降雨防范应对",
        FLOOD_SHARED + "八十九人，组织抢险队员四十人对两处堤段管涌进行除险加固。"
        "{unit}将继续加强值班值守和水情监测，确保群众生命财产安全。",
    ),
    Piece(
        2,
        13.7,
        InfoType.OPINION,
        "网民反映{unit}集镇农贸市场周边交通拥堵",
        "近日有网民在本地论坛发帖，反映{unit}集镇农贸市场周边早市时段车辆乱停乱放、交通拥堵，"
        "帖子浏览量约三千次。镇里已协调交警中队加强早高峰疏导，规划临时停车场一处，并在论坛作出回应。",
    ),
    Piece(
        3,
        12.1,
        InfoType.NEWS,
        "{unit}秋季学期校园安全专项整治",
        "{unit}联合公安、市场监管等部门开展秋季学期校园及周边安全专项整治，检查学校食堂六十三家，"
        "排查校园周边隐患二十一处，全部完成整改。",
    ),
    Piece(
        5,
        10.8,
        InfoType.SUGGESTION,
        "关于用好地方政府专项债券资金的建议",
        "从{unit}掌握情况看，部分专项债券项目前期工作不扎实，资金到位后出现“钱等项目”。建议建立项目储备库"
        "动态管理机制，提前做好可研、环评和用地手续，确保资金一到位即形成实物工作量。",
    ),
    Piece(
        2,
        9.2,
        InfoType.NEWS,
        "{unit}秋粮收购进度过半",
        "{unit}各收购网点延长收购时间，推行“预约收购、上门服务”，目前已收购稻谷两千三百吨，进度过半，"
        "粮农售粮款全部及时结算到位。",
    ),
    Piece(
        4,
        7.6,
        InfoType.PROBLEM,
        "小微企业安全生产主体责任落实不到位问题应引起重视",
        "检查发现，{unit}辖区内部分小微企业安全管理人员配备不足、隐患自查流于形式，有的企业负责人"
        "对安全生产法律法规了解不多。建议分行业开展培训，推行隐患自查自改自报制度。",
    ),
    Piece(
        1,
        6.0,
        InfoType.EXPERIENCE,
        "{unit}推行“积分制”激发乡村治理活力",
        "{unit}在全镇推行乡村治理积分制，将环境卫生、移风易俗、志愿服务等纳入积分，积分可在“爱心超市”"
        "兑换生活用品。试行半年来，参与农户达三千余户，村容村貌明显改善。",
    ),
    Piece(
        1,
        4.3,
        InfoType.NEWS,
        "{unit}冬修水利工程全面开工",
        "{unit}谋划冬修水利项目十五个，包括山塘清淤、渠道防渗和泵站维修，总投资一千一百万元，"
        "目前已全部开工，计划明年春耕前完工。",
    ),
    Piece(
        0,
        2.2,
        InfoType.URGENT,
        "{unit}一在建工地发生局部坍塌",
        "今日上午九时许，{unit}集镇一在建商住楼工地发生局部基坑坍塌，一名工人被困，经消防救援人员"
        "全力施救已于十时二十分救出送医，生命体征平稳。镇主要负责同志已赶赴现场，工地已停工，"
        "事故原因正在调查。",
    ),
    Piece(
        2,
        0.8,
        InfoType.PROBLEM,
        "冬季取暖期农村一氧化碳中毒风险需警惕",
        "入冬以来，{unit}部分独居老人使用煤炉取暖，门窗密闭，存在一氧化碳中毒风险。镇里正组织网格员"
        "逐户排查，发放安全提示卡，拟为独居老人免费安装一氧化碳报警器，所需经费约六万元。",
        sign_off=False,
    ),
]


def _writers() -> list[Person]:
    """One writer (its liaison or 信息员) for each of up to three towns and three bureaus, outside the office."""
    office = office_unit_ids()
    people = (
        Person.objects.filter(
            user__is_active=True, user__groups__name__in=[Role.LIAISON.value, Role.INFO_OFFICER.value]
        )
        .exclude(unit_id__in=office)
        .select_related("unit", "user")
        .order_by("unit__sort_order", "unit_id", "id")
        .distinct()
    )
    towns: dict[int, Person] = {}
    bureaus: dict[int, Person] = {}
    for person in people:
        if person.unit.kind not in (UnitKind.TOWN, UnitKind.BUREAU):
            continue
        pool = towns if person.unit.kind == UnitKind.TOWN else bureaus
        if person.unit_id not in pool and submissions.unit_leaders(person.unit_id):
            pool[person.unit_id] = person
    chosen = list(towns.values())[:3] + list(bureaus.values())[:3]
    return chosen


def build_demo_submissions(result: Any) -> None:
    writers = _writers()
    if len(writers) < 2:
        return
    now = timezone.now().replace(second=0, microsecond=0)
    for piece in sorted(PIECES, key=lambda p: -p.day):
        writer = writers[piece.writer % len(writers)]
        unit = writer.unit
        short = unit.name.removeprefix("示例县")
        title = piece.title.format(unit=short)
        if InfoReport.objects.filter(unit=unit, title=title).exists():
            continue
        when: datetime = now - timedelta(days=piece.day)
        item = submissions.item_draft(
            by=writer.user,
            title=title,
            body=piece.body.format(unit=short),
            info_type=piece.info_type,
            now=when - timedelta(hours=2),
        )
        item = submissions.item_submit(item=item, by=writer.user, now=when)
        result.count("information_items")
        if item.state == ItemState.AWAITING_SIGN_OFF and piece.sign_off:
            leader = submissions.unit_leaders(unit.pk)[0]
            submissions.item_sign_off(item=item, by=leader.user, now=when + timedelta(minutes=40))
