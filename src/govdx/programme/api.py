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

from govdx.core.api import Counts, Deleted, fetch, filtered, require_version
from govdx.core.permissions import Action, can, require, visible
from govdx.domain.errors import Invalid, NotAllowed, NotFound
from govdx.domain.planning.analysis import DEFAULT_ITERATIONS
from govdx.org.models import Department, Person
from govdx.programme import filtersets, importers, selectors, services
from govdx.programme.models import Project, StatusReport

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


# --- status reports, gate reviews and their recommendations -----------------------------------

VERSION_HELP = "The version you read; a stale one gets 409."


class StatusReportOut(Schema):
    id: int
    project_id: int
    project: str = Field(..., description="The project's name.")
    month: datetime.date = Field(..., description="The month reported on, as its first day.")
    reported_on: datetime.date
    scale: str = Field(..., description="five_point or three_point.")
    level: str = Field(..., description="The delivery confidence rating on the scale.")
    source: str = Field(..., description="senior_responsible_owner or independent_assurance.")
    narrative: str
    decisions_needed: str
    key_risks: list[int] = Field(..., description="The risks' numbers in the risk registers.")
    author_id: int | None
    version: int

    @staticmethod
    def resolve_project(obj: Any) -> str:
        return str(obj.project.name)

    @staticmethod
    def resolve_key_risks(obj: Any) -> list[int]:
        return sorted(risk.pk for risk in obj.key_risks.all())


class StatusReportIn(Schema):
    month: datetime.date | None = Field(
        None, description="Any day of the month reported on; the month of `reported_on` if none."
    )
    reported_on: datetime.date = Field(..., description="The day the rating was given.")
    scale: str = "five_point"
    level: str
    source: str = "senior_responsible_owner"
    narrative: str
    decisions_needed: str = ""
    key_risks: list[int] = Field(default_factory=list, description="Risks' numbers.")
    author: int | None = Field(None, description="The person who wrote it.")


class StatusReportPatch(Schema):
    month: datetime.date = None  # type: ignore[assignment]  # optional in a change, never null
    reported_on: datetime.date = None  # type: ignore[assignment]  # optional in a change, never null
    scale: str = None  # type: ignore[assignment]  # optional in a change, never null
    level: str = None  # type: ignore[assignment]  # optional in a change, never null
    source: str = None  # type: ignore[assignment]  # optional in a change, never null
    narrative: str = None  # type: ignore[assignment]  # optional in a change, never null
    decisions_needed: str = None  # type: ignore[assignment]  # optional in a change, never null
    key_risks: list[int] = None  # type: ignore[assignment]  # optional in a change, never null
    author: int | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class StatusReportFilters(Schema):
    q: str | None = None
    project: int | None = None
    programme: int | None = None
    department: int | None = None
    scale: str | None = None
    level: str | None = None
    source: str | None = None
    month_from: datetime.date | None = None
    month_to: datetime.date | None = None


class RecommendationOut(Schema):
    id: int
    review_id: int
    reference: str
    text: str
    owner_id: int | None
    due_on: datetime.date | None
    closed_on: datetime.date | None
    status: str = Field(..., description="open or closed, today.")
    overdue: bool = Field(..., description="Open and past its due date, today.")
    version: int

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.as_kernel().status(timezone.localdate()).value)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.as_kernel().is_overdue(timezone.localdate()))


class RecommendationIn(Schema):
    reference: str = Field(..., description="Its number in the review's report, such as R3.")
    text: str
    owner: int | None = Field(None, description="The person who owns it.")
    due_on: datetime.date | None = None


class RecommendationPatch(Schema):
    reference: str = None  # type: ignore[assignment]  # optional in a change, never null
    text: str = None  # type: ignore[assignment]  # optional in a change, never null
    owner: int | None = None
    due_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    version: int | None = Field(None, description=VERSION_HELP)


class RecommendationCloseIn(Schema):
    on: datetime.date | None = Field(None, description="The day it was closed; today if none.")


