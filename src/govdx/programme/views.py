"""The programme pages: thin, calling selectors and services.

Charts are SVG laid out by `core.charts` from figures the selectors computed (the Gantt chart
from the schedule, the finish distribution and the tornado from the simulation), each with a
table giving the same figures. Every page works without JavaScript.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from govdx.core import charts
from govdx.core.history import history_for
from govdx.core.permissions import Action, can, require, visible
from govdx.core.views import FormPage as CoreFormPage
from govdx.core.views import (
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    refuse_form,
)
from govdx.domain.errors import Invalid, NotAllowed, NotFound
from govdx.domain.planning.assurance import FIVE_POINT_RATINGS, THREE_POINT_RATINGS, Scale
from govdx.domain.planning.calendar import WorkingCalendar
from govdx.domain.planning.returns import financial_year
from govdx.domain.planning.simulation import ScheduleSimulation
from govdx.domain.tabular import ImportProblems
from govdx.org.models import Person
from govdx.programme import filtersets, forms, importers, selectors, services, tables
from govdx.programme.models import (
    Activity,
    Benefit,
    GateReview,
    Project,
    Recommendation,
    StatusReport,
)

TORNADO_SHOWN = 10


def _project(request: HttpRequest, pk: int) -> Project:
    try:
        project = selectors.project_get(pk)
    except Project.DoesNotExist as error:
        raise Http404("No project with that number.") from error
    if not can(request.user, Action.VIEW, project):
        raise Http404("No project with that number.")
    return project


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}".rstrip("0").rstrip(".")


# The dashboard


def home(request: HttpRequest) -> HttpResponse:
    """Every project the user may see: its plan's size, expected duration, P80 and money."""
    require(request.user, Action.VIEW, Project)
    projects = visible(request.user, selectors.project_list())
    summaries = selectors.programme_dashboard(projects)
    today = timezone.localdate()
    schedules: dict[int, selectors.ProjectSchedule] = {}  # each project's worked once
    benefits = selectors.programme_benefits(projects, today, schedules=schedules)
    earned = selectors.portfolio_earned_value(projects, today, schedules=schedules)
    confidence = selectors.programme_confidence(projects, today)
    names = {s.project.name: s.project for s in summaries}
    context = {
        "confidence": confidence,
        "confidence_rows": [(names.get(p.project), p) for p in confidence.projects],
        "rating_counts": [(r, n) for r, n in confidence.counts.items() if n],
        "recommendations": selectors.recommendations_summary(projects, today),
        "benefits": benefits,
        "earned": earned,
        "earned_chart": earned_value_chart(
            earned.series, ident="earned-value", subject="the portfolio"
        ),
        "earned_rows": [
            (
                programme,
                selectors.measure_values(programme.figures),
                [(p, selectors.measure_values(p.figures)) for p in programme.projects],
            )
            for programme in earned.programmes
        ],
        "earned_total": selectors.measure_values(earned.figures),
        "measures": selectors.MEASURES,
        "today": today,
        "title": "Programme dashboard",
        "summaries": summaries,
        "iterations": selectors.DASHBOARD_ITERATIONS,
        "seed": selectors.DEFAULT_SEED,
        "totals": {
            "activities": sum(s.activities for s in summaries),
            "critical": sum(s.critical for s in summaries),
            "budget": sum(s.budget or 0 for s in summaries),
        },
        "may_import": can(request.user, Action.ADD, Project)
        or can(request.user, Action.CHANGE, Project),
        "may_add": can(request.user, Action.ADD, Project),
        "return_form": forms.ReturnForm(initial={"year": financial_year(today).start_year}),
        "return_help": selectors.RETURN_HELP,
        "cross_links": selectors.cross_project_links(projects, schedules=schedules),
    }
    return render(request, "programme/home.html", context)


