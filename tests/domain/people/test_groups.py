"""People groups by name: "Department / Role family", matched ignoring case and spacing."""

from __future__ import annotations

from govdx.domain.people.groups import group_key, group_name, match_group


def test_a_group_is_named_by_its_department_and_role_family():
    assert group_name("Revenues and Benefits", "Benefits assessors") == (
        "Revenues and Benefits / Benefits assessors"
    )


def test_a_group_name_is_written_with_single_spaces():
    assert group_name(" Revenues  and Benefits ", "Benefits\tassessors") == (
        "Revenues and Benefits / Benefits assessors"
    )


def test_a_name_matches_its_group_ignoring_case_spacing_and_the_spaces_around_the_slash():
    known = {group_key("Revenues and Benefits / Benefits assessors"): "group 1"}
    for written in (
        "Revenues and Benefits / Benefits assessors",
        "revenues and benefits/benefits assessors",
        "  REVENUES  and benefits  /   Benefits Assessors ",
    ):
        assert match_group(written, known) == "group 1"


def test_a_name_matching_no_group_matches_nothing():
    known = {group_key("Revenues and Benefits / Benefits assessors"): "group 1"}
    assert match_group("Revenues and Benefits", known) is None
    assert match_group("Revenues and Benefits / Council tax officers", known) is None
