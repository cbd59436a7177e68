"""议定事项: what a held meeting decided, who leads it and by when; each becomes, in one action, a supervision
item whose source is the decision.

Meetings never import supervision: the decision goes to the follow-up 督查督办 registers in `core.instructions`
(origin "meeting_decision", so the item's 来源 is 会议议定事项; with a lead unit and a deadline it is assigned in
the same transaction and reaches the lead unit's 待办). The pair shows both ways through `access.links`: the
item names its decision (registered here with `register_linked`), and the meeting's page reads each decision's
items, with their state, through `made_from_each`, under the viewer's own access.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from zhongshu.access.links import RecordLink, made_from_each, register_linked
from zhongshu.access.policy import Action, Viewer, register_scope, scope_filter
from zhongshu.accounts.actors import Actor
from zhongshu.core.errors import ServiceError
from zhongshu.core.instructions import Instruction, instruction_follow_up
from zhongshu.meetings.actions import DECISION_RULES, RULES
from zhongshu.meetings.models import Meeting, MeetingDecision
from zhongshu.meetings.services import audit, bump, locked, record_event
from zhongshu.org.models import Person, Unit

# A supervision item's title fits a ledger line (supervision refuses a longer one, never cuts it): a longer
# decision is named by its meeting and number, its whole text going into the item's 内容.
ITEM_TITLE_MAX = 100


def decision_scope(viewer: Viewer, action: Action) -> Q | None:
    """A decision is read, and changed, with its meeting: whoever may see the meeting sees its decisions."""
    rule = scope_filter(Meeting, viewer, action)
    if rule is None:
        return None
    return Q(meeting__in=Meeting.objects.filter(rule).values("pk"))


def decision_url(decision: MeetingDecision) -> str:
    return reverse("meetings:meeting", args=[decision.meeting_id]) + f"#decision-{decision.pk}"


def register() -> None:
    """From MeetingsConfig.ready(): the decisions' access scope and their name as another record's source."""
    register_scope(MeetingDecision, decision_scope)
    register_linked(
        MeetingDecision,
        noun="会议议定事项",
        title=lambda decision: decision.text,
        url=decision_url,
    )


def meeting_decision_add(
    *,
    meeting: Meeting,
    by: Actor,
    text: str,
    lead_unit: Unit | None = None,
    leader: Person | None = None,
    deadline: date | None = None,
    version: int | None = None,
) -> MeetingDecision:
    """记录议定事项, numbered after the meeting's last one."""
    text = text.strip()
    if not text:
        raise ServiceError("请填写议定事项", code="decision_text_required", field="text")
    with transaction.atomic():
        meeting = locked(meeting, version)
        RULES.require("record_decision", by, meeting)
        last = meeting.decisions.aggregate(last=Max("order"))["last"] or 0
        decision = MeetingDecision.objects.create(
            meeting=meeting, order=last + 1, text=text, lead_unit=lead_unit, leader=leader, deadline=deadline
        )
        bump(meeting)  # the meeting's search entry holds its decisions
        record_event(meeting, action="decision.add", by=by, note=text)
        audit(meeting, by=by, action="decision.add", decision=decision.pk)
    return decision


def meeting_decision_remove(*, decision: MeetingDecision, by: Actor, version: int | None = None) -> None:
    """删除议定事项 not yet supervised (one that is stays, as its item names it)."""
    with transaction.atomic():
        meeting = locked(decision.meeting, version)
        decision = MeetingDecision.objects.select_for_update().get(pk=decision.pk)
        DECISION_RULES.require("remove", by, decision)
        pk, text = decision.pk, decision.text
        decision.delete()
        bump(meeting)
        record_event(meeting, action="decision.remove", by=by, note=text)
        audit(meeting, by=by, action="decision.remove", decision=pk)


def _instruction(decision: MeetingDecision) -> Instruction:
    meeting = decision.meeting
    title = (
        decision.text
        if len(decision.text) <= ITEM_TITLE_MAX
        else f"{meeting.title}议定事项（第{decision.order}项）"
    )
    return Instruction(
        title=title[:ITEM_TITLE_MAX],
        text=decision.text,
        source_record=decision,
        source_note=f"{meeting.title}议定事项（第{decision.order}项）"[:300],
        classification=meeting.classification,
        secrecy_term_years=meeting.secrecy_term_years,
        leader=decision.leader,
        origin="meeting_decision",
        lead_unit=decision.lead_unit,
        deadline=decision.deadline,
    )


def meeting_decision_supervise(*, decision: MeetingDecision, by: Actor) -> Any:
    """转为督办事项, in one action: the supervision item (source 会议议定事项, the decision as its source record),
    assigned at once when the decision names its lead unit and deadline. Twice is refused
    (`decision_already_supervised`); a refusal by supervision (a duplicate, a deadline already past) leaves
    the decision as it was."""
    with transaction.atomic():
        decision = MeetingDecision.objects.select_for_update().select_related("meeting").get(pk=decision.pk)
        DECISION_RULES.require("supervise", by, decision)
        follow_up = instruction_follow_up("supervision")
        assert follow_up is not None  # noqa: S101 - the rule requires it
        item = follow_up.make(by=by, instruction=_instruction(decision))
        decision.supervised_at = timezone.now()
        decision.save(update_fields=["supervised_at"])
        record_event(decision.meeting, action="decision.supervise", by=by, note=decision.text)
        audit(decision.meeting, by=by, action="decision.supervise", decision=decision.pk, item=item.pk)
    return item


def decision_rows(meeting: Meeting, viewer: Any) -> list[tuple[MeetingDecision, list[RecordLink], list[str]]]:
    """The meeting's decisions for its page and the API: each with the supervision items made from it that
    the viewer may see (their state included) and the actions the viewer may take on it."""
    decisions = list(meeting.decisions.select_related("lead_unit", "leader"))
    for decision in decisions:
        decision.meeting = meeting  # read once, for the links' addresses
    links = made_from_each(decisions, viewer)
    return [
        (decision, links.get(decision.pk, []), DECISION_RULES.available(viewer, decision))
        for decision in decisions
    ]