def major_project_return(request: HttpRequest) -> HttpResponse:
    """The major-project return of the projects the user may see, as an XLSX download; a
    return the kernel refuses goes back to the dashboard saying why."""
    require(request.user, Action.VIEW, Project)
    form = forms.ReturnForm(request.GET)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return HttpResponseRedirect(reverse("programme:home") + "#return")
    try:
        result = selectors.major_project_return_for(
            visible(request.user, selectors.project_list()), on=timezone.localdate(),
            programme=form.cleaned_data["programme"] or None, year=form.cleaned_data["year"],
        )  # fmt: skip
    except (Invalid, NotFound) as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("programme:home") + "#return")
    response = HttpResponse(content_type=importers.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{importers.return_filename(result.year)}"'
    )
    importers.write_major_project_return(result.rows, response, year=result.year, on=result.on)
    return response


# Projects


class ProjectList(RecordListView):
    model = Project
    selector = selectors.project_list
    filterset_class = filtersets.ProjectFilterSet
    table_class = tables.ProjectTable
    help_text = "The programme's projects, who is accountable for each, and their plans."

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.CHANGE, Project):
            return [("Import a plan", reverse("programme:plan_import"))]
        return []


def gantt_ticks(
    calendar: WorkingCalendar, highest: float, most: int = 5
) -> list[tuple[float, str]]:
    """Up to `most` working days from 0 to `highest`, evenly spaced, labelled with their dates."""
    last = max(math.ceil(highest), 1)
    days = sorted({round(last * i / (most - 1)) for i in range(most)})
    return [(float(day), calendar.day_for(day).isoformat()) for day in days]


def _gantt(schedule: selectors.ProjectSchedule) -> charts.GanttChart:
    calendar = schedule.calendar
    rows = []
    for row in schedule.rows:
        activity, times = row.activity, row.times
        baseline = None
        if row.baseline is not None:
            start = calendar.offset_for(row.baseline.start_date)
            finish = calendar.offset_for(row.baseline.finish_date) + (
                0 if row.baseline.duration == 0 else 1
            )
            baseline = (float(start), float(finish))
        critical = " Critical." if row.critical else ""
        rows.append(
            charts.GanttRow(
                label=str(activity),
                start=times.es,
                finish=times.ef,
                milestone=activity.milestone,
                critical=row.critical,
                baseline=baseline,
                summary=f"{activity}: {row.start_date.isoformat()} to "
                f"{row.finish_date.isoformat()}, total float {_days(times.total_float)} "
                f"working days.{critical}",
            )
        )
    highest = max([schedule.duration, *(r.baseline[1] for r in rows if r.baseline)])
    baseline = (
        f" Thin grey bars show the baseline “{schedule.baseline.name}”."
        if (schedule.baseline)
        else ""
    )
    return charts.gantt_chart(
        ident="gantt",
        title=f"Gantt chart of {schedule.project.name}",
        description=(
            f"{len(rows)} activities on a scale of working days from the project start, "
            f"labelled with dates. Critical activities are marked with the word Critical; "
            f"milestones are diamonds.{baseline}"
        ),
        rows=rows,
        ticks=gantt_ticks(calendar, highest),
        x_label="Working days from the start, labelled with their dates",
    )


class ProjectDetail(RecordDetailView):
    model = Project
    selector = selectors.project_get
    template_name = "programme/project_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        schedule = selectors.project_schedule(obj)
        may_change = can(request.user, Action.CHANGE, obj)
        today = timezone.localdate()
        earned = selectors.project_earned_value(obj, today, schedule=schedule)
        return {
            "earned": earned,
            "earned_values": selectors.measure_values(earned.figures),
            "benefits": selectors.project_benefits(obj, today, schedule=schedule),
            "schedule": schedule,
            "gantt": _gantt(schedule) if schedule.rows else None,
            "baselines": selectors.baselines_of(obj),
            "baseline_form": forms.BaselineForm() if may_change else None,
            "may_change": may_change,
            "applications": obj.applications.all(),
            "status_history": selectors.status_history(obj),
            "gate_reviews": selectors.gate_reviews_of(obj, today),
            "cross_links": selectors.cross_project_links([obj], schedules={obj.pk: schedule}),
        }


