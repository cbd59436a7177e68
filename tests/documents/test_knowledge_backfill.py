"""The data migration that records in existing documents' 知悉范围 whom they already reached (issue 14)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from tests.documents.test_outgoing_flow import signed
from zhongshu.documents.services import document_dispatch, document_recheck, document_register

pytestmark = pytest.mark.django_db

widen = importlib.import_module("zhongshu.documents.migrations.0004_widen_knowledge_of_existing").widen


def test_a_document_from_before_gets_its_reviewers_signer_and_recipients_and_a_second_run_adds_nothing(
    county,
):
    document = signed(county)
    document_recheck(document=document, by=county.clerk.user)
    document_register(document=document, by=county.clerk.user, copies=2)
    document_dispatch(document=document, by=county.clerk.user)
    # As a 内部 document stood before the change: nobody recorded in its 知悉范围.
    document.need_to_know_people.clear()
    document.need_to_know_units.clear()
    assert county.edu_clerk.user.pk  # the education bureau received it

    widen(apps, None)

    assert set(document.need_to_know_people.all()) == {county.reviewer1, county.reviewer2, county.leader}
    assert set(document.need_to_know_units.all()) == {county.education, county.health}
    widen(apps, None)
    assert document.need_to_know_people.count() == 3 and document.need_to_know_units.count() == 2
