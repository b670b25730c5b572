"""Reads governance's pages, API and command line share: boards and what they hold, with the
rule on restricted papers; RACI grids and the governance check; maturity assessments read
against their model.

The rules and figures come from `govdx.domain.governance`: the RACI rules and the check
(`raci.check_governance`), and maturity scoring, spread and trend (`maturity`). This module
reads the records, hands them over and maps the answers back to records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from govdx.core.permissions import is_administrator, visible
from govdx.domain.errors import Invalid
from govdx.domain.governance import maturity as kernel
from govdx.domain.governance import strategy
from govdx.domain.governance.access import subtree
from govdx.domain.governance.raci import (
    DEFAULT_ACCOUNTABLE_LIMIT,
    Assignment,
    GovernanceCheck,
    ProjectGovernance,
    RowProblem,
    check_governance,
    check_raci_row,
    parse_assignment,
)
from govdx.domain.governance.raci import (
    RaciRow as KernelRow,
)
from govdx.governance.models import (
    Board,
    BoardAction,
    Decision,
    KeyPerformanceIndicator,
    KpiActual,
    MaturityAssessment,
    MaturityScore,
    Meeting,
    Membership,
    Objective,
    Paper,
    RaciAssignment,
    RaciRow,
)
from govdx.org.models import Department, Person
from govdx.people.models import ChangeImpact
from govdx.programme.models import Project

# --- boards, meetings and papers -------------------------------------------------------------


def board_list() -> QuerySet[Board]:
    return (
        Board.objects.select_related("department")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def board_get(pk: int) -> Board:
    return Board.objects.select_related("department").get(pk=pk)


def memberships_of(board: Board) -> QuerySet[Membership]:
    return board.memberships.select_related("person__department").order_by(
        "role", "person__full_name"
    )


def boards_of(user: Any) -> frozenset[int]:
    """The boards on which the user's person sits."""
    if user is None or getattr(user, "pk", None) is None:
        return frozenset()
    return frozenset(
        Membership.objects.filter(person__user_id=user.pk).values_list("board_id", flat=True)
    )


def papers_visible(user: Any, queryset: QuerySet[Paper]) -> QuerySet[Paper]:
    """The papers of `queryset` the user may read: those the access rule lets them read, less
    restricted papers of boards they do not sit on (organisation-wide administrators, who
    see every record, excepted)."""
    readable = visible(user, queryset)
    if is_administrator(user):
        return readable
    return readable.filter(Q(restricted=False) | Q(meeting__board_id__in=boards_of(user)))


def paper_readable(user: Any, paper: Paper) -> bool:
    """May the user read `paper` (its page, its file, its API entry)?"""
    return papers_visible(user, Paper.objects.filter(pk=paper.pk)).exists()


def paper_list() -> QuerySet[Paper]:
    return (
        Paper.objects.select_related("meeting__board")
        .defer("content")
        .order_by("-meeting__held_on", "title")
    )


def paper_get(pk: int) -> Paper:
    return Paper.objects.select_related("meeting__board").get(pk=pk)


def meeting_list() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("board").order_by("-held_on", "board__name")


def meeting_get(pk: int) -> Meeting:
    return Meeting.objects.select_related("board").get(pk=pk)


def meetings_of(board: Board, user: Any) -> list[Meeting]:
    """The board's meetings, newest first, each with the papers the user may read."""
    papers = papers_visible(user, paper_list())
    return list(
        board.meetings.order_by("-held_on").prefetch_related(
            Prefetch("papers", queryset=papers, to_attr="shown_papers")
        )
    )


def decision_list() -> QuerySet[Decision]:
    return Decision.objects.select_related("board", "meeting").order_by("-decided_on", "title")


def decision_get(pk: int) -> Decision:
    return Decision.objects.select_related("board", "meeting").get(pk=pk)


def action_list() -> QuerySet[BoardAction]:
    return BoardAction.objects.select_related("board", "owner", "decision").order_by("due_on", "pk")


def action_get(pk: int) -> BoardAction:
    return action_list().get(pk=pk)


def overdue_actions(queryset: QuerySet[BoardAction], on: datetime.date) -> QuerySet[BoardAction]:
    """Open actions due before `on`."""
    return queryset.filter(completed_on__isnull=True, due_on__lt=on)


