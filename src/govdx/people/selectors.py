"""Reads that the people pages, the API and the command line share, with their joins decided
here once. Readiness figures come from `govdx.domain.people.adkar`, from the responses."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet

from govdx.domain.errors import NotFound
from govdx.domain.people.adkar import (
    ELEMENTS,
    GateJudgement,
    GroupReadiness,
    ReadinessReport,
    Response,
    judge_gate,
    report_readiness,
)
from govdx.domain.people.adkar import ReadinessGate as GateRule
from govdx.domain.people.groups import group_key
from govdx.domain.people.pulse import GroupTrend, PulseReport, report_pulse, trend_pulses
from govdx.domain.people.pulse import PulseResponse as PulseAnswer
from govdx.domain.people.skills import (
    GapCell,
    GapMap,
    Level,
    SkillGap,
    StaffSkills,
    map_gaps,
    skill_gaps,
)
from govdx.org.models import Person
from govdx.people.choices import DEGREE_COLOURS, DEGREE_RANK, GAP_BAND_COLOURS, DegreeChoice
from govdx.people.models import (
    ChangeImpact,
    FrameworkRole,
    PeopleGroup,
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
from govdx.programme.models import Project

SCORE_FIELDS = tuple(element.value for element in ELEMENTS)


# --- people groups and change impact ---------------------------------------------------------


def people_group_list() -> QuerySet[PeopleGroup]:
    return PeopleGroup.objects.select_related("department").annotate(
        impact_count=Count("impacts", distinct=True)
    )


def people_group_get(pk: int) -> PeopleGroup:
    return people_group_list().get(pk=pk)


def groups_by_key() -> dict[str, PeopleGroup]:
    """Every people group keyed by its folded name (`group_key`), to match survey files."""
    return {group_key(group.name): group for group in people_group_list()}


def change_impact_list() -> QuerySet[ChangeImpact]:
    return ChangeImpact.objects.select_related(
        "project", "project__department", "group", "group__department"
    )


def change_impact_get(pk: int) -> ChangeImpact:
    return change_impact_list().get(pk=pk)


@dataclass(frozen=True)
class ImpactCell:
    """One group's impact from one project: its degree (None where none is recorded)."""

    project: Project
    impact: ChangeImpact | None

    @property
    def degree(self) -> str | None:
        return self.impact.degree if self.impact else None

    @property
    def colour(self) -> str:
        return DEGREE_COLOURS[self.degree] if self.degree else "custom"

    @property
    def label(self) -> str:
        return self.impact.get_degree_display() if self.impact else "Not assessed"


@dataclass(frozen=True)
class ImpactRow:
    group: PeopleGroup
    cells: tuple[ImpactCell, ...]

    @property
    def highest(self) -> str | None:
        """The group's highest degree of impact across the projects shown."""
        degrees = [cell.degree for cell in self.cells if cell.degree]
        return max(degrees, key=DEGREE_RANK.__getitem__) if degrees else None


@dataclass(frozen=True)
class ImpactMap:
    """Groups in rows, projects in columns, each cell the degree of impact; and per project,
    how many groups it impacts at each degree."""

    projects: tuple[Project, ...]
    rows: tuple[ImpactRow, ...]

    @property
    def counts(self) -> list[tuple[Project, list[tuple[str, int]]]]:
        result = []
        for index, project in enumerate(self.projects):
            tally = dict.fromkeys(DegreeChoice.values, 0)
            for row in self.rows:
                degree = row.cells[index].degree
                if degree:
                    tally[degree] += 1
            result.append((project, [(DegreeChoice(d).label, n) for d, n in tally.items()]))
        return result


def impact_map(
    projects: QuerySet[Project], groups: QuerySet[PeopleGroup], impacts: QuerySet[ChangeImpact]
) -> ImpactMap:
    """The heat map of `impacts` for the `projects` and `groups` given (each already limited to
    what the reader may see); only groups some project impacts are shown."""
    found: dict[tuple[int, int], ChangeImpact] = {
        (impact.project_id, impact.group_id): impact
        for impact in impacts.filter(project__in=projects, group__in=groups)
    }
    project_ids = {project_id for project_id, _ in found}
    shown_projects = tuple(p for p in projects.order_by("name") if p.pk in project_ids)
    group_ids = {group_id for _, group_id in found}
    rows = tuple(
        ImpactRow(
            group,
            tuple(
                ImpactCell(project, found.get((project.pk, group.pk))) for project in shown_projects
            ),
        )
        for group in groups.select_related("department").order_by("department__name", "role_family")
        if group.pk in group_ids
    )
    return ImpactMap(shown_projects, rows)


