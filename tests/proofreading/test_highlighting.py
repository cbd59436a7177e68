"""Text + findings → HTML: every piece escaped, flagged pieces marked by category and severity."""

from zhongshu.proofreader import Finding, check
from zhongshu.proofreading.highlighting import finding_views, highlight


def finding(start, end, category="typo", severity="error", message="错", rule_id="typo.x"):
    return Finding(start, end, category, rule_id, message, None, severity)


def test_flagged_pieces_are_marked_with_category_and_severity():
    html = highlight("精心布署<b>", [finding(2, 4, message="“布署”应为“部署”")])
    assert html == (
        '精心<a class="pf pf-typo pf-error" href="#pf-1" data-findings="pf-1" '
        'title="“布署”应为“部署”">布署</a>&lt;b&gt;'
    )


def test_overlapping_findings_split_into_pieces_with_the_error_first():
    html = highlight(
        "abcdef",
        [finding(1, 4, "formulation", "warning", "甲"), finding(2, 3, "punctuation", "error", "乙")],
    )
    assert html == (
        'a<a class="pf pf-formulation pf-warning" href="#pf-1" data-findings="pf-1" title="甲">b</a>'
        '<a class="pf pf-punctuation pf-error" href="#pf-2" data-findings="pf-2 pf-1" title="乙；甲">c</a>'
        '<a class="pf pf-formulation pf-warning" href="#pf-1" data-findings="pf-1" title="甲">d</a>ef'
    )


def test_an_empty_span_is_shown_as_an_insertion_mark():
    html = highlight("ab", [finding(1, 1)])
    assert (
        html
        == 'a<a class="pf pf-typo pf-error pf-insert" href="#pf-1" data-findings="pf-1" title="错">‸</a>b'
    )


def test_finding_views_give_line_and_column():
    text = "第一行\n各乡镇要精心布署。"
    (view,) = finding_views(text, check(text))
    assert (view.number, view.line, view.column, view.flagged, view.accept_value) == (
        1,
        2,
        7,
        "布署",
        "10:12:typo.wrong_word",
    )
    assert (view.category_label, view.severity_label) == ("错别字", "错误")


def test_sureness_labels_of_a_confidence():
    from zhongshu.proofreading.highlighting import sureness_label

    assert sureness_label(None) == ""
    assert [sureness_label(c) for c in (0.95, 0.8, 0.79, 0.5, 0.49, 0.0)] == [
        "把握较大",
        "把握较大",
        "把握一般",
        "把握一般",
        "把握较小",
        "把握较小",
    ]