class ProjectEdit(RecordEditView):
    model = Project
    form_class = forms.ProjectForm
    selector = selectors.project_get
    create_service = services.project_create
    update_service = services.project_update


class ProjectDelete(RecordDeleteView):
    model = Project
    selector = selectors.project_get
    delete_service = services.project_delete


@require_POST
def baseline_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the project's schedule as a baseline; a refusal shows on the project's page."""
    project = _project(request, pk)
    if not can(request.user, Action.CHANGE, project):
        raise PermissionDenied("You may not change this project.")
    form = forms.BaselineForm(request.POST)
    if form.is_valid():
        try:
            baseline = services.baseline_save(
                project=project,
                name=form.cleaned_data["name"],
                user=request.user,
                today=timezone.localdate(),
            )
        except Invalid as error:
            refuse_form(form, error)
        else:
            messages.success(request, f"Baseline ‘{baseline.name}’ saved.")
            return HttpResponseRedirect(project.get_absolute_url())
    view = ProjectDetail()
    view.request = request
    return view.page(request, project, status=422, baseline_form=form)


# Schedule risk


def _histogram(simulation: ScheduleSimulation) -> charts.LineChart:
    edges, counts = simulation.histogram_edges, simulation.histogram_counts
    points = [(edges[i], float(count)) for i, count in enumerate(counts)]
    points.append((edges[-1], float(counts[-1])))
    top, y_ticks = charts.round_scale(max(counts, default=0))
    return charts.line_chart(
        ident="histogram",
        title="How often the plan finishes after each number of working days",
        description=(
            f"A histogram of {simulation.iterations:,} simulated finishes in "
            f"{len(counts)} equal bins from {_days(edges[0])} to {_days(edges[-1])} working "
            f"days; P50 {_days(simulation.p50)}, P80 {_days(simulation.p80)}."
        ),
        x=charts.Axis("Finish (working days from the start)", edges[0], edges[-1],
                      _number_ticks(edges[0], edges[-1])),
        y=charts.Axis("Iterations", 0, top, [(t, f"{t:,}") for t in y_ticks]),
        series=[charts.Series("Iterations finishing in each bin", points, step=True)],
        guides=[charts.Guide("P80", simulation.p80, axis="x")],
    )  # fmt: skip


def _s_curve(simulation: ScheduleSimulation) -> charts.LineChart:
    points = [(point.finish, point.share * 100) for point in simulation.s_curve]
    low, high = points[0][0], points[-1][0]
    if high <= low:
        high = low + 1
    return charts.line_chart(
        ident="s-curve",
        title="The chance of finishing by each number of working days",
        description=(
            f"An S-curve rising from 0% at {_days(low)} to 100% at {_days(high)} working "
            f"days: 50% by {_days(simulation.p50)}, 80% by {_days(simulation.p80)}, 90% by "
            f"{_days(simulation.p90)}."
        ),
        x=charts.Axis("Finish (working days from the start)", low, high,
                      _number_ticks(low, high)),
        y=charts.Axis("Chance of finishing by then (%)", 0, 100,
                      [(v, f"{v}%") for v in (0, 20, 40, 60, 80, 100)]),
        series=[charts.Series("Share of iterations finished", points)],
        guides=[charts.Guide("P50", simulation.p50, axis="x"),
                charts.Guide("P80", simulation.p80, axis="x")],
    )  # fmt: skip


def _number_ticks(low: float, high: float, most: int = 5) -> list[tuple[float, str]]:
    if high <= low:
        return [(low, _days(low))]
    values = [low + (high - low) * i / (most - 1) for i in range(most)]
    return [(value, f"{value:,.0f}") for value in values]


def _tornado(simulation: ScheduleSimulation, names: dict[str, str]) -> charts.BarChart | None:
    ranked = simulation.tornado(TORNADO_SHOWN)
    if not ranked:
        return None
    return charts.bar_chart(
        ident="tornado",
        title="Which activities' durations move the finish most",
        description=(
            "A tornado chart: for each of the activities whose durations move the finish most, "
            "the correlation of its duration with the finish, in hundredths, largest first. "
            + "; ".join(f"{a.id} {a.sensitivity:+.2f}" for a in ranked)
            + "."
        ),
        x_label="Correlation of duration with the finish (hundredths)",
        bars=[
            charts.Bar(f"{a.id} {names.get(a.id, '')}"[:22], round(abs(a.sensitivity) * 100))
            for a in ranked
        ],
    )


def project_simulation(request: HttpRequest, pk: int) -> HttpResponse:
    """The Monte Carlo of the project's finish: distribution, S-curve, tornado, criticality."""
    project = _project(request, pk)
    form = forms.SimulationForm(request.GET or None)
    settings = form.settings()
    context: dict[str, Any] = {
        "title": f"Schedule risk of {project.name}",
        "project": project,
        "form": form,
        "settings": settings,
    }
    plan = selectors.project_plan(project)
    if plan.activities:
        simulation = selectors.project_simulation(project, plan=plan, **settings)
        schedule = selectors.project_schedule(project)
        names = {code: activity.name for code, activity in plan.records.items()}
        calendar = schedule.calendar
        by_id = {risk.id: risk for risk in simulation.activities}
        context.update(
            {
                "simulation": simulation,
                "deterministic": schedule.duration,
                "percentiles": [
                    (label, value, selectors.finish_day(calendar, 0.0, value))
                    for label, value in (
                        ("Mean", simulation.mean),
                        ("P50", simulation.p50),
                        ("P80", simulation.p80),
                        ("P90", simulation.p90),
                    )
                ],
                "histogram": _histogram(simulation),
                "s_curve": _s_curve(simulation),
                "tornado": _tornado(simulation, names),
                "tornado_rows": simulation.tornado(TORNADO_SHOWN),
                "activities": sorted(
                    ((row.activity, row.times, by_id[row.activity.code]) for row in schedule.rows),
                    key=lambda item: (-item[2].criticality, item[0].position),
                ),
                "bins": list(
                    zip(
                        simulation.histogram_edges[:-1],
                        simulation.histogram_edges[1:],
                        simulation.histogram_counts,
                        strict=True,
                    )
                ),
            }
        )
    return render(request, "programme/project_simulation.html", context)


