import pytest

from zhongshu.audit.models import AuditEvent
from zhongshu.base.roles import AdminRole
from zhongshu.core.errors import Forbidden, ServiceError
from zhongshu.org import services
from zhongshu.org.models import Person, UnitKind
from zhongshu.testing.factories import make_admin, make_department, make_unit, make_user


def test_the_system_admin_creates_a_unit_with_pinyin_keys_audited(system_admin):
    unit = services.unit_create(
        by=system_admin,
        name="示例县信访局",
        short_name="信访局",
        code="XFJ",
        agency_code="县信访发",
        kind=UnitKind.BUREAU,
    )

    assert (unit.name_pinyin, unit.name_initials) == ("shilixianxinfangju xinfangju", "slxxfj xfj")
    event = AuditEvent.objects.get(action="unit.create")
    assert event.details == {"name": "示例县信访局", "code": "XFJ", "parent": None}


@pytest.mark.parametrize("admin", [AdminRole.SECURITY_ADMIN, AdminRole.AUDITOR])
def test_other_administrators_cannot_change_the_organisation(db, admin):
    with pytest.raises(Forbidden) as caught:
        services.unit_create(by=make_admin(admin), name="某局", code="MJ")
    assert caught.value.message == "只有系统管理员可以维护组织机构"


def test_a_business_person_cannot_change_the_organisation(person):
    with pytest.raises(Forbidden):
        services.unit_update(by=person.user, unit=person.unit, phone="1")


def test_duplicate_names_and_codes_are_refused(system_admin, unit):
    with pytest.raises(ServiceError) as name:
        services.unit_create(by=system_admin, name=unit.name, code="NEW")
    with pytest.raises(ServiceError) as code:
        services.unit_create(by=system_admin, name="新局", code=unit.code)
    assert (name.value.code, name.value.message) == ("duplicate_name", "单位名称“测试局”已存在")
    assert (code.value.code, code.value.field) == ("duplicate_code", "code")


def test_a_unit_cannot_become_its_own_ancestor(system_admin):
    county = make_unit("县委")
    office = make_unit("县委办", parent=county)
    with pytest.raises(ServiceError) as caught:
        services.unit_update(by=system_admin, unit=county, parent=office)
    assert caught.value.message == "上级单位不能是本单位或其下级单位"


def test_an_update_audits_before_and_after_and_refreshes_pinyin(system_admin, unit):
    services.unit_update(by=system_admin, unit=unit, name="示例县统计局", phone="0799-1")

    unit.refresh_from_db()
    assert unit.name_initials == "slxtjj"
    event = AuditEvent.objects.get(action="unit.update")
    assert event.details == {
        "changes": {
            "name": {"before": "测试局", "after": "示例县统计局"},
            "phone": {"before": "", "after": "0799-1"},
        }
    }


def test_an_update_that_changes_nothing_is_not_audited(system_admin, unit):
    services.unit_update(by=system_admin, unit=unit, name=unit.name)
    assert not AuditEvent.objects.filter(action="unit.update").exists()


def test_clearance_is_not_an_organisation_field(system_admin, person):
    with pytest.raises(ServiceError) as caught:
        services.person_update(by=system_admin, person=person, clearance=3)
    assert (caught.value.code, caught.value.message) == ("unknown_field", "不能修改字段：clearance")


def test_departments_are_unique_within_their_unit(system_admin, unit):
    services.department_create(by=system_admin, unit=unit, name="办公室", code="BGS", duties="负责文电")
    other = make_unit("另一局")
    services.department_create(by=system_admin, unit=other, name="办公室", code="BGS")
    with pytest.raises(ServiceError) as caught:
        services.department_create(by=system_admin, unit=unit, name="办公室", code="BGS2")
    assert caught.value.message == "本单位已有处室“办公室”"
    assert AuditEvent.objects.filter(action="department.create").count() == 2


def test_person_create_attaches_a_person_to_an_existing_account(system_admin, unit):
    account = make_user("zhangsan")
    department = make_department(unit, "综合科")

    person = services.person_create(
        by=system_admin,
        username="zhangsan",
        name="张三",
        unit=unit,
        department=department,
        title="科员",
        phone="13900000000",
    )

    assert (person.user, person.name_initials, person.clearance) == (account, "zs", 0)
    assert AuditEvent.objects.get(action="person.create").details == {
        "name": "张三",
        "unit": unit.pk,
        "account": account.pk,
    }


