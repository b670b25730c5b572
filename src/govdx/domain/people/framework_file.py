"""A capability framework read from a spreadsheet (CSV or workbook) in the shape the government
digital and data capability framework publishes it: one row per role, role level and skill,
all or nothing, through `govdx.domain.tabular` (title rows may sit above the headings;
headings match ignoring case, spaces and punctuation).

    framework = read_capability_framework("framework.csv")
    framework.roles, framework.skills

Columns (other headings accepted in brackets):

- `role family` (Job family, Family), `role` (Role title), `role level` (Role grade): the role
  a person holds, such as "Data" / "Data analyst" / "Senior data analyst";
- `skill`, `skill level`: a skill the role needs and the level it needs, one of awareness,
  working, practitioner and expert (`govdx.domain.people.skills`);
- `description` (optional): what the skill at that level means in the role.

Refused, each problem naming its row and the column heading as the file writes it: a blank
required cell, a level that is not one of the four, the same role, role level and skill on two
rows, a role placed in two role families, and a file with no rows below its headings.
"""

from __future__ import annotations

from dataclasses import dataclass

from govdx.domain.people.skills import LEVELS, Level
from govdx.domain.tabular import (
    Column,
    ImportProblems,
    Problem,
    Source,
    choice,
    in_file_order,
    read_table,
)

DEFAULT_FRAMEWORK = "Government digital and data"
"""The framework `govdx people skills import` writes when no --framework is named."""

COLUMNS: tuple[Column, ...] = (
    Column("role_family", "role family", synonyms=("Job family", "Family"), required=True),
    Column("role", "role", synonyms=("Role title",), required=True),
    Column("role_level", "role level", synonyms=("Role grade",), required=True),
    Column("skill", "skill", required=True),
    Column(
        "skill_level", "skill level", parser=choice({lv.key: lv for lv in LEVELS}), required=True
    ),
    Column("description", "description", synonyms=("Skill level description",)),
)
"""The columns of a framework file, in the order `govdx people skills import` documents them."""

_LABELS = {column.key: column.label for column in COLUMNS}


@dataclass(frozen=True)
class FrameworkRow:
    """One requirement: a role at a level needs a skill at a level; the row it came from."""

    row: int
    role_family: str
    role: str
    role_level: str
    skill: str
    level: Level
    description: str = ""

    @property
    def role_key(self) -> tuple[str, str]:
        """The role and its level, folded: how a role is told apart."""
        return (folded(self.role), folded(self.role_level))


@dataclass(frozen=True)
class FrameworkFile:
    """A framework file that passed every check, its rows in file order."""

    rows: tuple[FrameworkRow, ...]
    header_row: int
    ignored_headings: tuple[str, ...] = ()

    @property
    def roles(self) -> tuple[tuple[str, str, str], ...]:
        """Each (role family, role, role level) once, in file order."""
        seen: dict[tuple[str, str], tuple[str, str, str]] = {}
        for row in self.rows:
            seen.setdefault(row.role_key, (row.role_family, row.role, row.role_level))
        return tuple(seen.values())

    @property
    def skills(self) -> tuple[str, ...]:
        """Each skill once, in file order, as first written."""
        seen: dict[str, str] = {}
        for row in self.rows:
            seen.setdefault(folded(row.skill), row.skill)
        return tuple(seen.values())


def folded(text: str) -> str:
    """`text` with case and runs of spaces ignored, to match names."""
    return " ".join(text.split()).casefold()


def read_capability_framework(
    source: Source, *, filename: str | None = None, sheet: str | None = None
) -> FrameworkFile:
    """Read and check a capability framework file (the columns and rules are in the module
    docstring). Raises ImportProblems listing every problem in file order."""
    table = read_table(source, COLUMNS, sheet=sheet, filename=filename)
    if table.header_row is None:
        raise ImportProblems(table.problems)
    checked: list[Problem] = []
    if not table.rows:
        checked.append(Problem(table.header_row, None, "there are no roles below the headings"))
    first_row: dict[tuple[str, str, str], int] = {}
    family_of: dict[str, tuple[str, int]] = {}
    rows: list[FrameworkRow] = []
    for parsed in table.rows:
        values = parsed.values
        texts = [values[key] for key in ("role_family", "role", "role_level", "skill")]
        if parsed.problems or not all(isinstance(text, str) for text in texts):
            continue
        family, role, role_level, skill = (" ".join(str(text).split()) for text in texts)
        level = values["skill_level"]
        if not isinstance(level, Level):
            continue
        key = (folded(role), folded(role_level), folded(skill))
        first = first_row.setdefault(key, parsed.number)
        if first != parsed.number:
            checked.append(
                Problem(
                    parsed.number,
                    table.heading("skill", _LABELS["skill"]),
                    f"\u201c{skill}\u201d is already given for {role} ({role_level}) on row "
                    f"{first}; give each skill once per role level",
                )
            )
            continue
        known_family, family_row = family_of.setdefault(folded(role), (family, parsed.number))
        if folded(known_family) != folded(family):
            checked.append(
                Problem(
                    parsed.number,
                    table.heading("role_family", _LABELS["role_family"]),
                    f"{role} is in the role family \u201c{known_family}\u201d on row "
                    f"{family_row}; a role belongs to one role family",
                )
            )
            continue
        description = values["description"]
        rows.append(
            FrameworkRow(
                parsed.number,
                known_family,
                role,
                role_level,
                skill,
                level,
                description if isinstance(description, str) else "",
            )
        )
    if table.problems or checked:
        raise ImportProblems(in_file_order(table.problems, checked, list(table.headings.values())))
    return FrameworkFile(tuple(rows), table.header_row, table.ignored_headings)


__all__ = [
    "COLUMNS",
    "DEFAULT_FRAMEWORK",
    "FrameworkFile",
    "FrameworkRow",
    "folded",
    "read_capability_framework",
]
