"""People and culture change in the API: the same contracts as `govdx people readiness import`
and `govdx people readiness report`, people groups, change impacts, surveys and readiness
gates with their state, with the pages' permissions."""

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import Field

from govdx.core.api import Counts, fetch, filtered
from govdx.core.permissions import Action, can, require, visible
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.people.framework_file import DEFAULT_FRAMEWORK
from govdx.people import filtersets, selectors, services
from govdx.people.models import (
    ChangeImpact,
    PeopleGroup,
    PulseResponse,
    PulseSurvey,
    ReadinessGate,
    SkillAssessment,
    SkillRequirement,
    SkillsFramework,
    StaffRole,
    Survey,
    SurveyResponse,
    TrainingPlan,
)

LARGEST_UPLOAD = 20 * 1024 * 1024


class ReadinessImportOut(Schema):
    survey: str
    survey_created: bool
    rows: int
    responses: Counts
    groups: list[str] = Field(..., description="The people groups the file's rows name.")
    survey_id: int | None = Field(None, description="The survey, absent on a dry run.")


class Barriers(Schema):
    awareness: int
    desire: int
    knowledge: int
    ability: int
    reinforcement: int
    none: int = Field(..., description="Respondents with no barrier point: ready.")


class GroupReadinessOut(Schema):
    respondents: int
    means: dict[str, float] = Field(..., description="Each ADKAR element's mean, 2 places.")
    barriers: Barriers
    ready_share: float = Field(..., description="From 0 to 1, 4 places.")


class ReadinessReportOut(Schema):
    survey: str
    respondents: int
    groups: dict[str, GroupReadinessOut]


class PeopleGroupOut(Schema):
    id: int
    name: str = Field(..., description="“Department / Role family”, as survey files name it.")
    department_id: int
    role_family: str
    headcount: int
    version: int


class ChangeImpactOut(Schema):
    id: int
    project_id: int
    project: str
    group_id: int
    group: str
    degree: str = Field(..., description="none, low, medium or high.")
    what_changes: str
    version: int

    @staticmethod
    def resolve_project(obj: Any) -> str:
        return str(obj.project.name)

    @staticmethod
    def resolve_group(obj: Any) -> str:
        return str(obj.group.name)


class SurveyOut(Schema):
    id: int
    name: str
    conducted_on: datetime.date
    project_id: int | None
    response_count: int = 0
    version: int


class GateOut(Schema):
    id: int
    project: str
    milestone: str = Field(..., description="The milestone's id in the plan.")
    milestone_name: str
    group: str
    threshold: float = Field(..., description="The share ready needed, 0 to 1.")
    survey: str | None = Field(None, description="The survey judged; None with no survey yet.")
    state: str = Field(..., description="met, not met, or no survey yet.")
    respondents: int
    ready: int
    ready_share: float | None


class GroupFilters(Schema):
    q: str | None = None
    department: int | None = None


class ImpactFilters(Schema):
    q: str | None = None
    project: int | None = None
    department: int | None = None
    degree: str | None = None


readiness = Router(tags=["Readiness"])
groups = Router(tags=["People groups"])


@readiness.post(
    "/import",
    response={201: ReadinessImportOut},
    summary="Import a readiness survey's responses",
    description=(
        "What `govdx people readiness import FILE --survey NAME --json` does: a CSV or XLSX "
        "file with the columns respondent, group, awareness, desire, knowledge, ability and "
        "reinforcement (whole numbers 1 to 5), all or nothing, creating the survey when it "
        "does not exist. A group must name a people group as “Department / Role family”. A "
        "file with problems gets 400 with every problem listed under `problems`, and nothing "
        "is written."
    ),
    operation_id="readiness_import",
)
def readiness_import(
    request: HttpRequest,
    file: File[UploadedFile],
    survey: Form[str],
    conducted_on: Form[datetime.date | None] = None,
    dry_run: Form[bool] = False,
) -> Any:
    if not can(request.user, Action.ADD, SurveyResponse):
        raise NotAllowed(
            "You may not import readiness surveys. Ask an administrator if you need to."
        )
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    result = services.readiness_import(
        file.file,
        survey_name=survey,
        user=request.user,
        filename=file.name or "upload",
        conducted_on=conducted_on,
        dry_run=dry_run,
        today=timezone.localdate(),
    )
    return Status(201, {**result.as_dict(), "survey_id": result.survey_id})