@pytest.mark.parametrize(
    ("username", "code", "message"),
    [
        ("nobody", "no_such_account", "账号“nobody”不存在，请先创建账号"),
        ("sysadmin", "admin_account", "管理员账号不能对应人员"),
    ],
)
def test_person_create_needs_a_free_business_account(system_admin, unit, username, code, message):
    with pytest.raises(ServiceError) as caught:
        services.person_create(by=system_admin, username=username, name="某人", unit=unit)
    assert (caught.value.code, caught.value.message) == (code, message)


def test_an_account_holds_one_person(system_admin, person):
    with pytest.raises(ServiceError) as caught:
        services.person_create(
            by=system_admin, username=person.user.username, name="又一人", unit=person.unit
        )
    assert caught.value.code == "account_taken"


def test_a_leader_needs_a_rank_and_a_department_must_belong_to_the_unit(security_admin, person):
    with pytest.raises(ServiceError) as rank:
        services.person_place(
            by=security_admin, person=person, unit=person.unit, is_leader=True, reason="任命"
        )
    with pytest.raises(ServiceError) as department:
        services.person_place(
            by=security_admin,
            person=person,
            unit=person.unit,
            department=make_department(make_unit()),
            reason="调整",
        )
    assert rank.value.message == "领导须填写领导排序"
    assert department.value.message == "处室不属于所选单位"

    services.person_place(
        by=security_admin, person=person, unit=person.unit, is_leader=True, leader_rank=3, reason="任命"
    )
    assert Person.objects.get(pk=person.pk).leader_rank == 3


@pytest.mark.parametrize(
    "fields",
    [{"unit": "other"}, {"department": None}, {"is_leader": True, "leader_rank": 1}, {"leader_rank": 2}],
)
def test_the_system_admin_cannot_change_what_a_person_may_see(system_admin, person, fields):
    if fields.get("unit") == "other":
        fields = {"unit": make_unit("别的局")}
    with pytest.raises(Forbidden) as caught:
        services.person_update(by=system_admin, person=person, title="新职务", **fields)
    assert caught.value.code == "not_security_admin"
    person.refresh_from_db()
    assert (person.title, person.is_leader) == ("", False)
    with pytest.raises(Forbidden):
        services.person_place(by=system_admin, person=person, unit=make_unit(), reason="调动")
    with pytest.raises(Forbidden):
        services.person_create(
            by=system_admin,
            username=make_user().username,
            name="新领导",
            unit=person.unit,
            is_leader=True,
            leader_rank=1,
        )


def test_the_security_admin_moves_a_person_with_a_reason_audited(security_admin, person):
    other = make_unit("别的局")
    with pytest.raises(ServiceError) as caught:
        services.person_place(by=security_admin, person=person, unit=other, reason=" ")
    assert caught.value.code == "required"
    services.person_place(by=security_admin, person=person, unit=other, reason="工作调动")
    assert Person.objects.get(pk=person.pk).unit == other
    event = AuditEvent.objects.get(action="person.placement")
    assert event.actor_id == security_admin.pk
    assert event.details == {
        "changes": {"unit": {"before": person.unit_id, "after": other.pk}},
        "reason": "工作调动",
    }


def test_posts_are_created_by_the_system_admin_and_assigned_by_the_security_admin(
    system_admin, security_admin, person
):
    post = services.post_create(by=system_admin, unit=person.unit, name="机要员", required_clearance=2)
    with pytest.raises(Forbidden):
        services.post_assign(by=system_admin, post=post, person=person)
    services.post_assign(by=security_admin, post=post, person=person)
    services.post_assign(by=security_admin, post=post, person=person)
    assert list(person.posts.all()) == [post] and post.is_classified
    with pytest.raises(Forbidden):
        services.post_unassign(by=system_admin, post=post, person=person)
    services.post_unassign(by=security_admin, post=post, person=person)

    actions = list(
        AuditEvent.objects.filter(action__startswith="post.").order_by("seq").values_list("action", flat=True)
    )
    assert actions == ["post.create", "post.assign", "post.unassign"]