class GateReviewOut(Schema):
    id: int
    project_id: int
    project: str = Field(..., description="The project's name.")
    gate: int = Field(..., description="0 to 5, OGC Gateway numbering.")
    gate_name: str
    held_on: datetime.date
    scale: str
    level: str = Field(..., description="The outcome: the review team's delivery confidence.")
    review_team: str
    summary: str
    recommendations: list[RecommendationOut]
    version: int

    @staticmethod
    def resolve_project(obj: Any) -> str:
        return str(obj.project.name)

    @staticmethod
    def resolve_gate_name(obj: Any) -> str:
        return str(obj.get_gate_display())

    @staticmethod
    def resolve_recommendations(obj: Any) -> list[Any]:
        return list(obj.recommendations.all())


class GateReviewIn(Schema):
    gate: int = Field(..., ge=0, le=5)
    held_on: datetime.date
    scale: str = "five_point"
    level: str
    review_team: str = ""
    summary: str = ""


class GateReviewPatch(Schema):
    gate: int = Field(None, ge=0, le=5)  # optional in a change, never null
    held_on: datetime.date = None  # type: ignore[assignment]  # optional in a change, never null
    scale: str = None  # type: ignore[assignment]  # optional in a change, never null
    level: str = None  # type: ignore[assignment]  # optional in a change, never null
    review_team: str = None  # type: ignore[assignment]  # optional in a change, never null
    summary: str = None  # type: ignore[assignment]  # optional in a change, never null
    version: int | None = Field(None, description=VERSION_HELP)


def _one(request: HttpRequest, queryset: Any, pk: int | None, field: str, noun: str) -> Any:
    """The record numbered `pk` that the user may see, or None for None; Invalid naming the
    field when there is none."""
    if pk is None:
        return None
    found = visible(request.user, queryset).filter(pk=pk).first()
    if found is None:
        message = f"There is no {noun} {pk}."
        raise Invalid(message, {field: [message]})
    return found


def _people(request: HttpRequest, data: dict[str, Any], *fields: str) -> dict[str, Any]:
    """`data` with each person's number in `fields` turned into the person."""
    for name in fields:
        if name in data:
            data[name] = _one(request, Person.objects.all(), data[name], name, "person")
    return data


def _key_risks(request: HttpRequest, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("key_risks") is not None:
        risks = StatusReport._meta.get_field("key_risks").related_model._default_manager  # type: ignore[union-attr]  # a many-to-many field's model
        wanted = set(data["key_risks"])
        found = list(visible(request.user, risks.filter(pk__in=wanted)))
        missing = sorted(wanted - {risk.pk for risk in found})
        if missing:
            message = f"There is no risk {', '.join(str(pk) for pk in missing)}."
            raise Invalid(message, {"key_risks": [message]})
        data["key_risks"] = found
    return data


def _changeable(request: HttpRequest, record: Any) -> Any:
    require(request.user, Action.CHANGE, record)
    return record


def _review(pk: int) -> Any:
    """The gate review with its recommendations, as the API shows it."""
    return selectors.gate_review_list().get(pk=pk)


status_reports = Router(tags=["Status reports"])
gate_reviews = Router(tags=["Gate reviews"])
recommendations = Router(tags=["Gate reviews"])


@projects.get(
    "/{pk}/status-reports",
    response=list[StatusReportOut],
    summary="List a project's status reports",
    description="Newest month first.",
    operation_id="project_status_report_list",
)
@paginate(PageNumberPagination)
def project_status_report_list(request: HttpRequest, pk: int) -> Any:
    project = fetch(request, _get, "project", pk)
    return selectors.status_report_list().filter(project=project)


@projects.post(
    "/{pk}/status-reports",
    response={201: StatusReportOut},
    summary="Add a month's status report to a project",
    description="One report a month from each source; an independent assurance rating on the "
    "day of a gate review is refused (the review's outcome is that day's rating).",
    operation_id="status_report_create",
)
def status_report_create(request: HttpRequest, pk: int, payload: StatusReportIn) -> Any:
    project = _changeable(request, fetch(request, _get, "project", pk))
    data = _key_risks(request, _people(request, payload.dict(), "author"))
    report = services.status_report_create(project=project, data=data, user=request.user)
    return Status(201, selectors.status_report_get(report.pk))


@status_reports.get(
    "",
    response=list[StatusReportOut],
    summary="List status reports across projects",
    description="The reports of every project you may see, newest month first, filtered.",
    operation_id="status_report_list",
)
@paginate(PageNumberPagination)
def status_report_list(request: HttpRequest, filters: Query[StatusReportFilters]) -> Any:
    require(request.user, Action.VIEW, StatusReport)
    queryset = visible(request.user, selectors.status_report_list())
    return filtered(filtersets.StatusReportFilterSet, filters.dict(), queryset, request)


@status_reports.get(
    "/{pk}", response=StatusReportOut, summary="Read a status report",
    operation_id="status_report_read",
)  # fmt: skip
def status_report_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.status_report_get, "status report", pk)


