"""Materials and research problems in the access matrix; the 问题库 shows supervision problems only to
those the supervision rules allow."""

from django.contrib.auth.models import Group

from zhongshu.base.levels import Classification, Clearance
from zhongshu.base.roles import Role
from zhongshu.materials.models import Material, Problem
from zhongshu.supervision.models import ItemKind, ProblemList, SupervisionItem
from zhongshu.testing import factories
from zhongshu.testing.access import Population, Route, check_records


def _office_population():
    population = Population()
    clerks, _ = Group.objects.get_or_create(name=Role.CLERK.value)
    for viewer in population.viewers:
        if viewer.user is not None and viewer.kind == "business":
            viewer.user.groups.add(clerks)
    return population


def test_materials_leak_nothing(db):
    def make(spec):
        material = Material.objects.create(
            title=spec.title,
            material_type="speech",
            text=f"{spec.title}\n正文。",
            content_hash=spec.title,
            created_by=spec.owner_person.user,
            **spec.fields(),
        )
        return spec.apply_need_to_know(material)

    report = check_records(
        model=Material,
        make=make,
        population=_office_population(),
        routes=[
            Route("detail", "/materials/{pk}/"),
            Route("api", "/api/materials/items/{pk}"),
            Route("library", "/materials/"),
            Route("api list", "/api/materials/items"),
        ],
    )
    assert report.requests > 0


def test_research_problems_leak_nothing(db):
    def make(spec):
        problem = Problem.objects.create(
            problem=spec.title, found_on="2026-01-05", created_by=spec.owner_person.user, **spec.fields()
        )
        return spec.apply_need_to_know(problem)

    report = check_records(
        model=Problem,
        make=make,
        population=_office_population(),
        routes=[Route("bank", "/materials/problems/"), Route("api", "/api/materials/problems")],
    )
    assert report.requests > 0


def test_a_secret_material_is_hidden_from_a_clerk_without_need_to_know(client, db, unit):
    owner = factories.make_person(unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY)
    outsider = factories.make_person(roles=(Role.CLERK,), clearance=Clearance.ORDINARY)
    material = Material.objects.create(
        title="秘密素材标题",
        material_type="speech",
        text="正文。",
        content_hash="x",
        created_by=owner.user,
        classification=Classification.CONFIDENTIAL,
        owner_person=owner,
        owner_unit=unit,
    )
    client.force_login(outsider.user)
    assert client.get(f"/materials/{material.pk}/").status_code == 404
    assert "秘密素材标题" not in client.get("/materials/").content.decode()
    client.force_login(owner.user)
    assert "秘密素材标题" in client.get(f"/materials/{material.pk}/").content.decode()


def test_problem_bank_shows_supervision_problems_only_to_those_allowed(client, db, unit):
    supervisor = factories.make_person(roles=(Role.SUPERVISOR,), clearance=Clearance.NONE)
    clerk_here = factories.make_person(unit=unit, roles=(Role.CLERK,))
    problem_list = ProblemList.objects.create(title="巡察反馈问题", created_by=supervisor.user)
    SupervisionItem.objects.create(
        kind=ItemKind.RECTIFICATION,
        title="内部问题：会议过多",
        source="directive",
        problem_list=problem_list,
        created_by=supervisor.user,
        classification=Classification.INTERNAL,
    )
    SupervisionItem.objects.create(
        kind=ItemKind.RECTIFICATION,
        title="秘密问题：涉密载体管理",
        source="directive",
        problem_list=problem_list,
        created_by=supervisor.user,
        classification=Classification.CONFIDENTIAL,
        owner_unit=supervisor.unit,
    )
    client.force_login(supervisor.user)
    # A 督查员 without a clearance: uses the bank? Only office staff do; supervisors are office staff.
    page = client.get("/materials/problems/").content.decode()
    assert "内部问题：会议过多" in page and "秘密问题" not in page
    client.force_login(clerk_here.user)
    page = client.get("/materials/problems/").content.decode()
    assert "秘密问题" not in page
    response = client.post(
        "/materials/problems/", {"problem": "村级组织负担重", "found_on": "2026-03-02", "tags": "减负"}
    )
    assert response.status_code == 302
    page = client.get("/materials/problems/").content.decode()
    assert "村级组织负担重" in page
    bad = client.post("/materials/problems/", {"problem": "", "found_on": "2026-03-02"})
    assert bad.status_code == 400 and "请填写问题" in bad.content.decode()
    bad = client.post("/materials/problems/", {"problem": "x", "found_on": "2026-13-40"})
    assert "发现日期格式应为 YYYY-MM-DD" in bad.content.decode()


def test_liaisons_and_administrators_are_kept_out(client, db, unit, system_admin):
    liaison = factories.make_person(unit=unit, roles=(Role.LIAISON,))
    client.force_login(liaison.user)
    assert client.get("/materials/").status_code == 403
    assert client.get("/api/materials/items").status_code == 403
    client.force_login(system_admin)
    # An administrator is sent to the second factor first, and refused after it: never shown the library.
    assert client.get("/materials/").status_code in (302, 403)
    assert client.get("/api/materials/items").status_code == 403