@readiness.get(
    "/report",
    response=ReadinessReportOut,
    summary="A readiness survey's report per group",
    description=(
        "The object `govdx people readiness report --survey NAME --json` prints: per people "
        "group, the respondents, each ADKAR element's mean, how many have each barrier point "
        "(and `none` for the ready) and the share ready."
    ),
    operation_id="readiness_report",
)
def readiness_report(request: HttpRequest, survey: str) -> Any:
    require(request.user, Action.VIEW, Survey)
    found = selectors.survey_find(survey)
    groups = visible(request.user, PeopleGroup.objects.all())
    return selectors.readiness_report(found, groups).as_dict()


@readiness.get(
    "/surveys", response=list[SurveyOut], summary="List surveys", operation_id="survey_list"
)
@paginate(PageNumberPagination)
def survey_list(request: HttpRequest) -> Any:
    require(request.user, Action.VIEW, Survey)
    return visible(request.user, selectors.survey_list()).order_by("-conducted_on", "name")


@readiness.get(
    "/gates",
    response=list[GateOut],
    summary="List readiness gates with their state",
    description="Each gate judged now on its survey, or the latest its group answered.",
    operation_id="readiness_gate_list",
)
@paginate(PageNumberPagination)
def gate_list(request: HttpRequest, project: int | None = None) -> Any:
    require(request.user, Action.VIEW, ReadinessGate)
    gates = visible(request.user, selectors.readiness_gate_list())
    if project is not None:
        gates = gates.filter(milestone__project_id=project)
    return [state.as_dict() for state in selectors.gate_states(gates)]


@groups.get("", response=list[PeopleGroupOut], summary="List people groups",
            operation_id="people_group_list")  # fmt: skip
@paginate(PageNumberPagination)
def people_group_list(request: HttpRequest, filters: Query[GroupFilters]) -> Any:
    require(request.user, Action.VIEW, PeopleGroup)
    queryset = visible(request.user, selectors.people_group_list())
    return filtered(filtersets.PeopleGroupFilterSet, filters.dict(), queryset, request)


@groups.get("/impacts", response=list[ChangeImpactOut], summary="List change impacts",
            operation_id="change_impact_list")  # fmt: skip
@paginate(PageNumberPagination)
def change_impact_list(request: HttpRequest, filters: Query[ImpactFilters]) -> Any:
    require(request.user, Action.VIEW, ChangeImpact)
    queryset = visible(request.user, selectors.change_impact_list())
    return filtered(filtersets.ChangeImpactFilterSet, filters.dict(), queryset, request)


@groups.get("/{pk}", response=PeopleGroupOut, summary="Read a people group",
            operation_id="people_group_read")  # fmt: skip
def people_group_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.people_group_get, "people group", pk)


# --- skills and training -----------------------------------------------------------------------


class FrameworkImportOut(Schema):
    framework: str
    framework_created: bool
    version: int = Field(..., description="The framework's version after the import.")
    rows: int
    roles: Counts = Field(..., description="`removed` counts the roles retired.")
    skills: Counts = Field(..., description="`removed` counts the skills retired.")
    requirements: Counts
    framework_id: int | None = Field(None, description="The framework, absent on a dry run.")


class SkillsFrameworkOut(Schema):
    id: int
    name: str
    framework_version: int
    role_count: int = 0
    skill_count: int = 0
    version: int


class StaffRoleOut(Schema):
    id: int
    person_id: int
    person: str
    role_id: int
    role: str
    since: datetime.date | None
    version: int

    @staticmethod
    def resolve_person(obj: Any) -> str:
        return str(obj.person)

    @staticmethod
    def resolve_role(obj: Any) -> str:
        return str(obj.role)


class SkillAssessmentOut(Schema):
    id: int
    person_id: int
    skill_id: int
    skill: str
    level: str = Field(..., description="awareness, working, practitioner or expert.")
    assessed_on: datetime.date
    assessor_id: int | None
    version: int

    @staticmethod
    def resolve_skill(obj: Any) -> str:
        return str(obj.skill.name)

    @staticmethod
    def resolve_level(obj: Any) -> str:
        return str(obj.get_level_display()).lower()


class TrainingPlanOut(Schema):
    id: int
    person_id: int
    skill_id: int
    skill: str
    target_level: str = Field(..., description="awareness, working, practitioner or expert.")
    course: str
    due_on: datetime.date
    completed_on: datetime.date | None
    version: int

    @staticmethod
    def resolve_skill(obj: Any) -> str:
        return str(obj.skill.name)

    @staticmethod
    def resolve_target_level(obj: Any) -> str:
        return str(obj.get_target_level_display()).lower()


