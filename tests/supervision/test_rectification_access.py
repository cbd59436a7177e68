"""Problem lists in the access matrix: a list page and its API show exactly the problems the viewer may see."""

from django.contrib.auth.models import Group

from zhongshu.base.roles import Role
from zhongshu.supervision.models import ItemKind, ProblemList, SupervisionItem
from zhongshu.testing.access import Population, Route, check_records


def test_problem_lists_leak_no_problem(db):
    population = Population()
    # Asked as 督查员, who reach every list; which problems show is the classification rule's to say.
    supervisors, _ = Group.objects.get_or_create(name=Role.SUPERVISOR.value)
    for viewer in population.viewers:
        if viewer.user is not None and viewer.kind == "business":
            viewer.user.groups.add(supervisors)
    owner = next(v.user for v in population.viewers if v.kind == "business" and v.user is not None)
    problem_list = ProblemList.objects.create(title="矩阵问题清单", created_by=owner)

    def make(spec):
        item = SupervisionItem.objects.create(
            title=spec.title,
            source="directive",
            kind=ItemKind.RECTIFICATION,
            problem_list=problem_list,
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(item)

    report = check_records(
        model=SupervisionItem,
        make=make,
        population=population,
        routes=[
            Route("problem list", f"/supervision/problem-lists/{problem_list.pk}/"),
            Route("api problem list", f"/api/supervision/problem-lists/{problem_list.pk}"),
        ],
    )
    assert report.requests > 0
