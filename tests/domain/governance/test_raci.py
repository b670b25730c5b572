"""RACI rules at their boundaries and the `govdx governance check --json` contract."""

from __future__ import annotations

import json

import pytest

from govdx.domain.errors import Invalid
from govdx.domain.governance.raci import (
    Assignment,
    ProjectGovernance,
    RaciRow,
    Responsibility,
    RowProblem,
    check_governance,
    check_raci_row,
    format_assignment,
    parse_assignment,
)

R, A, C, INFORMED = (
    Responsibility.RESPONSIBLE,
    Responsibility.ACCOUNTABLE,
    Responsibility.CONSULTED,
    Responsibility.INFORMED,
)


def row(name: str, **cells: str) -> RaciRow:
    return RaciRow(
        name, tuple(Assignment(person, parse_assignment(text)) for person, text in cells.items())
    )


# --- cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("R", {R}),
        ("a", {A}),
        ("A/R", {A, R}),
        ("R/A", {A, R}),
        ("AR", {A, R}),
        ("R, C", {R, C}),
        ("r;c", {R, C}),
        ("R & I", {R, INFORMED}),
        ("R+C", {R, C}),
        (" accountable and responsible ", {A, R}),
        ("Consulted", {C}),
        ("", set()),
        ("  ", set()),
        ("-", set()),
        ("n/a", set()),
    ],
)
def test_a_cell_reads_letters_words_and_combinations(text, roles):
    assert parse_assignment(text) == frozenset(roles)


@pytest.mark.parametrize("text", ["X", "R/X", "Resp", "R-C", "lead"])
def test_a_cell_that_is_not_a_raci_entry_is_refused(text):
    with pytest.raises(Invalid, match="is not a RACI entry"):
        parse_assignment(text)


def test_a_letter_given_twice_is_refused():
    with pytest.raises(Invalid, match="gives R more than once"):
        parse_assignment("R/Responsible")


def test_parts_are_shown_accountable_first():
    assert format_assignment({R, A}) == "A/R"
    assert format_assignment({INFORMED, C, R}) == "R/C/I"


# --- row rules -------------------------------------------------------------------------------


def test_one_accountable_and_one_responsible_is_sound():
    assert check_raci_row(row("Business case", ana="A", ben="R")) == ()
    assert check_raci_row(row("Business case", ana="A/R")) == ()


def test_two_accountable_is_more_than_one():
    assert check_raci_row(row("Pilot", ana="A", ben="A/R")) == (
        RowProblem.MORE_THAN_ONE_ACCOUNTABLE,
    )


def test_no_accountable_and_no_responsible_are_both_reported():
    assert check_raci_row(row("Pilot", ana="C", ben="I")) == (
        RowProblem.NO_ACCOUNTABLE,
        RowProblem.NO_RESPONSIBLE,
    )
    assert check_raci_row(RaciRow("Empty")) == (
        RowProblem.NO_ACCOUNTABLE,
        RowProblem.NO_RESPONSIBLE,
    )


def test_a_row_refuses_a_person_twice_and_an_entry_without_a_part():
    with pytest.raises(Invalid, match="appears twice"):
        RaciRow("Pilot", (Assignment("ana", frozenset({A})), Assignment("ana", frozenset({R}))))
    with pytest.raises(Invalid, match="gives no part"):
        Assignment("ana", frozenset())


# --- the check -------------------------------------------------------------------------------

DEPARTMENTS = {
    "ana": "Digital",
    "ben": "Revenues",
    "cai": "Benefits",
    "dee": "Finance",
}


def test_the_check_json_contract_is_exact():
    projects = [
        ProjectGovernance(
            "Digital tax",
            "ana",
            ("Revenues", "Benefits", "Finance"),
            (
                row("Business case", ana="A", ben="R"),
                row("Pilot", ana="A", cai="A/R"),
                row("Go-live", ben="C", dee="I"),
            ),
        ),
        ProjectGovernance(
            "Benefits online",
            None,
            ("Benefits",),
            (row("Discovery", ana="A", cai="R"),),
        ),
        ProjectGovernance("Records", "  ", (), ()),
    ]
    check = check_governance(projects, departments=DEPARTMENTS, accountable_limit=2)
    assert check.as_dict() == {
        "projects_without_sro": ["Benefits online", "Records"],
        "raci_problems": [
            {"project": "Digital tax", "row": "Pilot", "problem": "more than one accountable"},
            {"project": "Digital tax", "row": "Go-live", "problem": "no accountable"},
            {"project": "Digital tax", "row": "Go-live", "problem": "no responsible"},
        ],
        "departments_unrepresented": [{"project": "Digital tax", "department": "Finance"}],
        "overloaded_people": [{"person": "ana", "accountable_rows": 3}],
    }
    assert list(json.loads(json.dumps(check.as_dict()))) == [
        "projects_without_sro",
        "raci_problems",
        "departments_unrepresented",
        "overloaded_people",
    ]
    assert check.overloaded_people[0].rows == (
        ("Digital tax", "Business case"),
        ("Digital tax", "Pilot"),
        ("Benefits online", "Discovery"),
    )
    assert not check.ok