# --- surveys and readiness -------------------------------------------------------------------


def survey_list() -> QuerySet[Survey]:
    return Survey.objects.select_related("project").annotate(
        response_count=Count("responses", distinct=True)
    )


def survey_get(pk: int) -> Survey:
    return survey_list().get(pk=pk)


def survey_find(name: str) -> Survey:
    """The survey called `name`, ignoring case; NotFound naming it otherwise."""
    survey = survey_list().filter(name__iexact=name.strip()).first()
    if survey is None:
        raise NotFound(
            f"There is no survey called “{name.strip()}”. Import its responses first with "
            f'govdx people readiness import FILE --survey "{name.strip()}".'
        )
    return survey


def _response(row: SurveyResponse) -> Response:
    return Response(
        row.respondent,
        row.group.name,
        row.awareness,
        row.desire,
        row.knowledge,
        row.ability,
        row.reinforcement,
    )


def _responses(queryset: QuerySet[SurveyResponse]) -> list[Response]:
    rows = queryset.select_related("group__department").order_by("pk")
    return [_response(row) for row in rows]


def readiness_report(
    survey: Survey, groups: Iterable[PeopleGroup] | None = None
) -> ReadinessReport:
    """The survey's readiness per group (ADKAR): respondents, means, barrier points, share
    ready; limited to `groups` when given."""
    responses = survey.responses.all()
    if groups is not None:
        responses = responses.filter(group__in=list(groups))
    return report_readiness(survey.name, _responses(responses))


@dataclass(frozen=True)
class GroupReadinessRow:
    """A group's readiness in a survey, with the group itself and its chart bar's class."""

    group: PeopleGroup | None
    readiness: GroupReadiness

    @property
    def ready_percent(self) -> Decimal:
        return (self.readiness.ready_share * 100).quantize(Decimal("0.01"))

    @property
    def barriers(self) -> list[tuple[str, int]]:
        counts = self.readiness.barriers
        return [(element.label, counts.get(element, 0)) for element in ELEMENTS] + [
            ("None (ready)", self.readiness.ready)
        ]


def readiness_rows(report: ReadinessReport) -> list[GroupReadinessRow]:
    """The report's groups, each with its people group record (by name)."""
    known = groups_by_key()
    return [GroupReadinessRow(known.get(group_key(g.group)), g) for g in report.groups]


def latest_readiness(groups: Sequence[PeopleGroup]) -> dict[int, tuple[Survey, GroupReadiness]]:
    """Each group's readiness in the latest survey it answered, by group id."""
    result: dict[int, tuple[Survey, GroupReadiness]] = {}
    latest = _latest_surveys(group.pk for group in groups)
    for group in groups:
        survey = latest.get(group.pk)
        if survey is None:
            continue
        found = readiness_report(survey, [group]).group(group.name)
        if found is not None:
            result[group.pk] = (survey, found)
    return result


def latest_survey_of(group: PeopleGroup) -> Survey | None:
    """The latest survey (by its date, then the latest added) the group answered."""
    return (
        Survey.objects.filter(responses__group=group)
        .distinct()
        .order_by("-conducted_on", "-pk")
        .first()
    )


def group_readiness_history(group: PeopleGroup) -> list[tuple[Survey, GroupReadiness]]:
    """The group's readiness in every survey it answered, oldest first: its trend."""
    surveys = (
        Survey.objects.filter(responses__group=group).distinct().order_by("conducted_on", "pk")
    )
    history = []
    for survey in surveys:
        found = readiness_report(survey, [group]).group(group.name)
        if found is not None:
            history.append((survey, found))
    return history


# --- readiness gates -------------------------------------------------------------------------

MET, NOT_MET, NO_SURVEY = "met", "not met", "no survey yet"


