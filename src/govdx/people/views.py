"""The people pages: thin, calling selectors and services.

The readiness chart is SVG laid out by `core.charts` from the figures the ADKAR kernel worked
out, with a table giving the same figures. Every page works without JavaScript.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from govdx.core import charts
from govdx.core.permissions import Action, can, require, visible
from govdx.core.views import (
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    refuse_form,
)
from govdx.domain.errors import Invalid, NotAllowed
from govdx.domain.people.adkar import ELEMENTS
from govdx.domain.people.pulse import MINIMUM_RESPONDENTS, TREND_THRESHOLD, GroupTrend
from govdx.domain.tabular import ImportProblems
from govdx.org.models import Person
from govdx.people import filtersets, forms, selectors, services, tables
from govdx.people.choices import DEGREE_COLOURS, GAP_BAND_COLOURS, DegreeChoice
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
from govdx.programme.models import Project

CHART_LABEL_LENGTH = 22
GATES_PER_PAGE = 25
TRENDS_PER_PAGE = 10


def home(request: HttpRequest) -> HttpResponse:
    """Every people group the user may see: headcount, the highest impact on it, and its
    readiness in the latest survey it answered."""
    require(request.user, Action.VIEW, PeopleGroup)
    groups = visible(request.user, selectors.people_group_list())
    rows = selectors.people_home(groups)
    context = {
        "title": "People and culture change",
        "rows": rows,
        "headcount": sum(row["group"].headcount for row in rows),
        "surveys": visible(request.user, selectors.survey_list()).order_by("-conducted_on")[:3],
        "may_import": can(request.user, Action.ADD, SurveyResponse),
        "may_add": can(request.user, Action.ADD, PeopleGroup),
    }
    return render(request, "people/home.html", context)


# People groups


class PeopleGroupList(RecordListView):
    model = PeopleGroup
    selector = selectors.people_group_list
    filterset_class = filtersets.PeopleGroupFilterSet
    table_class = tables.PeopleGroupTable
    help_text = (
        "A people group is a role family in one department, such as the benefits assessors of "
        "Revenues and Benefits: the people a change is planned, surveyed and gated for. Survey "
        "files name a group “Department / Role family”."
    )


class PeopleGroupDetail(RecordDetailView):
    model = PeopleGroup
    selector = selectors.people_group_get
    template_name = "people/peoplegroup_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        impacts = visible(request.user, selectors.change_impact_list().filter(group=obj))
        return {
            "impacts": impacts.order_by("project__name"),
            "readiness": selectors.group_readiness_history(obj),
            "gates": selectors.gate_states(
                visible(request.user, selectors.readiness_gate_list().filter(group=obj))
            ),
            "may_add_impact": can(request.user, Action.ADD, ChangeImpact),
        }


class PeopleGroupEdit(RecordEditView):
    model = PeopleGroup
    form_class = forms.PeopleGroupForm
    selector = selectors.people_group_get
    create_service = services.people_group_create
    update_service = services.people_group_update


class PeopleGroupDelete(RecordDeleteView):
    model = PeopleGroup
    selector = selectors.people_group_get
    delete_service = services.people_group_delete


# Change impact


class ChangeImpactList(RecordListView):
    model = ChangeImpact
    selector = selectors.change_impact_list
    filterset_class = filtersets.ChangeImpactFilterSet
    table_class = tables.ChangeImpactTable
    help_text = (
        "How much each project changes each people group's work (none, low, medium or high), "
        "and what changes for them. The heat map shows the same by group and project."
    )


class ChangeImpactEdit(RecordEditView):
    model = ChangeImpact
    form_class = forms.ChangeImpactForm
    selector = selectors.change_impact_get
    create_service = services.change_impact_create
    update_service = services.change_impact_update


class ChangeImpactDelete(RecordDeleteView):
    model = ChangeImpact
    selector = selectors.change_impact_get
    delete_service = services.change_impact_delete


def impact_map(request: HttpRequest) -> HttpResponse:
    """The change impact heat map: people groups in rows, projects in columns."""
    require(request.user, Action.VIEW, ChangeImpact)
    projects = visible(request.user, Project.objects.all())
    chosen = request.GET.get("project", "")
    if chosen.isdigit():
        projects = projects.filter(pk=int(chosen))
    shown = selectors.impact_map(
        projects,
        visible(request.user, PeopleGroup.objects.all()),
        visible(request.user, ChangeImpact.objects.all()),
    )
    context = {
        "title": "Change impact heat map",
        "map": shown,
        "projects": visible(request.user, Project.objects.order_by("name")),
        "chosen": chosen,
        "degrees": [(DegreeChoice(d).label, DEGREE_COLOURS[d]) for d in DegreeChoice.values],
    }
    return render(request, "people/impact_map.html", context)


# Readiness surveys


class SurveyList(RecordListView):
    model = Survey
    selector = selectors.survey_list
    filterset_class = filtersets.SurveyFilterSet
    table_class = tables.SurveyTable
    help_text = (
        "Readiness surveys on the ADKAR model: each respondent scores Awareness, Desire, "
        "Knowledge, Ability and Reinforcement from 1 to 5. A survey is added by importing its "
        "responses."
    )
    can_add_here = False

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.ADD, SurveyResponse):
            return [("Import survey responses", self.url("import"))]
        return []


def _readiness_chart(rows: list[selectors.GroupReadinessRow]) -> charts.BarChart:
    return charts.bar_chart(
        ident="ready-share",
        title="Share of each group's respondents ready",
        description="A bar per people group: the percentage of its respondents with no "
        "barrier point (every element scored 4 or 5). "
        + "; ".join(f"{row.readiness.group} {row.ready_percent}%" for row in rows)
        + ".",
        x_label="Respondents ready (%)",
        bars=[
            charts.Bar(row.readiness.group[:CHART_LABEL_LENGTH], round(row.ready_percent))
            for row in rows
        ],
    )


def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's readiness per group: respondents, means, barrier points and share ready."""
    try:
        survey = selectors.survey_get(pk)
    except Survey.DoesNotExist as error:
        raise Http404("No survey with that number.") from error
    if not can(request.user, Action.VIEW, survey):
        raise Http404("No survey with that number.")
    groups = visible(request.user, PeopleGroup.objects.all())
    report = selectors.readiness_report(survey, groups)
    rows = selectors.readiness_rows(report)
    context = {
        "title": survey.name,
        "object": survey,
        "report": report,
        "rows": rows,
        "elements": [element.label for element in ELEMENTS],
        "chart": _readiness_chart(rows) if rows else None,
        "may_import": can(request.user, Action.ADD, SurveyResponse),
    }
    return render(request, "people/survey_detail.html", context)


