"""Forms for the risk pages; choices are limited to what the user may use."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from govdx.core.forms import PlainForm, RecordForm
from govdx.core.permissions import visible
from govdx.domain.risk import Matrix
from govdx.org.forms import ScopedRecordForm
from govdx.org.models import Department, Person
from govdx.risk.choices import AppetiteLevelChoice
from govdx.risk.models import Action, AppetiteStatement, Control, Register, Risk, RiskCategory

SCORE_CHOICES = [("", "(not assessed)"), *[(n, str(n)) for n in range(1, 6)]]


class RegisterForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Register
        fields = ("name", "kind", "department", "parent", "owner", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class RiskForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Risk
        fields = (
            "reference",
            "title",
            "kind",
            "register",
            "category",
            "cause",
            "event",
            "consequence",
            "owner",
            "department",
            "supplier",
            "status",
            "identified_on",
            "inherent_likelihood",
            "inherent_impact",
            "current_likelihood",
            "current_impact",
            "target_likelihood",
            "target_impact",
            "treatment",
            "probability",
            "cost_low",
            "cost_likely",
            "cost_high",
            "cost_p5",
            "cost_p95",
        )
        widgets = {
            "cause": forms.Textarea(attrs={"rows": 2}),
            "event": forms.Textarea(attrs={"rows": 2}),
            "consequence": forms.Textarea(attrs={"rows": 2}),
            "identified_on": forms.DateInput(),
        }
        help_texts = {
            "reference": "Leave empty for the next free reference.",
            "inherent_likelihood": "1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.",
            "inherent_impact": "1 insignificant, 2 minor, 3 moderate, 4 major, 5 critical.",
            "cost_low": "In pence: the cost if it happens, at its lowest.",
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["reference"].required = False


class Radios(forms.RadioSelect):
    """Radios whose label target, and so the error summary's link, is the first option."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return super().id_for_label(id_, "0" if index is None else index)


def level_choices(labels: tuple[str, ...]) -> list[tuple[int, str]]:
    """1 to the matrix size, each with its label: "4 likely"."""
    return [(n, f"{n} {label}") for n, label in enumerate(labels, start=1)]


class HeatMapFilterForm(PlainForm):
    """Narrow the heat map to one register or one department."""

    register = forms.ModelChoiceField(
        queryset=Register.objects.order_by("name"), required=False, empty_label="Any register"
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.order_by("name"), required=False, empty_label="Any department"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("register", "department"):
            field = self.fields[name]
            field.queryset = visible(user, field.queryset)  # type: ignore[attr-defined]


class ReviewForm(PlainForm):
    """A review: when, who, the scores it leaves and why."""

    reviewed_on = forms.DateField(label="Date of the review", widget=forms.DateInput)
    likelihood = forms.TypedChoiceField(coerce=int, label="Current likelihood")
    impact = forms.TypedChoiceField(coerce=int, label="Current impact")
    reviewer = forms.ModelChoiceField(
        queryset=Person.objects.filter(is_active=True).order_by("full_name"),
        required=False,
        label="Reviewed by",
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What changed, and why the scores are what they are.",
    )

    def __init__(self, *args: Any, matrix: Matrix, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        likelihood = self.fields["likelihood"]
        impact = self.fields["impact"]
        likelihood.choices = [("", "Choose"), *level_choices(matrix.likelihood_labels)]  # type: ignore[attr-defined]
        impact.choices = [("", "Choose"), *level_choices(matrix.impact_labels)]  # type: ignore[attr-defined]
        field = self.fields["reviewer"]
        field.queryset = visible(user, field.queryset)  # type: ignore[attr-defined]


class ControlForm(RecordForm):
    class Meta:
        model = Control
        fields = ("description", "effectiveness")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"description": "What is already in place that reduces the risk."}


class ActionForm(ScopedRecordForm):
    """A further action: an owner and a due date keep a risk above appetite managed."""

    class Meta:
        model = Action
        fields = ("description", "owner", "due_on")
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "due_on": forms.DateInput()}
        labels = {"due_on": "Due by"}
        help_texts = {
            "owner": "An action with an owner and a due date keeps a risk above appetite managed.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].required = True
        self.fields["due_on"].required = True
        owner = self.fields["owner"]
        owner.queryset = owner.queryset.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]