@dataclass(frozen=True)
class GateState:
    """A gate judged now: met, not met, or no survey yet, with the survey and the figures."""

    gate: ReadinessGate
    survey: Survey | None
    judgement: GateJudgement | None

    @property
    def state(self) -> str:
        if self.judgement is None:
            return NO_SURVEY
        return MET if self.judgement.met else NOT_MET

    @property
    def colour(self) -> str:
        return {MET: "green", NOT_MET: "red", NO_SURVEY: "grey"}[self.state]

    @property
    def needed_percent(self) -> Decimal:
        return (self.gate.threshold * 100).normalize()

    @property
    def message(self) -> str:
        if self.judgement is None:
            return (
                f"No survey of {self.gate.group} yet; the gate needs {self.needed_percent:f}% "
                "ready."
            )
        return self.judgement.message

    def as_dict(self) -> dict[str, Any]:
        judgement = self.judgement
        return {
            "id": self.gate.pk,
            "project": self.gate.milestone.project.name,
            "milestone": self.gate.milestone.code,
            "milestone_name": self.gate.milestone.name,
            "group": self.gate.group.name,
            "threshold": float(self.gate.threshold),
            "survey": self.survey.name if self.survey else None,
            "state": self.state,
            "respondents": judgement.respondents if judgement else 0,
            "ready": judgement.ready if judgement else 0,
            "ready_share": float(judgement.share)
            if judgement and judgement.share is not None
            else None,
        }


def readiness_gate_list() -> QuerySet[ReadinessGate]:
    return ReadinessGate.objects.select_related(
        "milestone__project__department", "group__department", "survey"
    )


def readiness_gate_get(pk: int) -> ReadinessGate:
    return readiness_gate_list().get(pk=pk)


def gate_state(gate: ReadinessGate) -> GateState:
    """Judge `gate` on its survey, or on the latest survey its group answered."""
    [state] = gate_states([gate])
    return state


def _latest_surveys(group_ids: Iterable[int]) -> dict[int, Survey]:
    """The latest survey (by its date, then the latest added) each group answered, by group
    id, in two queries whatever the number of groups."""
    answered = (
        SurveyResponse.objects.filter(group_id__in=set(group_ids))
        .values_list("group_id", "survey_id", "survey__conducted_on")
        .distinct()
    )
    latest: dict[int, tuple[Any, int]] = {}
    for group_id, survey_id, conducted_on in answered:
        if group_id not in latest or (conducted_on, survey_id) > latest[group_id]:
            latest[group_id] = (conducted_on, survey_id)
    surveys = Survey.objects.in_bulk([survey_id for _, survey_id in latest.values()])
    return {group_id: surveys[survey_id] for group_id, (_, survey_id) in latest.items()}


def gate_states(gates: Iterable[ReadinessGate]) -> list[GateState]:
    """Judge each gate on its survey, or on the latest survey its group answered: three
    queries for any number of gates, not three a gate."""
    gates = list(gates)
    latest = _latest_surveys(gate.group_id for gate in gates if gate.survey_id is None)
    judged_on = {gate.pk: gate.survey or latest.get(gate.group_id) for gate in gates}
    pairs = {(s.pk, gate.group_id) for gate in gates if (s := judged_on[gate.pk]) is not None}
    responses: dict[tuple[int, int], list[Response]] = {pair: [] for pair in pairs}
    if pairs:
        rows = (
            SurveyResponse.objects.filter(
                survey_id__in={survey_id for survey_id, _ in pairs},
                group_id__in={group_id for _, group_id in pairs},
            )
            .select_related("group__department")
            .order_by("pk")
        )
        for row in rows:
            if (row.survey_id, row.group_id) in responses:
                responses[(row.survey_id, row.group_id)].append(_response(row))
    states = []
    for gate in gates:
        survey = judged_on[gate.pk]
        if survey is None:
            states.append(GateState(gate, None, None))
            continue
        report = report_readiness(survey.name, responses[(survey.pk, gate.group_id)])
        rule = GateRule(gate.group.name, gate.threshold)
        states.append(GateState(gate, survey, judge_gate(rule, report)))
    return states


