"""Reads the programme's pages, API and command line share: projects, their plans as the
planning kernel takes them, the schedule in dates, and its analysis.

The figures come from `govdx.domain.planning`: the critical path method (`schedule_network`),
the Monte Carlo (`simulate_schedule`), the `plan analyse` contract (`analyse_plan`), delivery
confidence (`assurance`) and the benefits register's progress and roll-ups (`benefits`). This
module only reads the records, hands them over and places the answers on the calendar.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from govdx.domain.errors import Invalid, NotFound
from govdx.domain.planning import benefits as benefits_kernel
from govdx.domain.planning import earned_value as ev_kernel
from govdx.domain.planning import network as planning
from govdx.domain.planning import returns as returns_kernel
from govdx.domain.planning.analysis import DEFAULT_ITERATIONS, PlanAnalysis, analyse_plan
from govdx.domain.planning.assurance import (
    TREND_LABELS,
    Assessment,
    ConfidenceRollUp,
    Rating,
    RatingSource,
    RecommendationStatus,
    RecommendationSummary,
    Trend,
    roll_up_confidence,
    summarise_recommendations,
    trend,
)
from govdx.domain.planning.calendar import WorkingCalendar
from govdx.domain.planning.schedule import ActivityTimes, schedule_network
from govdx.domain.planning.simulation import (
    Distribution,
    ScheduleSimulation,
    simulate_schedule,
)
from govdx.programme.models import (
    Activity,
    ActualCost,
    Baseline,
    BaselineActivity,
    Benefit,
    BenefitActual,
    Dependency,
    GateReview,
    Project,
    PublicHoliday,
    Recommendation,
    StatusReport,
)

DEFAULT_SEED = 1
"""The seed when none is given: the same figures on every page, command and call."""
DASHBOARD_ITERATIONS = 2_000
"""Iterations per project on the programme dashboard: P80 to within a working day or so on a
plan of a few hundred activities, fast enough to draw every project on one page."""


# --- projects --------------------------------------------------------------------------------


def project_list() -> QuerySet[Project]:
    return (
        Project.objects.select_related(
            "programme", "department", "senior_responsible_owner", "project_manager"
        )
        .annotate(activity_count=Count("activities", distinct=True))
        .order_by("name")
    )


def project_get(pk: int) -> Project:
    return Project.objects.select_related(
        "programme", "department", "senior_responsible_owner", "project_manager"
    ).get(pk=pk)


def project_find(name: str) -> Project:
    """The project called `name`, ignoring case; NotFound naming it otherwise."""
    project = project_list().filter(name__iexact=name.strip()).first()
    if project is None:
        raise NotFound(
            f"There is no project called “{name.strip()}”. Import its plan first with "
            f'govdx plan import FILE --project "{name.strip()}".'
        )
    return project


def activities_of(project: Project) -> list[Activity]:
    """The project's activities in the plan's order, with their owners and predecessor links."""
    return list(
        Activity.objects.filter(project=project)
        .select_related("owner", "workstream", "parent")
        .prefetch_related(
            Prefetch(
                "predecessor_links",
                queryset=Dependency.objects.select_related(
                    "predecessor", "predecessor__project"
                ).order_by("pk"),
            )
        )
        .order_by("position", "pk")
    )


def baselines_of(project: Project) -> QuerySet[Baseline]:
    return Baseline.objects.filter(project=project).select_related("saved_by")


def holidays() -> list[date]:
    return list(PublicHoliday.objects.values_list("day", flat=True))


def working_calendar(project: Project) -> WorkingCalendar:
    """The project's calendar: working days from its start, weekends and public holidays off."""
    return WorkingCalendar(project.start_date, holidays=holidays())


@dataclass(frozen=True)
class Plan:
    """A project's plan as the planning kernel takes it, and its records by id. `external`
    holds the ids of the stand-ins for predecessors in other projects (see
    `external_stand_ins`), which no page, answer or contract lists as activities."""

    activities: tuple[planning.Activity, ...]
    dependencies: tuple[planning.Dependency, ...]
    records: dict[str, Activity]
    external: frozenset[str] = frozenset()

    def network(self) -> planning.Network:
        return planning.build_network(self.activities, self.dependencies)

    def without_external(self) -> planning.Network:
        """The network as if no other project held this one up."""
        return planning.build_network(
            [a for a in self.activities if a.id not in self.external],
            [d for d in self.dependencies if d.predecessor not in self.external],
        )


def external_stand_ins(
    project: Project, records: list[Activity], visiting: frozenset[int]
) -> tuple[list[planning.Activity], list[planning.Dependency]]:
    """Predecessors in other projects as fixed-duration stand-ins in this project's network:
    for an activity of another project forecast (its early dates on its own plan) to run from
    working day s to f of this project's calendar, a wait of s days from the start, then the
    activity itself for f - s days, linked to the successor by the link's type and lag. Like a
    "start no earlier than" constraint, it moves the successor's dates and never varies in the
    Monte Carlo. `visiting` stops a loop of projects waiting on each other."""
    outside = [
        link
        for a in records
        for link in a.predecessor_links.all()
        if link.predecessor.project_id != project.pk
    ]
    if not outside:
        return [], []
    calendar = working_calendar(project)
    schedules: dict[int, ProjectSchedule] = {}
    stand_ins: dict[str, planning.Activity] = {}
    links: list[planning.Dependency] = []
    for link in outside:
        other = link.predecessor.project
        if other.pk in visiting:
            continue
        if other.pk not in schedules:
            schedules[other.pk] = project_schedule(other, visiting=visiting | {project.pk})
        row = next(
            (r for r in schedules[other.pk].rows if r.activity.pk == link.predecessor_id), None
        )
        if row is None:
            continue
        ident = f"[{other.name}] {link.predecessor.code}"
        if ident not in stand_ins:
            start = max(0, calendar.offset_for(row.start_date))
            finish = start
            if row.times.ef - row.times.es > 1e-9:
                finish = max(start, calendar.offset_for(row.finish_date) + 1)
            wait = f"{ident} (wait)"
            stand_ins[wait] = planning.Activity.single(wait, float(start))
            stand_ins[ident] = planning.Activity.single(ident, float(finish - start))
            links.append(planning.Dependency(wait, ident))
        links.append(
            planning.Dependency(
                ident, link.successor.code, planning.Link(link.kind), float(link.lag)
            )
        )
    return list(stand_ins.values()), links


