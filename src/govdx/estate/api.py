"""The estate in the API: the same contracts as `govdx estate ...` (import, lifecycle,
sync-risks, lifecycle data, the supplier return template), and the devices, applications,
products, imports and unmatched names the pages show, with the same permissions."""

import datetime
import io
import tempfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from pydantic import ConfigDict, Field, StrictBool

from govdx.core.api import Deleted, crud_routes, fetch, filtered, require_version
from govdx.core.permissions import Action, require, visible
from govdx.domain.errors import Invalid, NotFound
from govdx.domain.estate.formats import InventoryFormat
from govdx.estate import filtersets, importers, selectors, services
from govdx.estate.models import (
    Application,
    Device,
    ImportBatch,
    LifecycleDataset,
    Mapping,
    Product,
    ReleaseCycle,
    SupplierReturn,
)
from govdx.risk.models import Risk

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LARGEST_UPLOAD = 512 * 1024 * 1024


# --- the command line's contracts --------------------------------------------------------------


class DeviceCounts(Schema):
    created: int
    updated: int


class InstallationCounts(Schema):
    created: int
    updated: int
    unchanged: int
    removed: int


class ImportOut(Schema):
    devices: DeviceCounts
    installations: InstallationCounts
    problems: list[str]
    batch: int | None = Field(None, description="The import batch, absent on a dry run.")


class CycleExposureOut(Schema):
    product: str
    cycle: str
    eol: datetime.date | bool | None
    devices: int
    installations: int


class UnmatchedOut(Schema):
    name: str
    version: str
    devices: int


class LifecycleOut(Schema):
    as_of: datetime.date
    devices: int
    installations: int
    matched: int
    unmatched: int
    end_of_life: list[CycleExposureOut]
    ending_soon: list[CycleExposureOut]
    unmatched_top: list[UnmatchedOut]


class SyncOut(Schema):
    created: list[str]
    updated: list[str]
    closed: list[str]
    unchanged: list[str]


class DatasetOut(Schema):
    name: str
    products: int
    cycles: int
    generated_at: datetime.datetime | None
    software_matched: int
    software_unmatched: int


class MappingIn(Schema):
    name: str
    publisher: str = ""
    version: str = Field("", description="Empty maps every version of the name.")
    product: str = Field(..., description="The endoflife.date product id, e.g. windows-server.")
    cycle: str | None = Field(None, description="The release cycle id, e.g. 2012-r2.")
    note: str = ""


class MappingOut(Schema):
    id: int
    name: str
    publisher: str
    version: str
    product: str
    cycle: str | None
    installations: int
    devices: int


estate = Router(tags=["Estate"])


@estate.post(
    "/import",
    response={201: ImportOut},
    summary="Import an inventory",
    description=(
        "What `govdx estate import FILE --source NAME --json` does: a CSV, XLSX, CycloneDX, "
        "SPDX or osquery file, all or nothing. A file with problems gets 400 with every problem "
        "listed under `problems`, and nothing is written."
    ),
    operation_id="estate_import",
)
def estate_import(
    request: HttpRequest,
    file: File[UploadedFile],
    source: Form[str],
    format: Form[str] = InventoryFormat.AUTO.value,
    supplier: Form[str | None] = None,
    observed: Form[datetime.date | None] = None,
    device: Form[str | None] = None,
    dry_run: Form[bool] = False,
) -> Any:
    require(request.user, Action.ADD, ImportBatch)
    if format not in {f.value for f in InventoryFormat}:
        raise Invalid(
            f"{format!r} is not a format: choose one of "
            f"{', '.join(f.value for f in InventoryFormat)}."
        )
    if file.size is not None and file.size > LARGEST_UPLOAD:
        raise Invalid(f"The file is larger than {LARGEST_UPLOAD // (1024 * 1024)} MiB.")
    result = importers.import_inventory(
        file.file,
        source_name=source,
        fmt=format,
        supplier_name=supplier or None,
        observed=observed,
        user=request.user,
        filename=file.name or "upload",
        dry_run=dry_run,
        today=timezone.localdate(),
        hostname=device or None,
    )
    body = result.as_dict()
    body["batch"] = result.batch.pk if result.batch else None
    return Status(201, body)