# Importing a plan


def plan_import(request: HttpRequest) -> HttpResponse:
    """Import a plan file into a project, all or nothing; a dry run reports what would change."""
    if not (can(request.user, Action.ADD, Project) or can(request.user, Action.CHANGE, Project)):
        raise PermissionDenied("You may not import plans. Ask an administrator if you need to.")
    context: dict[str, Any] = {"title": "Import a plan", "problems": []}
    if request.method != "POST":
        initial = {"project": request.GET.get("project", "")}
        context["form"] = forms.PlanImportForm(initial=initial, user=request.user)
        return render(request, "programme/plan_import.html", context)
    form = forms.PlanImportForm(request.POST, request.FILES, user=request.user)
    context["form"] = form
    if not form.is_valid():
        return render(request, "programme/plan_import.html", context, status=422)
    data = form.cleaned_data
    upload = data["file"]
    try:
        result = services.plan_import(
            upload,
            project_name=data["project"],
            user=request.user,
            filename=upload.name,
            department=data["department"],
            start_date=data["start_date"],
            dry_run=data["dry_run"],
            today=timezone.localdate(),
        )
    except ImportProblems as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return render(request, "programme/plan_import.html", context, status=422)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except Invalid as error:
        refuse_form(form, error)
        return render(request, "programme/plan_import.html", context, status=422)
    if data["dry_run"] or result.project_id is None:
        context["dry_run"] = result
        return render(request, "programme/plan_import.html", context)
    messages.success(request, result.summary())
    return HttpResponseRedirect(reverse("programme:project_detail", args=[result.project_id]))


