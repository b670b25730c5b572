"""Every write to the programme: validated, in one transaction, with who did it and why.

`plan_import` turns a plan file (read and checked by `govdx.domain.planning.plan_file`) into
a project's activities and dependencies, all or nothing. How rows become records, so that a
user can predict them:

- The project is found by name, ignoring case; when there is none it is created (in the
  first programme, or a new "Transformation programme" when there is none yet), starting on
  the day given or today.
- An activity matches the project's activity with the same id, ignoring case. The file is the
  plan: its ids, names, estimates, milestones, owners and budgets replace what was there, an
  activity the file no longer lists is removed, and so is a dependency. What the file does not
  carry (constraints, workstream, parent; percent complete where its column is absent or
  the cell blank) is kept.
- A predecessor written `[Project name] ID` is an activity of another project of the same
  programme; an unknown project or activity is a problem of its row and column. An activity
  that an activity of another project depends on cannot be removed by a re-import: the file
  is refused naming both, until the other project's plan drops the link.
- An owner is a person, by full name or email, ignoring case; one that matches nobody, or
  more than one person, is a problem of its row.
- Importing the same file again changes nothing. Every change is in the records' history,
  with the file named as the reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from govdx.core.permissions import SYSTEM, require
from govdx.core.permissions import Action as Permission
from govdx.core.services import record_create, record_delete, record_update
from govdx.domain.errors import Invalid
from govdx.domain.planning import assurance
from govdx.domain.planning.actuals_file import ActualsFile, read_actuals
from govdx.domain.planning.plan_file import PlanFile, PlanRow, read_plan
from govdx.domain.tabular import ImportProblems, Problem, Source
from govdx.org.models import Department, Person
from govdx.programme import selectors
from govdx.programme.choices import RatingSourceChoice
from govdx.programme.models import (
    Activity,
    ActualCost,
    Baseline,
    BaselineActivity,
    Benefit,
    BenefitActual,
    Dependency,
    GateReview,
    Programme,
    Project,
    Recommendation,
    StatusReport,
)

DEFAULT_PROGRAMME_NAME = "Transformation programme"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


# --- projects --------------------------------------------------------------------------------


def _refuse_taken_name(name: str, instance: Project | None = None) -> None:
    taken = Project.objects.filter(name__iexact=name.strip())
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if taken.exists():
        message = f"There is already a project called “{name.strip()}”; choose another name."
        raise Invalid(message, {"name": [message]})


@transaction.atomic
def project_create(*, data: Mapping[str, Any], user: Any, reason: str = "") -> Project:
    values = dict(data)
    applications = values.pop("applications", None)
    _refuse_taken_name(str(values.get("name", "")))
    project = record_create(model=Project, data=values, user=user, reason=reason)
    if applications is not None:
        project.applications.set(applications)
    return project


@transaction.atomic
def project_update(
    *, instance: Project, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> Project:  # fmt: skip
    values = dict(data)
    applications = values.pop("applications", None)
    if "name" in values:
        _refuse_taken_name(str(values["name"]), instance)
    project = record_update(
        instance=instance, data=values, user=user, expected_version=expected_version, reason=reason
    )
    if applications is not None:
        project.applications.set(applications)
    return project


def project_delete(*, instance: Project, user: Any) -> None:
    record_delete(instance=instance, user=user)


# --- baselines -------------------------------------------------------------------------------


@transaction.atomic
def baseline_save(*, project: Project, name: str, user: Any, today: datetime.date) -> Baseline:
    """Save the project's schedule as it stands as a baseline called `name`, dated `today`."""
    actor = user or SYSTEM
    require(actor, Permission.CHANGE, project)
    name = " ".join(name.split())
    if not name:
        message = "Give the baseline a name, such as “Business case” or “Re-plan March”."
        raise Invalid(message, {"name": [message]})
    if Baseline.objects.filter(project=project, name__iexact=name).exists():
        message = f"The project already has a baseline called “{name}”; choose another name."
        raise Invalid(message, {"name": [message]})
    schedule = selectors.project_schedule(project)
    if not schedule.rows:
        raise Invalid(
            "The project has no activities to baseline yet: import its plan first.",
            {"name": ["Import the project's plan before saving a baseline."]},
        )
    baseline = record_create(
        model=Baseline,
        data={"project": project, "name": name, "saved_on": today,
              "saved_by": user if getattr(user, "is_authenticated", False) else None},
        user=actor,
        reason=f"baseline {name}",
    )  # fmt: skip
    for row in schedule.rows:
        activity = row.activity
        record_create(
            model=BaselineActivity,
            data={
                "baseline": baseline,
                "activity": activity,
                "code": activity.code,
                "name": activity.name,
                "milestone": activity.milestone,
                "duration": row.times.duration,
                "start": row.times.es,
                "finish": row.times.ef,
                "start_date": row.start_date,
                "finish_date": row.finish_date,
            },
            user=actor,
            reason=f"baseline {name}",
        )
    return baseline