def _import_page(
    request: HttpRequest,
    *,
    template: str,
    context: dict[str, Any],
    form: Any,
    run: Any,
    page_of: Any,
) -> HttpResponse:
    """An import page's POST: check the form, `run(cleaned_data)` (a service), and show every
    problem by row and column, the dry run's report, or go to `page_of(result)` with the
    summary. Shared by the readiness, pulse and framework imports."""
    context["form"] = form
    if not form.is_valid():
        return render(request, template, context, status=422)
    data = form.cleaned_data
    try:
        result = run(data)
    except ImportProblems as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return render(request, template, context, status=422)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except Invalid as error:
        refuse_form(form, error)
        return render(request, template, context, status=422)
    url = page_of(result)
    if data["dry_run"] or url is None:
        context["dry_run"] = result
        return render(request, template, context)
    messages.success(request, result.summary())
    return HttpResponseRedirect(url)


def readiness_import(request: HttpRequest) -> HttpResponse:
    """Import a survey's responses, all or nothing; a dry run reports what would change."""
    if not can(request.user, Action.ADD, SurveyResponse):
        raise PermissionDenied(
            "You may not import readiness surveys. Ask an administrator if you need to."
        )
    context: dict[str, Any] = {"title": "Import survey responses", "problems": []}
    if request.method != "POST":
        initial = {"survey": request.GET.get("survey", "")}
        context["form"] = forms.ReadinessImportForm(initial=initial, user=request.user)
        return render(request, "people/readiness_import.html", context)

    def run(data: dict[str, Any]) -> Any:
        return services.readiness_import(
            data["file"],
            survey_name=data["survey"],
            user=request.user,
            filename=data["file"].name,
            conducted_on=data["conducted_on"],
            project=data["project"],
            dry_run=data["dry_run"],
            today=timezone.localdate(),
        )

    return _import_page(
        request,
        template="people/readiness_import.html",
        context=context,
        form=forms.ReadinessImportForm(request.POST, request.FILES, user=request.user),
        run=run,
        page_of=lambda result: result.survey_id and Survey(pk=result.survey_id).get_absolute_url(),
    )