# Status reports and gate reviews


def _changeable_project(request: HttpRequest, pk: int) -> Project:
    """The project, if the user may see it (else 404) and change it (else 403)."""
    project = _project(request, pk)
    require(request.user, Action.CHANGE, project)
    return project


def _definitions() -> list[tuple[str, list[Any]]]:
    """Each scale's ratings with their definitions, to show beside a rating."""
    return [
        (Scale.FIVE_POINT.label, list(FIVE_POINT_RATINGS)),
        (Scale.THREE_POINT.label, list(THREE_POINT_RATINGS)),
    ]


class FormPage(CoreFormPage):
    """A small form about a project (or a record of it); saved, it goes to the record saved."""

    template_name: ClassVar[str] = "programme/form_page.html"
    definitions: ClassVar[bool] = False

    def target(self, request: HttpRequest, pk: int) -> Any:
        return _changeable_project(request, pk)

    def caption(self, target: Any) -> str:
        return str(target)

    def context(self, request: HttpRequest, target: Any) -> Mapping[str, Any]:
        return {
            "caption": self.caption(target),
            "definitions": _definitions() if self.definitions else None,
        }


def _saved(record: Any) -> tuple[str, str]:
    """The message and page for a record just saved."""
    text = str(record)
    return f"{text[:1].upper()}{text[1:]} saved.", record.get_absolute_url()


def _person_of(request: HttpRequest) -> Person | None:
    user_id = request.user.pk
    return Person.objects.filter(user_id=user_id).first() if user_id else None


class StatusReportAdd(FormPage):
    title = "Add a status report"
    submit_label = "Save the status report"
    intro = (
        "A month's delivery confidence assessment of the project, who gave it, what is "
        "happening, its key risks and the decisions it needs."
    )
    definitions = True

    def make_form(self, request: HttpRequest, target: Project, data: Any = None) -> Any:
        today = timezone.localdate()
        author = _person_of(request)
        initial = {"month": today.replace(day=1), "reported_on": today,
                   "author": author.pk if author else None}  # fmt: skip
        return forms.StatusReportForm(data, initial=initial, user=request.user)

    def save(self, request: HttpRequest, target: Project, form: Any) -> tuple[str, str]:
        return _saved(
            services.status_report_create(project=target, data=form.changes(), user=request.user)
        )


class StatusReportChange(FormPage):
    title = "Change a status report"
    submit_label = "Save the status report"
    definitions = True

    def target(self, request: HttpRequest, pk: int) -> StatusReport:
        report = _status_report(request, pk)
        require(request.user, Action.CHANGE, report)
        return report

    def make_form(self, request: HttpRequest, target: StatusReport, data: Any = None) -> Any:
        return forms.StatusReportForm(data, instance=target, user=request.user)

    def save(self, request: HttpRequest, target: StatusReport, form: Any) -> tuple[str, str]:
        report = services.status_report_update(
            instance=target, data=form.changes(), user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )  # fmt: skip
        return _saved(report)


def _status_report(request: HttpRequest, pk: int) -> StatusReport:
    try:
        report = selectors.status_report_get(pk)
    except StatusReport.DoesNotExist as error:
        raise Http404("No status report with that number.") from error
    if not can(request.user, Action.VIEW, report):
        raise Http404("No status report with that number.")
    return report