@status_reports.patch(
    "/{pk}", response=StatusReportOut, summary="Change a status report",
    description="Send the `version` you read.", operation_id="status_report_change",
)  # fmt: skip
def status_report_change(request: HttpRequest, pk: int, payload: StatusReportPatch) -> Any:
    report = _changeable(request, fetch(request, selectors.status_report_get, "status report", pk))
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "status report")
    data = _key_risks(request, _people(request, data, "author"))
    services.status_report_update(
        instance=report, data=data, user=request.user, expected_version=version
    )
    return selectors.status_report_get(report.pk)


@projects.get(
    "/{pk}/gate-reviews",
    response=list[GateReviewOut],
    summary="List a project's gate reviews with their recommendations",
    description="Latest first.",
    operation_id="project_gate_review_list",
)
@paginate(PageNumberPagination)
def project_gate_review_list(request: HttpRequest, pk: int) -> Any:
    project = fetch(request, _get, "project", pk)
    return selectors.gate_review_list().filter(project=project)


@projects.post(
    "/{pk}/gate-reviews",
    response={201: GateReviewOut},
    summary="Record a gate review of a project",
    description="Its outcome is the independent assurance rating of the project that day.",
    operation_id="gate_review_create",
)
def gate_review_create(request: HttpRequest, pk: int, payload: GateReviewIn) -> Any:
    project = _changeable(request, fetch(request, _get, "project", pk))
    review = services.gate_review_create(project=project, data=payload.dict(), user=request.user)
    return Status(201, _review(review.pk))


@gate_reviews.get(
    "/{pk}", response=GateReviewOut, summary="Read a gate review with its recommendations",
    operation_id="gate_review_read",
)  # fmt: skip
def gate_review_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, _review, "gate review", pk)


@gate_reviews.patch(
    "/{pk}", response=GateReviewOut, summary="Change a gate review",
    description="Send the `version` you read. Its recommendations must still fit it.",
    operation_id="gate_review_change",
)  # fmt: skip
def gate_review_change(request: HttpRequest, pk: int, payload: GateReviewPatch) -> Any:
    review = _changeable(request, fetch(request, selectors.gate_review_get, "gate review", pk))
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "gate review")
    services.gate_review_update(
        instance=review, data=data, user=request.user, expected_version=version
    )
    return _review(review.pk)


@gate_reviews.post(
    "/{pk}/recommendations",
    response={201: RecommendationOut},
    summary="Add a recommendation to a gate review",
    description="Open until closed; none may be due before the review was held.",
    operation_id="recommendation_create",
)
def recommendation_create(request: HttpRequest, pk: int, payload: RecommendationIn) -> Any:
    review = _changeable(request, fetch(request, selectors.gate_review_get, "gate review", pk))
    data = _people(request, payload.dict(), "owner")
    recommendation = services.recommendation_create(review=review, data=data, user=request.user)
    return Status(201, recommendation)


