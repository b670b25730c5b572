"""The estate pages: thin, calling selectors and services.

Every page works without JavaScript: forms post to a page of their own and go back to a record
(post/redirect/get). Charts are SVG laid out by `core.charts` from figures the selectors
computed, each with a table or text giving the same figures.
"""

from __future__ import annotations

import datetime
import tempfile
from functools import partial
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from govdx.core import charts
from govdx.core.history import history_for
from govdx.core.permissions import Action, can, require, visible
from govdx.core.services import record_create, record_delete, record_update
from govdx.core.views import (
    RecordDeleteView,
    RecordDetailView,
    RecordEditView,
    RecordListView,
    refuse_form,
)
from govdx.domain.errors import Conflict, Invalid
from govdx.domain.estate.lifecycle import LifecycleStatus, support_phases
from govdx.domain.tabular import ImportProblems
from govdx.estate import filtersets, forms, selectors, services, tables
from govdx.estate.importers import import_inventory, supplier_return_template
from govdx.estate.models import (
    Application,
    Device,
    EstateSettings,
    ImportBatch,
    Mapping,
    Product,
    ReleaseCycle,
    Software,
    Source,
    SupplierReturn,
)

EXPOSURE_SHOWN = 10
"""The end-of-life and ending-soon cycles the overview lists, most devices first."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _today() -> datetime.date:
    return timezone.localdate()


def _devices(request: HttpRequest) -> Any:
    """The devices the user may see."""
    return visible(request.user, Device.objects.all())


def _device_list_url(**params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("estate:device_list") + (f"?{query}" if query else "")


class EstateNames:
    """URL names where a model's name is not the URL's (`importbatch` is `batch`); an action
    named with an empty name has no page here (the page then sets its link to None)."""

    url_names: ClassVar[dict[str, str]] = {}

    def url(self, action: str, *args: Any) -> str:
        name = self.url_names.get(action)
        if name == "":
            return ""
        if name is not None:
            return reverse(f"estate:{name}", args=args)
        return str(super().url(action, *args))  # type: ignore[misc]  # mixed into a RecordView


# Charts: what the estate shows, laid out by core.charts with the figures beside them


def _status_chart(counts: list[selectors.StatusCount]) -> charts.BarChart:
    described = "; ".join(
        f"{tables.STATUS_LABELS[c.status]} {c.installations}" for c in counts if c.installations
    )
    return charts.bar_chart(
        ident="lifecycle-status",
        title="Installations by lifecycle status today",
        description=(
            "Installed software, operating systems included, by where its release cycle "
            f"stands today: {described or 'nothing installed yet'}. The table beside the chart "
            "gives the same figures with the devices."
        ),
        x_label="Installations",
        bars=[
            charts.Bar(
                tables.STATUS_LABELS[c.status], c.installations, f"govdx-chart__bar--{c.status}"
            )
            for c in counts
        ],
    )


def _milestone_text(value: datetime.date | bool | None, *, ended: str, running: str) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is True:
        return ended
    if value is False:
        return running
    return "Not published"


PHASE_LABELS = {
    LifecycleStatus.SUPPORTED: "Active support",
    LifecycleStatus.SECURITY_ONLY: "Security support only",
    LifecycleStatus.EXTENDED_SUPPORT: "Extended support",
    LifecycleStatus.END_OF_LIFE: "End of life",
}


def _support_phases(cycle: ReleaseCycle) -> list[charts.Phase]:
    """The cycle's support phases (`govdx.domain.estate.lifecycle.support_phases`), named and
    coloured for the timeline."""
    phases = support_phases(selectors.domain_cycle(cycle, cycle.product.slug))
    return [
        charts.Phase(PHASE_LABELS[p.status], p.start, p.end, f"govdx-chart__bar--{p.status}")
        for p in phases
    ]


def _timeline(cycle: ReleaseCycle, today: datetime.date, status: str) -> charts.Timeline | None:
    """The cycle's support phases along a time axis, each milestone labelled and today marked;
    None when no date is published to draw from."""
    milestones = [
        charts.Milestone(label, day)
        for label, day in (
            ("Released", cycle.release_date),
            ("End of active support", cycle.eoas_date),
            ("End of life", cycle.eol_date),
            ("End of extended support", cycle.eoes_date),
        )
        if day is not None
    ]
    if not milestones:
        return None
    status_label = tables.STATUS_LABELS[status].lower()
    return charts.timeline(
        ident=f"timeline-{cycle.pk}",
        title=f"Support timeline of {cycle}",
        description=(
            "; ".join(f"{m.label} {m.day.isoformat()}" for m in milestones)
            + f"; today, {today.isoformat()}, it is {status_label}. The list beside the "
            "chart gives the same dates."
        ),
        phases=_support_phases(cycle),
        milestones=milestones,
        today=today,
        today_label=f"Today: {status_label}",
    )


def _cycle_dates(cycle: ReleaseCycle) -> list[tuple[str, str]]:
    """The cycle's milestones in words: the text alternative of its timeline."""
    return [
        ("Released", cycle.release_date.isoformat() if cycle.release_date else "Not published"),
        (
            "End of active support",
            _milestone_text(cycle.eoas_date or cycle.eoas_flag, ended="Ended (no date published)",
                            running="Not ended, no date announced"),
        ),
        (
            "End of life (end of security support)",
            _milestone_text(cycle.eol_date or cycle.eol_flag, ended="Reached (no date published)",
                            running="Not reached, no date announced"),
        ),
        (
            "End of extended support",
            _milestone_text(cycle.eoes_date or cycle.eoes_flag, ended="Ended or not offered",
                            running="Offered, no end announced"),
        ),
    ]  # fmt: skip


