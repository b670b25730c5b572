"""Governance's pages: thin, calling selectors and services.

Restricted papers go through `selectors.papers_visible` and `selectors.paper_readable` on
every page that shows or serves one: a paper the user may not read is not found (404), so
nobody outside its board learns it exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdx.core import charts
from govdx.core.history import history_for
from govdx.core.permissions import Action, can, require, visible
from govdx.core.views import (
    FormPage,
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
)
from govdx.domain.errors import Invalid
from govdx.domain.governance.maturity import MaturityModel, MaturityResult
from govdx.domain.governance.raci import RESPONSIBILITY_LABELS
from govdx.domain.tabular import ImportProblems
from govdx.governance import filtersets, forms, selectors, services, tables
from govdx.governance.models import (
    Board,
    BoardAction,
    Decision,
    KeyPerformanceIndicator,
    MaturityAssessment,
    Meeting,
    Objective,
    Paper,
    RaciRow,
)
from govdx.org.models import Department, Person
from govdx.programme.models import Project


def _found(request: HttpRequest, get: Any, pk: int, noun: str) -> Any:
    """The record, if it exists and the user may see it; else 404."""
    try:
        obj = get(pk)
    except ObjectDoesNotExist as error:
        raise Http404(f"No {noun} with that number.") from error
    if not can(request.user, Action.VIEW, obj):
        raise Http404(f"No {noun} with that number.")
    return obj


# --- home ------------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """What needs the boards' attention: overdue actions, recent decisions, next meetings, the
    governance check in numbers."""
    require(request.user, Action.VIEW, Board)
    today = timezone.localdate()
    actions = visible(request.user, selectors.action_list())
    projects = visible(request.user, Project.objects.all())
    check = (
        selectors.governance_check(list(projects))
        if can(request.user, Action.VIEW, RaciRow)
        else None
    )
    context = {
        "title": "Governance",
        "today": today,
        "boards": visible(request.user, selectors.board_list()),
        "overdue": selectors.overdue_actions(actions, today)[:10],
        "overdue_count": selectors.overdue_actions(actions, today).count(),
        "decisions": visible(request.user, selectors.decision_list())[:5],
        "next_meetings": visible(request.user, selectors.meeting_list())
        .filter(held_on__gte=today)
        .order_by("held_on")[:5],
        "check": check,
        "limit": selectors.accountable_limit(),
    }
    return render(request, "governance/home.html", context)


# --- boards ----------------------------------------------------------------------------------


class BoardList(RecordListView):
    model = Board
    selector = selectors.board_list
    filterset_class = filtersets.BoardFilterSet
    table_class = tables.BoardTable
    help_text = (
        "The transformation board, the design authority and the departments' boards: who sits "
        "on each, what each decides, their meetings and papers."
    )


class BoardDetail(RecordDetailView):
    model = Board
    selector = selectors.board_get
    template_name = "governance/board_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        may_change = can(request.user, Action.CHANGE, obj)
        return {
            "memberships": selectors.memberships_of(obj),
            "meetings": selectors.meetings_of(obj, request.user),
            "decisions": obj.decisions.order_by("-decided_on")[:10],
            "actions": obj.actions.filter(completed_on__isnull=True)
            .select_related("owner")
            .order_by("due_on"),
            "today": timezone.localdate(),
            "may_change": may_change,
            "is_member": obj.pk in selectors.boards_of(request.user),
        }


class BoardEdit(RecordEditView):
    model = Board
    form_class = forms.BoardForm
    selector = selectors.board_get
    create_service = services.board_create
    update_service = services.board_update


class BoardDelete(RecordDeleteView):
    model = Board
    selector = selectors.board_get
    delete_service = services.board_delete


def _changeable(request: HttpRequest, obj: Any) -> Any:
    require(request.user, Action.CHANGE, obj)
    return obj


class BoardPage(FormPage):
    """A small form about a board, for those who may change it; captioned with its name."""

    def target(self, request: HttpRequest, pk: int) -> Board:
        return _changeable(request, _found(request, selectors.board_get, pk, "board"))

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target)}


class MembershipAdd(BoardPage):
    title = "Add a member"
    submit_label = "Save the member"
    intro = "A person who sits on the board, and their role on it."

    def make_form(self, request: HttpRequest, target: Board, data: Any = None) -> Any:
        form = forms.MembershipForm(data)
        field: Any = form.fields["person"]
        field.queryset = visible(request.user, field.queryset)
        return form

    def save(self, request: HttpRequest, target: Board, form: Any) -> str:
        membership = services.membership_add(
            board=target, person=form.cleaned_data["person"], role=form.cleaned_data["role"],
            user=request.user,
        )  # fmt: skip
        return f"{membership.person} sits on the board as {membership.get_role_display()}."


@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _found(request, selectors.membership_get, pk, "member")
    require(request.user, Action.DELETE, membership)
    services.membership_remove(membership=membership, user=request.user)
    messages.success(request, f"{membership.person} no longer sits on {membership.board}.")
    return HttpResponseRedirect(membership.board.get_absolute_url())


# --- meetings and papers ---------------------------------------------------------------------


class MeetingAdd(BoardPage):
    title = "Add a meeting"
    submit_label = "Save the meeting"
    intro = "A meeting of the board, its agenda and, once held, its minutes."

    def make_form(self, request: HttpRequest, target: Board, data: Any = None) -> Any:
        return forms.MeetingForm(data, user=request.user)

    def save(self, request: HttpRequest, target: Board, form: Any) -> tuple[str, str]:
        meeting = services.meeting_create(board=target, data=form.changes(), user=request.user)
        return f"Meeting of {meeting.held_on.isoformat()} saved.", meeting.get_absolute_url()


class MeetingChange(FormPage):
    title = "Change a meeting"
    submit_label = "Save the meeting"

    def target(self, request: HttpRequest, pk: int) -> Meeting:
        return _changeable(request, _found(request, selectors.meeting_get, pk, "meeting"))

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target.board)}

    def make_form(self, request: HttpRequest, target: Meeting, data: Any = None) -> Any:
        return forms.MeetingForm(data, instance=target, user=request.user)

    def save(self, request: HttpRequest, target: Meeting, form: Any) -> str:
        services.meeting_update(
            instance=target, data=form.changes(), user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )  # fmt: skip
        return "Meeting saved."


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting: its agenda, the papers the user may read, its minutes and decisions."""
    meeting = _found(request, selectors.meeting_get, pk, "meeting")
    papers = selectors.papers_visible(request.user, selectors.paper_list()).filter(meeting=meeting)
    context = {
        "title": str(meeting),
        "object": meeting,
        "papers": papers,
        "decisions": meeting.decisions.order_by("title"),
        "may_change": can(request.user, Action.CHANGE, meeting),
        "history": history_for(meeting),
    }
    return render(request, "governance/meeting_detail.html", context)