def project_plan(
    project: Project,
    activities: list[Activity] | None = None,
    *,
    visiting: frozenset[int] = frozenset(),
) -> Plan:
    records = activities if activities is not None else activities_of(project)
    stand_ins, outside = external_stand_ins(project, records, visiting)
    kernel_activities = tuple(
        planning.Activity(
            a.code,
            a.optimistic,
            a.most_likely,
            a.pessimistic,
            name=a.name,
            milestone=a.milestone,
        )
        for a in records
    )
    links = tuple(
        planning.Dependency(
            link.predecessor.code, a.code, planning.Link(link.kind), float(link.lag)
        )
        for a in records
        for link in a.predecessor_links.all()
        if link.predecessor.project_id == project.pk
    )
    return Plan(
        kernel_activities + tuple(stand_ins),
        links + tuple(outside),
        {a.code: a for a in records},
        frozenset(a.id for a in stand_ins),
    )


# --- the schedule in dates -------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledActivity:
    """An activity placed on the calendar: its times in working days (`times`), the dates of
    its early start and finish and of its late finish, whether it is critical and on the
    critical path named, and the baseline's copy of it with the slip of its finish."""

    activity: Activity
    times: ActivityTimes
    start_date: date
    finish_date: date
    late_finish_date: date
    critical: bool
    on_critical_path: bool
    baseline: BaselineActivity | None
    slip: int | None
    """Working days the forecast finish is later (negative: earlier) than the baseline's."""


@dataclass(frozen=True)
class ProjectSchedule:
    project: Project
    calendar: WorkingCalendar
    duration: float
    finish_date: date | None
    critical_path: tuple[str, ...]
    rows: tuple[ScheduledActivity, ...]
    baseline: Baseline | None
    external_delay: dict[str, float] = field(default_factory=dict)
    """Working days each activity's early start is later because of its predecessors in
    other projects, by id; only activities they hold up."""

    @property
    def milestones(self) -> list[ScheduledActivity]:
        return [row for row in self.rows if row.activity.milestone]

    @property
    def critical_count(self) -> int:
        return sum(1 for row in self.rows if row.critical)


def start_day(calendar: WorkingCalendar, start: float) -> date:
    """The date of the working day an activity starting at `start` (working days) starts on."""
    return calendar.day_for(math.floor(start + 1e-9))


def finish_day(calendar: WorkingCalendar, start: float, finish: float) -> date:
    """The last date an activity from `start` to `finish` (working days) works on: the day it
    starts, for one that takes no time."""
    if finish - start <= 1e-9:
        return start_day(calendar, start)
    return calendar.day_for(math.ceil(finish - 1e-9) - 1)


def constraint_offsets(
    activities: list[Activity], calendar: WorkingCalendar
) -> tuple[dict[str, float], dict[str, float]]:
    """The constraint dates as the kernel takes them: "start no earlier than" a date is that
    working day's offset; "finish no later than" a date is the end of that working day (its
    offset + 1), or its offset for a milestone, which finishes where it starts."""
    earliest = {
        a.code: float(calendar.offset_for(a.start_no_earlier_than))
        for a in activities
        if a.start_no_earlier_than is not None
    }
    deadlines = {
        a.code: float(
            calendar.offset_for(a.finish_no_later_than) + (0 if a.pessimistic == 0 else 1)
        )
        for a in activities
        if a.finish_no_later_than is not None
    }
    return earliest, deadlines


def project_schedule(
    project: Project, *, baseline: Baseline | None = None, visiting: frozenset[int] = frozenset()
) -> ProjectSchedule:
    """The critical path method on the PERT expected durations, with the constraints, placed
    on the project's working calendar; compared with `baseline` (by default the latest)."""
    activities = activities_of(project)
    calendar = working_calendar(project)
    if baseline is None:
        baseline = baselines_of(project).first()
    saved: dict[str, BaselineActivity] = {}
    if baseline is not None:
        saved = {b.code.casefold(): b for b in baseline.activities.all()}
    if not activities:
        return ProjectSchedule(project, calendar, 0.0, None, (), (), baseline)
    plan = project_plan(project, activities, visiting=visiting)
    earliest, deadlines = constraint_offsets(activities, calendar)
    schedule = schedule_network(
        plan.network(), start_no_earlier_than=earliest, finish_no_later_than=deadlines
    )
    delay: dict[str, float] = {}
    if plan.external:
        alone = schedule_network(
            plan.without_external(), start_no_earlier_than=earliest, finish_no_later_than=deadlines
        )
        delay = {
            code: schedule[code].es - alone[code].es
            for code in plan.records
            if schedule[code].es - alone[code].es > 1e-9
        }
    path = set(schedule.critical_path)
    rows = []
    for activity in activities:
        times = schedule[activity.code]
        finish_date = finish_day(calendar, times.es, times.ef)
        copy = saved.get(activity.code.casefold())
        slip = None
        if copy is not None:
            slip = calendar.offset_for(finish_date) - calendar.offset_for(copy.finish_date)
        rows.append(
            ScheduledActivity(
                activity=activity,
                times=times,
                start_date=start_day(calendar, times.es),
                finish_date=finish_date,
                late_finish_date=finish_day(calendar, times.ls, times.lf),
                critical=times.critical,
                on_critical_path=activity.code in path,
                baseline=copy,
                slip=slip,
            )
        )
    finish = max(rows, key=lambda row: (row.finish_date, row.times.ef)).finish_date
    return ProjectSchedule(
        project=project,
        calendar=calendar,
        duration=schedule.duration,
        finish_date=finish,
        critical_path=tuple(a for a in schedule.critical_path if a not in plan.external),
        rows=tuple(rows),
        baseline=baseline,
        external_delay=delay,
    )