# The overview


def home(request: HttpRequest) -> HttpResponse:
    """Counts, the lifecycle status chart, end-of-life exposure and knowledge coverage."""
    require(request.user, Action.VIEW, Device)
    today = _today()
    devices = _devices(request)
    report = selectors.lifecycle_report(as_of=today, within_days=365, devices=devices)
    statuses = selectors.lifecycle_status_counts(today, devices)
    coverage = selectors.estate_coverage(
        today, devices, visible(request.user, SupplierReturn.objects.all())
    )
    settings = selectors.estate_settings_get()
    context = {
        "title": "Estate overview",
        "today": today,
        "counts": {
            "devices": report.devices,
            "installations": report.installations,
            "applications": visible(request.user, Application.objects.all()).count(),
            "stale": selectors.stale_devices(devices, today).count(),
            "unmatched": report.unmatched,
        },
        "stale_after_days": settings.stale_after_days,
        "statuses": [{"count": c, "tag": tables.status_tag(c.status)} for c in statuses],
        "chart": _status_chart(statuses),
        "end_of_life": report.end_of_life[:EXPOSURE_SHOWN],
        "end_of_life_more": max(len(report.end_of_life) - EXPOSURE_SHOWN, 0),
        "ending_soon": report.ending_soon[:EXPOSURE_SHOWN],
        "coverage": coverage,
        "urls": {
            "devices": reverse("estate:device_list"),
            "stale": _device_list_url(stale="true"),
            "applications": reverse("estate:application_list"),
            "unmatched": reverse("estate:unmatched_list"),
        },
        "may_view_products": can(request.user, Action.VIEW, Product),
        "may_import": can(request.user, Action.ADD, ImportBatch),
    }
    return render(request, "estate/home.html", context)


# Devices


class DeviceList(RecordListView):
    model = Device
    selector = selectors.device_list
    filterset_class = filtersets.DeviceFilterSet
    table_class = tables.DeviceTable
    can_add_here = False  # devices come from imports
    help_text = (
        "Every device any source has reported, reconciled on serial number, asset tag and host "
        "name. Its lifecycle is its operating system's today; a device no source has reported "
        "for the stale period (see the settings) is stale."
    )

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.ADD, ImportBatch):
            return [("Import an inventory file", reverse("estate:batch_add"))]
        return []