def project_gates(project: Project) -> list[GateState]:
    """The readiness gates on the project's milestones, judged now, in plan order."""
    return gate_states(readiness_gate_list().filter(milestone__project=project))


def people_home(groups: QuerySet[PeopleGroup]) -> list[dict[str, Any]]:
    """The home page's groups: each with its impacts and its latest readiness."""
    listed = list(
        groups.prefetch_related(
            Prefetch("impacts", queryset=ChangeImpact.objects.select_related("project"))
        ).order_by("department__name", "role_family")
    )
    latest = latest_readiness(listed)
    rows = []
    for group in listed:
        impacts = list(group.impacts.all())
        degrees = [impact.degree for impact in impacts]
        highest = max(degrees, key=DEGREE_RANK.__getitem__) if degrees else None
        rows.append(
            {
                "group": group,
                "impacts": impacts,
                "highest": DegreeChoice(highest).label if highest else None,
                "highest_colour": DEGREE_COLOURS[highest] if highest else "grey",
                "latest": latest.get(group.pk),
            }
        )
    return rows


# --- skills and training -----------------------------------------------------------------------


def skills_framework_list() -> QuerySet[SkillsFramework]:
    current = Q(roles__retired_in__isnull=True)
    return SkillsFramework.objects.annotate(
        role_count=Count("roles", filter=current, distinct=True),
        skill_count=Count("skills", filter=Q(skills__retired_in__isnull=True), distinct=True),
        holder_count=Count("roles__holders", distinct=True),
    )


def skills_framework_get(pk: int) -> SkillsFramework:
    return skills_framework_list().get(pk=pk)


def skills_framework_find(name: str) -> SkillsFramework:
    """The framework called `name`, ignoring case; NotFound naming it otherwise."""
    found = skills_framework_list().filter(name__iexact=name.strip()).first()
    if found is None:
        raise NotFound(
            f"There is no skills framework called “{name.strip()}”. Import it first with "
            f'govdx people skills import FILE --framework "{name.strip()}".'
        )
    return found


def framework_roles(framework: SkillsFramework) -> list[FrameworkRole]:
    """The framework's roles, current first, each with its requirements and their skills."""
    return list(
        framework.roles.annotate(holder_count=Count("holders"))
        .prefetch_related(
            Prefetch(
                "requirements",
                queryset=SkillRequirement.objects.select_related("skill").order_by("skill__name"),
            )
        )
        .order_by(F("retired_in").desc(nulls_first=True), "role_family", "name", "level")
    )


def staff_role_list() -> QuerySet[StaffRole]:
    return StaffRole.objects.select_related("person__department", "role__framework")


def staff_role_get(pk: int) -> StaffRole:
    return staff_role_list().get(pk=pk)


def skill_assessment_list() -> QuerySet[SkillAssessment]:
    return SkillAssessment.objects.select_related(
        "person__department", "skill__framework", "assessor"
    )


def skill_assessment_get(pk: int) -> SkillAssessment:
    return skill_assessment_list().get(pk=pk)


def training_plan_list() -> QuerySet[TrainingPlan]:
    return TrainingPlan.objects.select_related("person__department", "skill__framework")


def training_plan_get(pk: int) -> TrainingPlan:
    return training_plan_list().get(pk=pk)


def latest_levels(people: Iterable[int]) -> dict[int, dict[int, Level]]:
    """Each person's latest assessed level of each skill: person id to skill id to level."""
    levels: dict[int, dict[int, Level]] = {}
    rows = (
        SkillAssessment.objects.filter(person_id__in=list(people))
        .order_by("assessed_on", "pk")
        .values_list("person_id", "skill_id", "level")
    )
    for person_id, skill_id, level in rows:
        levels.setdefault(person_id, {})[skill_id] = Level(level)
    return levels


def _needs(roles: Iterable[int]) -> dict[int, list[SkillRequirement]]:
    """Each role's requirements of skills not retired, by role id, skills by name."""
    needs: dict[int, list[SkillRequirement]] = {}
    requirements = (
        SkillRequirement.objects.filter(role_id__in=list(roles), skill__retired_in__isnull=True)
        .select_related("skill")
        .order_by("skill__name")
    )
    for requirement in requirements:
        needs.setdefault(requirement.role_id, []).append(requirement)
    return needs


