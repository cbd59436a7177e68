"""The audit log's words for what the duty module records (one vocabulary, issue 15)."""

from __future__ import annotations

from zhongshu.duty.models import ReportKind

AUDIT_ACTION_LABELS: dict[str, str] = {
    # 值班表 and its settings (rosters part)
    "duty_roster.generate": "生成值班表",
    "duty_roster.publish": "发布值班表",
    "duty_roster.delete": "删除值班表草稿",
    "duty_shift.replace": "值班表换人",
    "duty_role.add": "新增值班岗位",
    "duty_eligibility.add": "新增轮值人员",
    "duty_eligibility.active": "设置是否参加轮值",
    "duty_point.set": "设置值班电话",
    "sensitive_period.add": "新增敏感时期",
    "sensitive_period.delete": "删除敏感时期",
    # 换班 and 报备 (swaps part)
    "duty.swap.request": "申请换班",
    "duty.swap.approve": "同意换班",
    "duty.swap.refuse": "不同意换班",
    "duty.swap.withdraw": "撤回换班申请",
    "duty.roster_call.issue": "发出值班表报备通知",
    "duty.roster_call.file": "报备值班表",
    # 值班记录 and 交接班 (logbook part)
    "duty.log.create": "登记值班记录",
    "duty.log.edit": "修改值班记录",
    "duty.log.close": "值班记录办结",
    "duty.handover.create": "交班",
    "duty.handover.item": "确认交接事项",
    "duty.handover.acknowledge": "确认接班",
    # 值班抽查
    "duty.spot_check.draw": "抽取值班抽查单位",
    "duty.spot_check.record": "登记抽查结果",
    "duty.spot_check.bulletin": "生成值班抽查通报",
    # 突发事件 (incidents part)
    "duty.incident.register": "登记突发事件",
    "duty.clock.save": "设置报告时限",
    "duty.clock.delete": "删除报告时限",
    **{f"duty.incident.report.{kind.value}": f"报送{kind.label}" for kind in ReportKind},
    # 预案演练 and the incident's joints (plans part)
    "duty.plan.create": "新建应急预案",
    "duty.plan.update": "修改应急预案",
    "duty.plan.step_add": "新增预案步骤",
    "duty.plan.step_remove": "删除预案步骤",
    "duty.incident.plan": "启用应急预案",
    "duty.incident.step": "办理预案步骤",
    "duty.incident.instruction": "登记领导批示",
    "duty.incident.instruction_supervise": "领导批示转为督办事项",
    "duty.drill.plan": "计划应急演练",
    "duty.drill.record": "记录应急演练",
    "duty.drill.rectify": "演练问题转为整改事项",
    # 请假、外出报备 (whereabouts part)
    "duty.absence.file": "请假外出报备",
    "duty.absence.approve": "批准请假外出",
    "duty.absence.refuse": "不予批准请假外出",
    "duty.absence.withdraw": "撤回请假外出报备",
    "duty.absence.close": "销假",
}

AUDIT_DETAIL_LABELS: dict[str, str] = {
    "active": "参加轮值",
    "code": "代码",
    "count": "数量",
    "day": "日期",
    "entry": "值班记录",
    "fields": "修改项",
    "from": "原值班人员",
    "from_entry": "来源值班记录",
    "instruction": "领导批示",
    "items": "交接事项",
    "list": "问题清单",
    "name": "名称",
    "number": "序号",
    "person": "人员",
    "plan": "应急预案",
    "problems": "问题数",
    "report": "事件报告",
    "result": "结果",
    "roster": "值班表",
    "rosters": "值班表",
    "round": "抽查批次",
    "scope": "范围",
    "seed": "抽取种子",
    "shift": "班次",
    "shifts": "班次数",
    "step": "预案步骤",
    "to": "替班人员",
    "unit": "单位",
    "units": "单位",
    "urgency": "紧急程度",
    "urgent": "紧急事项",
    "approver": "审批人",
    "returned_at": "销假时间",
    "opinion": "审批意见",
    "reason": "理由",
    "chain": "审批链",
    "flags": "提示",
}

# The workflow kinds of the duty module's approvals, as the audit log's details name them.
AUDIT_DETAIL_VALUES: dict[str, dict[str, str]] = {
    "kind": {"duty_swap": "换班审批", "duty_absence": "请假外出审批"},
}