class AcceptanceSubmitForm(PlainForm):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why should the risk be accepted above appetite?",
        help_text="An approver (a board member or an administrator) reads this to decide.",
    )


class AcceptanceDecideForm(PlainForm):
    decision = forms.ChoiceField(
        choices=[("accept", "Accept the risk above appetite"), ("reject", "Reject")],
        widget=Radios,
        label="Decision",
    )
    expires_on = forms.DateField(
        label="Acceptance expires on",
        widget=forms.DateInput,
        required=False,
        help_text="At most 12 months from today. Only for an acceptance.",
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Note on the decision",
    )


class AcceptanceRevokeForm(PlainForm):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why is the acceptance revoked?",
    )


class EscalateForm(PlainForm):
    to_register = forms.ModelChoiceField(
        queryset=Register.objects.order_by("kind", "name"), label="Escalate to"
    )
    escalated_on = forms.DateField(label="Date", widget=forms.DateInput)
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Why is the risk escalated?"
    )

    def __init__(self, *args: Any, risk: Risk, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_register"]
        field.queryset = visible(user, field.queryset).exclude(pk=risk.register_id)  # type: ignore[attr-defined]


class StatementForm(RecordForm):
    """A draft appetite statement; it counts from its effective date once the board approves."""

    class Meta:
        model = AppetiteStatement
        fields = ("category", "level", "tolerance", "effective_from", "statement")
        widgets = {
            "level": Radios,
            "effective_from": forms.DateInput(),
            "statement": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"level": "Appetite level", "tolerance": "Tolerance"}
        help_texts = {
            "tolerance": "The highest current score accepted. Leave empty to use the level's.",
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        category.queryset = RiskCategory.objects.filter(is_active=True).order_by("order", "name")  # type: ignore[attr-defined]
        self.fields["level"].choices = AppetiteLevelChoice.choices  # type: ignore[attr-defined]


class AsAtForm(PlainForm):
    date = forms.DateField(
        label="Show the register as it stood on",
        widget=forms.DateInput,
        help_text="Judged against the risk appetite in force on that day.",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_date(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError(
                f"Give a date on or before today ({self.today.isoformat()}): the register of a "
                "future day is not known."
            )
        return day


class LossToleranceForm(PlainForm):
    """The board's line on the loss exceedance curve: at most this chance of losing this much."""

    amount = forms.DecimalField(
        min_value=0,
        decimal_places=2,
        max_digits=15,
        label="Loss",
        help_text="In pounds, e.g. 2500000 for £2.5 million.",
    )
    probability = forms.DecimalField(
        min_value=0,
        max_value=100,
        decimal_places=2,
        label="Highest acceptable chance of losing more than that in a year (%)",
        help_text="For example 5 for a 1 in 20 chance.",
    )
    effective_from = forms.DateField(label="In force from", widget=forms.DateInput)


class CategoryForm(RecordForm):
    """A risk category; its key is given once, when it is added, and never changes."""

    class Meta:
        model = RiskCategory
        fields = ("name", "key", "description", "order", "is_active")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"is_active": "In use"}
        help_texts = {
            "key": "Short, lower case, with hyphens: how files and the API name the category. "
            "It cannot be changed later.",
            "order": "Categories are listed by this number, smallest first.",
            "is_active": "A category not in use keeps its risks but is not offered for new "
            "statements.",
        }

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            del self.fields["key"]


def split_labels(text: str) -> list[str]:
    """Labels given one a line or separated by commas, blanks dropped."""
    return [part.strip() for line in text.splitlines() for part in line.split(",") if part.strip()]


def parse_bands(text: str) -> list[dict[str, Any]]:
    """One band a line, "Name | lowest-highest | colour | meaning"; raises ValidationError
    naming the line that cannot be read."""
    bands = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split("|", 3)]
        if len(parts) != 4:
            raise forms.ValidationError(
                f"Line {number} needs four parts separated by |: name, scores, colour, "
                f"meaning; it has {len(parts)}."
            )
        name, scores, colour, meaning = parts
        lowest, dash, highest = scores.partition("-")
        if not dash or not lowest.strip().isdigit() or not highest.strip().isdigit():
            raise forms.ValidationError(
                f"Line {number}: give the scores as lowest-highest, for example 5-9; "
                f"“{scores}” was given."
            )
        bands.append(
            {
                "name": name,
                "lowest": int(lowest),
                "highest": int(highest),
                "colour": colour,
                "meaning": meaning,
            }
        )
    if not bands:
        raise forms.ValidationError("Give at least one band.")
    return bands


def band_lines(matrix: Matrix) -> str:
    """The matrix's bands as the form reads them."""
    return "\n".join(
        f"{b.name} | {b.lowest}-{b.highest} | {b.colour} | {b.meaning}" for b in matrix.bands
    )


class MatrixForm(PlainForm):
    """A new version of the risk matrix, in force from a date; the size is the number of labels."""

    likelihood_labels = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Likelihood labels",
        help_text="Lowest first, one a line or separated by commas: five for a 5 x 5 matrix.",
    )
    impact_labels = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Impact labels",
        help_text="Lowest first: as many as the likelihood labels.",
    )
    bands = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Bands",
        help_text=(
            "One a line: name | lowest-highest score | colour | meaning, for example "
            "“High | 10-14 | orange | Needs active treatment”. Colours: green, yellow, orange, "
            "red, blue, light-blue, turquoise, purple, pink, grey, or a hex colour such as "
            "#d4351c. Together the bands cover every score once."
        ),
    )
    effective_from = forms.DateField(
        label="In force from",
        widget=forms.DateInput,
        help_text="Registers before this date keep being judged by the matrix then in force.",
    )

    def clean_likelihood_labels(self) -> list[str]:
        return split_labels(self.cleaned_data["likelihood_labels"])

    def clean_impact_labels(self) -> list[str]:
        return split_labels(self.cleaned_data["impact_labels"])

    def clean_bands(self) -> list[dict[str, Any]]:
        return parse_bands(self.cleaned_data["bands"])

    def definition(self) -> dict[str, Any]:
        """The matrix as `RiskMatrix.definition` stores it. The default impact synonyms (minimal,
        severe...) are kept only while the impact labels are the default ones."""
        from govdx.domain.risk.matrix import DEFAULT_IMPACT_LABELS, DEFAULT_IMPACT_SYNONYMS

        likelihood = self.cleaned_data["likelihood_labels"]
        impact = self.cleaned_data["impact_labels"]
        same = [label.lower() for label in impact] == list(DEFAULT_IMPACT_LABELS)
        return {
            "size": len(likelihood),
            "likelihood_labels": likelihood,
            "impact_labels": impact,
            "likelihood_synonyms": [],
            "impact_synonyms": [list(s) for s in DEFAULT_IMPACT_SYNONYMS] if same else [],
            "bands": self.cleaned_data["bands"],
        }


class RiskLinkForm(PlainForm):
    """Link a risk to a supplier or a contract the user may see."""

    target = forms.ChoiceField(label="Record to link to")
    note = forms.CharField(required=False, max_length=200, label="Note (optional)")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        from govdx.org.models import Contract, Supplier

        super().__init__(*args, **kwargs)
        self.targets: dict[str, Any] = {}
        groups: list[Any] = [("", "Choose a supplier or a contract")]
        for label, queryset in (
            ("Suppliers", Supplier.objects.order_by("name")),
            ("Contracts", Contract.objects.select_related("supplier").order_by("reference")),
        ):
            options = []
            for record in visible(user, queryset):
                value = f"{record._meta.model_name}:{record.pk}"
                self.targets[value] = record
                options.append((value, str(record)))
            if options:
                groups.append((label, options))
        self.fields["target"].choices = groups  # type: ignore[attr-defined]
        self.style_widgets()

    def clean_target(self) -> Any:
        return self.targets[self.cleaned_data["target"]]