@estate.get(
    "/lifecycle",
    response=LifecycleOut,
    summary="What runs past or near its end of life",
    description=(
        "The object `govdx estate lifecycle --json` prints, over the devices you may see: "
        "end of life on `as_of` (today when left out), ending within `within_days` after it, "
        "and the names not matched yet."
    ),
    operation_id="estate_lifecycle",
)
def estate_lifecycle(
    request: HttpRequest, as_of: datetime.date | None = None, within_days: int = 365
) -> Any:
    require(request.user, Action.VIEW, Device)
    if within_days < 0:
        raise Invalid("within_days must be 0 or more.")
    report = selectors.lifecycle_report(
        as_of=as_of or timezone.localdate(),
        within_days=within_days,
        devices=visible(request.user, Device.objects.all()),
    )
    return report.as_dict()


@estate.post(
    "/sync-risks",
    response=SyncOut,
    summary="Keep one technology risk per end-of-life release cycle",
    description="What `govdx estate sync-risks --json` does and prints.",
    operation_id="estate_sync_risks",
)
def estate_sync_risks(request: HttpRequest, as_of: datetime.date | None = None) -> Any:
    require(request.user, Action.ADD, Risk)
    return services.estate_risks_sync(as_of=as_of or timezone.localdate(), user=request.user)


def _dataset(loaded: Any) -> dict[str, Any]:
    return {
        "name": loaded.name,
        "products": loaded.products,
        "cycles": loaded.cycles,
        "generated_at": loaded.generated_at,
        "software_matched": loaded.software_matched,
        "software_unmatched": loaded.software_unmatched,
    }


@estate.post(
    "/lifecycle-data",
    response={201: DatasetOut},
    summary="Load lifecycle data from a file",
    description="A document of the endoflife.date `/api/v1/products/full` shape, as "
    "`govdx estate lifecycle-data load FILE`.",
    operation_id="estate_lifecycle_data_load",
)
def lifecycle_data_load(request: HttpRequest, file: File[UploadedFile]) -> Any:
    require(request.user, Action.ADD, LifecycleDataset)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(file.name or "products-full.json").name
        with path.open("wb") as handle:
            for block in file.chunks():
                handle.write(block)
        return Status(201, _dataset(services.lifecycle_data_load(path=path, user=request.user)))


@estate.post(
    "/lifecycle-data/update",
    response={201: DatasetOut},
    summary="Fetch lifecycle data from the live endoflife.date API",
    operation_id="estate_lifecycle_data_update",
)
def lifecycle_data_update(request: HttpRequest) -> Any:
    require(request.user, Action.ADD, LifecycleDataset)
    return Status(201, _dataset(services.lifecycle_data_update(url=None, user=request.user)))


@estate.post(
    "/returns",
    response={201: None},
    summary="Ask a supplier for an estate return",
    description="Records the return as asked for and answers with the workbook the supplier "
    "fills in (as `govdx estate template --supplier NAME FILE.xlsx`).",
    operation_id="estate_return_template",
)
def return_template(
    request: HttpRequest, supplier: Form[str], due_in_days: Form[int] = 30
) -> HttpResponse:
    require(request.user, Action.ADD, SupplierReturn)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "return.xlsx"
        asked = importers.supplier_return_template(
            supplier_name=supplier,
            path=path,
            user=request.user,
            today=timezone.localdate(),
            due_in_days=due_in_days,
        )
        body = io.BytesIO(path.read_bytes())
    response = HttpResponse(body.getvalue(), content_type=XLSX, status=201)
    filename = f"estate-return-{asked.supplier.name.lower().replace(' ', '-')}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@estate.get(
    "/unmatched",
    response=list[UnmatchedOut],
    summary="Names not matched to a release cycle, by devices covered",
    operation_id="estate_unmatched_list",
)
@paginate(PageNumberPagination)
def unmatched_list(request: HttpRequest) -> Any:
    require(request.user, Action.VIEW, Device)
    return selectors.unmatched_names(visible(request.user, Device.objects.all()))


