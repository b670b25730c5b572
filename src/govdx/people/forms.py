"""The people pages' forms: a people group, a change impact, a readiness gate and a survey file
to import. Choices are limited to what the user may see or write in."""

from __future__ import annotations

from typing import Any

from django import forms

from govdx.core.forms import PlainForm
from govdx.core.permissions import visible
from govdx.org.forms import ScopedRecordForm
from govdx.people.models import ChangeImpact, PeopleGroup, ReadinessGate
from govdx.programme.models import Project


class PeopleGroupForm(ScopedRecordForm):
    department_fields = ("department",)

    class Meta:
        model = PeopleGroup
        fields = ("department", "role_family", "headcount", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ChangeImpactForm(ScopedRecordForm):
    class Meta:
        model = ChangeImpact
        fields = ("project", "group", "degree", "what_changes")
        widgets = {"what_changes": forms.Textarea(attrs={"rows": 3})}
        labels = {"group": "People group", "degree": "Degree of impact"}


class ReadinessGateForm(ScopedRecordForm):
    class Meta:
        model = ReadinessGate
        fields = ("milestone", "group", "survey", "threshold")
        labels = {"group": "People group"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        milestones = self.fields["milestone"]
        milestones.queryset = milestones.queryset.filter(milestone=True).select_related(  # type: ignore[attr-defined]  # a ModelChoiceField
            "project"
        )
        milestones.label_from_instance = lambda a: f"{a.project}: {a}"  # type: ignore[attr-defined]  # a ModelChoiceField
        self.fields["survey"].empty_label = "The latest survey the group answered"  # type: ignore[attr-defined]  # a ModelChoiceField


class ReadinessImportForm(PlainForm):
    """A survey file, as `govdx people readiness import FILE --survey NAME` takes it."""

    file = forms.FileField(
        label="Survey file",
        help_text="CSV or Excel workbook with the columns respondent, group, awareness, desire, "
        "knowledge, ability and reinforcement; scores are whole numbers from 1 to 5.",
    )
    survey = forms.CharField(
        label="Survey",
        max_length=200,
        help_text="The survey's name. A name no survey has yet adds the survey.",
    )
    conducted_on = forms.DateField(
        label="Date of the survey",
        required=False,
        widget=forms.DateInput(),
        help_text="For a new survey; leave empty for today.",
    )
    project = forms.ModelChoiceField(
        queryset=Project.objects.none(),
        required=False,
        label="Project",
        empty_label="None",
        help_text="For a new survey: the project it was held for.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and report what would change, writing nothing",
        required=False,
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = visible(user, Project.objects.order_by("name"))  # type: ignore[attr-defined]  # a ModelChoiceField
        self.style_widgets()