def schedule_of(project: Project, schedules: dict[int, ProjectSchedule]) -> ProjectSchedule:
    """The project's schedule from `schedules`, worked out (`project_schedule`) and kept
    there the first time it is asked for, so a page works each project's schedule once."""
    if project.pk not in schedules:
        schedules[project.pk] = project_schedule(project)
    return schedules[project.pk]


# --- dependencies across projects ------------------------------------------------------------


@dataclass(frozen=True)
class CrossProjectLink:
    """A dependency of an activity on one of another project: the predecessor's forecast
    dates on its own plan, and how many working days it delays the successor's early start
    (0 when the successor's own plan holds it later anyway)."""

    dependency: Dependency
    predecessor_start: date | None
    predecessor_finish: date | None
    successor_start: date | None
    delay: float

    @property
    def delays(self) -> bool:
        return self.delay > 1e-9


def cross_project_links(
    projects: Iterable[Project], *, schedules: dict[int, ProjectSchedule] | None = None
) -> list[CrossProjectLink]:
    """Every dependency across projects with an end in `projects`, by successor project and
    activity, each with the forecast dates that decide it (`project_schedule`, worked out
    once per project and kept in `schedules`)."""
    ids = [p.pk for p in projects]
    links = list(
        Dependency.objects.filter(Q(successor__project__in=ids) | Q(predecessor__project__in=ids))
        .exclude(successor__project=F("predecessor__project"))
        .select_related("predecessor__project", "successor__project")
        .order_by("successor__project__name", "successor__position", "pk")
    )
    known = schedules if schedules is not None else {}
    shown = []
    for link in links:
        before = schedule_of(link.predecessor.project, known)
        after = schedule_of(link.successor.project, known)
        first = next((r for r in before.rows if r.activity.pk == link.predecessor_id), None)
        then = next((r for r in after.rows if r.activity.pk == link.successor_id), None)
        shown.append(
            CrossProjectLink(
                dependency=link,
                predecessor_start=first.start_date if first else None,
                predecessor_finish=first.finish_date if first else None,
                successor_start=then.start_date if then else None,
                delay=after.external_delay.get(link.successor.code, 0.0),
            )
        )
    return shown


# --- schedule risk ---------------------------------------------------------------------------


def _require_activities(project: Project, plan: Plan) -> None:
    if not plan.activities:
        raise Invalid(
            f"The project “{project.name}” has no activities yet: import its plan first with "
            f'govdx plan import FILE --project "{project.name}".'
        )


def project_analysis(
    project: Project,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = DEFAULT_SEED,
    distribution: str = Distribution.PERT.value,
) -> PlanAnalysis:
    """The answer of `govdx plan analyse --json` for the project (`analyse_plan`): working
    days from the start, on the PERT expected durations, ignoring the calendar."""
    plan = project_plan(project)
    _require_activities(project, plan)
    analysis = analyse_plan(
        plan.activities,
        plan.dependencies,
        project=project.name,
        seed=seed,
        iterations=iterations,
        distribution=distribution,
    )
    if plan.external:  # the stand-ins for other projects' activities are not in the contract
        analysis["critical_path"] = [a for a in analysis["critical_path"] if a not in plan.external]
        analysis["activities"] = {
            code: figures
            for code, figures in analysis["activities"].items()
            if code not in plan.external
        }
    return analysis


def project_simulation(
    project: Project,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = DEFAULT_SEED,
    distribution: str = Distribution.PERT.value,
    plan: Plan | None = None,
) -> ScheduleSimulation:
    """The Monte Carlo of the project's finish (`simulate_schedule`), for the results page."""
    plan = plan or project_plan(project)
    _require_activities(project, plan)
    kind = distribution.strip().casefold() if isinstance(distribution, str) else distribution
    return simulate_schedule(plan.network(), iterations=iterations, seed=seed, distribution=kind)


# --- the programme dashboard -----------------------------------------------------------------


@dataclass(frozen=True)
class ProjectSummary:
    """One project on the dashboard: the plan's size, its expected duration and P80 (working
    days from the start, on the PERT expected durations) with their dates, its critical
    activities and its money."""

    project: Any
    activities: int
    critical: int
    expected_duration: float | None
    expected_finish: date | None
    p80: float | None
    p80_finish: date | None
    budget: int | None
    activities_budget: int | None


def programme_dashboard(
    projects: QuerySet[Project], *, iterations: int = DASHBOARD_ITERATIONS, seed: int = DEFAULT_SEED
) -> list[ProjectSummary]:
    """Each project's summary; the P80 from `iterations` runs of the Monte Carlo with `seed`."""
    budgets = dict(
        Activity.objects.filter(project__in=projects)
        .values("project")
        .annotate(total=Sum("budget"))
        .values_list("project", "total")
    )
    calendar_holidays = holidays()
    summaries = []
    for project in projects:
        activities = activities_of(project)
        plan = project_plan(project, activities)
        expected = p80 = None
        expected_finish = p80_finish = None
        critical = 0
        if activities:
            calendar = WorkingCalendar(project.start_date, holidays=calendar_holidays)
            network = plan.network()
            schedule = schedule_network(network)
            simulation = simulate_schedule(network, iterations=iterations, seed=seed)
            expected, p80 = schedule.duration, simulation.p80
            critical = sum(1 for t in schedule if t.critical and t.id not in plan.external)
            expected_finish = finish_day(calendar, 0.0, expected)
            p80_finish = finish_day(calendar, 0.0, p80)
        summaries.append(
            ProjectSummary(
                project=project,
                activities=len(activities),
                critical=critical,
                expected_duration=expected,
                expected_finish=expected_finish,
                p80=p80,
                p80_finish=p80_finish,
                budget=project.budget,
                activities_budget=budgets.get(project.pk),
            )
        )
    return summaries