# Culture pulse


class PulseSurveyList(RecordListView):
    model = PulseSurvey
    selector = selectors.pulse_list
    filterset_class = filtersets.PulseSurveyFilterSet
    table_class = tables.PulseSurveyTable
    help_text = (
        "Culture pulses: short surveys repeated over time, each question scored from 1 "
        "(strongly disagree) to 5 (strongly agree), with a free-text comment. A pulse is added "
        "by importing its responses; its results per people group and their trend are worked "
        "out from them."
    )
    can_add_here = False

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        actions = [("Trends per group", reverse("people:pulse_trends"))]
        if can(request.user, Action.ADD, PulseResponse):
            actions.append(("Import pulse responses", self.url("import")))
        return actions


def pulse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A pulse's results per group: means, favourable shares and comments, never who
    answered; a group under the anonymity minimum shows as too few responses."""
    try:
        pulse = selectors.pulse_get(pk)
    except PulseSurvey.DoesNotExist as error:
        raise Http404("No pulse with that number.") from error
    if not can(request.user, Action.VIEW, pulse):
        raise Http404("No pulse with that number.")
    report = selectors.pulse_report(pulse, visible(request.user, PeopleGroup.objects.all()))
    context = {
        "title": pulse.name,
        "object": pulse,
        "report": report,
        "minimum": MINIMUM_RESPONDENTS,
        "may_import": can(request.user, Action.ADD, PulseResponse),
    }
    return render(request, "people/pulsesurvey_detail.html", context)


def _trend_chart(pulses: list[PulseSurvey], trend: GroupTrend, index: int) -> charts.LineChart:
    """A group's mean per question across the pulses, a line per question."""
    days = [charts.day_number(pulse.conducted_on) for pulse in pulses]
    first, last = pulses[0].conducted_on, pulses[-1].conducted_on
    low, high = days[0], days[-1] if days[-1] > days[0] else days[0] + 1
    series = [
        charts.Series(
            question.question[:CHART_LABEL_LENGTH * 2],
            [(day, float(point.mean)) for day, point in zip(days, question.points, strict=True)
             if point.mean is not None],
            css_class=f"govdx-chart__line--{('actual', 'planned', 'earned')[number % 3]}",
            markers=[point.pulse for point in question.points if point.mean is not None],
        )
        for number, question in enumerate(trend.questions)
    ]  # fmt: skip
    return charts.line_chart(
        ident=f"pulse-trend-{index}",
        title=f"{trend.group}: mean score per question, pulse by pulse",
        description=f"A line per question through its mean score (1 to 5) in each pulse "
        f"{trend.group} was shown in. The table below gives every figure and the change.",
        x=charts.Axis("Date of the pulse", low, high, charts.date_ticks(first, last, most=5)),
        y=charts.Axis("Mean score", 1, 5, [(value, str(value)) for value in range(1, 6)]),
        series=series,
        legend=True,
    )


def pulse_trends(request: HttpRequest) -> HttpResponse:
    """Each group's mean per question across the pulses, as a chart and a table, with the
    change since the previous pulse and its direction."""
    require(request.user, Action.VIEW, PulseSurvey)
    groups = visible(request.user, PeopleGroup.objects.all())
    pulses, trends = selectors.pulse_trends(groups)
    shown = [trend for trend in trends if any(q.latest for q in trend.questions)]
    page = Paginator(shown, TRENDS_PER_PAGE).get_page(request.GET.get("page"))
    offset = (page.number - 1) * TRENDS_PER_PAGE
    context = {
        "title": "Culture pulse trends per group",
        "pulses": pulses,
        "page": page,
        "trends": [
            (trend, _trend_chart(pulses, trend, offset + index))
            for index, trend in enumerate(page.object_list)
        ],
        "minimum": MINIMUM_RESPONDENTS,
        "threshold": float(TREND_THRESHOLD),
    }
    return render(request, "people/pulse_trends.html", context)


