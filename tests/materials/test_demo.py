from zhongshu.demo.build import DemoResult, build_demo
from zhongshu.demo.materials import build_demo_materials
from zhongshu.materials.models import Material, Problem, SimilarPassage


def test_demo_builds_the_materials_cleaned_sharing_a_passage_and_only_once(db):
    first = build_demo()
    assert first.created["materials"] == 2 and first.created["problems"] == 1
    speech = Material.objects.get(title="在全县办公室系统工作会议上的讲话")
    assert "示例公文网" not in speech.text and "客服" not in speech.text and "##paid" not in speech.text
    assert {r["kind"] for r in speech.removals} == {"paywall_marker", "advertisement", "watermark"}
    assert SimilarPassage.objects.count() == 1
    assert Problem.objects.count() == 1
    again = DemoResult()
    build_demo_materials(again)
    assert again.created == {}
