"""Risk management: registers of risks judged against the risk appetite the board approved.

Scores, tolerances, review dates and flags are computed by `govdx.domain.risk`; these models
hold what people record, with its history.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from govdx.core.models import Record
from govdx.core.permissions import AccessRule
from govdx.domain.governance.access import Policy, Role
from govdx.risk.choices import (
    AcceptanceState,
    ActionStatus,
    AppetiteLevelChoice,
    ControlEffectiveness,
    RegisterKind,
    RiskKind,
    RiskStatus,
    StatementState,
    Treatment,
)

ADMIN = Role.ADMINISTRATOR
RISK_WRITERS = frozenset({ADMIN, Role.RISK_MANAGER, Role.DEPARTMENT_LEAD})
APPROVERS = frozenset({ADMIN, Role.BOARD_MEMBER})
SCORE = [MinValueValidator(1), MaxValueValidator(10)]

REFERENCE_DATA = Policy(writers=frozenset({ADMIN, Role.RISK_MANAGER}))


class RiskMatrix(Record):
    """The assessment matrix in force from a date: size, labels, bands and their colours.

    `definition` holds the matrix as `govdx.domain.risk.matrix` reads it; a change is a new row
    from its effective date, so a past register is judged by the matrix then in force.
    """

    effective_from = models.DateField(unique=True)
    definition = models.JSONField()

    access = AccessRule(REFERENCE_DATA)

    class Meta:
        ordering: ClassVar[list[str]] = ["-effective_from"]
        verbose_name = "risk matrix"
        verbose_name_plural = "risk matrices"

    def __str__(self) -> str:
        return f"Risk matrix from {self.effective_from.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("risk:appetite")


class RiskCategory(Record):
    """A category of risk: by default the thirteen of the HM Treasury Orange Book."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(default=True)

    access = AccessRule(REFERENCE_DATA)

    class Meta:
        ordering: ClassVar[list[str]] = ["order", "name"]
        verbose_name = "risk category"
        verbose_name_plural = "risk categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("risk:appetite")


