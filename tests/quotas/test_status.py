"""The quota's arithmetic, pure: the 80 % warning, used up at 100 %, last year's count, the wording of each
kind's messages (发文 and 件 exactly as the documents pages have always read)."""

from __future__ import annotations

import pytest

from zhongshu.quotas.status import QuotaStatus


def meetings(limit: int | None, used: int, last_year: int | None = None) -> QuotaStatus:
    return QuotaStatus(
        limit=limit, used=used, last_year=last_year, label="政府常务会", noun="次", verb="召开政府常务会"
    )


@pytest.mark.parametrize(
    ("limit", "used", "warning", "exhausted", "share"),
    [
        (None, 7, False, False, 0.0),  # no quota: nothing to warn of
        (10, 7, False, False, 0.7),
        (10, 8, True, False, 0.8),  # 80 %: the warning
        (5, 4, True, False, 0.8),
        (10, 9, True, False, 0.9),
        (10, 10, False, True, 1.0),  # used up: no longer a warning but the block
        (10, 12, False, True, 1.2),  # beyond, after a leader's consent
        (0, 0, False, True, 0.0),  # a quota of none is used up from the start
    ],
)
def test_the_warning_starts_at_80_percent_and_the_block_at_100(limit, used, warning, exhausted, share):
    status = QuotaStatus(limit=limit, used=used)
    assert (status.warning, status.exhausted, status.share) == (warning, exhausted, share)


def test_the_documents_messages_read_as_before():
    assert QuotaStatus(limit=5, used=4).message == "本单位本年度发文已用额度的80%（4/5）"
    assert QuotaStatus(limit=2, used=2).message == "本单位本年度发文已达额度（2/2），须经领导同意方可继续发文"
    assert QuotaStatus(limit=10, used=3).message == ""
    assert QuotaStatus(limit=None, used=300).message == ""
    assert QuotaStatus(limit=None, used=2, last_year=1).explanation_message == (
        "本单位本年度发文将达3件，超过上年的1件，须填写书面说明（整治形式主义为基层减负若干规定）"
    )


def test_another_kind_speaks_of_its_own_label_noun_and_verb():
    assert meetings(5, 4).message == "本单位本年度政府常务会已用额度的80%（4/5）"
    assert (
        meetings(3, 3).message == "本单位本年度政府常务会已达额度（3/3），须经领导同意方可继续召开政府常务会"
    )
    assert meetings(None, 6, last_year=6).explanation_message == (
        "本单位本年度政府常务会将达7次，超过上年的6次，须填写书面说明（整治形式主义为基层减负若干规定）"
    )


def test_last_year_asks_for_an_explanation_only_when_known_and_passed():
    assert not QuotaStatus(limit=None, used=40, last_year=None).next_exceeds_last_year  # no record of it
    assert not QuotaStatus(limit=None, used=4, last_year=5).next_exceeds_last_year  # the 5th equals it
    assert QuotaStatus(limit=None, used=5, last_year=5).next_exceeds_last_year  # the 6th passes it
    assert QuotaStatus(limit=None, used=0, last_year=0).next_exceeds_last_year  # none last year, known
    assert QuotaStatus(limit=None, used=4, last_year=5).explanation_message == ""
