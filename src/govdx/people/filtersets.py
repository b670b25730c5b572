"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from govdx.org.filtersets import EitherSelect, FilterForm, SearchFilterSet
from govdx.org.models import Department
from govdx.people.choices import DegreeChoice, SkillLevelChoice
from govdx.people.models import (
    ChangeImpact,
    PeopleGroup,
    PulseSurvey,
    Skill,
    SkillAssessment,
    SkillsFramework,
    StaffRole,
    Survey,
    TrainingPlan,
)
from govdx.programme.models import Project


class PeopleGroupFilterSet(SearchFilterSet):
    search_fields = ("role_family", "department__name", "description")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), empty_label="Any department"
    )

    class Meta:
        model = PeopleGroup
        fields = ("q", "department")
        form = FilterForm


class ChangeImpactFilterSet(SearchFilterSet):
    search_fields = ("what_changes", "group__role_family", "project__name")
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.order_by("name"), empty_label="Any project"
    )
    department = django_filters.ModelChoiceFilter(
        field_name="group__department",
        queryset=Department.objects.order_by("name"),
        label="Department",
        empty_label="Any department",
    )
    degree = django_filters.ChoiceFilter(
        choices=DegreeChoice.choices, label="Degree of impact", empty_label="Any degree"
    )

    class Meta:
        model = ChangeImpact
        fields = ("q", "project", "department", "degree")
        form = FilterForm


class SurveyFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.order_by("name"), empty_label="Any project"
    )

    class Meta:
        model = Survey
        fields = ("q", "project")
        form = FilterForm


class PulseSurveyFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    conducted_after = django_filters.DateFilter(
        field_name="conducted_on", lookup_expr="gte", label="Held on or after"
    )

    class Meta:
        model = PulseSurvey
        fields = ("q", "conducted_after")
        form = FilterForm


class SkillsFrameworkFilterSet(SearchFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = SkillsFramework
        fields = ("q",)
        form = FilterForm


class StaffFilterSet(SearchFilterSet):
    """Filters shared by the records about one member of staff: by name and department."""

    search_fields = ("person__full_name",)
    department = django_filters.ModelChoiceFilter(
        field_name="person__department",
        queryset=Department.objects.order_by("name"),
        label="Department",
        empty_label="Any department",
    )


class StaffRoleFilterSet(StaffFilterSet):
    search_fields = ("person__full_name", "role__name", "role__level", "role__role_family")
    framework = django_filters.ModelChoiceFilter(
        field_name="role__framework",
        queryset=SkillsFramework.objects.order_by("name"),
        empty_label="Any framework",
    )

    class Meta:
        model = StaffRole
        fields = ("q", "department", "framework")
        form = FilterForm


class SkillAssessmentFilterSet(StaffFilterSet):
    search_fields = ("person__full_name", "skill__name", "notes")
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.select_related("framework").order_by("name"),
        empty_label="Any skill",
    )
    level = django_filters.ChoiceFilter(choices=SkillLevelChoice.choices, empty_label="Any level")

    class Meta:
        model = SkillAssessment
        fields = ("q", "department", "skill", "level")
        form = FilterForm


class TrainingPlanFilterSet(StaffFilterSet):
    search_fields = ("person__full_name", "skill__name", "course")
    skill = django_filters.ModelChoiceFilter(
        queryset=Skill.objects.order_by("name"), empty_label="Any skill"
    )
    completed = django_filters.BooleanFilter(
        field_name="completed_on", lookup_expr="isnull", exclude=True,
        label="Completed", widget=EitherSelect,
    )  # fmt: skip

    class Meta:
        model = TrainingPlan
        fields = ("q", "department", "skill", "completed")
        form = FilterForm
