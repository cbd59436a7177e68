"""Passage detection, pure: a quotation shared inside two otherwise different paragraphs is found."""

from zhongshu.core.similarity import MIN_PASSAGE, fingerprints, normalise, shared_passages

QUOTE = "坚持绝对忠诚的政治品格、坚持高度自觉的大局意识、坚持极端负责的工作作风"
A = f"在工作中我感到，办公室工作繁杂，要求极高，必须{QUOTE}，这也使部分干部望而却步。"
B = f"2014年5月，总书记对中央办公厅提出“{QUOTE}”等要求。"


def _seeds(a, b):
    fb = {fp.hash: fp.offset for fp in fingerprints(b)}
    return [(fp.offset, fb[fp.hash]) for fp in fingerprints(a) if fp.hash in fb]


def test_shared_quotation_is_found_and_mapped_back_to_the_original_text():
    matches = shared_passages(A, B, _seeds(A, B))
    assert len(matches) == 1
    match = matches[0]
    assert A[match.a_start : match.a_end] == QUOTE
    assert B[match.b_start : match.b_end] == QUOTE


def test_punctuation_and_width_do_not_hide_a_passage():
    half = QUOTE.replace("、", ",")
    assert normalise(half).text == normalise(QUOTE).text


def test_unrelated_paragraphs_share_nothing():
    other = "档案管理是一项默默无闻的工作，是三办的最后一公里，看似不起眼，实则意义重大。"
    assert shared_passages(A, other, _seeds(A, other)) == []


def test_a_short_common_phrase_is_not_a_passage():
    phrase = "习近平新时代中国特色社会主义思想"
    assert len(normalise(phrase).text) < MIN_PASSAGE
    a, b = f"深入学习{phrase}。", f"认真领会{phrase}的精髓。"
    assert shared_passages(a, b, _seeds(a, b)) == []
