"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

import django_filters

from govdx.org.filtersets import FilterForm, SearchFilterSet
from govdx.org.models import Department
from govdx.risk.choices import RegisterKind, RiskKind, RiskStatus
from govdx.risk.models import Register, Risk, RiskCategory


class RegisterFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.ChoiceFilter(choices=RegisterKind.choices, empty_label="Any kind")

    class Meta:
        model = Register
        fields = ("q", "kind")
        form = FilterForm


class RiskFilterSet(SearchFilterSet):
    search_fields = ("reference", "title", "cause", "event", "consequence")
    register = django_filters.ModelChoiceFilter(
        queryset=Register.objects.order_by("name"), empty_label="Any register"
    )
    category = django_filters.ModelChoiceFilter(
        queryset=RiskCategory.objects.order_by("order", "name"), empty_label="Any category"
    )
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), empty_label="Any department"
    )
    status = django_filters.ChoiceFilter(choices=RiskStatus.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(
        choices=RiskKind.choices, empty_label="Risks and opportunities"
    )

    class Meta:
        model = Risk
        fields = ("q", "register", "category", "department", "status", "kind")
        form = FilterForm
