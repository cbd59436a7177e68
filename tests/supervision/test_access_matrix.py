"""Supervision items in the access matrix: every page and API route, every clearance and scope."""

from django.contrib.auth.models import Group

from zhongshu.base.roles import Role
from zhongshu.supervision.models import SupervisionItem
from zhongshu.testing.access import Population, Route, check_records


def test_supervision_items_leak_nothing(db):
    population = Population()
    # The office's supervisors see what the classification rule lets them; liaisons are narrowed further
    # (tested in test_views), so the matrix asks as 督查员.
    supervisors, _ = Group.objects.get_or_create(name=Role.SUPERVISOR.value)
    for viewer in population.viewers:
        if viewer.user is not None and viewer.kind == "business":
            viewer.user.groups.add(supervisors)

    def make(spec):
        item = SupervisionItem.objects.create(
            title=spec.title, source="instruction", created_by=spec.owner_person.user, **spec.fields()
        )
        return spec.apply_need_to_know(item)

    report = check_records(
        model=SupervisionItem,
        make=make,
        population=population,
        routes=[
            Route("detail", "/supervision/items/{pk}/"),
            Route("api", "/api/supervision/items/{pk}"),
            Route("ledger", "/supervision/"),
            Route("api ledger", "/api/supervision/items"),
        ],
    )
    assert report.requests > 0
