"""Leadership and governance: boards with their members, meetings, papers, decisions and
actions; the RACI grid of each project; and departments' digital maturity assessments. Every
change is kept in history.

A paper marked restricted is seen only by the members of its board (and by organisation-wide
administrators, who see every record): the rule is applied by `selectors.papers_visible` and
`selectors.paper_readable`, which every page, download, list and endpoint goes through.
"""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from govdx.core.models import Record
from govdx.core.permissions import AccessRule
from govdx.domain.governance.access import Policy, Role
from govdx.domain.governance.raci import format_assignment, parse_assignment
from govdx.domain.governance.strategy import format_measure
from govdx.governance.choices import BoardKind, MemberRole, PaperKind

ADMIN = Role.ADMINISTRATOR
BOARD_WRITERS = frozenset({ADMIN, Role.BOARD_MEMBER})
RACI_WRITERS = frozenset({ADMIN, Role.PROGRAMME_MANAGER, Role.DEPARTMENT_LEAD})
MATURITY_WRITERS = frozenset({ADMIN, Role.BOARD_MEMBER, Role.DEPARTMENT_LEAD})
STRATEGY_WRITERS = BOARD_WRITERS
"""The strategy is set by the boards: board members and administrators write it."""

BOARD_RECORD = AccessRule(Policy(writers=BOARD_WRITERS))
"""Boards and what they hold are kept by board members and administrators; everyone inside
the organisation reads them, except restricted papers (see the module docstring)."""


class Board(Record):
    """A board: the transformation board, a design authority or a department's board."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boards",
        help_text="For a departmental board, its department.",
    )
    terms_of_reference = models.TextField(
        blank=True, help_text="What the board decides, who sits on it and how often it meets."
    )
    is_active = models.BooleanField(default=True)

    access = BOARD_RECORD
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                Lower("name"),
                name="governance_board_name_unique",
                violation_error_message="There is already a board of this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:board_detail", args=[self.pk])


class Membership(Record):
    """A person's seat on a board and their role on it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="board_memberships"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    access = BOARD_RECORD

    class Meta:
        ordering: ClassVar[list[str]] = ["board", "person__full_name"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "board",
                "person",
                name="governance_membership_unique",
                violation_error_message="This person already sits on the board.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display().lower()}, {self.board})"

    def get_absolute_url(self) -> str:
        return self.board.get_absolute_url()


class Meeting(Record):
    """A meeting of a board, with its agenda and minutes; its papers hang from it."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    agenda = models.TextField(blank=True, help_text="One item a line.")
    minutes = models.TextField(blank=True, help_text="What was discussed and agreed.")

    access = BOARD_RECORD

    class Meta:
        ordering: ClassVar[list[str]] = ["-held_on"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "board",
                "held_on",
                name="governance_meeting_unique_day",
                violation_error_message="The board already has a meeting on this day.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.board}, {self.held_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])


class Paper(Record):
    """A paper for a meeting, with its file kept in the database (so that every web worker
    serves it). A restricted paper is seen only by the board's members."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=PaperKind.choices, default=PaperKind.PAPER)
    summary = models.TextField(blank=True)
    restricted = models.BooleanField(
        default=False,
        help_text="Only the members of the board see a restricted paper, its file included.",
    )
    filename = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(blank=True, default=b"", editable=False)

    access = BOARD_RECORD

    class Meta:
        ordering: ClassVar[list[str]] = ["meeting", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:paper_detail", args=[self.pk])


class Decision(Record):
    """A decision a board took, why, and what else it considered; in the decision log."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    decided_on = models.DateField()
    title = models.CharField(max_length=200, help_text="The decision in a line.")
    rationale = models.TextField(blank=True, help_text="Why the board decided this.")
    options_considered = models.TextField(
        blank=True, help_text="The options the board weighed, one a line."
    )
    projects = models.ManyToManyField(
        "programme.Project",
        blank=True,
        related_name="decisions",
        help_text="The projects the decision concerns.",
    )

    tracked_links = ("projects",)
    access = BOARD_RECORD
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["-decided_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", args=[self.pk])


class BoardAction(Record):
    """An action a board gave someone, with a due date; overdue once past it and still open.
    It may follow from a decision."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="actions")
    decision = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        help_text="The decision the action follows from, if any.",
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey("org.Person", on_delete=models.PROTECT, related_name="board_actions")
    due_on = models.DateField(verbose_name="due")
    completed_on = models.DateField(null=True, blank=True, verbose_name="completed")

    access = BOARD_RECORD
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "pk"]
        verbose_name = "action"

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("governance:boardaction_detail", args=[self.pk])


# --- strategy --------------------------------------------------------------------------------

STRATEGY_RECORD = AccessRule(Policy(writers=STRATEGY_WRITERS))
MEASURE = {"max_digits": 18, "decimal_places": 4}


class Objective(Record):
    """A strategic objective of the transformation, with the outcomes it seeks, measured by its
    key performance indicators; the projects and benefits that serve it link to it here."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, help_text="What the objective is and why.")
    outcomes = models.TextField(
        blank=True, help_text="The outcomes sought, one a line: what will be different."
    )
    owner = models.ForeignKey(
        "org.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives_owned",
        help_text="The senior leader accountable for the objective.",
    )
    projects = models.ManyToManyField(
        "programme.Project",
        blank=True,
        related_name="objectives",
        help_text="The projects that serve the objective.",
    )
    benefits = models.ManyToManyField(
        "programme.Benefit",
        blank=True,
        related_name="objectives",
        help_text="The benefits that serve the objective.",
    )

    tracked_links = ("projects", "benefits")
    access = STRATEGY_RECORD
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["title"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                Lower("title"),
                name="governance_objective_title_unique",
                violation_error_message="There is already an objective of this title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]

    def get_absolute_url(self) -> str:
        return reverse("governance:objective_detail", args=[self.pk])


class KeyPerformanceIndicator(Record):
    """A measure of an objective: its value on the baseline date, the target and the date it
    should be reached by; its actuals record the measure over time."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="kpis")
    measure = models.CharField(
        max_length=200, help_text="What is measured, with its unit: “Claims made online (%)”."
    )
    baseline = models.DecimalField(**MEASURE, help_text="The measure on the baseline date.")
    baseline_on = models.DateField(verbose_name="baseline date")
    target = models.DecimalField(**MEASURE, help_text="The measure aimed for.")
    target_on = models.DateField(
        verbose_name="target date", help_text="When the target should be reached."
    )

    access = STRATEGY_RECORD

    class Meta:
        ordering: ClassVar[list[str]] = ["objective", "measure"]
        verbose_name = "key performance indicator"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "objective",
                Lower("measure"),
                name="governance_kpi_measure_unique",
                violation_error_message="The objective already has a KPI of this measure.",
            )
        ]

    def __str__(self) -> str:
        return self.measure

    @property
    def baseline_text(self) -> str:
        return format_measure(self.baseline)

    @property
    def target_text(self) -> str:
        return format_measure(self.target)

    def get_absolute_url(self) -> str:
        return f"{self.objective.get_absolute_url()}#kpi-{self.pk}"


