"""Reads of the estate that pages, the API and the command line share."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from govdx.domain.estate import lifecycle
from govdx.domain.estate.matching import Mapping as DomainMapping
from govdx.domain.estate.matching import Match, Matcher
from govdx.domain.estate.observations import SoftwareFacts
from govdx.estate.models import (
    Device,
    Installation,
    Mapping,
    Product,
    ReleaseCycle,
    Software,
)
from govdx.org.models import Department

UNMATCHED_TOP = 20


def department_lookup() -> dict[str, int]:
    """Department ids by lower-case name and code, for imports that name departments."""
    lookup: dict[str, int] = {}
    for pk, name, code in Department.objects.values_list("id", "name", "code"):
        lookup.setdefault(name.strip().lower(), pk)
        if code:
            lookup.setdefault(code.strip().lower(), pk)
    return lookup


# --- lifecycle data as the domain sees it ------------------------------------------------------


def _phase(day: datetime.date | None, flag: bool | None) -> datetime.date | bool | None:
    return day if day is not None else flag


def domain_cycle(cycle: ReleaseCycle, product_slug: str) -> lifecycle.Cycle:
    """The domain's view of a stored release cycle."""
    return lifecycle.Cycle(
        product=product_slug,
        name=cycle.name,
        label=cycle.label,
        codename=cycle.codename or None,
        release_date=cycle.release_date,
        lts=cycle.lts,
        eoas=_phase(cycle.eoas_date, cycle.eoas_flag),
        eol=_phase(cycle.eol_date, cycle.eol_flag),
        eoes=_phase(cycle.eoes_date, cycle.eoes_flag),
        discontinued=None,
        latest=cycle.latest or None,
        latest_date=cycle.latest_date,
    )


def domain_products() -> list[lifecycle.Product]:
    """Every stored product with its cycles, as the matcher and lifecycle rules take them."""
    cycles: dict[int, list[ReleaseCycle]] = defaultdict(list)
    for cycle in ReleaseCycle.objects.order_by("product_id", "position"):
        cycles[cycle.product_id].append(cycle)
    return [
        lifecycle.Product(
            slug=product.slug,
            label=product.label,
            category=product.category,
            tags=(),
            aliases=tuple(product.aliases),
            identifiers=tuple((kind, value) for kind, value in product.identifiers),
            cycles=tuple(domain_cycle(c, product.slug) for c in cycles[product.pk]),
            link=product.link or None,
        )
        for product in Product.objects.order_by("slug")
    ]


def matcher() -> Matcher:
    """A matcher over the stored lifecycle data and every mapping people made."""
    mappings = [
        DomainMapping(
            name=m.name,
            publisher=m.publisher or None,
            version=m.version or None,
            product=m.product.slug,
            cycle=m.cycle.name if m.cycle else None,
        )
        for m in Mapping.objects.select_related("product", "cycle")
    ]
    return Matcher(domain_products(), mappings)


class LifecycleIds:
    """Stored ids of products and cycles by their endoflife.date ids, read once per import or
    rematch."""

    def __init__(self) -> None:
        self.products = dict(Product.objects.values_list("slug", "id"))
        self.cycles = {
            (slug, name): pk
            for pk, slug, name in ReleaseCycle.objects.values_list("id", "product__slug", "name")
        }


def facts_of(software: Software) -> SoftwareFacts:
    """A stored software row as the matcher takes it."""
    return SoftwareFacts(
        name=software.name,
        publisher=software.publisher or None,
        version=software.version or None,
        purl=software.purl or None,
        cpe=software.cpe or None,
    )


def apply_match(software: Software, match: Match | None, ids: LifecycleIds) -> None:
    """Set a software row's product, cycle and the rule that matched it (or clear them)."""
    software.product_id = software.cycle_id = None
    software.match_method = software.match_rule = software.match_note = ""
    if match is None:
        return
    software.product_id = ids.products.get(match.product)
    if software.product_id is None:
        return
    if match.cycle is not None:
        software.cycle_id = ids.cycles.get((match.product, match.cycle))
    software.match_method = str(match.method)
    software.match_rule = match.rule[:300]
    software.match_note = (match.note or "")[:300]