class GapCellOut(Schema):
    people: int = Field(..., description="People whose role needs the skill.")
    short: int = Field(..., description="Of them, those below the level needed.")
    mean_gap: float = Field(..., description="Their mean gap in levels, 2 places.")
    band: str = Field(..., description="none, low, medium or high: the share short.")


class StaffFilters(Schema):
    q: str | None = None
    department: int | None = None


skills = Router(tags=["Skills and training"])


@skills.post(
    "/import",
    response={201: FrameworkImportOut},
    summary="Import a skills framework",
    description=(
        "What `govdx people skills import FILE --framework NAME --json` does: a CSV or XLSX "
        "file with the columns role family, role, role level, skill, skill level (awareness, "
        "working, practitioner or expert) and description, imported as the framework's next "
        "version, all or nothing. Roles and skills the file no longer lists are retired, not "
        "deleted. A file with problems gets 400 with every problem under `problems`."
    ),
    operation_id="skills_framework_import",
)
def framework_import(
    request: HttpRequest,
    file: File[UploadedFile],
    framework: Form[str] = DEFAULT_FRAMEWORK,
    dry_run: Form[bool] = False,
) -> Any:
    if not can(request.user, Action.ADD, SkillRequirement):
        raise NotAllowed(
            "You may not import skills frameworks. Ask an administrator if you need to."
        )
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    result = services.framework_import(
        file.file, framework_name=framework, user=request.user,
        filename=file.name or "upload", dry_run=dry_run,
    )  # fmt: skip
    return Status(201, {**result.as_dict(), "framework_id": result.framework_id})


@skills.get("/frameworks", response=list[SkillsFrameworkOut], summary="List skills frameworks",
            operation_id="skills_framework_list")  # fmt: skip
@paginate(PageNumberPagination)
def framework_list(request: HttpRequest) -> Any:
    require(request.user, Action.VIEW, SkillsFramework)
    return visible(request.user, selectors.skills_framework_list()).order_by("name")


@skills.get("/roles", response=list[StaffRoleOut], summary="List the roles staff hold",
            operation_id="staff_role_list")  # fmt: skip
@paginate(PageNumberPagination)
def staff_role_list(request: HttpRequest, filters: Query[StaffFilters]) -> Any:
    require(request.user, Action.VIEW, StaffRole)
    queryset = visible(request.user, selectors.staff_role_list())
    return filtered(filtersets.StaffRoleFilterSet, filters.dict(), queryset, request)


@skills.get("/assessments", response=list[SkillAssessmentOut], summary="List skill assessments",
            operation_id="skill_assessment_list")  # fmt: skip
@paginate(PageNumberPagination)
def skill_assessment_list(request: HttpRequest, filters: Query[StaffFilters]) -> Any:
    require(request.user, Action.VIEW, SkillAssessment)
    queryset = visible(request.user, selectors.skill_assessment_list())
    return filtered(filtersets.SkillAssessmentFilterSet, filters.dict(), queryset, request)


@skills.get("/training", response=list[TrainingPlanOut], summary="List training plans",
            operation_id="training_plan_list")  # fmt: skip
@paginate(PageNumberPagination)
def training_plan_list(request: HttpRequest, filters: Query[StaffFilters]) -> Any:
    require(request.user, Action.VIEW, TrainingPlan)
    queryset = visible(request.user, selectors.training_plan_list())
    return filtered(filtersets.TrainingPlanFilterSet, filters.dict(), queryset, request)


@skills.get(
    "/gaps",
    response=dict[str, dict[str, GapCellOut]],
    summary="The skills gap by department",
    description="{department: {skill: cell}}: per department, each skill some role there "
    "needs, with the people needing it, those short, their mean gap and its band.",
    operation_id="skills_gap_map",
)
def skills_gap_map(request: HttpRequest, framework: int | None = None) -> Any:
    require(request.user, Action.VIEW, SkillAssessment)
    chosen = None
    if framework is not None:
        chosen = visible(request.user, SkillsFramework.objects.filter(pk=framework)).first()
    holders = visible(request.user, selectors.staff_role_list())
    return selectors.gap_map(holders, chosen).as_dict()


# --- culture pulse -----------------------------------------------------------------------------

pulses = Router(tags=["Culture pulse"])


class PulseImportOut(Schema):
    pulse: str
    pulse_created: bool
    questions: list[str] = Field(..., description="The pulse's questions, in order.")
    rows: int
    comments: int = Field(..., description="Responses with a comment.")
    responses: Counts
    groups: list[str]
    pulse_id: int | None = Field(None, description="The pulse, absent on a dry run.")


