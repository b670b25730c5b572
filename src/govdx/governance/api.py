"""Governance in the API: boards, papers (restricted ones only for the board's members),
decisions and actions, the RACI grid of a project, and the contracts of `govdx governance
check` and `govdx governance raci import`, with the pages' permissions."""

import datetime
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from govdx.core.api import fetch, filtered, history_route, require_version
from govdx.core.permissions import Action, require, visible
from govdx.domain.errors import Invalid, NotFound
from govdx.governance import filtersets, selectors, services
from govdx.governance.models import (
    Board,
    BoardAction,
    Decision,
    Meeting,
    Objective,
    Paper,
    RaciRow,
)
from govdx.org.models import Person
from govdx.programme.models import Project

LARGEST_UPLOAD = 20 * 1024 * 1024


class BoardOut(Schema):
    id: int
    name: str
    kind: str
    department_id: int | None
    terms_of_reference: str
    is_active: bool
    version: int


class PaperOut(Schema):
    id: int
    title: str
    kind: str
    summary: str
    restricted: bool
    meeting_id: int
    board_id: int = Field(..., description="The board whose meeting the paper is for.")
    held_on: datetime.date = Field(..., description="The day of the meeting.")
    filename: str
    version: int

    @staticmethod
    def resolve_board_id(obj: Any) -> int:
        return int(obj.meeting.board_id)

    @staticmethod
    def resolve_held_on(obj: Any) -> datetime.date:
        return obj.meeting.held_on  # type: ignore[no-any-return]  # a date field


class DecisionOut(Schema):
    id: int
    board_id: int
    meeting_id: int | None
    decided_on: datetime.date
    title: str
    rationale: str
    options_considered: str
    projects: list[int] = Field(..., description="The projects the decision concerns.")
    version: int

    @staticmethod
    def resolve_projects(obj: Any) -> list[int]:
        return [project.pk for project in obj.projects.all()]


class ActionOut(Schema):
    id: int
    board_id: int
    decision_id: int | None
    description: str
    owner_id: int
    due_on: datetime.date
    completed_on: datetime.date | None
    version: int


REASON = Field("", max_length=100, description="Why the change was made; kept in the history.")
VERSION = Field(None, description="The version you read; a stale one gets 409.")


class DecisionIn(Schema):
    board_id: int
    meeting_id: int | None = None
    decided_on: datetime.date
    title: str = Field(max_length=200)
    rationale: str = ""
    options_considered: str = ""
    projects: list[int] = Field([], description="The projects the decision concerns.")
    reason: str = REASON


class DecisionPatch(Schema):
    board_id: int | None = None
    meeting_id: int | None = None
    decided_on: datetime.date | None = None
    title: str | None = Field(None, max_length=200)
    rationale: str | None = None
    options_considered: str | None = None
    projects: list[int] | None = Field(
        None, description="All the projects the decision concerns: those left out are unlinked."
    )
    reason: str = REASON
    version: int | None = VERSION


class ActionIn(Schema):
    board_id: int
    decision_id: int | None = None
    description: str = Field(max_length=300)
    owner_id: int
    due_on: datetime.date
    completed_on: datetime.date | None = None
    reason: str = REASON


class ActionPatch(Schema):
    board_id: int | None = None
    decision_id: int | None = None
    description: str | None = Field(None, max_length=300)
    owner_id: int | None = None
    due_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    reason: str = REASON
    version: int | None = VERSION


class Search(Schema):
    q: str | None = None


class DecisionFilters(Search):
    board: int | None = None
    decided_from: datetime.date | None = None


class ActionFilters(Search):
    board: int | None = None
    owner: int | None = None
    open: bool | None = None


class PaperFilters(Search):
    board: int | None = None
    kind: str | None = None


class RaciProblemOut(Schema):
    project: str
    row: str
    problem: str


class DepartmentGapOut(Schema):
    project: str
    department: str


class OverloadedOut(Schema):
    person: str
    accountable_rows: int


class GovernanceCheckOut(Schema):
    projects_without_sro: list[str]
    raci_problems: list[RaciProblemOut]
    departments_unrepresented: list[DepartmentGapOut]
    overloaded_people: list[OverloadedOut]


class EntryCounts(Schema):
    created: int
    updated: int
    unchanged: int
    removed: int


class RaciImportOut(Schema):
    project: str
    rows: int
    entries: EntryCounts