# --- RACI ------------------------------------------------------------------------------------


def accountable_limit() -> int:
    """The organisation's limit of accountable rows per person (GOVDX_RACI_ACCOUNTABLE_LIMIT)."""
    return int(getattr(settings, "GOVDX_RACI_ACCOUNTABLE_LIMIT", DEFAULT_ACCOUNTABLE_LIMIT))


@dataclass
class GridRow:
    row: RaciRow
    cells: list[tuple[Person, str]]
    problems: tuple[RowProblem, ...] = ()


@dataclass
class RaciGrid:
    """A project's grid as a page draws it: rows in order, people as columns (those with a
    part anywhere, by name), each cell the person's part ("" for none)."""

    project: Project
    people: list[Person]
    rows: list[GridRow] = field(default_factory=list)


def raci_rows_of(project: Project) -> list[RaciRow]:
    return list(
        project.raci_rows.order_by("position", "pk").prefetch_related(
            Prefetch(
                "assignments",
                queryset=RaciAssignment.objects.select_related("person__department"),
            )
        )
    )


def raci_grid(project: Project) -> RaciGrid:
    rows = raci_rows_of(project)
    people = sorted(
        {a.person for row in rows for a in row.assignments.all()},
        key=lambda person: (person.full_name.casefold(), person.pk),
    )
    grid = RaciGrid(project, people)
    for row in rows:
        parts = {a.person_id: a.roles for a in row.assignments.all()}
        grid.rows.append(
            GridRow(
                row,
                [(person, parts.get(person.pk, "")) for person in people],
                check_raci_row(_kernel_row(row.name, parts, {p.pk: str(p.pk) for p in people})),
            )
        )
    return grid


def _kernel_row(name: str, parts: dict[int, str], keys: dict[int, str]) -> KernelRow:
    return KernelRow(
        name,
        tuple(
            Assignment(keys[person], parse_assignment(text))
            for person, text in parts.items()
            if text
        ),
    )


def raci_rows_checked(
    grid: Sequence[tuple[str, dict[Person, str]]], people: Sequence[Person]
) -> list[dict[str, Any]]:
    """A grid as a form posted it, not yet saved, row by row with its problems: a cell that is
    not a RACI entry, a row without a name, and the RACI rules (`check_raci_row`)."""
    rows = []
    for name, cells in grid:
        problems: list[str] = []
        assignments = []
        for person, text in cells.items():
            try:
                parts = parse_assignment(text)
            except Invalid as error:
                problems.append(f"{person}: {error.message}")
                continue
            if parts:
                assignments.append(Assignment(str(person.pk), parts))
        if name:
            problems += [p.value for p in check_raci_row(KernelRow(name, tuple(assignments)))]
        else:
            problems.append("give the row a name")
        rows.append(
            {"name": name, "cells": [(p, cells.get(p, "")) for p in people], "problems": problems}
        )
    return rows


def impacted_departments(projects: Sequence[Project]) -> dict[int, list[Department]]:
    """Per project, the departments it impacts: those with a people group it impacts to any
    degree but "none" (the people module's change impact)."""
    found: dict[int, list[Department]] = {project.pk: [] for project in projects}
    rows = (
        ChangeImpact.objects.filter(project__in=[p.pk for p in projects])
        .exclude(degree="none")
        .select_related("group__department")
        .order_by("group__department__name")
    )
    for row in rows:
        department = row.group.department
        if department not in found[row.project_id]:
            found[row.project_id].append(department)
    return found


def person_labels(people: Iterable[Person]) -> dict[int, str]:
    """Each person's name as the check reports it; two people of one name get their email."""
    people = list(dict.fromkeys(people))
    counts: dict[str, int] = {}
    for person in people:
        counts[person.full_name] = counts.get(person.full_name, 0) + 1
    return {
        person.pk: person.full_name
        if counts[person.full_name] == 1
        else f"{person.full_name} ({person.email or person.staff_number or person.pk})"
        for person in people
    }


def _represented_in(department: Department, parents: dict[int, int | None]) -> frozenset[int]:
    return subtree(department.pk, parents)


