"""The rules of the 15 document types and the heading order, without a database."""

from __future__ import annotations

from datetime import date

from zhongshu.base.levels import Classification
from zhongshu.documents.headings import heading_errors
from zhongshu.documents.rules import document_rule_findings
from zhongshu.documents.states import DocState, next_state

TODAY = date(2026, 3, 2)


def findings(**overrides):
    values = dict(
        doc_type="notice",
        title="关于某事的通知",
        body="正文。",
        primary_recipients="县教育局",
        classification=Classification.INTERNAL,
        seal=True,
        length_class="general",
        date_of_writing=TODAY,
        today=TODAY,
    )
    values.update(overrides)
    return [(f.level, f.code, f.message) for f in document_rule_findings(**values)]


def test_a_clean_notice_has_no_findings():
    assert findings() == []


def test_a_request_with_two_primary_recipients_is_refused():
    assert findings(doc_type="request", primary_recipients="县委、县政府") == [
        ("error", "upward_one_recipient", "请示只能主送一个机关，不能多头主送")
    ]


def test_a_request_handles_one_matter():
    body = "关于甲事项，妥否，请批示。\n关于乙事项，请批复。"
    assert ("error", "request_one_matter", "请示应一文一事，正文中出现了多处请求批示") in findings(
        doc_type="request", body=body
    )


def test_a_report_carrying_a_request_is_warned():
    assert findings(doc_type="report", body="现将情况报告如下。妥否，请批示。") == [
        ("warning", "report_with_request", "报告中不得夹带请示事项（发现“请批示”“请批复”等用语）")
    ]


def test_an_upward_document_is_never_copied_to_subordinates():
    assert findings(doc_type="report", subordinate_cc_names=["县教育局"]) == [
        ("error", "upward_cc_subordinate", "上行文不得抄送下级机关：县教育局")
    ]


def test_minutes_carry_no_seal():
    assert findings(doc_type="minutes", seal=True) == [("error", "minutes_no_seal", "纪要不加盖印章")]
    assert findings(doc_type="minutes", seal=False) == []


def test_length_limits():
    assert findings(body="字" * 5001) == [("error", "too_long", "正文5001字，超过5000字的篇幅限制")]
    assert findings(body="字" * 4001, length_class="specific") == [
        ("error", "too_long", "正文4001字，超过4000字的篇幅限制")
    ]
    assert findings(body="字" * 6000, length_class="comprehensive") == []


def test_a_date_of_writing_in_the_future_is_refused():
    assert findings(date_of_writing=date(2026, 3, 3)) == [
        ("error", "date_in_future", "成文日期2026年3月3日晚于允许的日期")
    ]


def test_a_classified_document_is_reminded_of_its_copy_numbers():
    assert findings(classification=Classification.SECRET) == [
        ("warning", "classified_copy_number", "涉密公文每份印制时编份号，并须在批准的场所印制")
    ]


def test_heading_order():
    assert heading_errors("一、总体要求\n（一）目标\n1.指标\n（1）细则\n（2）细则\n2.指标\n二、保障") == []
    assert heading_errors("一、总体要求\n1.指标") == ["第2段标题“1.”层次错误：应先有“（一）”级标题"]
    assert heading_errors("一、甲\n三、丙") == ["第2段标题“三、”序号错误：应为第2个“一、”级标题"]
    assert heading_errors("（一）目标") == ["第1段标题“（一）”层次错误：应先有“一、”级标题"]
    # Numbering restarts under each new parent.
    assert heading_errors("一、甲\n（一）子\n二、乙\n（一）子") == []


def test_state_table_names_state_and_action():
    assert next_state("outgoing", DocState.DRAFT, "submit") == DocState.IN_REVIEW
    try:
        next_state("outgoing", DocState.DRAFT, "register")
    except Exception as error:  # noqa: BLE001
        assert str(error) == "公文拟稿，不能登记"
    else:
        raise AssertionError("a draft was registered")