class RaciCellOut(Schema):
    person_id: int
    person: str
    roles: str = Field(..., description="R, A, C, I or a combination such as A/R.")


class RaciRowOut(Schema):
    name: str
    cells: list[RaciCellOut]
    problems: list[str]


class KpiActualOut(Schema):
    measured_on: datetime.date
    value: str = Field(..., description="The measure on that day, as written.")


class KpiOut(Schema):
    id: int
    measure: str
    baseline: str
    baseline_on: datetime.date
    target: str
    target_on: datetime.date
    actuals: list[KpiActualOut]
    progress: float | None = Field(
        ..., description="The share of the way from baseline to target today: 0 to 1."
    )
    expected: float = Field(..., description="The share of the time to the target date passed.")
    state: str = Field(
        ..., description="not measured, achieved, on track, behind, moving away or missed."
    )


class ObjectiveOut(Schema):
    id: int
    title: str
    description: str
    outcomes: list[str]
    owner_id: int | None
    projects: list[int] = Field(..., description="The projects that serve the objective.")
    benefits: list[int] = Field(..., description="The benefits that serve the objective.")
    version: int

    @staticmethod
    def resolve_outcomes(obj: Any) -> list[str]:
        return obj.outcome_list()  # type: ignore[no-any-return]  # a list of str

    @staticmethod
    def resolve_projects(obj: Any) -> list[int]:
        return [project.pk for project in obj.projects.all()]

    @staticmethod
    def resolve_benefits(obj: Any) -> list[int]:
        return [benefit.pk for benefit in obj.benefits.all()]


class ObjectiveDetailOut(ObjectiveOut):
    kpis: list[KpiOut]

    @staticmethod
    def resolve_kpis(obj: Any) -> list[Any]:
        return obj.kpis_shown  # type: ignore[no-any-return]  # set by objective_read


boards = Router(tags=["Boards"])
papers = Router(tags=["Board papers"])
decisions = Router(tags=["Decisions"])
actions = Router(tags=["Board actions"])
governance = Router(tags=["Governance"])
objectives = Router(tags=["Strategy"])


@boards.get("", response=list[BoardOut], summary="List boards", operation_id="board_list")
@paginate(PageNumberPagination)
def board_list(request: HttpRequest, filters: Query[Search]) -> Any:
    require(request.user, Action.VIEW, Board)
    queryset = visible(request.user, selectors.board_list())
    return filtered(filtersets.BoardFilterSet, filters.dict(), queryset, request)


@boards.get("/{pk}", response=BoardOut, summary="Read a board", operation_id="board_read")
def board_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.board_get, "board", pk)


def _paper(request: HttpRequest, pk: int) -> Paper:
    paper: Paper = fetch(request, selectors.paper_get, "paper", pk)
    if not selectors.paper_readable(request.user, paper):
        raise NotFound(f"No paper {pk}.")
    return paper


@papers.get(
    "",
    response=list[PaperOut],
    summary="List board papers",
    description="Restricted papers are listed only for the members of their board.",
    operation_id="paper_list",
)
@paginate(PageNumberPagination)
def paper_list(request: HttpRequest, filters: Query[PaperFilters]) -> Any:
    require(request.user, Action.VIEW, Paper)
    queryset = selectors.papers_visible(request.user, selectors.paper_list())
    return filtered(filtersets.PaperFilterSet, filters.dict(), queryset, request)


@papers.get("/{pk}", response=PaperOut, summary="Read a board paper", operation_id="paper_read")
def paper_read(request: HttpRequest, pk: int) -> Any:
    return _paper(request, pk)