def pulse_import(request: HttpRequest) -> HttpResponse:
    """Import a pulse's responses, all or nothing; a dry run reports what would change."""
    if not can(request.user, Action.ADD, PulseResponse):
        raise PermissionDenied(
            "You may not import culture pulses. Ask an administrator if you need to."
        )
    context: dict[str, Any] = {"title": "Import pulse responses", "problems": []}
    if request.method != "POST":
        context["form"] = forms.PulseImportForm(initial={"pulse": request.GET.get("pulse", "")})
        return render(request, "people/pulsesurvey_import.html", context)

    def run(data: dict[str, Any]) -> Any:
        return services.pulse_import(
            data["file"],
            pulse_name=data["pulse"],
            user=request.user,
            filename=data["file"].name,
            conducted_on=data["conducted_on"],
            dry_run=data["dry_run"],
            today=timezone.localdate(),
        )

    return _import_page(
        request,
        template="people/pulsesurvey_import.html",
        context=context,
        form=forms.PulseImportForm(request.POST, request.FILES),
        run=run,
        page_of=lambda result: (
            result.pulse_id and PulseSurvey(pk=result.pulse_id).get_absolute_url()
        ),
    )


# Readiness gates


def gate_list(request: HttpRequest) -> HttpResponse:
    """Every readiness gate the user may see, judged now, a page at a time."""
    require(request.user, Action.VIEW, ReadinessGate)
    gates = visible(request.user, selectors.readiness_gate_list())
    chosen = request.GET.get("project", "")
    if chosen.isdigit():
        gates = gates.filter(milestone__project_id=int(chosen))
    page = Paginator(gates, GATES_PER_PAGE).get_page(request.GET.get("page"))
    states = selectors.gate_states(page.object_list)
    context = {
        "title": "Readiness gates",
        "states": [
            (
                state,
                can(request.user, Action.CHANGE, state.gate),
                can(request.user, Action.DELETE, state.gate),
            )
            for state in states
        ],
        "page": page,
        "projects": visible(request.user, Project.objects.order_by("name")),
        "chosen": chosen,
        "may_add": can(request.user, Action.ADD, ReadinessGate),
    }
    return render(request, "people/readinessgate_list.html", context)


class ReadinessGateEdit(RecordEditView):
    model = ReadinessGate
    form_class = forms.ReadinessGateForm
    selector = selectors.readiness_gate_get
    create_service = services.readiness_gate_create
    update_service = services.readiness_gate_update


class ReadinessGateDelete(RecordDeleteView):
    model = ReadinessGate
    selector = selectors.readiness_gate_get
    delete_service = services.readiness_gate_delete


# Skills and training


class SkillsFrameworkList(RecordListView):
    model = SkillsFramework
    selector = selectors.skills_framework_list
    filterset_class = filtersets.SkillsFrameworkFilterSet
    table_class = tables.SkillsFrameworkTable
    help_text = (
        "A capability framework names role families, the roles in them at each role level, and "
        "the skills each role needs at one of four levels: awareness, working, practitioner "
        "and expert, as in the government digital and data capability framework. A framework "
        "is added, and given a new version, by importing its file; roles and skills a new "
        "version drops are retired, not deleted, so people's assessments are kept."
    )
    can_add_here = False

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.ADD, SkillRequirement):
            return [("Import a skills framework", reverse("people:skillsframework_import"))]
        return []


class SkillsFrameworkDetail(RecordDetailView):
    model = SkillsFramework
    selector = selectors.skills_framework_get
    template_name = "people/skillsframework_detail.html"
    deletable = False

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {"roles": selectors.framework_roles(obj)}


class SkillsFrameworkEdit(RecordEditView):
    model = SkillsFramework
    form_class = forms.SkillsFrameworkForm
    selector = selectors.skills_framework_get
    update_service = services.skills_framework_update

    def get_object(self, request: HttpRequest, pk: int | None) -> Any:
        if pk is None:  # a framework is added by importing its file
            raise Http404("A skills framework is added by importing its file.")
        return super().get_object(request, pk)


def framework_import(request: HttpRequest) -> HttpResponse:
    """Import a capability framework file as the framework's next version, all or nothing."""
    if not can(request.user, Action.ADD, SkillRequirement):
        raise PermissionDenied(
            "You may not import skills frameworks. Ask an administrator if you need to."
        )
    context: dict[str, Any] = {"title": "Import a skills framework", "problems": []}
    template = "people/skillsframework_import.html"
    if request.method != "POST":
        context["form"] = forms.FrameworkImportForm()
        return render(request, template, context)

    def run(data: dict[str, Any]) -> Any:
        return services.framework_import(
            data["file"],
            framework_name=data["framework"],
            user=request.user,
            filename=data["file"].name,
            dry_run=data["dry_run"],
        )

    return _import_page(
        request,
        template=template,
        context=context,
        form=forms.FrameworkImportForm(request.POST, request.FILES),
        run=run,
        page_of=lambda result: (
            result.framework_id and SkillsFramework(pk=result.framework_id).get_absolute_url()
        ),
    )