# --- delivery confidence, status reports and gate reviews -------------------------------------


def status_report_get(pk: int) -> StatusReport:
    return (
        StatusReport.objects.select_related("project", "project__department", "author")
        .prefetch_related("key_risks")
        .get(pk=pk)
    )


def gate_review_get(pk: int) -> GateReview:
    return GateReview.objects.select_related("project", "project__department").get(pk=pk)


def status_report_list() -> QuerySet[StatusReport]:
    """Every status report with what a list shows of it, newest month first."""
    return (
        StatusReport.objects.select_related("project", "project__department", "author")
        .prefetch_related("key_risks")
        .order_by("-month", "project__name", "-reported_on", "-pk")
    )


def gate_review_list() -> QuerySet[GateReview]:
    """Every gate review with its recommendations, latest first."""
    return (
        GateReview.objects.select_related("project", "project__department")
        .prefetch_related("recommendations")
        .order_by("-held_on", "project__name", "-pk")
    )


def recommendation_get(pk: int) -> Recommendation:
    return Recommendation.objects.select_related(
        "review", "review__project", "review__project__department"
    ).get(pk=pk)


@dataclass(frozen=True)
class StatusEntry:
    """A status report in a project's history: its rating and the trend from the report
    before it (`assurance.trend`: by severity on one scale, by band across scales)."""

    report: StatusReport
    rating: Rating
    trend: Trend

    @property
    def trend_label(self) -> str:
        return TREND_LABELS[self.trend]


def status_history(project: Project) -> list[StatusEntry]:
    """The project's status reports, newest first, each with its trend."""
    reports = (
        StatusReport.objects.filter(project=project)
        .select_related("author")
        .prefetch_related("key_risks")
        .order_by("month", "reported_on", "pk")
    )
    entries: list[StatusEntry] = []
    previous: Rating | None = None
    for report in reports:
        rating = report.rating
        entries.append(StatusEntry(report, rating, trend(previous, rating)))
        previous = rating
    entries.reverse()
    return entries


def assessments_of(projects: QuerySet[Project]) -> list[Assessment]:
    """Every delivery confidence rating of `projects`: their status reports' and, as
    independent assurance ratings, their gate reviews' outcomes."""
    ratings = [
        Assessment(name, Rating(scale, level), day, RatingSource(source))  # type: ignore[arg-type]  # checked by Rating
        for name, scale, level, day, source in StatusReport.objects.filter(
            project__in=projects
        ).values_list("project__name", "scale", "level", "reported_on", "source")
    ]
    ratings += [
        Assessment(name, Rating(scale, level), day, RatingSource.INDEPENDENT_ASSURANCE)  # type: ignore[arg-type]  # checked by Rating
        for name, scale, level, day in GateReview.objects.filter(project__in=projects).values_list(
            "project__name", "scale", "level", "held_on"
        )
    ]
    return ratings


def programme_confidence(projects: QuerySet[Project], on: date) -> ConfidenceRollUp:
    """The programme's delivery confidence on `on` (`roll_up_confidence`): each project's
    latest rating and its trend since the end of the previous month."""
    return roll_up_confidence(assessments_of(projects), on)


@dataclass(frozen=True)
class RecommendationShown:
    recommendation: Recommendation
    closed: bool
    overdue: bool


@dataclass(frozen=True)
class ReviewShown:
    """A gate review with its recommendations' states on a day and their summary."""

    review: GateReview
    recommendations: tuple[RecommendationShown, ...]
    summary: RecommendationSummary


def gate_reviews_of(project: Project, on: date) -> list[ReviewShown]:
    """The project's gate reviews, latest first, with their recommendations as they stand on
    `on` (open, closed, overdue: `assurance.Recommendation`)."""
    reviews = GateReview.objects.filter(project=project).prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.select_related("owner"))
    )
    shown = []
    for review in reviews:
        recommendations = list(review.recommendations.all())
        kernel = [r.as_kernel() for r in recommendations]
        shown.append(
            ReviewShown(
                review=review,
                recommendations=tuple(
                    RecommendationShown(
                        r, k.status(on) is RecommendationStatus.CLOSED, k.is_overdue(on)
                    )
                    for r, k in zip(recommendations, kernel, strict=True)
                ),
                summary=summarise_recommendations(kernel, on),
            )
        )
    return shown


def recommendations_summary(projects: QuerySet[Project], on: date) -> RecommendationSummary:
    """All the recommendations of `projects`' gate reviews, counted as they stand on `on`."""
    return summarise_recommendations(
        (r.as_kernel() for r in Recommendation.objects.filter(review__project__in=projects)), on
    )


# --- benefits --------------------------------------------------------------------------------