def _readable_paper(request: HttpRequest, pk: int) -> Paper:
    paper = _found(request, selectors.paper_get, pk, "paper")
    if not selectors.paper_readable(request.user, paper):
        raise Http404("No paper with that number.")
    return paper


class PaperList(RecordListView):
    model = Paper
    selector = selectors.paper_list
    filterset_class = filtersets.PaperFilterSet
    table_class = tables.PaperTable
    can_add_here = False
    help_text = (
        "The papers of every board's meetings. A restricted paper is listed only for the "
        "members of its board. Add a paper from its meeting's page."
    )

    def queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return selectors.papers_visible(request.user, selectors.paper_list())


class PaperAdd(FormPage):
    title = "Add a paper"
    submit_label = "Save the paper"
    intro = (
        "A paper for the meeting: the agenda, a paper for discussion or decision, or the "
        "minutes. Mark it restricted to show it only to the board's members."
    )

    def target(self, request: HttpRequest, pk: int) -> Meeting:
        return _changeable(request, _found(request, selectors.meeting_get, pk, "meeting"))

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target)}

    def make_form(self, request: HttpRequest, target: Meeting, data: Any = None) -> Any:
        return forms.PaperForm(data, request.FILES if data is not None else None,
                               user=request.user)  # fmt: skip

    def save(self, request: HttpRequest, target: Meeting, form: Any) -> tuple[str, str]:
        paper = services.paper_create(
            meeting=target, data=form.changes(), user=request.user,
            upload=form.cleaned_data.get("file"),
        )  # fmt: skip
        return f"Paper “{paper}” saved.", paper.get_absolute_url()