class KpiActual(Record):
    """A KPI's measure as observed on a day."""

    kpi = models.ForeignKey(
        KeyPerformanceIndicator, on_delete=models.CASCADE, related_name="actuals"
    )
    measured_on = models.DateField("date measured")
    value = models.DecimalField(**MEASURE)

    access = STRATEGY_RECORD

    class Meta:
        ordering: ClassVar[list[str]] = ["kpi", "measured_on"]
        verbose_name = "KPI actual"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "kpi",
                "measured_on",
                name="governance_kpi_actual_day_unique",
                violation_error_message="The KPI already has an actual on this day.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kpi} on {self.measured_on.isoformat()}"

    @property
    def value_text(self) -> str:
        return format_measure(self.value)

    def get_absolute_url(self) -> str:
        return self.kpi.get_absolute_url()


# --- RACI ------------------------------------------------------------------------------------

RACI_RECORD = AccessRule(Policy(writers=RACI_WRITERS), department_field="project__department")


class RaciRow(Record):
    """A deliverable or workstream of a project's RACI grid."""

    project = models.ForeignKey(
        "programme.Project", on_delete=models.CASCADE, related_name="raci_rows"
    )
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    access = RACI_RECORD

    class Meta:
        ordering: ClassVar[list[str]] = ["project", "position", "pk"]
        verbose_name = "RACI row"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "project", Lower("name"), name="governance_raci_row_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:raci", args=[self.project_id])


class RaciAssignment(Record):
    """A person's part in a RACI row: R, A, C, I or a combination, kept as "A/R"."""

    row = models.ForeignKey(RaciRow, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, related_name="raci_assignments"
    )
    roles = models.CharField(max_length=8, help_text="R, A, C or I, or a combination: “A/R”.")

    access = AccessRule(Policy(writers=RACI_WRITERS), department_field="row__project__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["row", "person__full_name"]
        verbose_name = "RACI entry"
        verbose_name_plural = "RACI entries"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("row", "person", name="governance_raci_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.roles} in {self.row}"

    def get_absolute_url(self) -> str:
        return self.row.get_absolute_url()

    @staticmethod
    def canonical(text: str) -> str:
        """A cell's text as it is kept: "r, a" becomes "A/R"."""
        return format_assignment(parse_assignment(text))


# --- digital maturity ------------------------------------------------------------------------


class MaturityAssessment(Record):
    """A department's assessment on a day against a maturity model (by its key and version
    from the model's file); a score for every dimension."""

    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="maturity_assessments"
    )
    model_key = models.CharField(
        max_length=60, default="oecd_dgpf", help_text="The maturity model's key in its file."
    )
    model_version = models.CharField(max_length=40, blank=True)
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    access = AccessRule(Policy(writers=MATURITY_WRITERS), department_field="department")

    class Meta:
        ordering: ClassVar[list[str]] = ["department__name", "-assessed_on"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "department",
                "model_key",
                "assessed_on",
                name="governance_assessment_unique_day",
                violation_error_message="The department already has an assessment on this day.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}, {self.assessed_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("governance:maturity_department", args=[self.department_id])


class MaturityScore(Record):
    """A dimension's score in an assessment, with its evidence and the score aimed for."""

    assessment = models.ForeignKey(
        MaturityAssessment, on_delete=models.CASCADE, related_name="scores"
    )
    dimension = models.CharField(max_length=60)
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    target = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    evidence = models.TextField(blank=True)

    access = AccessRule(Policy(writers=MATURITY_WRITERS), department_field="assessment__department")

    class Meta:
        ordering: ClassVar[list[str]] = ["assessment", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                "assessment", "dimension", name="governance_score_unique_dimension"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.score}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url()