def governance_check(
    projects: Sequence[Project] | None = None, *, limit: int | None = None
) -> GovernanceCheck:
    """The governance check over `projects` (every project by default), by name: projects
    without a senior responsible owner, RACI rows that break the rules, impacted departments
    with nobody named in the project's RACI as R or C (a person of a team inside the
    department counts for it), and people Accountable for more rows than the limit."""
    chosen = list(projects) if projects is not None else list(Project.objects.order_by("name"))
    chosen = list(
        Project.objects.filter(pk__in=[p.pk for p in chosen])
        .select_related("senior_responsible_owner")
        .prefetch_related(
            Prefetch(
                "raci_rows",
                queryset=RaciRow.objects.order_by("position", "pk").prefetch_related(
                    Prefetch(
                        "assignments",
                        queryset=RaciAssignment.objects.select_related("person"),
                    )
                ),
            )
        )
        .order_by("name")
    )
    impacted = impacted_departments(chosen)
    people = [a.person for p in chosen for r in p.raci_rows.all() for a in r.assignments.all()]
    labels = person_labels(people)
    parents: dict[int, int | None] = dict(Department.objects.values_list("id", "parent_id"))
    department_of = {person.pk: person.department_id for person in people}
    limit = limit or accountable_limit()
    subjects = []
    unrepresented_checks = []
    for project in chosen:
        raci = tuple(
            _kernel_row(row.name, {a.person_id: a.roles for a in row.assignments.all()}, labels)
            for row in project.raci_rows.all()
        )
        sro = project.senior_responsible_owner
        subjects.append(ProjectGovernance(project.name, sro.full_name if sro else None, (), raci))
        # a person stands for every impacted department their own department sits in (a
        # team and its directorate both), so each department is checked on its own
        for department in impacted[project.pk]:
            reach = _represented_in(department, parents)
            stands_for = {
                label: department.name
                for person_pk, label in labels.items()
                if department_of.get(person_pk) in reach
            }
            unrepresented_checks.append(
                check_governance(
                    [ProjectGovernance(project.name, "-", (department.name,), raci)],
                    departments=stands_for,
                    accountable_limit=limit,
                ).departments_unrepresented
            )
    overall = check_governance(subjects, departments={}, accountable_limit=limit)
    return replace(
        overall,
        departments_unrepresented=tuple(d for found in unrepresented_checks for d in found),
    )


def project_get(pk: int) -> Project:
    return Project.objects.select_related("department").get(pk=pk)


def department_get(pk: int) -> Department:
    return Department.objects.get(pk=pk)


def membership_get(pk: int) -> Membership:
    return Membership.objects.select_related("board", "person").get(pk=pk)


def project_named(name: str) -> Project:
    from govdx.programme.selectors import project_find

    return project_find(name)


# --- digital maturity ------------------------------------------------------------------------


@cache
def _model_from(path: str) -> kernel.MaturityModel:
    return kernel.load_maturity_model(path)


def maturity_models() -> dict[str, kernel.MaturityModel]:
    """The maturity models: the OECD framework, then any files GOVDX_MATURITY_MODEL_FILES
    names, by key."""
    paths = [str(kernel.OECD_DGPF_FILE), *getattr(settings, "GOVDX_MATURITY_MODEL_FILES", [])]
    models: dict[str, kernel.MaturityModel] = {}
    for path in paths:
        model = _model_from(str(Path(path)))
        models.setdefault(model.key, model)
    return models


def maturity_model(key: str = "oecd_dgpf") -> kernel.MaturityModel:
    models = maturity_models()
    if key not in models:
        raise Invalid(f"There is no maturity model {key}; load its file first.")
    return models[key]


def assessment_list() -> QuerySet[MaturityAssessment]:
    return MaturityAssessment.objects.select_related("department", "assessed_by").prefetch_related(
        Prefetch("scores", queryset=MaturityScore.objects.order_by("pk"))
    )


def as_kernel(assessment: MaturityAssessment) -> kernel.Assessment:
    return kernel.Assessment(
        assessment.department.name,
        assessment.assessed_on,
        tuple(
            kernel.DimensionScore(s.dimension, s.score, s.target, s.evidence)
            for s in assessment.scores.all()
        ),
    )


