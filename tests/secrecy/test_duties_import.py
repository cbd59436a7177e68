"""试题导入 from Excel: every bad row reported by row and column and nothing written until the 保密办 confirms;
then the valid rows, once, all or none."""

from __future__ import annotations

import io

from openpyxl import Workbook

from tests.secrecy.conftest import County, signed_in
from zhongshu.secrecy import duties
from zhongshu.secrecy.duties_import import COLUMNS
from zhongshu.secrecy.models_duties import Question


def _workbook(rows: list[dict[str, str]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMNS])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "试题.xlsx"
    return data


def test_importing_questions_previews_then_writes_once(county: County) -> None:
    bank = duties.bank_create(by=county.secrecy_head.user, name="导入题库")
    head = signed_in("baomi")
    url = f"/secrecy/duties/banks/{bank.pk}/import/"
    assert head.get(url).status_code == 200
    upload = _workbook(
        [
            {
                "题型": "单选题",
                "知识点": "保密期限",
                "题目": "秘密级国家秘密的保密期限一般不超过（　）年。",
                "选项A": "5",
                "选项B": "10",
                "选项C": "20",
                "正确答案": "B",
                "解析": "秘密级10年。",
            },
            {
                "题型": "判断题",
                "知识点": "涉密载体",
                "题目": "涉密U盘可以连接互联网计算机。",
                "正确答案": "错误",
            },
            {
                "题型": "多选题",
                "知识点": "定密",
                "题目": "定密时应当确定（　）。",
                "选项A": "密级",
                "选项B": "保密期限",
                "选项C": "知悉范围",
                "正确答案": "A、B、C",
                "分值": "2",
            },
            {
                "题型": "单选题",
                "知识点": "密级",
                "题目": "没有答案的题",
                "选项A": "甲",
                "选项B": "乙",
                "正确答案": "C",
            },
            {"题型": "问答题", "知识点": "密级", "题目": "题型不对", "正确答案": "A"},
        ]
    )
    preview = head.post(url, {"file": upload})
    page = preview.content.decode()
    assert preview.status_code == 200 and 'data-testid="import-preview"' in page
    assert (
        "可导入 <strong>3</strong> 道" in page
        and "正确答案须是题目的选项之一" in page
        and "题型应为单选题" in page
    )
    assert not Question.objects.exists()
    token = preview.context["preview"].token
    done = head.post(url, {"confirm": "1", "token": token})
    assert done.status_code == 302
    made = {question.text: question for question in Question.objects.all()}
    assert len(made) == 3
    assert made["涉密U盘可以连接互联网计算机。"].answer == [1]
    assert made["定密时应当确定（　）。"].answer == [0, 1, 2] and made["定密时应当确定（　）。"].points == 2
    again = head.post(url, {"confirm": "1", "token": token})
    assert again.status_code == 400 and "此批数据已导入" in again.content.decode()
    assert Question.objects.count() == 3
    assert signed_in("czj_ws").post(url, {"file": _workbook([])}).status_code == 403