class StaffRoleList(RecordListView):
    model = StaffRole
    selector = selectors.staff_role_list
    filterset_class = filtersets.StaffRoleFilterSet
    table_class = tables.StaffRoleTable
    help_text = (
        "The framework role each member of staff holds: their skills are measured against what "
        "it needs. A person holds one role."
    )


class StaffRoleEdit(RecordEditView):
    model = StaffRole
    form_class = forms.StaffRoleForm
    selector = selectors.staff_role_get
    create_service = services.staff_role_create
    update_service = services.staff_role_update


class StaffRoleDelete(RecordDeleteView):
    model = StaffRole
    selector = selectors.staff_role_get
    delete_service = services.staff_role_delete


class SkillAssessmentList(RecordListView):
    model = SkillAssessment
    selector = selectors.skill_assessment_list
    filterset_class = filtersets.SkillAssessmentFilterSet
    table_class = tables.SkillAssessmentTable
    help_text = (
        "People's levels in skills, each assessed on a date by an assessor. Every assessment is "
        "kept; a person's latest assessment of a skill is their level in it."
    )


class SkillAssessmentEdit(RecordEditView):
    model = SkillAssessment
    form_class = forms.SkillAssessmentForm
    selector = selectors.skill_assessment_get
    create_service = services.skill_assessment_create
    update_service = services.skill_assessment_update


class SkillAssessmentDelete(RecordDeleteView):
    model = SkillAssessment
    selector = selectors.skill_assessment_get
    delete_service = services.skill_assessment_delete


class TrainingPlanList(RecordListView):
    model = TrainingPlan
    selector = selectors.training_plan_list
    filterset_class = filtersets.TrainingPlanFilterSet
    table_class = tables.TrainingPlanTable
    help_text = (
        "Training planned for people to reach a level in a skill: the course and the date it is "
        "due; a plan is completed when its completion date is recorded."
    )


class TrainingPlanEdit(RecordEditView):
    model = TrainingPlan
    form_class = forms.TrainingPlanForm
    selector = selectors.training_plan_get
    create_service = services.training_plan_create
    update_service = services.training_plan_update


class TrainingPlanDelete(RecordDeleteView):
    model = TrainingPlan
    selector = selectors.training_plan_get
    delete_service = services.training_plan_delete


def gap_map(request: HttpRequest) -> HttpResponse:
    """The skills gap per department: departments in rows, skills in columns, each cell saying
    how many people fall short and by how much on average."""
    require(request.user, Action.VIEW, SkillAssessment)
    frameworks = visible(request.user, SkillsFramework.objects.order_by("name"))
    chosen = request.GET.get("framework", "")
    framework = frameworks.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    holders = visible(request.user, selectors.staff_role_list())
    shown = selectors.gap_map(holders, framework)
    context = {
        "title": "Skills gap by department",
        "map": shown,
        "rows": selectors.gap_rows(shown),
        "bands": list(GAP_BAND_COLOURS.items()),
        "frameworks": frameworks,
        "chosen": chosen,
    }
    return render(request, "people/skills_gap_map.html", context)


def person_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of staff's role, their gap in each skill it needs, their assessments and their
    training plans."""
    require(request.user, Action.VIEW, SkillAssessment)
    person = Person.objects.select_related("department").filter(pk=pk).first()
    if person is None or not can(request.user, Action.VIEW, person):
        raise Http404("No person with that number.")
    held, gaps = selectors.person_gaps(person)
    context = {
        "title": f"Skills of {person}",
        "person": person,
        "held": held,
        "gaps": gaps,
        "assessments": selectors.skill_assessment_list().filter(person=person),
        "training": selectors.training_plan_list().filter(person=person),
        "may_write": can(request.user, Action.CHANGE, SkillAssessment(person=person)),
        "may_set_role": can(request.user, Action.CHANGE, StaffRole(person=person)),
    }
    return render(request, "people/person_skills.html", context)
