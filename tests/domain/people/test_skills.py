"""Skill gaps against a capability framework: a person's gap per skill their role needs, and
the gap per department and skill for the heat map, at their boundaries."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from govdx.domain.people.skills import (
    Level,
    StaffSkills,
    level_named,
    map_gaps,
    skill_gaps,
)

RESEARCH, DATA = "User research", "Data visualisation"


def test_the_four_levels_rank_awareness_working_practitioner_expert():
    assert [level.label for level in sorted(Level)] == [
        "Awareness", "Working", "Practitioner", "Expert",
    ]  # fmt: skip
    assert level_named(" Practitioner ") is Level.PRACTITIONER
    assert level_named("master") is None


def test_a_gap_is_the_levels_short_of_the_level_needed_and_never_below_zero():
    gaps = skill_gaps(
        {RESEARCH: Level.PRACTITIONER, DATA: Level.WORKING},
        {RESEARCH: Level.WORKING, DATA: Level.EXPERT, "Not needed": Level.EXPERT},
    )
    assert [(g.skill, g.gap, g.met) for g in gaps] == [(RESEARCH, 1, False), (DATA, 0, True)]


def test_a_skill_never_assessed_is_short_by_the_whole_level_needed():
    (gap,) = skill_gaps({RESEARCH: Level.EXPERT}, {})
    assert gap.assessed is None
    assert gap.gap == 4


def test_the_heat_map_counts_people_short_and_their_mean_gap_per_department_and_skill():
    needs = {RESEARCH: Level.PRACTITIONER}
    staff = [
        StaffSkills("Finance", needs, {RESEARCH: Level.PRACTITIONER}),
        StaffSkills("Finance", needs, {RESEARCH: Level.AWARENESS}),
        StaffSkills("Finance", needs, {}),
        StaffSkills("Highways", {DATA: Level.WORKING}, {DATA: Level.WORKING}),
    ]
    shown = map_gaps(staff)
    assert shown.departments == ("Finance", "Highways")
    assert shown.skills == (DATA, RESEARCH)
    cell = shown.cell("Finance", RESEARCH)
    assert cell is not None
    assert (cell.people, cell.short, cell.total_gap) == (3, 2, 5)
    assert cell.mean_gap == Decimal("1.67")
    assert cell.band == "high"
    assert cell.text == "2 of 3 short, mean gap 1.67"
    assert shown.cell("Finance", DATA) is None
    assert shown.as_dict()["Highways"] == {
        DATA: {"people": 1, "short": 0, "mean_gap": 0.0, "band": "none"}
    }


def test_the_band_turns_at_a_third_and_two_thirds_of_the_people_short():
    needs = {RESEARCH: Level.WORKING}

    def band(short: int, people: int) -> str:
        staff = [StaffSkills("D", needs, {} if i < short else needs) for i in range(people)]
        cell = map_gaps(staff).cell("D", RESEARCH)
        assert cell is not None
        return cell.band

    assert [band(0, 3), band(1, 4), band(1, 3), band(2, 4), band(2, 3)] == [
        "none", "low", "medium", "medium", "high",
    ]  # fmt: skip


def test_the_mean_gap_rounds_half_to_even_from_the_exact_sum():
    needs = {RESEARCH: Level.WORKING}
    # gaps 2, 0, 0, 0, 0, 0, 0, 0 over 8: 0.25 exactly; 1 of 8: 0.125 -> 0.12
    staff = [StaffSkills("D", needs, {RESEARCH: Level.AWARENESS})] + [
        StaffSkills("D", needs, needs) for _ in range(7)
    ]
    cell = map_gaps(staff).cell("D", RESEARCH)
    assert cell is not None
    assert cell.mean_gap == Decimal("0.12")


levels = st.sampled_from(list(Level))


@given(required=levels, assessed=st.none() | levels)
def test_a_gap_is_zero_exactly_when_the_assessed_level_reaches_the_one_needed(required, assessed):
    (gap,) = skill_gaps({RESEARCH: required}, {RESEARCH: assessed} if assessed else {})
    assert 0 <= gap.gap <= 4
    assert gap.met is (assessed is not None and assessed >= required)
