"""The demo's secondees (跟班学习人员), through the part's services as the 保密办 head (xwb_bmb_kz) records them:

- 城关镇's 科员 (t01_ky) mid-way in the 综合科: vetted by the town's Party secretary, trained, pledged, in post for
  a month with two weeks left;
- 青石镇's 科员 (t02_ky) who left the 秘书科 a month ago: the reminder talk held, the cooling-off management handed
  over to the town's Party secretary, one year (一般) from the end of the secondment;
- 柳河镇's 科员 (t03_ky), vetted, waiting for training before starting in the 信息科 next week.

The two who handle work secrets are made 一般 涉密人员 by the security administrator (secadmin) on the vetting,
as the personnel rules ask. Run again, it adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from zhongshu.access.services import clearance_set
from zhongshu.accounts.models import User
from zhongshu.base.levels import Clearance
from zhongshu.org.models import Person
from zhongshu.secrecy import secondees
from zhongshu.secrecy.models_secondees import Secondment, StepKind

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

KEEPER = "xwb_bmb_kz"
SECURITY_ADMIN = "secadmin"


@dataclass(frozen=True)
class DemoSecondee:
    username: str
    vetted_by: str  # the sending unit's
    liaison: str  # of the host department
    starts: int  # days from today
    ends: int
    vetted: int
    trained: int | None = None
    pledged: int | None = None
    talked: int | None = None
    handed_over: int | None = None
    clearance: int = Clearance.NONE
    needs: str = ""


SECONDEES = (
    DemoSecondee(
        "t01_ky",
        "t01_sj",
        "xwb_zhk_1",
        starts=-30,
        ends=14,
        vetted=-38,
        trained=-35,
        pledged=-33,
        clearance=Clearance.ORDINARY,
        needs="参与县委全会报告等综合文稿起草，需查阅相关会议纪要和调研材料",
    ),
    DemoSecondee(
        "t02_ky",
        "t02_sj",
        "xwb_msk_1",
        starts=-120,
        ends=-30,
        vetted=-130,
        trained=-127,
        pledged=-125,
        talked=-31,
        handed_over=-29,
        clearance=Clearance.ORDINARY,
        needs="协助秘书科办理公文运转",
    ),
    DemoSecondee("t03_ky", "t03_sj", "xwb_xxk_1", starts=7, ends=97, vetted=-2, needs="协助编辑《每日要情》"),
)


def _person(username: str) -> Person | None:
    return Person.objects.filter(user__username=username).select_related("user", "department").first()


def build_demo_secondees(result: DemoResult) -> None:
    keeper = _person(KEEPER)
    security_admin = User.objects.filter(username=SECURITY_ADMIN).first()
    if keeper is None:
        return
    by = keeper.user
    today = timezone.localdate()
    for spec in SECONDEES:
        person, vetter, liaison = _person(spec.username), _person(spec.vetted_by), _person(spec.liaison)
        if person is None or vetter is None or liaison is None or liaison.department is None:
            continue
        if Secondment.objects.filter(person=person).exists():
            continue
        secondment = secondees.secondment_create(
            by=by,
            person=person,
            host_department=liaison.department,
            liaison=liaison,
            starts_on=today + timedelta(days=spec.starts),
            ends_on=today + timedelta(days=spec.ends),
            needs=spec.needs,
        )
        result.count("secondments")
        secondees.secondment_record_step(
            by=by,
            secondment=secondment,
            kind=StepKind.VETTING,
            done_on=today + timedelta(days=spec.vetted),
            done_by=vetter,
            note="经派出单位党委审查，政治可靠、作风正派，同意跟班学习",
        )
        if spec.clearance and security_admin is not None:
            clearance_set(
                by=security_admin, person=person, clearance=spec.clearance, reason="跟班学习上岗前审查合格"
            )
        for kind, offset, note in (
            (StepKind.TRAINING, spec.trained, "参加县委保密办组织的保密教育培训，考试合格"),
            (StepKind.PLEDGE, spec.pledged, "签订跟班学习人员保密承诺书"),
            (StepKind.REMINDER_TALK, spec.talked, "提醒其离岗后继续履行保密义务"),
        ):
            if offset is not None:
                secondees.secondment_record_step(
                    by=by, secondment=secondment, kind=kind, done_on=today + timedelta(days=offset), note=note
                )
        if spec.handed_over is not None:
            secondees.secondment_hand_over(
                by=by,
                secondment=secondment,
                done_on=today + timedelta(days=spec.handed_over),
                taken_over_by=vetter,
                note="脱密期管理委托派出单位负责",
            )