@recommendations.get(
    "/{pk}", response=RecommendationOut, summary="Read a recommendation of a gate review",
    operation_id="recommendation_read",
)  # fmt: skip
def recommendation_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.recommendation_get, "recommendation", pk)


@recommendations.patch(
    "/{pk}", response=RecommendationOut, summary="Change a recommendation",
    description="Send the `version` you read.", operation_id="recommendation_change",
)  # fmt: skip
def recommendation_change(request: HttpRequest, pk: int, payload: RecommendationPatch) -> Any:
    found = fetch(request, selectors.recommendation_get, "recommendation", pk)
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "recommendation")
    return services.recommendation_update(
        instance=_changeable(request, found), data=_people(request, data, "owner"),
        user=request.user, expected_version=version,
    )  # fmt: skip


@recommendations.post(
    "/{pk}/close",
    response=RecommendationOut,
    summary="Close a recommendation",
    description="On the day given (today if none), not before its review was held.",
    operation_id="recommendation_close",
)
def recommendation_close(request: HttpRequest, pk: int, payload: RecommendationCloseIn) -> Any:
    found = fetch(request, selectors.recommendation_get, "recommendation", pk)
    return services.recommendation_close(
        recommendation=_changeable(request, found), on=payload.on or timezone.localdate(),
        user=request.user,
    )  # fmt: skip


# --- benefits and their actuals --------------------------------------------------------------


class BenefitOut(Schema):
    id: int
    project_id: int
    project: str = Field(..., description="The project's name.")
    name: str
    type: str = Field(..., description="cashable, non_cashable or societal.")
    owner_id: int | None
    measure: str
    baseline: Decimal = Field(..., description="In pence for a cashable benefit.")
    target: Decimal = Field(..., description="In pence for a cashable benefit.")
    start_date: datetime.date
    target_date: datetime.date
    milestones: list[str] = Field(..., description="The ids of the milestones it depends on.")
    description: str
    version: int

    @staticmethod
    def resolve_project(obj: Any) -> str:
        return str(obj.project.name)

    @staticmethod
    def resolve_milestones(obj: Any) -> list[str]:
        return [milestone.code for milestone in obj.milestones.all()]


class BenefitIn(Schema):
    name: str
    type: str = Field(..., description="cashable, non_cashable or societal.")
    owner: int | None = Field(None, description="The benefit owner, a person.")
    measure: str = Field(..., description="What is measured, with its unit.")
    baseline: Decimal
    target: Decimal
    start_date: datetime.date
    target_date: datetime.date
    milestones: list[str] = Field(default_factory=list, description="Milestones' ids.")
    description: str = ""


class BenefitPatch(Schema):
    name: str = None  # type: ignore[assignment]  # optional in a change, never null
    type: str = None  # type: ignore[assignment]  # optional in a change, never null
    owner: int | None = None
    measure: str = None  # type: ignore[assignment]  # optional in a change, never null
    baseline: Decimal = None  # type: ignore[assignment]  # optional in a change, never null
    target: Decimal = None  # type: ignore[assignment]  # optional in a change, never null
    start_date: datetime.date = None  # type: ignore[assignment]  # optional in a change, never null
    target_date: datetime.date = None  # type: ignore[assignment]  # optional in a change, never null
    milestones: list[str] = None  # type: ignore[assignment]  # optional in a change, never null
    description: str = None  # type: ignore[assignment]  # optional in a change, never null
    version: int | None = Field(None, description=VERSION_HELP)


class BenefitActualOut(Schema):
    id: int
    benefit_id: int
    measured_on: datetime.date
    value: Decimal = Field(..., description="In pence for a cashable benefit.")
    version: int


class BenefitActualIn(Schema):
    measured_on: datetime.date
    value: Decimal = Field(..., description="In pence for a cashable benefit.")


