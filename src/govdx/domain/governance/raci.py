"""Roles defined: RACI grids and the governance check that `govdx governance check` prints.

A RACI grid (a responsibility assignment matrix) has a row per deliverable or workstream and a
column per person; each cell gives the person's part in the row: Responsible (does the work),
Accountable (answers for it and signs it off), Consulted (asked before), Informed (told after),
or a combination such as "A/R". The rules, govdx issue 6:

- each row has exactly one Accountable (`no accountable`, `more than one accountable`) and at
  least one Responsible (`no responsible`);
- every project has a senior responsible owner;
- every department a project impacts has a named person in that project's RACI as R or C;
- no person is Accountable for more rows than a limit (`DEFAULT_ACCOUNTABLE_LIMIT` unless the
  organisation sets its own): a person at the limit is not overloaded, one row more is.

People are named by one key throughout (a name, an email or an id, as the caller resolves
them), compared exactly; so are departments. The check keeps the order it is given: projects
as passed, rows in grid order, departments in each project's order; overloaded people with the
most accountable rows first, then by name ignoring case.

    row = RaciRow("Business case", (Assignment("Ana", parse_assignment("A/R")),))
    check_raci_row(row)                                 # ()
    check_governance(projects, departments=people_departments).as_dict()
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from govdx.domain.errors import Invalid

DEFAULT_ACCOUNTABLE_LIMIT = 10
"""How many rows one person may be Accountable for across the projects checked, unless the
organisation sets its own limit: govdx's default, not a published figure."""


class Responsibility(StrEnum):
    """A person's part in a RACI row."""

    RESPONSIBLE = "R"
    ACCOUNTABLE = "A"
    CONSULTED = "C"
    INFORMED = "I"

    @property
    def label(self) -> str:
        return RESPONSIBILITY_LABELS[self]


RESPONSIBILITY_LABELS: dict[Responsibility, str] = {
    Responsibility.RESPONSIBLE: "Responsible",
    Responsibility.ACCOUNTABLE: "Accountable",
    Responsibility.CONSULTED: "Consulted",
    Responsibility.INFORMED: "Informed",
}

_DISPLAY_ORDER = (
    Responsibility.ACCOUNTABLE,
    Responsibility.RESPONSIBLE,
    Responsibility.CONSULTED,
    Responsibility.INFORMED,
)
_WORDS = {label.casefold(): role for role, label in RESPONSIBILITY_LABELS.items()}
_LETTERS = {role.value.casefold(): role for role in Responsibility}
# Between the parts of a cell: slashes, commas, semicolons, plus signs, ampersands, spaces and
# the word "and" ("A/R", "R, C", "R & C", "Responsible and accountable").
_SEPARATORS = re.compile(r"(?:[/,;+&\s]|\band\b)+", re.IGNORECASE)
_NOTHING = frozenset({"-", "\u2013", "\u2014", "n/a", "na", "none"})
_HELP = (
    "write R, A, C or I, or a combination such as \u201cA/R\u201d or \u201cR, C\u201d "
    "(Responsible, Accountable, Consulted, Informed)"
)


def parse_assignment(text: str) -> frozenset[Responsibility]:
    """A RACI cell's parts, ignoring case and spaces: letters ("R", "a"), runs of letters
    ("AR"), whole words ("Accountable") and combinations of them separated by "/", ",", ";",
    "+", "&", spaces or "and" ("A/R", "R, C", "R & C"). A blank cell, a dash, "n/a" or "none"
    give no part. Raises Invalid for anything else, and for a part given twice."""
    stripped = text.strip()
    if not stripped or stripped.casefold() in _NOTHING:
        return frozenset()
    found: list[Responsibility] = []
    for token in _SEPARATORS.split(stripped):
        if not token:
            continue
        folded = token.casefold()
        if folded in _WORDS:
            found.append(_WORDS[folded])
        elif all(letter in _LETTERS for letter in folded):
            found.extend(_LETTERS[letter] for letter in folded)
        else:
            raise Invalid(f"\u201c{stripped}\u201d is not a RACI entry; {_HELP}")
    repeated = sorted({role.value for role in found if found.count(role) > 1})
    if repeated:
        raise Invalid(
            f"\u201c{stripped}\u201d gives {' and '.join(repeated)} more than once; give each "
            "letter once"
        )
    return frozenset(found)