@estate.post(
    "/mappings",
    response={201: MappingOut},
    summary="Map a name to a product and release cycle, for all its installations",
    operation_id="estate_mapping_create",
)
def mapping_create(request: HttpRequest, payload: MappingIn) -> Any:
    require(request.user, Action.ADD, Mapping)
    product = Product.objects.filter(slug=payload.product).first()
    if product is None:
        raise Invalid(f"There is no product {payload.product!r}.", {"product": ["Unknown."]})
    cycle = None
    if payload.cycle:
        cycle = ReleaseCycle.objects.filter(product=product, name=payload.cycle).first()
        if cycle is None:
            raise Invalid(
                f"{product} has no release cycle {payload.cycle!r}.",
                {"cycle": ["Unknown for this product."]},
            )
    mapping = services.mapping_create(
        name=payload.name,
        publisher=payload.publisher,
        version=payload.version,
        product=product,
        cycle=cycle,
        note=payload.note,
        user=request.user,
    )
    installations, devices = selectors.mapping_matches(mapping)
    return Status(
        201,
        {
            "id": mapping.pk,
            "name": mapping.name,
            "publisher": mapping.publisher,
            "version": mapping.version,
            "product": product.slug,
            "cycle": cycle.name if cycle else None,
            "installations": installations,
            "devices": devices,
        },
    )


# --- devices -----------------------------------------------------------------------------------


class DeviceOut(Schema):
    id: int
    identifier: str
    hostname: str
    serial: str
    asset_tag: str
    kind: str
    manufacturer: str
    model: str
    os_name: str
    os_version: str
    os_product: str | None = Field(None, alias="os_software.product.slug")
    os_cycle: str | None = Field(None, alias="os_software.cycle.name")
    location: str
    department_id: int | None
    supplier_id: int | None
    purchase_date: datetime.date | None
    warranty_end: datetime.date | None
    first_seen: datetime.date | None
    last_seen: datetime.date | None
    version: int