class DeviceDetail(RecordDetailView):
    model = Device
    selector = selectors.device_get
    template_name = "estate/device_detail.html"
    deletable = False

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        today = _today()
        installations = list(selectors.device_installations(obj))
        for installation in installations:
            status = selectors.software_status(installation.software.cycle, today)
            installation.status_tag = tables.status_tag(status)
        os_cycle = obj.os_software.cycle if obj.os_software else None
        os_status = selectors.software_status(os_cycle, today)
        accounts = selectors.device_accounts(obj)
        return {
            "today": today,
            "installations": installations,
            "current": sum(1 for i in installations if i.removed_on is None),
            "os_status_tag": tables.status_tag(os_status),
            "stale": selectors.device_is_stale(obj, today),
            "accounts": accounts,
            "conflicts": sum(account.conflicts for account in accounts),
            "applications": visible(request.user, obj.applications.order_by("name")),
            "may_view_products": can(request.user, Action.VIEW, Product),
        }


class DeviceEdit(RecordEditView):
    model = Device
    form_class = forms.DeviceForm
    selector = selectors.device_get
    create_service = partial(record_create, model=Device)
    update_service = record_update


# Products and release cycles


class ProductList(RecordListView):
    model = Product
    selector = selectors.product_list
    filterset_class = filtersets.ProductFilterSet
    table_class = tables.ProductTable
    can_add_here = False
    help_text = (
        "Products with a support lifecycle, from endoflife.date, and those people added where "
        "endoflife.date lacks one. Only those installed somewhere are shown at first; choose "
        "“Every product” to see them all."
    )

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.ADD, Product):
            return [("Add a product endoflife.date lacks", reverse("estate:supplement_add"))]
        return []


class ProductDetail(EstateNames, RecordDetailView):
    model = Product
    selector = selectors.product_get
    template_name = "estate/product_detail.html"
    deletable = False
    url_names = {"change": ""}  # lifecycle data is loaded, not edited here

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:  # type: ignore[override]
        return self.page(request, self.get_object(request, slug))  # type: ignore[arg-type]

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        today = _today()
        uses = selectors.product_cycles(obj, today, _devices(request))
        return {
            "today": today,
            "cycles": [{"use": use, "tag": tables.status_tag(use.status)} for use in uses],
            "in_use": sum(1 for use in uses if use.installations),
            **_supplement_actions(request, obj, "supplement", obj.slug),
            "cycle_add_url": reverse("estate:supplement_cycle_add", args=[obj.slug])
            if obj.is_supplement and can(request.user, Action.ADD, ReleaseCycle)
            else None,
        }


class CycleDetail(EstateNames, RecordDetailView):
    model = ReleaseCycle
    template_name = "estate/cycle_detail.html"
    deletable = False
    url_names = {"list": "product_list", "change": ""}

    def get(self, request: HttpRequest, slug: str, cycle: str) -> HttpResponse:  # type: ignore[override]
        try:
            found = selectors.cycle_get(slug, cycle)
        except ReleaseCycle.DoesNotExist as error:
            raise Http404("No such release cycle.") from error
        if not can(request.user, Action.VIEW, found):
            raise Http404("No such release cycle.")
        return self.page(request, found)

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        today = _today()
        status = selectors.cycle_status(obj, today)
        devices = _devices(request)
        running = selectors.devices_running(obj.pk, visible(request.user, selectors.device_list()))
        return {
            "today": today,
            **_supplement_actions(request, obj, "supplement_cycle", obj.product.slug, obj.name),
            "status_tag": tables.status_tag(status),
            "timeline": _timeline(obj, today, status),
            "dates": _cycle_dates(obj),
            "table": tables.DeviceTable(running, request),
            "applications": visible(request.user, selectors.applications_running(obj, devices)),
            "software": selectors.cycle_software(obj, devices),
            "mappings": obj.mappings.order_by("name", "version"),
        }


