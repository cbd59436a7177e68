"""`zhongshu demo`: the sample county, its sign-ins, and idempotence."""

import hashlib
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhongshu.accounts.models import User
from zhongshu.audit.models import AuditEvent
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.demo.build import build_demo, demo_totp_key, totp_secret_base32
from zhongshu.documents.models import (
    Direction,
    Dispatch,
    DocumentEvent,
    NumberCounter,
    OfficialDocument,
)
from zhongshu.documents.selectors import inbox
from zhongshu.documents.todos import document_todos
from zhongshu.org.models import Department, Person, Post, Unit, UnitKind
from zhongshu.quotas.models import Quota
from zhongshu.supervision.models import ItemEvent, ProgressReport, SupervisionItem
from zhongshu.workflow.models import Step, StepEvent, Workflow
from zhongshu.workflow.selectors import open_steps_for


def org_checksum() -> str:
    rows = [
        list(Unit.objects.order_by("code").values_list()),
        list(Department.objects.order_by("unit__code", "code").values_list()),
        list(Person.objects.order_by("user__username").values_list()),
        list(Post.objects.order_by("pk").values_list()),
        list(
            User.objects.order_by("username").values_list("username", "password", "admin_role", "is_active")
        ),
        list(User.groups.through.objects.order_by("pk").values_list("user_id", "group_id")),
        list(Person.posts.through.objects.order_by("pk").values_list("person_id", "post_id")),
        list(TOTPDevice.objects.order_by("pk").values_list("user_id", "key", "confirmed")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def documents_checksum() -> str:
    rows = [
        list(OfficialDocument.objects.order_by("pk").values_list()),
        list(DocumentEvent.objects.order_by("pk").values_list()),
        list(Dispatch.objects.order_by("pk").values_list()),
        list(Quota.objects.order_by("pk").values_list()),
        list(Workflow.objects.order_by("pk").values_list()),
        list(Step.objects.order_by("pk").values_list()),
        list(StepEvent.objects.order_by("pk").values_list()),
        list(NumberCounter.objects.order_by("pk").values_list()),
        list(SupervisionItem.objects.order_by("pk").values_list()),
        list(ItemEvent.objects.order_by("pk").values_list()),
        list(ProgressReport.objects.order_by("pk").values_list()),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def county(db):
    return build_demo()


def test_the_county_has_its_organs_bureaus_towns_and_people(county):
    assert Unit.objects.get(short_name="县委").agency_code == "县委发"
    assert Unit.objects.get(short_name="县政府").agency_code == "县政发"
    office = Unit.objects.get(name="中共示例县委办公室")
    assert (office.agency_code, office.parent.short_name) == ("县委办发", "县委")
    assert set(Department.objects.filter(unit=office).values_list("name", flat=True)) == {
        "秘书科",
        "督查室",
        "信息科",
        "机要科",
        "保密办",
        "档案室",
        "值班室",
        "综合科",
    }
    assert Unit.objects.get(name="示例县人民政府办公室").agency_code == "县政办发"
    assert Unit.objects.filter(kind=UnitKind.BUREAU).count() >= 20
    assert Unit.objects.filter(kind=UnitKind.TOWN).count() >= 10
    assert Person.objects.count() >= 150
    assert not Person.objects.filter(title="").exists()
    assert not Unit.objects.filter(kind=UnitKind.BUREAU, duties="").exists()
    assert Unit.objects.get(short_name="信访局").name_initials == "slxxfj xfj"


def test_clearances_few_high_most_none(county):
    counts = {level: Person.objects.filter(clearance=level).count() for level in Clearance}
    assert 0 < counts[Clearance.CORE] <= counts[Clearance.IMPORTANT] < counts[Clearance.ORDINARY]
    assert counts[Clearance.NONE] > Person.objects.count() / 2


def test_the_well_known_sign_ins(county):
    wenshu = Person.objects.get(user__username="wenshu")
    assert (wenshu.department.name, wenshu.unit.short_name, wenshu.clearance) == (
        "秘书科",
        "县委办",
        Clearance.NONE,
    )
    assert wenshu.user.has_role(Role.CLERK) and wenshu.user.check_password("Demo@2026zs")
    assert Person.objects.get(user__username="duchayuan").department.name == "督查室"
    assert Person.objects.get(user__username="zhuren").user.has_role(Role.OFFICE_DIRECTOR)
    liaison = Person.objects.get(user__username="liaison_jyj")
    assert (liaison.unit.short_name, liaison.user.has_role(Role.LIAISON)) == ("教育局", True)
    leader = Person.objects.get(user__username="leader1")
    assert (leader.title, leader.clearance, leader.leader_rank) == ("县委书记", Clearance.CORE, 1)
    admins = dict(User.objects.exclude(admin_role="").values_list("username", "admin_role"))
    assert admins == {"sysadmin": "system_admin", "secadmin": "security_admin", "auditor": "auditor"}
    assert not User.objects.filter(must_change_password=True).exists()


def test_every_bureau_and_town_has_a_liaison(county):
    liaison = Group.objects.get(name="liaison")
    for unit in Unit.objects.filter(kind__in=[UnitKind.BUREAU, UnitKind.TOWN]):
        assert Person.objects.filter(unit=unit, user__groups=liaison).exists(), unit.name


def test_second_factors_for_administrators_and_high_clearances_only(county):
    with_device = set(TOTPDevice.objects.values_list("user__username", flat=True))
    needing = set(
        Person.objects.filter(clearance__gte=Clearance.IMPORTANT).values_list("user__username", flat=True)
    )
    assert with_device == needing | {"sysadmin", "secadmin", "auditor"}
    assert "wenshu" not in with_device and "leader1" in with_device
    leader_device = TOTPDevice.objects.get(user__username="leader1")
    assert leader_device.key == demo_totp_key("leader1") and leader_device.confirmed


def test_running_twice_changes_nothing_and_audits_once(county):
    before = org_checksum()
    events = AuditEvent.objects.count()
    assert AuditEvent.objects.filter(action="demo.build").count() == 1

    documents_before = documents_checksum()
    second = build_demo()

    assert not second.changed
    assert org_checksum() == before
    assert documents_checksum() == documents_before
    assert AuditEvent.objects.count() == events


def test_a_partly_built_county_is_completed_without_touching_existing_rows(county):
    before = {p.pk: p.title for p in Person.objects.all()}
    Person.objects.filter(user__username="t12_ky").delete()
    Person.objects.filter(user__username="wenshu").update(title="副科长")

    result = build_demo()

    assert result.created == {"people": 1}
    assert Person.objects.get(user__username="wenshu").title == "副科长"
    assert Person.objects.count() == len(before)


def test_the_command_prints_sign_ins_with_totp_secrets_in_development(db, settings):
    settings.ZHONGSHU_ENV = "development"
    out = io.StringIO()

    call_command("demo", stdout=out)

    text = out.getvalue()
    assert "demo county 示例县: created" in text
    leader_line = next(line for line in text.splitlines() if line.strip().startswith("leader1"))
    assert "Demo@2026zs" in leader_line and totp_secret_base32(demo_totp_key("leader1")) in leader_line
    wenshu_line = next(line for line in text.splitlines() if line.strip().startswith("wenshu"))
    assert wenshu_line.endswith("-")

    again = io.StringIO()
    call_command("demo", stdout=again)
    assert "demo county 示例县: already complete, nothing changed" in again.getvalue()


def test_the_command_prints_no_sign_ins_outside_development(db, settings):
    settings.ZHONGSHU_ENV = "test"
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "Demo@2026zs" not in out.getvalue() and "sign-ins" not in out.getvalue()


def test_the_command_refuses_to_run_in_production(db, settings):
    settings.ZHONGSHU_ENV = "production"
    with pytest.raises(CommandError) as caught:
        call_command("demo")
    assert (str(caught.value), caught.value.returncode) == (
        "refusing to load demo data in production (ZHONGSHU_ENV=production)",
        2,
    )
    assert not Unit.objects.exists()


def test_if_empty_does_nothing_when_units_exist(db, unit):
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert out.getvalue() == "demo: the organisation is not empty, nothing to do (--if-empty)\n"
    assert Unit.objects.count() == 1


def test_the_demo_documents_are_in_useful_states(county):
    year = timezone.localdate().year
    assert county.created["documents"] == 5
    office = Unit.objects.get(code="XWB")
    wenshu = Person.objects.get(user__username="wenshu")

    # A 通知 awaiting review: wenshu's colleagues in 秘书科 each have a 核稿 to-do.
    awaiting = OfficialDocument.objects.get(
        owner_unit=office, title="关于做好全县“五一”假期值班值守工作的通知"
    )
    assert (awaiting.state, awaiting.drafter_id, awaiting.doc_number) == ("in_review", wenshu.pk, "")
    reviewers = [step.assignee for step in Step.objects.filter(workflow=awaiting.workflow, kind="review")]
    assert len(reviewers) == 2
    for reviewer in reviewers:
        assert (reviewer.unit_id, reviewer.department_id) == (wenshu.unit_id, wenshu.department_id)
        assert [step.workflow.title for step in open_steps_for(reviewer)] == [awaiting.title]

    # Registered and dispatched, with its number; the bureaus find it in their 收文. The demo's archivist has
    # filed it since (see the archives demo), so it is 已归档, filed into the archives.
    dispatched = OfficialDocument.objects.get(
        owner_unit=office, title="关于进一步精简文件简报的通知", direction=Direction.OUTGOING
    )
    assert (dispatched.state, dispatched.archive_state, dispatched.doc_number) == (
        "archived",
        "filed",
        f"县委办发〔{year}〕1号",
    )
    assert sorted(d.recipient_unit.short_name for d in dispatched.dispatches.all()) == [
        "发改局",
        "教育局",
        "财政局",
    ]
    liaison = Person.objects.get(user__username="liaison_jyj")
    received = inbox(liaison.user, unit_id=liaison.unit_id).rows
    assert [(d.doc_number, d.state) for d in received] == [(f"县委办发〔{year}〕1号", "received")]

    # A paper document registered and screened, awaiting 拟办 on wenshu's to-do list.
    paper = OfficialDocument.objects.get(
        owner_unit=office, direction=Direction.INCOMING, title__contains="防汛"
    )
    assert (paper.state, paper.incoming_number, paper.source_doc_number) == (
        "screened",
        f"收〔{year}〕1号",
        f"市防指办〔{year}〕8号",
    )
    todos = [(item.title, item.note) for item in document_todos(wenshu.user)]
    assert (paper.title, "拟办") in todos


def test_the_demo_supervision_items_are_in_useful_states(county):
    assert (
        county.created["supervision_items"] == 12
    )  # these 3, and the 9 of the history (test_demo_supervision_history)
    awaiting = SupervisionItem.objects.get(title__startswith="落实县委书记关于校园食品安全")
    assert (awaiting.state, awaiting.lead_unit.code) == ("assigned", "JYJ")
    assert awaiting.deadline is not None
    in_progress = SupervisionItem.objects.get(title="推进县直部门预算绩效管理改革")
    assert in_progress.state == "in_progress"
    assert ProgressReport.objects.filter(item=in_progress).count() == 1
    assert SupervisionItem.objects.get(title__startswith="办理县人大代表").state == "draft"