class DevicePatch(Schema):
    """What a person sets; what sources report (names, serial, operating system) is refused."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(..., description="The version you read; a stale one gets 409.")
    kind: str | None = None
    department: int | None = None
    supplier: int | None = None
    location: str | None = None
    purchase_date: datetime.date | None = None
    warranty_end: datetime.date | None = None


class DeviceFilters(Schema):
    q: str | None = None
    department: int | None = None
    supplier: str | None = Field(None, description="A supplier's id, or in-house.")
    kind: str | None = None
    os: str | None = Field(None, description="Words of the operating system's name.")
    status: str | None = Field(None, description="The lifecycle status of its OS today.")
    stale: bool | None = None
    source: int | None = None


class InstallationOut(Schema):
    software_id: int
    name: str = Field(..., alias="software.name")
    publisher: str = Field(..., alias="software.publisher")
    version: str = Field(..., alias="software.version")
    product: str | None = Field(None, alias="software.product.slug")
    cycle: str | None = Field(None, alias="software.cycle.name")
    match_rule: str = Field(..., alias="software.match_rule")
    source: str = Field(..., alias="source.name")
    first_seen: datetime.date
    last_seen: datetime.date
    removed_on: datetime.date | None


devices = Router(tags=["Devices"])


@devices.get("", response=list[DeviceOut], summary="List devices", operation_id="device_list")
@paginate(PageNumberPagination)
def device_list(request: HttpRequest, filters: Query[DeviceFilters]) -> Any:
    require(request.user, Action.VIEW, Device)
    params = filters.dict()
    if params["stale"] is not None:  # the filterset reads the words the page sends
        params["stale"] = "true" if params["stale"] else "false"
    devices = visible(request.user, selectors.device_list())
    found = filtered(filtersets.DeviceFilterSet, params, devices, request)
    return found.select_related("os_software__product", "os_software__cycle")


@devices.get("/{pk}", response=DeviceOut, summary="Read a device", operation_id="device_read")
def device_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.device_get, "device", pk)


@devices.get(
    "/{pk}/installations",
    response=list[InstallationOut],
    summary="The software installed on a device, with where each match came from",
    operation_id="device_installations",
)
@paginate(PageNumberPagination)
def device_installations(request: HttpRequest, pk: int) -> Any:
    device = fetch(request, selectors.device_get, "device", pk)
    return selectors.device_installations(device)


@devices.patch(
    "/{pk}",
    response=DeviceOut,
    summary="Change what a person sets on a device",
    operation_id="device_change",
)
def device_change(request: HttpRequest, pk: int, payload: DevicePatch) -> Any:
    device = fetch(request, selectors.device_get, "device", pk)
    require(request.user, Action.CHANGE, device)
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "device")
    for field in ("department", "supplier"):
        if field in data and data[field] is not None:
            data[field] = _related(request, field, data[field])
    return services.device_update(
        instance=device, data=data, user=request.user, expected_version=version
    )


@devices.delete("/{pk}", summary="Delete a device", operation_id="device_delete")
def device_delete(request: HttpRequest, pk: int) -> Any:
    services.device_delete(
        instance=fetch(request, selectors.device_get, "device", pk), user=request.user
    )
    return {"deleted": True}


def _related(request: HttpRequest, field: str, pk: int) -> Any:
    from govdx.org.models import Department, Supplier

    model = Department if field == "department" else Supplier
    found = visible(request.user, model.objects.filter(pk=pk)).first()
    if found is None:
        raise Invalid(f"There is no {field} {pk}.", {field: ["Choose one that exists."]})
    return found


# --- applications ------------------------------------------------------------------------------


class ApplicationOut(Schema):
    id: int
    name: str
    description: str
    owner_id: int | None
    department_id: int | None
    criticality: str
    hosting: str
    supplier_id: int | None
    devices: list[int] = Field(default_factory=list)
    software: list[int] = Field(default_factory=list)
    version: int

    @staticmethod
    def resolve_devices(obj: Application, context: dict[str, Any]) -> list[int]:
        """Only the devices the caller may see: the others' ids would tell that they exist."""
        user = context["request"].user
        return list(visible(user, obj.devices.all()).values_list("pk", flat=True))

    @staticmethod
    def resolve_software(obj: Application) -> list[int]:
        return [software.pk for software in obj.software.all()]


class ApplicationIn(Schema):
    name: str
    description: str = ""
    owner_id: int | None = None
    department_id: int | None = None
    criticality: str = "medium"
    hosting: str = "on_premises"
    supplier_id: int | None = None
    devices: list[int] = Field(default_factory=list)
    software: list[int] = Field(default_factory=list)


class ApplicationPatch(Schema):
    version: int
    name: str | None = None
    description: str | None = None
    owner_id: int | None = None
    department_id: int | None = None
    criticality: str | None = None
    hosting: str | None = None
    supplier_id: int | None = None
    devices: list[int] | None = None
    software: list[int] | None = None


class ApplicationFilters(Schema):
    q: str | None = None
    department: int | None = None
    criticality: str | None = None
    hosting: str | None = None
    supplier: str | None = None


applications = Router(tags=["Business applications"])


def _application_create(*, data: dict[str, Any], user: Any) -> Application:
    return services.application_create(data=data, user=user)


def _application_update(
    *, instance: Application, data: dict[str, Any], user: Any, expected_version: int | None
) -> Application:
    return services.application_update(
        instance=instance, data=data, user=user, expected_version=expected_version
    )


crud_routes(
    applications,
    model=Application,
    out_schema=ApplicationOut,
    in_schema=ApplicationIn,
    patch_schema=ApplicationPatch,
    list_selector=selectors.application_list,
    get_selector=selectors.application_get,
    filterset_class=filtersets.ApplicationFilterSet,
    filter_schema=ApplicationFilters,
    create=_application_create,
    update=_application_update,
    delete=services.application_delete,
)


# --- imports -----------------------------------------------------------------------------------


class BatchOut(Schema):
    id: int
    source_id: int | None
    source_name: str
    filename: str
    sha256: str
    format: str
    observed_on: datetime.date
    imported_at: datetime.datetime
    outcome: str
    rows: int
    counts: dict[str, Any]
    problems: list[str]


