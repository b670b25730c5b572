"""Fixtures for the people tests: people groups in the shared organisation, survey files
written as survey tools export them, and a project with a go-live milestone."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from govdx.core.permissions import SYSTEM
from govdx.people import services
from govdx.people.models import PeopleGroup, SkillsFramework
from govdx.programme.models import Project
from tests.factories import PersonFactory, ProjectFactory
from tests.programme.conftest import PLAN_ROWS, START, write_csv

HEADINGS = ["respondent", "group", "awareness", "desire", "knowledge", "ability", "reinforcement"]
FINANCE = "Finance / Finance officers"
HIGHWAYS = "Highways / Inspectors"

# Finance: r1 ready, r2 barrier at knowledge, r3 ready. Highways: r4 barrier at awareness.
ROWS: list[list[Any]] = [
    ["r1", FINANCE, 5, 4, 4, 5, 4],
    ["r2", FINANCE, 4, 4, 3, 5, 5],
    ["r3", "finance/finance OFFICERS", 4, 5, 4, 4, 4],
    ["r4", HIGHWAYS, 2, 5, 5, 5, 5],
]


def write_survey(
    path: Path, rows: Sequence[Sequence[Any]], headings: Sequence[str] = HEADINGS
) -> Path:
    if path.suffix == ".xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Readiness survey export"])  # a title row above the headings
        sheet.append(list(headings))
        for row in rows:
            sheet.append(list(row))
        workbook.save(path)
        return path
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headings)
        writer.writerows(rows)
    return path


@pytest.fixture
def groups(org: dict[str, Any]) -> dict[str, PeopleGroup]:
    """Finance officers (inside Resources) and Highways inspectors (inside Place)."""
    return {
        "finance": services.people_group_create(
            data={"department": org["finance"], "role_family": "Finance officers",
                  "headcount": 12},
            user=SYSTEM,
        ),
        "highways": services.people_group_create(
            data={"department": org["highways"], "role_family": "Inspectors", "headcount": 8},
            user=SYSTEM,
        ),
    }  # fmt: skip


@pytest.fixture
def survey_file(tmp_path: Path) -> Callable[..., Path]:
    """`survey_file(rows, name=...)`: a survey file in the test's folder."""

    def make(rows: Sequence[Sequence[Any]] = ROWS, name: str = "survey.csv", **kw: Any) -> Path:
        return write_survey(tmp_path / name, rows, **kw)

    return make


@pytest.fixture
def import_survey(groups: dict[str, PeopleGroup], survey_file: Callable[..., Path]) -> Any:
    """`import_survey(rows, survey=...)`: import as the system; the result."""

    def make(rows: Sequence[Sequence[Any]] = ROWS, *, survey: str = "Before training",
             **options: Any) -> Any:  # fmt: skip
        path = survey_file(rows, name=f"{survey}.csv")
        options.setdefault("user", SYSTEM)
        return services.readiness_import(path, survey_name=survey, **options)

    return make


@pytest.fixture
def go_live(org: dict[str, Any], tmp_path: Path) -> Any:
    """The milestone "M Go live" of a Finance project with a plan."""
    from govdx.programme import services as programme_services

    project: Project = ProjectFactory(
        name="Finance system replacement", department=org["finance"], start_date=START
    )
    programme_services.plan_import(
        write_csv(tmp_path / "plan.csv", PLAN_ROWS), project_name=project.name, user=SYSTEM
    )
    return project.activities.get(code="M")


FRAMEWORK_HEADINGS = ["role family", "role", "role level", "skill", "skill level", "description"]
FRAMEWORK_ROWS: list[list[Any]] = [
    ["Data", "Data analyst", "Data analyst", "Data visualisation", "practitioner", "Dashboards"],
    ["Data", "Data analyst", "Data analyst", "Statistical methods", "working", ""],
    ["User-centred design", "User researcher", "Senior user researcher", "User research",
     "expert", "Leads research"],
]  # fmt: skip


@pytest.fixture
def framework_file(tmp_path: Path) -> Callable[..., Path]:
    """`framework_file(rows, name=...)`: a capability framework file in the test's folder."""

    def make(rows: Sequence[Sequence[Any]] = FRAMEWORK_ROWS, name: str = "framework.csv") -> Path:
        return write_survey(tmp_path / name, rows, FRAMEWORK_HEADINGS)

    return make


@pytest.fixture
def framework(framework_file: Callable[..., Path]) -> Any:
    """The framework "Digital and data" imported from FRAMEWORK_ROWS, as the system."""
    services.framework_import(framework_file(), framework_name="Digital and data", user=SYSTEM)
    return SkillsFramework.objects.get()


@pytest.fixture
def staff(org: dict[str, Any], framework: Any) -> dict[str, Any]:
    """A Finance data analyst short in data visualisation (working, needs practitioner) and
    never assessed in statistical methods; a Highways data analyst who meets both."""
    analyst = framework.roles.get(name="Data analyst")
    skills = {skill.name: skill for skill in framework.skills.all()}
    people = {
        "finance": PersonFactory(full_name="Ada Finance", department=org["finance"]),
        "highways": PersonFactory(full_name="Ben Highways", department=org["highways"]),
    }
    for person in people.values():
        services.staff_role_create(data={"person": person, "role": analyst}, user=SYSTEM)
    assessed = [
        ("finance", "Data visualisation", 2),
        ("highways", "Data visualisation", 4),
        ("highways", "Statistical methods", 2),
    ]
    for key, skill, level in assessed:
        services.skill_assessment_create(
            data={"person": people[key], "skill": skills[skill], "level": level,
                  "assessed_on": START, "assessor": people["highways"]},
            user=SYSTEM,
        )  # fmt: skip
    return {**people, "skills": skills, "analyst": analyst}


PULSE_HEADINGS = ["respondent", "group", "I feel informed about the changes",
                  "I have the tools I need", "comment"]  # fmt: skip
# Finance: 5 respondents (shown, exactly the minimum); Highways: 2 (too few to show).
PULSE_ROWS: list[list[Any]] = [
    ["p1", FINANCE, 4, 5, "More training please"],
    ["p2", FINANCE, 5, 4, ""],
    ["p3", FINANCE, 3, 2, "The new system is slow"],
    ["p4", FINANCE, 4, 4, ""],
    ["p5", FINANCE, 2, 3, ""],
    ["p6", HIGHWAYS, 1, 1, "Nobody asked us"],
    ["p7", HIGHWAYS, 2, 2, ""],
]


@pytest.fixture
def pulse_file(tmp_path: Path) -> Callable[..., Path]:
    """`pulse_file(rows, name=..., headings=...)`: a pulse file in the test's folder."""

    def make(rows: Sequence[Sequence[Any]] = PULSE_ROWS, name: str = "pulse.csv",
             headings: Sequence[str] = PULSE_HEADINGS) -> Path:  # fmt: skip
        return write_survey(tmp_path / name, rows, headings)

    return make


@pytest.fixture
def import_pulse(groups: dict[str, PeopleGroup], pulse_file: Callable[..., Path]) -> Any:
    """`import_pulse(rows, pulse=...)`: import as the system; the result."""

    def make(rows: Sequence[Sequence[Any]] = PULSE_ROWS, *, pulse: str = "Spring pulse",
             **options: Any) -> Any:  # fmt: skip
        path = pulse_file(rows, name=f"{pulse}.csv")
        options.setdefault("user", SYSTEM)
        return services.pulse_import(path, pulse_name=pulse, **options)

    return make