class PaperChange(FormPage):
    title = "Change a paper"
    submit_label = "Save the paper"

    def target(self, request: HttpRequest, pk: int) -> Paper:
        return _changeable(request, _readable_paper(request, pk))

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target.meeting)}

    def make_form(self, request: HttpRequest, target: Paper, data: Any = None) -> Any:
        return forms.PaperForm(data, request.FILES if data is not None else None,
                               instance=target, user=request.user)  # fmt: skip

    def save(self, request: HttpRequest, target: Paper, form: Any) -> str:
        services.paper_update(
            instance=target, data=form.changes(), user=request.user,
            expected_version=form.cleaned_data.get("version"),
            upload=form.cleaned_data.get("file"),
        )  # fmt: skip
        return f"Paper “{target}” saved."


def paper_detail(request: HttpRequest, pk: int) -> HttpResponse:
    paper = _readable_paper(request, pk)
    context = {
        "title": str(paper),
        "object": paper,
        "size": len(paper.content or b""),
        "change_url": reverse("governance:paper_change", args=[paper.pk])
        if can(request.user, Action.CHANGE, paper)
        else None,
        "history": history_for(paper),
    }
    return render(request, "governance/paper_detail.html", context)


def paper_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper's file, for those who may read the paper; never shown inline."""
    paper = _readable_paper(request, pk)
    if not paper.filename:
        raise Http404("The paper has no file.")
    response = HttpResponse(bytes(paper.content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{paper.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- decisions and actions -------------------------------------------------------------------


class DecisionList(RecordListView):
    model = Decision
    selector = selectors.decision_list
    filterset_class = filtersets.DecisionFilterSet
    table_class = tables.DecisionTable
    help_text = (
        "Every decision of the boards: when, by which board, why, the options weighed, the "
        "projects it concerns and the actions that follow from it."
    )


class DecisionDetail(RecordDetailView):
    model = Decision
    selector = selectors.decision_get
    template_name = "governance/decision_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "projects": visible(request.user, obj.projects.order_by("name")),
            "actions": obj.actions.select_related("owner").order_by("due_on"),
            "today": timezone.localdate(),
        }


class DecisionEdit(RecordEditView):
    model = Decision
    form_class = forms.DecisionForm
    selector = selectors.decision_get
    create_service = services.decision_create
    update_service = services.decision_update


class DecisionDelete(RecordDeleteView):
    model = Decision
    selector = selectors.decision_get
    delete_service = services.decision_delete


class BoardActionList(RecordListView):
    model = BoardAction
    selector = selectors.action_list
    filterset_class = filtersets.BoardActionFilterSet
    table_class = tables.BoardActionTable
    help_text = (
        "The actions the boards gave, with their owners and due dates. An open action past its "
        "due date is overdue."
    )


class BoardActionDetail(RecordDetailView):
    model = BoardAction
    selector = selectors.action_get
    template_name = "governance/boardaction_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {"today": timezone.localdate()}


class BoardActionEdit(RecordEditView):
    model = BoardAction
    form_class = forms.BoardActionForm
    selector = selectors.action_get
    create_service = services.action_create
    update_service = services.action_update


class BoardActionDelete(RecordDeleteView):
    model = BoardAction
    selector = selectors.action_get
    delete_service = services.action_delete


@require_POST
def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = _changeable(request, _found(request, selectors.action_get, pk, "action"))
    try:
        services.action_complete(action=action, on=timezone.localdate(), user=request.user)
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Action “{action}” done.")
    return HttpResponseRedirect(action.get_absolute_url())


# --- strategy --------------------------------------------------------------------------------


def _kpi_chart(shown: selectors.KpiShown) -> charts.LineChart | None:
    """The KPI's actuals over time beside the straight line from its baseline to its target."""
    kpi, actuals = shown.kpi, shown.actuals
    if not actuals:
        return None
    first = kpi.baseline_on
    last = max(kpi.target_on, actuals[-1].measured_on)
    values = [float(kpi.baseline), float(kpi.target), *(float(a.value) for a in actuals)]
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    ticks = [low + (high - low) * i / 4 for i in range(5)]
    measured = [(charts.day_number(first), float(kpi.baseline))] + [
        (charts.day_number(a.measured_on), float(a.value)) for a in actuals
    ]
    return charts.line_chart(
        ident=f"kpi-{kpi.pk}",
        title=f"{kpi.measure}: actuals against the line to the target",
        description=(
            f"From the baseline of {kpi.baseline_text} on {first.isoformat()} to the target of "
            f"{kpi.target_text} by {kpi.target_on.isoformat()}; {len(actuals)} "
            f"actual{'s' if len(actuals) != 1 else ''}, the latest {actuals[-1].value_text} on "
            f"{actuals[-1].measured_on.isoformat()}. "
            "The table below the chart gives every figure."
        ),
        x=charts.Axis("Date", charts.day_number(first), charts.day_number(last),
                      charts.date_ticks(first, last, most=5)),
        y=charts.Axis(kpi.measure, low, high, [(t, f"{t:,.4g}") for t in ticks]),
        series=[
            charts.Series("Straight line from baseline to target",
                          [(charts.day_number(first), float(kpi.baseline)),
                           (charts.day_number(kpi.target_on), float(kpi.target))],
                          css_class="govdx-chart__line--planned"),
            charts.Series("Measured", measured, css_class="govdx-chart__line--actual",
                          markers=[point.isoformat() for point in
                                   [first, *(a.measured_on for a in actuals)]]),
        ],
        guides=[charts.Guide("Target", float(kpi.target))],
        legend=True,
    )  # fmt: skip


class ObjectiveList(RecordListView):
    model = Objective
    selector = selectors.objective_list
    filterset_class = filtersets.ObjectiveFilterSet
    table_class = tables.ObjectiveTable
    help_text = (
        "The strategy: what the transformation is for. Each objective has the outcomes it "
        "seeks, key performance indicators with their actuals, and the projects and benefits "
        "that serve it."
    )


class ObjectiveDetail(RecordDetailView):
    model = Objective
    selector = selectors.objective_get
    template_name = "governance/objective_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        kpis = selectors.objective_kpis(obj, timezone.localdate())
        projects, benefits = selectors.objective_links(obj, request.user)
        return {
            "kpis": [(shown, _kpi_chart(shown)) for shown in kpis],
            "projects": projects,
            "benefits": benefits,
            "may_change": can(request.user, Action.CHANGE, obj),
        }


class ObjectiveEdit(RecordEditView):
    model = Objective
    form_class = forms.ObjectiveForm
    selector = selectors.objective_get
    create_service = services.objective_create
    update_service = services.objective_update


class ObjectiveDelete(RecordDeleteView):
    model = Objective
    selector = selectors.objective_get
    delete_service = services.objective_delete


class KpiAdd(FormPage):
    title = "Add a key performance indicator"
    submit_label = "Save the KPI"
    intro = (
        "A measure of the objective, with its unit; its value on the baseline date, the "
        "target, and the date the target should be reached by."
    )

    def target(self, request: HttpRequest, pk: int) -> Objective:
        return _changeable(request, _found(request, selectors.objective_get, pk, "objective"))

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target)}

    def make_form(self, request: HttpRequest, target: Objective, data: Any = None) -> Any:
        return forms.KpiForm(data, user=request.user)

    def save(self, request: HttpRequest, target: Objective, form: Any) -> str:
        kpi = services.kpi_create(objective=target, data=form.changes(), user=request.user)
        return f"KPI “{kpi}” saved."