# --- plan import -----------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }


@dataclass
class PlanImportResult:
    """What an import did, or would do on a dry run."""

    project: str
    project_created: bool = False
    rows: int = 0
    activities: Counts = field(default_factory=Counts)
    dependencies: Counts = field(default_factory=Counts)
    ignored_headings: tuple[str, ...] = ()
    project_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The `govdx plan import --json` object."""
        return {
            "project": self.project,
            "project_created": self.project_created,
            "activities": self.activities.as_dict(),
            "dependencies": self.dependencies.as_dict(),
        }

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        made = f" (a new project {verb} created)" if self.project_created else ""
        a, d = self.activities, self.dependencies
        lines = [
            f"{self.rows} activities read for {self.project}{made}: {a.created} {verb} created, "
            f"{a.updated} updated, {a.unchanged} unchanged, {a.removed} removed; dependencies "
            f"{d.created} created, {d.updated} updated, {d.unchanged} unchanged, "
            f"{d.removed} removed."
        ]
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def plan_import(
    file: Source,
    *,
    project_name: str,
    user: Any,
    filename: str | None = None,
    department: Department | None = None,
    start_date: datetime.date | None = None,
    dry_run: bool = False,
    today: datetime.date | None = None,
    sheet: str | None = None,
) -> PlanImportResult:
    """Check the whole plan file, then write the project's plan in one transaction, or nothing.

    Raises ImportProblems listing every problem as (row, column, message), NotAllowed when the
    user may not change the project (or add it), Invalid for a project name that is empty.
    The rules are in the module docstring.
    """
    actor = user or SYSTEM
    name = " ".join(project_name.split())
    if not name:
        message = "Name the project the plan is for."
        raise Invalid(message, {"project": [message]})
    project = Project.objects.filter(name__iexact=name).first()
    if project is not None:
        require(actor, Permission.CHANGE, project)
    else:
        require(actor, Permission.ADD, Project)
    source_name = filename or (Path(file).name if isinstance(file, str | Path) else "upload")
    if isinstance(file, str | Path) and not Path(file).is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {file}.")])
    plan = read_plan(file, filename=source_name, sheet=sheet)
    owners, problems = _owners(plan)
    if problems:
        raise ImportProblems(problems)
    result = PlanImportResult(
        project=project.name if project else name,
        project_created=project is None,
        rows=len(plan.rows),
        ignored_headings=plan.ignored_headings,
    )
    writer = _PlanWriter(actor, source_name, result)
    try:
        with transaction.atomic():
            if project is None:
                project = writer.new_project(name, department, start_date or _today(today))
            else:
                writer.update_project(project, department, start_date)
            problems = writer.external(project, plan) or writer.write(project, plan, owners)
            if problems:
                raise ImportProblems(problems)
            result.project_id = project.pk
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.project_id = None if result.project_created else result.project_id
    return result


def _today(today: datetime.date | None) -> datetime.date:
    from django.utils import timezone

    return today or timezone.localdate()


def _owners(plan: PlanFile) -> tuple[dict[int, Person | None], list[Problem]]:
    """Each row's owner as a person, by full name or email ignoring case; the problems."""
    named = {row.owner.strip() for row in plan.rows if row.owner and row.owner.strip()}
    people: dict[str, list[Person]] = {}
    if named:
        query = Q()
        for text in named:
            query |= Q(full_name__iexact=text) | Q(email__iexact=text)
        for person in Person.objects.filter(query):
            for key in {person.full_name.casefold(), (person.email or "").casefold()} - {""}:
                people.setdefault(key, []).append(person)
    owners: dict[int, Person | None] = {}
    problems = []
    for row in plan.rows:
        text = (row.owner or "").strip()
        if not text:
            owners[row.row] = None
            continue
        found = people.get(text.casefold(), [])
        if len(found) == 1:
            owners[row.row] = found[0]
        elif not found:
            problems.append(
                Problem(row.row, "Owner", f"There is no person called “{text}”: add them to "
                        "the organisation first, give their email, or leave the cell blank.")
            )  # fmt: skip
        else:
            problems.append(
                Problem(row.row, "Owner", f"{len(found)} people are called “{text}”: give the "
                        "owner's email instead.")
            )  # fmt: skip
    return owners, problems


