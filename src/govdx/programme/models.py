"""The programme: projects with their plans (activities, dependencies), workstreams,
baselines, status, gate reviews and benefits, each change kept in history.

Durations are working days as the planning kernel (`govdx.domain.planning`) takes them; the
schedule, its dates and its risk are computed there from these records, never stored here,
except in a baseline, which is a saved copy of the schedule on the day it was saved. Money is
integer minor units (pence) in the project's currency.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from govdx.core.models import Record
from govdx.core.permissions import AccessRule
from govdx.domain.errors import Invalid
from govdx.domain.governance.access import Policy, Role
from govdx.domain.planning import assurance
from govdx.programme.choices import (
    GATE_CHOICES,
    BenefitTypeChoice,
    LevelChoice,
    LinkKind,
    RatingSourceChoice,
    ScaleChoice,
)

ADMIN = Role.ADMINISTRATOR
PROGRAMME_WRITERS = frozenset({ADMIN, Role.PROGRAMME_MANAGER})
PROJECT_WRITERS = frozenset({ADMIN, Role.PROGRAMME_MANAGER, Role.DEPARTMENT_LEAD})
NOT_NEGATIVE = [MinValueValidator(0)]

PROJECT_PART = AccessRule(Policy(writers=PROJECT_WRITERS), department_field="project__department")
"""Parts of a project (activities, workstreams, baselines) are judged by the project's
department: whoever may change the project may change its plan."""


class Programme(Record):
    """A programme of projects, run by a programme manager towards one set of outcomes."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    manager = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes_managed",
        help_text="The programme manager.",
    )

    access = AccessRule(Policy(writers=PROGRAMME_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:home")


class PublicHoliday(Record):
    """A day nobody works on any project: a public holiday or an organisation-wide closure.
    The working calendar skips these days, as it skips weekends."""

    day = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    access = AccessRule(Policy(writers=PROGRAMME_WRITERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["day"]

    def __str__(self) -> str:
        return f"{self.name} ({self.day.isoformat()})"

    def get_absolute_url(self) -> str:
        return reverse("programme:home")


class Project(Record):
    """A project of a programme: who is accountable for it, when it starts, its budget, and
    what it changes (the applications it migrates or retires; the services it transforms once
    the services module exists, through a link of the same kind)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(max_length=200)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        help_text="The department that owns the project; its leads may change it.",
    )
    senior_responsible_owner = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_owned",
        verbose_name="senior responsible owner",
    )
    project_manager = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects_managed",
    )
    start_date = models.DateField(
        help_text="Working day 0 of the plan: the first working day on or after this date."
    )
    description = models.TextField(blank=True)
    budget = models.BigIntegerField(
        null=True, blank=True, validators=NOT_NEGATIVE, help_text="In minor units (pence)."
    )
    currency = models.CharField(max_length=3, default="GBP")
    applications = models.ManyToManyField(
        "estate.Application",
        blank=True,
        related_name="projects",
        help_text="The applications the project migrates or retires.",
    )

    access = AccessRule(Policy(writers=PROJECT_WRITERS), department_field="department")
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                Lower("name"),
                name="programme_project_name_unique",
                violation_error_message="There is already a project of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programme:project_detail", args=[self.pk])


class Workstream(Record):
    """A strand of a project's work, grouping its activities."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="workstreams")
    name = models.CharField(max_length=200)
    lead = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project", Lower("name"), name="programme_workstream_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()


class Activity(Record):
    """An activity of a project's plan, as the plan file gives it: its id (`code`), name,
    duration in working days (a single estimate, all three equal, or optimistic, most likely
    and pessimistic), whether it is a milestone, its owner and budget, and how far it has got.

    Constraints are dates, as people set them; the schedule turns them into working-day
    offsets from the project start with the working calendar ("start no earlier than" moves
    the early start, "finish no later than" the late finish)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    workstream = models.ForeignKey(
        Workstream, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text="The activity this one is part of (a summary activity or deliverable).",
    )
    code = models.CharField(
        "ID", max_length=60, help_text="The activity's id in the plan file, unique in its project."
    )
    name = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Its place in the plan's order.")
    optimistic = models.FloatField(validators=NOT_NEGATIVE, help_text="Working days.")
    most_likely = models.FloatField(validators=NOT_NEGATIVE, help_text="Working days.")
    pessimistic = models.FloatField(validators=NOT_NEGATIVE, help_text="Working days.")
    milestone = models.BooleanField(default=False)
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )
    budget = models.BigIntegerField(
        null=True, blank=True, validators=NOT_NEGATIVE, help_text="In minor units (pence)."
    )
    percent_complete = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(100)]
    )
    start_no_earlier_than = models.DateField(null=True, blank=True)
    finish_no_later_than = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The file the activity was last imported from."
    )

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["project", "position", "pk"]
        verbose_name_plural = "activities"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                Lower("code"),
                name="programme_activity_code_unique",
                violation_error_message="The project already has an activity with this ID.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.name}" if self.name else self.code

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()

    def clean(self) -> None:
        if not self.optimistic <= self.most_likely <= self.pessimistic:
            raise ValidationError(
                {"most_likely": "Optimistic ≤ most likely ≤ pessimistic must hold."}
            )
        if self.milestone and self.pessimistic > 0:
            raise ValidationError({"milestone": "A milestone takes no time."})
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "An activity cannot be part of itself."})

    @property
    def is_single_estimate(self) -> bool:
        return self.optimistic == self.most_likely == self.pessimistic

    @property
    def expected(self) -> float:
        """The PERT expected duration (a + 4m + b) / 6, in working days."""
        return (self.optimistic + 4 * self.most_likely + self.pessimistic) / 6


class Dependency(Record):
    """`successor` depends on `predecessor` by a precedence link with a lag in working days
    (negative: a lead)."""

    predecessor = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    successor = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    kind = models.CharField(
        max_length=2, choices=LinkKind.choices, default=LinkKind.FINISH_TO_START
    )
    lag = models.FloatField(default=0.0, help_text="Working days; negative for a lead.")

    access = AccessRule(
        Policy(writers=PROJECT_WRITERS), department_field="successor__project__department"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["successor", "pk"]
        verbose_name_plural = "dependencies"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("predecessor", "successor", name="programme_dependency_unique")
        ]

    def __str__(self) -> str:
        lag = f"{self.lag:+g}" if self.lag else ""
        return f"{self.predecessor.code} → {self.successor.code} {self.kind}{lag}"

    def get_absolute_url(self) -> str:
        return self.successor.get_absolute_url()

    def clean(self) -> None:
        if self.predecessor_id is not None and self.predecessor_id == self.successor_id:
            raise ValidationError({"predecessor": "An activity cannot depend on itself."})


class Baseline(Record):
    """A saved copy of a project's schedule, named and dated, to measure the forecast
    against: each activity's planned dates and duration as they stood."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="baselines")
    name = models.CharField(max_length=100)
    saved_on = models.DateField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["-saved_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                Lower("name"),
                name="programme_baseline_name_unique",
                violation_error_message="The project already has a baseline of this name.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.saved_on.isoformat()})"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url()


class BaselineActivity(Record):
    """One activity as a baseline saved it. It keeps the activity's id and name, so that it
    still reads when the activity is later removed from the plan."""

    baseline = models.ForeignKey(Baseline, on_delete=models.CASCADE, related_name="activities")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    code = models.CharField("ID", max_length=60)
    name = models.CharField(max_length=300, blank=True)
    milestone = models.BooleanField(default=False)
    duration = models.FloatField(help_text="The expected duration, in working days.")
    start = models.FloatField(help_text="Early start, working days from the project start.")
    finish = models.FloatField(help_text="Early finish, working days from the project start.")
    start_date = models.DateField()
    finish_date = models.DateField()

    access = AccessRule(
        Policy(writers=PROJECT_WRITERS), department_field="baseline__project__department"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["baseline", "pk"]
        verbose_name_plural = "baseline activities"

    def __str__(self) -> str:
        return f"{self.code} in {self.baseline}"

    def get_absolute_url(self) -> str:
        return self.baseline.get_absolute_url()


# --- status and assurance --------------------------------------------------------------------


class RatedRecord(Record):
    """A record carrying a delivery confidence rating: a level on a scale
    (`govdx.domain.planning.assurance`), checked against the scale when saved."""

    scale = models.CharField(
        "delivery confidence scale",
        max_length=12,
        choices=ScaleChoice.choices,
        default=ScaleChoice.FIVE_POINT,
    )
    level = models.CharField("delivery confidence", max_length=12, choices=LevelChoice.choices)

    class Meta:
        abstract = True

    @property
    def rating(self) -> assurance.Rating:
        return assurance.Rating(assurance.Scale(self.scale), assurance.Level(self.level))

    def clean(self) -> None:
        try:
            assurance.Rating(self.scale, self.level)  # type: ignore[arg-type]  # strings checked there
        except Invalid as error:
            raise ValidationError({"level": error.message}) from error


class StatusReport(RatedRecord):
    """A project's monthly status report: its delivery confidence assessment, who gave it,
    the narrative, the key risks and the decisions it needs."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_reports")
    month = models.DateField(help_text="The month reported on, as its first day.")
    reported_on = models.DateField(help_text="The day the rating was given.")
    source = models.CharField(
        "given by",
        max_length=30,
        choices=RatingSourceChoice.choices,
        default=RatingSourceChoice.SENIOR_RESPONSIBLE_OWNER,
    )
    narrative = models.TextField(help_text="Progress, issues and what is being done about them.")
    decisions_needed = models.TextField(
        blank=True, help_text="What the project needs the board or its sponsor to decide."
    )
    key_risks = models.ManyToManyField(
        "risk.Risk", blank=True, related_name="status_reports", help_text="From the risk registers."
    )
    author = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_reports",
        help_text="Who wrote the report.",
    )

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["project", "-month", "-reported_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                "month",
                "source",
                name="programme_status_report_month_unique",
                violation_error_message="The project already has a report of this month from "
                "this source.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} status, {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("programme:statusreport_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        month, reported_on = self.month, self.reported_on
        if month is not None and reported_on is not None and reported_on < month:
            raise ValidationError(
                {"reported_on": "A report is given in or after the month it reports on."}
            )


class GateReview(RatedRecord):
    """An independent gate review of a project, 0 to 5 (OGC Gateway numbering): the day it
    was held, its outcome (the review team's delivery confidence rating) and its
    recommendations."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gate_reviews")
    gate = models.PositiveSmallIntegerField(choices=GATE_CHOICES)
    held_on = models.DateField()
    review_team = models.CharField(max_length=200, blank=True, help_text="Who led the review.")
    summary = models.TextField(blank=True)

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["project", "-held_on", "-pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                "gate",
                "held_on",
                name="programme_gate_review_unique",
                violation_error_message="The project already has this gate's review on this day.",
            )
        ]

    def __str__(self) -> str:
        return f"{assurance.Gate(self.gate).label} review of {self.project}"

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + "#gate-reviews"


class Recommendation(Record):
    """A gate review's recommendation, tracked to closure: open until closed, overdue from the
    day after it is due."""

    review = models.ForeignKey(GateReview, on_delete=models.CASCADE, related_name="recommendations")
    reference = models.CharField("number", max_length=20)
    text = models.TextField("recommendation")
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField("due by", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    access = AccessRule(
        Policy(writers=PROJECT_WRITERS), department_field="review__project__department"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["review", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "review",
                Lower("reference"),
                name="programme_recommendation_reference_unique",
                violation_error_message="The review already has a recommendation of this number.",
            )
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.reference} of the {self.review}"

    def get_absolute_url(self) -> str:
        return self.review.get_absolute_url()

    def as_kernel(self) -> assurance.Recommendation:
        return assurance.Recommendation(self.reference, self.text, self.due_on, self.closed_on)


# --- benefits --------------------------------------------------------------------------------

AMOUNT = {"max_digits": 20, "decimal_places": 4}
"""A benefit's measure: pence for a cashable benefit (a whole number, as the benefits kernel
requires), any figure of the measure for the others."""


class Benefit(Record):
    """A benefit the project is to deliver, as the benefits register records it: who owns it,
    its type, its measure, the measure before the change (baseline) and once fully realised
    (target), from when to when, and the milestones it depends on. Its progress, whether it
    is at risk, and the roll-ups are worked out by `govdx.domain.planning.benefits`."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="benefits")
    name = models.CharField(max_length=200)
    owner = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefits_owned",
        help_text="The benefit owner, who is accountable for realising it.",
    )
    type = models.CharField(max_length=20, choices=BenefitTypeChoice.choices)
    measure = models.CharField(
        max_length=200, help_text="What is measured, with its unit: “Calls a month”."
    )
    baseline = models.DecimalField(
        **AMOUNT, help_text="The measure before the change; in pence for a cashable benefit."
    )
    target = models.DecimalField(
        **AMOUNT, help_text="The measure once the benefit is fully realised; in pence for a "
        "cashable benefit."
    )  # fmt: skip
    start_date = models.DateField(help_text="When the benefit starts to be realised.")
    target_date = models.DateField(help_text="When the target should be reached.")
    milestones = models.ManyToManyField(
        Activity,
        blank=True,
        related_name="benefits",
        help_text="The milestones of the project's plan the benefit depends on: when one "
        "slips against the baseline, the benefit is at risk.",
    )
    description = models.TextField(blank=True)

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["project", "name", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                Lower("name"),
                name="programme_benefit_name_unique",
                violation_error_message="The project already has a benefit of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return self.project.get_absolute_url() + "#benefits"

    @property
    def cashable(self) -> bool:
        return self.type == BenefitTypeChoice.CASHABLE


class BenefitActual(Record):
    """A benefit's measure as observed on a day: pence for a cashable benefit."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="actuals")
    measured_on = models.DateField("date measured")
    value = models.DecimalField(**AMOUNT, help_text="In pence for a cashable benefit.")

    access = AccessRule(
        Policy(writers=PROJECT_WRITERS), department_field="benefit__project__department"
    )

    class Meta:
        ordering: ClassVar[list[str]] = ["benefit", "measured_on", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "benefit",
                "measured_on",
                name="programme_benefit_actual_day_unique",
                violation_error_message="The benefit already has an actual on this day.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.benefit} on {self.measured_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return self.benefit.get_absolute_url()


# --- money -----------------------------------------------------------------------------------


class ActualCost(Record):
    """What a project spent in a month, in minor units (pence) of the project's currency:
    booked to one of its activities, or to the project as a whole when `activity` is empty.
    Earned value (`govdx.domain.planning.earned_value`) sums these up to the status date."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="actual_costs")
    activity = models.ForeignKey(
        Activity,
        on_delete=models.RESTRICT,  # a plan import books the costs to the project first
        null=True,
        blank=True,
        related_name="actual_costs",
        help_text="The activity the cost is booked to; empty for the project as a whole.",
    )
    month = models.DateField(help_text="The month the cost fell in, as its first day.")
    amount = models.BigIntegerField(validators=NOT_NEGATIVE, help_text="In minor units (pence).")
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=200, blank=True, help_text="The file the cost was last imported from."
    )

    access = PROJECT_PART

    class Meta:
        ordering: ClassVar[list[str]] = ["project", "month", "activity", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project",
                "activity",
                "month",
                condition=models.Q(activity__isnull=False),
                name="programme_actual_cost_activity_month_unique",
                violation_error_message="The activity already has a cost for this month.",
            ),
            models.UniqueConstraint(
                "project",
                "month",
                condition=models.Q(activity__isnull=True),
                name="programme_actual_cost_project_month_unique",
                violation_error_message="The project already has its own cost this month.",
            ),
        ]

    def __str__(self) -> str:
        booked = f"{self.activity.code}, " if self.activity_id and self.activity else ""
        return f"Actual cost of {self.project}, {booked}{self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("programme:project_money", args=[self.project_id])
