"""The sample county 示例县: its units, departments and the people in them, as plain data.

Everything is fixed text so that every build gives the same county (names are drawn from fixed lists by
position, never at random).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role

DEMO_PASSWORD = "Demo@2026zs"
AREA_CODE = "0799"


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    duties: str


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    short_name: str
    agency_code: str
    kind: str
    parent: str | None
    duties: str
    departments: tuple[DepartmentSpec, ...] = ()


@dataclass(frozen=True)
class PersonSpec:
    username: str
    unit: str
    department: str | None
    title: str
    roles: tuple[Role, ...] = ()
    clearance: int = Clearance.NONE
    leader_rank: int | None = None
    name: str = ""  # a fixed name for the well-known sign-ins; others are drawn from the name lists
    posts: tuple[str, ...] = field(default=())


OFFICE_DEPARTMENTS = (
    DepartmentSpec(
        "MSK", "秘书科", "负责文电处理、会议组织、领导日常公务活动安排，承办公文的拟稿、核稿、印制和分发。"
    ),
    DepartmentSpec(
        "DCS",
        "督查室",
        "负责上级决策部署、领导批示和会议议定事项的立项、交办、催办、督办和办结销号，编发督查通报。",
    ),
    DepartmentSpec(
        "XXK", "信息科", "负责政务信息的收集、编辑和报送，编发专报、快报和简报，统计各单位信息采用和计分。"
    ),
    DepartmentSpec("JYK", "机要科", "负责涉密文件、电报的收发、登记、传递、保管和清退，管理涉密载体。"),
    DepartmentSpec("BMB", "保密办", "负责保密宣传教育、涉密人员管理、定密工作指导和保密检查，组织保密自查。"),
    DepartmentSpec("DAS", "档案室", "负责文书档案的收集、整理、归档、保管、鉴定和利用。"),
    DepartmentSpec("ZBS", "值班室", "负责24小时值班，接收和报送突发事件信息，编排值班表，记录值班日志。"),
    DepartmentSpec("ZHK", "综合科", "负责综合文稿起草、调查研究统筹、精文减会和机关内部事务。"),
)
GOVERNMENT_OFFICE_DEPARTMENTS = (
    DepartmentSpec("MSK", "秘书科", "负责县政府文电处理、会议组织和领导公务活动安排。"),
    DepartmentSpec(
        "DCS", "督查室", "负责县政府重点工作、领导批示和人大代表建议、政协委员提案办理的督查督办。"
    ),
    DepartmentSpec("XXK", "信息科", "负责县政府政务信息报送和政务公开工作。"),
    DepartmentSpec("JYK", "机要科", "负责县政府涉密文件的收发、传递和保管。"),
    DepartmentSpec("DAS", "档案室", "负责县政府文书档案的整理、归档和利用。"),
    DepartmentSpec("ZBS", "值班室", "负责县政府总值班和应急信息报送。"),
    DepartmentSpec("ZHK", "综合科", "负责综合文稿起草和机关事务。"),
)

COUNTY_UNITS = (
    UnitSpec(
        "XW",
        "中共示例县委员会",
        "县委",
        "县委发",
        "party_committee",
        None,
        "领导全县经济社会发展和党的建设工作，研究决定全县重大事项。",
    ),
    UnitSpec(
        "XZF",
        "示例县人民政府",
        "县政府",
        "县政发",
        "government",
        None,
        "执行县人民代表大会的决议，领导全县行政工作，管理经济、教育、科学、文化、卫生等行政事务。",
    ),
    UnitSpec(
        "XWB",
        "中共示例县委办公室",
        "县委办",
        "县委办发",
        "office",
        "XW",
        "负责县委机关日常运转，承担县委文电、会务、信息、督查、机要、保密、档案、值班等工作。",
        OFFICE_DEPARTMENTS,
    ),
    UnitSpec(
        "XZFB",
        "示例县人民政府办公室",
        "县政府办",
        "县政办发",
        "office",
        "XZF",
        "负责县政府机关日常运转，承担县政府文电、会务、信息、督查、政务公开和值班应急等工作。",
        GOVERNMENT_OFFICE_DEPARTMENTS,
    ),
)

# (code, name, short name, agency code, duties, business department (code, name, duties))
BUREAUS = (
    (
        "FGJ",
        "示例县发展和改革局",
        "发改局",
        "县发改发",
        "拟订并组织实施全县国民经济和社会发展规划，统筹协调经济社会发展，推进重大项目建设。",
        ("GHK", "规划股", "负责编制和实施国民经济和社会发展中长期规划与年度计划。"),
    ),
    (
        "JYJ",
        "示例县教育局",
        "教育局",
        "县教发",
        "贯彻执行教育方针政策，统筹管理全县各级各类教育，负责教师队伍建设和教育督导。",
        ("JCJY", "基础教育股", "负责学前教育、义务教育和普通高中教育管理。"),
    ),
    (
        "CZJ",
        "示例县财政局",
        "财政局",
        "县财发",
        "拟订财政发展规划和政策，编制县级预决算草案，管理财政收支和政府债务。",
        ("YSK", "预算股", "负责编制县级年度预算草案和决算草案。"),
    ),
    (
        "GAJ",
        "示例县公安局",
        "公安局",
        "县公发",
        "负责全县社会治安管理，预防、制止和侦查违法犯罪活动，维护社会稳定。",
        ("ZHZX", "指挥中心", "负责110接处警、警情研判和应急指挥调度。"),
    ),
    (
        "MZJ",
        "示例县民政局",
        "民政局",
        "县民发",
        "负责社会救助、养老服务、社会组织管理、区划地名和殡葬管理工作。",
        ("JZK", "社会救助股", "负责最低生活保障、特困人员供养和临时救助。"),
    ),
    (
        "RSJ",
        "示例县人力资源和社会保障局",
        "人社局",
        "县人社发",
        "负责就业创业、社会保险、人事人才和劳动关系工作。",
        ("JYK", "就业促进股", "负责就业创业政策落实和职业技能培训。"),
    ),
    (
        "ZRJ",
        "示例县自然资源局",
        "自然资源局",
        "县自然资发",
        "负责自然资源调查监测、国土空间规划、耕地保护和不动产登记。",
        ("GTK", "国土空间规划股", "负责国土空间规划编制和用途管制。"),
    ),
    (
        "ZJJ",
        "示例县住房和城乡建设局",
        "住建局",
        "县住建发",
        "负责住房保障、城乡建设、建筑市场和工程质量安全监管。",
        ("ZBK", "住房保障股", "负责保障性住房建设和管理。"),
    ),
    (
        "JTJ",
        "示例县交通运输局",
        "交通运输局",
        "县交发",
        "负责公路建设与养护、道路运输和交通安全监管。",
        ("GLK", "公路建设股", "负责农村公路建设和养护管理。"),
    ),
    (
        "SLJ",
        "示例县水利局",
        "水利局",
        "县水发",
        "负责水资源管理、水利工程建设、防汛抗旱和河湖长制日常工作。",
        ("FXK", "防汛抗旱股", "负责防汛抗旱日常工作和水旱灾害防御。"),
    ),
    (
        "NYJ",
        "示例县农业农村局",
        "农业农村局",
        "县农发",
        "负责农业农村发展规划、粮食生产、乡村振兴和农村改革工作。",
        ("XCK", "乡村振兴股", "负责巩固拓展脱贫攻坚成果同乡村振兴有效衔接。"),
    ),
    (
        "SWJ",
        "示例县商务局",
        "商务局",
        "县商发",
        "负责内外贸易、招商引资、市场体系建设和电子商务发展。",
        ("ZSK", "招商股", "负责招商引资项目的引进、洽谈和服务。"),
    ),
    (
        "WLJ",
        "示例县文化广电旅游局",
        "文旅局",
        "县文旅发",
        "负责文化、广播电视、旅游和文物保护工作。",
        ("LYK", "旅游发展股", "负责旅游资源开发和旅游市场管理。"),
    ),
    (
        "WJJ",
        "示例县卫生健康局",
        "卫健局",
        "县卫健发",
        "负责公共卫生、医疗服务、疾病预防控制和人口家庭工作。",
        ("GWK", "公共卫生股", "负责疾病预防控制和突发公共卫生事件应急处置。"),
    ),
    (
        "YJJ",
        "示例县应急管理局",
        "应急管理局",
        "县应急发",
        "负责应急预案体系建设、安全生产综合监管、防灾减灾救灾工作。",
        ("AJK", "安全生产监管股", "负责安全生产综合监管和事故调查。"),
    ),
    (
        "SJJ",
        "示例县市场监督管理局",
        "市场监管局",
        "县市监发",
        "负责市场主体登记、食品药品安全、产品质量和价格监督检查。",
        ("SPK", "食品安全股", "负责食品生产经营安全监管。"),
    ),
    (
        "TJJ",
        "示例县统计局",
        "统计局",
        "县统发",
        "负责国民经济核算、统计调查和统计数据发布。",
        ("ZHK", "综合统计股", "负责统计数据汇总、分析和发布。"),
    ),
    (
        "YBJ",
        "示例县医疗保障局",
        "医保局",
        "县医保发",
        "负责医疗保险、生育保险、医疗救助和医药价格管理。",
        ("DYK", "待遇保障股", "负责医保待遇政策落实和医疗救助。"),
    ),
    (
        "XFJ",
        "示例县信访局",
        "信访局",
        "县信访发",
        "负责受理群众来信来访，交办、转送和督办信访事项，分析研判信访形势。",
        ("JDK", "接待股", "负责群众来访接待和来信办理。"),
    ),
    (
        "STJ",
        "示例县生态环境分局",
        "生态环境分局",
        "县环发",
        "负责生态环境保护、污染防治和环境执法监督。",
        ("WRK", "污染防治股", "负责大气、水、土壤污染防治。"),
    ),
    (
        "SHJ",
        "示例县审计局",
        "审计局",
        "县审发",
        "负责财政收支、国有资产和领导干部经济责任审计。",
        ("JZK", "经济责任审计股", "负责领导干部经济责任审计。"),
    ),
    (
        "LYJ",
        "示例县林业局",
        "林业局",
        "县林发",
        "负责林业资源保护、森林防火、国土绿化和自然保护地管理。",
        ("FHK", "森林防火股", "负责森林防灭火日常工作。"),
    ),
)

TOWNS = (
    "城关镇",
    "青石镇",
    "柳河镇",
    "白马镇",
    "龙泉镇",
    "北塘镇",
    "石门镇",
    "东山乡",
    "西岭乡",
    "南湖乡",
    "桃源乡",
    "清水乡",
)
TOWN_DUTIES = "负责本辖区经济社会发展、基层党建、社会治理、公共服务和安全稳定工作。"
TOWN_DEPARTMENTS = (
    DepartmentSpec("DZB", "党政综合办公室", "负责党委、政府文电、会务、信息、督查和值班工作。"),
    DepartmentSpec("JFB", "经济发展办公室", "负责辖区经济发展、项目建设和招商引资服务。"),
)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾单萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN_NAMES = (
    "建国",
    "海燕",
    "志强",
    "秀英",
    "晓东",
    "丽华",
    "国庆",
    "红梅",
    "文斌",
    "春生",
    "雪梅",
    "立新",
    "玉兰",
    "振华",
    "桂芳",
    "卫东",
    "静",
    "伟",
    "敏",
    "磊",
    "洋",
    "婷",
    "超",
    "晨",
    "宇航",
    "思远",
    "佳怡",
    "子涵",
    "浩然",
    "雨萱",
    "明轩",
    "欣怡",
    "俊杰",
    "梓萱",
    "博文",
    "诗琪",
    "天佑",
    "佳琪",
    "嘉懿",
    "一鸣",
    "若曦",
    "书瑶",
    "泽宇",
)


def demo_name(index: int) -> str:
    """A fixed name for the index-th generated person (a walk over the two lists, never random)."""
    surname = SURNAMES[index % len(SURNAMES)]
    given = GIVEN_NAMES[(index * 7 + index // len(SURNAMES)) % len(GIVEN_NAMES)]
    return surname + given


def people_specs() -> list[PersonSpec]:
    """Everyone in the county, in a fixed order."""
    core, important, ordinary = Clearance.CORE, Clearance.IMPORTANT, Clearance.ORDINARY
    people = [
        PersonSpec("leader1", "XW", None, "县委书记", (Role.LEADER,), core, 1, name="周立新"),
        PersonSpec("leader2", "XZF", None, "县委副书记、县长", (Role.LEADER,), core, 2, name="单建华"),
        PersonSpec("leader3", "XW", None, "县委副书记", (Role.LEADER,), important, 3),
        PersonSpec("leader4", "XW", None, "县委常委、县委办公室主任", (Role.LEADER,), important, 4),
        PersonSpec("leader5", "XZF", None, "县委常委、常务副县长", (Role.LEADER,), important, 5),
        PersonSpec("leader6", "XZF", None, "副县长", (Role.LEADER,), ordinary, 6),
        PersonSpec("leader7", "XZF", None, "副县长", (Role.LEADER,), ordinary, 7),
        # 县委办
        PersonSpec(
            "zhuren",
            "XWB",
            None,
            "县委办公室常务副主任",
            (Role.OFFICE_DIRECTOR,),
            important,
            20,
            name="曾志强",
        ),
        PersonSpec("xwb_fzr1", "XWB", None, "县委办公室副主任", (Role.OFFICE_DIRECTOR,), important, 21),
        PersonSpec(
            "xwb_fzr2", "XWB", None, "县委办公室副主任、县委督查室主任", (Role.OFFICE_DIRECTOR,), ordinary, 22
        ),
        PersonSpec("wenshu", "XWB", "MSK", "科员", (Role.CLERK,), Clearance.NONE, name="张三"),
        PersonSpec("duchayuan", "XWB", "DCS", "科员", (Role.SUPERVISOR,), ordinary, name="李督查"),
        PersonSpec("dangan", "XWB", "DAS", "科员", (Role.ARCHIVIST,), ordinary, name="王档案"),
    ]
    office_roles = {
        "MSK": (Role.CLERK,),
        "DCS": (Role.SUPERVISOR,),
        "XXK": (Role.INFO_OFFICER,),
        "JYK": (Role.CLERK,),
        "BMB": (Role.SECRECY_OFFICER,),
        "DAS": (Role.ARCHIVIST,),
        "ZBS": (Role.DUTY_OFFICER,),
        "ZHK": (Role.CLERK,),
    }
    office_clearance = {"JYK": important, "BMB": important, "DCS": ordinary, "MSK": ordinary}
    for unit_code, departments, prefix in (
        ("XWB", OFFICE_DEPARTMENTS, "xwb"),
        ("XZFB", GOVERNMENT_OFFICE_DEPARTMENTS, "xzfb"),
    ):
        if unit_code == "XZFB":
            people.append(
                PersonSpec(
                    "xzfb_zr", "XZFB", None, "县政府办公室主任", (Role.OFFICE_DIRECTOR,), important, 23
                )
            )
            people.append(
                PersonSpec(
                    "xzfb_fzr", "XZFB", None, "县政府办公室副主任", (Role.OFFICE_DIRECTOR,), ordinary, 24
                )
            )
        for department in departments:
            roles = office_roles[department.code]
            clearance = office_clearance.get(department.code, Clearance.NONE)
            code = department.code.lower()
            people.append(
                PersonSpec(
                    f"{prefix}_{code}_kz",
                    unit_code,
                    department.code,
                    "科长",
                    roles,
                    clearance,
                    posts=_posts_for(department.code),
                )
            )
            members = 2 if unit_code == "XWB" else 1
            for n in range(1, members + 1):
                member_clearance = clearance if department.code in {"JYK", "BMB"} else Clearance.NONE
                people.append(
                    PersonSpec(
                        f"{prefix}_{code}_{n}",
                        unit_code,
                        department.code,
                        "科员",
                        roles,
                        member_clearance,
                        posts=_posts_for(department.code),
                    )
                )
    for code, _name, _short, _agency, _duties, (dept_code, _dept_name, _dept_duties) in BUREAUS:
        prefix = code.lower()
        people += [
            PersonSpec(f"{prefix}_jz", code, None, "局长", (Role.LEADER,), ordinary, 1),
            PersonSpec(f"{prefix}_fjz", code, None, "副局长", (Role.LEADER,), Clearance.NONE, 2),
            PersonSpec(
                "liaison_jyj" if code == "JYJ" else f"{prefix}_llr",
                code,
                "BGS",
                "办公室主任",
                (Role.LIAISON,),
                name="王联络" if code == "JYJ" else "",
            ),
            PersonSpec(f"{prefix}_ky", code, dept_code, "股长", ()),
        ]
    for index, town in enumerate(TOWNS, start=1):
        code = f"T{index:02d}"
        head = "镇长" if town.endswith("镇") else "乡长"
        people += [
            PersonSpec(f"t{index:02d}_sj", code, None, "党委书记", (Role.LEADER,), ordinary, 1),
            PersonSpec(f"t{index:02d}_zz", code, None, head, (Role.LEADER,), Clearance.NONE, 2),
            PersonSpec(f"t{index:02d}_llr", code, "DZB", "党政综合办公室主任", (Role.LIAISON,)),
            PersonSpec(f"t{index:02d}_ky", code, "JFB", "科员", ()),
        ]
    return people


def _posts_for(department_code: str) -> tuple[str, ...]:
    return {"JYK": ("机要员",), "BMB": ("保密员",)}.get(department_code, ())


# Posts (岗位): (unit code, department code, name, required clearance, duties)
POSTS = (
    ("XWB", "JYK", "机要员", Clearance.IMPORTANT, "涉密文件、电报的收发、传递和保管。"),
    ("XWB", "BMB", "保密员", Clearance.IMPORTANT, "保密检查、涉密人员和涉密载体管理。"),
    ("XZFB", "JYK", "机要员", Clearance.IMPORTANT, "县政府涉密文件的收发、传递和保管。"),
)

# The well-known sign-ins the browser tests and the printed table use, in order.
# The sign-ins `zhongshu demo` prints (and the README lists), with what each does in the demo: everyone the
# demo's documents, items and files name as acting (核稿, 签发, 反馈, 归档) can sign in and see it.
SIGN_IN_DUTIES = {
    "wenshu": "拟稿、复核、登记、分发，收文登记和拟办；维护各单位请示报告清单，查看应报尽报",
    "xwb_msk_kz": "秘书科科长：核稿（待核稿的通知）",
    "xwb_msk_1": "秘书科科员：核稿（与科长并联）",
    "leader4": "县委常委、县委办公室主任：签发县委办公室发文",
    "leader1": "县委书记：签发督查通知、批示来文、督办领导",
    "zhuren": "办公室常务副主任：督办阈值、督查督办、档案利用审批",
    "duchayuan": "督查员：立项、交办、督办、销号、作废",
    "liaison_jyj": "教育局联络员：签收、反馈督查事项，申请办结待销号的事项",
    "czj_llr": "财政局联络员：已签收并反馈的督查事项，按期办结的事项；上月安全生产月报迟报，三重一大报备",
    "zjj_llr": "住建局联络员：一件逾期未办结、两件已销号（一件逾期办结）的督查事项",
    "t02_llr": "青石镇联络员：一件逾期未办结、一件逾期办结的督查事项",
    "xwb_xxk_kz": "信息科科长：两个乡镇柳河汛情信息疑似重复待处理，三期刊物已分发，计分规则和采用排名，约稿一家逾期未报",
    "t01_llr": "城关镇联络员（信息员）：报送的信息被市委办《每日要情》采用，约稿待报，本镇请示报告清单和三重一大报备",
    "t03_sj": "柳河镇党委书记：一条问题信息待其签发",
    "dangan": "档案员：待归档文件和事项的归档、整理、上架，借阅归还",
    "xwb_das_1": "档案室科员：示例档案的归档、整理、上架",
    "xwb_zbs_kz": "值班室科长：昨夜值班记录、交班，河西村山洪的首报、续报（迟报11分钟）、终报，上周值班抽查",
    "xwb_zbs_1": "值班室科员：今早确认接班，当班值班记录",
    "gaj_jz": "公安局局长：批准副局长外出，本人同时外出（正副职同时不在岗）",
    "czj_jz": "财政局局长：副局长的外出报备待其审批",
    "xwb_jyk_kz": "机要科科长：起草并印制县委办的机密文件（一份印制件在其手中），保管机要科专柜",
    "xwb_bmb_kz": "保密办科长：机密文件的印制件借出逾期，清点发现一件载体缺失，涉密岗位人员等级低于岗位，跟班学习人员在岗，一份公文待公开审查，保密自查两项问题整改中",
    "sysadmin": "系统管理员（三员）",
    "secadmin": "安全保密管理员（三员）：涉密人员离岗、上岗后的涉密人员调整（岗位和涉密等级）",
    "auditor": "安全审计员（三员）",
}
SIGN_INS = tuple(SIGN_IN_DUTIES)