def amount(value: Any) -> Any:
    """A stored figure as the benefits kernel takes it: a whole number as an int (so pence
    are pence), any other Decimal as it is; anything else is left for the kernel to refuse."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def kernel_benefit(
    benefit: Benefit,
    *,
    milestones: Sequence[str],
    actuals: Iterable[BenefitActual],
    ident: str | None = None,
) -> benefits_kernel.Benefit:
    """`benefit` as the benefits kernel takes it, with the ids (codes) of the milestones it
    depends on and its actuals; the kernel refuses one that breaks its rules, naming it by
    `ident` (by default its number, which keeps each benefit apart in a roll-up)."""
    return benefits_kernel.Benefit(
        id=ident or str(benefit.pk),
        project=str(benefit.project_id),
        type=benefit.type,  # type: ignore[arg-type]  # a string, checked by the kernel
        measure=benefit.measure,
        baseline=amount(benefit.baseline),
        target=amount(benefit.target),
        start=benefit.start_date,
        target_date=benefit.target_date,
        name=benefit.name,
        owner=str(benefit.owner) if benefit.owner_id else "",
        milestones=tuple(milestones),
        actuals=tuple(
            benefits_kernel.Actual(actual.measured_on, amount(actual.value)) for actual in actuals
        ),
    )


def benefit_get(pk: int) -> Benefit:
    return Benefit.objects.select_related("project", "project__department", "owner").get(pk=pk)


def benefit_list() -> QuerySet[Benefit]:
    """Every benefit with its project and the milestones it depends on, by project and name."""
    return (
        Benefit.objects.select_related("project", "project__department", "owner")
        .prefetch_related(
            Prefetch("milestones", queryset=Activity.objects.order_by("position", "pk"))
        )
        .order_by("project__name", "name", "pk")
    )


def benefits_of(projects: Iterable[Project]) -> list[Benefit]:
    """The benefits of `projects`, by project and name, with their owners, milestones and
    actuals."""
    return list(
        Benefit.objects.filter(project__in=projects)
        .select_related("project", "owner")
        .prefetch_related(
            Prefetch("milestones", queryset=Activity.objects.order_by("position", "pk")),
            Prefetch("actuals", queryset=BenefitActual.objects.order_by("measured_on")),
        )
        .order_by("project__name", "name", "pk")
    )


def slipped_milestones(schedule: ProjectSchedule) -> dict[str, ScheduledActivity]:
    """The project's milestones forecast to finish later than its latest baseline, by id."""
    return {
        row.activity.code: row
        for row in schedule.milestones
        if row.slip is not None and row.slip > 0
    }


