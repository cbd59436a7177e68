"""Query budgets of the 素材库: the library with 20 and 40 materials (tagged, with their 金句), and a material's
page that shares passages with 20 and 40 others."""

from __future__ import annotations

import itertools

import pytest

from tests.budgets.helpers import assert_flat, counter, signed_in
from tests.materials.helpers import Upload
from zhongshu.base.levels import Clearance
from zhongshu.base.roles import Role
from zhongshu.materials.models import Material, SimilarPassage
from zhongshu.materials.services import material_ingest
from zhongshu.testing import factories

pytestmark = pytest.mark.django_db

N = 20
_serial = itertools.count(1)
QUOTES = {
    "甲": "坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风",
    "乙": "坚持精益求精的工作标准、坚持甘于奉献的职业操守、坚持守口如瓶的保密纪律",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clerk(db, unit):
    return factories.make_person("文书甲", unit=unit, roles=(Role.CLERK,), clearance=Clearance.ORDINARY)


def ingest(clerk, *, title: str, text: str, tags: str = "") -> Material:
    return material_ingest(
        uploaded=Upload(text.encode(), f"{title}.txt"),
        name=f"{title}.txt",
        by=clerk.user,
        title=title,
        source="县委办公室",
        tags=tags,
    )


def library_materials(clerk, count: int) -> None:
    for _ in range(count):
        n = next(_serial)
        ingest(
            clerk,
            title=f"预算素材第{n}篇学习体会",
            text=(
                f"第{n}篇：关于做好新时代办公室工作的学习体会\n"
                f"近段时间，我认真学习了第{n}号文件精神，进一步增进了政治认同、思想认同、理论认同、情感认同。\n"
                "一是要坚持政治机关定位，把对党忠诚体现在坚决贯彻决策部署的行动上。\n"
                f"二是要在服务大局上下功夫，第{n}项重点工作要抓紧抓实，让每一项工作都有章可循、有据可查。"
            ),
            tags=f"学习体会 第{n % 4}组",
        )


def test_the_library_costs_the_same_for_20_and_40_materials(clerk):
    library_materials(clerk, N)
    assert_flat(
        signed_in(clerk.user),
        "/materials/",
        grow=lambda: library_materials(clerk, N),
        rows=counter("预算素材"),
        ceiling=15,  # measured 13 on SQLite and PostgreSQL
    )


def quoted(clerk, batch: str, count: int) -> Material:
    """A speech, then `count` materials that each quote a passage of it in their own words."""
    quote = QUOTES[batch]
    speech = ingest(
        clerk,
        title=f"{batch}批讲话",
        text=f"在全县办公室系统工作会议上的讲话\n同志们，县委明确要求我们{quote}，大家要抓好贯彻落实。",
    )
    for _ in range(count):
        n = next(_serial)
        ingest(
            clerk,
            title=f"{batch}批引用{n}",
            text=f"第{n}篇心得\n第{n}期读书班上，大家一致认为必须{quote}，第{n}次交流发言时又作了强调。",
        )
    return speech


def test_a_materials_page_costs_the_same_for_20_and_40_shared_passages(clerk):
    small = quoted(clerk, "甲", N)
    assert (
        SimilarPassage.objects.filter(a_material=small).count()
        + SimilarPassage.objects.filter(b_material=small).count()
        == N
    )
    batch = ["甲"]

    def grow() -> str:
        batch[0] = "乙"
        return f"/materials/{quoted(clerk, '乙', 2 * N).pk}/"

    assert_flat(
        signed_in(clerk.user),
        f"/materials/{small.pk}/",
        grow=grow,
        rows=lambda page: page.count(f"{batch[0]}批引用"),
        ceiling=16,  # measured 14 on SQLite and PostgreSQL
    )
