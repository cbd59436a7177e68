"""The directory in the access matrix: a person's clearance level shows only to the security
administrator and to that person, on every page and API route; the records themselves follow the
directory's scope (business people and the system and security administrators, not the auditor)."""

import pytest

from zhongshu.base.levels import Clearance
from zhongshu.testing.access import MatrixFailure, Population, Route, check_field
from zhongshu.testing.factories import make_person, make_unit

READERS = {"self", "business", "system_admin", "security_admin"}
NOBODY: frozenset[str] = frozenset()


def alone_in_a_unit(person):
    """Give the subject a unit and a name of its own, so that listings and searches show it alone."""
    person.unit = make_unit("矩阵独立单位")
    person.name = "单田芳"
    person.title = "机要科长"
    person.save()
    return person


def test_a_persons_clearance_shows_only_to_the_security_admin_and_to_that_person(db):
    population = Population()
    person = alone_in_a_unit(population.viewer("核心/outsider").person)  # a viewer: "self" signs in
    check_field(
        field_name="clearance",
        subject=lambda _: person,
        population=population,
        routes=[
            Route("card", "/org/people/{pk}/", marker='data-field="clearance"'),
            Route("api person", "/api/org/people/{pk}", marker='"clearance"'),
            Route("api search", "/api/org/people?q=stf", marker='"clearance"'),
            Route("api unit", f"/api/org/units/{person.unit_id}", marker='"clearance"'),
            Route("directory search", "/org/?q=stf", marker="涉密等级", field_audience=NOBODY),
            Route("unit page", f"/org/units/{person.unit_id}/", marker="涉密等级", field_audience=NOBODY),
        ],
        field_visible_to={"self", "security_admin"},
        record_visible_to=READERS,
    )


def test_a_person_who_is_not_signed_in_is_shown_to_the_security_admin_only(db):
    population = Population()
    other = alone_in_a_unit(make_person("曾国藩", clearance=Clearance.IMPORTANT))
    check_field(
        field_name="clearance",
        subject=lambda _: other,
        population=population,
        routes=[
            Route("card", "/org/people/{pk}/", marker='data-field="clearance"'),
            Route("api search", "/api/org/people?q=stf", marker='"clearance"'),
        ],
        field_visible_to={"security_admin"},
        record_visible_to=READERS,
    )


def test_the_field_check_catches_a_route_that_shows_the_field_too_widely(db):
    population = Population()
    person = alone_in_a_unit(population.viewer("一般/outsider").person)
    with pytest.raises(MatrixFailure) as caught:
        check_field(
            field_name="clearance",
            subject=lambda _: person,
            population=population,
            # Claim the card shows it to nobody: it shows it to self and the security admin.
            routes=[
                Route("card", "/org/people/{pk}/", marker='data-field="clearance"', field_audience=NOBODY)
            ],
            field_visible_to={"self", "security_admin"},
            record_visible_to=READERS,
        )
    assert caught.value.failures == [
        f"viewer 一般/outsider, clearance of org.Person pk {person.pk}, route card /org/people/{person.pk}/: "
        "LEAK: the field shows (200)",
        f"viewer security_admin, clearance of org.Person pk {person.pk}, route card /org/people/{person.pk}/: "
        "LEAK: the field shows (200)",
    ]
