"""The statistical layer: n-gram suggestions as warnings, off by default, precise on clean text."""

import subprocess
import sys

from zhongshu.proofreader import check
from zhongshu.proofreader.bench import load_devset
from zhongshu.proofreader.statistical import detector
from zhongshu.proofreader.statistical.confusion import shape_groups
from zhongshu.proofreader.statistical.model import CharNgramModel
from zhongshu.proofreader.statistical.training import clean_office_text, held_out, train


def test_a_same_sound_typo_is_a_warning_with_a_suggestion():
    (finding,) = check("本次培训载县委党校举行，为期三天。", statistical=True)
    assert (finding.start, finding.end, finding.category, finding.rule_id, finding.severity) == (
        4,
        5,
        "typo",
        "typo.statistical",
        "warning",
    )
    assert finding.message == "疑似音近错字：“载”可能应为“在”（统计模型提示，请核对）"
    assert finding.suggestion == "在"


def test_a_similar_shape_typo_is_named_so():
    (finding,) = check("各乡镇要加强组织令导，明确责任分工。", statistical=True)
    assert finding.message == "疑似形近错字：“令”可能应为“领”（统计模型提示，请核对）"


def test_the_layer_is_off_by_default():
    assert check("本次培训载县委党校举行，为期三天。") == []


def test_a_rule_finding_is_not_repeated_by_the_layer():
    findings = check("各乡镇要精心布署，确保各项任务按时完成。", statistical=True)
    assert [(f.rule_id, f.start) for f in findings] == [("typo.wrong_word", 6)]


def test_on_the_dev_set_clean_sentences_stay_clean_and_written_typos_are_found():
    cases = load_devset()
    clean = [c for c in cases if not c["expected"]]
    flagged = [c["id"] for c in clean if detector.find(c["text"])]
    assert len(flagged) / len(clean) <= 0.05, flagged
    layer = [c for c in cases if c.get("layer") == "statistical"]
    assert len(layer) >= 30
    found = [
        c["id"]
        for c in layer
        if any(f.suggestion == c["expected"][0]["suggestion"] for f in detector.find(c["text"]))
    ]
    assert len(found) / len(layer) >= 0.7, sorted({c["id"] for c in layer} - set(found))


def test_the_rules_miss_the_cases_written_for_the_layer():
    layer = [c for c in load_devset() if c.get("layer") == "statistical"]
    assert [c["id"] for c in layer if check(c["text"])] == []


def test_empty_traditional_mixed_and_control_text_pass_quietly():
    assert detector.find("") == []
    assert detector.find("我") == []
    # A traditional character among simplified ones gets its simplified form; a clause written in
    # traditional script (體, 測, 試, 報) is not questioned character by character at all.
    text = "abc\x00\x1b 繁體中文测试报告 ١٢٣ 𠀀𠀁𠀀"
    assert [(text[f.start], f.suggestion) for f in detector.find(text)] == [("體", "体")]
    assert detector.find("abc\x00\x1b 繁體中文測試報告 ١٢٣ 𠀀𠀁𠀀") == []


def test_the_model_file_round_trips_within_the_quantisation_error():
    model = train(["管理工作管理"], [("管理", 100)])
    loaded = CharNgramModel.loads(model.dumps())
    assert set(loaded.bigrams) == set(model.bigrams) == {"管理", "理工", "工作", "作管"}
    for key, count in model.bigrams.items():
        assert abs(loaded.bigrams[key] - count) / count < 0.03


def test_a_foreign_file_is_refused():
    import zlib

    try:
        CharNgramModel.loads(zlib.compress(b"something else"))
    except ValueError as error:
        assert str(error) == "not a 中枢 character n-gram model file"
    else:
        raise AssertionError("loaded a file that is not a model")


def test_training_text_loses_advertising_and_the_letter_d_for_dang():
    raw = "坚持强D性，学D章。\n【哒哒素材库】——会员群每日更新\n要抓好落实。金刷子公文,精品办公写作门户"
    assert clean_office_text(raw) == "坚持强党性，学党章。\n要抓好落实。"


def test_dev_set_sentences_are_held_out_of_training():
    assert held_out(["甲乙丙丁戊己庚辛壬。", "另一句。"], ["甲乙丙丁戊己庚辛壬。"]) == ["另一句。"]


def test_shape_groups_are_symmetric():
    groups = shape_groups()
    assert "任" in groups["壬"] and "壬" in groups["任"]


def test_importing_the_package_does_not_load_the_model():
    code = (
        "import zhongshu.proofreader, sys; "
        "assert 'zhongshu.proofreader.statistical.detector' not in sys.modules, 'model module loaded'"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_training_names_no_default_corpus_folder(tmp_path, capsys):
    # The corpus is outside the package: without a folder named, training refuses rather than guessing one
    # (the refusals come before anything is trained or written).
    from zhongshu.proofreader.statistical.training import main

    assert main([]) == 2
    assert "--corpus DIR" in capsys.readouterr().err
    assert main([str(tmp_path), "--no-corpus"]) == 2
    assert main([str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith(f"no .txt documents in {tmp_path}")
    assert main(["--corpus", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip().endswith(f"no .txt documents in {tmp_path}/*/train.txt")


def test_a_clause_in_traditional_script_is_not_questioned_character_by_character():
    # Held-out 1950s report sentences: the layer proposed each traditional character's simplified twin
    # (數 → 数, 細 → 细) as a typo before rare-script clauses were left alone.
    for sentence in (
        "我們希望，在第一個五年計劃期末，全國可以有半數以上的農戶和土地加入農業生産合作社。",
        "廣州的同志在對待陳炯明的問題上犯了嚴重錯誤，最近他們正在糾正錯誤。",
        "各級學校學生中的工農子女成分逐年增加。",
    ):
        assert detector.find(sentence) == [], sentence
    # A simplified clause keeps its corrections.
    assert [f.suggestion for f in detector.find("我们要统筹推进总休布局")] == ["体"]


def test_the_demo_county_s_own_words_and_function_characters_are_left_alone():
    # False alarms the default layer raised on the demo's strings: 微信 (a word jieba splits, so the
    # corpus counted it never) → 征信, 待销 → 代销, and the lone function characters 已 → 以, 早 → 造.
    for sentence in (
        "个别干部使用微信工作群传递内部工作文件",
        "教育局联络员：签收、反馈督查事项，申请办结待销号的事项",
        "已对48个县直单位结余结转资金完成摸底，拟收回资金清单已报县政府。",
        "凌晨降雨减弱，河道水位开始回落；受损村道已抢通一个车道，转移群众继续在村委会安置点安置，无新增险情。",
        "今天再晚也是早，明天再早也是晚。",
    ):
        assert detector.find(sentence) == [], sentence