@dataclass(frozen=True)
class BenefitRow:
    """A benefit of the register on a day: its progress (`benefits.benefit_progress`), the
    milestones it depends on, those that have slipped (with their slip), and its actuals."""

    benefit: Benefit
    progress: benefits_kernel.BenefitProgress
    milestones: tuple[Activity, ...]
    slipped: tuple[ScheduledActivity, ...]
    actuals: tuple[BenefitActual, ...]

    @property
    def cashable(self) -> bool:
        return self.progress.benefit.type is benefits_kernel.BenefitType.CASHABLE

    @property
    def at_risk(self) -> bool:
        return self.progress.at_risk

    @property
    def target_improvement(self) -> benefits_kernel.Amount:
        return self.progress.benefit.target_improvement

    @property
    def measured_on(self) -> date | None:
        """The day of the latest actual on or before the day of the progress."""
        latest = self.progress.benefit.latest_actual(self.progress.on)
        return None if latest is None else latest.on

    @property
    def share_percent(self) -> Decimal | None:
        """Realised as a share of planned, in per cent to one decimal place."""
        share = self.progress.share
        return None if share is None else (share * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class ProjectBenefits:
    """A project's benefits register on a day, and its roll-up."""

    project: Project
    on: date
    rows: tuple[BenefitRow, ...]
    roll_up: benefits_kernel.BenefitsRollUp


def _project_benefits(
    project: Project, records: list[Benefit], on: date, schedules: dict[int, ProjectSchedule]
) -> ProjectBenefits:
    slipped: dict[str, ScheduledActivity] = {}
    if any(b.milestones.all() for b in records):
        slipped = slipped_milestones(schedule_of(project, schedules))
    rows = []
    for record in records:
        milestones = tuple(record.milestones.all())
        actuals = tuple(record.actuals.all())
        kernel = kernel_benefit(record, milestones=[m.code for m in milestones], actuals=actuals)
        progress = benefits_kernel.benefit_progress(kernel, on, slipped)
        rows.append(
            BenefitRow(
                benefit=record,
                progress=progress,
                milestones=milestones,
                slipped=tuple(slipped[code] for code in progress.slipped_milestones),
                actuals=actuals,
            )
        )
    roll_up = benefits_kernel.roll_up_benefits((row.progress.benefit for row in rows), on, slipped)
    return ProjectBenefits(project, on, tuple(rows), roll_up)


def project_benefits(
    project: Project, on: date, *, schedule: ProjectSchedule | None = None
) -> ProjectBenefits:
    """The project's benefits on `on`: planned to date, realised, their share, and at risk
    when a milestone a benefit depends on has slipped against the latest baseline (from
    `schedule`, worked out when not given)."""
    schedules = {} if schedule is None else {project.pk: schedule}
    return _project_benefits(project, benefits_of([project]), on, schedules)


@dataclass(frozen=True)
class ProgrammeBenefits:
    """The benefits of the programme's projects on a day: each project's register and
    roll-up, the programme's roll-up (`benefits.combine_roll_ups`) and the benefits at risk."""

    on: date
    projects: tuple[ProjectBenefits, ...]
    roll_up: benefits_kernel.BenefitsRollUp

    @property
    def at_risk(self) -> list[BenefitRow]:
        return [row for part in self.projects for row in part.rows if row.at_risk]

    @property
    def cashable_percent(self) -> Decimal | None:
        """Cashable realised as a share of planned, in per cent to one decimal place."""
        share = self.roll_up.cashable_share
        return None if share is None else (share * 100).quantize(Decimal("0.1"))

    @property
    def counts(self) -> list[tuple[str, benefits_kernel.BenefitCount]]:
        """Each type's label and its count, in the kernel's order."""
        return [(kind.label, self.roll_up.counts[kind]) for kind in benefits_kernel.BenefitType]


def programme_benefits(
    projects: Iterable[Project], on: date, *, schedules: dict[int, ProjectSchedule] | None = None
) -> ProgrammeBenefits:
    """The benefits of `projects` on `on`, rolled up per project and for them all; a
    project's schedule is worked out (or taken from `schedules`, and kept there) only when
    one of its benefits depends on a milestone."""
    known = schedules if schedules is not None else {}
    by_project: dict[int, list[Benefit]] = {}
    for record in benefits_of(projects):
        by_project.setdefault(record.project_id, []).append(record)
    parts = tuple(
        _project_benefits(records[0].project, records, on, known) for records in by_project.values()
    )
    return ProgrammeBenefits(
        on=on,
        projects=parts,
        roll_up=benefits_kernel.combine_roll_ups((part.roll_up for part in parts), on),
    )


# --- money: earned value ---------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """An earned value measure as the pages and the API explain it."""

    key: str
    abbreviation: str
    label: str
    help: str
    money: bool = True


MEASURES: tuple[Measure, ...] = (
    Measure("budget_at_completion", "BAC", "Budget at completion",
            "The activities' budgets added up: what the work is planned to cost in all."),
    Measure("planned_value", "PV", "Planned value",
            "The budget of the work the schedule planned to be done by the status date, each "
            "activity's budget spread evenly over its working days."),
    Measure("earned_value", "EV", "Earned value",
            "The budget of the work actually done: each activity's budget times its percent "
            "complete."),
    Measure("actual_cost", "AC", "Actual cost",
            "What was spent up to the status date: the actual costs of every month to then."),
    Measure("schedule_variance", "SV", "Schedule variance",
            "EV − PV: below zero, less work is done than planned by now."),
    Measure("cost_variance", "CV", "Cost variance",
            "EV − AC: below zero, the work done cost more than its budget."),
    Measure("schedule_performance_index", "SPI", "Schedule performance index",
            "EV ÷ PV: 1 is on plan, 0.9 means 90% of the work planned by now is done.",
            money=False),
    Measure("cost_performance_index", "CPI", "Cost performance index",
            "EV ÷ AC: 1 is on budget, 0.8 means each pound spent earned 80 pence of work.",
            money=False),
    Measure("estimate_at_completion", "EAC", "Estimate at completion",
            "BAC ÷ CPI: what the whole work will cost if the rest is done as efficiently as "
            "so far."),
    Measure("variance_at_completion", "VAC", "Variance at completion",
            "BAC − EAC: below zero, the work is forecast to cost more than its budget."),
)  # fmt: skip
"""The measures in the order the pages show them (PMBOK Guide; APM Earned Value Handbook)."""


def figures_dict(figures: ev_kernel.EarnedValue) -> dict[str, Any]:
    """The measures by key, as the API gives them: money in minor units, indices as Decimal,
    None where a divisor is zero."""
    return {measure.key: getattr(figures, measure.key) for measure in MEASURES}


def measure_values(figures: ev_kernel.EarnedValue) -> list[tuple[Measure, Any]]:
    """Each measure with its value for `figures`, in the pages' order."""
    return [(measure, getattr(figures, measure.key)) for measure in MEASURES]


def status_offset(calendar: WorkingCalendar, on: date) -> float:
    """The working days done by the end of `on`, from the project start: the status as the
    earned value kernel's `planned_value` takes it."""
    return float(calendar.offset_for(on + datetime.timedelta(days=1)))


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


@dataclass(frozen=True)
class EarnedValueRow:
    """An activity's earned value figures at the status date."""

    activity: Activity
    figures: ev_kernel.EarnedValue


@dataclass(frozen=True)
class EarnedValuePoint:
    """Cumulative figures at the end of a day: planned value always, earned value and actual
    cost only up to the status date (None after it)."""

    on: date
    planned_value: int
    earned_value: int | None
    actual_cost: int | None


class _MoneyOfProject:
    """What earned value needs of one project: its activities' budgets and scheduled offsets,
    its actual costs by month, and its percent complete as history recorded it."""

    def __init__(self, project: Project, schedule: ProjectSchedule | None = None) -> None:
        self.project = project
        self.schedule = schedule or project_schedule(project)
        self.calendar = self.schedule.calendar
        self.costs = list(
            ActualCost.objects.filter(project=project).values_list("activity_id", "month", "amount")
        )
        self._history: list[tuple[int, int, datetime.datetime, str]] | None = None
        self._points: dict[date, EarnedValuePoint] = {}

    def planned(self, on: date) -> dict[int, int]:
        status = status_offset(self.calendar, on)
        return {
            row.activity.pk: ev_kernel.planned_value(
                row.activity.budget or 0, row.times.es, row.times.ef, status
            )
            for row in self.schedule.rows
        }

    def spent(self, on: date) -> tuple[dict[int | None, int], int]:
        """Actual cost to the end of `on` by activity (None: the project as a whole)."""
        by_activity: dict[int | None, int] = {}
        for activity_id, month, amount in self.costs:
            if month <= on:
                by_activity[activity_id] = by_activity.get(activity_id, 0) + amount
        return by_activity, sum(by_activity.values())

    def percent_as_of(self, moment: datetime.datetime) -> dict[int, int]:
        """Each activity's percent complete as history recorded it at `moment`."""
        if self._history is None:
            self._history = list(
                Activity.history.filter(project_id=self.project.pk)  # type: ignore[attr-defined]  # simple-history's manager
                .order_by("history_date", "history_id")
                .values_list("id", "percent_complete", "history_date", "history_type")
            )
        percent: dict[int, int] = {}
        for activity_id, value, when, kind in self._history:
            if when >= moment:
                break
            percent[activity_id] = 0 if kind == "-" else value
        return percent

    def at(self, on: date) -> EarnedValuePoint:
        """The cumulative figures at the end of `on`, earned value from the percent complete
        history recorded by then; worked once a day, as the project's, its programme's and
        the portfolio's series all ask for it."""
        if on in self._points:
            return self._points[on]
        end = datetime.datetime.combine(
            on + datetime.timedelta(days=1),
            datetime.time.min,
            tzinfo=timezone.get_current_timezone(),
        )
        percent = self.percent_as_of(end)
        earned = sum(
            ev_kernel.ActivityProgress(
                row.activity.code, row.activity.budget or 0, 0, percent.get(row.activity.pk, 0), 0
            ).earned_value
            for row in self.schedule.rows
        )
        point = EarnedValuePoint(on, sum(self.planned(on).values()), earned, self.spent(on)[1])
        self._points[on] = point
        return point

    def months(self, on: date) -> list[date]:
        """Month ends from the project's start to its forecast finish or the status date,
        whichever is later."""
        last = max(self.schedule.finish_date or on, on)
        ends, day = [], _month_end(self.project.start_date)
        while day <= _month_end(last):
            ends.append(day)
            day = _month_end(day + datetime.timedelta(days=1))
        return ends


@dataclass(frozen=True)
class ProjectEarnedValue:
    """A project's earned value at the status date `on`: the measures, each activity's, the
    cost booked to the project as a whole, and the cumulative figures month by month."""

    project: Project
    on: date
    figures: ev_kernel.EarnedValue
    rows: tuple[EarnedValueRow, ...]
    project_cost: int
    series: tuple[EarnedValuePoint, ...]


def _series(parts: Sequence[_MoneyOfProject], on: date) -> tuple[EarnedValuePoint, ...]:
    """Month ends (and the status date) with the figures of `parts` added up: earned value
    and actual cost to the status date, planned value throughout."""
    days = sorted({day for part in parts for day in part.months(on) if day != on} | {on})
    points = []
    for day in days:
        figures = [part.at(day) for part in parts]
        done = day <= on
        points.append(
            EarnedValuePoint(
                day,
                sum(f.planned_value for f in figures),
                sum(f.earned_value or 0 for f in figures) if done else None,
                sum(f.actual_cost or 0 for f in figures) if done else None,
            )
        )
    return tuple(points)


def _project_earned_value(
    money: _MoneyOfProject, on: date, *, with_series: bool = True
) -> ProjectEarnedValue:
    planned = money.planned(on)
    spent, _ = money.spent(on)
    progress = [
        ev_kernel.ActivityProgress(
            row.activity.code,
            row.activity.budget or 0,
            planned[row.activity.pk],
            row.activity.percent_complete,
            spent.get(row.activity.pk, 0),
        )
        for row in money.schedule.rows
    ]
    rows = tuple(
        EarnedValueRow(row.activity, ev_kernel.earned_value([item]))
        for row, item in zip(money.schedule.rows, progress, strict=True)
    )
    project_cost = spent.get(None, 0)
    whole = ev_kernel.ActivityProgress("(the project as a whole)", 0, 0, 0, project_cost)
    return ProjectEarnedValue(
        project=money.project,
        on=on,
        figures=ev_kernel.earned_value([*progress, whole]),
        rows=rows,
        project_cost=project_cost,
        series=_series([money], on) if with_series else (),
    )


def project_earned_value(
    project: Project, on: date, *, schedule: ProjectSchedule | None = None
) -> ProjectEarnedValue:
    """The project's earned value at the end of `on` (`govdx.domain.planning.earned_value`):
    planned value from its schedule's early dates, earned value from its activities' percent
    complete, actual cost from its monthly costs to then, and the figures month by month."""
    return _project_earned_value(_MoneyOfProject(project, schedule), on)


@dataclass(frozen=True)
class ProgrammeEarnedValue:
    """Earned value of a programme's projects rolled up (the amounts added, the measures
    worked from the sums: `earned_value.roll_up`)."""

    name: str
    programme: Any
    figures: ev_kernel.EarnedValue
    projects: tuple[ProjectEarnedValue, ...]
    series: tuple[EarnedValuePoint, ...]


@dataclass(frozen=True)
class PortfolioEarnedValue:
    """Every programme's earned value at `on`, and the portfolio's (all of them) rolled up."""

    on: date
    programmes: tuple[ProgrammeEarnedValue, ...]
    figures: ev_kernel.EarnedValue
    series: tuple[EarnedValuePoint, ...]

    @property
    def projects(self) -> list[ProjectEarnedValue]:
        return [project for programme in self.programmes for project in programme.projects]


def portfolio_earned_value(
    projects: Iterable[Project], on: date, *, schedules: dict[int, ProjectSchedule] | None = None
) -> PortfolioEarnedValue:
    """The earned value of `projects` at the end of `on`, each project's, rolled up to each
    programme and to the portfolio of them all, with the cumulative figures month by month;
    each project's schedule is taken from `schedules` (and kept there) when it is known."""
    known = schedules if schedules is not None else {}
    by_programme: dict[int, list[_MoneyOfProject]] = {}
    for project in projects:
        money = _MoneyOfProject(project, schedule_of(project, known))
        by_programme.setdefault(project.programme_id, []).append(money)
    programmes = []
    for parts in by_programme.values():
        evaluated = tuple(_project_earned_value(part, on) for part in parts)
        programme = parts[0].project.programme
        programmes.append(
            ProgrammeEarnedValue(
                name=programme.name,
                programme=programme,
                figures=ev_kernel.roll_up(p.figures for p in evaluated),
                projects=evaluated,
                series=_series(parts, on),
            )
        )
    programmes.sort(key=lambda p: p.name)
    every = [part for parts in by_programme.values() for part in parts]
    return PortfolioEarnedValue(
        on=on,
        programmes=tuple(programmes),
        figures=ev_kernel.roll_up(p.figures for p in programmes),
        series=_series(every, on) if every else (),
    )


def actual_costs_of(project: Project) -> QuerySet[ActualCost]:
    return ActualCost.objects.filter(project=project).select_related("activity")


def programme_of(name: str | None) -> Any:
    """The programme called `name` ignoring case (NotFound naming it), or None for all."""
    from govdx.programme.models import Programme

    if name is None:
        return None
    programme = Programme.objects.filter(name__iexact=name.strip()).first()
    if programme is None:
        raise NotFound(f"There is no programme called “{name.strip()}”.")
    return programme


# --- the major-project return ---------------------------------------------------------------

RETURN_HELP = (
    "One row per project for the financial year (1 April to 31 March). Start: the project's "
    "start date; end: its forecast finish from the critical path. Delivery confidence: the "
    "latest independent assurance rating (a gate review or an independent status report) and "
    "the latest of the senior responsible owner's own, up to the status date. This year's "
    "baseline: the activities' budgets spread evenly over their working days as the latest "
    "saved baseline scheduled them (the current schedule when none is saved), the part falling "
    "in the year. This year's forecast: the actual costs booked to the year's months up to the "
    "status date, plus the current schedule's planned value for the rest of the year times "
    "EAC / BAC (the cost efficiency so far). A variance of more than 5% takes the narrative of "
    "the project's latest status report. Whole-life cost: the estimate at completion (EAC = "
    "BAC / CPI), or the budget at completion while nothing is earned or spent, or the "
    "project's budget when its activities have none. Total benefits: the cashable benefits' "
    "target improvements."
)
"""How each figure of the return is worked out, for the page, the API and the command."""


def _planned_in(rows: Iterable[tuple[int, float, float]], after: float, until: float) -> int:
    """The planned value of activities (budget, early start, early finish) accruing between
    working day `after` and `until` (status offsets)."""
    return sum(
        ev_kernel.planned_value(budget, start, finish, until)
        - ev_kernel.planned_value(budget, start, finish, after)
        for budget, start, finish in rows
    )


def _latest_rating(
    assessments: Iterable[Assessment], source: RatingSource, on: date
) -> Rating | None:
    chosen = [a for a in assessments if a.source is source and a.assessed_on <= on]
    return max(chosen, key=lambda a: a.assessed_on).rating if chosen else None


def major_project_return_row(
    project: Project,
    year: returns_kernel.FinancialYear,
    on: date,
    *,
    assessments: Sequence[Assessment] = (),
) -> returns_kernel.MajorProjectReturnRow:
    """The project's row of the return for `year` at the status date `on` (`RETURN_HELP`
    says how each figure is worked out); Invalid naming the project when the kernel refuses
    it (no department, or a variance over 5% with no status report to explain it)."""
    schedule = project_schedule(project)
    money = _MoneyOfProject(project, schedule)
    calendar = schedule.calendar
    budgets = {row.activity.pk: row.activity.budget or 0 for row in schedule.rows}
    year_before = status_offset(calendar, year.start - datetime.timedelta(days=1))
    year_end = status_offset(calendar, year.end)
    if schedule.baseline is not None:
        planned = [
            (budgets.get(copy.activity_id or 0, 0), copy.start, copy.finish)
            for copy in schedule.baseline.activities.all()
        ]
    else:
        planned = [(budgets[row.activity.pk], row.times.es, row.times.ef) for row in schedule.rows]
    baseline = _planned_in(planned, year_before, year_end)
    status = min(on, year.end)
    spent = sum(amount for _, month, amount in money.costs if year.start <= month <= status)
    current = [(budgets[row.activity.pk], row.times.es, row.times.ef) for row in schedule.rows]
    figures = _project_earned_value(money, on, with_series=False).figures
    forecast = returns_kernel.year_forecast(
        spent=spent,
        remaining_planned=_planned_in(
            current, max(year_before, status_offset(calendar, status)), year_end
        ),
        budget_at_completion=figures.budget_at_completion,
        estimate_at_completion=figures.estimate_at_completion,
    )
    whole_life = figures.estimate_at_completion
    if whole_life is None:
        whole_life = figures.budget_at_completion or project.budget or 0
    narrative = ""
    if returns_kernel.narrative_required(baseline, forecast):
        report = (
            StatusReport.objects.filter(project=project, month__lte=on)
            .order_by("-month", "-reported_on", "-pk")
            .first()
        )
        narrative = report.narrative if report is not None else ""
    target = project_benefits(project, on, schedule=schedule).roll_up.cashable_target
    return returns_kernel.MajorProjectReturnRow(
        project=project.name,
        department=str(project.department) if project.department_id else "",
        description=project.description,
        start=project.start_date,
        end=max(schedule.finish_date or project.start_date, project.start_date),
        financial_year=year,
        baseline=baseline,
        forecast=forecast,
        whole_life_cost=whole_life,
        total_benefits=int(target),
        narrative=narrative,
        independent_rating=_latest_rating(assessments, RatingSource.INDEPENDENT_ASSURANCE, on),
        senior_responsible_owner_rating=_latest_rating(
            assessments, RatingSource.SENIOR_RESPONSIBLE_OWNER, on
        ),
    )


def major_project_return(
    projects: QuerySet[Project], year: returns_kernel.FinancialYear, on: date
) -> tuple[returns_kernel.MajorProjectReturnRow, ...]:
    """The return of `projects` for `year` at the status date `on`, by department then
    project (`returns.major_project_return`)."""
    by_project: dict[str, list[Assessment]] = {}
    for assessment in assessments_of(projects):
        by_project.setdefault(assessment.project, []).append(assessment)
    return returns_kernel.major_project_return(
        major_project_return_row(project, year, on, assessments=by_project.get(project.name, []))
        for project in projects
    )


@dataclass(frozen=True)
class MajorProjectReturn:
    """The return as asked for: its financial year, status date and rows."""

    year: returns_kernel.FinancialYear
    on: date
    rows: tuple[returns_kernel.MajorProjectReturnRow, ...]


def major_project_return_for(
    projects: QuerySet[Project], *, on: date, programme: str | None = None, year: int | None = None
) -> MajorProjectReturn:
    """The return of `projects` (only the programme named, when one is) for the financial year
    starting in April of `year`, by default the one containing `on`."""
    chosen = programme_of(programme)
    if chosen is not None:
        projects = projects.filter(programme=chosen)
    fy = returns_kernel.financial_year(on) if year is None else returns_kernel.FinancialYear(year)
    return MajorProjectReturn(fy, on, major_project_return(projects, fy, on))