@dataclass(frozen=True)
class DepartmentMaturity:
    department: Department
    latest: kernel.MaturityResult
    assessment: MaturityAssessment
    trend: kernel.MaturityTrend | None
    history: tuple[kernel.MaturityResult, ...]


def _department_shown(
    model: kernel.MaturityModel, assessments: Sequence[MaturityAssessment]
) -> DepartmentMaturity:
    """A department's assessments, oldest first, scored, with the trend of the last two."""
    results = tuple(kernel.score_maturity(model, as_kernel(a)) for a in assessments)
    trend = (
        kernel.maturity_trend(model, as_kernel(assessments[-2]), as_kernel(assessments[-1]))
        if len(assessments) > 1
        else None
    )
    return DepartmentMaturity(
        assessments[-1].department, results[-1], assessments[-1], trend, results
    )


def department_maturity(
    department: Department, model: kernel.MaturityModel, user: Any
) -> DepartmentMaturity | None:
    """The department's latest assessment scored, its history and the trend from the one
    before; None when it has none."""
    assessments = list(
        visible(user, assessment_list())
        .filter(department=department, model_key=model.key)
        .order_by("assessed_on")
    )
    return _department_shown(model, assessments) if assessments else None


@dataclass(frozen=True)
class OrganisationMaturity:
    model: kernel.MaturityModel
    departments: list[DepartmentMaturity]
    spread: kernel.MaturitySpread | None


def organisation_maturity(model: kernel.MaturityModel, user: Any) -> OrganisationMaturity:
    """Every department's latest assessment and the spread across them."""
    latest: dict[int, list[MaturityAssessment]] = {}
    for assessment in (
        visible(user, assessment_list()).filter(model_key=model.key).order_by("assessed_on")
    ):
        latest.setdefault(assessment.department_id, []).append(assessment)
    departments = [_department_shown(model, found) for found in latest.values()]
    departments.sort(key=lambda shown: shown.department.name)
    spread = (
        kernel.maturity_spread(model, [as_kernel(d.assessment) for d in departments])
        if departments
        else None
    )
    return OrganisationMaturity(model, departments, spread)


# --- strategy --------------------------------------------------------------------------------


def objective_list() -> QuerySet[Objective]:
    return (
        Objective.objects.select_related("owner")
        .annotate(
            kpi_count=Count("kpis", distinct=True),
            project_count=Count("projects", distinct=True),
            benefit_count=Count("benefits", distinct=True),
        )
        .order_by("title")
    )


def objective_get(pk: int) -> Objective:
    return Objective.objects.select_related("owner").get(pk=pk)


def kpi_get(pk: int) -> KeyPerformanceIndicator:
    return KeyPerformanceIndicator.objects.select_related("objective").get(pk=pk)


def kpis_of(objective: Objective) -> QuerySet[KeyPerformanceIndicator]:
    return objective.kpis.prefetch_related(
        Prefetch("actuals", queryset=KpiActual.objects.order_by("measured_on"))
    ).order_by("measure")


@dataclass(frozen=True)
class KpiShown:
    """A KPI with its actuals in date order and where it stands on the day asked for."""

    kpi: KeyPerformanceIndicator
    actuals: list[KpiActual]
    progress: strategy.KpiProgress


def kpi_progress(kpi: KeyPerformanceIndicator, on: datetime.date) -> KpiShown:
    """The KPI read by the strategy kernel on `on`; its actuals prefetched or read here."""
    actuals = sorted(kpi.actuals.all(), key=lambda actual: actual.measured_on)
    progress = strategy.kpi_progress(
        strategy.Kpi(kpi.baseline, kpi.target, kpi.baseline_on, kpi.target_on,
                     tuple(strategy.Measurement(a.measured_on, a.value) for a in actuals)),
        on=on,
    )  # fmt: skip
    return KpiShown(kpi, actuals, progress)


def objective_kpis(objective: Objective, on: datetime.date) -> list[KpiShown]:
    return [kpi_progress(kpi, on) for kpi in kpis_of(objective)]


def objective_links(objective: Objective, user: Any) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The projects and the benefits serving the objective that the user may see."""
    projects = visible(user, objective.projects.select_related("department").order_by("name"))
    benefits = visible(user, objective.benefits.select_related("project").order_by("name"))
    return projects, benefits
