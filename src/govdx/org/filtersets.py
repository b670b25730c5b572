"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.forms.widgets import NullBooleanSelect

from govdx.core.forms import PlainForm
from govdx.core.permissions import visible
from govdx.domain.governance.access import ROLE_LABELS, Role
from govdx.org.choices import DepartmentKind
from govdx.org.models import Contract, Department, Person, Supplier


class FilterForm(PlainForm):
    pass


class EitherSelect(NullBooleanSelect):
    """A yes/no filter whose empty choice reads "Either", not "Unknown"."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", "Either"), ("true", "Yes"), ("false", "No")]


def yes_no_filter(label: str, **kwargs: Any) -> django_filters.BooleanFilter:
    return django_filters.BooleanFilter(label=label, widget=EitherSelect, **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, request=request, **kwargs)
        self.form.fields["q"].widget.input_type = "search"
        user = getattr(request, "user", None)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, django_filters.ModelChoiceFilter):
                field = self.form.fields[name]
                field.queryset = visible(user, field.queryset)  # type: ignore[attr-defined]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)


class DepartmentFilterSet(SearchFilterSet):
    search_fields = ("name", "code", "description")
    kind = django_filters.ChoiceFilter(choices=DepartmentKind.choices, empty_label="Any kind")
    parent = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), label="Inside", empty_label="Anywhere"
    )
    is_active = yes_no_filter("Active")

    class Meta:
        model = Department
        fields = ("q", "kind", "parent", "is_active")
        form = FilterForm


class PersonFilterSet(SearchFilterSet):
    search_fields = ("full_name", "email", "job_title", "staff_number")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"),
        method="in_department",
        label="Department",
        empty_label="Any department",
    )
    is_active = yes_no_filter("Still working here")

    class Meta:
        model = Person
        fields = ("q", "department", "is_active")
        form = FilterForm

    def in_department(
        self, queryset: QuerySet[Person], name: str, value: Department
    ) -> QuerySet[Person]:
        """People in the department or any team below it."""
        from govdx.domain.governance.access import subtree

        parents = dict(Department.objects.values_list("id", "parent_id"))
        return queryset.filter(department_id__in=subtree(value.pk, parents))


class SupplierFilterSet(SearchFilterSet):
    search_fields = ("name", "registration_number", "contact_name", "services_provided")

    class Meta:
        model = Supplier
        fields = ("q",)
        form = FilterForm


class ContractFilterSet(SearchFilterSet):
    search_fields = ("reference", "title", "supplier__name")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.order_by("name"), empty_label="Any supplier"
    )
    ends_before = django_filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label="Ends on or before"
    )

    class Meta:
        model = Contract
        fields = ("q", "supplier", "ends_before")
        form = FilterForm


class UserFilterSet(SearchFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")
    role = django_filters.ChoiceFilter(
        field_name="role_assignments__role",
        choices=[(r.value, ROLE_LABELS[r]) for r in Role],
        empty_label="Any role",
        distinct=True,
    )
    is_active = yes_no_filter("May sign in")

    class Meta:
        model = get_user_model()
        fields = ("q", "role", "is_active")
        form = FilterForm
