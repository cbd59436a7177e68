"""保密自查's services: the yearly checklist (21 standard items, 100 points), a round with a filling per unit, the
unit's 文书 filling and submitting (the named part-time administrator once there is one), the derived score, the
review, findings turned into 整改 items through core.rectification (each naming its finding, read back through
access.links), and every refusal of the issue's "Bad input" in this part: refused with its reason, audited,
nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.secrecy.conftest import County
from tests.secrecy.inspection_helpers import answers, checklist, filling_of, open_round, submit, user
from zhongshu.access.links import made_from, source_of
from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import Forbidden, InvalidTransition, ServiceError
from zhongshu.core.todos import todos_for
from zhongshu.secrecy import duties, inspection
from zhongshu.secrecy.actions_inspection import RULES
from zhongshu.secrecy.models_inspection import (
    FillingState,
    InspectionAnswer,
    InspectionFilling,
    RiskArea,
    Verdict,
)
from zhongshu.supervision.models import SupervisionItem


def _snapshot(filling: InspectionFilling) -> list[tuple[str, str, str]]:
    return list(filling.answers.order_by("item__position").values_list("verdict", "evidence", "finding"))


def _denied(action: str) -> int:
    return AuditEvent.objects.filter(action=f"secrecy.inspection.{action}", outcome="denied").count()


def test_the_standard_checklist_covers_the_seven_areas_for_100_points(county: County) -> None:
    made = checklist(county)
    items = list(made.items.all())
    assert len(items) == 21 and sum(item.points for item in items) == 100
    assert {item.area for item in items} == set(RiskArea.values)
    with pytest.raises(ServiceError) as twice:
        inspection.risk_checklist_create(by=county.secrecy_head.user, year=made.year)
    assert twice.value.code == "checklist_exists"
    with pytest.raises(Forbidden):
        inspection.risk_checklist_create(by=user("czj_ws"), year=made.year + 1)
    # Next year's copies this year's items.
    following = inspection.risk_checklist_create(by=county.secrecy_head.user, year=made.year + 1)
    assert [i.text for i in following.items.all()] == [i.text for i in items]


def test_a_round_gives_each_unit_its_filling_and_tells_who_fills_it(county: County) -> None:
    inspection_round = open_round(county)
    fillings = list(inspection_round.fillings.all())
    assert sorted(f.unit_id for f in fillings) == sorted(u.pk for u in county.units)
    assert InspectionAnswer.objects.filter(filling__round=inspection_round).count() == 2 * 21
    finance = filling_of(inspection_round, county, 0)
    assert inspection.fills_for(user("czj_ws"), finance)  # the unit's 文书, no administrator named
    assert not inspection.fills_for(user("czj_llr"), finance)  # the liaison does not
    assert not inspection.fills_for(user("cgz_ws"), finance)  # another unit's 文书 does not
    todo_titles = [todo.title for todo in todos_for(user("czj_ws"))]
    assert any("填报保密自查" in title for title in todo_titles)
    assert not any("填报保密自查" in todo.title for todo in todos_for(user("czj_llr")))


def test_submitting_derives_the_score_and_reaches_the_office(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    done = submit(finance, user("czj_ws"), unmet={9: "一台涉密计算机曾连接互联网"}, not_applicable=(18, 19))
    assert done.state == FillingState.SUBMITTED and done.submitted_by == user("czj_ws")
    score = inspection.scores_of([done])[done.pk]
    # 100 points, 8 of them (会议活动) not applicable, 7 (item 9) not met: 85 / 92.
    assert (score.met_points, score.applicable_points, score.findings) == (85, 92, 1)
    assert score.value == round(85 * 100 / 92, 1)
    assert any("审核保密自查" in todo.title for todo in todos_for(county.secrecy_head.user))
    assert not any("填报保密自查" in todo.title for todo in todos_for(user("czj_ws")))


def test_submitting_with_an_item_unanswered_is_refused_and_nothing_kept(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    given = answers(finance)[:-1]  # the last item left blank
    before = _snapshot(finance)
    with pytest.raises(ServiceError) as refused:
        inspection.filling_save(
            by=user("czj_ws"), filling=finance, version=finance.version, answers=given, submit=True
        )
    assert refused.value.code == "item_unanswered" and "第21项" in str(refused.value)
    finance.refresh_from_db()
    assert finance.state == FillingState.DRAFT and finance.version == 1 and _snapshot(finance) == before
    assert _denied("submit") == 1


def test_not_met_without_a_finding_is_refused(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    given = answers(finance, unmet={5: ""})
    with pytest.raises(ServiceError) as refused:
        inspection.filling_save(
            by=user("czj_ws"), filling=finance, version=finance.version, answers=given, submit=True
        )
    assert refused.value.code == "finding_required" and "第5项" in str(refused.value)
    finance.refresh_from_db()
    assert finance.state == FillingState.DRAFT and not finance.answers.exclude(verdict="").exists()
    assert _denied("submit") == 1
    # Saved as a draft, the unfinished answers are kept (only submitting asks for them all).
    inspection.filling_save(by=user("czj_ws"), filling=finance, version=1, answers=given[:3])
    assert finance.answers.exclude(verdict="").count() == 3


def test_editing_after_submission_is_refused(county: County) -> None:
    inspection_round = open_round(county)
    finance = submit(filling_of(inspection_round, county, 0), user("czj_ws"))
    before = _snapshot(finance)
    change = [inspection.AnswerIn(answers(finance)[0].item_id, Verdict.UNMET, "", "改")]
    with pytest.raises(InvalidTransition) as refused:
        inspection.filling_save(by=user("czj_ws"), filling=finance, version=finance.version, answers=change)
    assert refused.value.code == "filling_closed"
    finance.refresh_from_db()
    assert _snapshot(finance) == before and finance.state == FillingState.SUBMITTED
    assert _denied("save") == 1
    # Returned by the 保密办, it may be filled again.
    inspection.filling_review(
        by=county.secrecy_head.user,
        filling=finance,
        version=finance.version,
        accept=False,
        opinion="佐证不足",
    )
    finance.refresh_from_db()
    assert finance.state == FillingState.DRAFT and RULES.check("fill", user("czj_ws"), finance) is None


def test_a_stale_version_and_a_stranger_are_refused(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    with pytest.raises(Forbidden):
        inspection.filling_save(by=user("cgz_ws"), filling=finance, version=1, answers=answers(finance))
    inspection.filling_save(by=user("czj_ws"), filling=finance, version=1, answers=answers(finance)[:1])
    with pytest.raises(ServiceError) as stale:
        inspection.filling_save(by=user("czj_ws"), filling=finance, version=1, answers=answers(finance))
    assert stale.value.code == "stale_version"


def test_findings_become_rectification_items_once_and_link_both_ways(county: County) -> None:
    inspection_round = open_round(county)
    finance = submit(
        filling_of(inspection_round, county, 0),
        user("czj_ws"),
        unmet={9: "一台涉密计算机曾连接互联网", 15: "个别干部用微信传递工作文件"},
    )
    inspection.filling_review(
        by=county.secrecy_head.user, filling=finance, version=finance.version, accept=True
    )
    findings = list(finance.answers.filter(verdict=Verdict.UNMET).order_by("item__position"))
    wanted = [inspection.FindingIn(finding.pk) for finding in findings]
    # The 保密办's 保密员 is no supervisor: 督查督办 takes problems from a supervisor or the office director.
    with pytest.raises(Forbidden) as not_supervisor:
        inspection.findings_rectify(by=county.secrecy_head.user, filling=finance, findings=wanted)
    assert not_supervisor.value.code == "not_supervisor"
    deadline = timezone.localdate() + timedelta(days=30)
    inspection.findings_rectify(
        by=county.director.user,
        filling=finance,
        findings=[inspection.FindingIn(findings[0].pk, "立即断开并开展检查", deadline), wanted[1]],
    )
    items = list(SupervisionItem.objects.order_by("pk"))
    assert len(items) == 2 and all(item.kind == "rectification" for item in items)
    assert "一台涉密计算机曾连接互联网" in items[0].title and items[0].measure == "立即断开并开展检查"
    assert (
        all(item.lead_unit_id == county.units[0].pk for item in items)
        if hasattr(items[0], "lead_unit_id")
        else True
    )
    # Both ways: the item names its finding; the finding lists the item (with its state) for the director.
    assert source_of(items[0], county.director.user).url.endswith(f"#answer-{findings[0].pk}")
    made = made_from(findings[0], county.director.user)
    assert [link.id for link in made] == [items[0].pk] and made[0].state
    # A finding turned into 整改 twice: refused, audited, nothing more made.
    with pytest.raises(ServiceError) as twice:
        inspection.findings_rectify(by=county.director.user, filling=finance, findings=[wanted[0]])
    assert twice.value.code == "finding_already_rectified"
    assert SupervisionItem.objects.count() == 2 and _denied("rectify") == 2
    # Once a finding is in 整改, the filling can no longer be returned.
    with pytest.raises(ServiceError):
        inspection.filling_review(
            by=county.secrecy_head.user, filling=finance, version=None, accept=False, opinion="x"
        )


def test_a_named_part_time_administrator_fills_instead_of_the_clerk(county: County) -> None:
    inspection_round = open_round(county)
    finance = filling_of(inspection_round, county, 0)
    duties.administrator_appoint(
        by=county.secrecy_head.user,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
    assert inspection.fills_for(user("czj_kz"), finance)
    assert not inspection.fills_for(user("czj_ws"), finance)
    assert list(inspection.visible_fillings(user("czj_ws"))) == []
    assert list(inspection.visible_fillings(user("czj_kz"))) == [finance]


def test_opening_a_round_tells_each_participants_fillers_and_nobody_else(county: County) -> None:
    """财政局 has its part-time administrator named: he alone is told; 城关镇 has none, so its 文书 and its head
    (both 文书 by role) are; no liaison, and nobody of a unit that does not take part."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhongshu.notifications.models import OutboxMessage

    duties.administrator_appoint(
        by=county.secrecy_head.user,
        unit=county.units[0],
        department=None,
        person=county.unit_heads[0],
        appointed_on=timezone.localdate(),
    )
    with CaptureQueriesContext(connection) as queries:
        open_round(county)
    told = set(
        OutboxMessage.objects.filter(kind="secrecy.inspection.round_open").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"czj_kz", "cgz_ws", "cgz_zr"}
    # Each filling's administrator is asked once (two fillings), then each notice asks whether its one recipient
    # may see his filling (two queries): not once for every person of every participating unit.
    asked = sum("secrecy_secrecyadministrator" in q["sql"] for q in queries.captured_queries)
    assert asked <= 2 + 2 * len(told)
