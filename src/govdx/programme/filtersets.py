"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from govdx.org.filtersets import FilterForm, SearchFilterSet
from govdx.org.models import Department, Person
from govdx.programme.models import Programme, Project


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
