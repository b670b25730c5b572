"""The programme's forms: a project, a plan file to import, a baseline to save, the
settings of a simulation, status reports, gate reviews and the benefits register."""

from __future__ import annotations

from typing import Any

from django import forms

from govdx.core.forms import PlainForm
from govdx.core.permissions import visible, writable_departments
from govdx.domain.planning.analysis import DEFAULT_ITERATIONS
from govdx.org.forms import ScopedRecordForm
from govdx.org.models import Department
from govdx.programme.choices import BenefitTypeChoice, DistributionChoice
from govdx.programme.models import (
    Activity,
    ActualCost,
    Benefit,
    BenefitActual,
    GateReview,
    Project,
    Recommendation,
    StatusReport,
)
from govdx.programme.selectors import DEFAULT_SEED

LARGEST_PAGE_ITERATIONS = 100_000
"""The most iterations a page asks for; the command line and the API go up to a million."""


class ProjectForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Project
        fields = (
            "name",
            "programme",
            "department",
            "senior_responsible_owner",
            "project_manager",
            "start_date",
            "budget",
            "description",
            "applications",
        )
        widgets = {
            "start_date": forms.DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "applications": forms.CheckboxSelectMultiple(),
        }
        help_texts = {"budget": "In pence: the whole-life budget of the project."}