class _PlanWriter:
    """Writes one checked plan into a project through the record services, counting."""

    def __init__(self, actor: Any, source: str, result: PlanImportResult) -> None:
        self.actor, self.source, self.result = actor, source, result
        self.reason = f"imported from {source}"

    def new_project(
        self, name: str, department: Department | None, start: datetime.date
    ) -> Project:
        programme = Programme.objects.order_by("pk").first()
        if programme is None:
            programme = record_create(
                model=Programme,
                data={"name": DEFAULT_PROGRAMME_NAME},
                user=self.actor,
                reason=self.reason,
            )
        return project_create(
            data={"programme": programme, "name": name, "department": department,
                  "start_date": start},
            user=self.actor,
            reason=self.reason,
        )  # fmt: skip

    def update_project(
        self, project: Project, department: Department | None, start: datetime.date | None
    ) -> None:
        changes: dict[str, Any] = {}
        if department is not None and project.department_id != department.pk:
            changes["department"] = department
        if start is not None and project.start_date != start:
            changes["start_date"] = start
        if changes:
            record_update(
                instance=project, data=changes, user=self.actor, expected_version=None,
                reason=self.reason,
            )  # fmt: skip

    def external(self, project: Project, plan: PlanFile) -> list[Problem]:
        """Each predecessor in another project found, by the project's name in its programme
        and the activity's id, ignoring case; the problems of those that are not."""
        self.outside: dict[tuple[str, str], Activity] = {}
        problems = []
        for link in plan.external:
            other = Project.objects.filter(
                programme_id=project.programme_id, name__iexact=link.project
            ).first()
            if other is None or other.pk == project.pk:
                why = (
                    "is this project: give its activity's id without the brackets"
                    if other is not None
                    else f"is not a project of the programme {project.programme}"
                )
                problems.append(Problem(link.row, link.column, f"“{link.project}” {why}."))
                continue
            activity = other.activities.filter(code__iexact=link.predecessor).first()
            if activity is None:
                message = f"{other.name} has no activity “{link.predecessor}”: check its id."
                problems.append(Problem(link.row, link.column, message))
                continue
            self.outside[(link.project.casefold(), link.predecessor.casefold())] = activity
        return problems

    def write(
        self, project: Project, plan: PlanFile, owners: dict[int, Person | None]
    ) -> list[Problem]:
        existing = {a.code.casefold(): a for a in Activity.objects.filter(project=project)}
        problems: list[Problem] = []
        saved: dict[str, Activity] = {}
        for position, row in enumerate(plan.rows, start=1):
            try:
                saved[row.id.casefold()] = self._activity(
                    project, existing.get(row.id.casefold()), row, position, owners[row.row]
                )
            except Invalid as error:
                problems.append(Problem(row.row, None, error.message))
        if problems:
            return problems
        for key, activity in existing.items():
            needed = Dependency.objects.filter(predecessor=activity).exclude(
                successor__project=project
            ).select_related("successor__project")  # fmt: skip
            if key not in saved and needed:
                successors = ", ".join(f"{d.successor.code} of {d.successor.project}"
                                       for d in needed)  # fmt: skip
                problems.append(Problem(None, None, f"{activity.code} cannot be removed: "
                                        f"{successors} depend{'s' if len(needed) == 1 else ''} "
                                        "on it. Remove the link from that plan first, or keep "
                                        "the activity in this one."))  # fmt: skip
        if problems:
            return problems
        self._dependencies(project, plan, saved)
        for key, activity in existing.items():
            if key not in saved:
                _costs_to_project(activity, user=self.actor, reason=self.reason)
                record_delete(instance=activity, user=self.actor)
                self.result.activities.removed += 1
        return problems

    def _activity(
        self, project: Project, activity: Activity | None, row: PlanRow, position: int,
        owner: Person | None,
    ) -> Activity:  # fmt: skip
        data = {
            "code": row.id,
            "name": row.name,
            "position": position,
            "optimistic": float(row.optimistic),
            "most_likely": float(row.most_likely),
            "pessimistic": float(row.pessimistic),
            "milestone": row.milestone,
            "owner": owner,
            "budget": row.budget,
        }
        if row.percent_complete is not None:  # a blank cell or no column keeps it
            data["percent_complete"] = row.percent_complete
        counts = self.result.activities
        if activity is None:
            counts.created += 1
            return record_create(
                model=Activity,
                data={**data, "project": project, "source": self.source},
                user=self.actor,
                reason=self.reason,
            )
        changes = {k: v for k, v in data.items() if getattr(activity, k) != v}
        if not changes:
            counts.unchanged += 1
            return activity
        counts.updated += 1
        return record_update(
            instance=activity, data={**changes, "source": self.source}, user=self.actor,
            expected_version=None, reason=self.reason,
        )  # fmt: skip

    def _dependencies(
        self,
        project: Project,
        plan: PlanFile,
        saved: dict[str, Activity],
    ) -> None:
        wanted: dict[tuple[int, str, str], tuple[Any, Activity | None]] = {
            (project.pk, link.predecessor.casefold(), link.successor.casefold()): (link, None)
            for link in plan.dependencies
        }
        for link in plan.external:
            other = self.outside[(link.project.casefold(), link.predecessor.casefold())]
            key = (other.project_id, link.predecessor.casefold(), link.successor.casefold())
            wanted[key] = (link, other)
        counts = self.result.dependencies
        current = Dependency.objects.filter(successor__project=project).select_related(
            "predecessor", "successor"
        )
        found: set[tuple[int, str, str]] = set()
        for dependency in current:
            key = (
                dependency.predecessor.project_id,
                dependency.predecessor.code.casefold(),
                dependency.successor.code.casefold(),
            )
            link, _ = wanted.get(key, (None, None))
            if link is None:
                record_delete(instance=dependency, user=self.actor)
                counts.removed += 1
                continue
            found.add(key)
            changes = {
                k: v
                for k, v in (("kind", link.kind.value), ("lag", float(link.lag)))
                if getattr(dependency, k) != v
            }
            if changes:
                record_update(
                    instance=dependency, data=changes, user=self.actor, expected_version=None,
                    reason=self.reason,
                )  # fmt: skip
                counts.updated += 1
            else:
                counts.unchanged += 1
        for key, (link, other) in wanted.items():
            if key in found:
                continue
            record_create(
                model=Dependency,
                data={"predecessor": other or saved[key[1]], "successor": saved[key[2]],
                      "kind": link.kind.value, "lag": float(link.lag)},
                user=self.actor,
                reason=self.reason,
            )  # fmt: skip
            counts.created += 1