def _supplement_actions(
    request: HttpRequest, obj: Product | ReleaseCycle, name: str, *args: str
) -> dict[str, str | None]:
    """Change and delete links for what a person added, to those who may; a product from
    endoflife.date, and its cycles, are loaded, not edited here."""
    product = obj if isinstance(obj, Product) else obj.product
    links: dict[str, str | None] = {"change_url": None, "delete_url": None}
    if product.is_supplement:
        for action in ("change", "delete"):
            if can(request.user, Action(action), obj):
                links[f"{action}_url"] = reverse(f"estate:{name}_{action}", args=args)
    return links


# Supplements: products endoflife.date lacks, and their release cycles, added by people


def _supplement_get(request: HttpRequest, slug: str) -> Product:
    """The supplement called `slug`, if the user may see it: a product from endoflife.date
    has no such page."""
    try:
        product = selectors.product_get(slug)
    except Product.DoesNotExist as error:
        raise Http404("No product with that name.") from error
    if not can(request.user, Action.VIEW, product):
        raise Http404("No product with that name.")
    if not product.is_supplement:
        raise Http404("Only a product people added is changed here.")
    return product


def _supplement_cycle_get(request: HttpRequest, slug: str, name: str) -> ReleaseCycle:
    try:
        cycle = selectors.cycle_get(slug, name)
    except ReleaseCycle.DoesNotExist as error:
        raise Http404("No such release cycle.") from error
    if not can(request.user, Action.VIEW, cycle):
        raise Http404("No such release cycle.")
    if not cycle.product.is_supplement:
        raise Http404("Only a release cycle people added is changed here.")
    return cycle


def _supplement_form(
    request: HttpRequest, form: forms.SupplementForm, product: Product | None, status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "object": product,
        "title": f"Change {product}" if product else "Add a product endoflife.date lacks",
        "noun": "product",
        "cancel_url": product.get_absolute_url() if product else reverse("estate:product_list"),
    }
    return render(request, "core/record_edit.html", context, status=status)


def supplement_add(request: HttpRequest) -> HttpResponse:
    """Add a product endoflife.date lacks; its release cycles are added from its page."""
    require(request.user, Action.ADD, Product)
    if request.method != "POST":
        return _supplement_form(request, forms.SupplementForm(), None)
    form = forms.SupplementForm(request.POST)
    if form.is_valid():
        try:
            product = services.supplement_create(**form.changes(), user=request.user)
        except Invalid as error:
            refuse_form(form, error)
        else:
            messages.success(request, f"{product} added: now add its release cycles.")
            return HttpResponseRedirect(product.get_absolute_url())
    return _supplement_form(request, form, None, status=422)


