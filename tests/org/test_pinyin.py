import pytest

from zhongshu.org.pinyin import normalise_query, pinyin_keys


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("万俟卨", "moqixie", "mqx"),
        ("重阳", "chongyang", "cy"),
    ],
)
def test_person_names_read_surnames_by_their_surname_sound(name, full, initials):
    assert pinyin_keys(name, person=True) == (full, initials)


def test_unit_names_read_by_common_sound_and_keep_the_short_name_as_a_second_key():
    assert pinyin_keys("示例县信访局", "信访局") == ("shilixianxinfangju xinfangju", "slxxfj xfj")
    # 单 in a unit name is not a surname: 单位 is danwei.
    assert pinyin_keys("单位") == ("danwei", "dw")


def test_queries_are_compared_without_spaces_or_case():
    assert normalise_query(" Zhang San ") == "zhangsan"
