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
from govdx.domain.tabular import ImportProblems
from govdx.people import filtersets, forms, selectors, services, tables
from govdx.people.choices import DEGREE_COLOURS, DegreeChoice
from govdx.people.models import ChangeImpact, PeopleGroup, ReadinessGate, Survey, SurveyResponse
from govdx.programme.models import Project

CHART_LABEL_LENGTH = 22
GATES_PER_PAGE = 25


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
    form = forms.ReadinessImportForm(request.POST, request.FILES, user=request.user)
    context["form"] = form
    if not form.is_valid():
        return render(request, "people/readiness_import.html", context, status=422)
    data = form.cleaned_data
    upload = data["file"]
    try:
        result = services.readiness_import(
            upload,
            survey_name=data["survey"],
            user=request.user,
            filename=upload.name,
            conducted_on=data["conducted_on"],
            project=data["project"],
            dry_run=data["dry_run"],
            today=timezone.localdate(),
        )
    except ImportProblems as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return render(request, "people/readiness_import.html", context, status=422)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except Invalid as error:
        refuse_form(form, error)
        return render(request, "people/readiness_import.html", context, status=422)
    if data["dry_run"] or result.survey_id is None:
        context["dry_run"] = result
        return render(request, "people/readiness_import.html", context)
    messages.success(request, result.summary())
    return HttpResponseRedirect(Survey(pk=result.survey_id).get_absolute_url())


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