@papers.get("/{pk}/file", summary="Download a board paper's file", operation_id="paper_file")
def paper_file(request: HttpRequest, pk: int) -> HttpResponse:
    paper = _paper(request, pk)
    if not paper.filename:
        raise NotFound(f"Paper {pk} has no file.")
    response = HttpResponse(bytes(paper.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{paper.filename}"'
    return response


@decisions.get(
    "", response=list[DecisionOut], summary="List decisions", operation_id="decision_list"
)
@paginate(PageNumberPagination)
def decision_list(request: HttpRequest, filters: Query[DecisionFilters]) -> Any:
    require(request.user, Action.VIEW, Decision)
    queryset = visible(request.user, selectors.decision_list().prefetch_related("projects"))
    return filtered(filtersets.DecisionFilterSet, filters.dict(), queryset, request)


@decisions.get(
    "/{pk}", response=DecisionOut, summary="Read a decision", operation_id="decision_read"
)
def decision_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.decision_get, "decision", pk)


REFERENCES: dict[str, tuple[str, type[models.Model]]] = {
    "board_id": ("board", Board),
    "meeting_id": ("meeting", Meeting),
    "decision_id": ("decision", Decision),
    "owner_id": ("owner", Person),
}


def _records(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The payload with its numbers as the records they name, among those the user may see;
    Invalid naming each number that names none."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for key, value in data.items():
        if key == "projects":
            found = visible(request.user, Project.objects.filter(pk__in=value)).in_bulk()
            missing = [str(pk) for pk in value if pk not in found]
            if missing:
                errors[key] = [f"There is no project numbered {', '.join(missing)}."]
            values[key] = [found[pk] for pk in dict.fromkeys(value) if pk in found]
        elif key in REFERENCES and value is not None:
            name, model = REFERENCES[key]
            values[name] = visible(request.user, model._default_manager.filter(pk=value)).first()
            if values[name] is None:
                errors[key] = [f"There is no {model._meta.verbose_name} numbered {value}."]
        else:
            values[REFERENCES[key][0] if key in REFERENCES else key] = value
    if errors:
        raise Invalid(" ".join(message for messages in errors.values() for message in messages),
                      errors)  # fmt: skip
    return values


def _payload(
    request: HttpRequest, payload: Schema, noun: str | None = None
) -> tuple[dict[str, Any], str, int | None]:
    """The payload's values with their records, the reason given and, for a change of a
    `noun`, the version read (Invalid when it is missing)."""
    data = payload.dict(exclude_unset=noun is not None)
    reason = data.pop("reason", "")
    version = require_version(data, noun) if noun else None
    return _records(request, data), reason, version


@decisions.post(
    "", response={201: DecisionOut}, summary="Log a decision",
    description="Board members and administrators. `projects` lists the projects the decision "
    "concerns; the links are kept in the decision's history, with `reason`.",
    operation_id="decision_create",
)  # fmt: skip
def decision_create(request: HttpRequest, payload: DecisionIn) -> Any:
    require(request.user, Action.ADD, Decision)
    data, reason, _ = _payload(request, payload)
    return Status(201, services.decision_create(data=data, user=request.user, reason=reason))


@decisions.patch(
    "/{pk}", response=DecisionOut, summary="Change a decision",
    description="Board members and administrators; send the `version` you read. Only the "
    "fields sent change; `projects`, when sent, is the whole list.",
    operation_id="decision_change",
)  # fmt: skip
def decision_change(request: HttpRequest, pk: int, payload: DecisionPatch) -> Any:
    decision = fetch(request, selectors.decision_get, "decision", pk)
    require(request.user, Action.CHANGE, decision)
    data, reason, version = _payload(request, payload, "decision")
    return services.decision_update(instance=decision, data=data, user=request.user,
                                    expected_version=version, reason=reason)  # fmt: skip


history_route(decisions, get_selector=selectors.decision_get, noun="decision", slug="decision")


@actions.get("", response=list[ActionOut], summary="List board actions", operation_id="action_list")
@paginate(PageNumberPagination)
def action_list(request: HttpRequest, filters: Query[ActionFilters]) -> Any:
    require(request.user, Action.VIEW, BoardAction)
    queryset = visible(request.user, selectors.action_list())
    return filtered(filtersets.BoardActionFilterSet, filters.dict(), queryset, request)


@actions.get("/{pk}", response=ActionOut, summary="Read a board action", operation_id="action_read")
def action_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.action_get, "action", pk)


@actions.post(
    "", response={201: ActionOut}, summary="Add a board action",
    description="Board members and administrators. An action following from a decision is "
    "of the decision's board.",
    operation_id="action_create",
)  # fmt: skip
def action_create(request: HttpRequest, payload: ActionIn) -> Any:
    require(request.user, Action.ADD, BoardAction)
    data, reason, _ = _payload(request, payload)
    return Status(201, services.action_create(data=data, user=request.user, reason=reason))


@actions.patch(
    "/{pk}", response=ActionOut, summary="Change a board action",
    description="Board members and administrators; send the `version` you read. Only the "
    "fields sent change.",
    operation_id="action_change",
)  # fmt: skip
def action_change(request: HttpRequest, pk: int, payload: ActionPatch) -> Any:
    action = fetch(request, selectors.action_get, "action", pk)
    require(request.user, Action.CHANGE, action)
    data, reason, version = _payload(request, payload, "action")
    return services.action_update(instance=action, data=data, user=request.user,
                                  expected_version=version, reason=reason)  # fmt: skip


history_route(actions, get_selector=selectors.action_get, noun="action", slug="action")


@governance.get(
    "/check",
    response=GovernanceCheckOut,
    summary="The governance check",
    description=(
        "What `govdx governance check [--project NAME] --json` prints, over the projects the "
        "user may see, or the one named."
    ),
    operation_id="governance_check",
)
def governance_check(request: HttpRequest, project: str | None = None) -> Any:
    require(request.user, Action.VIEW, RaciRow)
    projects = visible(request.user, Project.objects.order_by("name"))
    if project:
        projects = projects.filter(name__iexact=project.strip())
        if not projects.exists():
            raise NotFound(f"There is no project called “{project.strip()}”.")
    return selectors.governance_check(list(projects)).as_dict()


@governance.get(
    "/projects/{pk}/raci",
    response=list[RaciRowOut],
    summary="Read a project's RACI grid",
    operation_id="raci_read",
)
def raci_read(request: HttpRequest, pk: int) -> Any:
    require(request.user, Action.VIEW, RaciRow)
    project = fetch(request, selectors.project_get, "project", pk)
    grid = selectors.raci_grid(project)
    return [
        {
            "name": row.row.name,
            "cells": [
                {"person_id": person.pk, "person": person.full_name, "roles": roles}
                for person, roles in row.cells
                if roles
            ],
            "problems": [problem.value for problem in row.problems],
        }
        for row in grid.rows
    ]


@governance.post(
    "/raci/import",
    response={201: RaciImportOut},
    summary="Import a project's RACI grid",
    description=(
        "What `govdx governance raci import FILE --project NAME --json` does: a CSV or XLSX "
        "grid, all or nothing. A file with problems gets 400 with every problem listed under "
        "`problems`, and nothing is written."
    ),
    operation_id="raci_import",
)
def raci_import(request: HttpRequest, file: File[UploadedFile], project: Form[str]) -> Any:
    target = visible(request.user, Project.objects.filter(name__iexact=project.strip())).first()
    if target is None:
        raise NotFound(f"There is no project called “{project.strip()}”.")
    require(request.user, Action.CHANGE, target)
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    result = services.raci_import(
        file.file, project_name=target.name, user=request.user, filename=file.name or "upload"
    )
    return Status(201, result.as_dict())


@objectives.get(
    "", response=list[ObjectiveOut], summary="List strategic objectives",
    operation_id="objective_list",
)  # fmt: skip
@paginate(PageNumberPagination)
def objective_list(request: HttpRequest, filters: Query[Search]) -> Any:
    require(request.user, Action.VIEW, Objective)
    queryset = visible(
        request.user, selectors.objective_list().prefetch_related("projects", "benefits")
    )
    return filtered(filtersets.ObjectiveFilterSet, filters.dict(), queryset, request)


@objectives.get(
    "/{pk}", response=ObjectiveDetailOut, summary="Read a strategic objective with its KPIs",
    operation_id="objective_read",
)  # fmt: skip
def objective_read(request: HttpRequest, pk: int) -> Any:
    objective: Objective = fetch(request, selectors.objective_get, "objective", pk)
    objective.kpis_shown = [  # type: ignore[attr-defined]  # read by the schema below
        {
            "id": shown.kpi.pk, "measure": shown.kpi.measure,
            "baseline": shown.kpi.baseline_text, "baseline_on": shown.kpi.baseline_on,
            "target": shown.kpi.target_text, "target_on": shown.kpi.target_on,
            "actuals": [{"measured_on": a.measured_on, "value": a.value_text}
                        for a in shown.actuals],
            "progress": None if shown.progress.progress is None
            else float(shown.progress.progress),
            "expected": float(shown.progress.expected),
            "state": shown.progress.state.value,
        }
        for shown in selectors.objective_kpis(objective, timezone.localdate())
    ]  # fmt: skip
    return objective


history_route(objectives, get_selector=selectors.objective_get, noun="objective", slug="objective")


ROUTERS = {
    "boards": boards,
    "board-papers": papers,
    "decisions": decisions,
    "board-actions": actions,
    "governance": governance,
    "objectives": objectives,
}