def _benefit_data(request: HttpRequest, project: Project, data: dict[str, Any]) -> dict[str, Any]:
    """`data` with the owner as a person and the milestones as the project's activities."""
    if data.get("milestones") is not None:
        codes = [code.strip() for code in data["milestones"]]
        found = {a.code.casefold(): a for a in project.activities.all()}
        unknown = [code for code in codes if code.casefold() not in found]
        if unknown:
            message = f"{project.name} has no activity “{unknown[0]}”."
            raise Invalid(message, {"milestones": [message]})
        data["milestones"] = [found[code.casefold()] for code in codes]
    return _people(request, data, "owner")


def _benefit(pk: int) -> Any:
    """The benefit with its milestones, as the API shows it."""
    return selectors.benefit_list().get(pk=pk)


benefits = Router(tags=["Benefits"])


@projects.get(
    "/{pk}/benefits",
    response=list[BenefitOut],
    summary="List a project's benefits",
    operation_id="project_benefit_list",
)
@paginate(PageNumberPagination)
def project_benefit_list(request: HttpRequest, pk: int) -> Any:
    project = fetch(request, _get, "project", pk)
    return selectors.benefit_list().filter(project=project)


@projects.post(
    "/{pk}/benefits",
    response={201: BenefitOut},
    summary="Add a benefit to a project's register",
    description="Checked by the benefits rules: a target different from the baseline, a "
    "target date after the start, whole pence when cashable, only the project's own "
    "milestones.",
    operation_id="benefit_create",
)
def benefit_create(request: HttpRequest, pk: int, payload: BenefitIn) -> Any:
    project = _changeable(request, fetch(request, _get, "project", pk))
    benefit = services.benefit_create(
        project=project, data=_benefit_data(request, project, payload.dict()), user=request.user
    )
    return Status(201, _benefit(benefit.pk))


@benefits.get("/{pk}", response=BenefitOut, summary="Read a benefit", operation_id="benefit_read")
def benefit_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, _benefit, "benefit", pk)


@benefits.patch(
    "/{pk}", response=BenefitOut, summary="Change a benefit",
    description="Send the `version` you read; its actuals must still fit it.",
    operation_id="benefit_change",
)  # fmt: skip
def benefit_change(request: HttpRequest, pk: int, payload: BenefitPatch) -> Any:
    benefit = _changeable(request, fetch(request, selectors.benefit_get, "benefit", pk))
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "benefit")
    services.benefit_update(
        instance=benefit, data=_benefit_data(request, benefit.project, data), user=request.user,
        expected_version=version,
    )  # fmt: skip
    return _benefit(benefit.pk)


@benefits.delete(
    "/{pk}", response=Deleted, summary="Delete a benefit",
    description="With its actuals; their history is kept.", operation_id="benefit_delete",
)  # fmt: skip
def benefit_delete(request: HttpRequest, pk: int) -> Any:
    benefit = fetch(request, selectors.benefit_get, "benefit", pk)
    require(request.user, Action.DELETE, benefit)
    services.benefit_delete(instance=benefit, user=request.user)
    return {"deleted": True}


@benefits.get(
    "/{pk}/actuals",
    response=list[BenefitActualOut],
    summary="List a benefit's actuals",
    description="Oldest first.",
    operation_id="benefit_actual_list",
)
def benefit_actual_list(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.benefit_get, "benefit", pk).actuals.order_by("measured_on")


@benefits.post(
    "/{pk}/actuals",
    response={201: BenefitActualOut},
    summary="Record a benefit's actual",
    description="The measure as observed on a day; a day already recorded takes the new value.",
    operation_id="benefit_actual_record",
)
def benefit_actual_record(request: HttpRequest, pk: int, payload: BenefitActualIn) -> Any:
    benefit = _changeable(request, fetch(request, selectors.benefit_get, "benefit", pk))
    actual = services.benefit_actual_record(
        benefit=benefit, measured_on=payload.measured_on, value=payload.value, user=request.user
    )
    return Status(201, actual)


ROUTERS = {
    "plans": plans,
    "projects": projects,
    "status-reports": status_reports,
    "gate-reviews": gate_reviews,
    "recommendations": recommendations,
    "benefits": benefits,
}
