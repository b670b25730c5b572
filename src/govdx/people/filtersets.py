"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from govdx.org.filtersets import FilterForm, SearchFilterSet
from govdx.org.models import Department
from govdx.people.choices import DegreeChoice
from govdx.people.models import ChangeImpact, PeopleGroup, Survey
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
