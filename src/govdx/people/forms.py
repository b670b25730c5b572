"""The people pages' forms: a people group, a change impact, a readiness gate and a survey file
to import. Choices are limited to what the user may see or write in."""

from __future__ import annotations

from typing import Any

from django import forms

from govdx.core.forms import PlainForm
from govdx.core.permissions import visible, writable_departments
from govdx.domain.people.framework_file import DEFAULT_FRAMEWORK
from govdx.org.forms import ScopedRecordForm
from govdx.people.models import (
    ChangeImpact,
    PeopleGroup,
    ReadinessGate,
    SkillAssessment,
    SkillsFramework,
    StaffRole,
    TrainingPlan,
)
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


class PulseImportForm(PlainForm):
    """A pulse file, as `govdx people pulse import FILE --pulse NAME` takes it."""

    file = forms.FileField(
        label="Pulse file",
        help_text="CSV or Excel workbook with the columns respondent, group and comment, and "
        "one column per question, its heading the question; scores are whole numbers from 1 "
        "to 5. A new pulse takes its questions from these headings; a later file for the same "
        "pulse must ask the same questions.",
    )
    pulse = forms.CharField(
        label="Pulse",
        max_length=200,
        help_text="The pulse's name. A name no pulse has yet adds the pulse.",
    )
    conducted_on = forms.DateField(
        label="Date of the pulse",
        required=False,
        widget=forms.DateInput(),
        help_text="For a new pulse; leave empty for today.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and report what would change, writing nothing",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


# Skills and training


class StaffFormMixin:
    """Limits the person choice to staff in the departments the user may write in."""

    def limit_people(self: Any) -> None:
        reach = writable_departments(self.user, self._meta.model)
        people = self.fields["person"]
        people.queryset = people.queryset.filter(is_active=True).select_related("department")
        if reach is not None:
            people.queryset = people.queryset.filter(department__in=reach)
        skill = self.fields.get("skill")
        if skill is not None:
            skill.queryset = skill.queryset.filter(retired_in__isnull=True).select_related(
                "framework"
            )
            skill.label_from_instance = lambda s: f"{s} ({s.framework})"


class SkillsFrameworkForm(ScopedRecordForm):
    class Meta:
        model = SkillsFramework
        fields = ("name", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StaffRoleForm(StaffFormMixin, ScopedRecordForm):
    class Meta:
        model = StaffRole
        fields = ("person", "role", "since")
        labels = {"role": "Framework role"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_people()
        roles = self.fields["role"]
        roles.queryset = roles.queryset.filter(retired_in__isnull=True).select_related(  # type: ignore[attr-defined]  # a ModelChoiceField
            "framework"
        )


class SkillAssessmentForm(StaffFormMixin, ScopedRecordForm):
    class Meta:
        model = SkillAssessment
        fields = ("person", "skill", "level", "assessed_on", "assessor", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_people()


class TrainingPlanForm(StaffFormMixin, ScopedRecordForm):
    class Meta:
        model = TrainingPlan
        fields = ("person", "skill", "target_level", "course", "due_on", "completed_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_people()


class FrameworkImportForm(PlainForm):
    """A framework file, as `govdx people skills import FILE --framework NAME` takes it."""

    file = forms.FileField(
        label="Framework file",
        help_text="CSV or Excel workbook with the columns role family, role, role level, skill, "
        "skill level (awareness, working, practitioner or expert) and description.",
    )
    framework = forms.CharField(
        label="Framework",
        max_length=200,
        initial=DEFAULT_FRAMEWORK,
        help_text="The framework's name. A name no framework has yet adds the framework; an "
        "existing one gets the file as its next version.",
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and report what would change, writing nothing",
        required=False,
    )
