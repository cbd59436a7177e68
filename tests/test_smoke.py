from cryptography.hazmat.primitives import hashes

from zhongshu.audit.chain import sm3_hex


def test_sm3_matches_the_standard_vector_for_abc():
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert hashes.SM3.digest_size == 32