def status_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A status report: its rating with the rating's definition, narrative, key risks and
    decisions needed, and its history."""
    report = _status_report(request, pk)
    context = {
        "title": str(report),
        "object": report,
        "noun": "status report",
        "rating": report.rating,
        "key_risks": visible(request.user, report.key_risks.all()),
        "change_url": reverse("programme:statusreport_change", args=[report.pk])
        if can(request.user, Action.CHANGE, report)
        else None,
        "history": history_for(report),
    }
    return render(request, "programme/statusreport_detail.html", context)


class GateReviewAdd(FormPage):
    title = "Record a gate review"
    submit_label = "Save the gate review"
    intro = (
        "An independent review at one of the six gates of the project's life. Its outcome is "
        "the review team's delivery confidence rating: it counts as the independent assurance "
        "rating of the project on the day it was held."
    )
    definitions = True

    def make_form(self, request: HttpRequest, target: Project, data: Any = None) -> Any:
        return forms.GateReviewForm(
            data, initial={"held_on": timezone.localdate()}, user=request.user
        )

    def save(self, request: HttpRequest, target: Project, form: Any) -> tuple[str, str]:
        return _saved(
            services.gate_review_create(project=target, data=form.changes(), user=request.user)
        )


class RecommendationAdd(FormPage):
    title = "Add a recommendation"
    submit_label = "Save the recommendation"
    intro = "A recommendation of the review, tracked until it is closed; overdue once past due."

    def target(self, request: HttpRequest, pk: int) -> GateReview:
        try:
            review = selectors.gate_review_get(pk)
        except GateReview.DoesNotExist as error:
            raise Http404("No gate review with that number.") from error
        if not can(request.user, Action.VIEW, review):
            raise Http404("No gate review with that number.")
        require(request.user, Action.CHANGE, review)
        return review

    def make_form(self, request: HttpRequest, target: GateReview, data: Any = None) -> Any:
        return forms.RecommendationForm(data, user=request.user)

    def save(self, request: HttpRequest, target: GateReview, form: Any) -> tuple[str, str]:
        return _saved(
            services.recommendation_create(review=target, data=form.changes(), user=request.user)
        )


@require_POST
def recommendation_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a gate review's recommendation today; back to the project's gate reviews."""
    try:
        recommendation = selectors.recommendation_get(pk)
    except Recommendation.DoesNotExist as error:
        raise Http404("No recommendation with that number.") from error
    if not can(request.user, Action.VIEW, recommendation):
        raise Http404("No recommendation with that number.")
    require(request.user, Action.CHANGE, recommendation)
    try:
        services.recommendation_close(
            recommendation=recommendation, on=timezone.localdate(), user=request.user
        )
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{recommendation} closed.")
    return HttpResponseRedirect(recommendation.get_absolute_url())


# The benefits register


def _benefit(request: HttpRequest, pk: int) -> Benefit:
    """The benefit, if the user may see it (else 404) and change it (else 403)."""
    try:
        benefit = selectors.benefit_get(pk)
    except Benefit.DoesNotExist as error:
        raise Http404("No benefit with that number.") from error
    if not can(request.user, Action.VIEW, benefit):
        raise Http404("No benefit with that number.")
    require(request.user, Action.CHANGE, benefit)
    return benefit


class BenefitAdd(FormPage):
    title = "Add a benefit"
    submit_label = "Save the benefit"
    intro = (
        "A benefit the project is to deliver: its measure before the change (the baseline) "
        "and once fully realised (the target), when it starts and when the target should be "
        "reached. Money is in pence. It is at risk when a milestone it depends on slips "
        "against the project's latest baseline."
    )

    def make_form(self, request: HttpRequest, target: Project, data: Any = None) -> Any:
        return forms.BenefitForm(data, project=target, user=request.user)

    def save(self, request: HttpRequest, target: Project, form: Any) -> tuple[str, str]:
        benefit = services.benefit_create(project=target, data=form.changes(), user=request.user)
        return f"Benefit “{benefit}” saved.", benefit.get_absolute_url()


class BenefitChange(FormPage):
    title = "Change a benefit"
    submit_label = "Save the benefit"

    def target(self, request: HttpRequest, pk: int) -> Benefit:
        return _benefit(request, pk)

    def caption(self, target: Benefit) -> str:
        return str(target.project)

    def make_form(self, request: HttpRequest, target: Benefit, data: Any = None) -> Any:
        return forms.BenefitForm(data, instance=target, project=target.project, user=request.user)

    def save(self, request: HttpRequest, target: Benefit, form: Any) -> tuple[str, str]:
        benefit = services.benefit_update(
            instance=target, data=form.changes(), user=request.user,
            expected_version=form.cleaned_data.get("version"),
        )  # fmt: skip
        return f"Benefit “{benefit}” saved.", benefit.get_absolute_url()