class BatchFilters(Schema):
    q: str | None = None
    source: int | None = None
    outcome: str | None = None
    format: str | None = None


imports = Router(tags=["Estate imports"])


@imports.get("", response=list[BatchOut], summary="The import history", operation_id="import_list")
@paginate(PageNumberPagination)
def batch_list(request: HttpRequest, filters: Query[BatchFilters]) -> Any:
    require(request.user, Action.VIEW, ImportBatch)
    batches = visible(request.user, selectors.batch_list())
    return filtered(filtersets.BatchFilterSet, filters.dict(), batches, request)


@imports.get("/{pk}", response=BatchOut, summary="Read an import", operation_id="import_read")
def batch_read(request: HttpRequest, pk: int) -> Any:
    return fetch(request, selectors.batch_get, "import", pk)


# --- products and their release cycles ---------------------------------------------------------


class CycleOut(Schema):
    name: str
    label: str
    release_date: datetime.date | None
    eoas: datetime.date | bool | None = None
    eol: datetime.date | bool | None = None
    eoes: datetime.date | bool | None = None
    status: str = Field("", description="The lifecycle status today.")
    version: int

    @staticmethod
    def resolve_eoas(obj: ReleaseCycle) -> datetime.date | bool | None:
        return obj.eoas_date if obj.eoas_date is not None else obj.eoas_flag

    @staticmethod
    def resolve_eol(obj: ReleaseCycle) -> datetime.date | bool | None:
        return obj.eol_date if obj.eol_date is not None else obj.eol_flag

    @staticmethod
    def resolve_eoes(obj: ReleaseCycle) -> datetime.date | bool | None:
        return obj.eoes_date if obj.eoes_date is not None else obj.eoes_flag

    @staticmethod
    def resolve_status(obj: ReleaseCycle) -> str:
        return selectors.cycle_status(obj, timezone.localdate())


class ProductOut(Schema):
    slug: str
    label: str
    category: str
    link: str
    is_supplement: bool
    cycles: list[CycleOut] = Field(default_factory=list)
    version: int

    @staticmethod
    def resolve_cycles(obj: Product) -> list[ReleaseCycle]:
        return list(obj.cycles.all())


PHASE_DESCRIPTION = (
    "A date (YYYY-MM-DD); true when it has ended (reached) with no date known; false when it "
    "has not, with no date announced; null when not known."
)
Phase = datetime.date | StrictBool | None


class SupplementIn(Schema):
    """A product endoflife.date lacks."""

    model_config = ConfigDict(extra="forbid")

    slug: str = Field(..., description="A short name: lower-case letters, digits, dashes.")
    label: str
    category: str = ""
    link: str = ""


class SupplementPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(..., description="The version you read; a stale one gets 409.")
    slug: str | None = None
    label: str | None = None
    category: str | None = None
    link: str | None = None