class AppetiteStatement(Record):
    """How much risk of one category the organisation will take, from a date, once approved.

    A risk manager drafts; a board member or administrator approves. The tolerance is the
    highest current score accepted: the level's default unless the statement sets its own.
    """

    category = models.ForeignKey(
        RiskCategory, on_delete=models.PROTECT, related_name="appetite_statements"
    )
    level = models.CharField(max_length=10, choices=AppetiteLevelChoice.choices)
    tolerance = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Leave empty to use the level's tolerance.",
    )
    statement = models.TextField(blank=True, help_text="The appetite in the board's words.")
    effective_from = models.DateField()
    state = models.CharField(
        max_length=10, choices=StatementState.choices, default=StatementState.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_on = models.DateField(null=True, blank=True)

    access = AccessRule(REFERENCE_DATA)

    class Meta:
        ordering: ClassVar[list[str]] = ["category__order", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.category}: {self.get_level_display()} from {self.effective_from.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("risk:appetite")


class Register(Record):
    """A risk register: the corporate one, or one per department, programme or project."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=RegisterKind.choices)
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_registers",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The register its risks escalate to.",
    )
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.TextField(blank=True)

    access = AccessRule(
        Policy(writers=frozenset({ADMIN, Role.RISK_MANAGER})), department_field="department"
    )
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("risk:register_detail", args=[self.pk])


class Risk(Record):
    """A risk (or an opportunity) on one register, assessed inherent, current and target."""

    reference = models.CharField(max_length=40, unique=True)
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="risks")
    kind = models.CharField(max_length=12, choices=RiskKind.choices, default=RiskKind.THREAT)
    title = models.CharField(max_length=300)
    cause = models.TextField(blank=True)
    event = models.TextField(blank=True)
    consequence = models.TextField(blank=True)
    category = models.ForeignKey(RiskCategory, on_delete=models.PROTECT, related_name="risks")
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="risks_owned"
    )
    department = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="risks"
    )
    supplier = models.ForeignKey(
        "org.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
        help_text="The supplier the risk concerns, if any; their contacts may read it.",
    )
    status = models.CharField(max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    identified_on = models.DateField(default=date.today)
    inherent_likelihood = models.PositiveSmallIntegerField(validators=SCORE)
    inherent_impact = models.PositiveSmallIntegerField(validators=SCORE)
    current_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    current_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    target_likelihood = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    target_impact = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCORE)
    treatment = models.CharField(max_length=10, choices=Treatment.choices, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    # Quantified exposure: a probability of occurring within the year and a cost impact, as
    # three points (beta-PERT) or a 90% interval (lognormal), in minor units.
    probability = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Chance of occurring within a year, from 0 to 1.",
    )
    cost_low = models.BigIntegerField(null=True, blank=True)
    cost_likely = models.BigIntegerField(null=True, blank=True)
    cost_high = models.BigIntegerField(null=True, blank=True)
    cost_p5 = models.BigIntegerField(null=True, blank=True)
    cost_p95 = models.BigIntegerField(null=True, blank=True)

    access = AccessRule(
        Policy(writers=RISK_WRITERS, supplier_readers=frozenset({Role.SUPPLIER_CONTACT})),
        department_field="department",
        supplier_field="supplier",
    )
    show_on_home = True

    class Meta:
        ordering: ClassVar[list[str]] = ["reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risk:risk_detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for stage in ("current", "target"):
            likelihood = getattr(self, f"{stage}_likelihood")
            impact = getattr(self, f"{stage}_impact")
            if (likelihood is None) != (impact is None):
                errors[f"{stage}_impact"] = (
                    f"Give both the {stage} likelihood and the {stage} impact, or neither."
                )
        three = (self.cost_low, self.cost_likely, self.cost_high)
        interval = (self.cost_p5, self.cost_p95)
        if any(v is not None for v in three) and any(v is not None for v in interval):
            errors["cost_p5"] = "Give the cost as three points or as a 90% interval, not both."
        if self.probability is not None and all(v is None for v in (*three, *interval)):
            errors["cost_likely"] = "A probability needs a cost impact to quantify exposure."
        if errors:
            raise ValidationError(errors)


RISK_CHILD = AccessRule(
    Policy(writers=RISK_WRITERS, supplier_readers=frozenset({Role.SUPPLIER_CONTACT})),
    department_field="risk__department",
    supplier_field="risk__supplier",
)


class Control(Record):
    """An existing control on a risk, with how well it works."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField()
    effectiveness = models.CharField(
        max_length=12,
        choices=ControlEffectiveness.choices,
        default=ControlEffectiveness.NOT_ASSESSED,
    )

    access = RISK_CHILD

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()


class Action(Record):
    """A further action to bring a risk to its target, with an owner and a due date."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    access = RISK_CHILD

    class Meta:
        ordering: ClassVar[list[str]] = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()


class Review(Record):
    """A review of a risk: when, by whom, the scores it left and why."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        "org.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    likelihood = models.PositiveSmallIntegerField(validators=SCORE)
    impact = models.PositiveSmallIntegerField(validators=SCORE)
    comment = models.TextField(blank=True)

    access = RISK_CHILD

    class Meta:
        ordering: ClassVar[list[str]] = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.risk.reference} on {self.reviewed_on.isoformat()}"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()


class Acceptance(Record):
    """Formal acceptance of a risk above appetite: submitted, then accepted or rejected.

    The decision freezes a copy of the risk as it stood; an acceptance expires at most twelve
    months after the decision and can be revoked.
    """

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="acceptances")
    state = models.CharField(
        max_length=10, choices=AcceptanceState.choices, default=AcceptanceState.SUBMITTED
    )
    reason = models.TextField(help_text="Why the risk should be accepted above appetite.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_on = models.DateField(default=date.today)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    expires_on = models.DateField(null=True, blank=True)
    snapshot = models.JSONField(null=True, blank=True, editable=False)

    access = RISK_CHILD

    class Meta:
        ordering: ClassVar[list[str]] = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        return f"Acceptance of {self.risk.reference} ({self.get_state_display().lower()})"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()


class Escalation(Record):
    """A risk raised from its register to a higher one, with the date and the reason."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    from_register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="+")
    to_register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="+")
    escalated_on = models.DateField(default=date.today)
    reason = models.TextField()

    access = RISK_CHILD

    class Meta:
        ordering: ClassVar[list[str]] = ["-escalated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.risk.reference}: {self.from_register} → {self.to_register}"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()


class RiskLink(Record):
    """A risk's link to another record (a supplier, a contract, later a project or application)."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="links")
    target_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    note = models.CharField(max_length=200, blank=True)

    access = RISK_CHILD

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("risk", "target_type", "target_id", name="risk_risklink_unique")
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} → {self.target_type.name} {self.target_id}"

    def get_absolute_url(self) -> str:
        return self.risk.get_absolute_url()


class LossTolerance(Record):
    """The board's line on the loss exceedance curve: at most this chance of losing this much."""

    amount = models.BigIntegerField(help_text="A loss in minor units.")
    probability = models.DecimalField(
        max_digits=5, decimal_places=4, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    effective_from = models.DateField()

    access = AccessRule(Policy(writers=APPROVERS))

    class Meta:
        ordering: ClassVar[list[str]] = ["-effective_from"]

    def __str__(self) -> str:
        return f"No more than {self.probability} chance of losing {self.amount}"

    def get_absolute_url(self) -> str:
        return reverse("risk:exposure")


class ReminderSent(models.Model):
    """That an owner was emailed their reminder on a day, so that running `govdx risks remind`
    twice on one day (a retried schedule, a person running it by hand) mails nobody twice.
    Written by the system, never changed by users: it needs no history of its own."""

    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    references = models.TextField(help_text="The risks the email listed, comma-separated.")

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["person", "day"], name="risk_reminder_once_a_day")
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.person} on {self.day}"