class BenefitDelete(RecordDeleteView):
    """Delete a benefit, with its actuals, once confirmed (their history is kept); then back
    to its project's benefits register."""

    model = Benefit
    selector = selectors.benefit_get
    delete_service = services.benefit_delete

    def get_object(self, request: HttpRequest, pk: int) -> Benefit:
        benefit = super().get_object(request, pk)
        self.register_url = benefit.get_absolute_url()
        return benefit  # type: ignore[return-value]  # the selector's Benefit

    def url(self, action: str, *args: Any) -> str:
        return self.register_url if action == "list" else super().url(action, *args)


class BenefitActualAdd(FormPage):
    title = "Record an actual"
    submit_label = "Save the actual"

    def target(self, request: HttpRequest, pk: int) -> Benefit:
        return _benefit(request, pk)

    def caption(self, target: Benefit) -> str:
        return f"{target.project}: {target}"

    def context(self, request: HttpRequest, target: Benefit) -> Mapping[str, Any]:
        unit = "in pence" if target.cashable else "in the benefit's measure"
        return {
            **super().context(request, target),
            "intro": f"The benefit's measure, “{target.measure}”, as observed on a day, {unit}. "
            "A day already recorded takes the new value.",
        }

    def make_form(self, request: HttpRequest, target: Benefit, data: Any = None) -> Any:
        return forms.BenefitActualForm(
            data, initial={"measured_on": timezone.localdate()}, user=request.user
        )

    def save(self, request: HttpRequest, target: Benefit, form: Any) -> tuple[str, str]:
        actual = services.benefit_actual_record(
            benefit=target, measured_on=form.cleaned_data["measured_on"],
            value=form.cleaned_data["value"], user=request.user,
        )  # fmt: skip
        return f"Actual of “{target}” on {actual.measured_on.isoformat()} saved.", (
            target.get_absolute_url()
        )


# Money: earned value and actual costs


def earned_value_chart(
    series: tuple[selectors.EarnedValuePoint, ...], *, ident: str, subject: str
) -> charts.LineChart | None:
    """Cumulative planned value, earned value and actual cost month by month, in pounds."""
    if len(series) < 2:
        return None
    first, last = series[0].on, series[-1].on
    top = max(max(p.planned_value, p.earned_value or 0, p.actual_cost or 0) for p in series)
    top_pounds, y_ticks = charts.round_scale(max(math.ceil(top / 100), 1))

    def line(label: str, css: str, values: list[tuple[Any, int | None]]) -> charts.Series:
        return charts.Series(
            label,
            [(charts.day_number(day), value / 100) for day, value in values if value is not None],
            css_class=f"govdx-chart__line--{css}",
        )

    planned = line("Planned value (PV)", "planned", [(p.on, p.planned_value) for p in series])
    earned = line("Earned value (EV)", "earned", [(p.on, p.earned_value) for p in series])
    actual = line("Actual cost (AC)", "actual", [(p.on, p.actual_cost) for p in series])
    return charts.line_chart(
        ident=ident,
        title=f"Earned value of {subject} over time",
        description=(
            f"Cumulative planned value, earned value and actual cost in pounds at the end of "
            f"each month from {first.isoformat()} to {last.isoformat()}. Planned value reaches "
            f"{series[-1].planned_value / 100:,.2f}; the table beside the chart gives every "
            "figure."
        ),
        x=charts.Axis("Month end", charts.day_number(first), charts.day_number(last),
                      charts.date_ticks(first, last, most=5)),
        y=charts.Axis("Cumulative amount (£)", 0, top_pounds,
                      [(t, charts.short_amount(t)) for t in y_ticks]),
        series=[s for s in (planned, earned, actual) if s.points],
        legend=True,
    )  # fmt: skip


