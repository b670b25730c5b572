"""The programme in the API: the same contracts as `govdx plan import` and `govdx plan
analyse`, the projects with their schedules, and baselines, with the pages' permissions."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from govdx.core.api import fetch, filtered
from govdx.core.permissions import Action, can, require, visible
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.planning.analysis import DEFAULT_ITERATIONS
from govdx.org.models import Department
from govdx.programme import filtersets, selectors, services
from govdx.programme.models import Project

LARGEST_UPLOAD = 20 * 1024 * 1024


# --- the command line's contracts --------------------------------------------------------------


class Counts(Schema):
    created: int
    updated: int
    unchanged: int
    removed: int


class PlanImportOut(Schema):
    project: str
    project_created: bool
    activities: Counts
    dependencies: Counts
    project_id: int | None = Field(None, description="The project, absent on a dry run.")


class ActivityAnalysisOut(Schema):
    expected: float
    es: float
    ef: float
    ls: float
    lf: float
    total_float: float
    free_float: float
    criticality: float
    sensitivity: float


class SimulationOut(Schema):
    iterations: int
    seed: int
    distribution: str
    mean: float
    p50: float
    p80: float
    p90: float


class AnalysisOut(Schema):
    project: str
    expected_duration: float
    critical_path: list[str]
    activities: dict[str, ActivityAnalysisOut]
    simulation: SimulationOut


# --- projects ------------------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    name: str
    programme: str = Field(..., description="The programme's name.")
    department_id: int | None
    senior_responsible_owner_id: int | None
    project_manager_id: int | None
    start_date: datetime.date
    description: str
    budget: int | None = Field(None, description="In minor units (pence).")
    currency: str
    activity_count: int = Field(0, description="Activities in the plan.")
    version: int

    @staticmethod
    def resolve_programme(obj: Any) -> str:
        return str(obj["programme"] if isinstance(obj, dict) else obj.programme.name)


class ScheduledActivityOut(Schema):
    id: str
    name: str
    milestone: bool
    expected: float
    es: float
    ef: float
    total_float: float
    free_float: float
    critical: bool
    start_date: datetime.date
    finish_date: datetime.date
    baseline_finish_date: datetime.date | None
    slip: int | None = Field(None, description="Working days later than the baseline.")


class ProjectDetailOut(ProjectOut):
    expected_duration: float
    finish_date: datetime.date | None
    critical_path: list[str]
    baseline: str | None
    activities: list[ScheduledActivityOut]


class ProjectFilters(Schema):
    q: str | None = None
    programme: int | None = None
    department: int | None = None
    senior_responsible_owner: int | None = None


class BaselineIn(Schema):
    name: str


class BaselineOut(Schema):
    id: int
    name: str
    saved_on: datetime.date
    activities: int


def _detail(project: Project) -> dict[str, Any]:
    schedule = selectors.project_schedule(project)
    return {
        **ProjectOut.from_orm(_counted(project)).dict(),
        "expected_duration": schedule.duration,
        "finish_date": schedule.finish_date,
        "critical_path": list(schedule.critical_path),
        "baseline": schedule.baseline.name if schedule.baseline else None,
        "activities": [
            {
                "id": row.activity.code,
                "name": row.activity.name,
                "milestone": row.activity.milestone,
                "expected": row.times.duration,
                "es": row.times.es,
                "ef": row.times.ef,
                "total_float": row.times.total_float,
                "free_float": row.times.free_float,
                "critical": row.critical,
                "start_date": row.start_date,
                "finish_date": row.finish_date,
                "baseline_finish_date": row.baseline.finish_date if row.baseline else None,
                "slip": row.slip,
            }
            for row in schedule.rows
        ],
    }


def _counted(project: Project) -> Project:
    if not hasattr(project, "activity_count"):
        project.activity_count = project.activities.count()  # type: ignore[attr-defined]  # as the list annotates it
    return project


def _get(pk: int) -> Project:
    return selectors.project_list().get(pk=pk)


plans = Router(tags=["Plans"])
projects = Router(tags=["Projects"])


@plans.post(
    "/import",
    response={201: PlanImportOut},
    summary="Import a project's plan",
    description=(
        "What `govdx plan import FILE --project NAME --json` does: a CSV or XLSX plan, all or "
        "nothing, creating the project when it does not exist. A file with problems gets 400 "
        "with every problem listed under `problems` (a loop of dependencies named), and "
        "nothing is written."
    ),
    operation_id="plan_import",
)
def plan_import(
    request: HttpRequest,
    file: File[UploadedFile],
    project: Form[str],
    department: Form[int | None] = None,
    start_date: Form[datetime.date | None] = None,
    dry_run: Form[bool] = False,
) -> Any:
    if not (can(request.user, Action.ADD, Project) or can(request.user, Action.CHANGE, Project)):
        raise NotAllowed("You may not import plans. Ask an administrator if you need to.")
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    owner = None
    if department is not None:
        owner = visible(request.user, Department.objects.all()).filter(pk=department).first()
        if owner is None:
            message = f"There is no department {department}."
            raise Invalid(message, {"department": [message]})
    result = services.plan_import(
        file.file,
        project_name=project,
        user=request.user,
        filename=file.name or "upload",
        department=owner,
        start_date=start_date,
        dry_run=dry_run,
        today=timezone.localdate(),
    )
    return Status(201, {**result.as_dict(), "project_id": result.project_id})


@projects.get("", response=list[ProjectOut], summary="List projects", operation_id="project_list")
@paginate(PageNumberPagination)
def project_list(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    require(request.user, Action.VIEW, Project)
    queryset = visible(request.user, selectors.project_list())
    return filtered(filtersets.ProjectFilterSet, filters.dict(), queryset, request)


@projects.get(
    "/{pk}",
    response=ProjectDetailOut,
    summary="Read a project with its schedule",
    description=(
        "The project and its plan scheduled by the critical path method on the PERT expected "
        "durations: working days from the start and dates on the project's working calendar, "
        "with the latest baseline's finish and the slip against it."
    ),
    operation_id="project_read",
)
def project_read(request: HttpRequest, pk: int) -> Any:
    return _detail(fetch(request, _get, "project", pk))


@projects.get(
    "/{pk}/analysis",
    response=AnalysisOut,
    summary="Analyse a project's plan",
    description=(
        "The object `govdx plan analyse --project NAME --json` prints: the critical path on "
        "the PERT expected durations and a Monte Carlo of the finish (working days from the "
        "start, ignoring the calendar)."
    ),
    operation_id="project_analysis",
)
def project_analysis(
    request: HttpRequest,
    pk: int,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = selectors.DEFAULT_SEED,
    distribution: str = "pert",
) -> Any:
    project = fetch(request, _get, "project", pk)
    return selectors.project_analysis(
        project, iterations=iterations, seed=seed, distribution=distribution
    )


@projects.post(
    "/{pk}/baselines",
    response={201: BaselineOut},
    summary="Save a baseline of a project's schedule",
    operation_id="baseline_create",
)
def baseline_create(request: HttpRequest, pk: int, payload: BaselineIn) -> Any:
    project = fetch(request, _get, "project", pk)
    baseline = services.baseline_save(
        project=project, name=payload.name, user=request.user, today=timezone.localdate()
    )
    return Status(
        201,
        {
            "id": baseline.pk,
            "name": baseline.name,
            "saved_on": baseline.saved_on,
            "activities": baseline.activities.count(),
        },
    )


ROUTERS = {"plans": plans, "projects": projects}