class PulseOut(Schema):
    id: int
    name: str
    conducted_on: datetime.date
    questions: list[str]
    response_count: int
    comment_count: int


class QuestionOut(Schema):
    mean: float = Field(..., description="From 1 to 5, 2 places.")
    favourable_share: float = Field(..., description="Scoring 4 or 5, from 0 to 1, 4 places.")


class GroupPulseOut(Schema):
    respondents: int
    shown: bool = Field(..., description="False under the anonymity minimum: no figures.")
    questions: dict[str, QuestionOut] | None = None
    comments: list[str] | None = Field(None, description="Comments, never who wrote them.")


class PulseReportOut(Schema):
    pulse: str
    questions: list[str]
    respondents: int
    minimum_respondents: int
    overall: dict[str, QuestionOut]
    groups: dict[str, GroupPulseOut]


class TrendPointOut(Schema):
    pulse: str
    mean: float | None
    favourable_share: float | None
    change: float | None = Field(..., description="Since the previous pulse with a mean.")
    direction: str | None = Field(..., description="up, down, steady, new; null if not shown.")


class GroupTrendOut(Schema):
    group: str
    questions: dict[str, list[TrendPointOut]]


@pulses.post(
    "/import",
    response={201: PulseImportOut},
    summary="Import a culture pulse's responses",
    description=(
        "What `govdx people pulse import FILE --pulse NAME --json` does: a CSV or XLSX file "
        "with the columns respondent, group and comment and one column per question (whole "
        "numbers 1 to 5), all or nothing. A new pulse takes its questions from the headings; a "
        "later file for the same pulse must ask the same ones. A file with problems gets 400 "
        "with every problem listed under `problems`, and nothing is written."
    ),
    operation_id="pulse_import",
)
def pulse_import(
    request: HttpRequest,
    file: File[UploadedFile],
    pulse: Form[str],
    conducted_on: Form[datetime.date | None] = None,
    dry_run: Form[bool] = False,
) -> Any:
    if not can(request.user, Action.ADD, PulseResponse):
        raise NotAllowed("You may not import culture pulses. Ask an administrator if you need to.")
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    result = services.pulse_import(
        file.file,
        pulse_name=pulse,
        user=request.user,
        filename=file.name or "upload",
        conducted_on=conducted_on,
        dry_run=dry_run,
        today=timezone.localdate(),
    )
    return Status(201, {**result.as_dict(), "pulse_id": result.pulse_id})


@pulses.get("", response=list[PulseOut], summary="List culture pulses", operation_id="pulse_list")
@paginate(PageNumberPagination)
def pulse_list(request: HttpRequest) -> Any:
    require(request.user, Action.VIEW, PulseSurvey)
    return visible(request.user, selectors.pulse_list()).order_by("-conducted_on", "name")


@pulses.get(
    "/report",
    response=PulseReportOut,
    summary="A culture pulse's results per group",
    description=(
        "Per people group, the respondents and, for a group with at least the minimum of "
        "respondents, each question's mean and share favourable (4 or 5) and the comments; "
        "a group under the minimum has `shown` false and nothing else. Never who answered."
    ),
    operation_id="pulse_report",
)
def pulse_report(request: HttpRequest, pulse: str) -> Any:
    require(request.user, Action.VIEW, PulseSurvey)
    found = selectors.pulse_find(pulse)
    groups = visible(request.user, PeopleGroup.objects.all())
    return selectors.pulse_report(found, groups).as_dict()


@pulses.get(
    "/trends",
    response=list[GroupTrendOut],
    summary="Each group's trend per question across the pulses",
    description=(
        "Per group and question, a point per pulse in date order: the mean, the share "
        "favourable, the change since the previous pulse the group was shown in, and its "
        "direction (a change of at least 0.2 is up or down, less is steady)."
    ),
    operation_id="pulse_trends",
)
def pulse_trends(request: HttpRequest) -> Any:
    require(request.user, Action.VIEW, PulseSurvey)
    _, trends = selectors.pulse_trends(visible(request.user, PeopleGroup.objects.all()))
    return [
        {"group": trend.group,
         "questions": {q.question: [p.as_dict() for p in q.points] for q in trend.questions}}
        for trend in trends
    ]  # fmt: skip


ROUTERS = {
    "readiness": readiness,
    "people-groups": groups,
    "skills": skills,
    "pulses": pulses,
}