# --- the lifecycle report (`govdx estate lifecycle`) ---------------------------------------------


@dataclass(frozen=True)
class CycleExposure:
    """A release cycle still running somewhere: on how many devices and installations."""

    cycle: ReleaseCycle
    eol: datetime.date | bool | None
    devices: int
    installations: int

    def as_dict(self) -> dict[str, Any]:
        eol = self.eol.isoformat() if isinstance(self.eol, datetime.date) else self.eol
        return {
            "product": self.cycle.product.slug,
            "cycle": self.cycle.name,
            "eol": eol,
            "devices": self.devices,
            "installations": self.installations,
        }


@dataclass(frozen=True)
class LifecycleReport:
    as_of: datetime.date
    within_days: int
    devices: int
    installations: int
    matched: int
    unmatched: int
    end_of_life: list[CycleExposure]
    ending_soon: list[CycleExposure]
    unmatched_top: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "devices": self.devices,
            "installations": self.installations,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "end_of_life": [c.as_dict() for c in self.end_of_life],
            "ending_soon": [c.as_dict() for c in self.ending_soon],
            "unmatched_top": self.unmatched_top,
        }


def current_installations(devices: QuerySet[Device] | None = None) -> QuerySet[Installation]:
    """Installations no source has said are gone, on `devices` when given."""
    installations = Installation.objects.filter(removed_on__isnull=True)
    if devices is not None:
        installations = installations.filter(device__in=devices)
    return installations


def installations_per_cycle(devices: QuerySet[Device] | None = None) -> dict[int | None, int]:
    """Installations per release cycle id (None: not matched to a cycle), the operating system
    counting as installed software. An installation is a distinct piece of software on a
    distinct device, however many sources report it."""
    devices = devices if devices is not None else Device.objects.all()
    counts: dict[int | None, int] = defaultdict(int)
    rows = (
        current_installations(devices)
        .values("software__cycle", "software")
        .annotate(devices=Count("device", distinct=True))
    )
    for row in rows:
        counts[row["software__cycle"]] += row["devices"]
    for row in (
        devices.filter(os_software__isnull=False)
        .values("os_software__cycle")
        .annotate(n=Count("id"))
    ):
        counts[row["os_software__cycle"]] += row["n"]
    return dict(counts)


def devices_running(cycle: int, devices: QuerySet[Device] | None = None) -> QuerySet[Device]:
    """The devices with a release cycle installed, as software or as their operating system."""
    devices = devices if devices is not None else Device.objects.all()
    installed = current_installations(devices).filter(software__cycle=cycle)
    return devices.filter(Q(pk__in=installed.values("device")) | Q(os_software__cycle=cycle))


def lifecycle_report(
    *, as_of: datetime.date, within_days: int = 365, devices: QuerySet[Device] | None = None
) -> LifecycleReport:
    """What runs past or near its end of life on `as_of`, and what is not matched yet."""
    devices = devices if devices is not None else Device.objects.all()
    usage = installations_per_cycle(devices)
    cycles = ReleaseCycle.objects.filter(pk__in=[k for k in usage if k is not None])
    end_of_life, ending_soon = [], []
    for cycle in cycles.select_related("product"):
        view = domain_cycle(cycle, cycle.product.slug)
        if lifecycle.is_end_of_life(view, as_of):
            bucket = end_of_life
        elif lifecycle.ends_within(view, as_of, within_days):
            bucket = ending_soon
        else:
            continue
        count = devices_running(cycle.pk, devices).count()
        bucket.append(CycleExposure(cycle, view.eol, count, usage[cycle.pk]))
    end_of_life.sort(key=_by_exposure)
    ending_soon.sort(key=_by_exposure)
    total = sum(usage.values())
    unmatched = usage.get(None, 0)
    return LifecycleReport(
        as_of=as_of,
        within_days=within_days,
        devices=devices.count(),
        installations=total,
        matched=total - unmatched,
        unmatched=unmatched,
        end_of_life=end_of_life,
        ending_soon=ending_soon,
        unmatched_top=unmatched_names(devices)[:UNMATCHED_TOP],
    )


