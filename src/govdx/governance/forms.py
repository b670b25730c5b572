"""Governance's forms: boards, members, meetings, papers, decisions, actions, the strategy's
objectives, KPIs and actuals, and maturity assessments; choices limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django import forms

from govdx.core.forms import PlainForm
from govdx.governance.choices import MemberRole
from govdx.governance.models import (
    Board,
    BoardAction,
    Decision,
    KeyPerformanceIndicator,
    Meeting,
    Objective,
    Paper,
)
from govdx.governance.services import LARGEST_PAPER
from govdx.org.forms import ScopedRecordForm
from govdx.org.models import Person


class BoardForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = Board
        fields = ("name", "kind", "department", "terms_of_reference", "is_active")
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 6})}


class MembershipForm(PlainForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(is_active=True).order_by("full_name"),
        label="Person",
        help_text="A member of staff. A person already on the board takes the role chosen.",
    )
    role = forms.ChoiceField(
        choices=MemberRole.choices, initial=MemberRole.MEMBER, label="Role on the board"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class MeetingForm(ScopedRecordForm):
    class Meta:
        model = Meeting
        fields = ("held_on", "agenda", "minutes")
        labels = {"held_on": "Date of the meeting"}
        widgets = {
            "held_on": forms.DateInput(),
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
        }


class PaperForm(ScopedRecordForm):
    file = forms.FileField(
        label="File",
        required=False,
        help_text=f"Any document, up to {LARGEST_PAPER // (1024 * 1024)} MiB. When changing a "
        "paper, leave empty to keep its file.",
    )

    class Meta:
        model = Paper
        fields = ("title", "kind", "summary", "restricted")
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        labels = {"restricted": "Restricted: only the board's members may see it"}


class DecisionForm(ScopedRecordForm):
    class Meta:
        model = Decision
        fields = (
            "board",
            "meeting",
            "decided_on",
            "title",
            "rationale",
            "options_considered",
            "projects",
        )
        labels = {"decided_on": "Date of the decision", "title": "Decision"}
        widgets = {
            "decided_on": forms.DateInput(),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "options_considered": forms.Textarea(attrs={"rows": 4}),
            "projects": forms.CheckboxSelectMultiple(),
        }


class BoardActionForm(ScopedRecordForm):
    class Meta:
        model = BoardAction
        fields = ("board", "decision", "description", "owner", "due_on", "completed_on")
        labels = {"due_on": "Due", "completed_on": "Completed"}
        widgets = {"due_on": forms.DateInput(), "completed_on": forms.DateInput()}
        help_texts = {"completed_on": "Leave empty while the action is open."}


class RaciImportForm(PlainForm):
    """A RACI grid file, as `govdx governance raci import FILE --project NAME` takes it."""

    file = forms.FileField(
        label="RACI file",
        help_text="CSV or Excel workbook: the first column names the deliverables or "
        "workstreams, every other column is a person, headed with their name or email; cells "
        "are R, A, C, I or a combination such as A/R.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class MaturityAssessmentForm(PlainForm):
    """A score, a target and the evidence for each dimension of the model."""

    assessed_on = forms.DateField(label="Date of the assessment", widget=forms.DateInput())

    def __init__(self, *args: Any, model: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.model = model
        scale = [(score, str(score)) for score in range(model.minimum, model.maximum + 1)]
        for dimension in model.dimensions:
            levels = "; ".join(f"{level.score} {level.name}" for level in dimension.levels)
            self.fields[f"{dimension.key}_score"] = forms.TypedChoiceField(
                label=f"{dimension.name}: score", choices=scale, coerce=int,
                help_text=f"{dimension.description} Levels: {levels}.",
            )  # fmt: skip
            self.fields[f"{dimension.key}_target"] = forms.TypedChoiceField(
                label=f"{dimension.name}: target", choices=[("", "No target"), *scale],
                coerce=int, empty_value=None, required=False,
            )  # fmt: skip
            self.fields[f"{dimension.key}_evidence"] = forms.CharField(
                label=f"{dimension.name}: evidence", required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip
        self.style_widgets()

    def scores(self) -> dict[str, tuple[int, int | None, str]]:
        data = self.cleaned_data
        return {
            d.key: (data[f"{d.key}_score"], data[f"{d.key}_target"], data[f"{d.key}_evidence"])
            for d in self.model.dimensions
        }


class ObjectiveForm(ScopedRecordForm):
    class Meta:
        model = Objective
        fields = ("title", "description", "outcomes", "owner", "projects", "benefits")
        labels = {"title": "Objective", "projects": "Projects serving it",
                  "benefits": "Benefits serving it"}  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "projects": forms.CheckboxSelectMultiple(),
            "benefits": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        benefits: Any = self.fields["benefits"]
        benefits.queryset = benefits.queryset.select_related("project").order_by(
            "project__name", "name"
        )
        benefits.label_from_instance = lambda benefit: f"{benefit.name} ({benefit.project})"


class KpiForm(ScopedRecordForm):
    class Meta:
        model = KeyPerformanceIndicator
        fields = ("measure", "baseline", "baseline_on", "target", "target_on")
        widgets = {"baseline_on": forms.DateInput(), "target_on": forms.DateInput()}


class KpiActualForm(PlainForm):
    measured_on = forms.DateField(label="Date measured", widget=forms.DateInput())
    value = forms.DecimalField(
        label="Value measured", max_digits=18, decimal_places=4,
        help_text="The KPI's measure on that day, in its unit. A value already recorded on the "
        "same day is replaced.",
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
