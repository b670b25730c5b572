"""One filterset per model, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils import timezone

from govdx.estate import selectors
from govdx.estate.choices import BatchOutcome, Criticality, DeviceKind, Hosting, ImportFormat
from govdx.estate.models import (
    Application,
    Device,
    DeviceObservation,
    ImportBatch,
    Product,
    Source,
)
from govdx.estate.tables import STATUS_LABELS
from govdx.org.filtersets import FilterForm, SearchFilterSet, yes_no_filter
from govdx.org.models import Department, Supplier

IN_HOUSE = "in-house"


class DeviceFilterSet(SearchFilterSet):
    """Devices by where they belong, who runs them, what they run and how lately any source
    reported them; stale and the operating system's lifecycle are judged today."""

    search_fields = ("identifier", "hostname", "serial", "asset_tag")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), empty_label="Any department"
    )
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.order_by("name"),
        label="Operated by",
        empty_label="Anyone",
        null_label="In-house",
        null_value=IN_HOUSE,
    )
    kind = django_filters.ChoiceFilter(choices=DeviceKind.choices, empty_label="Any kind")
    os = django_filters.CharFilter(
        field_name="os_name", lookup_expr="icontains", label="Operating system"
    )
    status = django_filters.ChoiceFilter(
        method="by_status",
        label="Its lifecycle today",
        choices=[(s, STATUS_LABELS[s]) for s in selectors.STATUS_ORDER],
        empty_label="Any status",
    )
    stale = yes_no_filter("Stale", method="by_staleness")
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("name"),
        method="by_source",
        label="Reported by",
        empty_label="Any source",
    )

    class Meta:
        model = Device
        fields = ("q", "department", "supplier", "kind", "os", "status", "stale", "source")
        form = FilterForm

    def by_status(self, queryset: QuerySet[Device], name: str, value: str) -> QuerySet[Device]:
        if not value:
            return queryset
        return selectors.devices_with_os_status(queryset, value, timezone.localdate())

    def by_staleness(
        self, queryset: QuerySet[Device], name: str, value: bool | None
    ) -> QuerySet[Device]:
        if value is None:
            return queryset
        stale = selectors.stale_devices(queryset, timezone.localdate())
        if value:
            return stale
        return queryset.exclude(pk__in=stale.values("pk"))

    def by_source(self, queryset: QuerySet[Device], name: str, value: Source) -> QuerySet[Device]:
        reported = DeviceObservation.objects.filter(source=value).values("device")
        return queryset.filter(pk__in=reported)


class ProductFilterSet(SearchFilterSet):
    """Products in use somewhere by default; all of them on asking."""

    search_fields = ("label", "slug", "category")
    show = django_filters.ChoiceFilter(
        method="by_use",
        label="Show",
        choices=[("in_use", "Products in use"), ("all", "Every product")],
        empty_label=None,
    )

    class Meta:
        model = Product
        fields = ("q", "show")
        form = FilterForm

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Unasked, the filter still applies: products in use.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("show", "in_use")
        super().__init__(data, *args, **kwargs)
        self.form.fields["show"].initial = "in_use"

    def by_use(self, queryset: QuerySet[Product], name: str, value: str) -> QuerySet[Product]:
        return queryset if value == "all" else selectors.products_in_use(queryset)


class SourceFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.order_by("name"),
        label="Estate of",
        empty_label="Anyone",
        null_label="In-house",
        null_value=IN_HOUSE,
    )

    class Meta:
        model = Source
        fields = ("q", "supplier")
        form = FilterForm


class BatchFilterSet(SearchFilterSet):
    search_fields = ("filename", "source_name")
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.order_by("name"), empty_label="Any source"
    )
    outcome = django_filters.ChoiceFilter(choices=BatchOutcome.choices, empty_label="Any outcome")
    format = django_filters.ChoiceFilter(choices=ImportFormat.choices, empty_label="Any format")

    class Meta:
        model = ImportBatch
        fields = ("q", "source", "outcome", "format")
        form = FilterForm


class ApplicationFilterSet(SearchFilterSet):
    search_fields = ("name", "description")
    department = django_filters.ModelChoiceFilter(
        queryset=Department.objects.order_by("name"), empty_label="Any department"
    )
    criticality = django_filters.ChoiceFilter(
        choices=Criticality.choices, empty_label="Any criticality"
    )
    hosting = django_filters.ChoiceFilter(choices=Hosting.choices, empty_label="Any hosting")
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.order_by("name"),
        empty_label="Anyone",
        null_label="In-house",
        null_value=IN_HOUSE,
    )

    class Meta:
        model = Application
        fields = ("q", "department", "criticality", "hosting", "supplier")
        form = FilterForm