def _by_exposure(exposure: CycleExposure) -> tuple[int, str, str]:
    return (-exposure.devices, exposure.cycle.product.slug, exposure.cycle.name)


def unmatched_names(devices: QuerySet[Device] | None = None) -> list[dict[str, Any]]:
    """Names and versions not matched to a release cycle, by how many devices they cover."""
    devices = devices if devices is not None else Device.objects.all()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in (
        current_installations(devices)
        .filter(software__cycle__isnull=True)
        .values("software__name", "software__version")
        .annotate(devices=Count("device", distinct=True))
    ):
        counts[(row["software__name"], row["software__version"])] += row["devices"]
    for row in (
        devices.filter(os_software__isnull=False, os_software__cycle__isnull=True)
        .values("os_software__name", "os_software__version")
        .annotate(devices=Count("id"))
    ):
        counts[(row["os_software__name"], row["os_software__version"])] += row["devices"]
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"name": name, "version": version, "devices": count} for (name, version), count in ranked
    ]


# --- pages: overview, coverage and lists ---

from django.db.models import Exists, F, Max, OuterRef, Prefetch, Subquery, Value  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402

from govdx.estate.models import (  # noqa: E402
    Application,
    DeviceObservation,
    EstateSettings,
    ImportBatch,
    Source,
    SupplierReturn,
)

NOT_MATCHED = "not_matched"
"""The status of software no release cycle is matched to: its lifecycle is not known here."""

STATUS_ORDER = (
    lifecycle.LifecycleStatus.SUPPORTED.value,
    lifecycle.LifecycleStatus.SECURITY_ONLY.value,
    lifecycle.LifecycleStatus.EXTENDED_SUPPORT.value,
    lifecycle.LifecycleStatus.END_OF_LIFE.value,
    lifecycle.LifecycleStatus.UNKNOWN.value,
    NOT_MATCHED,
)
IN_HOUSE = "In-house"
NO_DEPARTMENT = "No department"


def estate_settings_get() -> EstateSettings:
    """The estate's one row of settings; an unsaved row with the defaults when none is kept."""
    return EstateSettings.objects.order_by("pk").first() or EstateSettings()


def stale_before(today: datetime.date) -> datetime.date:
    """A device last seen before this day (or never seen) is stale."""
    return today - datetime.timedelta(days=estate_settings_get().stale_after_days)


def stale_devices(devices: QuerySet[Device], today: datetime.date) -> QuerySet[Device]:
    """The devices no source has reported within the stale period, or never."""
    return devices.filter(Q(last_seen__isnull=True) | Q(last_seen__lt=stale_before(today)))


def cycle_status(cycle: ReleaseCycle, on: datetime.date) -> str:
    """Where a stored release cycle stands on `on` (its product must be loaded with it)."""
    return lifecycle.cycle_status(domain_cycle(cycle, cycle.product.slug), on).value


def statuses_of_cycles(cycle_ids: Any, on: datetime.date) -> dict[int, str]:
    """The status on `on` of each release cycle whose id is in `cycle_ids` (ids or a query)."""
    cycles = ReleaseCycle.objects.filter(pk__in=cycle_ids).select_related("product")
    return {cycle.pk: cycle_status(cycle, on) for cycle in cycles}


def devices_with_os_status(
    devices: QuerySet[Device], status: str, on: datetime.date
) -> QuerySet[Device]:
    """The devices whose operating system stands at `status` on `on` (NOT_MATCHED: no release
    cycle is matched to it, or no operating system is known)."""
    if status == NOT_MATCHED:
        return devices.filter(Q(os_software__isnull=True) | Q(os_software__cycle__isnull=True))
    statuses = statuses_of_cycles(devices.values("os_software__cycle"), on)
    return devices.filter(os_software__cycle__in=[k for k, v in statuses.items() if v == status])