class PlanImportForm(PlainForm):
    """A plan file for a project, as `govdx plan import FILE --project NAME` takes it."""

    file = forms.FileField(
        label="Plan file",
        help_text="CSV or Excel workbook with the columns id, name, optimistic, most likely, "
        "pessimistic (or duration) and predecessors; milestone, owner and budget are optional.",
    )
    project = forms.CharField(
        label="Project",
        max_length=200,
        help_text="The project's name. A name no project has yet adds the project.",
    )
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label="Department",
        empty_label="Keep as it is (none for a new project)",
        help_text="The department that owns the project.",
    )
    start_date = forms.DateField(
        label="Start date",
        required=False,
        widget=forms.DateInput(),
        help_text="Working day 0 of the plan. Leave empty to keep the project's, or to start a "
        "new project today.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and report what would change, writing nothing",
        required=False,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reach = writable_departments(user, Project)
        departments = Department.objects.order_by("name")
        if reach is not None:
            departments = departments.filter(pk__in=reach)
        self.fields["department"].queryset = visible(user, departments)  # type: ignore[attr-defined]  # a ModelChoiceField
        self.style_widgets()


class BaselineForm(PlainForm):
    name = forms.CharField(
        label="Baseline name",
        max_length=100,
        help_text="Such as “Business case” or “Re-plan March”.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class SimulationForm(PlainForm):
    iterations = forms.IntegerField(
        label="Iterations",
        min_value=100,
        max_value=LARGEST_PAGE_ITERATIONS,
        initial=DEFAULT_ITERATIONS,
        required=False,
        help_text=f"From 100 to {LARGEST_PAGE_ITERATIONS:,}.",
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        initial=DEFAULT_SEED,
        required=False,
        help_text="The same seed gives the same figures.",
    )
    distribution = forms.ChoiceField(
        label="Distribution", choices=DistributionChoice.choices, initial="pert", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def settings(self) -> dict[str, Any]:
        """The settings sent, each left out (or the whole form, when not valid) taking its
        default."""
        given = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {
            name: field.initial if given.get(name) in (None, "") else given[name]
            for name, field in self.fields.items()
        }


class StatusReportForm(ScopedRecordForm):
    """A month's status report; the definitions of each rating are shown beside the form."""

    class Meta:
        model = StatusReport
        fields = (
            "month",
            "reported_on",
            "scale",
            "level",
            "source",
            "author",
            "narrative",
            "key_risks",
            "decisions_needed",
        )
        widgets = {
            "month": forms.DateInput(),
            "reported_on": forms.DateInput(),
            "scale": forms.RadioSelect(),
            "source": forms.RadioSelect(),
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "decisions_needed": forms.Textarea(attrs={"rows": 3}),
            "key_risks": forms.CheckboxSelectMultiple(),
        }
        help_texts = {
            "month": "Any day of the month the report is for; it is kept as the month.",
            "level": "On the scale chosen: the three-point scale has green, amber and red only. "
            "The definitions are below.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].required = False
        risks = self.fields["key_risks"]
        risks.queryset = risks.queryset.order_by("reference")  # type: ignore[attr-defined]  # a ModelMultipleChoiceField
        author = self.fields["author"]
        author.queryset = author.queryset.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]  # a ModelChoiceField


class GateReviewForm(ScopedRecordForm):
    class Meta:
        model = GateReview
        fields = ("gate", "held_on", "scale", "level", "review_team", "summary")
        widgets = {
            "held_on": forms.DateInput(),
            "scale": forms.RadioSelect(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"level": "Outcome: the review team's delivery confidence"}


class RecommendationForm(ScopedRecordForm):
    class Meta:
        model = Recommendation
        fields = ("reference", "text", "owner", "due_on")
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": forms.DateInput()}
        help_texts = {"reference": "Its number in the review's report, such as 1 or R3."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        owner.queryset = owner.queryset.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]  # a ModelChoiceField


class BenefitForm(ScopedRecordForm):
    """A benefit of the project's register; the milestones offered are the project's own."""

    class Meta:
        model = Benefit
        fields = (
            "name",
            "type",
            "owner",
            "measure",
            "baseline",
            "target",
            "start_date",
            "target_date",
            "milestones",
            "description",
        )
        widgets = {
            "type": forms.RadioSelect(),
            "start_date": forms.DateInput(),
            "target_date": forms.DateInput(),
            "milestones": forms.CheckboxSelectMultiple(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"owner": "Benefit owner", "milestones": "Milestones it depends on"}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = BenefitTypeChoice.choices  # type: ignore[attr-defined]  # a ChoiceField; no empty radio
        milestones = self.fields["milestones"]
        milestones.queryset = milestones.queryset.filter(  # type: ignore[attr-defined]  # a ModelMultipleChoiceField
            project=project, milestone=True
        ).order_by("position", "pk")
        owner = self.fields["owner"]
        owner.queryset = owner.queryset.filter(is_active=True).order_by("full_name")  # type: ignore[attr-defined]  # a ModelChoiceField


class BenefitActualForm(ScopedRecordForm):
    class Meta:
        model = BenefitActual
        fields = ("measured_on", "value")
        widgets = {"measured_on": forms.DateInput()}
        labels = {"value": "Value measured"}


# --- money -----------------------------------------------------------------------------------


class ActivityProgressForm(ScopedRecordForm):
    class Meta:
        model = Activity
        fields = ("percent_complete",)
        labels = {"percent_complete": "Percent complete"}
        help_texts = {
            "percent_complete": "How much of the activity's work is done, a whole number from "
            "0 to 100. Earned value is its budget times this."
        }


class ActualCostForm(ScopedRecordForm):
    """A month's actual cost of the project; the activities offered are the project's own."""

    class Meta:
        model = ActualCost
        fields = ("month", "activity", "amount", "note")
        widgets = {"month": forms.DateInput()}
        labels = {"activity": "Booked to", "amount": "Amount spent"}
        help_texts = {
            "month": "Any day of the month the cost fell in, such as 2026-03-01; it is kept as "
            "the month. A month already recorded for the same activity takes the new amount.",
            "amount": "In pence: £1,234.56 is 123456.",
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        activity = self.fields["activity"]
        activity.queryset = Activity.objects.filter(project=project).order_by("position", "pk")  # type: ignore[attr-defined]  # a ModelChoiceField
        activity.empty_label = "The project as a whole"  # type: ignore[attr-defined]  # a ModelChoiceField


class ActualsImportForm(PlainForm):
    """A file of the project's actual costs, as `govdx plan actuals import` takes it."""

    file = forms.FileField(
        label="Actual costs file",
        help_text="CSV or Excel workbook with the columns month, activity, amount and note: "
        "a row a month and activity, the activity's id as in the plan (blank for the project "
        "as a whole), the amount in pounds and pence.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and report what would change, writing nothing",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class StatusDateForm(PlainForm):
    on = forms.DateField(
        label="Status date",
        required=False,
        widget=forms.DateInput(),
        help_text="The figures at the end of this day, such as 2026-03-31; today when empty.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def day(self, today: Any) -> Any:
        """The status date asked for, or `today` when none (or none valid) is given."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("on"):
            return self.cleaned_data["on"]
        return today


class ReturnForm(PlainForm):
    """Which major-project return to download: a financial year and, optionally, a programme."""

    year = forms.IntegerField(
        label="Financial year starting in April of",
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="Such as 2025 for 2025 to 2026; this financial year when empty.",
    )
    programme = forms.CharField(
        label="Programme", required=False, max_length=200,
        help_text="Its name; every programme when empty.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