class KpiPage(FormPage):
    """A form about one KPI, for those who may change it; back to its objective."""

    def target(self, request: HttpRequest, pk: int) -> KeyPerformanceIndicator:
        return _changeable(request, _found(request, selectors.kpi_get, pk, "KPI"))

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": f"{target.objective}: {target}"}


class KpiChange(KpiPage):
    title = "Change a key performance indicator"
    submit_label = "Save the KPI"

    def make_form(self, request: HttpRequest, target: Any, data: Any = None) -> Any:
        return forms.KpiForm(data, instance=target, user=request.user)

    def save(self, request: HttpRequest, target: Any, form: Any) -> str:
        services.kpi_update(
            instance=target, data=form.changes(), user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )  # fmt: skip
        return f"KPI “{target}” saved."


class KpiActualAdd(KpiPage):
    title = "Record an actual"
    submit_label = "Save the actual"
    intro = "The KPI's measure as observed on a day."

    def make_form(self, request: HttpRequest, target: Any, data: Any = None) -> Any:
        return forms.KpiActualForm(data, initial={"measured_on": timezone.localdate()})

    def save(self, request: HttpRequest, target: Any, form: Any) -> str:
        actual = services.kpi_actual_record(
            kpi=target, measured_on=form.cleaned_data["measured_on"],
            value=form.cleaned_data["value"], user=request.user,
        )  # fmt: skip
        return f"Actual of {actual.measured_on.isoformat()} saved."