def format_assignment(roles: Iterable[Responsibility]) -> str:
    """The parts as a cell shows them, Accountable first: "A/R", "R/C", "I"."""
    given = set(roles)
    return "/".join(role.value for role in _DISPLAY_ORDER if role in given)


@dataclass(frozen=True)
class Assignment:
    """One person's part in one row."""

    person: str
    roles: frozenset[Responsibility]

    def __post_init__(self) -> None:
        if not self.person.strip():
            raise Invalid("A RACI entry needs a person.", {"person": ["Give one."]})
        if not self.roles:
            raise Invalid(
                f"The RACI entry of {self.person} gives no part; leave the person out instead.",
                {"roles": ["Give R, A, C or I."]},
            )


@dataclass(frozen=True)
class RaciRow:
    """A deliverable or workstream and who does what in it, each person at most once."""

    name: str
    assignments: tuple[Assignment, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise Invalid("A RACI row needs a name.", {"name": ["Give one."]})
        seen: set[str] = set()
        for assignment in self.assignments:
            if assignment.person in seen:
                raise Invalid(
                    f"{assignment.person} appears twice in the RACI row {self.name}; give "
                    "them one entry, such as \u201cA/R\u201d."
                )
            seen.add(assignment.person)

    def people(self, role: Responsibility) -> tuple[str, ...]:
        """The people holding `role` in this row, in grid order."""
        return tuple(a.person for a in self.assignments if role in a.roles)

    @property
    def accountable(self) -> tuple[str, ...]:
        return self.people(Responsibility.ACCOUNTABLE)

    @property
    def responsible(self) -> tuple[str, ...]:
        return self.people(Responsibility.RESPONSIBLE)


class RowProblem(StrEnum):
    """What a RACI row lacks; the value is the `problem` of `govdx governance check --json`."""

    NO_ACCOUNTABLE = "no accountable"
    MORE_THAN_ONE_ACCOUNTABLE = "more than one accountable"
    NO_RESPONSIBLE = "no responsible"


def check_raci_row(row: RaciRow) -> tuple[RowProblem, ...]:
    """The row's problems: exactly one Accountable, then at least one Responsible."""
    problems: list[RowProblem] = []
    accountable = len(row.accountable)
    if accountable == 0:
        problems.append(RowProblem.NO_ACCOUNTABLE)
    elif accountable > 1:
        problems.append(RowProblem.MORE_THAN_ONE_ACCOUNTABLE)
    if not row.responsible:
        problems.append(RowProblem.NO_RESPONSIBLE)
    return tuple(problems)


# --- the governance check --------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectGovernance:
    """What the check needs of a project: its senior responsible owner (None or blank when
    there is none), the departments it impacts and its RACI grid. Row names are unique,
    ignoring case."""

    name: str
    senior_responsible_owner: str | None
    impacted_departments: tuple[str, ...] = ()
    raci: tuple[RaciRow, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise Invalid("A project needs a name.", {"name": ["Give one."]})
        seen: set[str] = set()
        for row in self.raci:
            folded = row.name.strip().casefold()
            if folded in seen:
                raise Invalid(
                    f"The RACI of {self.name} has two rows called {row.name}; give each row "
                    "its own name."
                )
            seen.add(folded)

    @property
    def has_senior_responsible_owner(self) -> bool:
        owner = self.senior_responsible_owner
        return owner is not None and bool(owner.strip())


@dataclass(frozen=True)
class RaciProblem:
    project: str
    row: str
    problem: RowProblem

    def as_dict(self) -> dict[str, str]:
        return {"project": self.project, "row": self.row, "problem": self.problem.value}


@dataclass(frozen=True)
class UnrepresentedDepartment:
    project: str
    department: str

    def as_dict(self) -> dict[str, str]:
        return {"project": self.project, "department": self.department}


@dataclass(frozen=True)
class OverloadedPerson:
    """A person Accountable for more rows than the limit; `rows` are (project, row), so a page
    can show which."""

    person: str
    accountable_rows: int
    rows: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str | int]:
        return {"person": self.person, "accountable_rows": self.accountable_rows}


@dataclass(frozen=True)
class GovernanceCheck:
    """Everything the check found, and the limit it used."""

    projects_without_sro: tuple[str, ...]
    raci_problems: tuple[RaciProblem, ...]
    departments_unrepresented: tuple[UnrepresentedDepartment, ...]
    overloaded_people: tuple[OverloadedPerson, ...]
    accountable_limit: int = DEFAULT_ACCOUNTABLE_LIMIT

    @property
    def ok(self) -> bool:
        return not (
            self.projects_without_sro
            or self.raci_problems
            or self.departments_unrepresented
            or self.overloaded_people
        )

    def as_dict(self) -> dict[str, list[object]]:
        """The `govdx governance check --json` object, keys in the order the contract lists
        them."""
        return {
            "projects_without_sro": list(self.projects_without_sro),
            "raci_problems": [problem.as_dict() for problem in self.raci_problems],
            "departments_unrepresented": [
                department.as_dict() for department in self.departments_unrepresented
            ],
            "overloaded_people": [person.as_dict() for person in self.overloaded_people],
        }


def check_governance(
    projects: Iterable[ProjectGovernance],
    *,
    departments: Mapping[str, str],
    accountable_limit: int = DEFAULT_ACCOUNTABLE_LIMIT,
) -> GovernanceCheck:
    """Check the rules (module docstring) over `projects`; `departments` maps each person to
    their department. Accountable rows are counted across all the projects given, so checking
    one project counts that project's rows only. Raises Invalid for a limit below 1 or two
    projects with one name."""
    if isinstance(accountable_limit, bool) or accountable_limit < 1:
        raise Invalid(
            f"The limit of accountable rows is a whole number of 1 or more, not "
            f"{accountable_limit}.",
            {"accountable_limit": ["Give 1 or more."]},
        )
    without_sro: list[str] = []
    raci_problems: list[RaciProblem] = []
    unrepresented: list[UnrepresentedDepartment] = []
    accountable_for: dict[str, list[tuple[str, str]]] = {}
    names: set[str] = set()
    for project in projects:
        if project.name in names:
            raise Invalid(f"The project {project.name} is given twice; give each project once.")
        names.add(project.name)
        if not project.has_senior_responsible_owner:
            without_sro.append(project.name)
        represented: set[str] = set()
        for row in project.raci:
            raci_problems.extend(
                RaciProblem(project.name, row.name, problem) for problem in check_raci_row(row)
            )
            for person in row.accountable:
                accountable_for.setdefault(person, []).append((project.name, row.name))
            for assignment in row.assignments:
                if assignment.roles & {Responsibility.RESPONSIBLE, Responsibility.CONSULTED}:
                    department = departments.get(assignment.person)
                    if department is not None:
                        represented.add(department)
        for department in dict.fromkeys(project.impacted_departments):
            if department not in represented:
                unrepresented.append(UnrepresentedDepartment(project.name, department))
    overloaded = sorted(
        (
            OverloadedPerson(person, len(rows), tuple(rows))
            for person, rows in accountable_for.items()
            if len(rows) > accountable_limit
        ),
        key=lambda person: (-person.accountable_rows, person.person.casefold(), person.person),
    )
    return GovernanceCheck(
        tuple(without_sro),
        tuple(raci_problems),
        tuple(unrepresented),
        tuple(overloaded),
        accountable_limit,
    )


__all__ = [
    "DEFAULT_ACCOUNTABLE_LIMIT",
    "RESPONSIBILITY_LABELS",
    "Assignment",
    "GovernanceCheck",
    "OverloadedPerson",
    "ProjectGovernance",
    "RaciProblem",
    "RaciRow",
    "Responsibility",
    "RowProblem",
    "UnrepresentedDepartment",
    "check_governance",
    "check_raci_row",
    "format_assignment",
    "parse_assignment",
]
