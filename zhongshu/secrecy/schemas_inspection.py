"""One input contract per action of the self-inspection part (制定清单, 组织自查, 填报/提交, 审核, 转整改), read alike
from the page's form and the API's JSON: a refusal is a `ServiceError` with a Chinese message, an English code
and the field.

A filling's answers come from the form as one group of fields per item (`verdict_<item>`, `evidence_<item>`,
`finding_<item>`, files under `file_<item>`), and from the API as a list `answers` of objects (`item`, `verdict`,
`evidence`, `finding`); the findings to turn into 整改 likewise (`findings` checked, `measure_<answer>`,
`deadline_<answer>`; or a list of objects `answer`, `measure`, `deadline`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhongshu.access.policy import visible
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.inputs import Input, parse_date, parse_id, parse_text
from zhongshu.org.models import Department, Unit
from zhongshu.secrecy import inspection
from zhongshu.secrecy.models_inspection import (
    InspectionFilling,
    InspectionRound,
    RiskChecklist,
    Verdict,
)

YEAR_LOW, YEAR_HIGH = 2000, 2100
VERDICTS = ["", *Verdict.values]


ANSWERS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "item": {"type": "integer", "description": "检查项的 id"},
            "verdict": {"type": "string", "enum": VERDICTS},
            "evidence": {"type": "string"},
            "finding": {"type": "string"},
        },
    },
}
FINDINGS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "answer": {"type": "integer", "description": "不符合项（答复）的 id"},
            "measure": {"type": "string"},
            "deadline": {"type": "string", "format": "date"},
        },
    },
}


def _year(data: Input) -> int | None:
    return data.integer("year", label="年度", low=YEAR_LOW, high=YEAR_HIGH)


@dataclass(frozen=True)
class ChecklistIn:
    """制定年度风险隐患清单."""

    year: int | None
    title: str

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ChecklistIn:
        return cls(year=_year(data), title=data.text("title", label="清单名称", max_length=200))

    def apply(self, *, by: Actor) -> RiskChecklist:
        return inspection.risk_checklist_create(by=by, year=self.year, title=self.title)


@dataclass(frozen=True)
class RoundIn:
    """组织保密自查: year, title, checklist, deadline, the units and departments taking part."""

    year: int | None
    title: str
    checklist: RiskChecklist | None
    deadline: date | None
    units: list[Unit]
    departments: list[Department]

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> RoundIn:
        return cls(
            year=_year(data),
            title=data.text("title", label="自查名称", max_length=200),
            checklist=data.record(
                "checklist",
                visible(RiskChecklist.objects.all(), viewer),
                label="风险隐患清单",
                code="unknown_checklist",
            ),
            deadline=data.date("deadline", label="填报截止日期"),
            units=data.records(
                "units", Unit.objects.filter(is_active=True), label="单位", code="unknown_unit"
            ),
            departments=data.records(
                "departments",
                Department.objects.filter(is_active=True).select_related("unit"),
                label="部门",
                code="unknown_department",
            ),
        )

    def apply(self, *, by: Actor) -> InspectionRound:
        return inspection.inspection_round_open(
            by=by,
            year=self.year,
            title=self.title,
            checklist=self.checklist,
            deadline=self.deadline,
            participants=inspection.participants_of(self.units, self.departments),
        )


def _verdict(raw: Any, field: str) -> str:
    text = parse_text(raw, field=field, label="自查结果").strip()
    if text not in VERDICTS:
        raise ServiceError(f"未知的自查结果：{text[:20]}", code="unknown_verdict", field=field)
    return text


@dataclass(frozen=True)
class FillingIn:
    """保存 / 提交 a filling: its answers (each item's verdict, evidence, finding, evidence files)."""

    version: int | None
    answers: list[inspection.AnswerIn] = field(metadata={"schema": ANSWERS_SCHEMA})
    submit: bool = False

    @classmethod
    def parse(cls, data: Input, viewer: Any, filling: InspectionFilling) -> FillingIn:
        answers = []
        if data.is_form:
            for item_id in filling.answers.values_list("item_id", flat=True).order_by("item__position"):
                if not data.has(f"verdict_{item_id}"):
                    continue
                answers.append(
                    inspection.AnswerIn(
                        item_id=item_id,
                        verdict=_verdict(data.value(f"verdict_{item_id}"), f"verdict_{item_id}"),
                        evidence=data.text(
                            f"evidence_{item_id}", label="佐证说明", max_length=inspection.TEXT_MAX
                        ),
                        finding=data.text(
                            f"finding_{item_id}", label="发现问题", max_length=inspection.TEXT_MAX
                        ),
                        uploads=data.uploads(f"file_{item_id}", label="佐证材料"),
                    )
                )
            submit = data.value("submit") not in (None, "")
        else:
            for row in data.rows("answers", {}):
                given = parse_id(row.value("item"))
                if given is None:
                    raise ServiceError("请注明检查项（item）", code="item_required", field="answers")
                answers.append(
                    inspection.AnswerIn(
                        item_id=given,
                        verdict=_verdict(row.value("verdict"), "verdict"),
                        evidence=row.text("evidence", label="佐证说明", max_length=inspection.TEXT_MAX),
                        finding=row.text("finding", label="发现问题", max_length=inspection.TEXT_MAX),
                    )
                )
            submit = data.flag("submit", label="提交")
        return cls(version=data.integer("version", label="版本号", low=1), answers=answers, submit=submit)

    def apply(self, *, by: Actor, filling: InspectionFilling) -> InspectionFilling:
        return inspection.filling_save(
            by=by, filling=filling, version=self.version, answers=self.answers, submit=self.submit
        )


@dataclass(frozen=True)
class SubmitIn:
    """提交 the filling as saved."""

    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> SubmitIn:
        return cls(version=data.integer("version", label="版本号", low=1))

    def apply(self, *, by: Actor, filling: InspectionFilling) -> InspectionFilling:
        return inspection.filling_submit(by=by, filling=filling, version=self.version)


@dataclass(frozen=True)
class ReviewIn:
    """审核: accept (`decision` accept) or return (`decision` return, with the opinion)."""

    decision: str
    opinion: str
    version: int | None

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> ReviewIn:
        return cls(
            decision=data.choice("decision", ["accept", "return"], label="审核结论"),
            opinion=data.text("opinion", label="审核意见", max_length=inspection.TEXT_MAX),
            version=data.integer("version", label="版本号", low=1),
        )

    def apply(self, *, by: Actor, filling: InspectionFilling) -> InspectionFilling:
        return inspection.filling_review(
            by=by,
            filling=filling,
            version=self.version,
            accept=self.decision == "accept",
            opinion=self.opinion,
        )


@dataclass(frozen=True)
class RectifyIn:
    """转为整改事项: the findings chosen, each with its measure and deadline (both may be left blank)."""

    findings: list[inspection.FindingIn] = field(metadata={"schema": FINDINGS_SCHEMA})

    @classmethod
    def parse(cls, data: Input, viewer: Any) -> RectifyIn:
        findings = []
        if data.is_form:
            for raw in data.values("findings"):
                answer_id = parse_id(raw)
                if answer_id is None:
                    raise ServiceError("问题不存在", code="unknown_finding", field="findings")
                findings.append(
                    inspection.FindingIn(
                        answer_id=answer_id,
                        measure=data.text(f"measure_{answer_id}", label="整改措施", max_length=300),
                        deadline=data.date(f"deadline_{answer_id}", label="整改时限"),
                    )
                )
        else:
            for row in data.rows("findings", {}):
                answer_id = parse_id(row.value("answer"))
                if answer_id is None:
                    raise ServiceError("请注明问题（answer）", code="unknown_finding", field="findings")
                findings.append(
                    inspection.FindingIn(
                        answer_id=answer_id,
                        measure=row.text("measure", label="整改措施", max_length=300),
                        deadline=parse_date(row.value("deadline"), field="deadline", label="整改时限"),
                    )
                )
        return cls(findings=findings)

    def apply(self, *, by: Actor, filling: InspectionFilling) -> Any:
        return inspection.findings_rectify(by=by, filling=filling, findings=self.findings)
