"""The programme in the API: the same contracts as `govdx plan import` and `govdx plan
analyse`, the projects with their schedules, and baselines, with the pages' permissions."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from govdx.core.api import Counts, fetch, filtered
from govdx.core.permissions import Action, can, require, visible
from govdx.domain.errors import Invalid, NotAllowed, NotFound
from govdx.domain.planning.analysis import DEFAULT_ITERATIONS
from govdx.org.models import Department
from govdx.programme import filtersets, importers, selectors, services
from govdx.programme.models import Project

LARGEST_UPLOAD = 20 * 1024 * 1024


# --- the command line's contracts --------------------------------------------------------------


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


# --- money: earned value and actual costs ---------------------------------------------------


class EarnedValueOut(Schema):
    budget_at_completion: int = Field(..., description="BAC: the activities' budgets, pence.")
    planned_value: int = Field(..., description="PV: budget of the work planned by the date.")
    earned_value: int = Field(..., description="EV: budget x percent complete, summed.")
    actual_cost: int = Field(..., description="AC: the monthly costs to the date, pence.")
    schedule_variance: int = Field(..., description="SV = EV - PV, pence.")
    cost_variance: int = Field(..., description="CV = EV - AC, pence.")
    schedule_performance_index: Decimal | None = Field(
        ..., description="SPI = EV / PV; null while PV is 0."
    )
    cost_performance_index: Decimal | None = Field(
        ..., description="CPI = EV / AC; null while AC is 0."
    )
    estimate_at_completion: int | None = Field(
        ..., description="EAC = BAC / CPI, pence; null while AC or EV is 0."
    )
    variance_at_completion: int | None = Field(..., description="VAC = BAC - EAC, pence.")


class EarnedValuePointOut(Schema):
    on: datetime.date
    planned_value: int
    earned_value: int | None = Field(None, description="Null after the status date.")
    actual_cost: int | None = Field(None, description="Null after the status date.")


class ActivityEarnedValueOut(EarnedValueOut):
    id: str
    percent_complete: int


class ProjectEarnedValueOut(Schema):
    project: str
    project_id: int
    on: datetime.date
    currency: str
    figures: EarnedValueOut
    activities: list[ActivityEarnedValueOut]
    series: list[EarnedValuePointOut]


class ProgrammeEarnedValueOut(Schema):
    programme: str
    figures: EarnedValueOut
    projects: list[ProjectEarnedValueOut]


class PortfolioEarnedValueOut(Schema):
    on: datetime.date
    figures: EarnedValueOut
    programmes: list[ProgrammeEarnedValueOut]
    series: list[EarnedValuePointOut]


class ActualCostIn(Schema):
    month: datetime.date = Field(..., description="Any day of the month; kept as its first.")
    amount: int = Field(..., ge=0, description="In minor units (pence).")
    activity: str | None = Field(None, description="The activity's id; none for the project.")
    note: str = ""


class ActualCostOut(Schema):
    id: int
    month: datetime.date
    activity: str | None
    amount: int
    note: str
    source: str
    version: int

    @staticmethod
    def resolve_activity(obj: Any) -> str | None:
        if isinstance(obj, dict):
            return obj.get("activity")
        return obj.activity.code if obj.activity_id else None


class ActualCostSaved(ActualCostOut):
    outcome: str = Field(..., description="created, updated or unchanged.")


class ActualsImportCounts(Schema):
    created: int
    updated: int
    unchanged: int


class ActualsImportOut(Schema):
    project: str
    rows: int
    costs: ActualsImportCounts


class ProgressIn(Schema):
    percent_complete: int = Field(..., ge=0, le=100)
    version: int | None = Field(None, description="The activity's version you read.")


EARNED_VALUE_HELP = (
    "Earned value at the end of `on` (default today): planned value from the schedule's early "
    "dates, each activity's budget spread evenly over its working days; earned value from "
    "percent complete; actual cost from the monthly costs to then. Money in minor units "
    "(pence); indices to 28 significant digits, null where their divisor is 0."
)


def _project_value(part: selectors.ProjectEarnedValue) -> dict[str, Any]:
    return {
        "project": part.project.name,
        "project_id": part.project.pk,
        "on": part.on,
        "currency": part.project.currency,
        "figures": selectors.figures_dict(part.figures),
        "activities": [
            {
                "id": row.activity.code,
                "percent_complete": row.activity.percent_complete,
                **selectors.figures_dict(row.figures),
            }
            for row in part.rows
        ],
        "series": part.series,
    }


@projects.get(
    "/{pk}/earned-value",
    response=ProjectEarnedValueOut,
    summary="Read a project's earned value",
    description=EARNED_VALUE_HELP,
    operation_id="project_earned_value",
)
def project_earned_value(request: HttpRequest, pk: int, on: datetime.date | None = None) -> Any:
    project = fetch(request, _get, "project", pk)
    return _project_value(selectors.project_earned_value(project, on or timezone.localdate()))


@plans.get(
    "/earned-value",
    response=PortfolioEarnedValueOut,
    summary="Read the earned value of every project, programme and the portfolio",
    description=EARNED_VALUE_HELP + " Rolled up by adding the amounts and working the indices "
    "from the sums.",
    operation_id="portfolio_earned_value",
)
def portfolio_earned_value(request: HttpRequest, on: datetime.date | None = None) -> Any:
    require(request.user, Action.VIEW, Project)
    value = selectors.portfolio_earned_value(
        visible(request.user, selectors.project_list()), on or timezone.localdate()
    )
    return {
        "on": value.on,
        "figures": selectors.figures_dict(value.figures),
        "series": value.series,
        "programmes": [
            {
                "programme": programme.name,
                "figures": selectors.figures_dict(programme.figures),
                "projects": [_project_value(part) for part in programme.projects],
            }
            for programme in value.programmes
        ],
    }


@projects.get(
    "/{pk}/actual-costs",
    response=list[ActualCostOut],
    summary="List a project's actual costs",
    operation_id="actual_cost_list",
)
def actual_cost_list(request: HttpRequest, pk: int) -> Any:
    return selectors.actual_costs_of(fetch(request, _get, "project", pk))


@projects.post(
    "/{pk}/actual-costs",
    response={201: ActualCostSaved},
    summary="Record a month's actual cost of a project",
    description="A month already recorded for the same activity takes the new amount.",
    operation_id="actual_cost_record",
)
def actual_cost_record(request: HttpRequest, pk: int, payload: ActualCostIn) -> Any:
    project = fetch(request, _get, "project", pk)
    require(request.user, Action.CHANGE, project)
    activity = None
    if payload.activity:
        activity = project.activities.filter(code__iexact=payload.activity.strip()).first()
        if activity is None:
            message = f"{project.name} has no activity “{payload.activity.strip()}”."
            raise Invalid(message, {"activity": [message]})
    cost, outcome = services.actual_cost_record(
        project=project, month=payload.month, amount=payload.amount, user=request.user,
        activity=activity, note=payload.note,
    )  # fmt: skip
    return Status(201, {**ActualCostOut.from_orm(cost).dict(), "outcome": outcome})


@projects.post(
    "/{pk}/actual-costs/import",
    response={201: ActualsImportOut},
    summary="Import a file of a project's actual costs",
    description=(
        "What `govdx plan actuals import FILE --project NAME --json` does: a CSV or XLSX file "
        "with the columns month, activity, amount and note, all or nothing. A file with "
        "problems gets 400 with every problem listed under `problems`."
    ),
    operation_id="actuals_import",
)
def actuals_import(
    request: HttpRequest, pk: int, file: File[UploadedFile], dry_run: Form[bool] = False
) -> Any:
    project = fetch(request, _get, "project", pk)
    require(request.user, Action.CHANGE, project)
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    result = services.actuals_import(
        file.file, project_name=project.name, user=request.user,
        filename=file.name or "upload", dry_run=dry_run,
    )  # fmt: skip
    return Status(201, result.as_dict())


@projects.patch(
    "/{pk}/activities/{code}/progress",
    response=ActivityEarnedValueOut,
    summary="Record an activity's percent complete",
    operation_id="activity_progress",
)
def activity_progress(request: HttpRequest, pk: int, code: str, payload: ProgressIn) -> Any:
    project = fetch(request, _get, "project", pk)
    activity = project.activities.filter(code__iexact=code).first()
    if activity is None:
        raise NotFound(f"{project.name} has no activity {code}.")
    require(request.user, Action.CHANGE, activity)
    services.activity_progress_update(
        instance=activity, percent_complete=payload.percent_complete, user=request.user,
        expected_version=payload.version,
    )  # fmt: skip
    value = selectors.project_earned_value(project, timezone.localdate())
    return next(i for i in _project_value(value)["activities"] if i["id"] == activity.code)


@plans.get(
    "/major-project-return",
    response={200: None},
    summary="Download the major-project return as XLSX",
    description=(
        "What `govdx plan return FILE.xlsx [--programme NAME] [--year YYYY]` writes, for the "
        "projects you may see: `year` is the April the financial year starts in (default: "
        "this financial year). " + selectors.RETURN_HELP + " A row the return refuses (a "
        "project with no department, or a variance over 5% with no status report to explain "
        "it) gets 422 naming the project."
    ),
    operation_id="major_project_return",
)
def major_project_return(
    request: HttpRequest, year: int | None = None, programme: str | None = None
) -> Any:
    require(request.user, Action.VIEW, Project)
    result = selectors.major_project_return_for(
        visible(request.user, selectors.project_list()), on=timezone.localdate(),
        programme=programme, year=year,
    )  # fmt: skip
    response = HttpResponse(content_type=importers.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{importers.return_filename(result.year)}"'
    )
    importers.write_major_project_return(result.rows, response, year=result.year, on=result.on)
    return response


ROUTERS = {"plans": plans, "projects": projects}
