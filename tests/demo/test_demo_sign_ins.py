"""Everyone the demo names as acting — who reviews (核稿) and signs (签发) its drafts, who acts on its supervision
items, who filed its archive items — has a listed sign-in, printed with what they do in the demo (issue 15,
build point 9: the README's table of sign-ins is this list)."""

import io

import pytest
from django.core.management import call_command

from zhongshu.archives.models import ArchiveItem
from zhongshu.demo import data
from zhongshu.demo.build import build_demo
from zhongshu.documents.models import DocumentEvent
from zhongshu.supervision.models import ItemEvent
from zhongshu.workflow.models import Step

pytestmark = pytest.mark.django_db


def test_everyone_the_demo_names_as_acting_can_sign_in():
    build_demo()
    acting = (
        set(Step.objects.values_list("assignee__user__username", flat=True))
        | set(DocumentEvent.objects.values_list("actor__username", flat=True))
        | set(ItemEvent.objects.exclude(by=None).values_list("by__username", flat=True))
        | set(ArchiveItem.objects.values_list("filed_by__username", flat=True))
    )
    assert {"xwb_msk_kz", "xwb_msk_1", "leader4", "leader1"} <= acting
    assert acting - set(data.SIGN_INS) == set()


def test_the_printed_table_says_what_each_sign_in_does(settings):
    settings.ZHONGSHU_ENV = "development"
    out = io.StringIO()
    call_command("demo", stdout=out)
    lines = out.getvalue().splitlines()
    for username, duty in data.SIGN_IN_DUTIES.items():
        line = next(line for line in lines if line.strip().startswith(username + " "))
        assert duty in line and "Demo@2026zs" in line
    reviewer = next(line for line in lines if line.strip().startswith("xwb_msk_kz "))
    assert "核稿" in reviewer
