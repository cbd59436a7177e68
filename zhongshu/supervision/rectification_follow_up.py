"""整改 as a follow-up of problems found elsewhere (a duty drill's problems): registered from
`SupervisionConfig.ready()` in `core.rectification`, so the finding module hands its problems over without
importing supervision. Each problem becomes an item of kind rectification in one 问题清单, assigned to its unit,
and names the record that holds the problem as its source (so both pages link to each other)."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from zhongshu.accounts.actors import Actor
from zhongshu.core.rectification import (
    Problem,
    ProblemListFollowUp,
    problems_as_dicts,
    register_problem_list_follow_up,
)
from zhongshu.supervision.actions import SUPERVISING_ONLY
from zhongshu.supervision.models import ProblemList, SupervisionItem
from zhongshu.supervision.roles import is_supervising
from zhongshu.supervision.services import problem_list_submit


def problem_list_from(*, by: Actor, title: str, origin: str, problems: Sequence[Problem]) -> ProblemList:
    with transaction.atomic():
        problem_list = problem_list_submit(
            by=by, title=title, origin=origin, problems=problems_as_dicts(problems)
        )
        items = list(SupervisionItem.objects.filter(problem_list=problem_list).order_by("pk"))
        for item, problem in zip(items, problems, strict=True):
            item.source_type = ContentType.objects.get_for_model(problem.source_record)
            item.source_id = problem.source_record.pk
            item.save(update_fields=["source_type", "source_id"])
    return problem_list


def register() -> None:
    register_problem_list_follow_up(
        ProblemListFollowUp(
            kind="supervision",
            label="转为整改事项",
            make=problem_list_from,
            allowed=is_supervising,
            refused=SUPERVISING_ONLY,
        )
    )