class SupplementCycleIn(Schema):
    """A release cycle of a product endoflife.date lacks; its phases' dates come in order."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., description="As the maker numbers it, e.g. 4 or 2024.1.")
    label: str = ""
    release_date: datetime.date | None = None
    eoas: Phase = Field(None, description=f"End of active support. {PHASE_DESCRIPTION}")
    eol: Phase = Field(None, description=f"End of life. {PHASE_DESCRIPTION}")
    eoes: Phase = Field(None, description=f"End of extended support. {PHASE_DESCRIPTION}")


class SupplementCyclePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(..., description="The version you read; a stale one gets 409.")
    name: str | None = None
    label: str | None = None
    release_date: datetime.date | None = None
    eoas: Phase = Field(None, description=PHASE_DESCRIPTION)
    eol: Phase = Field(None, description=PHASE_DESCRIPTION)
    eoes: Phase = Field(None, description=PHASE_DESCRIPTION)


products = Router(tags=["Products and release cycles"])


@products.get("", response=list[ProductOut], summary="List products", operation_id="product_list")
@paginate(PageNumberPagination)
def product_list(request: HttpRequest, q: str | None = None, show: str = "in_use") -> Any:
    require(request.user, Action.VIEW, Product)
    params = {"q": q, "show": show}
    found = filtered(filtersets.ProductFilterSet, params, selectors.product_list(), request)
    return found.prefetch_related("cycles")


@products.get(
    "/{slug}",
    response=ProductOut,
    summary="Read a product with its release cycles",
    operation_id="product_read",
)
def product_read(request: HttpRequest, slug: str) -> Any:
    require(request.user, Action.VIEW, Product)
    return _product(slug)


def _product(slug: str) -> Product:
    product = Product.objects.filter(slug=slug).prefetch_related("cycles").first()
    if product is None:
        raise NotFound(f"No product {slug}.")
    return product


def _cycle(request: HttpRequest, slug: str, name: str) -> ReleaseCycle:
    require(request.user, Action.VIEW, ReleaseCycle)
    cycle = ReleaseCycle.objects.select_related("product").filter(product__slug=slug, name=name)
    found = cycle.first()
    if found is None:
        raise NotFound(f"{slug} has no release cycle {name}.")
    return found


@products.post(
    "",
    response={201: ProductOut},
    summary="Add a product endoflife.date lacks",
    description="A supplement: a lifecycle-data load leaves it alone. A product endoflife.date "
    "has is refused: map names to it instead (`POST /api/estate/mappings`).",
    operation_id="supplement_create",
)
def supplement_create(request: HttpRequest, payload: SupplementIn) -> Any:
    product = services.supplement_create(**payload.dict(), user=request.user)
    return Status(201, _product(product.slug))


@products.patch(
    "/{slug}",
    response=ProductOut,
    summary="Change a product people added",
    operation_id="supplement_change",
)
def supplement_change(request: HttpRequest, slug: str, payload: SupplementPatch) -> Any:
    require(request.user, Action.VIEW, Product)
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "product")
    product = services.supplement_update(
        instance=_product(slug), data=data, user=request.user, expected_version=version
    )
    return _product(product.slug)


@products.delete(
    "/{slug}",
    response=Deleted,
    summary="Delete a product people added, with its release cycles",
    operation_id="supplement_delete",
)
def supplement_delete(request: HttpRequest, slug: str) -> Any:
    require(request.user, Action.VIEW, Product)
    services.supplement_delete(instance=_product(slug), user=request.user)
    return {"deleted": True}


@products.post(
    "/{slug}/cycles",
    response={201: CycleOut},
    summary="Add a release cycle to a product people added",
    description="Refused on a product from endoflife.date: its cycles come from the lifecycle "
    "data.",
    operation_id="supplement_cycle_create",
)
def supplement_cycle_create(request: HttpRequest, slug: str, payload: SupplementCycleIn) -> Any:
    require(request.user, Action.VIEW, Product)
    cycle = services.supplement_cycle_create(
        product=_product(slug), data=payload.dict(), user=request.user
    )
    return Status(201, cycle)


@products.patch(
    "/{slug}/cycles/{name}",
    response=CycleOut,
    summary="Change a release cycle of a product people added",
    description="Only the fields sent change; a phase sent as null becomes not known.",
    operation_id="supplement_cycle_change",
)
def supplement_cycle_change(
    request: HttpRequest, slug: str, name: str, payload: SupplementCyclePatch
) -> Any:
    data = payload.dict(exclude_unset=True)
    version = require_version(data, "release cycle")
    return services.supplement_cycle_update(
        instance=_cycle(request, slug, name), data=data, user=request.user, expected_version=version
    )


@products.delete(
    "/{slug}/cycles/{name}",
    response=Deleted,
    summary="Delete a release cycle of a product people added",
    operation_id="supplement_cycle_delete",
)
def supplement_cycle_delete(request: HttpRequest, slug: str, name: str) -> Any:
    services.supplement_cycle_delete(instance=_cycle(request, slug, name), user=request.user)
    return {"deleted": True}


ROUTERS = {
    "estate": estate,
    "devices": devices,
    "applications": applications,
    "estate-imports": imports,
    "products": products,
}