def supplement_change(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a supplement's short name, name, category or link."""
    product = _supplement_get(request, slug)
    require(request.user, Action.CHANGE, product)
    if request.method != "POST":
        return _supplement_form(request, forms.SupplementForm(instance=product), product)
    form = forms.SupplementForm(request.POST, instance=product)
    status = 422
    if form.is_valid():
        try:
            saved = services.supplement_update(
                instance=product,
                data=form.changes(),
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except Invalid as error:
            refuse_form(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
            status = 409
        else:
            messages.success(request, f"Product ‘{saved}’ saved.")
            return HttpResponseRedirect(saved.get_absolute_url())
    return _supplement_form(request, form, product, status=status)


def _delete_page(
    request: HttpRequest, obj: Product | ReleaseCycle, noun: str, error: str | None = None
) -> HttpResponse:
    context = {
        "object": obj,
        "title": f"Delete {obj}",
        "noun": noun,
        "error": error,
        "cancel_url": obj.get_absolute_url(),
    }
    return render(request, "core/record_delete.html", context, status=422 if error else 200)


def supplement_delete(request: HttpRequest, slug: str) -> HttpResponse:
    """Delete a supplement with its release cycles, unless software still runs it."""
    product = _supplement_get(request, slug)
    require(request.user, Action.DELETE, product)
    if request.method != "POST":
        return _delete_page(request, product, "product")
    try:
        services.supplement_delete(instance=product, user=request.user)
    except Invalid as error:
        return _delete_page(request, product, "product", error.message)
    messages.success(request, f"Product ‘{product}’ deleted.")
    return HttpResponseRedirect(reverse("estate:product_list"))


def _supplement_cycle_form(
    request: HttpRequest,
    form: forms.SupplementCycleForm,
    product: Product,
    cycle: ReleaseCycle | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "product": product,
        "object": cycle,
        "title": f"Change {cycle}" if cycle else f"Add a release cycle of {product}",
        "cancel_url": (cycle or product).get_absolute_url(),
    }
    return render(request, "estate/supplement_cycle_edit.html", context, status=status)


def supplement_cycle_add(request: HttpRequest, slug: str) -> HttpResponse:
    """Add a release cycle to a supplement: its release date and each support phase as a
    date, a yes or no without one, or not known."""
    product = _supplement_get(request, slug)
    require(request.user, Action.ADD, ReleaseCycle)
    if request.method != "POST":
        return _supplement_cycle_form(request, forms.SupplementCycleForm(), product, None)
    form = forms.SupplementCycleForm(request.POST)
    if form.is_valid():
        try:
            cycle = services.supplement_cycle_create(
                product=product, data=form.changes(), user=request.user
            )
        except Invalid as error:
            refuse_form(form, error)
        else:
            messages.success(request, f"Release cycle ‘{cycle}’ added.")
            return HttpResponseRedirect(cycle.get_absolute_url())
    return _supplement_cycle_form(request, form, product, None, status=422)


def supplement_cycle_change(request: HttpRequest, slug: str, cycle: str) -> HttpResponse:
    """Change a supplement's release cycle."""
    found = _supplement_cycle_get(request, slug, cycle)
    require(request.user, Action.CHANGE, found)
    if request.method != "POST":
        form = forms.SupplementCycleForm(instance=found)
        return _supplement_cycle_form(request, form, found.product, found)
    form = forms.SupplementCycleForm(request.POST, instance=found)
    status = 422
    if form.is_valid():
        try:
            saved = services.supplement_cycle_update(
                instance=found,
                data=form.changes(),
                user=request.user,
                expected_version=form.cleaned_data.get("version"),
            )
        except Invalid as error:
            refuse_form(form, error)
        except Conflict as error:
            form.add_error(None, error.message)
            status = 409
        else:
            messages.success(request, f"Release cycle ‘{saved}’ saved.")
            return HttpResponseRedirect(saved.get_absolute_url())
    return _supplement_cycle_form(request, form, found.product, found, status=status)


def supplement_cycle_delete(request: HttpRequest, slug: str, cycle: str) -> HttpResponse:
    """Delete a supplement's release cycle, unless software still runs it."""
    found = _supplement_cycle_get(request, slug, cycle)
    require(request.user, Action.DELETE, found)
    if request.method != "POST":
        return _delete_page(request, found, "release cycle")
    product = found.product
    name = str(found)
    try:
        services.supplement_cycle_delete(instance=found, user=request.user)
    except Invalid as error:
        return _delete_page(request, found, "release cycle", error.message)
    messages.success(request, f"Release cycle ‘{name}’ deleted.")
    return HttpResponseRedirect(product.get_absolute_url())


def software_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One distinct software as sources name it: its match and the devices that run it."""
    try:
        software = selectors.software_get(pk)
    except Software.DoesNotExist as error:
        raise Http404("No software with that number.") from error
    if not can(request.user, Action.VIEW, software):
        raise Http404("No software with that number.")
    today = _today()
    cycle = software.cycle
    status = selectors.software_status(cycle, today)
    devices = selectors.software_devices(software, visible(request.user, selectors.device_list()))
    context = {
        "title": str(software),
        "object": software,
        "today": today,
        "status_tag": tables.status_tag(status),
        "table": tables.DeviceTable(devices, request),
        "may_map": can(request.user, Action.ADD, Mapping) and cycle is None,
        "map_url": _map_url(software.name, software.version),
    }
    return render(request, "estate/software_detail.html", context)


# Names no rule matches, and the mapping a person makes of one


def _map_url(name: str, version: str) -> str:
    return reverse("estate:mapping_add") + "?" + urlencode({"name": name, "version": version})


def unmatched_list(request: HttpRequest) -> HttpResponse:
    """Names and versions no release cycle is matched to, by the devices they cover."""
    require(request.user, Action.VIEW, Device)
    query = " ".join(request.GET.get("q", "").split())
    names = selectors.unmatched_names(_devices(request))
    if query:
        names = [n for n in names if query.casefold() in n["name"].casefold()]
    page = Paginator(names, 50).get_page(request.GET.get("page"))
    may_map = can(request.user, Action.ADD, Mapping)
    rows = [
        {**row, "map_url": _map_url(row["name"], row["version"]) if may_map else None}
        for row in page.object_list
    ]
    context = {
        "title": "Unmatched names",
        "query": query,
        "page": page,
        "rows": rows,
        "total": len(names),
        "may_map": may_map,
    }
    return render(request, "estate/unmatched_list.html", context)


def mapping_add(request: HttpRequest) -> HttpResponse:
    """Map a name (one version, or every version) to a product and release cycle: first the
    product, suggestions first, then its cycle. Every installation of the name is matched
    again at once."""
    if not can(request.user, Action.ADD, Mapping):
        raise PermissionDenied("Only an estate manager or an administrator maps names.")
    data = request.POST if request.method == "POST" else request.GET
    name = " ".join(data.get("name", "").split())
    version = data.get("version", "").strip()
    if not name:
        return HttpResponseRedirect(reverse("estate:unmatched_list"))
    suggestions = selectors.matcher().suggest(name)
    product = Product.objects.filter(slug=data.get("product", "")).first()
    context: dict[str, Any] = {
        "title": "Map a name to a product",
        "name": name,
        "version": version,
        "suggestions": suggestions,
        "product": product,
        "cancel_url": reverse("estate:unmatched_list"),
    }
    if product is None:
        product_form = forms.MappingProductForm(
            request.GET if "product" in request.GET else None, suggestions=suggestions
        )
        context["form"] = product_form
        status = 422 if product_form.is_bound and not product_form.is_valid() else 200
        return render(request, "estate/mapping_add.html", context, status=status)
    form = forms.MappingForm(request.POST or None, product=product)
    context["form"] = form
    context["change_product_url"] = _map_url(name, version)
    if request.method != "POST":
        return render(request, "estate/mapping_add.html", context)
    if form.is_valid():
        every = form.cleaned_data["every_version"] or not version
        try:
            mapping = services.mapping_create(
                name=name,
                version="" if every else version,
                product=product,
                cycle=form.cleaned_data["cycle"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except Invalid as error:
            refuse_form(form, error)
        else:
            installations, devices = selectors.mapping_matches(mapping, _devices(request))
            messages.success(
                request,
                f"“{mapping.name}{'' if every else ' ' + version}” is mapped to "
                f"{mapping.cycle or mapping.product}: it now matches {installations} "
                f"installation{'s' if installations != 1 else ''} on {devices} "
                f"device{'s' if devices != 1 else ''}.",
            )
            return HttpResponseRedirect(reverse("estate:unmatched_list"))
    return render(request, "estate/mapping_add.html", context, status=422)


# Sources and imports


class SourceList(RecordListView):
    model = Source
    selector = selectors.source_list
    filterset_class = filtersets.SourceFilterSet
    table_class = tables.SourceTable
    can_add_here = False  # an import names its source
    help_text = "Where the facts about the estate come from; an import naming a new one adds it."


class SourceDetail(RecordDetailView):
    model = Source
    selector = selectors.source_get
    template_name = "estate/source_detail.html"
    deletable = False

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {
            "batches": obj.batches.select_related("imported_by")[:20],
            "batch_count": obj.batches.count(),
            "devices_url": _device_list_url(source=obj.pk),
            "batches_url": reverse("estate:batch_list") + f"?source={obj.pk}",
        }


class SourceEdit(RecordEditView):
    model = Source
    form_class = forms.SourceForm
    selector = selectors.source_get
    create_service = partial(record_create, model=Source)
    update_service = record_update


class BatchList(EstateNames, RecordListView):
    model = ImportBatch
    selector = selectors.batch_list
    filterset_class = filtersets.BatchFilterSet
    table_class = tables.BatchTable
    can_add_here = False
    url_names = {"list": "batch_list", "add": "batch_add"}
    help_text = (
        "Every file imported, and every file refused with its problems: a refused file changed "
        "nothing."
    )

    @property
    def noun(self) -> str:
        return "import"

    @property
    def noun_plural(self) -> str:
        return "imports"

    def extra_actions(self, request: HttpRequest) -> list[tuple[str, str]]:
        if can(request.user, Action.ADD, ImportBatch):
            return [("Import an inventory file", reverse("estate:batch_add"))]
        return []


def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: what the file held and changed, or every problem that refused it."""
    try:
        batch = selectors.batch_get(pk)
    except ImportBatch.DoesNotExist as error:
        raise Http404("No import with that number.") from error
    if not can(request.user, Action.VIEW, batch):
        raise Http404("No import with that number.")
    context = {
        "title": f"Import of {batch.filename}",
        "object": batch,
        "devices": batch.counts.get("devices", {}),
        "installations": batch.counts.get("installations", {}),
    }
    return render(request, "estate/batch_detail.html", context)


def batch_add(request: HttpRequest) -> HttpResponse:
    """Import an inventory file, all or nothing; a dry run reports what would change."""
    require(request.user, Action.ADD, ImportBatch)
    context: dict[str, Any] = {"title": "Import an inventory file", "problems": []}
    if request.method != "POST":
        context["form"] = forms.ImportForm(initial={"observed": _today(), "format": "auto"})
        return render(request, "estate/batch_add.html", context)
    form = forms.ImportForm(request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "estate/batch_add.html", context, status=422)
    data = form.cleaned_data
    upload = data["file"]
    try:
        result = import_inventory(
            upload,
            source_name=data["source"],
            fmt=data["format"],
            supplier_name=data["supplier"] or None,
            observed=data["observed"],
            user=request.user,
            filename=upload.name,
            dry_run=data["dry_run"],
        )
    except ImportProblems as error:
        context["problems"] = [str(problem) for problem in error.problems]
        return render(request, "estate/batch_add.html", context, status=422)
    if data["dry_run"] or result.batch is None:
        context["dry_run"] = result.as_dict()
        context["rows"] = result.rows
        return render(request, "estate/batch_add.html", context)
    counts = result.as_dict()
    messages.success(
        request,
        f"{upload.name} imported: {result.rows} rows, {counts['devices']['created']} devices "
        f"new and {counts['devices']['updated']} updated, "
        f"{counts['installations']['created']} installations new and "
        f"{counts['installations']['removed']} gone.",
    )
    return HttpResponseRedirect(result.batch.get_absolute_url())


# Applications


class ApplicationList(RecordListView):
    model = Application
    selector = selectors.application_list
    filterset_class = filtersets.ApplicationFilterSet
    table_class = tables.ApplicationTable
    help_text = "The business applications, who owns them and what they run on."


class ApplicationDetail(RecordDetailView):
    model = Application
    selector = selectors.application_get
    template_name = "estate/application_detail.html"

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        today = _today()
        seen = set(_devices(request).filter(applications=obj).values_list("pk", flat=True))
        devices = []
        for device in obj.devices.all():
            if device.pk not in seen:
                continue
            cycle = device.os_software.cycle if device.os_software else None
            status = selectors.software_status(cycle, today)
            devices.append({"device": device, "tag": tables.status_tag(status)})
        software = []
        for item in obj.software.all():
            status = selectors.software_status(item.cycle, today)
            software.append({"software": item, "tag": tables.status_tag(status)})
        return {
            "today": today,
            "devices": devices,
            "software": software,
            "may_view_products": can(request.user, Action.VIEW, Product),
        }


class ApplicationEdit(RecordEditView):
    model = Application
    form_class = forms.ApplicationForm
    selector = selectors.application_get
    create_service = services.application_create
    update_service = services.application_update


class ApplicationDelete(RecordDeleteView):
    model = Application
    selector = selectors.application_get
    delete_service = record_delete


# Supplier returns


def _returns_page(
    request: HttpRequest, form: forms.SupplierReturnForm | None, status: int = 200
) -> HttpResponse:
    returns = visible(request.user, selectors.supplier_return_list())
    today = _today()
    awaited, overdue = selectors.supplier_returns_outstanding(returns, today)
    context = {
        "title": "Supplier returns",
        "table": tables.SupplierReturnTable(returns, request),
        "form": form,
        "awaited": awaited,
        "overdue": overdue,
        "today": today,
    }
    return render(request, "estate/return_list.html", context, status=status)


def return_list(request: HttpRequest) -> HttpResponse:
    """Every return asked of a supplier: when, due by, and the import that answered it."""
    require(request.user, Action.VIEW, SupplierReturn)
    form = None
    if can(request.user, Action.ADD, SupplierReturn):
        form = forms.SupplierReturnForm(user=request.user)
    return _returns_page(request, form)


@require_POST
def return_add(request: HttpRequest) -> HttpResponse:
    """Ask a supplier for a return: the workbook to send them, prefilled with what is known
    of the estate they run, downloaded; the return is recorded as asked for."""
    require(request.user, Action.ADD, SupplierReturn)
    form = forms.SupplierReturnForm(request.POST, user=request.user)
    if not form.is_valid():
        return _returns_page(request, form, status=422)
    supplier = form.cleaned_data["supplier"]
    today = _today()
    filename = f"{slugify(supplier.name) or 'supplier'}-estate-return-{today.isoformat()}.xlsx"
    with tempfile.TemporaryDirectory(prefix="govdx-return-") as folder:
        path = Path(folder) / filename
        try:
            supplier_return_template(
                supplier_name=supplier.name,
                path=path,
                user=request.user,
                today=today,
                due_in_days=form.cleaned_data["due_in_days"],
            )
        except ImportProblems as error:
            for problem in error.problems:
                form.add_error(None, str(problem))
            return _returns_page(request, form, status=422)
        body = path.read_bytes()
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Settings


def settings_change(request: HttpRequest) -> HttpResponse:
    """The estate's settings: shown to every reader, changed by estate managers."""
    require(request.user, Action.VIEW, EstateSettings)
    current = EstateSettings.objects.order_by("pk").first()
    may_change = (
        can(request.user, Action.CHANGE, current)
        if current is not None
        else can(request.user, Action.ADD, EstateSettings)
    )
    form = None
    status = 200
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("Only an estate manager or an administrator changes these.")
        form = forms.EstateSettingsForm(request.POST, instance=current)
        if form.is_valid():
            try:
                if current is None:
                    record_create(model=EstateSettings, data=form.changes(), user=request.user)
                else:
                    record_update(
                        instance=current,
                        data=form.changes(),
                        user=request.user,
                        expected_version=form.cleaned_data.get("version"),
                    )
            except Invalid as error:
                refuse_form(form, error)
            except Conflict as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Estate settings saved.")
                return HttpResponseRedirect(reverse("estate:settings_change"))
        status = 422
    elif may_change:
        form = forms.EstateSettingsForm(instance=current)
    context = {
        "title": "Estate settings",
        "settings": current or selectors.estate_settings_get(),
        "form": form,
        "noun": "estate settings",
        "history": history_for(current) if current is not None else [],
    }
    return render(request, "estate/settings.html", context, status=status)
