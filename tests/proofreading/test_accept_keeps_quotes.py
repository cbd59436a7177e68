"""采纳 of a formulation fix never deletes a quotation mark (issue 15, build point 8): a fix whose flagged span
runs over a quoted formulation's closing mark keeps the mark where it stood, and a suggestion that would still
take a mark away is withheld (the finding stays as advice)."""

import re

import pytest

from zhongshu.proofreader import Finding, check

pytestmark = pytest.mark.django_db

# “两个维护” and the other quoted formulations, with one of them written wrongly inside its quotes.
QUOTED = "各级党组织要增强“四个意识”、坚定“四个自信”、做到“两个坚决维护”，统筹推进“五为一体”总体布局。"
MARKS = re.compile("[“”《》]")


def _fix(text, finding):
    return text[: finding.start] + finding.suggestion + text[finding.end :]


def test_each_formulation_suggestion_keeps_the_quotation_marks():
    fixes = [f for f in check(QUOTED) if f.category == "formulation" and f.suggestion is not None]
    assert {f.rule_id for f in fixes} == {"formulation.wrong", "formulation.fuzzy"}
    for finding in fixes:
        assert MARKS.findall(_fix(QUOTED, finding)) == MARKS.findall(QUOTED), finding


def test_accepting_every_fix_on_the_page_gives_the_right_quoted_sentence(clerk_client):
    text = QUOTED
    for rule_id in ("formulation.wrong", "formulation.fuzzy"):
        finding = next(f for f in check(text) if f.rule_id == rule_id)
        response = clerk_client.post(
            "/proofread/accept/", {"text": text, "accept": f"{finding.start}:{finding.end}:{rule_id}"}
        )
        assert response.status_code == 200
        text = response.context["result"].text
    assert text == "各级党组织要增强“四个意识”、坚定“四个自信”、做到“两个维护”，统筹推进“五位一体”总体布局。"


def test_a_suggestion_that_would_delete_a_mark_is_withheld():
    from zhongshu.proofreader.rules.formulation import _mark_safe

    text = "学习《中国特色社会主意道路》一书"
    findings = [Finding(3, 14, "formulation", "formulation.fuzzy", "规范提法", "中国特色社会主义道路")]
    assert _mark_safe(text, findings)[0].suggestion is None
