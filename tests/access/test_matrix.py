"""The access-matrix helper, run on a test-only classified model (tests/access_testapp)."""

import pytest

from tests.access_testapp.models import MatrixRecord
from zhongshu.testing.access import (
    CLASSIFICATIONS,
    CLEARANCES,
    SCOPES,
    MatrixFailure,
    Route,
    check_records,
    expected_visible,
)

pytestmark = pytest.mark.urls("tests.access_testapp.urls")

ROUTES = [
    Route("page", "/matrix/records/{pk}/"),
    Route("api", "/matrix/api/records/{pk}"),
    Route("list", "/matrix/records/"),
    Route("search", "/matrix/records/?q={marker}"),
]


def make(spec):
    return spec.apply_need_to_know(MatrixRecord.objects.create(title=spec.title, **spec.fields()))


def test_every_viewer_sees_exactly_what_the_specification_allows_on_every_route(db):
    report = check_records(model=MatrixRecord, make=make, routes=ROUTES)

    # 32 viewers; 20 records; two one-record routes (20 + 1 missing each), a list (1), a search (20).
    assert report.failures == []
    # Over HTTP a viewer is asked about one owner's 5 records, an owner also about their own 5; each
    # one-record route adds a request for a missing record. The policy functions see all 20 records.
    asked = [10] * 3 + [5] * 29
    assert report.requests == sum(3 * n + 3 for n in asked)


def test_the_helper_names_viewer_record_and_route_of_a_leaky_detail_route(db):
    with pytest.raises(MatrixFailure) as caught:
        check_records(model=MatrixRecord, make=make, routes=[Route("leaky", "/matrix/leaky/{pk}/")])

    failures = caught.value.failures
    record = MatrixRecord.objects.get(title__contains="R020Z")  # 绝密, owned by the 核心 owner
    assert (
        f"viewer 非涉密/outsider, 绝密 record owned by 核心/owner_person (MX{record.title[2:].split('R')[0]}R020Z), "
        f"route leaky /matrix/leaky/{record.pk}/: LEAK: the marker appears in a 200 answer"
    ) in failures
    assert any(failure.startswith("viewer anonymous, ") for failure in failures)
    assert str(caught.value).startswith(f"access matrix: {len(failures)} failure(s):")


def test_the_helper_catches_a_list_that_forgets_need_to_know(db):
    with pytest.raises(MatrixFailure) as caught:
        check_records(model=MatrixRecord, make=make, routes=[Route("leaky-list", "/matrix/leaky/?all=1")])

    leaks = [f for f in caught.value.failures if f.startswith("viewer 核心/outsider, 秘密 record")]
    assert leaks and all(f.endswith("LEAK: the list shows the marker (200)") for f in leaks)


def test_the_helper_catches_a_list_that_omits_allowed_records(db):
    with pytest.raises(MatrixFailure) as caught:
        check_records(model=MatrixRecord, make=make, routes=[Route("short-list", "/matrix/leaky/")])

    omissions = [f for f in caught.value.failures if f.startswith("viewer 一般/ntk_unit, 秘密 record")]
    assert omissions and all(f.endswith("the list omits a record the viewer may see") for f in omissions)


@pytest.mark.parametrize(
    ("kind", "clearance", "relation", "classification", "visible"),
    [
        ("business", "非涉密", "outsider", "公开", True),
        ("business", "非涉密", "outsider", "内部", False),
        ("business", "非涉密", "owner_unit", "内部", True),
        ("business", "非涉密", "ntk_unit", "内部", True),
        ("business", "非涉密", "office_wide", "内部", False),
        ("business", "非涉密", "owner_person", "秘密", False),
        ("business", "一般", "ntk_unit", "秘密", True),
        ("business", "一般", "owner_person", "机密", False),
        ("business", "重要", "granted", "机密", True),
        ("business", "重要", "owner_unit", "绝密", False),
        ("business", "核心", "ntk_person", "绝密", True),
        ("business", "核心", "outsider", "秘密", False),
        ("security_admin", "非涉密", "", "公开", False),
        ("anonymous", "非涉密", "", "公开", False),
    ],
)
def test_the_truth_table_reads_as_the_specification(kind, clearance, relation, classification, visible):
    assert expected_visible(kind, clearance, relation, classification) is visible


@pytest.mark.parametrize(
    ("clearance", "classification", "visible"),
    [("非涉密", "内部", True), ("非涉密", "秘密", False), ("核心", "秘密", False), ("核心", "公开", True)],
)
def test_an_office_wide_role_knows_every_internal_record_and_no_state_secret(
    clearance, classification, visible
):
    assert (
        expected_visible("business", clearance, "office_wide", classification, knows_all_internal=True)
        is visible
    )


def test_the_truth_table_covers_every_combination():
    rows = [
        expected_visible("business", c, s, k) for c in CLEARANCES for s in SCOPES for k in CLASSIFICATIONS
    ]
    # Everyone sees 公开 (4 × 7 = 28); 内部 the five in-scope relations at every clearance (issue 14: no
    # longer every business person); state secrets: levels covered × the five in-scope relations.
    assert sum(rows) == 28 + 5 * 4 + 5 * (0 + 1 + 2 + 3)