# --- RACI ------------------------------------------------------------------------------------

ROW_FIELD = "row-{}"
CELL_FIELD = "cell-{}-{}"
NEW_ROWS = 3


def _grid_from_post(
    request: HttpRequest, people: list[Person]
) -> list[tuple[str, dict[Person, str]]]:
    """The grid as the form posted it: `row-N` names, `cell-N-PERSON` parts; `person-new` adds
    a column."""
    grid = []
    index = 0
    while f"row-{index}" in request.POST:
        name = request.POST.get(ROW_FIELD.format(index), "").strip()
        cells = {
            person: request.POST.get(CELL_FIELD.format(index, person.pk), "").strip()
            for person in people
        }
        if name or any(cells.values()):
            grid.append((name, cells))
        index += 1
    return grid


def _posted_people(request: HttpRequest, project: Project) -> list[Person]:
    ids = [int(pk) for pk in request.POST.getlist("person") if pk.isdigit()]
    added = request.POST.get("person-new", "")
    if added.isdigit():
        ids.append(int(added))
    found = {p.pk: p for p in visible(request.user, Person.objects.filter(pk__in=ids))}
    return [found[pk] for pk in dict.fromkeys(ids) if pk in found]


def raci(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's RACI grid as a form: a row per deliverable or workstream, a column per
    person, each cell R, A, C, I or a combination. "Check" shows each row's problems without
    saving (htmx checks as you type); "Save" saves the grid whole."""
    project = _found(request, selectors.project_get, pk, "project")
    require(request.user, Action.VIEW, RaciRow)
    may_change = can(request.user, Action.CHANGE, project) and can(
        request.user, Action.CHANGE, RaciRow
    )
    status = 200
    if request.method == "POST":
        require(request.user, Action.CHANGE, project)
        people = _posted_people(request, project)
        grid = _grid_from_post(request, people)
        rows = selectors.raci_rows_checked(grid, people)
        if request.POST.get("action") == "save":
            try:
                result = services.raci_save(project=project, grid=grid, user=request.user)
            except Invalid as error:
                messages.error(request, error.message)
                status = 422
            else:
                messages.success(request, result.summary())
                return HttpResponseRedirect(reverse("governance:raci", args=[project.pk]))
    else:
        shown = selectors.raci_grid(project)
        people = shown.people
        rows = [
            {"name": r.row.name, "cells": r.cells, "problems": [p.value for p in r.problems]}
            for r in shown.rows
        ]
    blank = [{"name": "", "cells": [(p, "") for p in people], "problems": []}] * NEW_ROWS
    check = selectors.governance_check([project])
    context = {
        "title": f"RACI of {project.name}",
        "project": project,
        "people": people,
        "rows": [*rows, *blank] if may_change else rows,
        "may_change": may_change,
        "candidates": visible(request.user, Person.objects.filter(is_active=True))
        .exclude(pk__in=[p.pk for p in people])
        .order_by("full_name"),
        "check": check,
        "limit": selectors.accountable_limit(),
        "labels": RESPONSIBILITY_LABELS.items(),
        "import_form": forms.RaciImportForm() if may_change else None,
    }
    if request.headers.get("HX-Request") == "true" and request.method == "POST":
        return render(request, "governance/partials/raci_rows_check.html", context)
    return render(request, "governance/raci.html", context, status=status)


@require_POST
def raci_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the project's grid from a file, all or nothing."""
    project = _found(request, selectors.project_get, pk, "project")
    require(request.user, Action.CHANGE, project)
    form = forms.RaciImportForm(request.POST, request.FILES)
    context: dict[str, Any] = {"title": f"Import the RACI of {project.name}", "project": project,
                               "form": form, "problems": []}  # fmt: skip
    if not form.is_valid():
        return render(request, "governance/raci_import.html", context, status=422)
    upload = form.cleaned_data["file"]
    try:
        result = services.raci_import(
            upload, project_name=project.name, user=request.user, filename=upload.name
        )
    except ImportProblems as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return render(request, "governance/raci_import.html", context, status=422)
    messages.success(request, result.summary())
    return HttpResponseRedirect(reverse("governance:raci", args=[project.pk]))


def check_report(request: HttpRequest) -> HttpResponse:
    """The governance check over every project the user may see, or one."""
    require(request.user, Action.VIEW, RaciRow)
    projects = visible(request.user, Project.objects.order_by("name"))
    chosen = projects
    selected = request.GET.get("project", "")
    if selected.isdigit():
        chosen = projects.filter(pk=int(selected))
    check = selectors.governance_check(list(chosen))
    context = {
        "title": "Governance check",
        "check": check,
        "projects": projects,
        "selected": int(selected) if selected.isdigit() else None,
        "limit": selectors.accountable_limit(),
        "project_ids": {p.name: p.pk for p in projects},
    }
    return render(request, "governance/check.html", context)


# --- digital maturity ------------------------------------------------------------------------


def _radar(
    ident: str, title: str, model: MaturityModel, results: list[tuple[str, MaturityResult, str]]
) -> charts.RadarChart:
    reference = model.reference
    return charts.radar_chart(
        ident=ident,
        title=title,
        description=(
            f"A radar chart of the {len(model.dimensions)} dimensions of the {model.name}, each "
            f"scored from {model.minimum} to {model.maximum}: "
            + "; ".join(
                f"{label}: " + ", ".join(f"{s.dimension.name} {s.score}" for s in result.dimensions)
                for label, result, _ in results
            )
            + (
                f". The dashed ring is the {reference.label} ({reference.index}), drawn at "
                "the same share of the scale on every dimension."
                if reference
                else "."
            )
        ),
        axes=[dimension.name for dimension in model.dimensions],
        low=model.minimum,
        high=model.maximum,
        series=[
            charts.RadarSeries(label, [s.score for s in result.dimensions], css_class)
            for label, result, css_class in results
        ],
        reference=(
            charts.RadarReference(
                reference.label,
                float(model.minimum + reference.index * (model.maximum - model.minimum)),
            )
            if reference
            else None
        ),
    )


def _model(request: HttpRequest) -> MaturityModel:
    models = selectors.maturity_models()
    key = request.GET.get("model", "oecd_dgpf")
    return models.get(key) or selectors.maturity_model()


def maturity(request: HttpRequest) -> HttpResponse:
    """The organisation's digital maturity: each department's latest index beside the
    reference line, the spread of each dimension, and each department's trend."""
    require(request.user, Action.VIEW, MaturityAssessment)
    model = _model(request)
    shown = selectors.organisation_maturity(model, request.user)
    radar = None
    if shown.spread is not None:
        spread = shown.spread
        lowest = [d.minimum for d in spread.dimensions]
        highest = [d.maximum for d in spread.dimensions]
        radar = charts.radar_chart(
            ident="spread",
            title=f"Spread of {len(shown.departments)} departments on each dimension",
            description="The lowest and the highest latest score of any department on each "
            "dimension: " + "; ".join(
                f"{d.dimension.name} {d.minimum} to {d.maximum}, mean {d.mean}"
                for d in spread.dimensions
            ) + ".",
            axes=[d.name for d in model.dimensions], low=model.minimum, high=model.maximum,
            series=[charts.RadarSeries("Highest", highest, "govdx-chart__line--earned"),
                    charts.RadarSeries("Lowest", lowest, "govdx-chart__line--actual")],
            reference=None,
        )  # fmt: skip
    context = {
        "title": "Digital maturity",
        "model": model,
        "models": selectors.maturity_models().values(),
        "shown": shown,
        "radar": radar,
        "departments": visible(request.user, Department.objects.filter(is_active=True)).order_by(
            "name"
        ),
        "may_assess": can(request.user, Action.ADD, MaturityAssessment),
    }
    return render(request, "governance/maturity.html", context)


def maturity_department(request: HttpRequest, pk: int) -> HttpResponse:
    """A department's maturity: a radar of its latest assessment against its targets and the
    one before, the scores with evidence, and the trend."""
    department = _found(request, selectors.department_get, pk, "department")
    require(request.user, Action.VIEW, MaturityAssessment)
    model = _model(request)
    shown = selectors.department_maturity(department, model, request.user)
    radar = None
    if shown is not None:
        series = [("Latest, " + shown.latest.assessed_on.isoformat(), shown.latest,
                   "govdx-chart__line--earned")]  # fmt: skip
        if len(shown.history) > 1:
            earlier = shown.history[-2]
            series.append((f"Before, {earlier.assessed_on.isoformat()}", earlier,
                           "govdx-chart__line--planned"))  # fmt: skip
        radar = _radar("radar", f"Digital maturity of {department.name}", model, series)
    context = {
        "title": f"Digital maturity of {department.name}",
        "department": department,
        "model": model,
        "shown": shown,
        "radar": radar,
        "may_assess": can(request.user, Action.ADD, MaturityAssessment)
        and can(request.user, Action.ADD, MaturityAssessment(department=department)),
    }
    return render(request, "governance/maturity_department.html", context)


class MaturityAssessmentAdd(FormPage):
    title = "Record a maturity assessment"
    submit_label = "Save the assessment"
    intro = (
        "Score each dimension from the level that best describes the department today, give "
        "the evidence, and the score aimed for. An assessment already recorded on the same "
        "day takes the new scores."
    )

    def target(self, request: HttpRequest, pk: int) -> Department:
        department = _found(request, selectors.department_get, pk, "department")
        require(request.user, Action.ADD, MaturityAssessment(department=department))
        return department

    def back_url(self, target: Department) -> str:
        return reverse("governance:maturity_department", args=[target.pk])

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {"caption": str(target)}

    def make_form(self, request: HttpRequest, target: Department, data: Any = None) -> Any:
        return forms.MaturityAssessmentForm(
            data, model=selectors.maturity_model(), initial={"assessed_on": timezone.localdate()}
        )

    def save(self, request: HttpRequest, target: Department, form: Any) -> str:
        services.maturity_assessment_record(
            department=target, assessed_on=form.cleaned_data["assessed_on"],
            scores=form.scores(), user=request.user,
            assessed_by=Person.objects.filter(user_id=request.user.pk).first(),
        )  # fmt: skip
        return "Assessment saved."