@dataclass(frozen=True)
class StatusCount:
    """How much of the estate stands at one lifecycle status."""

    status: str
    devices: int
    installations: int


def lifecycle_status_counts(
    on: datetime.date, devices: QuerySet[Device] | None = None
) -> list[StatusCount]:
    """Installations (the operating system counted as installed software) and devices by the
    lifecycle status of what they run on `on`. A device counts once under each status it runs
    something at; "not matched" counts what no release cycle is matched to."""
    devices = devices if devices is not None else Device.objects.all()
    usage = installations_per_cycle(devices)
    statuses = statuses_of_cycles([k for k in usage if k is not None], on)
    by_status: dict[str, list[int]] = defaultdict(list)
    for cycle_id, status in statuses.items():
        by_status[status].append(cycle_id)
    counts = []
    installed = current_installations(devices)
    for status in STATUS_ORDER:
        if status == NOT_MATCHED:
            found = installed.filter(software__cycle__isnull=True)
            running = devices.filter(
                Q(pk__in=found.values("device"))
                | Q(os_software__isnull=False, os_software__cycle__isnull=True)
            )
            total = usage.get(None, 0)
        else:
            ids = by_status.get(status, [])
            if not ids:
                counts.append(StatusCount(status, 0, 0))
                continue
            found = installed.filter(software__cycle__in=ids)
            running = devices.filter(
                Q(pk__in=found.values("device")) | Q(os_software__cycle__in=ids)
            )
            total = sum(usage[pk] for pk in ids)
        counts.append(StatusCount(status, running.count() if total else 0, total))
    return counts


# Knowledge coverage: how much the organisation knows of each part of its estate


@dataclass(frozen=True)
class Coverage:
    """What is known of the devices of one department or one supplier."""

    name: str
    pk: int | None
    devices: int
    with_os: int
    with_software: int
    newest_observation: datetime.date | None
    newest_age_days: int | None
    returns_outstanding: int
    returns_overdue: int

    @property
    def os_share(self) -> float | None:
        """The share of its devices whose operating system is known, 0 to 1."""
        return self.with_os / self.devices if self.devices else None

    @property
    def software_share(self) -> float | None:
        """The share of its devices with at least one installation no source said had gone."""
        return self.with_software / self.devices if self.devices else None


@dataclass(frozen=True)
class EstateCoverage:
    as_of: datetime.date
    departments: list[Coverage]
    suppliers: list[Coverage]