# --- status reports and gate reviews ---------------------------------------------------------


def _first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _refuse_clash_with_review(
    project: Project, day: datetime.date, instance: StatusReport | None = None
) -> None:
    """An independent assurance rating of a project on a day is one rating: a status report
    giving one on the day of a gate review would be a second (the roll-up refuses two)."""
    clash = GateReview.objects.filter(project=project, held_on=day).exists()
    if clash:
        message = (
            f"A gate review of {project.name} was held on {day.isoformat()}: its outcome is the "
            "independent assurance rating of that day. Report on another day, or as the senior "
            "responsible owner's own assessment."
        )
        raise Invalid(message, {"reported_on": [message]})


def _status_values(project: Project, data: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(data)
    if values.get("month") is not None:
        values["month"] = _first_of_month(values["month"])
    elif values.get("reported_on") is not None:
        values["month"] = _first_of_month(values["reported_on"])
    return values


def _refuse_taken_month(
    project: Project, values: Mapping[str, Any], instance: StatusReport | None = None
) -> None:
    month, source = values.get("month"), values.get("source")
    taken = StatusReport.objects.filter(project=project, month=month, source=source)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    if month is not None and taken.exists():
        message = (
            f"{project.name} already has a status report for {month:%B %Y} from this source; "
            "change that one instead."
        )
        raise Invalid(message, {"month": [message]})


@transaction.atomic
def status_report_create(
    *, project: Project, data: Mapping[str, Any], user: Any, reason: str = ""
) -> StatusReport:
    """Add a month's status report to `project`; `month` is taken as its first day (from
    `reported_on` when not given). One report a month from each source."""
    values = _status_values(project, data)
    key_risks = values.pop("key_risks", None)
    values.setdefault("source", RatingSourceChoice.SENIOR_RESPONSIBLE_OWNER)
    _refuse_taken_month(project, values)
    if values["source"] == RatingSourceChoice.INDEPENDENT_ASSURANCE and values.get("reported_on"):
        _refuse_clash_with_review(project, values["reported_on"])
    report = record_create(
        model=StatusReport, data={**values, "project": project}, user=user, reason=reason
    )
    if key_risks is not None:
        report.key_risks.set(key_risks)
    return report


@transaction.atomic
def status_report_update(
    *, instance: StatusReport, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> StatusReport:  # fmt: skip
    values = _status_values(instance.project, data)
    key_risks = values.pop("key_risks", None)
    merged = {"month": instance.month, "source": instance.source, **values}
    _refuse_taken_month(instance.project, merged, instance)
    reported_on = values.get("reported_on", instance.reported_on)
    if merged["source"] == RatingSourceChoice.INDEPENDENT_ASSURANCE:
        _refuse_clash_with_review(instance.project, reported_on, instance)
    report = record_update(
        instance=instance, data=values, user=user, expected_version=expected_version,
        reason=reason,
    )  # fmt: skip
    if key_risks is not None:
        report.key_risks.set(key_risks)
    return report


def _refuse_clashing_review(
    project: Project, values: Mapping[str, Any], instance: GateReview | None = None
) -> None:
    """A gate review is the independent assurance rating of its day: refused on a day with an
    independent status report, or a second review of the same gate that day."""
    held_on = values.get("held_on")
    if held_on is None:
        return
    clash = StatusReport.objects.filter(
        project=project, reported_on=held_on, source=RatingSourceChoice.INDEPENDENT_ASSURANCE
    )
    if clash.exists():
        message = (
            f"An independent assurance status report of {project.name} was given on "
            f"{held_on.isoformat()}; a gate review that day would rate the project twice. Move "
            "one of them."
        )
        raise Invalid(message, {"held_on": [message]})
    twins = GateReview.objects.filter(project=project, gate=values.get("gate"), held_on=held_on)
    if instance is not None:
        twins = twins.exclude(pk=instance.pk)
    if twins.exists():
        message = "The project already has this gate's review on this day."
        raise Invalid(message, {"held_on": [message]})


@transaction.atomic
def gate_review_create(
    *, project: Project, data: Mapping[str, Any], user: Any, reason: str = ""
) -> GateReview:
    """Record a gate review of `project`: its outcome is the independent assurance rating of
    the project on the day it was held."""
    values = dict(data)
    _refuse_clashing_review(project, values)
    return record_create(
        model=GateReview, data={**values, "project": project}, user=user, reason=reason
    )


@transaction.atomic
def gate_review_update(
    *, instance: GateReview, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> GateReview:  # fmt: skip
    """Change a gate review: the same rules as when it was recorded, and its recommendations
    must still fit it (none due or closed before the day it was held)."""
    require(user, Permission.CHANGE, instance)
    values = dict(data)
    merged = {"gate": instance.gate, "held_on": instance.held_on, **values}
    _refuse_clashing_review(instance.project, merged, instance)
    candidate = GateReview(
        project=instance.project, scale=instance.scale, level=instance.level,
        gate=merged["gate"], held_on=merged["held_on"],
    )  # fmt: skip
    try:
        _check_recommendations(candidate, list(instance.recommendations.all()))
    except Invalid as error:
        if "recommendations" not in error.field_errors:
            raise
        raise Invalid(error.message, {"held_on": [error.message]}) from error
    return record_update(
        instance=instance, data=values, user=user, expected_version=expected_version,
        reason=reason,
    )  # fmt: skip


def _check_recommendations(review: GateReview, recommendations: list[Recommendation]) -> None:
    """The kernel's rules for a review's recommendations (unique numbers, none due or closed
    before the review was held), each breach raising Invalid naming it."""
    assurance.GateReview(
        project=review.project.name,
        gate=review.gate,  # type: ignore[arg-type]  # an int 0-5, checked by the kernel
        held_on=review.held_on,
        outcome=review.rating,
        recommendations=tuple(r.as_kernel() for r in recommendations),
    )


@transaction.atomic
def recommendation_create(
    *, review: GateReview, data: Mapping[str, Any], user: Any, reason: str = ""
) -> Recommendation:
    """Add a recommendation to a gate review, open until closed."""
    values = {**data, "review": review}
    candidate = Recommendation(**values)
    _check_recommendations(review, [*review.recommendations.all(), candidate])
    return record_create(model=Recommendation, data=values, user=user, reason=reason)


@transaction.atomic
def recommendation_update(
    *, instance: Recommendation, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> Recommendation:  # fmt: skip
    """Change a recommendation (its number, text, owner, due date or the day it was closed),
    checked against its review's other recommendations by the same rules as when added."""
    require(user, Permission.CHANGE, instance)
    review = instance.review
    others = [r for r in review.recommendations.all() if r.pk != instance.pk]
    fields = ("reference", "text", "owner", "due_on", "closed_on")
    candidate = Recommendation(
        review=review, **{**{f: getattr(instance, f) for f in fields}, **dict(data)}
    )
    _check_recommendations(review, [*others, candidate])
    return record_update(
        instance=instance, data=data, user=user, expected_version=expected_version,
        reason=reason,
    )  # fmt: skip


@transaction.atomic
def recommendation_close(
    *, recommendation: Recommendation, on: datetime.date, user: Any
) -> Recommendation:
    """Close a recommendation on `on` (not before its review was held)."""
    recommendation = Recommendation.objects.select_related("review__project").get(
        pk=recommendation.pk
    )
    if recommendation.closed_on is not None:
        raise Invalid(f"{recommendation} was already closed on {recommendation.closed_on}.")
    review = recommendation.review
    others = [r for r in review.recommendations.all() if r.pk != recommendation.pk]
    recommendation.closed_on = on
    _check_recommendations(review, [*others, recommendation])
    recommendation.closed_on = None
    return record_update(
        instance=recommendation, data={"closed_on": on}, user=user, expected_version=None,
        reason="closed",
    )  # fmt: skip


# --- benefits --------------------------------------------------------------------------------

BENEFIT_FIELDS = ("name", "type", "owner", "measure", "baseline", "target", "start_date",
                  "target_date", "description")  # fmt: skip
_BENEFIT_REQUIRED = {
    "name": "Give the benefit a name, such as “Postage saved”.",
    "type": "Say whether the benefit is cashable, non-cashable or societal.",
    "measure": "Say what is measured, with its unit, such as “Calls a month”.",
    "baseline": "Give the baseline: the measure before the change.",
    "target": "Give the target: the measure once the benefit is fully realised.",
    "start_date": "Give the day the benefit starts to be realised.",
    "target_date": "Give the day the target should be reached.",
}


def _refuse(field: str, message: str) -> None:
    raise Invalid(message, {field: [message]})


def _check_benefit(
    project: Project,
    values: Mapping[str, Any],
    milestones: list[Activity],
    actuals: list[BenefitActual],
    instance: Benefit | None = None,
) -> None:
    """The benefit as the register would hold it, checked by the benefits kernel's rules
    (`govdx.domain.planning.benefits.Benefit`), each breach raising Invalid naming it."""
    for field_name, message in _BENEFIT_REQUIRED.items():
        value = values.get(field_name)
        if value is None or (isinstance(value, str) and not value.strip()):
            _refuse(field_name, message)
    name = " ".join(str(values["name"]).split())
    taken = Benefit.objects.filter(project=project, name__iexact=name)
    if instance is not None:
        taken = taken.exclude(pk=instance.pk)
    clash = taken.first()
    if clash is not None:
        _refuse("name", f"{project.name} already has a benefit called “{clash.name}”; choose "
                "another name or change that one.")  # fmt: skip
    strangers = [m for m in milestones if m.project_id != project.pk or not m.milestone]
    if strangers:
        _refuse("milestones", f"{strangers[0]} is not a milestone of {project.name}: a benefit "
                "depends only on its own project's milestones.")  # fmt: skip
    selectors.kernel_benefit(
        Benefit(project=project, **{k: v for k, v in values.items() if k in BENEFIT_FIELDS}),
        milestones=[m.code for m in milestones],
        actuals=actuals,
        ident=f"“{name}”",
    )


def _benefit_values(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[Activity] | None]:
    values = dict(data)
    milestones = values.pop("milestones", None)
    if isinstance(values.get("name"), str):
        values["name"] = " ".join(values["name"].split())
    return values, (list(milestones) if milestones is not None else None)


@transaction.atomic
def benefit_create(
    *, project: Project, data: Mapping[str, Any], user: Any, reason: str = ""
) -> Benefit:
    """Add a benefit to the project's register, checked by the benefits kernel: a target
    different from the baseline, a target date after the start, whole pence when cashable,
    and only the project's own milestones."""
    require(user, Permission.CHANGE, project)
    values, milestones = _benefit_values(data)
    _check_benefit(project, values, milestones or [], [])
    benefit = record_create(
        model=Benefit, data={**values, "project": project}, user=user, reason=reason
    )
    if milestones:
        benefit.milestones.set(milestones)
    return benefit


@transaction.atomic
def benefit_update(
    *, instance: Benefit, data: Mapping[str, Any], user: Any,
    expected_version: int | None, reason: str = "",
) -> Benefit:  # fmt: skip
    """Change a benefit; its actuals must still fit it (whole pence once it is cashable)."""
    project = instance.project
    require(user, Permission.CHANGE, instance)
    values, milestones = _benefit_values(data)
    merged = {name: getattr(instance, name) for name in BENEFIT_FIELDS}
    merged.update(values)
    current = list(instance.milestones.all()) if milestones is None else milestones
    _check_benefit(project, merged, current, list(instance.actuals.all()), instance)
    benefit = record_update(
        instance=instance, data=values, user=user, expected_version=expected_version,
        reason=reason,
    )  # fmt: skip
    if milestones is not None:
        benefit.milestones.set(milestones)
    return benefit


def benefit_delete(*, instance: Benefit, user: Any) -> None:
    """Remove a benefit from the register, with its actuals (their history is kept)."""
    record_delete(instance=instance, user=user)


@transaction.atomic
def benefit_actual_record(
    *, benefit: Benefit, measured_on: datetime.date, value: Any, user: Any, reason: str = ""
) -> BenefitActual:
    """Record the benefit's measure as observed on `measured_on` (pence for a cashable
    benefit). A day already recorded takes the new value, its old one kept in history."""
    require(user, Permission.CHANGE, benefit)
    if measured_on is None:
        _refuse("measured_on", "Give the day the measure was taken.")
    if value is None:
        _refuse("value", "Give the value measured.")
    existing = BenefitActual.objects.filter(benefit=benefit, measured_on=measured_on).first()
    others = [a for a in benefit.actuals.all() if a.measured_on != measured_on]
    candidate = BenefitActual(benefit=benefit, measured_on=measured_on, value=value)
    try:
        _check_benefit(
            benefit.project,
            {name: getattr(benefit, name) for name in BENEFIT_FIELDS},
            list(benefit.milestones.all()),
            [*others, candidate],
            benefit,
        )
    except Invalid as error:
        raise Invalid(error.message, {"value": [error.message]}) from error
    if existing is not None:
        return record_update(
            instance=existing, data={"value": value}, user=user, expected_version=None,
            reason=reason or "measured again",
        )  # fmt: skip
    return record_create(
        model=BenefitActual,
        data={"benefit": benefit, "measured_on": measured_on, "value": value},
        user=user,
        reason=reason,
    )


# --- money: percent complete and actual costs --------------------------------------------------


@transaction.atomic
def activity_progress_update(
    *, instance: Activity, percent_complete: int, user: Any, expected_version: int | None,
    reason: str = "",
) -> Activity:  # fmt: skip
    """Record how far an activity has got, a whole per cent from 0 to 100 (for earned value);
    the value it replaces is kept in history."""
    if percent_complete is None or not 0 <= int(percent_complete) <= 100:
        _refuse("percent_complete", "Give a whole number from 0 to 100.")
    return record_update(
        instance=instance, data={"percent_complete": int(percent_complete)}, user=user,
        expected_version=expected_version, reason=reason or "progress",
    )  # fmt: skip


def _refuse_foreign_activity(project: Project, activity: Activity | None) -> None:
    if activity is not None and activity.project_id != project.pk:
        _refuse("activity", f"{activity} is not an activity of {project.name}: book a "
                "cost to one of its own activities, or to the project as a whole.")  # fmt: skip


@transaction.atomic
def actual_cost_record(
    *, project: Project, month: datetime.date, amount: int, user: Any,
    activity: Activity | None = None, note: str = "", reason: str = "", source: str = "",
) -> tuple[ActualCost, str]:  # fmt: skip
    """Record what the project spent in `month` (any day of it; kept as the first), booked to
    `activity` or to the project as a whole. A month already recorded for the same activity
    takes the new amount and note, the old ones kept in history. Answers the cost and what
    happened to it: "created", "updated" or "unchanged"."""
    require(user, Permission.CHANGE, project)
    if month is None:
        _refuse("month", "Give the month the cost fell in.")
    if amount is None:
        _refuse("amount", "Give the amount spent, in pence.")
    if amount < 0:
        _refuse("amount", "An actual cost is 0 or more.")
    _refuse_foreign_activity(project, activity)
    month = _first_of_month(month)
    existing = ActualCost.objects.filter(project=project, activity=activity, month=month).first()
    values: dict[str, Any] = {"amount": amount, "note": note or ""}
    unchanged = existing is not None and all(
        getattr(existing, key) == value for key, value in values.items()
    )
    if source:
        values["source"] = source
    if existing is None:
        cost = record_create(
            model=ActualCost,
            data={"project": project, "activity": activity, "month": month, **values},
            user=user,
            reason=reason,
        )
        return cost, "created"
    if unchanged:  # the file it came from is provenance, not a change
        return existing, "unchanged"
    cost = record_update(
        instance=existing, data=values, user=user, expected_version=None,
        reason=reason or "recorded again",
    )  # fmt: skip
    return cost, "updated"


def _costs_to_project(activity: Activity, *, user: Any, reason: str) -> None:
    """Book an activity's actual costs to its project as a whole before the activity goes, so
    that no money spent is lost: each month's cost is added to the project's own cost for that
    month. Each step is in the costs' history."""
    why = f"{reason}: activity {activity.code} removed, its cost booked to the project"
    for cost in ActualCost.objects.filter(activity=activity).order_by("month"):
        whole = ActualCost.objects.filter(
            project_id=activity.project_id, activity__isnull=True, month=cost.month
        ).first()
        if whole is None:
            record_update(
                instance=cost, data={"activity": None}, user=user, expected_version=None,
                reason=why,
            )  # fmt: skip
            continue
        note = "; ".join(n for n in (whole.note, f"{activity.code}: {cost.note}") if n.strip())
        record_update(
            instance=whole, data={"amount": whole.amount + cost.amount, "note": note[:300]},
            user=user, expected_version=None, reason=why,
        )  # fmt: skip
        record_delete(instance=cost, user=user)


def actual_cost_delete(*, instance: ActualCost, user: Any) -> None:
    """Remove a month's actual cost (its history is kept)."""
    record_delete(instance=instance, user=user)


@dataclass
class ActualsImportResult:
    """What an import of actual costs did, or would do on a dry run."""

    project: str
    rows: int = 0
    costs: Counts = field(default_factory=Counts)
    ignored_headings: tuple[str, ...] = ()
    project_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The `govdx plan actuals import --json` object."""
        costs = self.costs.as_dict()
        costs.pop("removed")
        return {"project": self.project, "rows": self.rows, "costs": costs}

    def summary(self, *, dry_run: bool = False) -> str:
        verb = "would be" if dry_run else "were"
        c = self.costs
        lines = [
            f"{self.rows} monthly costs read for {self.project}: {c.created} {verb} created, "
            f"{c.updated} updated, {c.unchanged} unchanged."
        ]
        if self.ignored_headings:
            lines.append("Columns not used: " + ", ".join(self.ignored_headings))
        if dry_run:
            lines.append("Dry run: nothing was written.")
        return "\n".join(lines)


def actuals_import(
    file: Source,
    *,
    project_name: str,
    user: Any,
    filename: str | None = None,
    dry_run: bool = False,
    sheet: str | None = None,
) -> ActualsImportResult:
    """Check a whole file of actual costs (`govdx.domain.planning.actuals_file`), then record
    each month's cost in one transaction, or nothing.

    Each row sets the cost of its month for its activity (by id, ignoring case) or for the
    project as a whole; a month and activity the file does not list is kept as it is, so a
    file of one month's costs adds that month. Importing the same file again changes nothing.
    Raises ImportProblems listing every problem (an activity the project does not have is a
    problem of its row), NotFound for an unknown project, NotAllowed when the user may not
    change the project.
    """
    actor = user or SYSTEM
    project = selectors.project_find(project_name)
    require(actor, Permission.CHANGE, project)
    source_name = filename or (Path(file).name if isinstance(file, str | Path) else "upload")
    if isinstance(file, str | Path) and not Path(file).is_file():
        raise ImportProblems([Problem(None, None, f"There is no file at {file}.")])
    actuals = read_actuals(file, filename=source_name, sheet=sheet)
    activities, problems = _cost_activities(project, actuals)
    if problems:
        raise ImportProblems(problems)
    result = ActualsImportResult(
        project=project.name, rows=len(actuals.rows), ignored_headings=actuals.ignored_headings
    )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    try:
        with transaction.atomic():
            for row in actuals.rows:
                _, outcome = actual_cost_record(
                    project=project, month=row.month, amount=row.amount, user=actor,
                    activity=activities.get(row.row), note=row.note,
                    reason=f"imported from {source_name}", source=source_name,
                )  # fmt: skip
                counts[outcome] += 1
            result.project_id = project.pk
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.project_id = None
    result.costs = Counts(**counts)
    return result


def _cost_activities(
    project: Project, actuals: ActualsFile
) -> tuple[dict[int, Activity], list[Problem]]:
    """Each row's activity, by id ignoring case; a problem for each id the project lacks."""
    by_code = {a.code.casefold(): a for a in Activity.objects.filter(project=project)}
    found: dict[int, Activity] = {}
    problems = []
    for row in actuals.rows:
        if row.activity is None:
            continue
        activity = by_code.get(row.activity.casefold())
        if activity is None:
            problems.append(
                Problem(row.row, actuals.heading("activity"), f"{project.name} has no activity "
                        f"“{row.activity}”: give an id from its plan, or leave the cell blank "
                        "for a cost of the project as a whole.")
            )  # fmt: skip
        else:
            found[row.row] = activity
    return found, problems