@dataclass(frozen=True)
class PersonGap:
    """One skill a person's role needs: the requirement, the gap and the latest assessment."""

    requirement: SkillRequirement
    gap: SkillGap

    @property
    def assessed_label(self) -> str:
        return self.gap.assessed.label if self.gap.assessed else "Not assessed"


def person_gaps(person: Person) -> tuple[StaffRole | None, list[PersonGap]]:
    """The role the person holds and their gap in each skill it needs (kernel: skill_gaps)."""
    held = staff_role_list().filter(person=person).first()
    if held is None:
        return None, []
    requirements = _needs([held.role_id]).get(held.role_id, [])
    levels = latest_levels([person.pk]).get(person.pk, {})
    gaps = skill_gaps(
        {req.skill.name: Level(req.level) for req in requirements},
        {req.skill.name: levels[req.skill_id] for req in requirements if req.skill_id in levels},
    )
    return held, [PersonGap(req, gap) for req, gap in zip(requirements, gaps, strict=True)]


def gap_map(holders: QuerySet[StaffRole], framework: SkillsFramework | None = None) -> GapMap:
    """The gap per department and skill of the people in `holders` (already limited to what
    the reader may see), in one framework when given (kernel: map_gaps)."""
    if framework is not None:
        holders = holders.filter(role__framework=framework)
    held = list(holders.values_list("person_id", "person__department__name", "role_id"))
    needs = _needs({role_id for _, _, role_id in held})
    levels = latest_levels([person_id for person_id, _, _ in held])
    staff = []
    for person_id, department, role_id in held:
        required = needs.get(role_id, [])
        mine = levels.get(person_id, {})
        staff.append(
            StaffSkills(
                department,
                {req.skill.name: Level(req.level) for req in required},
                {req.skill.name: mine[req.skill_id] for req in required if req.skill_id in mine},
            )
        )
    return map_gaps(staff)


def gap_rows(shown: GapMap) -> list[tuple[str, list[tuple[GapCell | None, str]]]]:
    """The heat map's rows: each department with each skill's cell and its colour."""
    return [
        (department, [(cell, GAP_BAND_COLOURS[cell.band] if cell else "custom") for cell in cells])
        for department, cells in shown.rows()
    ]


# --- culture pulse -----------------------------------------------------------------------------


def pulse_list() -> QuerySet[PulseSurvey]:
    return PulseSurvey.objects.annotate(
        response_count=Count("responses", distinct=True),
        comment_count=Count("responses", filter=~Q(responses__comment=""), distinct=True),
    )


def pulse_get(pk: int) -> PulseSurvey:
    return pulse_list().get(pk=pk)


def pulse_find(name: str) -> PulseSurvey:
    """The pulse called `name`, ignoring case; NotFound naming it otherwise."""
    pulse = pulse_list().filter(name__iexact=name.strip()).first()
    if pulse is None:
        raise NotFound(
            f"There is no pulse called “{name.strip()}”. Import its responses first with "
            f'govdx people pulse import FILE --pulse "{name.strip()}".'
        )
    return pulse


def pulse_report(pulse: PulseSurvey, groups: Iterable[PeopleGroup] | None = None) -> PulseReport:
    """The pulse's results per group (means, favourable shares, comments; a group under the
    anonymity minimum not shown), limited to `groups` when given. Respondents are not read
    out: the kernel gets a row number in their place."""
    responses = pulse.responses.all()
    if groups is not None:
        responses = responses.filter(group__in=list(groups))
    rows = responses.select_related("group__department").order_by("pk")
    return report_pulse(
        pulse.name,
        pulse.questions,
        (PulseAnswer(str(row.pk), row.group.name, tuple(row.scores), row.comment)
         for row in rows),
    )  # fmt: skip


def pulse_trends(
    groups: Iterable[PeopleGroup] | None = None,
) -> tuple[list[PulseSurvey], tuple[GroupTrend, ...]]:
    """Every pulse in date order and each group's trend per question across them."""
    pulses = list(PulseSurvey.objects.order_by("conducted_on", "pk"))
    chosen = list(groups) if groups is not None else None
    return pulses, trend_pulses([pulse_report(pulse, chosen) for pulse in pulses])