def estate_coverage(
    today: datetime.date,
    devices: QuerySet[Device] | None = None,
    returns: QuerySet[SupplierReturn] | None = None,
) -> EstateCoverage:
    """Knowledge coverage on `today` by department and by operating supplier (devices run
    in-house counted as "In-house"): devices known, how many have a known operating system and
    a software inventory, how old the newest observation is, and the supplier returns still
    awaited (overdue once past their due date). A department counts the returns awaited from
    the suppliers running any of its devices."""
    devices = devices if devices is not None else Device.objects.all()
    returns = returns if returns is not None else SupplierReturn.objects.all()
    awaited: dict[int, tuple[int, int, str]] = {}
    for row in (
        returns.filter(received__isnull=True)
        .values("supplier_id", "supplier__name")
        .annotate(n=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    ):
        awaited[row["supplier_id"]] = (row["n"], row["overdue"], row["supplier__name"])
    inventoried = devices.filter(
        Exists(current_installations().filter(device=OuterRef("pk")))
    ).values("pk")

    def rows(field: str, empty: str) -> list[Coverage]:
        base = devices.order_by().values(field, f"{field}__name")
        counts = base.annotate(n=Count("id"), os=Count("id", filter=~Q(os_name="")))
        software = {
            row[field]: row["n"] for row in base.filter(pk__in=inventoried).annotate(n=Count("id"))
        }
        newest = {
            row[f"device__{field}"]: row["newest"]
            for row in DeviceObservation.objects.filter(device__in=devices)
            .order_by()
            .values(f"device__{field}")
            .annotate(newest=Max("observed_on"))
        }
        if field == "department":
            suppliers_of: dict[int | None, set[int]] = defaultdict(set)
            for department, supplier in (
                devices.filter(supplier__isnull=False)
                .order_by()
                .values_list("department", "supplier")
                .distinct()
            ):
                suppliers_of[department].add(supplier)
        found: list[Coverage] = []
        seen: set[int | None] = set()
        for row in counts:
            key = row[field]
            seen.add(key)
            if field == "department":
                owed = [awaited[s] for s in suppliers_of.get(key, ()) if s in awaited]
                outstanding, overdue = sum(o[0] for o in owed), sum(o[1] for o in owed)
            else:
                outstanding, overdue, _ = awaited.get(key, (0, 0, ""))
            day = newest.get(key)
            found.append(
                Coverage(
                    name=row[f"{field}__name"] or empty,
                    pk=key,
                    devices=row["n"],
                    with_os=row["os"],
                    with_software=software.get(key, 0),
                    newest_observation=day,
                    newest_age_days=(today - day).days if day else None,
                    returns_outstanding=outstanding,
                    returns_overdue=overdue,
                )
            )
        if field == "supplier":
            for supplier, (outstanding, overdue, name) in awaited.items():
                if supplier not in seen:
                    found.append(
                        Coverage(name, supplier, 0, 0, 0, None, None, outstanding, overdue)
                    )
        found.sort(key=lambda c: (c.pk is None, c.name.casefold()))
        return found

    return EstateCoverage(
        as_of=today,
        departments=rows("department", NO_DEPARTMENT),
        suppliers=rows("supplier", IN_HOUSE),
    )


# Lists and pages


def device_list() -> QuerySet[Device]:
    return Device.objects.select_related(
        "department", "supplier", "os_software__cycle__product", "os_software__product"
    )


def device_get(pk: int) -> Device:
    return Device.objects.select_related(
        "department", "supplier", "os_software__cycle__product", "os_software__product"
    ).get(pk=pk)


def device_installations(device: Device) -> QuerySet[Installation]:
    """Everything sources reported installed on the device, what is still there first."""
    return (
        Installation.objects.filter(device=device)
        .select_related("software__product", "software__cycle__product", "source", "batch")
        .order_by(
            F("removed_on").desc(nulls_first=True), "software__name", "software__version", "pk"
        )
    )


@dataclass(frozen=True)
class ReportedFact:
    """One fact as a source gave it; `conflicts` when the device shows something else."""

    name: str
    label: str
    value: str
    conflicts: bool


@dataclass(frozen=True)
class SourceAccount:
    """What one source last said about a device."""

    observation: DeviceObservation
    facts: list[ReportedFact]

    @property
    def conflicts(self) -> int:
        return sum(1 for fact in self.facts if fact.conflicts)


ACCOUNT_FACTS = (
    ("hostname", "Host name"), ("serial", "Serial number"), ("asset_tag", "Asset tag"),
    ("kind", "Kind"), ("manufacturer", "Manufacturer"), ("model", "Model"),
    ("os_name", "Operating system"), ("os_version", "Operating system version"),
    ("location", "Location"), ("department", "Department"), ("last_seen", "Last seen"),
)  # fmt: skip


def _same(reported: str, shown: str) -> bool:
    return " ".join(reported.split()).casefold() == " ".join(shown.split()).casefold()


def device_accounts(device: Device) -> list[SourceAccount]:
    """Every source's own account of the device, newest first, each fact marked where it
    conflicts with what the device shows (case and spacing aside). A department conflicts when
    it names neither the device's department nor its code; the last-seen date never does."""
    shown = {name: str(getattr(device, name) or "") for name, _ in ACCOUNT_FACTS[:9]}
    department = device.department
    accounts = []
    for observation in DeviceObservation.objects.filter(device=device).select_related(
        "source", "batch"
    ):
        facts = []
        for name, label in ACCOUNT_FACTS:
            value = str(observation.facts.get(name) or "")
            if not value:
                continue
            if name == "department":
                names = [department.name, department.code or ""] if department else []
                conflicts = not any(_same(value, n) for n in names if n)
            elif name == "last_seen":
                conflicts = False
            else:
                conflicts = not _same(value, shown[name])
            facts.append(ReportedFact(name, label, value, conflicts))
        accounts.append(SourceAccount(observation, facts))
    return accounts


def product_list() -> QuerySet[Product]:
    """Products with how many cycles they have and how many installations (operating systems
    counted) of them no source has said are gone."""
    installed = (
        Installation.objects.filter(software__product=OuterRef("pk"), removed_on__isnull=True)
        .order_by()
        .values("software__product")
        .annotate(n=Count("id"))
        .values("n")
    )
    as_os = (
        Device.objects.filter(os_software__product=OuterRef("pk"))
        .order_by()
        .values("os_software__product")
        .annotate(n=Count("id"))
        .values("n")
    )
    cycles = (
        ReleaseCycle.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Product.objects.annotate(
        cycle_count=Coalesce(Subquery(cycles), Value(0)),
        installation_count=Coalesce(Subquery(installed), Value(0))
        + Coalesce(Subquery(as_os), Value(0)),
    )


def products_in_use(products: QuerySet[Product]) -> QuerySet[Product]:
    """The products installed somewhere, as software or as an operating system."""
    used = Software.objects.filter(
        Q(installations__removed_on__isnull=True) | Q(pk__in=Device.objects.values("os_software"))
    ).values("product")
    return products.filter(pk__in=used)


def product_get(slug: str) -> Product:
    return Product.objects.get(slug=slug)


@dataclass(frozen=True)
class CycleUse:
    """A release cycle with its status on a day and how much of the estate runs it."""

    cycle: ReleaseCycle
    status: str
    devices: int
    installations: int


def product_cycles(
    product: Product, on: datetime.date, devices: QuerySet[Device] | None = None
) -> list[CycleUse]:
    """The product's cycles, newest first, each with its status on `on` and the devices and
    installations (operating systems counted) running it."""
    devices = devices if devices is not None else Device.objects.all()
    installed = dict(
        current_installations(devices)
        .filter(software__product=product, software__cycle__isnull=False)
        .order_by()
        .values("software__cycle")
        .annotate(n=Count("id"))
        .values_list("software__cycle", "n")
    )
    as_os = dict(
        devices.filter(os_software__cycle__product=product)
        .order_by()
        .values("os_software__cycle")
        .annotate(n=Count("id"))
        .values_list("os_software__cycle", "n")
    )
    uses = []
    # endoflife.date gives each cycle its place; a supplement's, all 0, go newest release first
    ordered = ("position", F("release_date").desc(nulls_last=True), "-pk")
    for cycle in product.cycles.select_related("product").order_by(*ordered):
        total = installed.get(cycle.pk, 0) + as_os.get(cycle.pk, 0)
        running = devices_running(cycle.pk, devices).count() if total else 0
        uses.append(CycleUse(cycle, cycle_status(cycle, on), running, total))
    return uses


def cycle_get(slug: str, name: str) -> ReleaseCycle:
    return ReleaseCycle.objects.select_related("product").get(product__slug=slug, name=name)


def cycle_software(cycle: ReleaseCycle, devices: QuerySet[Device] | None = None) -> Any:
    """The software matched to the cycle, each with the rule that matched it and how many
    devices run it now."""
    devices = devices if devices is not None else Device.objects.all()
    running = (
        current_installations(devices)
        .filter(software=OuterRef("pk"))
        .order_by()
        .values("software")
        .annotate(n=Count("device", distinct=True))
        .values("n")
    )
    as_os = (
        devices.filter(os_software=OuterRef("pk"))
        .order_by()
        .values("os_software")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Software.objects.filter(cycle=cycle)
        .annotate(
            device_count=Coalesce(Subquery(running), Value(0)) + Coalesce(Subquery(as_os), Value(0))
        )
        .order_by("name", "version", "pk")
    )


def applications_running(
    cycle: ReleaseCycle, devices: QuerySet[Device] | None = None
) -> QuerySet[Application]:
    """Applications on a device that runs the cycle, or naming software of the cycle."""
    return (
        Application.objects.filter(
            Q(devices__in=devices_running(cycle.pk, devices)) | Q(software__cycle=cycle)
        )
        .distinct()
        .select_related("department", "owner", "supplier")
        .order_by("name")
    )


def software_get(pk: int) -> Software:
    return Software.objects.select_related("product", "cycle__product").get(pk=pk)


def software_devices(software: Software, devices: QuerySet[Device]) -> QuerySet[Device]:
    """The devices running the software now, as installed software or as their system."""
    installed = current_installations(devices).filter(software=software).values("device")
    return devices.filter(Q(pk__in=installed) | Q(os_software=software))


def mapping_matches(mapping: Mapping, devices: QuerySet[Device] | None = None) -> tuple[int, int]:
    """How many current installations (operating systems counted) and devices the software a
    mapping names is now matched on."""
    devices = devices if devices is not None else Device.objects.all()
    named = Software.objects.filter(name__iexact=mapping.name, product=mapping.product_id)
    if mapping.version:
        named = named.filter(version=mapping.version)
    if mapping.publisher:
        named = named.filter(publisher__iexact=mapping.publisher)
    installations = current_installations(devices).filter(software__in=named)
    systems = devices.filter(os_software__in=named)
    running = devices.filter(Q(pk__in=installations.values("device")) | Q(pk__in=systems))
    return installations.count() + systems.count(), running.count()


def source_list() -> QuerySet[Source]:
    latest = (
        ImportBatch.objects.filter(source=OuterRef("pk"))
        .order_by("-imported_at", "-pk")
        .values("imported_at")[:1]
    )
    reported = (
        DeviceObservation.objects.filter(source=OuterRef("pk"))
        .order_by()
        .values("source")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Source.objects.select_related("supplier").annotate(
        last_import=Subquery(latest), device_count=Coalesce(Subquery(reported), Value(0))
    )


def source_get(pk: int) -> Source:
    return source_list().get(pk=pk)


def batch_list() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("source", "imported_by")


def batch_get(pk: int) -> ImportBatch:
    return ImportBatch.objects.select_related("source__supplier", "imported_by").get(pk=pk)


def application_list() -> QuerySet[Application]:
    return Application.objects.select_related("owner", "department", "supplier").annotate(
        device_count=Count("devices", distinct=True)
    )


def application_get(pk: int) -> Application:
    return (
        Application.objects.select_related("owner", "department", "supplier")
        .prefetch_related(
            Prefetch("devices", queryset=device_list().order_by("identifier")),
            Prefetch(
                "software",
                queryset=Software.objects.select_related("product", "cycle__product").order_by(
                    "name", "version"
                ),
            ),
        )
        .get(pk=pk)
    )


def supplier_return_list() -> QuerySet[SupplierReturn]:
    return SupplierReturn.objects.select_related("supplier", "received")


def software_status(cycle: ReleaseCycle | None, on: datetime.date) -> str:
    """Where software matched to `cycle` stands on `on`; NOT_MATCHED when no cycle is matched."""
    return cycle_status(cycle, on) if cycle is not None else NOT_MATCHED


def device_is_stale(device: Device, today: datetime.date) -> bool:
    """No source has reported the device within the stale period, or ever."""
    return device.last_seen is None or device.last_seen < stale_before(today)


def supplier_returns_outstanding(
    returns: QuerySet[SupplierReturn], today: datetime.date
) -> tuple[int, int]:
    """(awaited, overdue): the returns not yet received, and those of them past their due day."""
    awaited = returns.filter(received__isnull=True)
    return awaited.count(), awaited.filter(due_on__lt=today).count()
