from zhongshu.materials.keysentences import key_sentences, score_sentence


def test_parallel_and_antithesis_score_and_plain_lines_do_not():
    assert score_sentence("要坚持学思用贯通，确保在以学铸魂、以学增智、以学正风、以学促干上取得新成效。") >= 2
    assert score_sentence("今天再晚也是早，明天再早也是晚。") >= 2
    assert score_sentence("会议于上午九时在三楼会议室召开。") < 2


def test_a_heading_or_a_run_on_paragraph_is_never_a_key_sentence():
    assert score_sentence("以学铸魂、以学增智、以学正风、以学促干") == 0
    assert score_sentence("以学铸魂、以学增智、以学正风、以学促干，" * 8 + "。") == 0


def test_extraction_orders_by_score_and_removes_repeats():
    text = "不同的是岗位，相同的是责任。会议召开了。不同的是岗位，相同的是责任。要牢记“三个务必”，以学铸魂、以学增智、以学正风。"
    found = key_sentences(text)
    assert [s.text for s in found] == [
        "要牢记“三个务必”，以学铸魂、以学增智、以学正风。",
        "不同的是岗位，相同的是责任。",
    ]
