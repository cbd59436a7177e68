"""The sample county's 素材库, made through the materials services as 文书 would upload it: two materials
copied from a material site (with its paywall markers, advertisement and a watermark slogan, which the
cleaner removes) that quote the same passage, so the library shows the removals, a shared passage and 金句;
and one problem found by research in the 问题库. A material whose text is there already is left as it is.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from zhongshu.materials.cleaning import clean_text
from zhongshu.materials.models import Material, Problem
from zhongshu.materials.services import content_hash_of, material_ingest, problem_create
from zhongshu.org.models import Person, Unit

if TYPE_CHECKING:
    from zhongshu.demo.build import DemoResult

_SHARED = "坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风、坚持无怨无悔的奉献精神、坚持廉洁自律的道德操守"
_SLOGAN = "示例公文网，精品写作门户"

SPEECH_TITLE = "在全县办公室系统工作会议上的讲话"
SPEECH = f"""{SPEECH_TITLE}
同志们：
办公室地位十分突出、作用至关重要。要把“{_SHARED}”的要求落到实处。{_SLOGAN}
要牢固树立“马上就办”工作理念，做到文经我手无差错、事交我办请放心。{_SLOGAN}
要在统筹协调上汇聚合力，既当好“总调度员”，又当好“总服务员”。{_SLOGAN}
##paidbegin##今天再晚也是早，明天再早也是晚。
【示例素材库】——每天更新材料，会员群同步更新，有意加入请联系客服：demo123
##paidend##
"""

REFLECTION_TITLE = "办公室主任专题读书班发言材料"
REFLECTION = f"""{REFLECTION_TITLE}
通过学习，我进一步提高了对“以人民为中心”的思想认识。
办公室工作繁杂，要求极高，必须{_SHARED}。
下一步，我将以学促干，提振精神状态、提升服务意识、提高质量效率。
"""

PROBLEM = "部分乡镇反映同一季度内接待多个调研组，存在扎堆调研、重复填报材料的问题"


class _Upload(io.BytesIO):
    def __init__(self, text: str, name: str) -> None:
        data = text.encode("utf-8")
        super().__init__(data)
        self.name = name
        self.size = len(data)


def build_demo_materials(result: DemoResult) -> None:
    clerk = Person.objects.select_related("user", "unit").get(user__username="wenshu")
    for text, name, material_type, tags in (
        (SPEECH, "县委办工作会议讲话.txt", "speech", "办公室 讲话"),
        (REFLECTION, "读书班发言.txt", "reflection", "办公室 主题教育"),
    ):
        if Material.objects.filter(content_hash=content_hash_of(clean_text(text).text)).exists():
            continue
        material_ingest(
            uploaded=_Upload(text, name),
            name=name,
            by=clerk.user,
            material_type=material_type,
            source="示例素材网站",
            date_of=date(2026, 1, 15),
            tags=tags,
        )
        result.count("materials")
    if not Problem.objects.filter(problem=PROBLEM).exists():
        problem_create(
            by=clerk.user,
            problem=PROBLEM,
            found_on=date(2026, 2, 10),
            unit=Unit.objects.filter(is_active=True).order_by("sort_order", "code").first(),
            tags="减负 调研",
        )
        result.count("problems")
