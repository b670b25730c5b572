"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from govdx.org.filtersets import FilterForm, SearchFilterSet
from govdx.org.models import Department, Person
from govdx.programme.choices import LevelChoice, RatingSourceChoice, ScaleChoice
from govdx.programme.models import Programme, Project, StatusReport


class ProjectFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("name"), empty_label="Any programme"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), empty_label="Any department"
    )
    senior_responsible_owner = django_filters.ModelChoiceFilter(
        queryset=Person.objects.filter(projects_owned__isnull=False)
        .distinct()
        .order_by("full_name"),
        label="Senior responsible owner",
        empty_label="Anyone",
    )

    class Meta:
        model = Project
        fields = ("q", "programme", "department", "senior_responsible_owner")
        form = FilterForm


class StatusReportFilterSet(SearchFilterSet):
    """Status reports across projects: by project, programme, department, rating, who gave it
    and the months reported on."""

    search_fields = ("narrative", "decisions_needed", "project__name")
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.order_by("name"), empty_label="Any project"
    )
    programme = django_filters.ModelChoiceFilter(
        field_name="project__programme",
        queryset=Programme.objects.order_by("name"),
        empty_label="Any programme",
    )
    department = django_filters.ModelChoiceFilter(
        field_name="project__department",
        queryset=Department.objects.order_by("name"),
        empty_label="Any department",
    )
    scale = django_filters.ChoiceFilter(choices=ScaleChoice.choices, empty_label="Any scale")
    level = django_filters.ChoiceFilter(
        choices=LevelChoice.choices, label="Delivery confidence", empty_label="Any rating"
    )
    source = django_filters.ChoiceFilter(
        choices=RatingSourceChoice.choices, label="Given by", empty_label="Anyone"
    )
    month_from = django_filters.DateFilter(
        field_name="month", lookup_expr="gte", label="Months from"
    )
    month_to = django_filters.DateFilter(field_name="month", lookup_expr="lte", label="Months to")

    class Meta:
        model = StatusReport
        fields = ("q", "project", "programme", "department", "scale", "level", "source",
                  "month_from", "month_to")  # fmt: skip
        form = FilterForm