def _status_day(request: HttpRequest) -> tuple[forms.StatusDateForm, Any]:
    form = forms.StatusDateForm(request.GET or None)
    return form, form.day(timezone.localdate())


def project_money(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's earned value at a status date, each activity's, its chart over time and
    the actual costs recorded by month."""
    project = _project(request, pk)
    form, on = _status_day(request)
    value = selectors.project_earned_value(project, on)
    context = {
        "title": f"Money of {project.name}",
        "project": project,
        "form": form,
        "earned": value,
        "values": selectors.measure_values(value.figures),
        "chart": earned_value_chart(value.series, ident="earned-value", subject=project.name),
        "costs": selectors.actual_costs_of(project),
        "may_change": can(request.user, Action.CHANGE, project),
    }
    return render(request, "programme/project_money.html", context)


class ActualCostAdd(FormPage):
    title = "Record an actual cost"
    submit_label = "Save the cost"
    intro = (
        "What the project spent in a month, booked to one of its activities or to the project "
        "as a whole. Earned value adds up every month's costs to the status date."
    )

    def back_url(self, target: Project) -> str:
        return reverse("programme:project_money", args=[target.pk])

    def make_form(self, request: HttpRequest, target: Project, data: Any = None) -> Any:
        return forms.ActualCostForm(
            data, initial={"month": timezone.localdate().replace(day=1)}, project=target,
            user=request.user,
        )  # fmt: skip

    def save(self, request: HttpRequest, target: Project, form: Any) -> tuple[str, str]:
        data = form.cleaned_data
        cost, outcome = services.actual_cost_record(
            project=target, month=data["month"], amount=data["amount"], user=request.user,
            activity=data["activity"], note=data["note"],
        )  # fmt: skip
        return f"{cost} {outcome}.", self.back_url(target)


class ActivityProgressChange(FormPage):
    title = "Record progress"
    submit_label = "Save the progress"

    def target(self, request: HttpRequest, pk: int) -> Activity:
        activity = Activity.objects.select_related("project__department").filter(pk=pk).first()
        if activity is None or not can(request.user, Action.VIEW, activity):
            raise Http404("No activity with that number.")
        require(request.user, Action.CHANGE, activity)
        return activity

    def caption(self, target: Activity) -> str:
        return f"{target.project}: {target}"

    def back_url(self, target: Activity) -> str:
        return reverse("programme:project_money", args=[target.project_id])

    def make_form(self, request: HttpRequest, target: Activity, data: Any = None) -> Any:
        return forms.ActivityProgressForm(data, instance=target, user=request.user)

    def save(self, request: HttpRequest, target: Activity, form: Any) -> tuple[str, str]:
        activity = services.activity_progress_update(
            instance=target, percent_complete=form.cleaned_data["percent_complete"],
            user=request.user, expected_version=form.cleaned_data.get("version"),
        )  # fmt: skip
        return (
            f"{activity} is {activity.percent_complete}% complete.",
            self.back_url(target),
        )


def actuals_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Import a file of the project's actual costs, all or nothing; a dry run reports."""
    project = _changeable_project(request, pk)
    context: dict[str, Any] = {"title": "Import actual costs", "project": project, "problems": []}
    form = forms.ActualsImportForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST":
        return render(request, "programme/actuals_import.html", context)
    if not form.is_valid():
        return render(request, "programme/actuals_import.html", context, status=422)
    upload = form.cleaned_data["file"]
    dry_run = form.cleaned_data["dry_run"]
    try:
        result = services.actuals_import(
            upload, project_name=project.name, user=request.user, filename=upload.name,
            dry_run=dry_run,
        )  # fmt: skip
    except ImportProblems as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return render(request, "programme/actuals_import.html", context, status=422)
    if dry_run:
        context["dry_run"] = result
        return render(request, "programme/actuals_import.html", context)
    messages.success(request, result.summary())
    return HttpResponseRedirect(reverse("programme:project_money", args=[project.pk]))