def test_a_person_at_the_limit_is_not_overloaded_and_one_row_more_is():
    rows = tuple(row(f"Row {n}", ana="A/R") for n in range(3))
    project = ProjectGovernance("P", "ana", (), rows)
    assert check_governance([project], departments={}, accountable_limit=3).ok
    over = check_governance([project], departments={}, accountable_limit=2)
    assert over.as_dict()["overloaded_people"] == [{"person": "ana", "accountable_rows": 3}]


def test_the_default_limit_is_ten_rows():
    at_limit = ProjectGovernance("P", "ana", (), tuple(row(f"R{n}", ana="A/R") for n in range(10)))
    over = ProjectGovernance("P", "ana", (), tuple(row(f"R{n}", ana="A/R") for n in range(11)))
    assert check_governance([at_limit], departments={}).overloaded_people == ()
    assert check_governance([over], departments={}).overloaded_people[0].accountable_rows == 11


def test_overloaded_people_are_listed_most_rows_first_then_by_name():
    rows = (
        row("1", Zoe="A/R", bob="A/R"),
        row("2", Zoe="A/R", bob="A/R"),
        row("3", amy="A/R", bob="A/R"),
        row("4", amy="A/R"),
    )
    check = check_governance(
        [ProjectGovernance("P", "x", (), rows)], departments={}, accountable_limit=1
    )
    assert [(p.person, p.accountable_rows) for p in check.overloaded_people] == [
        ("bob", 3),
        ("amy", 2),
        ("Zoe", 2),
    ]


def test_a_department_is_represented_only_by_a_responsible_or_consulted_person():
    informed = ProjectGovernance("P", "ana", ("Revenues",), (row("Pilot", ana="A/R", ben="I"),))
    consulted = ProjectGovernance("P", "ana", ("Revenues",), (row("Pilot", ana="A/R", ben="C"),))
    responsible = ProjectGovernance("P", "ana", ("Revenues",), (row("Pilot", ana="A", ben="R"),))
    accountable = ProjectGovernance("P", "ana", ("Revenues",), (row("Pilot", ben="A", ana="R"),))
    check = check_governance
    assert check([informed], departments=DEPARTMENTS).as_dict()["departments_unrepresented"] == [
        {"project": "P", "department": "Revenues"}
    ]
    assert check([consulted], departments=DEPARTMENTS).departments_unrepresented == ()
    assert check([responsible], departments=DEPARTMENTS).departments_unrepresented == ()
    assert len(check([accountable], departments=DEPARTMENTS).departments_unrepresented) == 1


def test_a_person_of_another_project_does_not_represent_a_department():
    first = ProjectGovernance("First", "ana", ("Revenues",), (row("A", ana="A/R", ben="R"),))
    second = ProjectGovernance("Second", "ana", ("Revenues",), (row("A", ana="A/R"),))
    check = check_governance([first, second], departments=DEPARTMENTS)
    assert check.as_dict()["departments_unrepresented"] == [
        {"project": "Second", "department": "Revenues"}
    ]


def test_a_person_without_a_known_department_represents_none():
    project = ProjectGovernance("P", "ana", ("Revenues",), (row("A", ana="A", eve="R"),))
    assert len(check_governance([project], departments=DEPARTMENTS).departments_unrepresented) == 1


def test_a_sound_organisation_passes():
    project = ProjectGovernance("P", "ana", ("Revenues", "Revenues"), (row("A", ana="A", ben="R"),))
    check = check_governance([project], departments=DEPARTMENTS)
    assert check.ok
    assert check.as_dict() == {
        "projects_without_sro": [],
        "raci_problems": [],
        "departments_unrepresented": [],
        "overloaded_people": [],
    }


def test_the_check_refuses_a_limit_below_one_and_a_project_given_twice():
    with pytest.raises(Invalid, match="1 or more"):
        check_governance([], departments={}, accountable_limit=0)
    with pytest.raises(Invalid, match="given twice"):
        check_governance([ProjectGovernance("P", "a"), ProjectGovernance("P", "b")], departments={})


def test_a_project_refuses_two_rows_of_one_name():
    with pytest.raises(Invalid, match="two rows called"):
        ProjectGovernance("P", "a", (), (row("Pilot", a="A/R"), row("pilot ", a="A/R")))
