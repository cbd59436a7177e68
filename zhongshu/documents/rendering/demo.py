"""A 通知 with every element of GB/T 9704-2012 filled, and a 纪要 in its own format (10.3), for
`zhongshu document render --demo [--type minutes]` and the tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from zhongshu.documents.rendering.layout import DocumentLayout

DEMO_BODY = """为深入贯彻落实中央和省委、市委关于整治形式主义为基层减负的部署要求，进一步规范全县公文处理工作，提高办文质量和效率，经县委同意，现就有关事项通知如下。
一、总体要求
坚持精文减会、务实高效，严格控制发文数量和篇幅，做到可发可不发的文件坚决不发，可合并的文件合并印发，切实减轻基层负担。
二、主要任务
（一）严格文件报审。各单位报送县委、县政府审定的文件，须经本单位主要负责同志审核签字，并附起草说明。
（二）规范公文格式。公文格式严格执行《党政机关公文格式》（GB/T 9704—2012）国家标准。
1.格式要素齐全。份号、密级和保密期限、紧急程度、发文机关标志、发文字号等要素按规定标注。
（1）发文字号由发文机关代字、年份、发文顺序号组成，年份、发文顺序号用阿拉伯数字标注。
（2）成文日期署会议通过或者发文机关负责人签发的日期，用阿拉伯数字将年、月、日标全。
2.文字准确规范。正文用3号仿宋体字，一般每面排22行，每行排28个字。
三、工作要求
各单位要高度重视，明确专人负责，认真对照检查，于2026年3月31日前将落实情况书面报送县委办公室。"""


def demo_layout() -> DocumentLayout:
    return DocumentLayout(
        copy_number="000123",
        secrecy="秘密★1年",
        urgency="特急",
        issuer_mark="中共示例县委办公室文件",
        doc_number="县委办发〔2026〕12号",
        title="中共示例县委办公室关于进一步规范公文处理工作提高办文质量的通知",
        primary_recipients="各乡镇党委，县委各部委，县直各单位党组（党委）",
        body=DEMO_BODY,
        attachment_notes=("示例县公文处理常见差错清单", "示例县公文格式检查表"),
        signature=("中共示例县委办公室",),
        date_of_writing=date(2026, 1, 5),
        seal=True,
        note="此件发至乡镇党委",
        cc_recipients="县人大常委会办公室，县政府办公室，县政协办公室，县纪委监委机关",
        printing_office="中共示例县委办公室",
        print_date=date(2026, 1, 6),
        attachments=(
            (
                "示例县公文处理常见差错清单",
                "一、格式差错\n发文字号年份用六角括号“〔〕”，不用圆括号或方括号。\n二、文字差错\n错字、别字、漏字。",
            ),
            ("示例县公文格式检查表", "1.份号是否为6位阿拉伯数字\n2.成文日期是否用阿拉伯数字标全年、月、日"),
        ),
    )


DEMO_MINUTES_BODY = """2026年3月5日，县长李明主持召开县人民政府第3次常务会议，研究全县防汛抗旱准备工作和县城老旧小区改造等事项。现将会议议定事项纪要如下：
一、关于全县防汛抗旱准备工作
会议听取了县水利局关于今年防汛抗旱准备工作的汇报。会议要求，各乡镇、各有关部门要立足防大汛、抗大旱，于4月15日前完成病险水库、塘坝隐患排查整治，落实防汛物资储备。由县水利局牵头，县应急管理局配合。
二、关于县城老旧小区改造项目
会议原则同意县住房和城乡建设局提出的2026年县城老旧小区改造实施方案。会议要求，县住房和城乡建设局要会同县财政局抓紧落实项目资金，于6月30日前全面开工。"""


def demo_minutes_layout() -> DocumentLayout:
    """A 县人民政府常务会议纪要: the 纪要标志 in red, its number, the organ and date above the red line, the
    出席/请假/列席 lists, no seal and no 署名 block; the 出席 list is long enough to wrap."""
    return DocumentLayout(
        issuer_mark="示例县人民政府常务会议纪要",
        doc_number="〔2026〕3号",
        body=DEMO_MINUTES_BODY,
        signature=("示例县人民政府办公室",),
        date_of_writing=date(2026, 3, 6),
        seal=False,
        cc_recipients="县委办公室，县人大常委会办公室，县政协办公室",
        printing_office="示例县人民政府办公室",
        print_date=date(2026, 3, 6),
        minutes=True,
        minutes_present=(
            "李明",
            "王强",
            "张伟",
            "刘芳",
            "陈静",
            "杨帆",
            "赵磊",
            "黄晓燕",
            "周建国",
            "吴海涛",
            "县水利局局长徐立新",
            "县住房和城乡建设局局长孙志刚",
        ),
        minutes_absent=("马丽（出差）",),
        minutes_attending=("县委办公室副主任朱红", "县财政局局长胡斌", "县应急管理局局长郭亮"),
    )


# `zhongshu document render --demo --type NAME`: the demo layouts by 文种.
DEMO_LAYOUTS: dict[str, Callable[[], DocumentLayout]] = {
    "notice": demo_layout,
    "minutes": demo_minutes_layout,
}
